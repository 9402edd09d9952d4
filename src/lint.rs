//! What a lint is: its code, name, severity, profile and documentation. The lowest layer of
//! linting: diagnostics, settings and the lints themselves build on it.

use std::fmt;

use serde::Serialize;

/// How bad a finding is. Ordered so `Error > Warning > Info`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl std::str::FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "info" => Ok(Self::Info),
            "warning" => Ok(Self::Warning),
            "error" => Ok(Self::Error),
            _ => Err(format!(
                "unknown severity `{s}`; expected one of error, warning, info"
            )),
        }
    }
}

/// A lint's identity and documentation.
#[derive(Debug, PartialEq, Eq)]
pub struct Lint {
    /// Stable code, `SC` + group digit + two digits; never reused.
    pub code: &'static str,
    /// Kebab-case name of the bad pattern.
    pub name: &'static str,
    pub default_severity: Severity,
    /// Markdown with the headings *What it does*, *Why is this bad?*, *Example*, *Use instead*.
    pub doc: &'static str,
    /// The profile that turns the lint on; house-style lints run only with `--profile sigmahq`.
    pub profile: Profile,
    /// Whether its findings come with a fix for `sigscope check --fix`.
    pub fix: FixAvailability,
    /// Lints whose findings this one's replace: a finding of one of them at exactly the span of
    /// a finding of this lint says the same thing less precisely, and is dropped (a `null` in a
    /// value list is reported as such, not also as a wrong type). A lint that is turned off
    /// replaces nothing.
    pub replaces: &'static [&'static Lint],
    /// Retired codes whose findings this lint took over: as selectors they still pick it.
    pub formerly: &'static [&'static Retired],
}

/// A code that is no longer reported because its findings were split between other lints
/// (those that name it in [`Lint::formerly`]). Its code and name stay valid selectors for them,
/// so configurations, suppressions and baselines written for it keep working. A retired code is
/// never given to another lint.
#[derive(Debug, PartialEq, Eq)]
pub struct Retired {
    pub code: &'static str,
    pub name: &'static str,
    /// Why it was split, a sentence for `sigscope explain`.
    pub why: &'static str,
}

/// How specifically a selector picks a lint ([`Lint::selected_by`]): the longer selector is
/// the more specific, and of two of one length, the one that picks the lint by its own code
/// (`SC107`) beats the one that picks it by a retired code it took findings from (`SC104`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Specificity {
    len: usize,
    own: bool,
    whole: bool,
}

impl Specificity {
    /// The selector is a whole code, the lint's own or a retired one it replaces, rather than a
    /// group prefix.
    pub fn is_whole_code(self) -> bool {
        self.whole
    }
}

/// How often a lint can fix what it finds (the `fixable` column of `sigscope lints`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FixAvailability {
    #[default]
    None,
    /// Some findings have a fix (those where the right edit is unambiguous).
    Sometimes,
    /// Every finding has a fix.
    Always,
}

impl FixAvailability {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "no",
            Self::Sometimes => "sometimes",
            Self::Always => "always",
        }
    }
}

/// Sets of lints: `default` for every pack, `sigmahq` adds SigmaHQ's house style (file names,
/// title conventions, …) on top, for packs that follow SigmaHQ's conventions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Profile {
    #[default]
    Default,
    SigmaHq,
}

impl Profile {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Default => "default",
            Self::SigmaHq => "sigmahq",
        }
    }

    /// Whether a lint of profile `lint` runs under this profile.
    pub fn enables(self, lint: Profile) -> bool {
        lint <= self
    }
}

impl Lint {
    /// Whether the selector `prefix` (an upper-case code or code prefix, as
    /// `lints::parse_selector` returns it) picks this lint, and how specifically: it does when
    /// the lint's code or a retired code in [`Lint::formerly`] starts with it.
    pub fn selected_by(&self, prefix: &str) -> Option<Specificity> {
        let len = prefix.len();
        if self.code.starts_with(prefix) {
            return Some(Specificity {
                len,
                own: true,
                whole: len == self.code.len(),
            });
        }
        self.formerly
            .iter()
            .find(|r| r.code.starts_with(prefix))
            .map(|r| Specificity {
                len,
                own: false,
                whole: len == r.code.len(),
            })
    }

    /// The doc comment as Markdown, without rustdoc's leading space on each line.
    pub fn documentation(&self) -> String {
        let mut out = String::with_capacity(self.doc.len());
        for line in self.doc.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }

