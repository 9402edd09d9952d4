//! Sigma v1 collections (`action: global`, `reset`, `repeat`) are checked as the rules pySigma
//! merges them into: no "missing key" error on a fragment whose key another document holds,
//! what the global document says reported once where it is written, and `reset`/`repeat`
//! followed as pySigma does (`tests/fixtures/collections/`).

mod common;

use std::path::Path;

fn fixtures() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/collections"
    ))
}

/// `path:line:column CODE` of every finding, in report order.
fn findings(args: &[&str]) -> Vec<String> {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let run = common::sigscope(fixtures(), &all);
    let v: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}\nstdout: {}\nstderr: {}", run.stdout, run.stderr));
    v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{} {}",
                d["path"].as_str().unwrap_or("?"),
                d["line"],
                d["column"],
                d["code"].as_str().unwrap_or("?")
            )
        })
        .collect()
}

#[test]
fn a_global_document_completes_every_rule_after_it() {
    // The global document holds the title, the condition and the tags; each rule its id, log
    // source and one selection. Its malformed tag is reported once, at its line, and the
    // title both rules inherit is no duplicate of itself.
    assert_eq!(findings(&["global.yml"]), ["global.yml:11:7 SC109"]);
}

#[test]
fn repeat_merges_into_the_previous_rule_and_reset_ends_the_global() {
    // The repeated rule keeps the first rule's log source and condition and takes its own
    // id, title, value and level, whose typo is its only finding; `reset` is no rule.
    assert_eq!(
        findings(&["repeat_reset.yml"]),
        ["repeat_reset.yml:28:8 SC103"]
    );
}

#[test]
fn a_rule_merged_from_a_collection_is_still_checked_whole() {
    // The merged rule misses `detection.condition` only when no document gives one.
    let dir = tempfile::tempdir().expect("temp dir");
    let text = "action: global\ntitle: Partial Rule Without Condition\nstatus: test\n\
                description: Detects a thing that matters for this test.\n\
                author: sigscope contributors\ndate: 2026-10-01\nlevel: low\n---\n\
                id: 0c6e5e9a-3d0b-4c2e-9a61-5b7f2d8e1a09\n\
                logsource:\n    product: windows\n    service: system\n\
                detection:\n    selection:\n        EventID: 7045\n";
    common::write(dir.path(), "partial.yml", text);
    let run = common::sigscope(dir.path(), &["check", "--format", "concise", "partial.yml"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("partial.yml:13:1: SC101 missing required key `condition` in `detection`"),
        "{}",
        run.stdout
    );
}
