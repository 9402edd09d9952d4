//! End-to-end test of the pre-commit hook in `.pre-commit-hooks.yaml`, run with pre-commit
//! itself (`pre-commit try-repo <hook repo> sigscope`, or `pre-commit run` with a
//! `.pre-commit-config.yaml`) in a temp git repository:
//!
//! - a staged good rule and a staged bad rule: the hook fails and reports the bad rule only;
//! - the bad rule fixed and staged: the hook passes;
//! - a broken rule that is not staged (untracked, or a tracked rule with unstaged edits) and a
//!   staged non-YAML file: the hook still passes — it reports only staged `.yml`/`.yaml` files;
//! - a staged rule that copies the id of a committed, unstaged rule: the hook fails on the
//!   staged copy (pack-wide lints see every tracked rule), and pre-commit's stash of unstaged
//!   edits means it sees the committed rule as it will be committed;
//! - `pre-commit run --all-files` over more files than pre-commit puts on one command line: one
//!   process, one report, a duplicate id between the first and the last file reported once;
//! - `args: [--fix]`: the staged rule is rewritten and passes once the fix is staged.
//!
//! The hook is `language: rust`, so pre-commit would `cargo install` sigscope from scratch: a
//! release build that had not finished after 13 minutes on the 2-core CI machine. By default the
//! test therefore puts this checkout's `.pre-commit-hooks.yaml` into a temp hook repository with
//! only `language: rust` → `language: system` and the `sigscope` of `entry` → the binary cargo
//! just built; id, entry flags, files, types, `pass_filenames` and serial mode are the real ones.
//! `SIGSCOPE_PRECOMMIT_BUILD=1` runs `try-repo` on this checkout itself (a shadow commit of the
//! working tree's tracked files, so `.pre-commit-hooks.yaml` must be committed) with the real
//! `cargo install`; the build goes to `target/precommit-hook` so later runs are incremental.
//!
//! Skipped, with the reason printed, when `pre-commit` or `git` is not installed (`.ci/run`
//! installs pre-commit from PyPI). `PRE_COMMIT=/path/to/pre-commit` picks a specific binary.

use std::path::{Path, PathBuf};
use std::process::Command;

const GOOD: &str = "title: Certutil Download From Remote URL
id: 6b2f6d3e-7a43-4d0e-9d5c-0a3b8f1c2e44
status: test
description: Detects certutil used to download a file from a remote URL.
author: sigscope contributors
date: 2026-10-01
tags:
    - attack.command-and-control
    - attack.t1105
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image|endswith: '\\certutil.exe'
        CommandLine|contains: 'urlcache'
    condition: selection
level: high
";

fn pre_commit() -> Option<PathBuf> {
    let exe = std::env::var_os("PRE_COMMIT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("pre-commit"));
    let ok = Command::new(&exe)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then_some(exe)
}

/// pre-commit's path when it and git are installed; otherwise `None`, after printing why `test`
/// is skipped.
#[allow(clippy::print_stdout)] // the skip reason, shown with `--nocapture`
fn tools(test: &str) -> Option<PathBuf> {
    let Some(exe) = pre_commit() else {
        println!(
            "skipping {test}: `pre-commit` is not installed \
             (`pip install pre-commit`, or run .ci/run, which installs it)"
        );
        return None;
    };
    if !Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        println!("skipping {test}: `git` is not installed");
        return None;
    }
    Some(exe)
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

struct Run {
    code: Option<i32>,
    output: String,
}

/// The repository `try-repo` installs the hook from: this checkout with
/// `SIGSCOPE_PRECOMMIT_BUILD=1`, else a temp repository with this checkout's hook definition
/// running the binary under test (see the module docs).
fn hook_repo(dir: &Path) -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("SIGSCOPE_PRECOMMIT_BUILD").is_some_and(|v| v == "1") {
        return manifest.to_path_buf();
    }
    let hooks = std::fs::read_to_string(manifest.join(".pre-commit-hooks.yaml"))
        .expect("read .pre-commit-hooks.yaml");
    assert_eq!(hooks.matches("language: rust\n").count(), 1, "{hooks}");
    assert_eq!(
        hooks.matches("entry: sigscope check --staged\n").count(),
        1,
        "{hooks}"
    );
    let binary = env!("CARGO_BIN_EXE_sigscope").replace('\'', "'\"'\"'");
    let hooks = hooks
        .replace("language: rust\n", "language: system\n")
        .replace(
            "entry: sigscope check --staged\n",
            // Shell-quoted for pre-commit's `shlex.split`, then a JSON string (valid YAML).
            &format!(
                "entry: {}\n",
                serde_json::Value::from(format!("'{binary}' check --staged"))
            ),
        );
    std::fs::write(dir.join(".pre-commit-hooks.yaml"), hooks).expect("write");
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["add", ".pre-commit-hooks.yaml"]);
    git(
        dir,
        &[
            "-c",
            "user.email=test@example.org",
            "-c",
            "user.name=sigscope test",
            "-c",
            "commit.gpgsign=false",
            "commit",
            "-q",
            "-m",
            "hooks",
        ],
    );
    dir.to_path_buf()
}

