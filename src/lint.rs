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
    /// The doc comment as Markdown, without rustdoc's leading space on each line.
    pub fn documentation(&self) -> String {
        let mut out = String::with_capacity(self.doc.len());
        for line in self.doc.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }

    /// First sentence of the *What it does* section, for one-line listings.
    pub fn summary(&self) -> String {
        let doc = self.documentation();
        let body = doc
            .split("## What it does")
            .nth(1)
            .unwrap_or(&doc)
            .trim_start();
        let para = body.split("\n\n").next().unwrap_or_default();
        para.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}
