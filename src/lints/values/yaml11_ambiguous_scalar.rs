use std::sync::LazyLock;

use regex::Regex;
use saphyr_parser::ScalarStyle;

use crate::diagnostics::Diagnostic;
use crate::lints::values::Hook as ValueHook;
use crate::lints::{DocContext, Hook, declare_lint};
use crate::yaml::{Node, NodeKind, Resolved};

declare_lint! {
    /// ## What it does
    /// Reports an unquoted (plain) scalar, key or value anywhere in the rule, that YAML 1.1
    /// and YAML 1.2 read as different things. pySigma loads rules with PyYAML, a YAML 1.1
    /// reader; most other tools, and sigscope, read YAML 1.2:
    ///
    /// - `yes`, `no`, `on`, `off` (in the three spellings `yes`, `Yes`, `YES`) are booleans in
    ///   1.1 and strings in 1.2; `y`, `n`, `Y`, `N` are booleans in the 1.1 specification
    ///   (though not in PyYAML);
    /// - `0755` is octal (493) in 1.1 and 755 in 1.2; `0b101`, `1_000`, `0x1_F` and the
    ///   base-60 `1:20` (80) are numbers in 1.1 and strings in 1.2;
    /// - `08`, `0o17`, `1e3`, `-.5` are numbers in 1.2 and strings in 1.1;
    /// - inside the detection, `2024-01-02` is a date in 1.1 and a string in 1.2 (`date` and
    ///   `modified` are meant as dates and are not reported).
    ///
    /// A `yes`, `no`, `on` or `off` under a modifier that takes a string or a number
    /// (`CommandLine|contains: off`) is `yaml11-boolean-with-modifier`'s: pySigma refuses it.
    ///
    /// ## Why is this bad?
    /// The same file means different things to different tools: `Enabled: yes` matches the
    /// text `yes` for one converter and the boolean `true` for another, and `Mode: 0755`
    /// compares with 493 in pySigma. Quoting the value makes it a string for everyone. The
    /// severity is warning: the rule works with one reader and likely not with the other.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         Enabled: yes
    ///         Permissions: 0755
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         Enabled: 'yes'
    ///         Permissions: '0755'
    ///     condition: selection
    /// ```
    pub static YAML11_AMBIGUOUS_SCALAR = "SC423", "yaml11-ambiguous-scalar", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Values(ValueHook::Document(check_document))];

// PyYAML's implicit resolvers (`yaml/resolver.py`).
// `bool`: `^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$`,
// matched as the literal list in `resolve11`.
static INT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$",
    )
    .expect("static regex")
});
static FLOAT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
    )
    .expect("static regex")
});
static TIMESTAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$",
    )
    .expect("static regex")
});

/// How PyYAML (YAML 1.1) types a plain scalar.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Yaml11 {
    Null,
    Bool(bool),
    /// `None` when too large to compute.
    Int(Option<i128>),
    Float,
    Timestamp,
    String,
}

fn resolve11(v: &str) -> Yaml11 {
    let Some(first) = v.chars().next() else {
        return Yaml11::Null;
    };
    if matches!(v, "~" | "null" | "Null" | "NULL") {
        return Yaml11::Null;
    }
    if matches!(
        v,
        "yes"
            | "Yes"
            | "YES"
            | "no"
            | "No"
            | "NO"
            | "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
            | "on"
            | "On"
            | "ON"
            | "off"
            | "Off"
            | "OFF"
    ) {
        return Yaml11::Bool(
            matches!(v.as_bytes()[0], b'y' | b'Y' | b't' | b'T') || v.eq_ignore_ascii_case("on"),
        );
    }
    if !matches!(first, '-' | '+' | '0'..='9' | '.') {
        return Yaml11::String;
    }
    // Digits only (event ids, codes: most numbers in rules) without the regexes: `float`
    // needs a `.` and `timestamp` a `-`; `int` matches unless a leading `0` makes it octal
    // and an `8` or `9` then fails it (`08` is a string).
    let b = v.as_bytes();
    if b.iter().all(u8::is_ascii_digit) {
        return if b[0] != b'0' || b.iter().all(|&d| d <= b'7') {
            Yaml11::Int(int11(v))
        } else {
            Yaml11::String
        };
    }
    // `YYYY-MM-DD` (every `date:` of every rule) is a `timestamp`; `float` needs a `.`, `int`
    // allows no `-` after the first character.
    if is_plain_date(b) {
        return Yaml11::Timestamp;
    }
    // Each branch of `float` has a `.`, each of `timestamp` a `-`.
    if b.contains(&b'.') && FLOAT.is_match(v) {
        return Yaml11::Float;
    }
    if INT.is_match(v) {
        return Yaml11::Int(int11(v));
    }
    if b.contains(&b'-') && TIMESTAMP.is_match(v) {
        return Yaml11::Timestamp;
    }
    Yaml11::String
}

