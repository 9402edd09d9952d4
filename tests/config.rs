//! End-to-end tests of `sigscope.toml`: discovery by walking up from the working directory,
//! command-line overrides, errors pointing into the TOML (exit 2), select/ignore by prefix,
//! severity overrides, per-file ignores, excludes, extra tag namespaces and `sigscope config`.
//!
//! Every test builds a pack in a temporary directory from `fixtures/config/rule.yml` (one SC103
//! finding on line 22) and runs the binary there.

mod common;
use common::*;

#[test]
fn the_config_file_is_found_by_walking_up_from_the_working_directory() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    write(root, "rules/a.yml", &rule(1));
    std::fs::create_dir_all(root.join("rules/deep/er")).expect("mkdir");
    let cwd = root.join("rules/deep/er");

    let (code, got) = findings(&cwd, &["../../a.yml"]);
    assert_eq!(
        (code, got),
        (1, vec![String::from("../../a.yml:22 SC103 error")])
    );

    write(
        root,
        "sigscope.toml",
        "# house rules\nignore = [\"SC103\"]\n",
    );
    let (code, got) = findings(&cwd, &["../../a.yml"]);
    assert_eq!((code, got), (0, vec![]));

    // `--config FILE` names another file; `--isolated` reads none.
    write(root, "other.toml", "ignore = [\"SC5\"]\n");
    let (code, _) = findings(&cwd, &["--config", "../../../other.toml", "../../a.yml"]);
    assert_eq!(code, 1);
    let (code, _) = findings(&cwd, &["--isolated", "../../a.yml"]);
    assert_eq!(code, 1);
    let r = sigscope(&cwd, &["check", "--config", "missing.toml", "../../a.yml"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with("error: missing.toml: cannot read configuration file:"),
        "{}",
        r.stderr
    );
}

