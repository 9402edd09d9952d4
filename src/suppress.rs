//! Inline suppressions in YAML comments:
//!
//! - `# sigscope: ignore[SC301, SC108]` at the end of a line suppresses those codes (or group
//!   prefixes such as `SC3`) for findings that start on that line; on a line of its own it
//!   applies to the next line that is not blank or a comment;
//! - `# sigscope: ignore-file[SC2]` anywhere suppresses the codes in the whole file.
//!
//! Text after the closing `]` is free (a reason). The YAML tree keeps no comments, so comments
//! are found by a light scan of the text that skips quoted strings (also over several lines) and
//! block scalars (`|`, `>`), where a `#` is content. A suppression that suppresses nothing is
//! reported as SC010. A comment meant as a suppression that is not well formed is SC011: one
//! starting with `sigscope:`, or with a near miss of the marker (another case, a typo, no `:`)
//! followed by `ignore`, `ignore-file` or `noqa`; prose that mentions sigscope is not.

use std::ops::Range;

use crate::diagnostics::{Diagnostic, did_you_mean, edit_distance};
use crate::lints::file::malformed_suppression::{self, MALFORMED_SUPPRESSION};
use crate::lints::file::unused_suppression::{self, UNUSED_SUPPRESSION};
use crate::lints::parse_selector;
use crate::settings::Settings;
use crate::source::SourceFile;

/// One parsed `# sigscope:` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// The comment, from `#` to the end of the line.
    pub span: Range<usize>,
    /// `ignore-file`: applies to the whole file.
    pub file_wide: bool,
    /// 0-based line the suppression applies to (unused when `file_wide`).
    pub line: usize,
    /// Upper-case code prefixes with the span of each as written.
    pub codes: Vec<(String, Range<usize>)>,
}

/// A suppression-like comment that is not a valid suppression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    pub span: Range<usize>,
    pub message: String,
    pub help: String,
}

/// Byte ranges of the comments of a YAML text (from `#` to the end of the line).
pub fn comments(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut quote: Option<u8> = None;
    // Indentation of the line that opened a block scalar; deeper lines are its content.
    let mut block: Option<usize> = None;
    let mut start = 0;
    for raw_line in text.split_inclusive('\n') {
        let line_start = start;
        start += raw_line.len();
        let line = raw_line.trim_end_matches(['\n', '\r']);
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(parent) = block {
            if line.trim().is_empty() || indent > parent {
                continue;
            }
            block = None;
        }
        let bytes = line.as_bytes();
        let mut comment_at = None;
        let mut prev: Option<u8> = None;
        let mut prev_sig: Option<u8> = None;
        let mut i = 0;
        while i < bytes.len() {
            let c = bytes[i];
            match quote {
                Some(b'"') => {
                    if c == b'\\' {
                        i += 1;
                    } else if c == b'"' {
                        quote = None;
                    }
                }
                Some(_) => {
                    if c == b'\'' {
                        if bytes.get(i + 1) == Some(&b'\'') {
                            i += 1;
                        } else {
                            quote = None;
                        }
                    }
                }
                None => {
                    let after_space = prev.is_none_or(|p| p == b' ' || p == b'\t');
                    if c == b'#' && after_space {
                        comment_at = Some(i);
                        break;
                    }
                    let token_start = after_space || matches!(prev, Some(b'[' | b'{' | b','));
                    if (c == b'"' || c == b'\'')
                        && token_start
                        && matches!(
                            prev_sig,
                            None | Some(b':' | b'-' | b'[' | b'{' | b',' | b'?')
                        )
                    {
                        quote = Some(c);
                    }
                }
            }
            if c != b' ' && c != b'\t' {
                prev_sig = Some(c);
            }
            prev = Some(c);
            i += 1;
        }
        let content = &line[..comment_at.unwrap_or(line.len())];
        if let Some(at) = comment_at {
            out.push(line_start + at..line_start + line.len());
        }
        if quote.is_none() && opens_block_scalar(content) {
            block = Some(indent);
        }
    }
    out
}