/// `YYYY-MM-DD` with ASCII digits.
fn is_plain_date(b: &[u8]) -> bool {
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// PyYAML's `construct_yaml_int`.
fn int11(v: &str) -> Option<i128> {
    let v: std::borrow::Cow<'_, str> = if v.contains('_') {
        v.chars().filter(|c| *c != '_').collect::<String>().into()
    } else {
        v.into()
    };
    let (sign, v) = match v.as_bytes().first() {
        Some(b'-') => (-1, &v[1..]),
        Some(b'+') => (1, &v[1..]),
        _ => (1, &v[..]),
    };
    let n = if v == "0" {
        0
    } else if let Some(b) = v.strip_prefix("0b") {
        i128::from_str_radix(b, 2).ok()?
    } else if let Some(h) = v.strip_prefix("0x") {
        i128::from_str_radix(h, 16).ok()?
    } else if v.starts_with('0') {
        i128::from_str_radix(v, 8).ok()?
    } else if v.contains(':') {
        v.split(':').try_fold(0i128, |acc, d| {
            acc.checked_mul(60)?.checked_add(d.parse::<i128>().ok()?)
        })?
    } else {
        v.parse().ok()?
    };
    Some(sign * n)
}

/// The boolean PyYAML (YAML 1.1) reads a plain scalar as when YAML 1.2 reads a string there
/// (`yes`, `Off`, …).
pub(crate) fn yaml11_bool(node: &Node) -> Option<bool> {
    let s = node.as_scalar()?;
    if s.style != ScalarStyle::Plain || s.resolved != Resolved::String || s.value.len() > 5 {
        return None;
    }
    match resolve11(&s.value) {
        Yaml11::Bool(b) => Some(b),
        _ => None,
    }
}

/// Whether YAML 1.1 (pySigma) and YAML 1.2 read a plain scalar differently (dates aside).
/// Type checks leave such values to this lint: pySigma sees another type than sigscope.
pub(crate) fn ambiguous(node: &Node) -> bool {
    verdict(node, false).is_some()
}

pub(super) fn check_document(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(entries) = ctx.doc.root.as_mapping() else {
        return;
    };
    for e in entries {
        let section = matches!(e.key.as_str(), Some("detection" | "filter"));
        walk(&e.key, false, out);
        walk(&e.value, section, out);
    }
}

fn walk(node: &Node, in_detection: bool, out: &mut Vec<Diagnostic>) {
    match &node.kind {
        NodeKind::Scalar(_) => check_scalar(node, in_detection, out),
        NodeKind::Sequence(items) => {
            for i in items {
                walk(i, in_detection, out);
            }
        }
        NodeKind::Mapping(entries) => {
            for e in entries {
                walk(&e.key, in_detection, out);
                walk(&e.value, in_detection, out);
            }
        }
    }
}

fn check_scalar(node: &Node, in_detection: bool, out: &mut Vec<Diagnostic>) {
    if let Some((message, help)) = verdict(node, in_detection) {
        out.push(
            Diagnostic::new(&YAML11_AMBIGUOUS_SCALAR, node.span.clone(), message)
                .with_label("read differently by YAML 1.1 and 1.2")
                .with_help(help),
        );
    }
}

