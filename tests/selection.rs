//! What `select`, `extend-select` and `ignore` turn off is not reported, and not run: the
//! checks of a lint (its file's `HOOKS`) run only when the lint is on. These tests hold every
//! lint's checks to reporting that lint alone, so that skipping never loses a finding, and pin
//! what a disabled lint no longer hides.

mod common;

use std::path::{Path, PathBuf};

use sigscope::check::{Report, check_paths, check_source};

use sigscope::lint::Profile;
use sigscope::lints::{Active, DocContext, REGISTRY};
use sigscope::settings::Selection;
use sigscope::settings::Settings;
use sigscope::sigma::SigmaDoc;
use sigscope::source::SourceFile;
use sigscope::yaml::{self, NodeKind};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() && !p.is_symlink() {
            yaml_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "yml" || e == "yaml") {
            out.push(p);
        }
    }
}

fn every_lint() -> Settings {
    Settings {
        profile: Profile::SigmaHq,
        ..Settings::default()
    }
}

/// Runs every per-document check on every document of `files` and fails on any finding of a
/// lint the check does not declare; returns how many findings the checks made.
fn findings_of_undeclared_lints(files: &[PathBuf]) -> usize {
    let settings = every_lint();
    // Each lint's document checks alone.
    let each: Vec<_> = REGISTRY
        .iter()
        .filter(|r| r.runs_on_documents())
        .map(|r| (r, Active::of(|l| std::ptr::eq(l, r.lint))))
        .collect();
    let mut findings = 0;
    let mut strays = Vec::new();
    for path in files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let source = SourceFile::new(path.clone(), text);
        let parsed = yaml::parse(&source.text);
        for root in &parsed.documents {
            if !matches!(root.kind, NodeKind::Mapping(_)) {
                continue;
            }
            let doc = SigmaDoc::new(&source.text, root);
            let ctx = DocContext {
                source: &source,
                doc: &doc,
                settings: &settings,
            };
            for (r, active) in &each {
                let mut out = Vec::new();
                active.check_document(&ctx, &mut out);
                findings += out.len();
                for d in out {
                    if d.code() != r.lint.code {
                        strays.push(format!(
                            "{}: the checks of {} reported {}",
                            path.display(),
                            r.lint.code,
                            d.code()
                        ));
                    }
                }
            }
        }
    }
    assert!(strays.is_empty(), "{}", strays.join("\n"));
    findings
}

#[test]
fn each_document_check_reports_only_the_lints_it_declares() {
    let mut files = Vec::new();
    yaml_files(&fixtures(), &mut files);
    let findings = findings_of_undeclared_lints(&files);
    // The fixtures hold hundreds of findings: the checks looked at real ones.
    assert!(
        findings > 300,
        "only {findings} findings in {} files",
        files.len()
    );
}

#[test]
#[cfg_attr(not(shared_corpus), ignore = "needs ../shared/corpus/sigmahq (absent)")]
fn each_document_check_reports_only_the_lints_it_declares_on_the_corpus() {
    let mut files = Vec::new();
    for folder in common::rules_folders(&common::shared("corpus/sigmahq")) {
        yaml_files(&folder, &mut files);
    }
    let findings = findings_of_undeclared_lints(&files);
    assert!(
        files.len() > 3500 && findings > 1000,
        "only {findings} findings in {} files",
        files.len()
    );
}

/// Every finding as (path, code, span start, span end), in report order.
type Finding = (String, &'static str, usize, usize);

fn findings(report: &Report) -> Vec<Finding> {
    report
        .files
        .iter()
        .flat_map(|f| {
            let path = f.source.display_path();
            f.diagnostics
                .iter()
                .map(move |d| (path.clone(), d.lint.code, d.span.start, d.span.end))
        })
        .collect()
}

#[test]
fn selecting_one_lint_finds_what_the_whole_run_finds_of_it() {
    // One run over every lint fixture, the pack fixtures included: what one lint finds must not
    // depend on which other lints run.
    let paths = [fixtures().join("lints")];
    let whole = findings(&check_paths(&paths, &every_lint()));
    let mut flagged = 0;
    // SC010 reports a suppression as unused only when the lint it names runs, by design.
    for lint in sigscope::lints::ALL.iter().filter(|l| l.code != "SC010") {
        let only = Settings {
            selection: Selection {
                select: Some(vec![lint.code.to_owned()]),
                ..Selection::default()
            },
            ..every_lint()
        };
        let mut got = findings(&check_paths(&paths, &only));
        let want: Vec<Finding> = whole.iter().filter(|f| f.1 == lint.code).cloned().collect();
        // A finding that another lint's finding replaced in the whole run is reported when
        // that lint is off: it must be exactly where such a finding was.
        let replaced = |f: &Finding| {
            whole.iter().any(|w| {
                sigscope::lints::by_code(w.1)
                    .is_some_and(|r| r.replaces.iter().any(|l| l.code == f.1))
                    && (&w.0, w.2, w.3) == (&f.0, f.2, f.3)
            })
        };
        got.retain(|f| want.contains(f) || !replaced(f));
        assert_eq!(got, want, "only {}", lint.code);
        flagged += usize::from(!want.is_empty());
    }
    // Nearly every lint has a fixture it flags, the pack lints among them.
    assert!(flagged > 100, "{flagged}");
    for r in REGISTRY.iter().filter(|r| r.runs_on_pack()) {
        assert!(whole.iter().any(|f| f.1 == r.lint.code), "{}", r.lint.code);
    }
}

const NULL_IN_LIST: &str = "title: Null in a value list
id: 0f3e9c52-7a4e-4b8f-9c2d-6e0a1b5f8d47
status: test
description: A selection with a null among its values
author: sigscope
date: 2025-01-01
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        CommandLine|contains:
            - 'whoami'
            - null
    condition: selection
level: low
";

#[test]
fn a_disabled_lint_does_not_hide_the_schema_error_it_replaces() {
    let source = SourceFile::new("null.yml", NULL_IN_LIST);
    let codes = |settings: &Settings| -> Vec<(String, usize)> {
        check_source(&source, settings)
            .iter()
            .map(|d| (d.code().to_owned(), d.span.start))
            .collect()
    };
    let at = NULL_IN_LIST.find("null\n").expect("the null");
    // The specific finding stands in for the schema's type error at the same place...
    assert_eq!(codes(&Settings::default()), [("SC414".to_owned(), at)]);
    // ...and with the specific lint off the schema error is reported, not nothing.
    for ignore in ["SC414", "SC4"] {
        let settings = Settings {
            selection: Selection {
                ignore: vec![ignore.to_owned()],
                ..Selection::default()
            },
            ..Settings::default()
        };
        assert_eq!(
            codes(&settings),
            [("SC102".to_owned(), at)],
            "--ignore {ignore}"
        );
    }
}

#[test]
fn an_empty_file_is_not_reported_when_sc007_is_off() {
    let source = SourceFile::new("empty.yml", "# nothing here\n");
    let codes = |settings: &Settings| -> Vec<String> {
        check_source(&source, settings)
            .iter()
            .map(|d| d.code().to_owned())
            .collect()
    };
    assert_eq!(codes(&Settings::default()), ["SC007"]);
    for selection in [
        Selection {
            ignore: vec!["SC007".to_owned()],
            ..Selection::default()
        },
        Selection {
            select: Some(vec!["SC001".to_owned()]),
            ..Selection::default()
        },
    ] {
        let settings = Settings {
            selection: selection.clone(),
            ..Settings::default()
        };
        assert!(codes(&settings).is_empty(), "{selection:?}");
    }
}