/// Whether a line's content (comment removed) ends with a block scalar indicator (`key: |`,
/// `- >-`, `key: |2+`).
fn opens_block_scalar(content: &str) -> bool {
    let t = content.trim_end();
    let token_start = t.rfind([' ', '\t']).map_or(0, |i| i + 1);
    let token = &t[token_start..];
    let before = t[..token_start].trim_end();
    let mut chars = token.chars();
    matches!(chars.next(), Some('|' | '>'))
        && chars.all(|c| c == '-' || c == '+' || c.is_ascii_digit())
        && (before.is_empty() || before.ends_with(':') || before.ends_with('-'))
}

/// Whether `text` may hold a suppression-like comment: a `#`, and the marker or a directive
/// word. Most rules have neither, and are spared the comment scan.
fn may_hold_suppression(text: &str) -> bool {
    // A suppression names its marker or its directive within a few words of its `#`.
    const NEAR: usize = 64;
    let b = text.as_bytes();
    memchr::memchr_iter(b'#', b).any(|i| {
        let after = &b[i + 1..b.len().min(i + 1 + NEAR)];
        contains_ignore_ascii_case(after, b"sigscope")
            || contains_ignore_ascii_case(after, b"ignore")
            || contains_ignore_ascii_case(after, b"noqa")
    })
}

fn contains_ignore_ascii_case(h: &[u8], n: &[u8]) -> bool {
    memchr::memchr2_iter(n[0].to_ascii_lowercase(), n[0].to_ascii_uppercase(), h).any(|i| {
        h.get(i..i + n.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(n))
    })
}

/// The directives of a suppression, and `noqa`, which users of other linters write.
const DIRECTIVES: [&str; 3] = ["ignore", "ignore-file", "noqa"];

/// Length of the directive word at the start of `rest` (letters and `-`).
fn directive_len(rest: &str) -> usize {
    rest.find(|c: char| !(c.is_ascii_alphabetic() || c == '-'))
        .unwrap_or(rest.len())
}

/// How a comment's text after `#` starts.
enum Marker<'a> {
    /// `sigscope:`, followed by `rest`.
    Exact {
        rest: &'a str,
    },
    /// A near miss of `sigscope:` (wrong case, a typo of up to two edits, no `:`) followed by
    /// a directive word: meant as a suppression, but it suppresses nothing.
    NearMiss {
        word: &'a str,
        rest: &'a str,
    },
    None,
}

fn marker(body: &str) -> Marker<'_> {
    let word_len = body
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(body.len());
    let (word, after) = body.split_at(word_len);
    let after = after.trim_start();
    if word == "sigscope" && after.starts_with(':') {
        return Marker::Exact { rest: &after[1..] };
    }
    if word.is_empty() || edit_distance(&word.to_ascii_lowercase(), "sigscope") > 2 {
        return Marker::None;
    }
    let rest = after
        .strip_prefix([':', '-', '_'])
        .unwrap_or(after)
        .trim_start();
    let directive = rest[..directive_len(rest)].to_ascii_lowercase();
    if DIRECTIVES.contains(&directive.as_str()) {
        Marker::NearMiss { word, rest }
    } else {
        Marker::None
    }
}

/// The well-formed comment a malformed one stands for, from the text after its marker
/// (`ignore SC301`, `noqa(SC301)`, `Ignore: SC301, SC108 reason`); `None` when there are no
/// codes to put in it.
fn corrected(rest: &str) -> Option<String> {
    let rest = rest.trim_start();
    let len = directive_len(rest);
    let word = rest[..len].to_ascii_lowercase();
    let directive = match word.as_str() {
        "ignore" | "noqa" | "disable" => "ignore",
        "ignore-file" => "ignore-file",
        _ => did_you_mean(&word, ["ignore", "ignore-file"])?,
    };
    let after = &rest[len..];
    let (codes, tail) = match after.trim_start().chars().next() {
        Some(open @ ('[' | '(')) => {
            let close = if open == '[' { ']' } else { ')' };
            let inner = after.trim_start()[1..].split_once(close)?;
            let codes: Vec<&str> = inner
                .0
                .split([',', ' '])
                .filter(|c| !c.is_empty())
                .collect();
            (codes, inner.1)
        }
        _ => {
            // Codes written after a space or a colon, up to the first word that is no code.
            let mut rest = after.trim_start_matches([':', ' ']);
            let mut codes = Vec::new();
            loop {
                let end = rest.find([',', ' ']).unwrap_or(rest.len());
                let token = &rest[..end];
                if token.is_empty() || parse_selector(token).is_err() {
                    break;
                }
                codes.push(token);
                rest = rest[end..].trim_start_matches([',', ' ']);
            }
            (codes, rest)
        }
    };
    if codes.is_empty() {
        return None;
    }
    let tail = tail.trim();
    let space = if tail.is_empty() { "" } else { " " };
    Some(format!(
        "# sigscope: {directive}[{}]{space}{tail}",
        codes.join(", ")
    ))
}