#[test]
fn command_line_flags_beat_the_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    write(root, "a.yml", &rule(1));
    write(
        root,
        "sigscope.toml",
        "ignore = [\"SC103\"]\nfail-level = \"warning\"\n",
    );
    assert_eq!(findings(root, &["a.yml"]), (0, vec![]));
    // `--ignore` replaces the file's list, it does not add to it.
    assert_eq!(
        findings(root, &["--ignore", "SC5", "a.yml"]),
        (1, vec![String::from("a.yml:22 SC103 error")])
    );

    let r = sigscope(
        root,
        &["config", "--ignore", "SC5,SC6", "--profile", "sigmahq"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let file = root.join("sigscope.toml");
    let file = file.display();
    let expected = format!(
        "# configuration file: {file}
profile = \"sigmahq\"                      # command line (--profile)
select = [\"SC\"]                          # default
extend-select = []                       # default
ignore = [\"SC5\", \"SC6\"]                  # command line (--ignore)
unfixable = []                           # default
unsafe-fixes = false                     # default
exclude = []                             # default
fail-level = \"warning\"                   # {file}
max-file-size = 1048576                  # default
attack-data = \"\"                         # default
extra-tag-namespaces = []                # default

[severity]                               # default

[per-file-ignores]                       # default

[site]
title = \"Detection catalogue\"            # default
base-url = \"\"                            # default
repo-url = \"\"                            # default
branch = \"main\"                          # default
"
    );
    assert_eq!(r.stdout, expected);
}

#[test]
fn a_bad_config_file_is_an_error_pointing_into_the_toml() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    write(root, "a.yml", &rule(1));
    let cases: &[(&str, &str, &str)] = &[
        (
            "profile = \"default\"\nselct = [\"SC1\"]\n",
            "sigscope.toml:2:1: invalid configuration",
            "unknown field `selct`",
        ),
        (
            "select = [\"SC1\", \"SC99\"]\n",
            "sigscope.toml:1:18: invalid configuration",
            "unknown lint code or prefix `SC99`",
        ),
        (
            "[severity]\nSC301 = \"fatal\"\n",
            "sigscope.toml:2:9: invalid configuration",
            "unknown severity `fatal`",
        ),
        (
            "select = [\"SC1\"\n",
            "sigscope.toml:1:16: invalid configuration",
            "unclosed array, expected `]`",
        ),
        (
            "exclude = [\"rules/[a\"]\n",
            "sigscope.toml:1:12: invalid configuration",
            "invalid glob `rules/[a`",
        ),
        (
            "[site]\ntitle = \"x\"\nrepo = \"y\"\n",
            "sigscope.toml:3:1: invalid configuration",
            "unknown field `repo`",
        ),
        (
            "max-file-size = -1\n",
            "sigscope.toml:1:17: invalid configuration",
            "",
        ),
    ];
    for (toml, first_line, message) in cases {
        write(root, "sigscope.toml", toml);
        let r = sigscope(root, &["check", "a.yml"]);
        assert_eq!(r.code, 2, "{toml}: {}", r.stderr);
        assert_eq!(r.stdout, "", "{toml}");
        let first = r.stderr.lines().next().unwrap_or_default();
        assert!(first.ends_with(first_line), "{toml}: {}", r.stderr);
        assert!(r.stderr.contains(message), "{toml}: {}", r.stderr);
        assert!(r.stderr.contains(" │ "), "a source snippet: {}", r.stderr);
        // `sigscope config` refuses the same file.
        assert_eq!(sigscope(root, &["config"]).code, 2);
    }
    // A bad value on the command line is a usage error too.
    std::fs::remove_file(root.join("sigscope.toml")).expect("rm");
    let r = sigscope(root, &["check", "--select", "SC99", "a.yml"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with("error: --select: unknown lint code or prefix `SC99`"),
        "{}",
        r.stderr
    );
}

#[test]
fn select_and_ignore_take_codes_prefixes_and_names() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    // SC103 (error) and SC501 (warning, unknown tag namespace).
    write(
        root,
        "a.yml",
        &rule(1).replace(
            "    - attack.t1105\n",
            "    - attack.t1105\n    - mycorp.x\n",
        ),
    );
    let all = vec![
        String::from("a.yml:12 SC501 warning"),
        String::from("a.yml:23 SC103 error"),
    ];
    assert_eq!(findings(root, &["a.yml"]), (1, all.clone()));
    assert_eq!(
        findings(root, &["--select", "SC5", "a.yml"]),
        (0, vec![all[0].clone()])
    );
    assert_eq!(
        findings(root, &["--ignore", "sc1", "a.yml"]),
        (0, vec![all[0].clone()])
    );
    assert_eq!(
        findings(root, &["--ignore", "unknown-tag-namespace", "a.yml"]),
        (1, vec![all[1].clone()])
    );
    // The most specific selector wins: the group is ignored, one of its lints is selected.
    assert_eq!(
        findings(
            root,
            &["--ignore", "SC1,SC5", "--extend-select", "SC103", "a.yml"]
        ),
        (1, vec![all[1].clone()])
    );
    write(root, "sigscope.toml", "select = [\"SC3\", \"SC4\"]\n");
    assert_eq!(findings(root, &["a.yml"]), (0, vec![]));
    write(
        root,
        "sigscope.toml",
        "extra-tag-namespaces = [\"mycorp\"]\n",
    );
    assert_eq!(findings(root, &["a.yml"]), (1, vec![all[1].clone()]));
    assert_eq!(
        findings(
            root,
            &[
                "--isolated",
                "--extra-tag-namespaces",
                "mycorp,other",
                "a.yml"
            ]
        ),
        (1, vec![all[1].clone()])
    );
}

#[test]
fn severity_overrides_change_the_exit_code() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    write(root, "a.yml", &rule(1));
    write(root, "sigscope.toml", "[severity]\nSC1 = \"warning\"\n");
    assert_eq!(
        findings(root, &["a.yml"]),
        (0, vec![String::from("a.yml:22 SC103 warning")])
    );
    // A more specific override wins over the group's.
    assert_eq!(
        findings(
            root,
            &[
                "--severity",
                "SC103=info",
                "--severity",
                "SC1=error",
                "a.yml"
            ]
        ),
        (0, vec![String::from("a.yml:22 SC103 info")])
    );
    assert_eq!(
        findings(root, &["--fail-level", "warning", "a.yml"]),
        (1, vec![String::from("a.yml:22 SC103 warning")])
    );
    let r = sigscope(root, &["check", "--severity", "SC103", "a.yml"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("expected CODE=LEVEL"), "{}", r.stderr);
}

#[test]
fn per_file_ignores_turn_lints_off_for_matching_files() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    write(root, "rules/legacy/a.yml", &rule(1));
    write(root, "rules/new/b.yml", &rule(2));
    write(
        root,
        "sigscope.toml",
        "[per-file-ignores]\n\"rules/legacy/**\" = [\"SC1\"]\n",
    );
    assert_eq!(
        findings(root, &["rules"]),
        (1, vec![String::from("rules/new/b.yml:22 SC103 error")])
    );
    // Globs in the file are relative to the file's directory, wherever sigscope runs.
    assert_eq!(
        findings(&root.join("rules"), &["."]),
        (1, vec![String::from("./new/b.yml:22 SC103 error")])
    );
    // The command-line form replaces the file's table.
    assert_eq!(
        findings(
            root,
            &["--per-file-ignores", "rules/new/*.yml:SC103", "rules"]
        ),
        (1, vec![String::from("rules/legacy/a.yml:22 SC103 error")])
    );
}

#[test]
fn excluded_files_and_directories_are_not_checked() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    write(root, "rules/deprecated/a.yml", &rule(1));
    write(root, "rules/b.yml", &rule(2));
    write(root, "rules/c_test.yml", &rule(3));
    write(
        root,
        "sigscope.toml",
        "exclude = [\"deprecated\", \"*_test.yml\"]\n",
    );
    assert_eq!(
        findings(root, &["rules"]),
        (1, vec![String::from("rules/b.yml:22 SC103 error")])
    );
    let r = sigscope(root, &["check", "rules"]);
    // The typo's unsafe fix adds a line about `--unsafe-fixes` after the summary.
    assert!(r.stdout.contains("in 1 of 1 file.\n"), "{}", r.stdout);
    // `--exclude` replaces the file's list.
    assert_eq!(
        findings(root, &["--exclude", "rules/b.yml", "rules"]).1,
        vec![
            String::from("rules/c_test.yml:22 SC103 error"),
            String::from("rules/deprecated/a.yml:22 SC103 error"),
        ]
    );
}

