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
/// Optional, in this order: `profile = SigmaHq` for a house-style lint, `fix = Always` or
/// `fix = Sometimes` for a lint with fixes, `replaces = [OTHER, …]` for the findings of other
/// lints that one of its findings replaces at the same place (see [`Lint::replaces`]).
///
/// Declaring it is all it takes: the build script lists every lint file of `src/lints/<group>/`
/// in the registry, and the file's `HOOKS` say where its checks run.
macro_rules! declare_lint {
    ($(#[doc = $doc:literal])+ $vis:vis static $id:ident = $code:literal, $name:literal, $sev:ident
        $(, profile = $profile:ident)? $(, fix = $fix:ident)? $(, replaces = [$($rep:expr),* $(,)?])?;) => {
        $(#[doc = $doc])+
        $vis static $id: $crate::lint::Lint = $crate::lint::Lint {
            code: $code,
            name: $name,
            default_severity: $crate::lint::Severity::$sev,
            doc: concat!($($doc, "\n"),+),
            profile: $crate::lints::pick!(Profile, Default $(, $profile)?),
            fix: $crate::lints::pick!(FixAvailability, None $(, $fix)?),
            replaces: &[$($(&$rep),*)?],
        };
    };
}
pub(crate) use declare_lint;

/// `pick!(Type, Default)` or `pick!(Type, Default, Given)`: a variant of `crate::lint::Type`,
/// the given one if any.
macro_rules! pick {
    ($ty:ident, $default:ident) => {
        $crate::lint::$ty::$default
    };
    ($ty:ident, $default:ident, $given:ident) => {
        $crate::lint::$ty::$given
    };
}
pub(crate) use pick;

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

/// Where a lint's checks run; each lint file lists its own in `HOOKS`. A lint without hooks
/// is raised by the pipeline itself (the file and YAML lints, SC0xx).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Hook {
    /// Once per Sigma document.
    Doc(fn(&DocContext<'_>, &mut Vec<Diagnostic>)),
    /// Once per document with tags, over the tags read once ([`attack::Tags`]).
    Tags(fn(&attack::Tags<'_>, &mut Vec<Diagnostic>)),
    /// On the detection's field matches and values, visited once ([`values::Hook`]).
    Values(values::Hook),
    /// Once per run, over every document of the pack.
    Pack(fn(&pack::Pack<'_>, &mut pack::Found)),
    /// On each schema error of a document that is not valid against the schema: the SC1xx
    /// lint whose kind of error it is explains it ([`schema::Explain`]).
    Schema(schema::Explain),
}

/// A lint and where its checks run.
#[derive(Debug)]
pub struct Registered {
    pub lint: &'static Lint,
    pub(crate) hooks: &'static [Hook],
}

impl Registered {
    /// Whether the lint has a check that runs on each document.
    pub fn runs_on_documents(&self) -> bool {
        self.hooks
            .iter()
            .any(|h| !matches!(h, Hook::Pack(_) | Hook::Schema(_)))
    }

    /// Whether the lint has a check that runs on the whole pack.
    pub fn runs_on_pack(&self) -> bool {
        self.hooks.iter().any(|h| matches!(h, Hook::Pack(_)))
    }

    /// Whether the lint explains schema errors.
    pub fn explains_schema_errors(&self) -> bool {
        self.hooks.iter().any(|h| matches!(h, Hook::Schema(_)))
    }
}

// `REGISTRY`, generated by `build/registry.rs` from the lint files.
include!(concat!(env!("OUT_DIR"), "/lints/registry.rs"));

/// Every lint sigscope knows, sorted by code.
pub static ALL: LazyLock<Vec<&'static Lint>> =
    LazyLock::new(|| REGISTRY.iter().map(|r| r.lint).collect());

/// The checks a run turns on, worked out once from the lints it enables: the checks of a lint
/// that is turned off are never run.
#[derive(Debug, Default)]
pub struct Active {
    /// Some schema lint (SC1xx) is on: documents are validated against the schema.
    pub schema: bool,
    doc: Vec<fn(&DocContext<'_>, &mut Vec<Diagnostic>)>,
    tags: Vec<fn(&attack::Tags<'_>, &mut Vec<Diagnostic>)>,
    values: values::Active,
    pack: Vec<fn(&pack::Pack<'_>, &mut pack::Found)>,
}

impl Active {
    pub fn of(enabled: impl Fn(&Lint) -> bool) -> Self {
        let mut active = Self::default();
        for r in REGISTRY.iter().filter(|r| enabled(r.lint)) {
            active.schema |= r.lint.code.starts_with("SC1");
            for hook in r.hooks {
                match *hook {
                    Hook::Doc(run) => active.doc.push(run),
                    Hook::Tags(run) => active.tags.push(run),
                    Hook::Values(h) => active.values.add(h),
                    Hook::Pack(run) => active.pack.push(run),
                    // Every schema error is explained; the selection applies to the findings.
                    Hook::Schema(_) => {}
                }
            }
        }
        active
    }

    /// Runs the per-document checks on one document.
    pub fn check_document(&self, ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
        for run in &self.doc {
            run(ctx, out);
        }
        if !self.tags.is_empty() {
            attack::check(ctx, &self.tags, out);
        }
        if !self.values.is_empty() {
            values::check(ctx, &self.values, out);
        }
    }

    /// Whether any pack-wide check is on.
    pub fn has_pack_checks(&self) -> bool {
        !self.pack.is_empty()
    }

    /// Runs the pack-wide checks over every document of the checked files.
    pub fn check_pack(&self, files: &[pack::PackFile<'_>], options: &pack::Options) -> pack::Found {
        pack::run(files, options, &self.pack)
    }
}

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
