//! End-to-end tests of baselines: `--write-baseline FILE` records the findings, `--baseline
//! FILE` then reports only new ones, and a finding whose line moves stays baselined.

use serde_json::Value;

mod common;
use common::*;

#[test]
fn baseline_round_trip() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    write(root, "rules/a.yml", &rule(1));
    write(root, "rules/b.yml", &rule(2));

    let r = sigscope(
        root,
        &["check", "rules", "--write-baseline", "baseline.json"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "wrote 2 findings to the baseline `baseline.json`\n"
    );
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("baseline.json")).expect("read"))
            .expect("baseline is JSON");
    assert_eq!(json["version"], 1);
    let entries = json["findings"].as_array().expect("findings");
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["code"], "SC103");
    assert_eq!(entries[0]["path"], "rules/a.yml");
    assert_eq!(entries[0]["fingerprint"].as_str().map(str::len), Some(16));

    // Everything is baselined: a clean run, and the summary says how much was hidden.
    assert_eq!(
        findings(root, &["rules", "--baseline", "baseline.json"]),
        (0, vec![])
    );
    let r = sigscope(root, &["check", "rules", "--baseline", "baseline.json"]);
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stdout,
        "All checks passed: 2 files checked.\n2 findings in the baseline `baseline.json` not shown.\n"
    );

    // Lines move (a comment and a reference added above): still baselined.
    let moved = rule(1).replace(
        "references:\n",
        "# reviewed in 2026\nreferences:\n    - https://example.org/certutil\n",
    );
    write(root, "rules/a.yml", &moved);
    assert_eq!(
        findings(root, &["rules", "--baseline", "baseline.json"]),
        (0, vec![])
    );

    // A new problem is reported, alone.
    write(
        root,
        "rules/a.yml",
        &moved.replace("status: test", "status: tset"),
    );
    assert_eq!(
        findings(root, &["rules", "--baseline", "baseline.json"]),
        (1, vec![String::from("rules/a.yml:3 SC103 error")])
    );
    // A second identical finding in the same file is new too (occurrence index).
    write(root, "rules/b.yml", &format!("{}---\n{}", rule(2), rule(3)));
    assert_eq!(
        findings(
            root,
            &[
                "rules/b.yml",
                "--select",
                "SC1",
                "--baseline",
                "baseline.json"
            ]
        ),
        (1, vec![String::from("rules/b.yml:45 SC103 error")])
    );
}

#[test]
fn a_bad_baseline_is_a_usage_error() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    write(root, "a.yml", &rule(1));
    write(root, "baseline.json", "[1, 2]");
    let r = sigscope(root, &["check", "a.yml", "--baseline", "baseline.json"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with("error: `baseline.json` is not a sigscope baseline"),
        "{}",
        r.stderr
    );
    let r = sigscope(root, &["check", "a.yml", "--baseline", "missing.json"]);
    assert_eq!(r.code, 2);
    let r = sigscope(
        root,
        &["check", "a.yml", "--baseline", "x", "--write-baseline", "y"],
    );
    assert_eq!(r.code, 2, "the two flags conflict");
}
