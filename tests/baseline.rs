//! End-to-end tests of baselines: `--write-baseline FILE` records the findings, `--baseline
//! FILE` then reports only new ones, a finding whose line moves stays baselined, paths match
//! however the pack is named and from wherever sigscope runs, and entries that no longer match
//! are counted.

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
    assert_eq!(json["version"], 2);
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

/// Path as a string, for arguments.
fn arg(p: &std::path::Path) -> String {
    p.to_str().expect("UTF-8 temp path").to_owned()
}

#[test]
fn a_baseline_matches_however_the_pack_is_named() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    write(root, "rules/a.yml", &rule(1));
    write(root, "rules/sub/b.yml", &rule(2));
    write(root, "elsewhere/.keep", "");
    let r = sigscope(
        root,
        &["check", "rules", "--write-baseline", "baseline.json"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let recorded = std::fs::read_to_string(root.join("baseline.json")).expect("read");
    let json: Value = serde_json::from_str(&recorded).expect("baseline is JSON");
    let paths: Vec<&str> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|e| e["path"].as_str().expect("path"))
        .collect();
    assert_eq!(paths, ["rules/a.yml", "rules/sub/b.yml"]);

    let abs_rules = arg(&root.join("rules"));
    let abs_baseline = arg(&root.join("baseline.json"));
    let runs: &[(&str, &[&str])] = &[
        ("", &["./rules", "--baseline", "baseline.json"]),
        ("", &["rules/", "--baseline", "./baseline.json"]),
        (
            "",
            &[
                "rules//sub/../a.yml",
                "rules/sub/b.yml",
                "--baseline",
                "baseline.json",
            ],
        ),
        ("rules", &[".", "--baseline", "../baseline.json"]),
        (
            "rules",
            &["a.yml", "sub/b.yml", "--baseline", "../baseline.json"],
        ),
        ("rules/sub", &["..", "--baseline", "../../baseline.json"]),
        ("elsewhere", &[&abs_rules, "--baseline", &abs_baseline]),
        ("", &[&abs_rules, "--baseline", "baseline.json"]),
    ];
    for (dir, args) in runs {
        let mut all = vec!["check"];
        all.extend_from_slice(args);
        let r = sigscope(&root.join(dir), &all);
        assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{dir} {args:?}");
        let baseline = args[args.len() - 1];
        assert_eq!(
            r.stdout,
            format!(
                "All checks passed: 2 files checked.\n\
                 2 findings in the baseline `{baseline}` not shown.\n"
            ),
            "{dir} {args:?}"
        );
    }

    // Recorded from inside `rules/` or with absolute paths, the baseline is the same file.
    for (dir, args) in [
        ("rules", vec![".", "--write-baseline", "../again.json"]),
        (
            "elsewhere",
            vec![&abs_rules, "--write-baseline", "../again.json"],
        ),
    ] {
        let mut all = vec!["check"];
        all.extend(args);
        let r = sigscope(&root.join(dir), &all);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(
            std::fs::read_to_string(root.join("again.json")).expect("read"),
            recorded,
            "{dir}"
        );
    }
}

