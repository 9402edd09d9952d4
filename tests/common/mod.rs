//! Helpers shared by the tests: a template rule, file writing, running the built binary in a
//! directory, the shared test data and the `rules*` folders of the SigmaHQ corpus.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub mod lsp;

use serde_json::Value;

pub const TEMPLATE: &str = include_str!("../fixtures/config/rule.yml");

/// A distinct copy of the template rule.
pub fn rule(n: u32) -> String {
    TEMPLATE.replace("NN", &format!("{n:02}"))
}

pub fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn sigscope(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_sigscope"))
        .current_dir(dir)
        .args(args)
        .env("COLUMNS", "100")
        .env("NO_COLOR", "1")
        .env_remove("FORCE_COLOR")
        .output()
        .expect("run sigscope");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Exit code and `path:line CODE severity` of every finding, from `--format json`.
pub fn findings(dir: &Path, args: &[&str]) -> (i32, Vec<String>) {
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

/// `rel` inside the shared test data: `../shared`, or `$SIGSCOPE_SHARED` when the tests were
/// built (build.rs). A test that needs a kind of it is ignored, with the reason, when that data
/// is absent: `#[cfg_attr(not(shared_corpus), ignore = "needs ../shared/corpus/sigmahq (absent)")]`,
/// likewise `shared_spec`, `shared_attack` and `shared_sarif`.
pub fn shared(rel: &str) -> PathBuf {
    Path::new(env!("SIGSCOPE_SHARED_DIR")).join(rel)
}

/// The `rules*` folders of a SigmaHQ checkout, sorted.
pub fn rules_folders(corpus: &Path) -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = std::fs::read_dir(corpus)
        .expect("read corpus folder")
        .map(|e| e.expect("corpus entry").path())
        .filter(|p| {
            p.is_dir()
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("rules"))
        })
        .collect();
    folders.sort();
    folders
}
