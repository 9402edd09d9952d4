//! Conformance against real rules: the SigmaHQ corpus (validated by SigmaHQ's own CI against the
//! official schema) and the specification's schema examples must produce no diagnostic at all;
//! the older `deprecated/` and `unsupported/` rules may fail but must never panic the checker or
//! produce a span outside the file.
//!
//! The corpora live next to the project in `../shared`; when they are absent these tests are
//! ignored, with the reason.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sigscope::check::{Report, check_paths};

use sigscope::diagnostics::Diagnostic;
use sigscope::lint::Severity;
use sigscope::settings::Settings;

/// Findings of `report` that `keep` selects, as `path:line:col code message` lines.
fn listing(report: &Report, keep: impl Fn(&Diagnostic) -> bool, limit: usize) -> (usize, String) {
    let mut n = 0;
    let mut out = String::new();
    for file in &report.files {
        for d in file.diagnostics.iter().filter(|d| keep(d)) {
            n += 1;
            if n <= limit {
                let at = file.source.line_col(d.span.start);
                out.push_str(&format!(
                    "  {}:{}:{} {} {}\n",
                    file.source.display_path(),
                    at.line,
                    at.column,
                    d.code(),
                    d.message
                ));
            }
        }
    }
    (n, out)
}

/// No error at all; and only the warnings we reviewed and pinned, code by code: each is a real
/// problem in those rules (see the lint docs and the issue notes). A new lint, or a lint that
/// starts firing more, changes these counts and must be looked at.
fn assert_no_false_alarms(report: &Report, what: &str, pinned: &[(&str, usize)]) {
    let (errors, first) = listing(report, |d| d.severity == Severity::Error, 20);
    assert!(errors == 0, "{what}: {errors} errors; first 20:\n{first}");
    let mut warnings: BTreeMap<&str, usize> = BTreeMap::new();
    for d in report.files.iter().flat_map(|f| &f.diagnostics) {
        if d.severity == Severity::Warning {
            *warnings.entry(d.code()).or_default() += 1;
        }
    }
    let pinned: BTreeMap<&str, usize> = pinned.iter().copied().collect();
    assert_eq!(
        warnings, pinned,
        "{what}: warnings per code differ from the reviewed ones"
    );
}

#[test]
#[cfg_attr(not(shared_corpus), ignore = "needs ../shared/corpus/sigmahq (absent)")]
fn sigmahq_rules_folders_are_clean() {
    let corpus = common::shared("corpus/sigmahq");
    let folders = common::rules_folders(&corpus);
    assert!(
        folders.iter().any(|p| p.ends_with("rules")),
        "no `rules` folder in {}",
        corpus.display()
    );
    let report = check_paths(&folders, &Settings::default());
    assert!(
        report.files.len() > 3500,
        "only {} files found under {folders:?}; is the corpus complete?",
        report.files.len()
    );
    assert_no_false_alarms(
        &report,
        "SigmaHQ rules* folders",
        &[
            // Ids typed by hand (`5a6b7c8d-9e0f-…`) rather than generated.
            ("SC201", 14),
            // A rule listed in its own `related`.
            ("SC217", 3),
            // Unquoted `00000429`: YAML 1.2 reads 429.
            ("SC423", 2),
            // Tactics none of the rule's techniques has in ATT&CK v19 (229 moved by v19 itself).
            ("SC507", 478),
            // No SC605 (unknown-field): SigmaHQ's CI checks field names against the same taxonomy.
        ],
    );
}

#[test]
#[cfg_attr(
    not(shared_spec),
    ignore = "needs ../shared/spec/tests/schema (absent)"
)]
fn specification_schema_examples_are_clean() {
    let examples = common::shared("spec/tests/schema");
    // Each example stands alone: they reference rules that are not there and copy each other's
    // ids, which pack-wide lints rightly report when they are checked together.
    let mut files: Vec<PathBuf> = Vec::new();
    for kind in ["rules", "correlation", "filter"] {
        for e in std::fs::read_dir(examples.join(kind)).expect("examples folder") {
            files.push(e.expect("entry").path());
        }
    }
    files.sort();
    assert!(files.len() >= 12, "only {} examples", files.len());
    for file in files {
        let report = check_paths(std::slice::from_ref(&file), &Settings::default());
        // The schema and YAML lints must accept every example; rule_1.yml's ATT&CK v18 tags
        // (`defense-evasion`, `t1562.001`) are rightly warned about.
        let (n, first) = listing(
            &report,
            |d| {
                d.severity == Severity::Error
                    || d.code().starts_with("SC0")
                    || d.code().starts_with("SC1")
            },
            20,
        );
        assert!(n == 0, "{}: {n} findings:\n{first}", file.display());
    }
}

