//! Snapshots of the human output (`--color never`, `COLUMNS=100`): the exact location line,
//! code, message, labels and help of each kind of finding. Paths are relative to the crate root
//! so the snapshots are the same on every machine.
//!
//! Update with `INSTA_UPDATE=always cargo test --test human` (or `cargo insta review`) and read
//! every changed `.snap` before committing it.

use std::process::{Command, Stdio};

/// `sigscope check --color never <path>` from the crate root: (exit code, stdout).
fn check_human(path: &str) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sigscope"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("COLUMNS", "100")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .args(["check", "--color", "never", path])
        .output()
        .expect("run sigscope");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.is_empty(), "unexpected stderr: {stderr}");
    let stdout = String::from_utf8(out.stdout).expect("human output is UTF-8");
    assert!(!stdout.contains('\u{1b}'), "--color never printed ANSI");
    (out.status.code(), stdout)
}

fn snapshot_failing(name: &str, path: &str) {
    let (code, stdout) = check_human(path);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.starts_with(&format!("{path}:")),
        "output must lead with the relative path:\n{stdout}"
    );
    insta::assert_snapshot!(name, stdout);
}

#[test]
fn seed_rule() {
    snapshot_failing("seed_rule", "rules/seed/malicious_link_t1204_001.yml");
}

#[test]
fn duplicate_key() {
    snapshot_failing("duplicate_key", "tests/fixtures/cli/duplicate_key.yml");
}

#[test]
fn condition_syntax_error() {
    snapshot_failing(
        "condition_syntax",
        "tests/fixtures/cli/condition_syntax.yml",
    );
}

#[test]
fn yaml_syntax_unquoted_star() {
    snapshot_failing("yaml_unquoted_star", "tests/fixtures/cli/yaml_star.yml");
}

#[test]
fn schema_level_typo() {
    snapshot_failing("level_typo", "tests/fixtures/cli/level_typo.yml");
}

#[test]
fn clean_fixture() {
    let (code, stdout) = check_human("tests/fixtures/cli/clean.yml");
    assert_eq!(code, Some(0), "{stdout}");
    assert_eq!(stdout, "All checks passed: 1 file checked.\n");
}

/// The snippet header (`╭─[file:line:col]`) and the location line count columns the same way,
/// in characters, also after non-ASCII text on the line.
#[test]
fn snippet_header_counts_characters_like_the_location_line() {
    let path = "tests/fixtures/lints/SC109_multibyte_text_before_tag.yml";
    let (_, stdout) = check_human(path);
    let mut checked = 0;
    let lines: Vec<&str> = stdout.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let Some(rest) = line.strip_prefix(&format!("{path}:")) else {
            continue;
        };
        let at: Vec<&str> = rest.splitn(3, ':').take(2).collect();
        let header = lines[i + 1..]
            .iter()
            .find_map(|l| l.trim_start().strip_prefix("╭─["))
            .expect("snippet header");
        assert_eq!(header, format!("{path}:{}:{}]", at[0], at[1]), "{stdout}");
        checked += 1;
    }
    assert!(checked >= 1, "{stdout}");
}
