//! End-to-end test of the pre-commit hook in `.pre-commit-hooks.yaml`, run with pre-commit
//! itself (`pre-commit try-repo <hook repo> sigscope`) in a temp git repository, on what is
//! staged there:
//!
//! - a staged good rule and a staged bad rule: the hook fails and reports the bad rule only;
//! - the bad rule fixed and staged: the hook passes;
//! - a broken rule that is not staged (untracked, or a tracked rule with unstaged edits) and a
//!   staged non-YAML file: the hook still passes — it lints only staged `.yml`/`.yaml` files.
//!
//! The hook is `language: rust`, so pre-commit would `cargo install` sigscope from scratch: a
//! release build that had not finished after 13 minutes on the 2-core CI machine. By default the
//! test therefore puts this checkout's `.pre-commit-hooks.yaml` into a temp hook repository with
//! only `language: rust` → `language: system` and the `sigscope` of `entry` → the binary cargo
//! just built; id, files, types and serial mode are the real ones. `SIGSCOPE_PRECOMMIT_BUILD=1`
//! runs `try-repo` on this checkout itself (a shadow commit of the working tree's tracked files,
//! so `.pre-commit-hooks.yaml` must be committed) with the real `cargo install`; the build goes
//! to `target/precommit-hook` so later runs are incremental.
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
        hooks.matches("entry: sigscope check\n").count(),
        1,
        "{hooks}"
    );
    let binary = env!("CARGO_BIN_EXE_sigscope").replace('\'', "'\"'\"'");
    let hooks = hooks
        .replace("language: rust\n", "language: system\n")
        .replace(
            "entry: sigscope check\n",
            // Shell-quoted for pre-commit's `shlex.split`, then a JSON string (valid YAML).
            &format!(
                "entry: {}\n",
                serde_json::Value::from(format!("'{binary}' check"))
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
