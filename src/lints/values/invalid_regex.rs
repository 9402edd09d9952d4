use std::ops::Range;

use crate::diagnostics::Diagnostic;
use crate::lints::values::{Cx, Gate, Hook as ValueHook, Site};
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a `re` value that is not a valid regular expression in PCRE (the flavour the
    /// specification names) or Python (which pySigma uses to check it): an unclosed `(` or
    /// `[`, an unmatched `)`, a quantifier with nothing to repeat (`*abc`, `a**`), a range
    /// out of order (`[z-a]`, `a{3,1}`), an unknown escape such as `\q`, a lone trailing
    /// `\`. The diagnostic points at the place inside the pattern when the YAML value holds
    /// the pattern verbatim.
    ///
    /// Constructs that PCRE accepts but other engines do not (look-around, backreferences, …)
    /// are reported by `non-portable-regex` instead.
    ///
    /// ## Why is this bad?
    /// pySigma refuses the rule (`SigmaRegularExpressionError`, without naming the file), and
    /// a backend that passes the pattern through fails at query time. The severity is error:
    /// the rule is broken.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         CommandLine|re: '\\(cmd|powershell\.exe'
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         CommandLine|re: '\\(cmd|powershell)\.exe'
    ///     condition: selection
    /// ```
    pub static INVALID_REGEX = "SC412", "invalid-regex", Error;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Values(ValueHook::Site(Gate::Regex, check_site))];

/// What is wrong with a pattern: an error, or a construct only some engines support.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Finding {
    pub kind: Kind,
    /// Byte range inside the pattern.
    pub span: Range<usize>,
    pub message: String,
    pub help: String,
}

/// Which engines refuse a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Every engine: PCRE and Python alike.
    Invalid,
    /// RE2 (pySigma 2.x's default engine, Go, Rust) but not PCRE.
    Re2Refuses,
    /// RE2 accepts it, but other engines refuse it or read it differently.
    EnginesDisagree,
}

/// Calls `report` with the file span and the finding of each pattern of `site` whose first
/// problem is of `kind`: the three regex lints split one analysis between them.
pub(super) fn each_finding(
    cx: &Cx<'_, '_>,
    site: &Site<'_, '_>,
    kind: Kind,
    mut report: impl FnMut(Range<usize>, Finding),
) {
    for v in site.scalars() {
        if let Some(f) = cx.regex_finding(v).filter(|f| f.kind == kind) {
            report(cx.inner_span(v, f.span.clone()), f);
        }
    }
}

pub(super) fn check_site(cx: &Cx<'_, '_>, site: &Site<'_, '_>, out: &mut Vec<Diagnostic>) {
    each_finding(cx, site, Kind::Invalid, |span, f| {
        out.push(
            Diagnostic::new(
                &INVALID_REGEX,
                span,
                format!(
                    "invalid regular expression in {}: {}",
                    site.describe(),
                    f.message
                ),
            )
            .with_help(f.help),
        );
    });
}

/// The first problem of a pattern, if any.
pub(super) fn analyse(p: &str) -> Option<Finding> {
    if let Some(f) = scan(p) {
        return Some(f);
    }
    // Parsing is all a syntax check needs: `regex::Regex::new` reports exactly these errors
    // (its `Error::Syntax` is this error's text) and compiling costs ~100× more. A pattern too
    // big to compile is not reported either way.
    // `regex_syntax::Parser::parse` is these two steps; translating to HIR (Unicode tables
    // for `\w`, case folding) costs most and fails only on what `may_fail_translation` finds.
    let ast = match regex_syntax::ast::parse::Parser::new().parse(p) {
        Ok(ast) => ast,
        Err(e) => return from_regex_error(p, &e.to_string()),
    };
    if !may_fail_translation(p) {
        return None;
    }
    match regex_syntax::hir::translate::Translator::new().translate(p, &ast) {
        Ok(_) => None,
        Err(e) => from_regex_error(p, &e.to_string()),
    }
}

/// Whether translating the parsed pattern to HIR could fail. With the default settings (and
/// the crate's Unicode features on) it fails only on a Unicode class (`\p{…}`, `\P…`) or
/// with Unicode turned off, which takes a `-` in a flag group followed by `u` after flag
/// letters only (`(?-u)`, `(?i-su:…)`). A superset of those is enough.
fn may_fail_translation(p: &str) -> bool {
    let b = p.as_bytes();
    b.windows(2)
        .any(|w| w[0] == b'\\' && matches!(w[1], b'p' | b'P'))
        || memchr::memchr_iter(b'-', b).any(|i| {
            b[i + 1..]
                .iter()
                .find(|c| !b"imsRUx-".contains(c))
                .is_some_and(|&c| c == b'u')
        })
}