/// The message and help when the two YAML versions disagree on a plain scalar.
fn verdict(node: &Node, in_detection: bool) -> Option<(String, String)> {
    let s = node.as_scalar()?;
    if s.style != ScalarStyle::Plain || s.value.is_empty() {
        return None;
    }
    let v = s.value.as_str();
    // Most plain scalars are words: one starting with a letter that starts no keyword of
    // either version (`null`, `true`, `yes`, `on`, …) is a string for both.
    let first = v.as_bytes()[0];
    if first.is_ascii_alphabetic() && !b"yYnNtTfFoO".contains(&first) {
        return None;
    }
    // No keyword of either version is longer than five letters (`false`), and a scalar that
    // starts with a letter is no YAML 1.2 number: a longer word is a string for both.
    if first.is_ascii_alphabetic() && v.len() > 5 {
        return None;
    }
    // Built only for a finding: this runs on every plain scalar of every rule.
    let quote = || format!("quote it (`'{v}'`) if the text is meant");
    let (message, help) = match (resolve11(v), s.resolved) {
        (Yaml11::Bool(b), Resolved::String) => (
            format!(
                "`{v}` is the boolean `{b}` in YAML 1.1 (pySigma) but the string `{v}` in YAML 1.2"
            ),
            format!("{}, or write `{b}`", quote()),
        ),
        (Yaml11::String, Resolved::String) if matches!(v, "y" | "Y" | "n" | "N") => (
            format!(
                "`{v}` is a boolean in the YAML 1.1 specification but a string for PyYAML and YAML 1.2"
            ),
            format!("quote it: `'{v}'`"),
        ),
        (Yaml11::Int(Some(a)), Resolved::Int(b)) if a != i128::from(b) => (
            format!("`{v}` is the number {a} in YAML 1.1 (pySigma) but {b} in YAML 1.2"),
            format!(
                "{}, or write the number as `{a}` or `{b}`, without leading zeros",
                quote()
            ),
        ),
        (Yaml11::Int(n), Resolved::String) => (
            match n {
                Some(n) => format!(
                    "`{v}` is the number {n} in YAML 1.1 (pySigma) but a string in YAML 1.2"
                ),
                None => format!("`{v}` is a number in YAML 1.1 (pySigma) but a string in YAML 1.2"),
            },
            match n {
                Some(n) => format!("{}, or write `{n}`", quote()),
                None => quote(),
            },
        ),
        (Yaml11::Float, Resolved::String) => (
            format!("`{v}` is a number in YAML 1.1 (pySigma) but a string in YAML 1.2"),
            quote(),
        ),
        (Yaml11::String, Resolved::Int(_) | Resolved::Float(_)) => (
            format!("`{v}` is a number in YAML 1.2 but the string `{v}` in YAML 1.1 (pySigma)"),
            quote(),
        ),
        (Yaml11::Timestamp, Resolved::String) if in_detection => (
            format!("`{v}` is a date in YAML 1.1 (pySigma) but a string in YAML 1.2"),
            format!("quote it: `'{v}'`"),
        ),
        _ => return None,
    };
    Some((message, help))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcut for words longer than five letters: a string for both versions.
    #[test]
    fn long_words_are_strings_in_both_versions() {
        for w in [
            "Falsey",
            "nullable",
            "Trueish",
            "offline",
            "yesterday",
            "Online",
            "NaNaNa",
            "Infinity",
            "infinity",
            "nanana",
            "onetwo",
            "Nothing",
            "Yes_No",
            "True12",
            "e12345",
            "x0x1234",
        ] {
            assert_eq!(resolve11(w), Yaml11::String, "{w}");
            assert!(
                matches!(crate::yaml::resolve_plain(w), Resolved::String),
                "{w}"
            );
        }
    }

    /// The shortcut for dates gives what the regexes give, on dates and near misses.
    #[test]
    fn plain_dates_without_regexes() {
        let mut inputs = vec![String::from("2024-01-02"), String::from("0000-00-00")];
        for n in 0..20_000u32 {
            let d = format!("{:04}-{:02}-{:02}", n % 10_000, n % 100, (n * 7) % 100);
            inputs.push(d.replacen('-', ".", usize::from(n % 5 == 0)));
            inputs.push(format!("{d}{}", n % 3));
            inputs.push(d[1..].to_owned());
            inputs.push(d.replace('-', ":"));
            inputs.push(format!("+{}", &d[1..]));
            inputs.push(d);
        }
        for v in &inputs {
            let b = v.as_bytes();
            if is_plain_date(b) {
                assert!(!FLOAT.is_match(v) && !INT.is_match(v), "{v}");
                assert!(TIMESTAMP.is_match(v), "{v}");
            } else {
                assert!(
                    !(v.len() == 10
                        && v.bytes().filter(|c| *c == b'-').count() == 2
                        && v.as_bytes()[4] == b'-'
                        && v.as_bytes()[7] == b'-'
                        && v.bytes().filter(u8::is_ascii_digit).count() == 8),
                    "{v}"
                );
            }
        }
    }

    /// The early exit of `verdict`: such words are strings for PyYAML and for YAML 1.2, and
    /// not `y`/`n`, so the full check would find nothing either.
    #[test]
    fn words_skipped_early_are_strings_for_both_versions() {
        let tails = [
            "",
            "es",
            "o",
            "ull",
            "ULL",
            "rue",
            "alse",
            "n",
            "ff",
            "FF",
            "1",
            "0",
            ".5",
            "-1",
            ":20",
            "x1",
            "_",
            "~",
            "AN",
            "an",
            "nf",
            "2024-01-02",
        ];
        for c in (b'a'..=b'z').chain(b'A'..=b'Z') {
            if b"yYnNtTfFoO".contains(&c) {
                continue;
            }
            for t in tails {
                let v = format!("{}{t}", char::from(c));
                assert_eq!(resolve11(&v), Yaml11::String, "{v}");
                assert_eq!(crate::yaml::resolve_plain(&v), Resolved::String, "{v}");
                assert!(!matches!(v.as_str(), "y" | "Y" | "n" | "N"));
            }
        }
    }

    #[test]
    fn pyyaml_types() {
        for (v, t) in [
            ("yes", Yaml11::Bool(true)),
            ("Off", Yaml11::Bool(false)),
            ("ON", Yaml11::Bool(true)),
            ("y", Yaml11::String),
            ("0755", Yaml11::Int(Some(493))),
            ("08", Yaml11::String),
            ("0o17", Yaml11::String),
            ("0x1_F", Yaml11::Int(Some(31))),
            ("0b101", Yaml11::Int(Some(5))),
            ("1_000", Yaml11::Int(Some(1000))),
            ("1:20", Yaml11::Int(Some(80))),
            ("190:20:30", Yaml11::Int(Some(685_230))),
            ("-1:20", Yaml11::Int(Some(-80))),
            ("12:60", Yaml11::String),
            ("1:20.5", Yaml11::Float),
            ("1e3", Yaml11::String),
            ("1.0e+3", Yaml11::Float),
            ("-.5", Yaml11::String),
            (".5", Yaml11::Float),
            ("2024-01-02", Yaml11::Timestamp),
            ("~", Yaml11::Null),
            ("4688", Yaml11::Int(Some(4688))),
            ("tRue", Yaml11::String),
            ("0", Yaml11::Int(Some(0))),
            ("00", Yaml11::Int(Some(0))),
            ("0777", Yaml11::Int(Some(511))),
            ("0778", Yaml11::String),
            ("09", Yaml11::String),
            (
                "123456789012345678901234567890123456789012",
                Yaml11::Int(None),
            ),
            ("-0755", Yaml11::Int(Some(-493))),
            ("2024-1-2 3:04:05", Yaml11::Timestamp),
            ("1.5", Yaml11::Float),
            ("Yes", Yaml11::Bool(true)),
            ("OFF", Yaml11::Bool(false)),
            ("yES", Yaml11::String),
            ("-", Yaml11::String),
        ] {
            assert_eq!(resolve11(v), t, "{v}");
        }
    }

    /// The pre-checks in `resolve11` agree with PyYAML's regexes applied in turn.
    #[test]
    fn shortcuts_agree_with_the_regexes() {
        let bool_re = Regex::new(
            r"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$",
        )
        .expect("regex");
        let by_regex = |v: &str| {
            if v.is_empty() || matches!(v, "~" | "null" | "Null" | "NULL") {
                Yaml11::Null
            } else if bool_re.is_match(v) {
                Yaml11::Bool(
                    matches!(v.as_bytes()[0], b'y' | b'Y' | b't' | b'T')
                        || v.eq_ignore_ascii_case("on"),
                )
            } else if FLOAT.is_match(v) {
                Yaml11::Float
            } else if INT.is_match(v) {
                Yaml11::Int(int11(v))
            } else if TIMESTAMP.is_match(v) {
                Yaml11::Timestamp
            } else {
                Yaml11::String
            }
        };
        let alphabet = [
            "0", "1", "7", "8", "9", "_", "-", "+", ".", ":", "x", "b", "e", "T",
        ];
        let mut words = crate::lints::values::concatenations(&alphabet, 4);
        for extra in [
            "yes",
            "OFF",
            "oN",
            "2024-01-02",
            "2024-1-2 3:04:05",
            "1.0e+3",
            ".inf",
        ] {
            words.push(extra.to_owned());
        }
        for w in &words {
            assert_eq!(resolve11(w), by_regex(w), "{w:?}");
        }
    }
}
