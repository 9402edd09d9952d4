//! `--format sarif`: one SARIF 2.1.0 log for GitHub code scanning and other SARIF viewers.
//!
//! - `tool.driver.rules` lists every lint (so `ruleIndex` is stable across runs): id = code,
//!   name, `shortDescription` = the lint's one-line summary, `fullDescription` and `help` = its
//!   documentation (Markdown in `help.markdown`), `defaultConfiguration.level`, and the group and
//!   profile as properties. `helpUri` is only set when a base URL is given
//!   ([`Options::lint_url_base`]): sigscope has no public website, and a lint's page exists only
//!   where a team publishes its own catalogue (`sigscope site`, lint pages at
//!   `lints/sc301.html`). A made-up URL would be a dead link in every code-scanning alert.
//! - Locations are relative URI references against `%SRCROOT%` (the checkout root for code
//!   scanning), regions 1-based with exclusive end columns counted in Unicode code points
//!   (`columnKind: unicodeCodePoints` on the run; SARIF's default would be UTF-16 units).
//! - Secondary labels become `relatedLocations` with their messages.

use std::collections::HashMap;
use std::path::Path;

use serde_json::{Value, json};

use crate::check::Report;
use crate::diagnostics::Applicability;
use crate::lint::Lint;
use crate::lint::Severity;
use crate::lints::{self};
use crate::source::{SourceFile, escape_json_controls};

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Base URL of a published sigscope catalogue; rules get
    /// `helpUri = {base}/lints/{code}.html`.
    pub lint_url_base: Option<String>,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule(lint: &Lint, opts: &Options) -> Value {
    let doc = lint.documentation();
    let mut r = json!({
        "id": lint.code,
        "name": lint.name,
        "shortDescription": { "text": lint.summary() },
        "fullDescription": { "text": doc.trim_end(), "markdown": doc.trim_end() },
        "help": { "text": doc.trim_end(), "markdown": doc.trim_end() },
        "defaultConfiguration": { "level": level(lint.default_severity) },
        "properties": {
            "group": super::lint_group(lint),
            "profile": lint.profile.as_str(),
            "tags": [super::lint_group(lint)],
        },
    });
    if let Some(base) = &opts.lint_url_base {
        r["helpUri"] = json!(format!(
            "{}/lints/{}.html",
            base.trim_end_matches('/'),
            lint.code.to_ascii_lowercase()
        ));
    }
    r
}

/// A path as a URI reference: `/` separators, percent-encoded outside RFC 3986's unreserved and
/// path characters. Absolute paths become `file://` URIs.
pub fn path_uri(path: &str) -> String {
    let mut path = path;
    while let Some(rest) = path.strip_prefix("./") {
        path = rest;
    }
    let mut out = String::with_capacity(path.len());
    let absolute = path.starts_with('/');
    if absolute {
        out.push_str("file://");
    }
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&b) {
            out.push(b as char);
        } else if b == b':' && absolute {
            out.push(':');
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn region(source: &SourceFile, span: &std::ops::Range<usize>) -> Value {
    let start = source.line_col(span.start);
    let end = source.line_col(span.end);
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    })
}

fn artifact(path: &str) -> Value {
    if path.starts_with('/') {
        json!({ "uri": path_uri(path) })
    } else {
        json!({ "uri": path_uri(path), "uriBaseId": "%SRCROOT%" })
    }
}

pub fn render(report: &Report, opts: &Options) -> String {
    let sources: HashMap<&Path, &SourceFile> = report
        .files
        .iter()
        .map(|f| (f.source.path.as_path(), &f.source))
        .collect();
    let index: HashMap<&str, usize> = lints::ALL
        .iter()
        .enumerate()
        .map(|(i, l)| (l.code, i))
        .collect();
    let rules: Vec<Value> = lints::ALL.iter().map(|l| rule(l, opts)).collect();
    let mut results = Vec::new();
    for file in &report.files {
        let path = file.source.display_path();
        for d in &file.diagnostics {
            let mut result = json!({
                "ruleId": d.code(),
                "level": level(d.severity),
                "message": { "text": match &d.help {
                    Some(help) => format!("{}\nhelp: {help}", d.message),
                    None => d.message.clone(),
                } },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": artifact(&path),
                        "region": region(&file.source, &d.span),
                    },
                }],
            });
            if let Some(&i) = index.get(d.code()) {
                result["ruleIndex"] = json!(i);
            }
            let related: Vec<Value> = d
                .secondary
                .iter()
                .enumerate()
                .map(|(id, label)| {
                    let (label_path, src) = match &label.path {
                        Some(p) => (
                            p.to_string_lossy().replace('\\', "/"),
                            sources.get(&**p).copied(),
                        ),
                        None => (path.clone(), Some(&file.source)),
                    };
                    let mut physical = json!({ "artifactLocation": artifact(&label_path) });
                    if let Some(src) = src {
                        physical["region"] = region(src, &label.span);
                    }
                    json!({
                        "id": id,
                        "physicalLocation": physical,
                        "message": { "text": label.message },
                    })
                })
                .collect();
            if !related.is_empty() {
                result["relatedLocations"] = json!(related);
            }
            if let Some(fix) = &d.fix {
                let description = match fix.applicability {
                    Applicability::Safe => fix.message.clone(),
                    Applicability::Unsafe => {
                        format!(
                            "{} (unsafe: applied only with `--unsafe-fixes`)",
                            fix.message
                        )
                    }
                };
                let replacements: Vec<Value> = fix
                    .edits
                    .iter()
                    .map(|e| {
                        json!({
                            "deletedRegion": region(&file.source, &e.span),
                            "insertedContent": { "text": e.content },
                        })
                    })
                    .collect();
                result["fixes"] = json!([{
                    "description": { "text": description },
                    "artifactChanges": [{
                        "artifactLocation": artifact(&path),
                        "replacements": replacements,
                    }],
                }]);
            }
            results.push(result);
        }
    }
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "sigscope",
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                },
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut s = escape_json_controls(serde_json::to_string_pretty(&log).unwrap_or_default());
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_encoded() {
        assert_eq!(path_uri("rules/a b/x%.yml"), "rules/a%20b/x%25.yml");
        assert_eq!(path_uri("/tmp/ü.yml"), "file:///tmp/%C3%BC.yml");
        assert_eq!(path_uri("rules/c:d.yml"), "rules/c%3Ad.yml");
        assert_eq!(path_uri("./rules/x.yml"), "rules/x.yml");
    }
}
