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
taxonomy = \"\"                            # default
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

// ---------------------------------------------------------------------------------------------
// One configuration per file: the closest `sigscope.toml` above it
// ---------------------------------------------------------------------------------------------

fn sc103(paths: &[&str]) -> Vec<String> {
    paths
        .iter()
        .map(|p| format!("{p}:22 SC103 error"))
        .collect()
}

#[test]
fn each_file_gets_the_closest_config_above_it() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    write(root, "sigscope.toml", "ignore = [\"SC103\"]\n");
    write(root, "a.yml", &rule(1));
    write(root, "other/e.yml", &rule(5));
    // Not merged with the file above: `ignore` is back to its default here.
    write(
        root,
        "team/sigscope.toml",
        "[per-file-ignores]\n\"legacy/**\" = [\"SC1\"]\n",
    );
    write(root, "team/b.yml", &rule(2));
    write(root, "team/deep/c.yml", &rule(3));
    write(root, "team/legacy/d.yml", &rule(4));

    assert_eq!(
        findings(root, &[]),
        (1, sc103(&["./team/b.yml", "./team/deep/c.yml"]))
    );
    // Each file's own, wherever sigscope runs: not the working directory's.
    let deep = root.join("team/deep");
    assert_eq!(
        findings(&deep, &["../../a.yml", "."]),
        (1, sc103(&["./c.yml"]))
    );
    // Flags apply on top of every file's configuration.
    assert_eq!(
        findings(root, &["--ignore", "SC5"]),
        (
            1,
            sc103(&[
                "./a.yml",
                "./other/e.yml",
                "./team/b.yml",
                "./team/deep/c.yml"
            ])
        )
    );
    // `--config` gives every file the same one; `--isolated` none.
    assert_eq!(findings(root, &["--config", "sigscope.toml"]), (0, vec![]));
    assert_eq!(findings(&deep, &["--isolated", "."]).1, sc103(&["./c.yml"]));
    assert_eq!(findings(root, &["--isolated"]).1.len(), 5);
}

#[test]
fn fail_level_is_the_working_directorys_and_severity_each_files() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    write(
        root,
        "team/sigscope.toml",
        "fail-level = \"warning\"\n[severity]\nSC103 = \"warning\"\n",
    );
    write(root, "team/b.yml", &rule(2));
    let warning = vec![String::from("./team/b.yml:22 SC103 warning")];
    assert_eq!(findings(root, &[]), (0, warning));
    assert_eq!(
        findings(&root.join("team"), &[]),
        (1, vec![String::from("./b.yml:22 SC103 warning")])
    );
}

#[test]
fn a_config_excludes_only_under_its_own_directory() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    write(
        root,
        "team/sigscope.toml",
        "exclude = [\"legacy\", \"old/*.yml\"]\n",
    );
    write(root, "team/legacy/a.yml", &rule(1));
    write(root, "team/old/b.yml", &rule(2));
    write(root, "team/c.yml", &rule(3));
    write(root, "legacy/d.yml", &rule(4));
    write(root, "old/e.yml", &rule(5));
    assert_eq!(
        findings(root, &[]),
        (1, sc103(&["./legacy/d.yml", "./old/e.yml", "./team/c.yml"]))
    );
    // Named on the command line, an excluded file is still skipped.
    assert_eq!(findings(root, &["team/old/b.yml"]), (0, vec![]));
}

#[test]
fn pack_wide_lints_run_for_every_config_and_report_where_selected() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    // The same rule twice (edited, so no byte-for-byte copy): the one met second gets the
    // duplicate findings.
    write(root, "a.yml", &rule(1));
    write(root, "team/b.yml", &edited(1));
    write(root, "sigscope.toml", "ignore = [\"SC8\", \"SC103\"]\n");
    write(root, "team/sigscope.toml", "ignore = [\"SC103\"]\n");
    assert_eq!(
        findings(root, &[]),
        (
            1,
            vec![
                String::from("./team/b.yml:1 SC803 warning"),
                String::from("./team/b.yml:2 SC801 error"),
                String::from("./team/b.yml:15 SC805 warning"),
            ]
        )
    );
    write(root, "sigscope.toml", "ignore = [\"SC103\"]\n");
    write(
        root,
        "team/sigscope.toml",
        "ignore = [\"SC8\", \"SC103\"]\n",
    );
    assert_eq!(findings(root, &[]), (0, vec![]));
}

