use std::ops::Range;

use saphyr_parser::ScalarStyle;

use crate::diagnostics::{Applicability, Diagnostic, Edit, Fix};
use crate::lints::values::control_character::CONTROL_CHARACTER;
use crate::lints::values::{Cx, Gate, Hook as ValueHook, Site};
use crate::lints::{Hook, declare_lint};
use crate::yaml::Node;

declare_lint! {
    /// ## What it does
    /// Reports each backslash escape of a double-quoted value that turns a backslash and a
    /// letter into another character: `"\PsExec.exe"` starts with U+2029 (paragraph
    /// separator), `"C:\temp"` holds a tab, `"\new"` a line feed. The escapes reported are
    /// YAML's one-character ones: `\0`, `\a`, `\b`, `\t`, `\n`, `\v`, `\f`, `\r`, `\e`, `\N`,
    /// `\_`, `\L`, `\P`, an escaped space and an escaped tab, each at its own position.
    ///
    /// `\\` and `\"` (how to write a backslash and a quote) and `\/` are not reported, nor
    /// are `\xNN`, `\uNNNN` and `\UNNNNNNNN`: rules use those on purpose for characters that
    /// are hard to see (`"\u202e"`, homoglyphs), and `control-character` reports the ones
    /// that give a control character. Most other letters (`"C:\Windows"`) are not escapes at
    /// all, and the file is not valid YAML (`yaml-syntax`).
    ///
    /// An escape that gives a control character (`\t`) is reported here in place of
    /// `control-character`, which reports it when this lint is turned off.
    ///
    /// ## Why is this bad?
    /// Windows paths are full of backslashes, and in double quotes YAML reads `\t`, `\n`,
    /// `\P`, … as escapes, silently: the value is not the path the author wrote, so the rule
    /// never matches it. Single quotes keep every backslash as it is. The severity is
    /// warning: a rule may mean a control character (`"\r\n"`), though it very rarely does.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         Image|endswith: "\PsExec.exe"
    ///         ParentImage|startswith: "C:\temp\\"
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         Image|endswith: '\PsExec.exe'
    ///         ParentImage|startswith: 'C:\temp\'
    ///     condition: selection
    /// ```
    ///
    /// ## Fix
    /// `--fix` writes the value in single quotes with the text the author typed: each `\\`
    /// as `\`, each `\"` as `"`, every reported escape as the backslash and its character
    /// (`"C:\\temp\new"` → `'C:\temp\new'`). No fix for a value over several lines, or one
    /// that also holds an escape that is not reported (`\x41`, `\u202e`, `\/`): whether the
    /// author meant the escape or the backslash, a fix would have to guess. The fix is safe when each reported escape is a letter (or `\0`, `\_`)
    /// directly followed by a letter, digit, `_` or `.`, as in a path (`\temp`, `\PsExec`,
    /// `\0day`): no log holds a tab followed by `emp`. Otherwise (`"\r\n"`, `"a\n"`, an
    /// escaped space) the control character may be meant, and the fix is unsafe.
    pub static DOUBLE_QUOTED_ESCAPE = "SC425", "double-quoted-escape", Warning, fix = Sometimes,
        replaces = [CONTROL_CHARACTER];
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Values(ValueHook::Value(Gate::Always, 0, check_value))];