fn try_repo(exe: &Path, hooks: &Path, repo: &Path, home: &Path) -> Run {
    let hooks = hooks.to_string_lossy();
    pre_commit_in(
        exe,
        repo,
        home,
        &["try-repo", &hooks, "sigscope", "--verbose"],
    )
}

/// Runs `pre-commit ARGS` in `repo` with its own cache (`home`) and no colour; stdout and
/// stderr together.
fn pre_commit_in(exe: &Path, repo: &Path, home: &Path, args: &[&str]) -> Run {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(exe)
        .current_dir(repo)
        .args(args)
        .env("PRE_COMMIT_HOME", home)
        .env("CARGO_TARGET_DIR", manifest.join("target/precommit-hook"))
        .env("NO_COLOR", "1")
        .env_remove("FORCE_COLOR")
        .env_remove("PRE_COMMIT_COLOR")
        .output()
        .expect("run pre-commit");
    Run {
        code: out.status.code(),
        output: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

#[test]
fn hook_lints_staged_rules_with_pre_commit() {
    let Some(exe) = tools("the pre-commit end-to-end test") else {
        return;
    };
    let home = tempfile::tempdir().expect("temp dir");
    let hook_dir = tempfile::tempdir().expect("temp dir");
    let hooks = hook_repo(hook_dir.path());
    let repo = tempfile::tempdir().expect("temp dir");
    let dir = repo.path();
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["config", "user.email", "test@example.org"]);
    git(dir, &["config", "user.name", "sigscope test"]);
    git(dir, &["config", "commit.gpgsign", "false"]);
    std::fs::create_dir(dir.join("rules")).expect("mkdir");
    std::fs::write(dir.join("rules/good.yml"), GOOD).expect("write");
    let bad = GOOD
        .replace(
            "6b2f6d3e-7a43-4d0e-9d5c-0a3b8f1c2e44",
            "0c1d9e2a-5b7f-4e3c-8a6d-2f4b1c9e7d55",
        )
        .replace("'urlcache'", "'verifyctl'")
        .replace("Download From Remote URL", "Verifyctl Download")
        .replace("level: high", "level: meduim");
    std::fs::write(dir.join("rules/bad.yml"), &bad).expect("write");
    git(dir, &["add", "rules/good.yml", "rules/bad.yml"]);

    // 1. The bad rule is staged: the hook fails and names it, and only it.
    let run = try_repo(&exe, &hooks, dir, home.path());
    assert_eq!(run.code, Some(1), "{}", run.output);
    assert!(run.output.contains("sigscope"), "{}", run.output);
    assert!(run.output.contains("Failed"), "{}", run.output);
    assert!(
        run.output
            .contains("rules/bad.yml:18:8: SC103 invalid-enum-value"),
        "{}",
        run.output
    );
    assert!(
        run.output.contains("unknown level `meduim`"),
        "{}",
        run.output
    );
    assert!(!run.output.contains("rules/good.yml:"), "{}", run.output);

    // 2. Fixed and staged: it passes.
    let fixed = bad.replace("level: meduim", "level: high");
    std::fs::write(dir.join("rules/bad.yml"), &fixed).expect("write");
    git(dir, &["add", "rules/bad.yml"]);
    let run = try_repo(&exe, &hooks, dir, home.path());
    assert_eq!(run.code, Some(0), "{}", run.output);
    assert!(run.output.contains("Passed"), "{}", run.output);
    git(dir, &["commit", "-q", "--no-verify", "-m", "rules"]);

    // 3. Broken rules that are not staged are not linted; a staged non-YAML file is not passed
    //    to the hook. With nothing staged for it, the hook is skipped.
    std::fs::write(dir.join("rules/wip.yml"), "title: [unclosed\n").expect("write");
    std::fs::write(
        dir.join("rules/good.yml"),
        GOOD.replace("level: high", "level: x"),
    )
    .expect("write");
    std::fs::write(dir.join("NOTES.txt"), "level: meduim\n").expect("write");
    git(dir, &["add", "NOTES.txt"]);
    let run = try_repo(&exe, &hooks, dir, home.path());
    assert_eq!(run.code, Some(0), "{}", run.output);
    assert!(
        run.output.contains("(no files to check)Skipped"),
        "{}",
        run.output
    );

    // 4. Staging the edited rule brings it in (and the untracked one stays out).
    git(dir, &["add", "rules/good.yml"]);
    let run = try_repo(&exe, &hooks, dir, home.path());
    assert_eq!(run.code, Some(1), "{}", run.output);
    assert!(
        run.output.contains("rules/good.yml:18:8: SC103"),
        "{}",
        run.output
    );
    assert!(!run.output.contains("wip.yml"), "{}", run.output);
}

/// The README's `args: [--fix]` set-up, with a `.pre-commit-config.yaml` as a user writes it:
/// the hook rewrites the staged rule, pre-commit fails the run because files changed, and once
/// the fix is staged the next run passes.
#[test]
fn hook_with_fix_rewrites_staged_rules() {
    let Some(exe) = tools("the pre-commit --fix test") else {
        return;
    };
    let home = tempfile::tempdir().expect("temp dir");
    let hook_dir = tempfile::tempdir().expect("temp dir");
    let hooks = hook_repo(hook_dir.path());
    let rev = Command::new("git")
        .current_dir(&hooks)
        .args(["rev-parse", "HEAD"])
        .output()
        .expect("git rev-parse");
    let rev = String::from_utf8_lossy(&rev.stdout).trim().to_string();
    let repo = tempfile::tempdir().expect("temp dir");
    let dir = repo.path();
    git(dir, &["init", "-q", "-b", "main"]);
    std::fs::write(
        dir.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: sigscope\n        args: [--fix]\n",
            serde_json::Value::from(hooks.to_string_lossy())
        ),
    )
    .expect("write");
    std::fs::create_dir(dir.join("rules")).expect("mkdir");
    let dated = GOOD.replace("date: 2026-10-01", "date: 2026/10/01");
    std::fs::write(dir.join("rules/dated.yml"), &dated).expect("write");
    git(dir, &["add", ".pre-commit-config.yaml", "rules/dated.yml"]);
    let run = || pre_commit_in(&exe, dir, home.path(), &["run", "--verbose"]);
    let first = run();
    assert_eq!(first.code, Some(1), "{}", first.output);
    assert!(
        first.output.contains("files were modified by this hook"),
        "{}",
        first.output
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("rules/dated.yml")).expect("read"),
        GOOD
    );
    git(dir, &["add", "rules/dated.yml"]);
    let second = run();
    assert_eq!(second.code, Some(0), "{}", second.output);
    assert!(second.output.contains("Passed"), "{}", second.output);
}

