//! Autofix: every fixture under `tests/fixtures/fix/` is fixed and compared byte for byte with
//! its `.fixed.yml` twin (the only difference is the fix itself: comments, quoting and layout
//! stay), the fixed text is checked again and must be clean, and the `--fix`, `--diff` and
//! `--unsafe-fixes` command lines are run end to end.
//!
//! Fixture names: `SCnnn_<what>.yml` is fixed by lint SCnnn (later rounds may fix others, named
//! after `_then_`); `_unsafe` fixtures need `--unsafe-fixes`; `_nofix` fixtures have a finding of
//! SCnnn without a fix (the right edit is ambiguous) and must come back unchanged; `_sigmahq`
//! fixtures run with `--profile sigmahq` (house-style lints), where "clean" means no finding
//! that was not there before (the fixture's own file name breaks the house naming rules).
//! `SC222_mixed_repository/` is a repository with rules beside YAML that is not Sigma (an event
//! mapping, a Kubernetes manifest, a CloudFormation template, a rule file with a second document
//! that is not a rule), which `--fix` must leave byte for byte as it is.

mod common;

use std::path::{Path, PathBuf};

use sigscope::check::check_text;

use sigscope::fix::{Options, fix_text};
use sigscope::settings::Settings;

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fix");
    let mut all: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixture dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            name.ends_with(".yml") && !name.ends_with(".fixed.yml")
        })
        .collect();
    all.sort();
    assert!(all.len() >= 10, "fixtures missing in {}", dir.display());
    all
}

fn name(p: &Path) -> &str {
    p.file_name().and_then(|n| n.to_str()).expect("name")
}

fn code_of(name: &str) -> &str {
    &name[..5]
}

fn settings(name: &str) -> Settings {
    Settings {
        profile: if name.contains("_sigmahq") {
            sigscope::lint::Profile::SigmaHq
        } else {
            sigscope::lint::Profile::Default
        },
        ..Settings::default()
    }
}

fn options(name: &str) -> Options {
    Options {
        unsafe_fixes: name.contains("_unsafe"),
    }
}

#[test]
fn fixtures_are_fixed_exactly_and_come_out_clean() {
    for path in fixtures() {
        let name = name(&path);
        if name.contains("_nofix") {
            continue;
        }
        let settings = settings(name);
        let text = std::fs::read_to_string(&path).expect("read");
        let before = check_text(&path, text.clone().into_bytes(), &settings);
        assert!(
            before.files[0]
                .diagnostics
                .iter()
                .any(|d| d.code() == code_of(name) && d.fix.is_some()),
            "{name}: no {} finding with a fix",
            code_of(name)
        );
        let fixed = fix_text(&path, &text, &settings, options(name), &|_| {})
            .unwrap_or_else(|| panic!("{name}: nothing was fixed"));
        let expected_path = path.with_extension("fixed.yml");
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
        assert_eq!(fixed.fixed, expected, "{name}: fixed text differs");
        assert!(
            fixed.fixed_codes.contains_key(code_of(name)),
            "{name}: fixed {:?}",
            fixed.fixed_codes
        );
        for (i, later) in name.split("_then_").skip(1).enumerate() {
            assert!(
                fixed.fixed_codes.contains_key(&later[..5]),
                "{name}: round {} should fix {}",
                i + 2,
                &later[..5]
            );
        }
        let after = check_text(&path, fixed.fixed.clone().into_bytes(), &settings);
        let list = |r: &sigscope::check::Report| -> Vec<String> {
            r.files[0]
                .diagnostics
                .iter()
                .map(|d| format!("{} {}", d.code(), d.message))
                .collect()
        };
        let left = list(&after);
        if name.contains("_sigmahq") {
            let had = list(&before);
            let new: Vec<&String> = left.iter().filter(|l| !had.contains(l)).collect();
            assert!(
                new.is_empty(),
                "{name}: new findings after the fix: {new:?}"
            );
            assert!(
                !left.iter().any(|l| l.starts_with(code_of(name))),
                "{name}: {} left: {left:?}",
                code_of(name)
            );
        } else {
            assert!(left.is_empty(), "{name}: not clean after the fix: {left:?}");
        }
    }
}