#[test]
fn entries_that_no_longer_match_are_reported() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    write(root, "rules/a.yml", &rule(1));
    write(root, "rules/b.yml", &rule(2));
    write(root, "rules/c.yml", &rule(3));
    let r = sigscope(root, &["check", "rules", "--write-baseline", "base.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    // The finding of a.yml is fixed.
    write(
        root,
        "rules/a.yml",
        &rule(1).replace("level: meduim", "level: medium"),
    );
    let r = sigscope(root, &["check", "rules", "--baseline", "base.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "All checks passed: 3 files checked.\n\
         2 findings in the baseline `base.json` not shown.\n\
         1 baseline entry no longer matches any finding; refresh the baseline with \
         `--write-baseline base.json`\n"
    );
    assert_eq!(r.stderr, "");

    // Machine formats: the note goes to standard error and the report is unchanged.
    let fresh = tempfile::tempdir().expect("tempdir");
    write(
        fresh.path(),
        "rules/a.yml",
        &rule(1).replace("level: meduim", "level: medium"),
    );
    write(fresh.path(), "rules/b.yml", &rule(2));
    write(fresh.path(), "rules/c.yml", &rule(3));
    let w = sigscope(
        fresh.path(),
        &["check", "rules", "--write-baseline", "base.json"],
    );
    assert_eq!(w.code, 0, "{}", w.stderr);
    for format in ["json", "concise", "sarif", "github"] {
        let stale = sigscope(
            root,
            &[
                "check",
                "rules",
                "--baseline",
                "base.json",
                "--format",
                format,
            ],
        );
        let clean = sigscope(
            fresh.path(),
            &[
                "check",
                "rules",
                "--baseline",
                "base.json",
                "--format",
                format,
            ],
        );
        assert_eq!(stale.code, 0, "{format}");
        assert_eq!(stale.stdout, clean.stdout, "{format}");
        assert_eq!(clean.stderr, "", "{format}");
        assert_eq!(
            stale.stderr,
            "1 baseline entry no longer matches any finding; refresh the baseline with \
             `--write-baseline base.json`\n",
            "{format}"
        );
    }

    // A deleted file's entries are stale too; a new finding still fails the run.
    std::fs::remove_file(root.join("rules/b.yml")).expect("remove");
    write(
        root,
        "rules/c.yml",
        &rule(3).replace("status: test", "status: tset"),
    );
    let r = sigscope(root, &["check", "rules", "--baseline", "base.json"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stdout.ends_with(
            "1 finding in the baseline `base.json` not shown.\n\
             2 baseline entries no longer match any finding; refresh the baseline with \
             `--write-baseline base.json`\n"
        ),
        "{}",
        r.stdout
    );

    // Entries of files this run did not check, or of lints that did not run, are not judged.
    let r = sigscope(
        root,
        &[
            "check",
            "rules/c.yml",
            "--baseline",
            "base.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        r.stderr,
        "1 baseline entry no longer matches any finding; refresh the baseline with `--write-baseline base.json`\n"
    );
    let r = sigscope(
        root,
        &[
            "check",
            "rules/c.yml",
            "--select",
            "SC2",
            "--baseline",
            "base.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.stderr, "");
    // Written again, the baseline matches.
    sigscope(root, &["check", "rules", "--write-baseline", "base.json"]);
    let r = sigscope(root, &["check", "rules", "--baseline", "base.json"]);
    assert_eq!(
        r.stdout,
        "All checks passed: 2 files checked.\n2 findings in the baseline `base.json` not shown.\n"
    );
}

#[test]
fn a_version_1_baseline_is_read_relative_to_the_working_directory() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    write(root, "rules/a.yml", &rule(1));
    let r = sigscope(root, &["check", "./rules", "--write-baseline", "base.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Version 1 held the paths as reported: `./rules/a.yml` from this directory.
    let v2 = std::fs::read_to_string(root.join("base.json")).expect("read");
    let v1 = v2
        .replace("\"version\": 2", "\"version\": 1")
        .replace("\"rules/a.yml\"", "\"./rules/a.yml\"");
    assert_ne!(v1, v2);
    write(root, "old.json", &v1);
    assert_eq!(
        findings(root, &["rules", "--baseline", "old.json"]),
        (0, vec![])
    );
    // From another directory its paths name other files: the findings come back, and the
    // entries are reported as stale.
    let r = sigscope(
        &root.join("rules"),
        &["check", ".", "--baseline", "../old.json"],
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.ends_with(
            "1 baseline entry no longer matches any finding; refresh the baseline with \
             `--write-baseline ../old.json`\n"
        ),
        "{}",
        r.stdout
    );
    // A version from the future is refused with what to do.
    write(
        root,
        "new.json",
        &v2.replace("\"version\": 2", "\"version\": 3"),
    );
    let r = sigscope(root, &["check", "rules", "--baseline", "new.json"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: baseline `new.json` has version 3; this sigscope reads versions 1 and 2: \
         update sigscope or write the baseline again with `--write-baseline`\n"
    );
}
