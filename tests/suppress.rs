//! End-to-end tests of inline suppressions: `# sigscope: ignore[…]` on the offending line or
//! the line above, `# sigscope: ignore-file[…]`, group prefixes, and SC010 for a suppression
//! that suppresses nothing. The rules are copies of `fixtures/config/rule.yml` (one SC103
//! finding, `level: meduim`, on line 22).

use std::path::Path;
use std::process::Command;

use serde_json::Value;

const TEMPLATE: &str = include_str!("fixtures/config/rule.yml");

/// A distinct copy of the template rule.
fn rule(n: u32) -> String {
    TEMPLATE.replace("NN", &format!("{n:02}"))
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn sigscope(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_sigscope"))
        .current_dir(dir)
        .args(args)
        .env("COLUMNS", "100")
        .env("NO_COLOR", "1")
        .output()
        .expect("run sigscope");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Exit code and `path:line CODE severity` of every finding, from `--format json`.
fn findings(dir: &Path, args: &[&str]) -> (i32, Vec<String>) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let r = sigscope(dir, &all);
    let v: Value = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("{e}\nstdout: {}\nstderr: {}", r.stdout, r.stderr));
    let list = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            format!(
                "{}:{} {} {}",
                d["path"].as_str().expect("path"),
                d["line"],
                d["code"].as_str().expect("code"),
                d["severity"].as_str().expect("severity")
            )
        })
        .collect();
    (r.code, list)
}

/// Checks `text` as `a.yml` in a fresh directory.
fn check(text: &str) -> (i32, Vec<String>) {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "a.yml", text);
    findings(tmp.path(), &["a.yml"])
}

#[test]
fn a_suppression_on_the_offending_line() {
    let text = rule(1).replace("level: meduim", "level: meduim  # sigscope: ignore[SC103]");
    assert_eq!(check(&text), (0, vec![]));
    // A group prefix, in a list, with a reason after the bracket.
    let text = rule(1).replace(
        "level: meduim",
        "level: meduim # sigscope: ignore[SC5, sc1] fixed upstream",
    );
    assert_eq!(
        check(&text),
        (0, vec![String::from("a.yml:22 SC010 warning")])
    );
}

#[test]
fn a_suppression_on_the_line_above() {
    let text = rule(1).replace(
        "level: meduim",
        "# sigscope: ignore[SC103]\n# another comment\n\nlevel: meduim",
    );
    assert_eq!(check(&text), (0, vec![]));
    // It does not reach further than the next line.
    let text = rule(1).replace(
        "falsepositives:",
        "# sigscope: ignore[SC103]\nfalsepositives:",
    );
    assert_eq!(
        check(&text),
        (
            1,
            vec![
                String::from("a.yml:20 SC010 warning"),
                String::from("a.yml:23 SC103 error")
            ]
        )
    );
}

#[test]
fn a_file_wide_suppression() {
    let text = format!("{}# sigscope: ignore-file[SC1]\n", rule(1));
    assert_eq!(check(&text), (0, vec![]));
    let text = format!("# sigscope: ignore-file[SC103]\n{}", rule(1));
    assert_eq!(check(&text), (0, vec![]));
}

#[test]
fn an_unused_suppression_is_reported() {
    let text = rule(1).replace("status: test", "status: test  # sigscope: ignore[SC103]");
    assert_eq!(
        check(&text),
        (
            1,
            vec![
                String::from("a.yml:3 SC010 warning"),
                String::from("a.yml:22 SC103 error")
            ]
        )
    );
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "a.yml", &text);
    let r = sigscope(tmp.path(), &["check", "a.yml"]);
    assert!(
        r.stdout.starts_with(
            "a.yml:3:15: SC010 unused-suppression\n  ⚠ suppression `# sigscope: ignore[SC103]` suppresses nothing on the line it applies to\n"
        ),
        "{}",
        r.stdout
    );
    // A code whose lint is off in this run is not judged.
    let r = findings(tmp.path(), &["--ignore", "SC103", "a.yml"]);
    assert_eq!(r, (0, vec![]));
}

#[test]
fn comment_lookalikes_in_strings_and_block_scalars_do_not_suppress() {
    let text = rule(1).replace(
        "description: Detects certutil used to download a file from a remote URL.",
        "description: 'not a comment # sigscope: ignore-file[SC1]'\nnotes: |\n    # sigscope: ignore-file[SC1]",
    );
    let (code, got) = check(&text);
    assert_eq!(code, 1);
    assert!(
        got.contains(&String::from("a.yml:24 SC103 error")),
        "{got:?}"
    );
    assert!(!got.iter().any(|g| g.contains("SC010")), "{got:?}");
}
