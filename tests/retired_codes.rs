//! End-to-end tests of a retired code: SC104 `invalid-format` was split into SC107–SC110, one
//! lint per kind of value, and everything written for SC104 still applies to all four: the
//! selectors of `sigscope.toml` and the command line, inline suppressions, and baselines
//! written before the split.
//!
//! `fixtures/retired/SC104_rule.yml` has one finding of each kind: an id that is not a UUID
//! (line 2), a slash date with a fix (line 6), a tag without a namespace (line 10) and a
//! correlation timespan with a space (line 32). `SC104_baseline.json` is what the last
//! sigscope before the split wrote for it with `--write-baseline`.

mod common;
use common::{findings, sigscope, write};

const RULE: &str = include_str!("fixtures/retired/SC104_rule.yml");
const OLD_BASELINE: &str = include_str!("fixtures/retired/SC104_baseline.json");

/// `rule.yml` (with `rule` as its text) and `sigscope.toml` (when given) in a fresh directory.
fn pack(rule: &str, config: Option<&str>) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "rule.yml", rule);
    if let Some(config) = config {
        write(tmp.path(), "sigscope.toml", config);
    }
    tmp
}

fn each_kind(severity: &str) -> Vec<String> {
    [(2, "SC107"), (6, "SC108"), (10, "SC109"), (32, "SC110")]
        .iter()
        .map(|(line, code)| format!("rule.yml:{line} {code} {severity}"))
        .collect()
}

fn check(config: Option<&str>, args: &[&str]) -> (i32, Vec<String>) {
    let tmp = pack(RULE, config);
    let mut all = args.to_vec();
    all.push("rule.yml");
    findings(tmp.path(), &all)
}

#[test]
fn each_kind_has_its_own_code() {
    assert_eq!(check(None, &[]), (1, each_kind("error")));
    // The point of the split: one convention off, the others still checked.
    let (_, rest) = check(None, &["--ignore", "SC109"]);
    assert_eq!(
        rest,
        [&each_kind("error")[..2], &each_kind("error")[3..]].concat()
    );
}

#[test]
fn select_and_ignore_by_the_retired_code_or_name() {
    for selector in ["SC104", "sc104", "invalid-format"] {
        assert_eq!(
            check(None, &["--ignore", selector]),
            (0, vec![]),
            "{selector}"
        );
        assert_eq!(
            check(None, &["--select", selector]),
            (1, each_kind("error")),
            "{selector}"
        );
    }
    assert_eq!(
        check(Some("ignore = [\"invalid-format\"]\n"), &[]),
        (0, vec![])
    );
    // `SC10` covered SC104, and still covers what it became (SC110 included).
    assert_eq!(check(None, &["--ignore", "SC10"]), (0, vec![]));
    // A lint's own code is more specific than the retired code it took findings from.
    assert_eq!(
        check(
            Some("ignore = [\"SC104\"]\nextend-select = [\"SC109\"]\n"),
            &[]
        ),
        (1, vec![each_kind("error")[2].clone()])
    );
    // And the retired code is more specific than the group.
    assert_eq!(
        check(
            Some("ignore = [\"SC1\"]\nextend-select = [\"SC104\"]\n"),
            &[]
        ),
        (1, each_kind("error"))
    );
}

#[test]
fn severity_per_file_ignores_and_unfixable_by_the_retired_code() {
    assert_eq!(
        check(Some("[severity]\nSC104 = \"warning\"\n"), &[]),
        (0, each_kind("warning"))
    );
    let (_, mixed) = check(
        Some("[severity]\nSC104 = \"warning\"\nSC108 = \"info\"\n"),
        &[],
    );
    assert_eq!(mixed[1], "rule.yml:6 SC108 info");
    assert_eq!(mixed[0], "rule.yml:2 SC107 warning");
    assert_eq!(
        check(
            Some("[per-file-ignores]\n\"rule.yml\" = [\"SC104\"]\n"),
            &[]
        ),
        (0, vec![])
    );
    // The date's fix is dropped from every output.
    for config in [None, Some("unfixable = [\"SC104\"]\n")] {
        let tmp = pack(RULE, config);
        let r = sigscope(tmp.path(), &["check", "--format", "json", "rule.yml"]);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
        let date = &v["diagnostics"][1];
        assert_eq!(date["code"], "SC108");
        assert_eq!(date["fix"].is_null(), config.is_some(), "{config:?}");
    }
}