/// A suppression-like comment that suppresses nothing, with the form it should take.
fn malformed(span: &Range<usize>, comment: &str, reason: &str, rest: &str) -> Malformed {
    Malformed {
        span: span.clone(),
        message: format!("malformed suppression `{comment}`: {reason}"),
        help: match corrected(rest) {
            Some(fixed) => format!("write `{fixed}`"),
            None => String::from(
                "write `# sigscope: ignore[SC301]` or `# sigscope: ignore-file[SC301]` with the codes to suppress",
            ),
        },
    }
}

/// Finds the suppressions of a file, and the suppression-like comments that are malformed.
pub fn scan(source: &SourceFile) -> (Vec<Suppression>, Vec<Malformed>) {
    let text: &str = &source.text;
    let mut found = Vec::new();
    let mut bad = Vec::new();
    if !may_hold_suppression(text) {
        return (found, bad);
    }
    let lines: Vec<&str> = text.lines().collect();
    for span in comments(text) {
        let comment = text[span.clone()].trim_end();
        let span = span.start..span.start + comment.len();
        let body = comment[1..].trim_start();
        let rest = match marker(body) {
            Marker::None => continue,
            Marker::NearMiss { word, rest } => {
                let reason = if word == "sigscope" {
                    String::from("`sigscope` must be followed by `:`")
                } else if word.eq_ignore_ascii_case("sigscope") {
                    format!("the marker is written `sigscope`, not `{word}`")
                } else {
                    format!("`{word}` is not the marker `sigscope`")
                };
                bad.push(malformed(&span, comment, &reason, rest));
                continue;
            }
            Marker::Exact { rest } => rest,
        };
        let rest_at = span.start + (comment.len() - rest.len());
        let directive = rest.trim_start();
        let dir_at = rest_at + (rest.len() - directive.len());
        let word = &directive[..directive_len(directive)];
        let (file_wide, after) = match word {
            "ignore" => (false, &directive[word.len()..]),
            "ignore-file" => (true, &directive[word.len()..]),
            _ => {
                let reason = if word.eq_ignore_ascii_case("noqa") {
                    format!("`{word}` is not a sigscope directive")
                } else if DIRECTIVES.contains(&word.to_ascii_lowercase().as_str()) {
                    format!("write the directive `{word}` in lowercase")
                } else if word.is_empty() {
                    String::from("no directive after `sigscope:`")
                } else {
                    format!("unknown directive `{word}`")
                };
                bad.push(malformed(&span, comment, &reason, rest));
                continue;
            }
        };
        // A space before the bracket is fine: `ignore [SC301]`.
        let after = after.trim_start();
        let list_at = dir_at + (directive.len() - after.len());
        let Some(inner) = after
            .strip_prefix('[')
            .and_then(|a| a.split_once(']').map(|(l, _)| l))
        else {
            let reason = "the codes go in square brackets";
            bad.push(malformed(&span, comment, reason, rest));
            continue;
        };
        let mut codes = Vec::new();
        let mut offset = list_at + 1;
        for item in inner.split(',') {
            let trimmed = item.trim();
            let item_at = offset + (item.len() - item.trim_start().len());
            offset += item.len() + 1;
            if trimmed.is_empty() {
                continue;
            }
            let item_span = item_at..item_at + trimmed.len();
            match parse_selector(trimmed) {
                Ok(code) => codes.push((code, item_span)),
                Err(message) => bad.push(Malformed {
                    span: item_span,
                    message,
                    help: String::from(
                        "use a lint code (`SC301`) or a group prefix (`SC3`); `sigscope explain` lists them",
                    ),
                }),
            }
        }
        if codes.is_empty() {
            if inner.trim().is_empty() {
                bad.push(malformed(&span, comment, "no code in the brackets", rest));
            }
            continue;
        }
        let own_line = source.line_col(span.start).line - 1;
        let line_text = lines.get(own_line).copied().unwrap_or_default();
        let alone = line_text.trim_start().starts_with('#');
        let line = if alone {
            (own_line + 1..lines.len())
                .find(|&l| {
                    let t = lines[l].trim();
                    !t.is_empty() && !t.starts_with('#')
                })
                .unwrap_or(own_line + 1)
        } else {
            own_line
        };
        found.push(Suppression {
            span,
            file_wide,
            line,
            codes,
        });
    }
    (found, bad)
}