    /// One line for listings and SARIF's `shortDescription`: the first sentence of *What it
    /// does*, cut to its main clause. The details after a colon or semicolon and parenthetical
    /// remarks are dropped; a sentence still longer than [`SUMMARY_TARGET`] loses its last
    /// clauses after a comma, and one longer than [`SUMMARY_MAX`] with no such comma is cut at a
    /// word with `…`. Code spans keep their backticks; emphasis markers are removed.
    pub fn summary(&self) -> String {
        let doc = self.documentation();
        let body = doc
            .split("## What it does")
            .nth(1)
            .unwrap_or(&doc)
            .trim_start();
        let para = body.split("\n\n").next().unwrap_or_default();
        let para = para.split_whitespace().collect::<Vec<_>>().join(" ");
        shorten(&first_sentence(&para))
    }
}

/// Length, in characters, a [`Lint::summary`] is cut to when its sentence has a clause to drop:
/// one line in a SARIF viewer or a terminal.
pub const SUMMARY_TARGET: usize = 120;

/// Longest [`Lint::summary`], in characters. A main clause with no comma to cut at may run past
/// [`SUMMARY_TARGET`] up to here rather than lose words: six lints' first sentences do.
pub const SUMMARY_MAX: usize = 150;

/// Byte offsets and characters of `s` outside code spans and parentheses.
fn top_level(s: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut code = false;
    let mut depth = 0usize;
    s.char_indices().filter(move |&(_, c)| {
        if c == '`' {
            code = !code;
            return false;
        }
        if code {
            return false;
        }
        match c {
            '(' => {
                depth += 1;
                false
            }
            ')' => {
                depth = depth.saturating_sub(1);
                false
            }
            _ => depth == 0,
        }
    })
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Up to the first `.`, `!` or `?` before a space (not one of `e.g.`, `i.e.`, `etc.`, `vs.`);
/// a paragraph that ends in `:` (it introduces a list) ends with `.` instead.
fn first_sentence(para: &str) -> String {
    for (i, c) in top_level(para) {
        let next = para[i + c.len_utf8()..].chars().next();
        if matches!(c, '.' | '!' | '?') && next.is_none_or(|n| n == ' ') {
            let word = para[..=i].rsplit(' ').next().unwrap_or_default();
            if !matches!(word, "e.g." | "i.e." | "etc." | "vs.") {
                return para[..=i].to_string();
            }
        } else if c == ':' && next.is_none() {
            return format!("{}.", &para[..i]);
        }
    }
    para.to_string()
}

fn shorten(sentence: &str) -> String {
    let mut s = sentence.to_string();
    // A colon after fewer than four words ends a lead-in (`With `--profile sigmahq`:`), not
    // the main clause.
    let cut = top_level(&s).find(|&(i, c)| {
        matches!(c, ':' | ';') && s[i + 1..].starts_with(' ') && words(&s[..i]) >= 4
    });
    if let Some((i, _)) = cut {
        s.truncate(i);
        s.push('.');
    }
    s = plain(&s);
    let len = s.chars().count();
    if len <= SUMMARY_TARGET {
        return s;
    }
    // The last clause break that brings the sentence to the target, or failing that under the
    // limit; a sentence with none is kept whole when it fits the limit.
    let comma_within = |limit: usize| {
        top_level(&s)
            .filter(|&(i, c)| {
                c == ','
                    && s[i + 1..].starts_with(' ')
                    && s[i + 2..].starts_with(|n: char| n.is_ascii_lowercase())
                    && s[..i].chars().count() < limit
                    && words(&s[..i]) >= 4
            })
            .last()
    };
    let comma = match comma_within(SUMMARY_TARGET) {
        None if len <= SUMMARY_MAX => return s,
        None => comma_within(SUMMARY_MAX),
        found => found,
    };
    if let Some((i, _)) = comma {
        s.truncate(i);
        s.push('.');
        return s;
    }
    let mut end = s
        .char_indices()
        .nth(SUMMARY_MAX - 1)
        .map_or(s.len(), |(i, _)| i);
    end = s[..end].rfind(' ').unwrap_or(end);
    format!("{}…", s[..end].trim_end_matches([',', ';', ':']))
}

/// `s` without parenthetical remarks and emphasis markers, code spans untouched.
fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut code = false;
    let mut depth = 0usize;
    for c in s.chars() {
        if c == '`' {
            code = !code;
        } else if !code {
            match c {
                '(' => depth += 1,
                ')' if depth > 0 => {
                    depth -= 1;
                    continue;
                }
                '*' => continue,
                _ => {}
            }
        }
        if depth == 0 {
            out.push(c);
        }
    }
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    out.replace(" ,", ",").replace(" .", ".").replace(" :", ":")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary_of(what_it_does: &str) -> String {
        let doc = format!("## What it does\n{what_it_does}\n\n## Why is this bad?\nIt is.\n");
        let lint = Lint {
            code: "SC999",
            name: "test",
            default_severity: Severity::Warning,
            doc: Box::leak(doc.into_boxed_str()),
            profile: Profile::Default,
            fix: FixAvailability::None,
            replaces: &[],
            formerly: &[],
        };
        lint.summary()
    }

    static OLD: Retired = Retired {
        code: "SC104",
        name: "invalid-format",
        why: "",
    };

    static SPLIT: Lint = Lint {
        code: "SC110",
        name: "split",
        default_severity: Severity::Error,
        doc: "",
        profile: Profile::Default,
        fix: FixAvailability::None,
        replaces: &[],
        formerly: &[&OLD],
    };

    #[test]
    fn a_retired_code_selects_its_successors_less_specifically() {
        let by = |s: &str| SPLIT.selected_by(s);
        for own in ["SC", "SC1", "SC11", "SC110"] {
            assert!(by(own).is_some_and(|s| s.own), "{own}");
        }
        // `SC10` picked SC104 and so still picks what it became.
        for old in ["SC10", "SC104"] {
            assert!(by(old).is_some_and(|s| !s.own), "{old}");
        }
        for neither in ["SC2", "SC105", "SC1100"] {
            assert_eq!(by(neither), None, "{neither}");
        }
        let whole: Vec<bool> = ["SC1", "SC104", "SC110"]
            .iter()
            .map(|s| by(s).is_some_and(Specificity::is_whole_code))
            .collect();
        assert_eq!(whole, [false, true, true]);
        // The own code beats the retired one, which beats any shorter prefix.
        assert!(by("SC110") > by("SC104"));
        assert!(by("SC104") > by("SC11"));
        assert!(by("SC11") > by("SC10"));
        assert!(by("SC10") > by("SC1"));
    }

    #[test]
    fn summary_is_the_first_sentence() {
        assert_eq!(
            summary_of("Reports a `re` value.\nIt points at the `.` inside it."),
            "Reports a `re` value."
        );
        // Abbreviations, dots in code spans and in parentheses do not end the sentence.
        assert_eq!(
            summary_of(
                "Reports a tag, e.g. `attack.t1059.001`, without its tactic (see v19. too). More."
            ),
            "Reports a tag, e.g. `attack.t1059.001`, without its tactic."
        );
        // A paragraph that introduces a list ends its sentence.
        assert_eq!(
            summary_of("Reports modifier chains that pySigma rejects:"),
            "Reports modifier chains that pySigma rejects."
        );
    }

    #[test]
    fn summary_keeps_the_main_clause() {
        // Details after a colon go, a lead-in colon stays; parentheses and emphasis go.
        assert_eq!(
            summary_of(
                "With `--profile sigmahq`: reports a *title* (in any case) that ends with a period: `Title.`, `Title..`."
            ),
            "With `--profile sigmahq`: reports a title that ends with a period."
        );
        assert_eq!(
            summary_of("Reports a file larger than the limit; the file is not read."),
            "Reports a file larger than the limit."
        );
        // Over the target: the last clause after a comma that brings it under goes.
        let long = format!(
            "Reports a value that is {}, as the validator of SigmaHQ does in its CI, also for filters.",
            "very ".repeat(15)
        );
        assert_eq!(
            summary_of(&long),
            format!("Reports a value that is {}.", "very ".repeat(15).trim_end())
        );
        // No comma to cut at: whole up to the limit, past it cut at a word.
        let s = format!("Reports a value that is {}long.", "very ".repeat(20));
        assert_eq!(summary_of(&s), s);
        let s = summary_of(&format!(
            "Reports a value that is {}long.",
            "very ".repeat(30)
        ));
        assert!(s.ends_with("very…"), "{s}");
        assert!(s.chars().count() <= SUMMARY_MAX, "{s}");
    }
}
