//! The lint registry. Every lint lives in its own file under a group folder and is declared with
//! [`declare_lint!`]; its doc comment is its user documentation (`sigscope explain CODE`).

pub mod detection;
pub mod file;
pub mod schema;

use crate::diagnostics::{Diagnostic, Severity};
use crate::sigma::SigmaDoc;
use crate::source::SourceFile;

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

/// Declares a lint: `declare_lint! { /// docs… pub static NAME = "SC301", "name", Error; }`.
macro_rules! declare_lint {
    ($(#[doc = $doc:literal])+ $vis:vis static $id:ident = $code:literal, $name:literal, $sev:ident;) => {
        $(#[doc = $doc])+
        $vis static $id: $crate::lints::Lint = $crate::lints::Lint {
            code: $code,
            name: $name,
            default_severity: $crate::diagnostics::Severity::$sev,
            doc: concat!($($doc, "\n"),+),
        };
    };
}
pub(crate) use declare_lint;

/// What a per-document check sees.
#[derive(Debug)]
pub struct DocContext<'a> {
    pub source: &'a SourceFile,
    pub doc: &'a SigmaDoc<'a>,
}

impl DocContext<'_> {
    pub fn text(&self) -> &str {
        &self.source.text
    }
}

/// A check over one parsed Sigma document.
pub type DocCheck = fn(&DocContext<'_>, &mut Vec<Diagnostic>);

/// Checks run on every document that parsed, in this order.
pub static DOC_CHECKS: &[DocCheck] = &[
    detection::condition_syntax::check,
    detection::placeholder_logic::check,
];

/// Every lint sigscope knows, in code order.
pub static ALL: &[&Lint] = &[
    &file::yaml_syntax::YAML_SYNTAX,
    &file::duplicate_key::DUPLICATE_KEY,
    &file::unsupported_yaml::UNSUPPORTED_YAML,
    &file::nesting_too_deep::NESTING_TOO_DEEP,
    &file::file_too_large::FILE_TOO_LARGE,
    &file::invalid_utf8::INVALID_UTF8,
    &file::empty_file::EMPTY_FILE,
    &file::not_a_mapping::NOT_A_MAPPING,
    &file::unreadable_file::UNREADABLE_FILE,
    &schema::schema_violation::SCHEMA_VIOLATION,
    &schema::missing_required_key::MISSING_REQUIRED_KEY,
    &schema::wrong_type::WRONG_TYPE,
    &schema::invalid_enum_value::INVALID_ENUM_VALUE,
    &schema::invalid_format::INVALID_FORMAT,
    &schema::invalid_length::INVALID_LENGTH,
    &schema::unknown_key::UNKNOWN_KEY,
    &detection::placeholder_logic::PLACEHOLDER_LOGIC,
    &detection::condition_syntax::CONDITION_SYNTAX,
];

/// Looks a lint up by code, case-insensitively (`sc301` works).
pub fn by_code(code: &str) -> Option<&'static Lint> {
    ALL.iter()
        .copied()
        .find(|l| l.code.eq_ignore_ascii_case(code) || l.name == code)
}
