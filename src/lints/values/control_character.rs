use saphyr_parser::ScalarStyle;

use crate::diagnostics::Diagnostic;
use crate::lints::values::{Cx, Gate, Hook as ValueHook, Scan, Site};
use crate::lints::{Hook, declare_lint};
use crate::yaml::Node;

declare_lint! {
    /// ## What it does
    /// Reports a control character (U+0000–U+001F or U+007F) in a value or keyword, most
    /// often from a double-quoted YAML string where `"C:\temp"` turns `\t` into a tab. For a
    /// double-quoted value the diagnostic points at the escape sequence. Line breaks in
    /// literal (`|`) and folded (`>`) block values are not reported.
    ///
    /// ## Why is this bad?
    /// Log fields almost never contain such characters, so the value never matches; the
    /// author wanted a backslash. pySigma reports it as `ControlCharacterIssue` (high). The
    /// severity is warning: a control character could be meant, but it very rarely is.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         Image|startswith: "C:\temp"
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         Image|startswith: 'C:\temp'
    ///     condition: selection
    /// ```
    pub static CONTROL_CHARACTER = "SC419", "control-character", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Values(ValueHook::Value(
    Gate::Always,
    Scan::CONTROL,
    check_value,
))];

pub(super) fn check_value(
    cx: &Cx<'_, '_>,
    site: &Site<'_, '_>,
    v: &Node,
    out: &mut Vec<Diagnostic>,
) {
    let Some(s) = v.as_scalar() else { return };
    // Control characters are ASCII, and no byte of a multi-byte character is below 0x80:
    // one byte scan rules out almost every value. (A fold without early exit: the compiler
    // vectorizes it.)
    let control = s
        .value
        .bytes()
        .fold(false, |found, b| found | (b < 0x20) | (b == 0x7f));
    if !control {
        return;
    }
    let block = matches!(s.style, ScalarStyle::Literal | ScalarStyle::Folded);
    let Some((i, c)) = s
        .value
        .char_indices()
        .find(|(_, c)| is_control(*c) && !(block && matches!(c, '\n' | '\r')))
    else {
        return;
    };
    let name = char_name(c);
    let raw = cx.text.get(cx.span(v)).unwrap_or_default();
    let escape = (s.style == ScalarStyle::DoubleQuoted)
        .then(|| control_escape(raw))
        .flatten();
    let d = match escape {
        Some(r) => {
            let seq = &raw[r.clone()];
            Diagnostic::new(
                &CONTROL_CHARACTER,
                v.span.start + r.start..v.span.start + r.end,
                format!(
                    "`{seq}` in a double-quoted value of {} is a control character ({name}), not a backslash",
                    site.describe()
                ),
            )
            .with_label(format!("YAML reads this as {name}"))
            .with_help("use single quotes, which keep backslashes as they are, or write `\\\\` in double quotes")
        }
        None => Diagnostic::new(
            &CONTROL_CHARACTER,
            cx.inner_span(v, i..i + c.len_utf8()),
            format!(
                "a value of {} contains a control character ({name})",
                site.describe()
            ),
        )
        .with_label("control character")
        .with_help("remove the character; log fields rarely contain it"),
    };
    out.push(d);
}

fn is_control(c: char) -> bool {
    (c as u32) < 0x20 || c == '\u{7f}'
}

fn char_name(c: char) -> String {
    let name = match c {
        '\0' => "NUL",
        '\u{7}' => "bell",
        '\u{8}' => "backspace",
        '\t' => "tab",
        '\n' => "line feed",
        '\u{b}' => "vertical tab",
        '\u{c}' => "form feed",
        '\r' => "carriage return",
        '\u{1b}' => "escape",
        _ => "",
    };
    if name.is_empty() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("U+{:04X}, {name}", c as u32)
    }
}

/// The first escape sequence of a double-quoted YAML scalar that produces a control
/// character (`\t`, `\n`, `\x07`, `\u001b`, …), as a byte range in `raw`.
fn control_escape(raw: &str) -> Option<std::ops::Range<usize>> {
    let b = raw.as_bytes();
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        match b[i + 1] {
            b'0' | b'a' | b'b' | b't' | b'n' | b'v' | b'f' | b'r' | b'e' => return Some(i..i + 2),
            b'x' => {
                if let Some(h) = raw.get(i + 2..i + 4)
                    && u32::from_str_radix(h, 16).is_ok_and(|n| n < 0x20 || n == 0x7f)
                {
                    return Some(i..i + 4);
                }
            }
            b'u' => {
                if let Some(h) = raw.get(i + 2..i + 6)
                    && u32::from_str_radix(h, 16).is_ok_and(|n| n < 0x20 || n == 0x7f)
                {
                    return Some(i..i + 6);
                }
            }
            b'\t' => return Some(i..i + 2),
            _ => {}
        }
        i += 2;
    }
    None
}