#[test]
fn site_settings_come_from_the_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    write(
        root,
        "sigscope.toml",
        "[site]\ntitle = \"ACME detections\"\nrepo-url = \"https://github.com/acme/rules\"\n",
    );
    let r = sigscope(root, &["config", "--isolated"]);
    assert!(
        r.stdout.contains("title = \"Detection catalogue\""),
        "{}",
        r.stdout
    );
    let r = sigscope(root, &["config"]);
    let file = root.join("sigscope.toml");
    assert!(
        r.stdout.contains(&format!(
            "{:<40} # {}\n",
            "title = \"ACME detections\"",
            file.display()
        )),
        "{}",
        r.stdout
    );
    write(root, "rules/a.yml", &rule(1).replace("meduim", "medium"));
    let r = sigscope(
        root,
        &["site", "rules", "-o", "out", "--title", "Flag wins"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let index = std::fs::read_to_string(root.join("out/index.html")).expect("index");
    assert!(index.contains("Flag wins"));
    assert!(!index.contains("ACME detections"));
    let page = std::fs::read_dir(root.join("out/rules"))
        .expect("rule pages")
        .map(|e| std::fs::read_to_string(e.expect("entry").path()).unwrap_or_default())
        .collect::<String>();
    assert!(page.contains("https://github.com/acme/rules"), "repo link");
}

#[test]
fn unfixable_and_unsafe_fixes_come_from_the_file_and_the_flags() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    // A lone `*` in a filter (SC416, an unsafe fix) and a slash date (SC108, a safe fix).
    let text = rule(1)
        .replacen("date: 2026-10-01", "date: 2026/10/01", 1)
        .replacen(
            "    condition: selection",
            "    filter:\n        User: '*'\n    condition: selection and not filter",
            1,
        );
    assert_ne!(
        text,
        rule(1),
        "template changed: the replacements no longer apply"
    );
    write(root, "a.yml", &text);
    let diff = |args: &[&str]| {
        let mut all = vec!["check", "a.yml", "--diff"];
        all.extend_from_slice(args);
        sigscope(root, &all)
    };
    // With the template's level typo (SC103, unsafe): three.
    let all = diff(&["--unsafe-fixes"]);
    assert_eq!(all.stderr, "Would fix 3 findings in 1 file.\n");
    let r = diff(&["--unsafe-fixes", "--unfixable", "SC4"]);
    assert_eq!(r.stderr, "Would fix 2 findings in 1 file.\n");
    assert!(!r.stdout.contains("User|exists"), "{}", r.stdout);

    // `SC1`: also the level typo's fix, which is unsafe.
    write(
        root,
        "sigscope.toml",
        "unfixable = [\"SC1\"]\nunsafe-fixes = true\n",
    );
    let r = diff(&[]);
    assert_eq!(r.stderr, "Would fix 1 finding in 1 file.\n");
    assert!(
        r.stdout.contains("+        User|exists: true\n"),
        "{}",
        r.stdout
    );
    // Unfixable findings lose their `[*]` and their `fix` in every format.
    let r = sigscope(root, &["check", "a.yml", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let fixes: Vec<&serde_json::Value> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| &d["fix"])
        .collect();
    assert_eq!(
        fixes.iter().filter(|f| f.is_null()).count(),
        fixes.len() - 1
    );

    let r = sigscope(root, &["config", "--no-unsafe-fixes"]);
    assert!(
        r.stdout
            .contains("unfixable = [\"SC1\"]                      # "),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "unsafe-fixes = false                     # command line (--no-unsafe-fixes)"
        ),
        "{}",
        r.stdout
    );
    let bad = sigscope(root, &["check", "a.yml", "--unfixable", "SC999"]);
    assert_eq!(bad.code, 2);
}
