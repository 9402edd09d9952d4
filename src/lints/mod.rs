//! The lint registry. Every lint lives in its own file under a group folder and is declared with
//! [`declare_lint!`]; its doc comment is its user documentation (`sigscope explain CODE`).

pub mod attack;
pub mod correlation;
pub mod detection;
pub mod edit;
pub mod file;
pub mod logsource;
pub mod metadata;
pub mod pack;
pub mod schema;
pub mod values;

use std::sync::LazyLock;

use crate::lint::Lint;

use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::settings::Settings;
use crate::sigma::SigmaDoc;
use crate::source::SourceFile;

/// Declares a lint: `declare_lint! { /// docs… pub static NAME = "SC301", "name", Error; }`.
/// A house-style lint names its profile after the severity (`… "name", Info, SigmaHq;`); a
/// lint with fixes ends with `fix = Always` or `fix = Sometimes`.
macro_rules! declare_lint {
    ($(#[doc = $doc:literal])+ $vis:vis static $id:ident = $code:literal, $name:literal, $sev:ident;) => {
        $crate::lints::declare_lint! {
            $(#[doc = $doc])+ $vis static $id = $code, $name, $sev, Default, fix = None;
        }
    };
    ($(#[doc = $doc:literal])+ $vis:vis static $id:ident = $code:literal, $name:literal, $sev:ident, fix = $fix:ident;) => {
        $crate::lints::declare_lint! {
            $(#[doc = $doc])+ $vis static $id = $code, $name, $sev, Default, fix = $fix;
        }
    };
    ($(#[doc = $doc:literal])+ $vis:vis static $id:ident = $code:literal, $name:literal, $sev:ident, $profile:ident;) => {
        $crate::lints::declare_lint! {
            $(#[doc = $doc])+ $vis static $id = $code, $name, $sev, $profile, fix = None;
        }
    };
    ($(#[doc = $doc:literal])+ $vis:vis static $id:ident = $code:literal, $name:literal, $sev:ident, $profile:ident, fix = $fix:ident;) => {
        $(#[doc = $doc])+
        $vis static $id: $crate::lint::Lint = $crate::lint::Lint {
            code: $code,
            name: $name,
            default_severity: $crate::lint::Severity::$sev,
            doc: concat!($($doc, "\n"),+),
            profile: $crate::lint::Profile::$profile,
            fix: $crate::lint::FixAvailability::$fix,
        };
    };
}
pub(crate) use declare_lint;

/// What a per-document check sees.
#[derive(Debug)]
pub struct DocContext<'a> {
    pub source: &'a SourceFile,
    pub doc: &'a SigmaDoc<'a>,
    pub settings: &'a Settings,
    /// What the file's documents say about Sigma v1 collections, computed once per file.
    pub collection: V1Collection,
}

/// Sigma v1 rule collections: documents with `action: global|reset|repeat` are fragments
/// merged by the converter, so a document's metadata or search identifiers may live in another
/// document of the same file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct V1Collection {
    /// Some document of the file has `action: global`.
    pub global: bool,
    /// Some document has `action: global`, `reset` or `repeat`.
    pub any: bool,
}

impl V1Collection {
    pub fn of<'n>(roots: impl IntoIterator<Item = &'n crate::yaml::Node>) -> Self {
        let mut c = Self::default();
        for root in roots {
            match root.get("action").and_then(crate::yaml::Node::as_str) {
                Some("global") => {
                    c.global = true;
                    c.any = true;
                }
                Some("reset" | "repeat") => c.any = true,
                _ => {}
            }
        }
        c
    }
}

impl DocContext<'_> {
    pub fn text(&self) -> &str {
        &self.source.text
    }
}

/// A check over one parsed Sigma document, and the lints it reports: a run that enables none
/// of them skips it, so a lint turned off costs nothing.
#[derive(Debug)]
pub struct DocCheck {
    pub run: fn(&DocContext<'_>, &mut Vec<Diagnostic>),
    pub lints: &'static [&'static Lint],
}

/// `doc_check!(module, LINT)`: `module::check`, which reports `module::LINT` only.
macro_rules! doc_check {
    ($module:ident, $lint:ident) => {
        $crate::lints::DocCheck {
            run: $module::check,
            lints: &[&$module::$lint],
        }
    };
}
pub(crate) use doc_check;

/// Per-document checks of every group, in group order. Each group's `mod.rs` lists its own in
/// `CHECKS`, so adding a lint touches only its group.
pub fn doc_checks() -> impl Iterator<Item = &'static DocCheck> {
    metadata::CHECKS
        .iter()
        .chain(detection::CHECKS.iter())
        .chain(values::CHECKS.iter())
        .chain(attack::CHECKS.iter())
        .chain(logsource::CHECKS.iter())
        .chain(correlation::CHECKS.iter())
}

/// Every lint sigscope knows, sorted by code. Each group's `mod.rs` lists its lints in `LINTS`.
pub static ALL: LazyLock<Vec<&'static Lint>> = LazyLock::new(|| {
    let mut all: Vec<&'static Lint> = [
        file::LINTS,
        schema::LINTS,
        metadata::LINTS,
        detection::LINTS,
        values::LINTS,
        attack::LINTS,
        logsource::LINTS,
        correlation::LINTS,
        pack::LINTS,
    ]
    .into_iter()
    .flatten()
    .copied()
    .collect();
    all.sort_by_key(|l| l.code);
    all
});

/// Looks a lint up by code, case-insensitively (`sc301` works), or by name.
pub fn by_code(code: &str) -> Option<&'static Lint> {
    ALL.iter()
        .copied()
        .find(|l| l.code.eq_ignore_ascii_case(code) || l.name == code)
}

/// Turns a user's lint selector (a code `SC301`, a group prefix `SC3`, `sc3`, or a lint name
/// `dangling-selection`) into an upper-case code prefix, or explains why it is not one.
pub fn parse_selector(s: &str) -> Result<String, String> {
    let s = s.trim();
    if let Some(l) = ALL.iter().find(|l| l.name == s) {
        return Ok(l.code.to_string());
    }
    let up = s.to_ascii_uppercase();
    if up.len() >= 2 && up.starts_with("SC") && ALL.iter().any(|l| l.code.starts_with(&up)) {
        return Ok(up);
    }
    let codes = ALL.iter().map(|l| l.code);
    Err(match did_you_mean(s, codes) {
        Some(c) => format!("unknown lint code or prefix `{s}`; did you mean `{c}`?"),
        None => format!(
            "unknown lint code or prefix `{s}`; use a code (`SC301`), a group prefix (`SC3`) or a lint name"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::Profile;

    #[test]
    fn profiles_nest() {
        assert!(Profile::Default.enables(Profile::Default));
        assert!(!Profile::Default.enables(Profile::SigmaHq));
        assert!(Profile::SigmaHq.enables(Profile::Default));
        assert!(Profile::SigmaHq.enables(Profile::SigmaHq));
        assert!(
            ALL.iter()
                .all(|l| l.profile == Profile::Default || l.code.starts_with("SC2"))
        );
    }
}