#[test]
fn fixes_follow_each_files_config() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    let slash = |n| rule(n).replacen("date: 2026-10-01", "date: 2026/10/01", 1);
    write(root, "a.yml", &slash(1));
    write(root, "team/b.yml", &slash(2));
    write(root, "team/sigscope.toml", "unfixable = [\"SC104\"]\n");
    let r = sigscope(root, &["check", "--diff"]);
    assert_eq!(r.stderr, "Would fix 1 finding in 1 file.\n");
    assert!(
        r.stdout.starts_with("--- a/a.yml\n+++ b/a.yml\n"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("team/b.yml"), "{}", r.stdout);
    let r = sigscope(root, &["check", "--fix"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let read = |rel: &str| std::fs::read_to_string(root.join(rel)).expect("rule");
    assert!(read("a.yml").contains("date: 2026-10-01"));
    assert!(read("team/b.yml").contains("date: 2026/10/01"));
}

/// `sigscope check` in `dir` with `args` and `input` on standard input, as `findings` does.
fn findings_of_stdin(dir: &std::path::Path, args: &[&str], input: &str) -> (i32, Vec<String>) {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_sigscope"))
        .current_dir(dir)
        .args(["check", "--format", "concise"])
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("FORCE_COLOR")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run sigscope");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let codes = stdout
        .lines()
        .map(|l| l.split(": ").next().unwrap_or_default().to_string())
        .collect();
    (out.status.code().unwrap_or(-1), codes)
}

#[test]
fn stdin_gets_the_config_of_its_file_name() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    write(root, "team/sigscope.toml", "ignore = [\"SC103\"]\n");
    let text = rule(1);
    // The named place need not exist.
    assert_eq!(
        findings_of_stdin(root, &["--stdin-filename", "team/new/x.yml"], &text),
        (0, vec![])
    );
    assert_eq!(
        findings_of_stdin(root, &["--stdin-filename", "x.yml"], &text),
        (1, vec![String::from("x.yml:22:8")])
    );
    // Plain `-` has the working directory's.
    assert_eq!(
        findings_of_stdin(&root.join("team"), &["-"], &text),
        (0, vec![])
    );
    assert_eq!(
        findings_of_stdin(root, &["-"], &text),
        (1, vec![String::from("-:22:8")])
    );
}

#[test]
fn config_shows_the_configuration_of_a_path() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    write(root, "sigscope.toml", "ignore = [\"SC103\"]\n");
    write(root, "team/sigscope.toml", "ignore = [\"SC2\"]\n");
    write(root, "team/deep/x.yml", &rule(1));
    let first_line = |args: &[&str]| {
        let r = sigscope(root, args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        r.stdout.lines().next().unwrap_or_default().to_string()
    };
    let shown = |rel: &str| format!("# configuration file: {}", root.join(rel).display());
    assert_eq!(first_line(&["config"]), shown("sigscope.toml"));
    assert_eq!(first_line(&["config", "."]), shown("sigscope.toml"));
    assert_eq!(first_line(&["config", "team"]), shown("team/sigscope.toml"));
    assert_eq!(
        first_line(&["config", "team/deep/x.yml"]),
        shown("team/sigscope.toml")
    );
    let r = sigscope(root, &["config", "team/deep/x.yml"]);
    assert!(r.stdout.contains("\nignore = [\"SC2\"] "), "{}", r.stdout);
    assert_eq!(
        first_line(&["config", "--config", "sigscope.toml", "team"]),
        "# configuration file: sigscope.toml"
    );
    let r = sigscope(root, &["config", "missing"]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr, "error: path `missing` does not exist\n");
}

#[test]
fn a_bad_config_met_on_the_way_stops_the_run() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    write(root, "a.yml", &rule(1));
    write(root, "team/b.yml", &rule(2));
    write(root, "team/sigscope.toml", "selct = [\"SC1\"]\n");
    let r = sigscope(root, &["check"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(r.stdout, "");
    let first = r.stderr.lines().next().unwrap_or_default();
    assert!(
        first.ends_with("team/sigscope.toml:1:1: invalid configuration"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("unknown field `selct`"), "{}", r.stderr);
    // Not on the way of the files checked: not read.
    assert_eq!(findings(root, &["a.yml"]), (1, sc103(&["a.yml"])));
}

/// The findings of the same rule in `a.yml` and in `path` (edited, so no byte-for-byte copy),
/// reported on `path`: its id, title and logic are duplicates.
fn edited(n: u32) -> String {
    rule(n) + "# tuned for the team\n"
}

fn duplicate(path: &str) -> Vec<String> {
    vec![
        format!("{path}:1 SC803 warning"),
        format!("{path}:2 SC801 error"),
        format!("{path}:15 SC805 warning"),
    ]
}

#[test]
fn pack_checks_each_file_with_its_config() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    write(root, "a.yml", &rule(1));
    write(root, "team/b.yml", &edited(1));
    write(root, "team/sigscope.toml", "ignore = [\"SC103\"]\n");
    assert_eq!(
        findings(root, &["--pack", ".", "team/b.yml"]),
        (1, duplicate("team/b.yml"))
    );
    let mut a = duplicate("a.yml");
    a.push(String::from("a.yml:22 SC103 error"));
    assert_eq!(findings(root, &["--pack", ".", "a.yml"]), (1, a.clone()));
    // Pack-wide lints the team turns off still compare their rules with the others'.
    write(
        root,
        "team/sigscope.toml",
        "ignore = [\"SC103\", \"SC8\"]\n",
    );
    assert_eq!(
        findings(root, &["--pack", "team", "team/b.yml"]),
        (0, vec![])
    );
    assert_eq!(findings(root, &["--pack", "team", "a.yml"]), (1, a));
}

fn git(dir: &std::path::Path, args: &[&str]) -> bool {
    let Ok(out) = std::process::Command::new("git")
        .current_dir(dir)
        .args(args)
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE")
        .output()
    else {
        return false;
    };
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    true
}

#[test]
fn staged_checks_each_file_with_its_config() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    if !git(root, &["init", "-q", "-b", "main"]) {
        eprintln!("skipped: `git` is not installed");
        return;
    }
    for (key, value) in [
        ("user.email", "test@example.org"),
        ("user.name", "sigscope test"),
        ("commit.gpgsign", "false"),
    ] {
        git(root, &["config", key, value]);
    }
    write(root, "a.yml", &rule(1));
    write(root, "team/sigscope.toml", "ignore = [\"SC103\"]\n");
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "pack"]);
    write(root, "team/b.yml", &edited(1));
    git(root, &["add", "team/b.yml"]);
    assert_eq!(
        findings(root, &["--staged"]),
        (1, duplicate("./team/b.yml"))
    );
    git(root, &["commit", "-q", "-m", "b"]);
    // Nothing staged: every finding, each file's as its configuration says.
    let mut all = vec![String::from("./a.yml:22 SC103 error")];
    all.extend(duplicate("./team/b.yml"));
    assert_eq!(findings(root, &["--staged"]), (1, all));
}

#[test]
fn a_missing_path_gets_the_config_of_where_it_would_be() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    write(
        root,
        "team/sigscope.toml",
        "[severity]\nSC009 = \"warning\"\n",
    );
    assert_eq!(
        findings(root, &["team/gone.yml", "gone.yml"]),
        (
            1,
            vec![
                String::from("team/gone.yml:1 SC009 warning"),
                String::from("gone.yml:1 SC009 error"),
            ]
        )
    );
    assert_eq!(
        findings(root, &["team/gone.yml"]),
        (0, vec![String::from("team/gone.yml:1 SC009 warning")])
    );
}