/// Removes the findings that inline suppressions cover and adds SC010 for suppressions that
/// cover nothing and SC011 for malformed ones (when those lints are enabled).
pub fn apply(source: &SourceFile, diagnostics: &mut Vec<Diagnostic>, settings: &Settings) {
    let (suppressions, malformed) = scan(source);
    if suppressions.is_empty() && malformed.is_empty() {
        return;
    }
    let mut used: Vec<Vec<bool>> = suppressions
        .iter()
        .map(|s| vec![false; s.codes.len()])
        .collect();
    diagnostics.retain(|d| {
        let line = source.line_col(d.span.start).line - 1;
        let mut suppressed = false;
        for (s, used) in suppressions.iter().zip(used.iter_mut()) {
            if !s.file_wide && s.line != line {
                continue;
            }
            for ((code, _), u) in s.codes.iter().zip(used.iter_mut()) {
                if d.lint.selected_by(code).is_some() {
                    *u = true;
                    suppressed = true;
                }
            }
        }
        !suppressed
    });
    // A code whose lints are all off in this run cannot be judged unused.
    let judged = |code: &str| {
        crate::lints::ALL
            .iter()
            .any(|l| l.selected_by(code).is_some() && settings.enabled(l))
    };
    if settings.enabled(&UNUSED_SUPPRESSION) {
        for (s, used) in suppressions.iter().zip(&used) {
            let unused: Vec<_> = s
                .codes
                .iter()
                .zip(used)
                .filter(|((code, _), u)| !**u && judged(code))
                .map(|((code, span), _)| (code, span))
                .collect();
            if unused.is_empty() {
                continue;
            }
            let comment = source.text[s.span.clone()].trim_end();
            if unused.len() == s.codes.len() {
                let span = s.span.start..s.span.start + comment.len();
                diagnostics.push(unused_suppression::whole(comment, span, s.file_wide));
            } else {
                for (code, span) in unused {
                    diagnostics.push(unused_suppression::one_code(code, span.clone()));
                }
            }
        }
    }
    if settings.enabled(&MALFORMED_SUPPRESSION) {
        for m in malformed {
            diagnostics.push(malformed_suppression::diagnostic(m.span, m.message, m.help));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        comments(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn comments_skip_quotes_and_block_scalars() {
        let text = "title: a # one\n\
                    x: 'it''s # not' # two\n\
                    y: \"a # \\\" # not\" # three\n\
                    z: don't # four\n\
                    d: |\n  # not a comment\n  text # neither\n# five\n\
                    url: http://x/#frag\n\
                    m: \"multi\n  # not\n  line\" # six\n";
        assert_eq!(
            texts(text),
            ["# one", "# two", "# three", "# four", "# five", "# six"]
        );
    }

    #[test]
    fn suppressions_are_parsed_with_their_target_line() {
        let text = "a: 1  # sigscope: ignore[SC301, sc1] reason\n# sigscope: ignore[SC2]\n\n# other\nb: 2\n# sigscope: ignore-file[SC5]\n# sigscope: ignore[SC999]\n# sigscope: nope\n";
        let (found, bad) = scan(&SourceFile::new("x.yml", text));
        let got: Vec<_> = found
            .iter()
            .map(|s| {
                (
                    s.file_wide,
                    s.line,
                    s.codes.iter().map(|c| c.0.as_str()).collect::<Vec<_>>(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (false, 0, vec!["SC301", "SC1"]),
                (false, 4, vec!["SC2"]),
                (true, 6, vec!["SC5"]),
            ]
        );
        assert_eq!(bad.len(), 2, "{bad:?}");
        assert_eq!(&text[bad[0].span.clone()], "SC999");
    }
}