#[test]
#[cfg_attr(not(shared_corpus), ignore = "needs ../shared/corpus/sigmahq (absent)")]
fn older_rules_have_valid_spans() {
    let corpus = common::shared("corpus/sigmahq");
    let folders: Vec<PathBuf> = ["deprecated", "unsupported"]
        .iter()
        .map(|f| corpus.join(f))
        .collect();
    // A panic inside the checker fails this test.
    let report = check_paths(&folders, &Settings::default());
    assert!(!report.files.is_empty());

    let mut bad = Vec::new();
    for file in &report.files {
        let text: &str = &file.source.text;
        for d in &file.diagnostics {
            let spans = std::iter::once((&d.span, "primary")).chain(
                d.secondary
                    .iter()
                    .filter(|l| l.path.is_none())
                    .map(|l| (&l.span, "secondary")),
            );
            for (span, kind) in spans {
                let ok = span.start <= span.end
                    && span.end <= text.len()
                    && text.is_char_boundary(span.start)
                    && text.is_char_boundary(span.end);
                if !ok {
                    bad.push(format!(
                        "{} {} {kind} span {span:?} (text is {} bytes): {}",
                        file.source.display_path(),
                        d.code(),
                        text.len(),
                        d.message
                    ));
                }
            }
            assert!(!d.message.is_empty(), "{}: empty message", d.code());
        }
    }
    assert!(
        bad.is_empty(),
        "{} diagnostics with invalid spans; first 20:\n{}",
        bad.len(),
        bad.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
    );
}

/// `--fix` on a copy of the whole corpus (`deprecated/` included, where the old date and tag
/// spellings live): afterwards nothing `--fix` fixes is left, no error at all remains, no
/// finding of a lint without fixes appears or disappears, and a second run has nothing to do.
#[test]
#[cfg_attr(not(shared_corpus), ignore = "needs ../shared/corpus/sigmahq (absent)")]
fn fixing_the_corpus_is_clean_and_idempotent() {
    let corpus = common::shared("corpus/sigmahq");
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut roots = Vec::new();
    for entry in std::fs::read_dir(&corpus).expect("corpus") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if path.is_dir() && (name.starts_with("rules") || name == "deprecated") {
            copy_tree(&path, &tmp.path().join(name));
            roots.push(PathBuf::from(name));
        }
    }
    let settings = Settings::default();
    let check = || {
        let paths: Vec<PathBuf> = roots.iter().map(|r| tmp.path().join(r)).collect();
        check_paths(&paths, &settings)
    };
    let count = |r: &Report| -> BTreeMap<&'static str, usize> {
        let mut m = BTreeMap::new();
        for d in r.files.iter().flat_map(|f| &f.diagnostics) {
            *m.entry(d.code()).or_default() += 1;
        }
        m
    };
    let before = check();
    let fixed = sigscope::fix::fix_report(
        &before,
        &settings,
        sigscope::fix::Options::default(),
        &|_| {},
    );
    for f in &fixed {
        std::fs::write(&f.path, &f.fixed).expect("write fixed file");
    }
    let total: usize = fixed.iter().map(sigscope::fix::FixedFile::count).sum();
    assert!(
        fixed.len() >= 100 && total >= 400,
        "{} files, {total} fixes",
        fixed.len()
    );
    let after = check();
    let (errors, listed) = listing(&after, |d| d.severity == Severity::Error, 20);
    assert_eq!(errors, 0, "errors after --fix:\n{listed}");
    // Unsafe fixes (SC416's `exists`, guesses) are left for `--unsafe-fixes`.
    let (fixable, listed) = listing(
        &after,
        |d| {
            d.fix
                .as_ref()
                .is_some_and(|f| f.applicability == sigscope::diagnostics::Applicability::Safe)
        },
        20,
    );
    assert_eq!(fixable, 0, "fixable findings left after --fix:\n{listed}");
    let (b, a) = (count(&before), count(&after));
    for (code, n) in &a {
        let lint = sigscope::lints::by_code(code).expect("lint");
        if lint.fix == sigscope::lint::FixAvailability::None {
            assert_eq!(
                b.get(code),
                Some(n),
                "{code} changed: {:?} -> {n}",
                b.get(code)
            );
        } else {
            assert!(b.get(code).is_some_and(|m| m >= n), "{code} grew to {n}");
        }
    }
    let again = sigscope::fix::fix_report(
        &after,
        &settings,
        sigscope::fix::Options::default(),
        &|_| {},
    );
    assert!(
        again.is_empty(),
        "a second --fix changed {} files",
        again.len()
    );
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}