const GOOD_ID: &str = "6b2f6d3e-7a43-4d0e-9d5c-0a3b8f1c2e44";

/// A fresh repository to commit rules in.
fn user_repo(dir: &Path) {
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["config", "user.email", "test@example.org"]);
    git(dir, &["config", "user.name", "sigscope test"]);
    git(dir, &["config", "commit.gpgsign", "false"]);
}

/// `GOOD` with an id, title and logic of its own.
fn variant(n: usize) -> String {
    GOOD.replace(GOOD_ID, &variant_id(n))
        .replace("Download From Remote URL", &format!("Download Variant {n}"))
        .replace("'urlcache'", &format!("'urlcache{n}'"))
}

/// A UUID-looking id of its own for each `n` (a multiplicative hash: no run of zeros that
/// SC201 would take for a made-up id).
fn variant_id(n: usize) -> String {
    let tail = (n as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 16;
    format!("6b2f6d3e-7a43-4d0e-9d5c-{tail:012x}")
}

/// Issue 24: a commit that copies the id of a committed rule fails, on the staged copy, though
/// the copy sorts first and the committed rule is not staged. The committed rule has an unstaged
/// edit that gives it another id: pre-commit stashes unstaged edits before it runs hooks, so the
/// hook sees the rule as it will be committed, and the edit is back afterwards.
#[test]
fn hook_compares_a_staged_rule_with_the_committed_ones() {
    let Some(exe) = tools("the pre-commit pack test") else {
        return;
    };
    let home = tempfile::tempdir().expect("temp dir");
    let hook_dir = tempfile::tempdir().expect("temp dir");
    let hooks = hook_repo(hook_dir.path());
    let repo = tempfile::tempdir().expect("temp dir");
    let dir = repo.path();
    user_repo(dir);
    std::fs::create_dir(dir.join("rules")).expect("mkdir");
    std::fs::write(dir.join("rules/z_original.yml"), GOOD).expect("write");
    std::fs::write(dir.join("rules/other.yml"), variant(2)).expect("write");
    git(dir, &["add", "rules"]);
    git(dir, &["commit", "-q", "--no-verify", "-m", "rules"]);

    let edited = GOOD.replace(GOOD_ID, &variant_id(9));
    std::fs::write(dir.join("rules/z_original.yml"), &edited).expect("write");
    std::fs::write(
        dir.join("rules/a_copy.yml"),
        variant(3).replace(&variant_id(3), GOOD_ID),
    )
    .expect("write");
    std::fs::write(dir.join("rules/wip.yml"), "title: [unclosed\n").expect("write");
    git(dir, &["add", "rules/a_copy.yml"]);
    let run = try_repo(&exe, &hooks, dir, home.path());
    assert_eq!(run.code, Some(1), "{}", run.output);
    assert!(
        run.output
            .contains("rules/a_copy.yml:2:5: SC801 duplicate-id"),
        "{}",
        run.output
    );
    assert!(
        run.output.contains(&format!(
            "id `{GOOD_ID}` is already used by `Certutil Download"
        )),
        "{}",
        run.output
    );
    assert!(
        run.output
            .contains("also used here: ./rules/z_original.yml"),
        "{}",
        run.output
    );
    assert_eq!(run.output.matches(": SC").count(), 1, "{}", run.output);
    assert!(!run.output.contains("wip.yml"), "{}", run.output);
    assert_eq!(
        std::fs::read_to_string(dir.join("rules/z_original.yml")).expect("read"),
        edited,
        "pre-commit puts the unstaged edit back"
    );

    // With an id of its own, the copy passes.
    std::fs::write(dir.join("rules/a_copy.yml"), variant(3)).expect("write");
    git(dir, &["add", "rules/a_copy.yml"]);
    let run = try_repo(&exe, &hooks, dir, home.path());
    assert_eq!(run.code, Some(0), "{}", run.output);
    assert!(run.output.contains("Passed"), "{}", run.output);
}

/// Issue 24: `pre-commit run --all-files` over more files than pre-commit puts on one command
/// line (it splits the file names at 128 KiB, `pre_commit/xargs.py`) must see a duplicate id
/// between the first and the last file. The hook takes no file names, so one process checks the
/// whole pack: one JSON report, every file in it, the duplicate reported once. Handed the file
/// names, pre-commit would run the hook once per part, each blind to the others.
#[test]
fn hook_over_more_files_than_one_command_line_is_one_process() {
    const FILES: usize = 1_000;
    let Some(exe) = tools("the pre-commit --all-files test") else {
        return;
    };
    let home = tempfile::tempdir().expect("temp dir");
    let hook_dir = tempfile::tempdir().expect("temp dir");
    let hooks = hook_repo(hook_dir.path());
    let rev = Command::new("git")
        .current_dir(&hooks)
        .args(["rev-parse", "HEAD"])
        .output()
        .expect("git rev-parse");
    let rev = String::from_utf8_lossy(&rev.stdout).trim().to_string();
    let repo = tempfile::tempdir().expect("temp dir");
    let dir = repo.path();
    user_repo(dir);
    std::fs::write(
        dir.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: sigscope\n        args: [--format, json]\n",
            serde_json::Value::from(hooks.to_string_lossy())
        ),
    )
    .expect("write");
    let folder = "rules/windows/process_creation";
    std::fs::create_dir_all(dir.join(folder)).expect("mkdir");
    let names: Vec<String> = (0..FILES)
        .map(|i| {
            format!(
                "{folder}/proc_creation_win_certutil_{i:04}_{}.yml",
                "x".repeat(150)
            )
        })
        .collect();
    let command_line: usize = names.iter().map(|n| n.len() + 1).sum();
    assert!(
        command_line > 1 << 17,
        "{command_line} bytes fit one command"
    );
    for (i, name) in names.iter().enumerate() {
        let text = if i == FILES - 1 {
            variant(i).replace(&variant_id(i), &variant_id(0))
        } else {
            variant(i)
        };
        std::fs::write(dir.join(name), text).expect("write");
    }
    git(dir, &["add", "."]);
    git(dir, &["commit", "-q", "--no-verify", "-m", "rules"]);

    let run = pre_commit_in(&exe, dir, home.path(), &["run", "--all-files"]);
    assert_eq!(run.code, Some(1), "{}", run.output);
    let reports: Vec<serde_json::Value> = run
        .output
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).expect("a JSON report"))
        .collect();
    assert_eq!(reports.len(), 1, "one sigscope process: {}", run.output);
    let report = &reports[0];
    assert_eq!(report["files"], FILES, "{report}");
    let found: Vec<(&str, &str)> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["path"].as_str().expect("path"),
                d["code"].as_str().expect("code"),
            )
        })
        .collect();
    let last = format!("./{}", names[FILES - 1]);
    assert_eq!(found.len(), 1, "{:?}", &found[..found.len().min(5)]);
    assert_eq!(found[0], (last.as_str(), "SC801"));
}