#[test]
fn ambiguous_findings_have_no_fix_and_stay_unchanged() {
    let mut seen = 0;
    for path in fixtures() {
        let name = name(&path);
        if !name.contains("_nofix") {
            continue;
        }
        let settings = settings(name);
        seen += 1;
        let text = std::fs::read_to_string(&path).expect("read");
        let report = check_text(&path, text.clone().into_bytes(), &settings);
        let own: Vec<_> = report.files[0]
            .diagnostics
            .iter()
            .filter(|d| d.code() == code_of(name))
            .collect();
        assert!(!own.is_empty(), "{name}: no {} finding", code_of(name));
        assert!(own.iter().all(|d| d.fix.is_none()), "{name}: has a fix");
        let all = Options { unsafe_fixes: true };
        assert!(fix_text(&path, &text, &settings, all, &|_| {}).is_none());
    }
    assert!(seen >= 2);
}

#[test]
fn unsafe_fixes_need_the_flag() {
    for path in fixtures().iter().filter(|p| name(p).contains("_unsafe")) {
        let settings = settings(name(path));
        let text = std::fs::read_to_string(path).expect("read");
        let safe_only = Options::default();
        assert!(
            fix_text(path, &text, &settings, safe_only, &|_| {}).is_none(),
            "{}",
            name(path)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------------

const DATED: &str = "SC108_slash_dates.yml";
const PLACEHOLDER: &str = "SC301_unsafe_placeholder.yml";

fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/fix")
            .join(name),
    )
    .expect("fixture")
}

fn fixed_text(name: &str) -> String {
    fixture_text(&name.replace(".yml", ".fixed.yml"))
}

#[test]
fn fix_writes_the_files_and_reports_what_remains() {
    let dir = tempfile::tempdir().expect("tmp");
    common::write(dir.path(), "rules/dated.yml", &fixture_text(DATED));
    common::write(
        dir.path(),
        "rules/placeholder.yml",
        &fixture_text(PLACEHOLDER),
    );
    let run = common::sigscope(
        dir.path(),
        &["check", "rules", "--fix", "--format", "concise"],
    );
    // The placeholder keeps its error: its fix is unsafe.
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "rules/placeholder.yml:17:16: SC301 detection matches every event: `selection` matches anything and the condition `selection` does not narrow it\n"
    );
    assert_eq!(run.stderr, "Fixed 2 findings in 1 file.\n");
    let read = |p: &str| std::fs::read_to_string(dir.path().join(p)).expect("read");
    assert_eq!(read("rules/dated.yml"), fixed_text(DATED));
    assert_eq!(read("rules/placeholder.yml"), fixture_text(PLACEHOLDER));

    let run = common::sigscope(
        dir.path(),
        &[
            "check",
            "rules",
            "--fix",
            "--unsafe-fixes",
            "--format",
            "human",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(
        run.stdout,
        "All checks passed: 2 files checked.\nFixed 1 finding in 1 file.\n"
    );
    assert_eq!(read("rules/placeholder.yml"), fixed_text(PLACEHOLDER));
}

#[test]
fn human_output_marks_fixable_findings() {
    let dir = tempfile::tempdir().expect("tmp");
    common::write(dir.path(), "dated.yml", &fixture_text(DATED));
    common::write(dir.path(), "placeholder.yml", &fixture_text(PLACEHOLDER));
    let run = common::sigscope(dir.path(), &["check", "."]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("dated.yml:8:7: SC108 invalid-date-format [*]\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("placeholder.yml:17:16: SC301 placeholder-logic\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with(
            "[*] 2 fixable with `sigscope check --fix`; 1 more fix with `--unsafe-fixes`: SC301 placeholder-logic (1).\n"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn diff_shows_the_fixes_without_writing() {
    let dir = tempfile::tempdir().expect("tmp");
    common::write(dir.path(), "rules/dated.yml", &fixture_text(DATED));
    common::write(dir.path(), "rules/clean.yml", &fixed_text(DATED));
    let run = common::sigscope(dir.path(), &["check", "rules", "--diff"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "--- a/rules/dated.yml
+++ b/rules/dated.yml
@@ -5,8 +5,8 @@
 references:
     - https://lolbas-project.github.io/lolbas/Binaries/Certutil/
 author: sigscope tests
-date: 2024/05/17  # first version
-modified: '2024.06.01'
+date: 2024-05-17  # first version
+modified: '2024-06-01'
 tags:
     - attack.command-and-control
     - attack.t1105
"
    );
    assert_eq!(run.stderr, "Would fix 2 findings in 1 file.\n");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("rules/dated.yml")).expect("read"),
        fixture_text(DATED)
    );
    let clean = common::sigscope(dir.path(), &["check", "rules/clean.yml", "--diff"]);
    assert_eq!((clean.code, clean.stdout.as_str()), (0, ""));
    assert_eq!(clean.stderr, "Would fix 0 findings in 0 files.\n");
}

#[test]
fn fix_on_stdin_prints_the_fixed_rule() {
    let dir = tempfile::tempdir().expect("tmp");
    let run = |input: &str, extra: &[&str]| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_sigscope"));
        cmd.current_dir(dir.path())
            .args(["check", "--stdin-filename", "rules/x.yml", "--fix"])
            .args(extra)
            .env("NO_COLOR", "1")
            .env_remove("FORCE_COLOR")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = cmd.spawn().expect("spawn");
        use std::io::Write;
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("write");
        let out = child.wait_with_output().expect("wait");
        (
            out.status.code(),
            String::from_utf8(out.stdout).expect("utf8"),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, stdout, stderr) = run(&fixture_text(DATED), &["--format", "concise"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stdout, fixed_text(DATED));
    assert_eq!(stderr, "Fixed 2 findings in 1 file.\n");
    // Nothing to fix: the input comes back as it was, the findings go to standard error.
    let (code, stdout, stderr) = run(&fixture_text(PLACEHOLDER), &["--format", "concise"]);
    assert_eq!(code, Some(1));
    assert_eq!(stdout, fixture_text(PLACEHOLDER));
    assert!(stderr.starts_with("rules/x.yml:17:16: SC301 "), "{stderr}");
}

#[test]
fn baselined_findings_are_not_fixed() {
    let dir = tempfile::tempdir().expect("tmp");
    common::write(dir.path(), "old.yml", &fixture_text(DATED));
    let w = common::sigscope(dir.path(), &["check", ".", "--write-baseline", "b.json"]);
    assert_eq!(w.code, 0, "{}", w.stderr);
    common::write(dir.path(), "new.yml", &fixture_text("SC109_tag_case.yml"));
    let run = common::sigscope(
        dir.path(),
        &["check", ".", "--baseline", "b.json", "--diff"],
    );
    assert_eq!(run.code, 1);
    assert!(run.stdout.starts_with("--- a/new.yml\n"), "{}", run.stdout);
    assert!(!run.stdout.contains("old.yml"), "{}", run.stdout);
}

#[test]
fn explain_says_what_the_fix_does() {
    let dir = tempfile::tempdir().expect("tmp");
    let run = common::sigscope(dir.path(), &["explain", "SC508"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.starts_with(
            "# SC508 duplicate-tag (warning)\n\nFix: sometimes available (`sigscope check --fix`).\n\n## What it does\n"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("\n## Fix\n`--fix` removes the later copy")
    );
    let plain = common::sigscope(dir.path(), &["explain", "SC201"]);
    assert!(!plain.stdout.contains("Fix:"), "{}", plain.stdout);
}

#[test]
fn diff_goes_to_the_output_file() {
    let dir = tempfile::tempdir().expect("tmp");
    common::write(dir.path(), "dated.yml", &fixture_text(DATED));
    let run = common::sigscope(
        dir.path(),
        &["check", "dated.yml", "--diff", "--output-file", "fix.diff"],
    );
    assert_eq!((run.code, run.stdout.as_str()), (1, ""));
    let diff = std::fs::read_to_string(dir.path().join("fix.diff")).expect("diff file");
    assert!(
        diff.starts_with("--- a/dated.yml\n+++ b/dated.yml\n@@ -5,8 +5,8 @@\n"),
        "{diff}"
    );
}

// ---------------------------------------------------------------------------------------------
// What `--fix` may touch, and what it says it did
// ---------------------------------------------------------------------------------------------

const MIXED: &str = "SC222_mixed_repository";

fn fixture_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fix")
        .join(name)
}

/// Every file under `dir`, relative, sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).expect("under dir").to_path_buf());
            }
        }
    }
    out.sort();
    out
}

fn copy_fixture_dir(name: &str, to: &Path) {
    let from = fixture_dir(name);
    for rel in files_under(&from) {
        let text = std::fs::read_to_string(from.join(&rel)).expect("read fixture");
        common::write(to, &rel.to_string_lossy(), &text);
    }
}

#[test]
fn fix_edits_only_sigma_documents() {
    let dir = tempfile::tempdir().expect("tmp");
    copy_fixture_dir(MIXED, dir.path());
    let original = |rel: &str| std::fs::read_to_string(fixture_dir(MIXED).join(rel)).expect("read");
    let read = |rel: &str| std::fs::read_to_string(dir.path().join(rel)).expect("read");
    const RULE: &str = "rules/certutil_with_config.yml";
    const COLLECTION: &str = "rules/certutil_collection.yml";
    let not_rules = [
        "config/sysmon_event_mapping.yml",
        "deploy/converter.yaml",
        "infra/log_bucket.yml",
    ];

    // Findings in documents that are not Sigma keep no fix in any output: only the rules' fixes
    // are offered, the `action: global` document of a v1 collection included.
    let (_, with_fix) = {
        let run = common::sigscope(dir.path(), &["check", ".", "--format", "json"]);
        let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
        let list: Vec<String> = v["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|d| !d["fix"].is_null())
            .map(|d| {
                format!(
                    "{}:{} {}",
                    d["path"].as_str().expect("path"),
                    d["line"],
                    d["code"].as_str().expect("code")
                )
            })
            .collect();
        (run.code, list)
    };
    assert_eq!(
        with_fix,
        [
            "./rules/certutil_collection.yml:7 SC108",
            "./rules/certutil_with_config.yml:8 SC108",
            "./rules/certutil_with_config.yml:23 SC222",
        ]
    );
    // The other YAML is not linted: each file is named once as not a rule, and that is all.
    let (_, all) = common::findings(dir.path(), &["."]);
    for rel in not_rules {
        let found: Vec<&String> = all
            .iter()
            .filter(|f| f.starts_with(&format!("./{rel}:")))
            .collect();
        assert!(
            found.len() == 1 && found[0].ends_with(" SC013 info"),
            "{all:?}"
        );
    }

    let diff = common::sigscope(dir.path(), &["check", ".", "--diff", "--unsafe-fixes"]);
    let headers: Vec<&str> = diff
        .stdout
        .lines()
        .filter(|l| l.starts_with("+++ "))
        .collect();
    assert_eq!(
        headers,
        [
            "+++ b/rules/certutil_collection.yml",
            "+++ b/rules/certutil_with_config.yml"
        ]
    );

    // The safe fixes: the rules' dates; the rule's custom key waits for `--unsafe-fixes`.
    let run = common::sigscope(dir.path(), &["check", ".", "--fix", "--format", "concise"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "Fixed 2 findings in 2 files.\n");
    let dated = original(RULE).replacen("date: 2024/05/17", "date: 2024-05-17", 1);
    assert_eq!(read(RULE), dated);
    assert_eq!(
        read(COLLECTION),
        original(COLLECTION).replace("date: 2024/05/17", "date: 2024-05-17")
    );
    for rel in not_rules {
        assert_eq!(read(rel), original(rel), "{rel} was edited");
    }

    let run = common::sigscope(
        dir.path(),
        &[
            "check",
            ".",
            "--fix",
            "--unsafe-fixes",
            "--format",
            "concise",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "Fixed 1 finding in 1 file.\n");
    // The second document, a converter's settings, keeps its `Backend`, `date` and `Tags`.
    assert_eq!(read(RULE), dated.replace("Simulation:", "simulation:"));
    assert!(
        read(RULE).ends_with("Backend: splunk\ndate: 2024/05/17\nTags:\n    - Attack.Execution\n")
    );
    for rel in not_rules {
        assert_eq!(read(rel), original(rel), "{rel} was edited");
    }
    assert_eq!(files_under(dir.path()), files_under(&fixture_dir(MIXED)));
}

fn run_stdin(
    dir: &Path,
    args: &[&str],
    input: &str,
    stdout: std::process::Stdio,
) -> (Option<i32>, String, String) {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_sigscope"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("FORCE_COLOR")
        .env("COLUMNS", "100")
        .stdin(std::process::Stdio::piped())
        .stdout(stdout)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn fix_on_stdin_leaves_yaml_that_is_not_sigma_alone() {
    let dir = tempfile::tempdir().expect("tmp");
    let manifest =
        std::fs::read_to_string(fixture_dir(MIXED).join("deploy/converter.yaml")).expect("read");
    let (code, stdout, stderr) = run_stdin(
        dir.path(),
        &[
            "check",
            "--stdin-filename",
            "deploy/converter.yaml",
            "--fix",
            "--unsafe-fixes",
            "--format",
            "concise",
        ],
        &manifest,
        std::process::Stdio::piped(),
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stdout, manifest);
    assert_eq!(
        stderr,
        "deploy/converter.yaml:1:1: SC013 not a Sigma rule: this looks like a Kubernetes manifest; not linted\n"
    );
    assert!(!stderr.contains("Fixed"), "{stderr}");
}

#[test]
fn key_case_and_wildcard_rewrites_need_unsafe_fixes() {
    let dir = tempfile::tempdir().expect("tmp");
    let names = [
        "SC222_unsafe_capitalized_custom_key.yml",
        "SC416_unsafe_wildcard_as_exists.yml",
    ];
    for name in names {
        common::write(dir.path(), name, &fixture_text(name));
    }
    let run = common::sigscope(dir.path(), &["check", ".", "--fix", "--format", "concise"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    assert!(!run.stdout.contains("[*]"), "{}", run.stdout);
    for name in names {
        let now = std::fs::read_to_string(dir.path().join(name)).expect("read");
        assert_eq!(now, fixture_text(name), "{name}");
    }
    let run = common::sigscope(
        dir.path(),
        &[
            "check",
            ".",
            "--fix",
            "--unsafe-fixes",
            "--format",
            "concise",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "Fixed 3 findings in 2 files.\n");
    for name in names {
        let now = std::fs::read_to_string(dir.path().join(name)).expect("read");
        assert_eq!(now, fixed_text(name), "{name}");
    }
}

#[test]
fn hint_names_the_fixes_it_holds_back() {
    let dir = tempfile::tempdir().expect("tmp");
    // `status: tset` is a guess at `test`: unsafe, yet it changes nothing the rule matches.
    common::write(
        dir.path(),
        "dated.yml",
        &fixture_text(DATED).replace("status: test", "status: tset"),
    );
    common::write(dir.path(), "placeholder.yml", &fixture_text(PLACEHOLDER));
    common::write(
        dir.path(),
        "custom_key.yml",
        &fixture_text("SC222_unsafe_capitalized_custom_key.yml"),
    );
    let run = common::sigscope(dir.path(), &["check", "."]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.ends_with(
            "[*] 2 fixable with `sigscope check --fix`; 3 more fixes with `--unsafe-fixes`: \
             SC103 invalid-enum-value (1), SC222 non-lowercase-key (1), SC301 placeholder-logic (1).\n"
        ),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("changes what the rule matches"));
    let only_unsafe = common::sigscope(dir.path(), &["check", "placeholder.yml", "custom_key.yml"]);
    assert!(
        only_unsafe.stdout.ends_with(
            "2 fixes available with `sigscope check --fix --unsafe-fixes`: \
             SC222 non-lowercase-key (1), SC301 placeholder-logic (1).\n"
        ),
        "{}",
        only_unsafe.stdout
    );
    let all = common::sigscope(dir.path(), &["check", ".", "--unsafe-fixes"]);
    assert!(
        all.stdout
            .ends_with("[*] 5 fixable with `sigscope check --fix --unsafe-fixes`.\n"),
        "{}",
        all.stdout
    );
}

/// Runs `args` in `dir` as a user without the right to write read-only files: the current one,
/// or `nobody` through `setpriv` when the tests run as root. `None` when neither is possible.
fn sigscope_unprivileged(dir: &Path, args: &[&str]) -> Option<common::Run> {
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if !root {
        return Some(common::sigscope(dir, args));
    }
    let out = std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(env!("CARGO_BIN_EXE_sigscope"))
        .args(args)
        .current_dir(dir)
        .env("COLUMNS", "100")
        .env("NO_COLOR", "1")
        .env_remove("FORCE_COLOR")
        .output()
        .ok()?;
    Some(common::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    })
}

#[cfg(unix)]
#[test]
fn a_file_that_cannot_be_written_is_a_finding() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tmp");
    let mode = |p: &Path, m: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).expect("chmod");
    };
    mode(dir.path(), 0o755);
    let locked = dir.path().join("locked.yml");
    let open = dir.path().join("open.yml");
    common::write(dir.path(), "locked.yml", &fixture_text(DATED));
    // Another detection, so that the two rules are not duplicates.
    let other = |t: String| t.replace("'urlcache'", "'verifyctl'");
    common::write(
        dir.path(),
        "open.yml",
        &other(fixture_text("SC108_real_calendar_dates.yml")),
    );
    mode(&locked, 0o444);
    mode(&open, 0o666);
    let Some(run) =
        sigscope_unprivileged(dir.path(), &["check", ".", "--fix", "--format", "concise"])
    else {
        eprintln!("skipping: running as root without `setpriv` to drop the privilege");
        return;
    };
    mode(&locked, 0o644);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    // Only what was written is counted.
    assert_eq!(run.stderr, "Fixed 2 findings in 1 file.\n");
    assert_eq!(
        run.stdout,
        "./locked.yml:1:1: SC012 cannot write the fixed file: Permission denied (os error 13)\n\
         ./locked.yml:8:7: SC108 [*] `date` must be a date written YYYY-MM-DD, found `2024/05/17`\n\
         ./locked.yml:9:11: SC108 [*] `modified` must be a date written YYYY-MM-DD, found `2024.06.01`\n"
    );
    assert_eq!(
        std::fs::read_to_string(&locked).expect("read"),
        fixture_text(DATED)
    );
    assert_eq!(
        std::fs::read_to_string(&open).expect("read"),
        other(fixed_text("SC108_real_calendar_dates.yml"))
    );
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "needs /dev/full, a device that refuses every write"
)]
fn fix_on_stdin_that_cannot_be_written_is_a_finding() {
    let full = dev_full();
    let dir = tempfile::tempdir().expect("tmp");
    let (code, _, stderr) = run_stdin(
        dir.path(),
        &[
            "check",
            "--stdin-filename",
            "rules/x.yml",
            "--fix",
            "--format",
            "concise",
        ],
        &fixture_text(DATED),
        std::process::Stdio::from(full),
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.starts_with(
            "rules/x.yml:1:1: SC012 cannot write the fixed file: writing to standard output failed: "
        ),
        "{stderr}"
    );
    assert!(stderr.contains("rules/x.yml:8:7: SC108 [*] "), "{stderr}");
    assert!(!stderr.contains("Fixed"), "{stderr}");
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "needs /dev/full, a device that refuses every write"
)]
fn show_fixes_lists_only_the_fixes_written() {
    let full = dev_full();
    let dir = tempfile::tempdir().expect("tmp");
    let args = [
        "check",
        "--stdin-filename",
        "rules/x.yml",
        "--fix",
        "--show-fixes",
        "--format",
        "concise",
    ];
    let (code, _, stderr) = run_stdin(
        dir.path(),
        &args,
        &fixture_text(DATED),
        std::process::Stdio::from(full),
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("rules/x.yml:1:1: SC012 "), "{stderr}");
    assert!(!stderr.contains("Fixed"), "{stderr}");
    let (code, stdout, stderr) = run_stdin(
        dir.path(),
        &args,
        &fixture_text(DATED),
        std::process::Stdio::piped(),
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stdout, fixed_text(DATED));
    assert_eq!(
        stderr,
        "Fixed 2 findings:\n- rules/x.yml:\n    2 × SC108 (invalid-date-format)\n"
    );
}

/// The SC012 of a file that could not be written has the severity its own configuration gives.
#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "needs /dev/full, a device that refuses every write"
)]
fn an_unwritten_file_has_the_severity_of_its_config() {
    let full = dev_full();
    let dir = tempfile::tempdir().expect("tmp");
    common::write(
        dir.path(),
        "team/sigscope.toml",
        "[severity]\nSC012 = \"warning\"\n",
    );
    let (code, _, stderr) = run_stdin(
        dir.path(),
        &[
            "check",
            "--stdin-filename",
            "team/x.yml",
            "--fix",
            "--format",
            "json",
        ],
        &fixture_text(DATED),
        std::process::Stdio::from(full),
    );
    assert_eq!(code, Some(1), "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stderr).expect("JSON");
    let severities: Vec<(&str, &str)> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default(),
                d["severity"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(severities[0], ("SC012", "warning"), "{stderr}");
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "needs /dev/full, a device that refuses every write"
)]
fn exit_zero_does_not_pass_a_fix_that_could_not_be_written() {
    let full = dev_full();
    let dir = tempfile::tempdir().expect("tmp");
    let args = [
        "check",
        "--stdin-filename",
        "rules/x.yml",
        "--fix",
        "--format",
        "concise",
        "--exit-zero",
    ];
    let (code, _, stderr) = run_stdin(
        dir.path(),
        &args,
        &fixture_text(DATED),
        std::process::Stdio::from(full),
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("rules/x.yml:1:1: SC012 "), "{stderr}");
    // Written, the fixed rule passes.
    let (code, stdout, stderr) = run_stdin(
        dir.path(),
        &args,
        &fixture_text(DATED),
        std::process::Stdio::piped(),
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stdout, fixed_text(DATED));
}

#[cfg(unix)]
#[test]
fn a_file_named_twice_is_fixed_once() {
    let dir = tempfile::tempdir().expect("tmp");
    common::write(dir.path(), "a.yml", &fixture_text(DATED));
    std::os::unix::fs::symlink("a.yml", dir.path().join("b.yml")).expect("symlink");
    let run = common::sigscope(dir.path(), &["check", ".", "--fix", "--format", "concise"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.stderr, "Fixed 2 findings in 1 file.\n");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.yml")).expect("read"),
        fixed_text(DATED)
    );
}

/// `/dev/full`, where every write fails with "no space left": the tests that use it are
/// ignored, with that reason, where it does not exist.
fn dev_full() -> std::fs::File {
    std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full")
}
