use saphyr_parser::ScalarStyle;

use crate::diagnostics::Diagnostic;
use crate::lints::values::{Cx, Gate, Hook as ValueHook, Scan, Site};
use crate::lints::{Hook, declare_lint};
use crate::yaml::Node;

declare_lint! {
    /// ## What it does
    /// Reports a control character (U+0000–U+001F or U+007F) in a value or keyword: each
    /// escape that writes one in a double-quoted value (`\x1b`, `\u0007`, `\U0000001b`), at
    /// its place, and the first one typed into the value (a tab). Line breaks in literal
    /// (`|`) and folded (`>`) block values are not reported.
    ///
    /// The one-character escapes (`"C:\temp"`, whose `\t` is a tab) are reported by
    /// `double-quoted-escape` in place of this lint, with a fix; with that lint turned off,
    /// this one reports them.
    ///
    /// ## Why is this bad?
    /// Log fields almost never contain such characters, so the value never matches; the
    /// author wanted the backslash, as the command line holds it (`echo -ne "\x7fELF"`).
    /// pySigma reports it as `ControlCharacterIssue` (high). The severity is warning: a
    /// control character could be meant, but it very rarely is.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         CommandLine|contains: "\x7fELF"
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         CommandLine|contains: '\x7fELF'
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
    let mut controls = s
        .value
        .char_indices()
        .filter(|(_, c)| is_control(*c) && !(block && matches!(c, '\n' | '\r')));
    if s.style == ScalarStyle::DoubleQuoted {
        // Each escape at its place; `double-quoted-escape` replaces the findings of the
        // one-character ones (`\t`) with its own, which carry a fix.
        let raw = cx.text.get(cx.span(v)).unwrap_or_default();
        let mut escaped = Vec::new();
        for r in control_escapes(raw) {
            let seq = &raw[r.clone()];
            let Some(c) = escaped_char(seq) else { continue };
            escaped.push(c);
            let name = char_name(c);
            out.push(
                Diagnostic::new(
                    &CONTROL_CHARACTER,
                    v.span.start + r.start..v.span.start + r.end,
                    format!(
                        "`{seq}` in a double-quoted value of {} is a control character ({name}), not a backslash",
                        site.describe()
                    ),
                )
                .with_label(format!("YAML reads this as {name}"))
                .with_help("use single quotes, which keep backslashes as they are, or write `\\\\` in double quotes"),
            );
        }
        // Then a control character no escape wrote (a tab typed between the quotes).
        let unescaped = controls.find(|(_, c)| match escaped.iter().position(|e| e == c) {
            Some(k) => {
                escaped.swap_remove(k);
                false
            }
            None => true,
        });
        if let Some((i, c)) = unescaped {
            out.push(typed(cx, site, v, i, c));
        }
    } else if let Some((i, c)) = controls.next() {
        out.push(typed(cx, site, v, i, c));
    }
}

/// A control character typed into the value, at its place when the source holds the value
/// verbatim.
fn typed(cx: &Cx<'_, '_>, site: &Site<'_, '_>, v: &Node, i: usize, c: char) -> Diagnostic {
    Diagnostic::new(
        &CONTROL_CHARACTER,
        cx.inner_span(v, i..i + c.len_utf8()),
        format!(
            "a value of {} contains a control character ({})",
            site.describe(),
            char_name(c)
        ),
    )
    .with_label("control character")
    .with_help("remove the character; log fields rarely contain it")
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

/// The escape sequences of a double-quoted YAML scalar's source that produce a control
/// character (`\t`, `\n`, `\x07`, `\u001b`, …), as byte ranges in `raw`.
fn control_escapes(raw: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let b = raw.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i + 1 < b.len() {
            if b[i] != b'\\' {
                i += 1;
                continue;
            }
            let at = i;
            i += 2;
            let digits = match b[at + 1] {
                b'0' | b'a' | b'b' | b't' | b'n' | b'v' | b'f' | b'r' | b'e' | b'\t' => {
                    return Some(at..at + 2);
                }
                b'x' => 2,
                b'u' => 4,
                b'U' => 8,
                _ => continue,
            };
            if let Some(h) = raw.get(at + 2..at + 2 + digits)
                && u32::from_str_radix(h, 16).is_ok_and(|n| n < 0x20 || n == 0x7f)
            {
                i = at + 2 + digits;
                return Some(at..i);
            }
        }
        None
    })
}

/// The character a control escape found by [`control_escapes`] stands for.
fn escaped_char(seq: &str) -> Option<char> {
    let c = match seq.get(1..)? {
        "0" => '\0',
        "a" => '\u{7}',
        "b" => '\u{8}',
        "t" | "\t" => '\t',
        "n" => '\n',
        "v" => '\u{b}',
        "f" => '\u{c}',
        "r" => '\r',
        "e" => '\u{1b}',
        hex => char::from_u32(u32::from_str_radix(hex.get(1..)?, 16).ok()?)?,
    };
    Some(c)
}