fn error(span: Range<usize>, message: impl Into<String>, help: impl Into<String>) -> Finding {
    Finding {
        kind: Kind::Invalid,
        span,
        message: message.into(),
        help: help.into(),
    }
}

fn portability(span: Range<usize>, message: impl Into<String>, help: impl Into<String>) -> Finding {
    Finding {
        kind: Kind::Re2Refuses,
        span,
        message: message.into(),
        help: help.into(),
    }
}

fn disagreement(
    span: Range<usize>,
    message: impl Into<String>,
    help: impl Into<String>,
) -> Finding {
    Finding {
        kind: Kind::EnginesDisagree,
        ..portability(span, message, help)
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Quant {
    /// The last item was no quantifier.
    None,
    /// Right after a quantifier that started at the given byte.
    After(usize),
    /// After a quantifier and its lazy `?` suffix.
    Suffixed,
}

/// A PCRE-aware pass for what the `regex` crate cannot tell: constructs it does not support
/// (reported as portability findings, since PCRE accepts them) and doubled quantifiers it
/// accepts but PCRE and Python reject.
fn scan(p: &str) -> Option<Finding> {
    let b = p.as_bytes();
    let mut i = 0;
    let mut q = Quant::None;
    let mut repeat = Repeats::default();
    while i < b.len() {
        match b[i] {
            b'\\' => {
                let Some(n) = p[i + 1..].chars().next() else {
                    return Some(error(
                        i..i + 1,
                        "the pattern ends with a lone `\\`",
                        "escape a literal backslash as `\\\\`",
                    ));
                };
                let end = i + 1 + n.len_utf8();
                let (what, help) = match n {
                    '1'..='9' => (
                        "a backreference",
                        "rewrite the pattern without backreferences",
                    ),
                    'g' | 'k' => (
                        "a backreference",
                        "rewrite the pattern without backreferences",
                    ),
                    'K' => ("`\\K` (match start reset)", "match the whole text instead"),
                    'G' => (
                        "`\\G` (end of the previous match)",
                        "anchor with `^` instead",
                    ),
                    'Q' => (
                        "`\\Q…\\E` quoting",
                        "escape each metacharacter with `\\` instead",
                    ),
                    _ => {
                        i = end;
                        q = Quant::None;
                        repeat.atom();
                        continue;
                    }
                };
                let mut e = end;
                if n.is_ascii_digit() {
                    while e < b.len() && b[e].is_ascii_digit() {
                        e += 1;
                    }
                }
                let finding = if n == 'Q' { disagreement } else { portability };
                return Some(finding(i..e, format!("{what} `{}`", &p[i..e]), help));
            }
            b'[' => {
                i = class_end(p, i);
                q = Quant::None;
                repeat.atom();
            }
            b'(' => {
                if b.get(i + 1) == Some(&b'?')
                    && let Some((len, what, help)) = group_construct(&p[i + 2..])
                {
                    return Some(portability(
                        i..i + 2 + len,
                        format!("{what} `{}`", &p[i..i + 2 + len]),
                        help,
                    ));
                }
                i += 1;
                q = Quant::None;
                repeat.open();
            }
            c @ (b'*' | b'+' | b'?') => {
                match q {
                    Quant::None => q = Quant::After(i),
                    Quant::After(_) if c == b'?' => q = Quant::Suffixed,
                    Quant::After(start) if c == b'+' => {
                        return Some(portability(
                            start..i + 1,
                            format!("a possessive quantifier `{}`", &p[start..i + 1]),
                            "use the plain quantifier without the `+`",
                        ));
                    }
                    _ => {
                        return Some(error(
                            i..i + 1,
                            format!(
                                "`{}` follows another quantifier and has nothing to repeat",
                                c as char
                            ),
                            format!(
                                "remove it, or escape a literal `{}` as `\\{}`",
                                c as char, c as char
                            ),
                        ));
                    }
                }
                i += 1;
            }
            b'{' => match (counted_repetition(&p[i..]), q) {
                (Some(len), Quant::None) => {
                    let rep = &p[i..i + len];
                    if let Some(f) = repeat.count(rep, i) {
                        return Some(f);
                    }
                    q = Quant::After(i);
                    i += len;
                }
                (Some(len), _) => {
                    return Some(error(
                        i..i + len,
                        format!(
                            "`{}` follows another quantifier and has nothing to repeat",
                            &p[i..i + len]
                        ),
                        "remove one of the quantifiers, or group the repeated part: `(?:a{2}){3}`",
                    ));
                }
                (None, _) => {
                    i += 1;
                    q = Quant::None;
                    repeat.atom();
                }
            },
            b')' => {
                i += 1;
                q = Quant::None;
                repeat.close();
            }
            _ => {
                i += 1;
                q = Quant::None;
                repeat.atom();
            }
        }
    }
    None
}

/// Index just after the character class that starts at `start` (a `[`), or the end of the
/// pattern when it is unclosed (the `regex` crate then reports it).
fn class_end(p: &str, start: usize) -> usize {
    let b = p.as_bytes();
    let mut j = start + 1;
    if b.get(j) == Some(&b'^') {
        j += 1;
    }
    if b.get(j) == Some(&b']') {
        j += 1;
    }
    while j < b.len() {
        match b[j] {
            b'\\' => j += 2,
            b'[' if b.get(j + 1) == Some(&b':') => {
                match p.get(j + 2..).and_then(|r| r.find(":]")) {
                    Some(k) => j += 2 + k + 2,
                    None => j += 1,
                }
            }
            b']' => return j + 1,
            _ => j += 1,
        }
    }
    b.len()
}

/// A group construct after `(?` that RE2-style engines lack: its length, name and a help.
fn group_construct(rest: &str) -> Option<(usize, &'static str, &'static str)> {
    const LOOK: &str = "rewrite without look-around, e.g. with a second selection excluded by `not` in the condition";
    let b = rest.as_bytes();
    let found = match b.first()? {
        b'=' => (1, "a look-ahead", LOOK),
        b'!' => (1, "a negative look-ahead", LOOK),
        b'<' if b.get(1) == Some(&b'=') => (2, "a look-behind", LOOK),
        b'<' if b.get(1) == Some(&b'!') => (2, "a negative look-behind", LOOK),
        b'>' => (
            1,
            "an atomic group",
            "use a non-capturing group `(?:` instead",
        ),
        b'(' => (
            1,
            "a conditional group",
            "write the alternatives as separate values",
        ),
        b'|' => (
            1,
            "a branch reset group",
            "use a non-capturing group `(?:` instead",
        ),
        b'#' => (1, "a comment group", "remove the comment"),
        b'R' | b'&' => (1, "a recursion or subroutine call", "write the pattern out"),
        b'P' if b.get(1) == Some(&b'>') => (2, "a subroutine call", "write the pattern out"),
        b'P' if b.get(1) == Some(&b'=') => (
            2,
            "a backreference",
            "rewrite the pattern without backreferences",
        ),
        b'0'..=b'9' => (1, "a recursion or subroutine call", "write the pattern out"),
        b'+' | b'-' if b.get(1).is_some_and(u8::is_ascii_digit) => {
            (2, "a subroutine call", "write the pattern out")
        }
        b'C' => (1, "a callout", "remove the callout"),
        b'\'' => (
            1,
            "a named group in quotes",
            "write named groups as `(?P<name>…)`",
        ),
        _ => return None,
    };
    Some(found)
}

/// Length of a counted repetition at the start of `s` (`{2}`, `{2,}`, `{2,5}`, `{,5}`).
fn counted_repetition(s: &str) -> Option<usize> {
    let end = s.find('}')?;
    let inner = &s[1..end];
    let (lo, hi) = match inner.split_once(',') {
        Some((lo, hi)) => (lo, Some(hi)),
        None => (inner, None),
    };
    let digits = |x: &str| x.bytes().all(|c| c.is_ascii_digit());
    let ok = match hi {
        None => !lo.is_empty() && digits(lo),
        Some(hi) => digits(lo) && digits(hi) && !(lo.is_empty() && hi.is_empty()),
    };
    ok.then_some(end + 1)
}

/// The largest count RE2 and Go's `regexp` accept in `{n,m}`, and the most copies of a part
/// nested counted repetitions may make (RE2's `kMaxRepeat`, Go's `repeatIsValid`).
const RE2_MAX_REPEAT: u64 = 1000;

/// How many copies of a part the counted repetitions around it make, as RE2 counts them: the
/// product of the counts (the maximum, or the minimum of `{n,}`; `*`, `+` and `?` do not
/// count) on the way from the pattern down to the part.
#[derive(Debug)]
struct Repeats {
    /// Per open group, the most copies any part inside it makes so far.
    open: Vec<u64>,
    /// The copies of the group or atom just passed, which a quantifier repeats.
    last: u64,
}

impl Default for Repeats {
    fn default() -> Self {
        Self {
            open: vec![1],
            last: 1,
        }
    }
}

impl Repeats {
    fn atom(&mut self) {
        self.last = 1;
    }

    fn open(&mut self) {
        self.open.push(1);
    }

    fn close(&mut self) {
        // An unopened `)` is the `regex` crate's to report.
        if self.open.len() > 1 {
            self.last = self.open.pop().unwrap_or(1);
            self.note(self.last);
        } else {
            self.last = 1;
        }
    }

    fn note(&mut self, copies: u64) {
        if let Some(top) = self.open.last_mut() {
            *top = (*top).max(copies);
        }
    }

    /// A counted repetition `rep` at `at`: a finding when RE2 refuses it.
    fn count(&mut self, rep: &str, at: usize) -> Option<Finding> {
        let (lo, hi) = match rep[1..rep.len() - 1].split_once(',') {
            Some((lo, hi)) => (lo, Some(hi)),
            None => (&rep[1..rep.len() - 1], Some(&rep[1..rep.len() - 1])),
        };
        // `{,5}` is no repetition for RE2; a minimum over the maximum is an error reported
        // later.
        let number = |d: &str| {
            d.bytes().fold(0u64, |acc, c| {
                acc.saturating_mul(10).saturating_add(u64::from(c - b'0'))
            })
        };
        let (min, max) = (number(lo), hi.filter(|h| !h.is_empty()).map(number));
        if lo.is_empty() || max.is_some_and(|m| m < min) {
            return None;
        }
        let span = at..at + rep.len();
        if min.max(max.unwrap_or(0)) > RE2_MAX_REPEAT {
            return Some(portability(
                span,
                format!("a repetition count over 1000 (`{rep}`)"),
                "RE2 and Go accept counts up to 1000: lower the count, or split it over consecutive repetitions (`a{1000}a{500,}` for `a{1500,}`)",
            ));
        }
        let count = max.unwrap_or(min).max(1);
        let copies = self.last.saturating_mul(count);
        if copies > RE2_MAX_REPEAT {
            return Some(portability(
                span,
                format!(
                    "`{rep}` on a group that already repeats {} times ({copies} copies)",
                    self.last
                ),
                "RE2 and Go accept at most 1000 copies of a part, nested counts multiplied: lower the counts",
            ));
        }
        self.last = copies;
        self.note(copies);
        None
    }
}

/// Escapes that are errors in PCRE and in Python alike.
const UNKNOWN_ESCAPES: &str = "ijlmqyFIJLMOTY";

/// Maps an error of the `regex` crate to a finding, deciding whether PCRE agrees.
fn from_regex_error(p: &str, text: &str) -> Option<Finding> {
    let kind = text
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("error: "))?
        .trim();
    let span = caret_span(p, text).unwrap_or(0..p.len());
    let at = p.get(span.start..).and_then(|r| r.chars().next());
    let finding = match kind {
        "unclosed group" => error(
            span,
            "a `(` has no matching `)`",
            "close the group with `)`, or escape a literal parenthesis as `\\(`",
        ),
        "unopened group" => error(
            span,
            "a `)` has no matching `(`",
            "remove it, or escape a literal parenthesis as `\\)`",
        ),
        "unclosed character class" => error(
            span,
            "a `[` has no matching `]`",
            "close the class with `]`, or escape a literal bracket as `\\[`",
        ),
        "duplicate capture group name" => error(
            span,
            "two groups have the same name",
            "give each named group its own name",
        ),
        k if k.starts_with("invalid character class range") => error(
            span,
            "a character range goes backwards",
            "write ranges in order, such as `[a-z]`; put `-` first or last for a literal dash",
        ),
        k if k.starts_with("invalid repetition count range") => error(
            span,
            "the minimum of a repetition is larger than its maximum",
            "write `{min,max}` with min <= max",
        ),
        k if k.contains("capture group name") || k.contains("capture group character") => error(
            span,
            "a named group has an invalid name",
            "write named groups as `(?P<name>…)` with a name of letters, digits and `_`",
        ),
        "repetition operator missing expression" if at != Some('{') => {
            let c = at.unwrap_or('*');
            error(
                span,
                format!("`{c}` has nothing to repeat"),
                format!("escape a literal `{c}` as `\\{c}`"),
            )
        }
        "unrecognized escape sequence" => {
            let letter = p.get(span.start + 1..).and_then(|r| r.chars().next());
            match letter {
                Some(l) if UNKNOWN_ESCAPES.contains(l) => error(
                    span,
                    format!("`\\{l}` is not an escape sequence"),
                    format!("write `\\\\{l}` for a backslash followed by `{l}`, or `{l}` alone"),
                ),
                // RE2 knows `\\C` (any byte); Python and Rust do not.
                Some(l) => (if l == 'C' { disagreement } else { portability })(
                    span,
                    format!("the escape `\\{l}`"),
                    "use only the escapes every engine knows, such as `\\d`, `\\s`, `\\w`, `\\.`",
                ),
                None => return None,
            }
        }
        k if k.contains("counted repetition")
            || k.contains("valid decimal")
            || k.starts_with("decimal literal")
            || at == Some('{') =>
        {
            // Point at the brace the error is about, not at the digit it expected.
            let brace = p
                .get(..(span.start + 1).min(p.len()))
                .and_then(|h| h.rfind('{'))
                .map_or(span, |b| b..b + 1);
            disagreement(
                brace,
                "a `{` that is not a repetition",
                "escape a literal brace as `\\{`, and write repetitions as `{n}`, `{n,}` or `{n,m}`",
            )
        }
        k if k.contains("size limit") || k.contains("nest") => return None,
        k => disagreement(
            span,
            format!("a construct outside the common syntax ({k})"),
            "use only the metacharacters the Sigma specification lists: `.` `^` `$` `*` `+` `?` `{n,m}` `[…]` `|` `(…)`",
        ),
    };
    Some(finding)
}

/// The span the `regex` crate's error message marks with `^`, mapped back to byte offsets in
/// the pattern. Single-line patterns are printed indented by four spaces; multi-line ones
/// with `N: ` line numbers.
fn caret_span(p: &str, text: &str) -> Option<Range<usize>> {
    let lines: Vec<&str> = text.lines().collect();
    let k = lines
        .iter()
        .position(|l| l.contains('^') && l.chars().all(|c| c == ' ' || c == '^'))?;
    let shown = *lines.get(k.checked_sub(1)?)?;
    let (line_no, prefix) = match shown.split_once(": ") {
        Some((n, _)) if !shown.starts_with("    ") && n.trim().parse::<usize>().is_ok() => {
            (n.trim().parse::<usize>().ok()?.checked_sub(1)?, n.len() + 2)
        }
        _ => (0, 4),
    };
    let caret = lines[k];
    let col = caret.find('^')?.checked_sub(prefix)?;
    let width = caret[caret.find('^')?..]
        .chars()
        .take_while(|c| *c == '^')
        .count();
    let line_start = if line_no == 0 {
        0
    } else {
        p.match_indices('\n').nth(line_no - 1)?.0 + 1
    };
    let line = &p[line_start..];
    let mut chars = line
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(line.len()));
    let start = chars.nth(col)?;
    let end = line
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(line.len()))
        .nth(col + width)
        .unwrap_or(line.len());
    Some(line_start + start..line_start + end.max(start))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Patterns the shortcut skips translate fine: the full parse agrees with `analyse`.
    #[test]
    fn translation_shortcut_agrees_with_the_full_parse() {
        let parts = [
            "a",
            "\\w",
            "\\d+",
            "(?i)",
            "(?-u)",
            "(?i-u:x)",
            "(?-i)",
            "\\pL",
            "\\p{Greek}",
            "\\p{Nope}",
            "\\P{L}",
            "[^a]",
            ".",
            "\\xFF",
            "é",
            "[[:alpha:]]",
            "-u",
            "(?x)",
            "(?s-mu)",
            "(?-U)",
            "\\b",
            "[\\W]",
            "\\S",
            "(?i)é",
            "(?-u:\\w)",
            "(?-u:[^a])",
        ];
        let mut n = 0;
        for a in parts {
            for b in parts {
                for c in parts {
                    let p = format!("{a}{b}{c}");
                    let full = regex_syntax::Parser::new()
                        .parse(&p)
                        .err()
                        .map(|e| e.to_string());
                    let fast = match regex_syntax::ast::parse::Parser::new().parse(&p) {
                        Err(e) => Some(e.to_string()),
                        Ok(_) if !may_fail_translation(&p) => None,
                        Ok(_) => full.clone(),
                    };
                    if full.is_some() {
                        n += 1;
                    }
                    assert_eq!(fast, full, "{p}");
                }
            }
        }
        assert!(n > 1000);
    }

    fn f(p: &str) -> Option<(bool, String)> {
        analyse(p).map(|f| (f.kind != Kind::Invalid, p[f.span].to_owned()))
    }

    #[test]
    fn errors_point_inside_the_pattern() {
        assert_eq!(f("a(b"), Some((false, "(".into())));
        assert_eq!(f("é(b"), Some((false, "(".into())));
        assert_eq!(f("ab)"), Some((false, ")".into())));
        assert_eq!(f("x[a-"), Some((false, "[".into())));
        assert_eq!(f("[z-a]"), Some((false, "z-a".into())));
        assert_eq!(f("a{3,1}"), Some((false, "{3,1}".into())));
        assert_eq!(f("*abc"), Some((false, "*".into())));
        assert_eq!(f("a**"), Some((false, "*".into())));
        assert_eq!(f("a+?+"), Some((false, "+".into())));
        assert_eq!(f(r"\q"), Some((false, r"\q".into())));
        assert_eq!(f("ab\\"), Some((false, "\\".into())));
        assert_eq!(f("line1\n(b"), Some((false, "(".into())));
    }

    #[test]
    fn pcre_only_constructs_are_portability_findings() {
        assert_eq!(f("a(?=b)"), Some((true, "(?=".into())));
        assert_eq!(f("(?<!x)y"), Some((true, "(?<!".into())));
        assert_eq!(f("(?>ab)"), Some((true, "(?>".into())));
        assert_eq!(f(r"(a)\1"), Some((true, r"\1".into())));
        assert_eq!(f("a*+b"), Some((true, "*+".into())));
        assert_eq!(f("a{2}+b"), Some((true, "{2}+".into())));
        assert_eq!(f(r"\h+"), Some((true, r"\h".into())));
        assert_eq!(f("x{foo}"), Some((true, "{".into())));
        assert_eq!(f("a{,3}"), Some((true, "{".into())));
    }

    #[test]
    fn counts_beyond_re2s_limit_are_portability_findings() {
        assert_eq!(f(".{1500,}"), Some((true, "{1500,}".into())));
        assert_eq!(f("x{2000}"), Some((true, "{2000}".into())));
        assert_eq!(f(r"\d{1,1001}"), Some((true, "{1,1001}".into())));
        assert_eq!(
            f("[a-f]{99999999999999999999999}"),
            Some((true, "{99999999999999999999999}".into()))
        );
        // Nested counts multiply: 100 × 20 copies of `[0-9]`.
        assert_eq!(f("(?:[0-9]{100}-){20}"), Some((true, "{20}".into())));
        assert_eq!(f("((a{10}){10}){11}"), Some((true, "{11}".into())));
        assert_eq!(f("(a{2}|b{600}){2,}"), Some((true, "{2,}".into())));
        // RE2's limit is inclusive; `*`, `+`, `?` and `{0}` multiply nothing; counts side by
        // side do not multiply.
        for p in [
            ".{1000,}",
            "a{1000}",
            "(?:a{100}){10}",
            "(a{500})+",
            "(?:x{0}){1000}",
            "a{1000}b{1000}",
            "(a{600})b{2}",
            "(?:[0-9]{1,3}\\.){3}[0-9]{1,3}",
            "(?:(a{10}){10}|b){10}",
        ] {
            assert_eq!(f(p), None, "{p}");
        }
        // The order error wins over the size; `{,1500}` is no repetition for RE2.
        assert_eq!(f("a{1500,3}"), Some((false, "{1500,3}".into())));
        assert_eq!(f("a{,1500}"), Some((true, "{".into())));
    }

    #[test]
    fn valid_patterns_pass() {
        for p in [
            r"\\(cmd|powershell)\.exe",
            r"^[a-z0-9]{8}\.exe$",
            r"(?i)\s+-e(nc)?\s+",
            r"[\]\[]+",
            r"[[:alpha:]]+",
            r"a+?b??c*?",
            r"\$\{jndi:",
            r"\/\'\ ",
            r"[(]",
        ] {
            assert_eq!(analyse(p), None, "{p}");
        }
    }
}