#[test]
fn suppressions_by_the_retired_code() {
    let on_the_line = RULE.replace(
        "date: 2025/01/02",
        "date: 2025/01/02  # sigscope: ignore[SC104]",
    );
    let tmp = pack(&on_the_line, None);
    let without_date = [&each_kind("error")[..1], &each_kind("error")[2..]].concat();
    assert_eq!(findings(tmp.path(), &["rule.yml"]), (1, without_date));

    let file_wide = format!("# sigscope: ignore-file[SC104] legacy pack\n{RULE}");
    let tmp = pack(&file_wide, None);
    assert_eq!(findings(tmp.path(), &["rule.yml"]), (0, vec![]));

    // One that covers nothing is unused, as any other; unless all its lints are off.
    let nothing = RULE.replace("level: medium", "level: medium  # sigscope: ignore[SC104]");
    let tmp = pack(&nothing, None);
    let (_, got) = findings(tmp.path(), &["rule.yml"]);
    assert!(
        got.contains(&String::from("rule.yml:18 SC010 warning")),
        "{got:?}"
    );
    assert_eq!(
        findings(tmp.path(), &["--ignore", "SC104", "rule.yml"]),
        (0, vec![])
    );
}

#[test]
fn a_baseline_written_before_the_split_still_matches() {
    let tmp = pack(RULE, None);
    write(tmp.path(), "old.json", OLD_BASELINE);
    let r = sigscope(tmp.path(), &["check", "rule.yml", "--baseline", "old.json"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(
        r.stdout,
        "All checks passed: 1 file checked.\n4 findings in the baseline `old.json` not shown.\n"
    );

    // The date fixed: its entry no longer matches, and says so; the rest stay hidden.
    let dated = RULE.replace("date: 2025/01/02", "date: 2025-01-02");
    write(tmp.path(), "rule.yml", &dated);
    let r = sigscope(tmp.path(), &["check", "rule.yml", "--baseline", "old.json"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(
        r.stdout,
        "All checks passed: 1 file checked.\n3 findings in the baseline `old.json` not shown.\n\
         1 baseline entry no longer matches any finding; refresh the baseline with \
         `--write-baseline old.json`\n"
    );

    // An edited value is a new finding, under its new code.
    let retagged = dated.replace("    - sysmon\n", "    - sysmon-config\n");
    write(tmp.path(), "rule.yml", &retagged);
    assert_eq!(
        findings(tmp.path(), &["rule.yml", "--baseline", "old.json"]),
        (1, vec![String::from("rule.yml:10 SC109 error")])
    );

    // Rewritten, the baseline holds the new codes.
    let r = sigscope(
        tmp.path(),
        &["check", "rule.yml", "--write-baseline", "new.json"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let new = std::fs::read_to_string(tmp.path().join("new.json")).expect("read");
    let v: serde_json::Value = serde_json::from_str(&new).expect("json");
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|e| e["code"].as_str().expect("code"))
        .collect();
    assert_eq!(codes, ["SC107", "SC109", "SC110"]);
}

#[test]
fn explain_and_lints_say_what_the_code_became() {
    let tmp = tempfile::tempdir().expect("tempdir");
    for code in ["SC104", "invalid-format"] {
        let r = sigscope(tmp.path(), &["explain", code]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(
            r.stdout.starts_with("# SC104 invalid-format (retired)\n"),
            "{}",
            r.stdout
        );
        for new in [
            "SC107 invalid-id-format",
            "SC108 invalid-date-format",
            "SC109 invalid-tag-format",
            "SC110 invalid-timespan-format",
        ] {
            assert!(
                r.stdout.contains(&format!("\n- {new}: ")),
                "{new}: {}",
                r.stdout
            );
        }
    }
}