pub(super) fn check_value(
    cx: &Cx<'_, '_>,
    site: &Site<'_, '_>,
    v: &Node,
    out: &mut Vec<Diagnostic>,
) {
    let Some(s) = v.as_scalar() else { return };
    if s.style != ScalarStyle::DoubleQuoted {
        return;
    }
    let span = cx.span(v);
    let Some(raw) = cx.text.get(span.clone()) else {
        return;
    };
    if memchr::memchr(b'\\', raw.as_bytes()).is_none() {
        return;
    }
    let escapes = Escapes::of(raw);
    if escapes.reported.is_empty() {
        return;
    }
    let fix = escapes.fix(raw).map(|(content, applicability)| Fix {
        message: format!("write `{content}`"),
        edits: vec![Edit {
            span: span.clone(),
            content,
        }],
        applicability,
    });
    for r in &escapes.reported {
        let seq = &raw[r.clone()];
        let (what, name) = meaning(&raw[r.start + 1..r.end]);
        out.push(
            Diagnostic::new(
                &DOUBLE_QUOTED_ESCAPE,
                span.start + r.start..span.start + r.end,
                format!(
                    "`{seq}` in a double-quoted value of {} is {what} ({name}), not a backslash",
                    site.describe(),
                ),
            )
            .with_label(format!("YAML reads this as {name}"))
            .with_help(match &fix {
                Some(f) if f.applicability == Applicability::Safe => format!(
                    "write it in single quotes, which keep backslashes as they are: `{}`",
                    f.edits[0].content
                ),
                Some(f) => format!(
                    "if `{seq}` is meant as a backslash and `{}`, write the value in single quotes: `{}`",
                    &seq[1..],
                    f.edits[0].content
                ),
                None => String::from(
                    "use single quotes, which keep backslashes as they are, or write `\\\\` in double quotes",
                ),
            })
            .with_fix(fix.clone()),
        );
    }
}

/// The escapes of a double-quoted scalar's source (quotes included).
#[derive(Debug, Default)]
struct Escapes {
    /// Byte ranges in the source of the escapes this lint reports.
    reported: Vec<Range<usize>>,
    /// Whether the source holds an escape single quotes cannot write (`\x41`, `\/`, an
    /// escaped line break) or a line break.
    other: bool,
    /// Whether each reported escape starts a word (`\temp`, `\PsExec`).
    all_in_words: bool,
}

impl Escapes {
    fn of(raw: &str) -> Self {
        let b = raw.as_bytes();
        let mut out = Self {
            all_in_words: true,
            ..Self::default()
        };
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'\n' | b'\r' => {
                    out.other = true;
                    i += 1;
                }
                b'\\' => {
                    let Some(&c) = b.get(i + 1) else { break };
                    match c {
                        b'\\' | b'"' => {}
                        b'0' | b'a' | b'b' | b't' | b'n' | b'v' | b'f' | b'r' | b'e' | b'N'
                        | b'_' | b'L' | b'P' | b' ' | b'\t' => {
                            out.reported.push(i..i + 2);
                            let next = b.get(i + 2).copied().unwrap_or(b'"');
                            let word = !matches!(c, b' ' | b'\t')
                                && (next.is_ascii_alphanumeric() || matches!(next, b'_' | b'.'));
                            out.all_in_words &= word;
                        }
                        _ => out.other = true,
                    }
                    i += 2;
                }
                _ => i += 1,
            }
        }
        out
    }

    /// The value in single quotes as the author typed it, and whether that is safe.
    fn fix(&self, raw: &str) -> Option<(String, Applicability)> {
        if self.other {
            return None;
        }
        let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
        let mut text = String::with_capacity(inner.len() + 2);
        text.push('\'');
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next()? {
                    '\\' => text.push('\\'),
                    '"' => text.push('"'),
                    e => {
                        text.push('\\');
                        text.push(e);
                    }
                },
                '\'' => text.push_str("''"),
                c => text.push(c),
            }
        }
        text.push('\'');
        let applicability = if self.all_in_words {
            Applicability::Safe
        } else {
            Applicability::Unsafe
        };
        Some((text, applicability))
    }
}

/// What YAML makes of a one-character escape: a kind of character and its name.
fn meaning(escape: &str) -> (&'static str, &'static str) {
    match escape {
        "0" => ("a control character", "U+0000, NUL"),
        "a" => ("a control character", "U+0007, bell"),
        "b" => ("a control character", "U+0008, backspace"),
        "t" | "\t" => ("a control character", "U+0009, tab"),
        "n" => ("a control character", "U+000A, line feed"),
        "v" => ("a control character", "U+000B, vertical tab"),
        "f" => ("a control character", "U+000C, form feed"),
        "r" => ("a control character", "U+000D, carriage return"),
        "e" => ("a control character", "U+001B, escape"),
        "N" => ("a control character", "U+0085, next line"),
        "_" => ("an invisible character", "U+00A0, no-break space"),
        "L" => ("an invisible character", "U+2028, line separator"),
        "P" => ("an invisible character", "U+2029, paragraph separator"),
        _ => ("a plain space", "U+0020"),
    }
}
