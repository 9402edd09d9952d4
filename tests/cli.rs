//! End-to-end tests of the `sigscope` binary: exit codes, output formats, file discovery and the
//! odd things a rule pack can contain (symlink loops, FIFOs, binary files).
//!
//! Every run goes through [`run`], which kills the child and fails the test if it does not finish
//! within [`TIMEOUT`], so a hang (reading a FIFO, following a loop) is a failure, not a stuck CI.

use std::io::{BufRead, BufReader, Read};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

const TIMEOUT: Duration = Duration::from_secs(60);
const SEED: &str = "rules/seed/malicious_link_t1204_001.yml";
const CLEAN_FIXTURE: &str = "tests/fixtures/cli/clean.yml";
const LEVEL_TYPO_FIXTURE: &str = "tests/fixtures/cli/level_typo.yml";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, run from the crate root (so relative paths like `rules/` work) with a fixed width.
fn sigscope() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sigscope"));
    cmd.current_dir(manifest_dir())
        .env("COLUMNS", "100")
        .env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .stdin(Stdio::null());
    cmd
}

#[derive(Debug)]
struct Output {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn wait_with_timeout(child: &mut Child) -> ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait for sigscope") {
            return status;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("sigscope did not finish within {TIMEOUT:?}: it hangs");
        }
        thread::sleep(Duration::from_millis(10));
    }
}

fn run_cmd(mut cmd: Command) -> Output {
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn sigscope");
    let mut stdout = child.stdout.take().expect("stdout pipe");
    let mut stderr = child.stderr.take().expect("stderr pipe");
    // Drain both pipes while waiting so a large output cannot block the child.
    let out = thread::spawn(move || {
        let mut v = Vec::new();
        stdout.read_to_end(&mut v).map(|_| v)
    });
    let err = thread::spawn(move || {
        let mut v = Vec::new();
        stderr.read_to_end(&mut v).map(|_| v)
    });
    let status = wait_with_timeout(&mut child);
    let stdout = out.join().expect("stdout reader").expect("read stdout");
    let stderr = err.join().expect("stderr reader").expect("read stderr");
    Output {
        code: status.code(),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

fn run<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
    let mut cmd = sigscope();
    cmd.args(args);
    run_cmd(cmd)
}

/// `sigscope check --format json <paths…>`, parsed.
fn check_json<S: AsRef<std::ffi::OsStr>>(paths: &[S]) -> (Output, Value) {
    let mut cmd = sigscope();
    cmd.args(["check", "--format", "json"]).args(paths);
    let out = run_cmd(cmd);
    let value: Value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", out.stdout));
    (out, value)
}

fn diagnostics(report: &Value) -> &Vec<Value> {
    report["diagnostics"].as_array().expect("diagnostics array")
}

/// `(path, code)` of every diagnostic, in output order.
fn path_codes(report: &Value) -> Vec<(String, String)> {
    diagnostics(report)
        .iter()
        .map(|d| {
            (
                d["path"].as_str().expect("path").to_owned(),
                d["code"].as_str().expect("code").to_owned(),
            )
        })
        .collect()
}

fn diags_for<'a>(report: &'a Value, path: &Path) -> Vec<&'a Value> {
    let path = path.to_string_lossy();
    diagnostics(report)
        .iter()
        .filter(|d| d["path"].as_str() == Some(&*path))
        .collect()
}

fn files(report: &Value) -> u64 {
    report["files"].as_u64().expect("files count")
}

fn clean_rule() -> String {
    std::fs::read_to_string(manifest_dir().join(CLEAN_FIXTURE)).expect("clean fixture")
}

fn write(path: &Path, contents: impl AsRef<[u8]>) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create parent");
    }
    std::fs::write(path, contents).expect("write file");
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .ok()
        .is_some_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Rule files under `dir` the way the walk defines them: `*.yml`/`*.yaml`, hidden folders skipped.
fn count_rule_files(dir: &Path) -> u64 {
    let mut n = 0;
    for entry in std::fs::read_dir(dir).expect("read_dir") {
        let entry = entry.expect("dir entry");
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if !name.starts_with('.') {
                n += count_rule_files(&path);
            }
        } else if name.ends_with(".yml") || name.ends_with(".yaml") {
            n += 1;
        }
    }
    n
}

// ---------------------------------------------------------------------------------------------
// The bundled example pack
// ---------------------------------------------------------------------------------------------

#[test]
fn example_pack_fails_only_on_the_seed_rule() {
    let (out, report) = check_json(&["rules/"]);
    assert_eq!(out.code, Some(1), "stderr: {}", out.stderr);
    assert!(out.stderr.is_empty(), "stderr: {}", out.stderr);
    let expected_files = count_rule_files(&manifest_dir().join("rules"));
    assert!(expected_files > 10, "the example pack has shrunk");
    assert_eq!(files(&report), expected_files);

    let got: Vec<(String, String, u64, u64, u64, u64)> = diagnostics(&report)
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_owned(),
                d["code"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["end_line"].as_u64().unwrap(),
                d["end_column"].as_u64().unwrap(),
            )
        })
        .collect();
    let seed = SEED.to_owned();
    assert_eq!(
        got,
        vec![
            (seed.clone(), "SC107".into(), 2, 5, 2, 23),
            (seed.clone(), "SC108".into(), 9, 7, 9, 17),
            (seed.clone(), "SC505".into(), 11, 5, 11, 21),
            (seed, "SC301".into(), 19, 14, 19, 17),
        ],
        "only the seed rule may have findings; every other file in rules/ must be clean"
    );
    let severities: Vec<&str> = diagnostics(&report)
        .iter()
        .map(|d| d["severity"].as_str().unwrap())
        .collect();
    assert_eq!(severities, ["error", "error", "info", "error"]);
    assert_eq!(report["summary"]["error"], 3);
    assert_eq!(report["summary"]["warning"], 0);
    assert_eq!(report["summary"]["info"], 1);
}

#[test]
fn example_pack_human_output() {
    let out = run(&["check", "--color", "never", "rules/"]);
    assert_eq!(out.code, Some(1));
    let expected_files = count_rule_files(&manifest_dir().join("rules"));
    let headers: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.starts_with("rules/"))
        .collect();
    assert_eq!(
        headers,
        vec![
            "rules/seed/malicious_link_t1204_001.yml:2:5: SC107 invalid-id-format",
            "rules/seed/malicious_link_t1204_001.yml:9:7: SC108 invalid-date-format [*]",
            "rules/seed/malicious_link_t1204_001.yml:11:5: SC505 technique-without-tactic [*]",
            "rules/seed/malicious_link_t1204_001.yml:19:14: SC301 placeholder-logic",
        ]
    );
    assert!(
        out.stdout.ends_with(&format!(
            "Found 3 errors, 0 warnings, 1 info in 1 of {expected_files} files.\n\
             [*] 2 fixable with `sigscope check --fix`; 1 more fix with `--unsafe-fixes`: \
             SC301 placeholder-logic (1).\n"
        )),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains('\u{1b}'), "--color never printed ANSI");
}

#[test]
fn json_output_has_the_documented_shape() {
    let (out, report) = check_json(&["rules/"]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stdout.ends_with('\n') && out.stdout.trim_end().lines().count() == 1,
        "JSON output must be one object on one line"
    );

    let top = report.as_object().expect("top-level object");
    let mut keys: Vec<&str> = top.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["diagnostics", "files", "summary", "version"]);
    assert_eq!(top["version"].as_u64(), Some(1));
    assert!(top["files"].is_u64());
    assert!(top["diagnostics"].is_array());
    assert!(top["summary"].is_object());

    let diags = diagnostics(&report);
    assert!(!diags.is_empty());
    for d in diags {
        let d = d.as_object().expect("diagnostic object");
        let mut keys: Vec<&str> = d.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "code",
                "column",
                "end_column",
                "end_line",
                "fix",
                "help",
                "line",
                "message",
                "path",
                "related",
                "severity"
            ]
        );
        let code = d["code"].as_str().expect("code is a string");
        assert!(
            code.len() == 5
                && code.starts_with("SC")
                && code[2..].chars().all(|c| c.is_ascii_digit()),
            "bad code {code}"
        );
        assert!(
            matches!(d["severity"].as_str(), Some("error" | "warning" | "info")),
            "bad severity {}",
            d["severity"]
        );
        assert!(!d["message"].as_str().expect("message string").is_empty());
        assert!(!d["path"].as_str().expect("path string").is_empty());
        for k in ["line", "column", "end_line", "end_column"] {
            assert!(d[k].as_u64().expect("position is an integer") >= 1, "{k}");
        }
        let start = (d["line"].as_u64(), d["column"].as_u64());
        let end = (d["end_line"].as_u64(), d["end_column"].as_u64());
        assert!(start <= end, "end before start: {d:?}");
        assert!(
            d["help"].is_string() || d["help"].is_null(),
            "help must be a string or null"
        );
    }
    // The seed's date and missing tactic have safe fixes, its placeholder an unsafe one.
    let fixes: Vec<&Value> = diags.iter().map(|d| &d["fix"]).collect();
    assert_eq!(
        fixes[1],
        &serde_json::json!({
            "message": "write `2026-04-19`",
            "applicability": "safe",
            "edits": [{
                "line": 9, "column": 7, "end_line": 9, "end_column": 17,
                "content": "2026-04-19"
            }]
        })
    );
    assert_eq!(fixes[3]["applicability"], "unsafe");
    assert_eq!(fixes[3]["edits"][0]["content"], "EventID|exists: true");
    assert_eq!(fixes[2]["edits"][0]["content"], "  - attack.execution\n");
    assert!(fixes[0].is_null());

    let summary = report["summary"].as_object().expect("summary object");
    let mut keys: Vec<&str> = summary.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["error", "info", "warning"]);
    for sev in ["error", "warning", "info"] {
        let n = diags.iter().filter(|d| d["severity"] == sev).count() as u64;
        assert_eq!(summary[sev].as_u64(), Some(n), "summary.{sev}");
    }
}

#[test]
fn json_help_is_null_when_absent() {
    let dir = tempfile::tempdir().unwrap();
    let rule = dir.path().join("rule.yml");
    write(
        &rule,
        clean_rule().replace(
            "title: Certutil Download From Remote URL",
            "title:\n    - a\n    - b",
        ),
    );
    let (out, report) = check_json(&[&rule]);
    assert_eq!(out.code, Some(1));
    let d = diagnostics(&report);
    assert_eq!(d.len(), 1, "{report}");
    assert_eq!(d[0]["code"], "SC102");
    // Present as an explicit null, not left out.
    assert!(d[0].as_object().unwrap().contains_key("help"));
    assert!(d[0]["help"].is_null(), "{report}");
    // A span over several lines.
    assert_eq!(
        (d[0]["line"].as_u64(), d[0]["end_line"].as_u64()),
        (Some(2), Some(3))
    );
}

#[test]
fn json_clean_run_is_empty() {
    let (out, report) = check_json(&[CLEAN_FIXTURE]);
    assert_eq!(out.code, Some(0));
    assert_eq!(files(&report), 1);
    assert!(diagnostics(&report).is_empty());
    assert_eq!(
        report["summary"],
        serde_json::json!({"error": 0, "warning": 0, "info": 0})
    );
}

// ---------------------------------------------------------------------------------------------
// Exit codes and --fail-level
// ---------------------------------------------------------------------------------------------

#[test]
fn clean_rule_passes() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("rule.yml"), clean_rule());
    let out = run(&[
        "check".as_ref(),
        "--color".as_ref(),
        "never".as_ref(),
        dir.path().as_os_str(),
    ]);
    assert_eq!(out.code, Some(0), "{}", out.stdout);
    assert_eq!(out.stdout, "All checks passed: 1 file checked.\n");
    assert!(out.stderr.is_empty());
}

#[test]
fn fail_level_on_a_clean_rule_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("rule.yml"), clean_rule());
    for level in ["error", "warning", "info"] {
        let out = run(&[
            "check".as_ref(),
            "--fail-level".as_ref(),
            level.as_ref(),
            dir.path().as_os_str(),
        ]);
        assert_eq!(out.code, Some(0), "--fail-level {level}: {}", out.stdout);
        assert!(out.stdout.contains("All checks passed"), "{}", out.stdout);
    }
}

#[test]
fn fail_level_on_an_error_exits_1() {
    for level in ["error", "warning", "info"] {
        let out = run(&["check", "--fail-level", level, LEVEL_TYPO_FIXTURE]);
        assert_eq!(out.code, Some(1), "--fail-level {level}: {}", out.stdout);
        assert!(out.stdout.contains("SC103"), "{}", out.stdout);
    }
}

#[test]
fn exit_zero_reports_the_findings_and_exits_0() {
    let out = run(&["check", "--format", "concise", "--exit-zero", SEED]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stdout.lines().count(), 4, "{}", out.stdout);
    assert!(out.stdout.contains(": SC301 "), "{}", out.stdout);
    let out = run(&["check", "--fail-level", "info", "--exit-zero", SEED]);
    assert_eq!(out.code, Some(0));
    // `--diff` exits 1 when there is something to fix, unless `--exit-zero`.
    let out = run(&["check", "--diff", "--exit-zero", SEED]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.contains("+date: 2026-04-19"), "{}", out.stdout);
    // A path that does not exist is a finding like any other.
    let out = run(&[
        "check",
        "--format",
        "concise",
        "--exit-zero",
        "does/not/exist.yml",
    ]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "does/not/exist.yml:1:1: SC009 path `does/not/exist.yml` does not exist\n"
    );
    // Usage errors are not findings.
    let out = run(&["check", "--exit-zero", "--select", "SC9999", SEED]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
}

#[test]
fn quiet_prints_the_findings_and_nothing_else() {
    let loud = run(&["check", "--color", "never", SEED]);
    let quiet = run(&["check", "--color", "never", "-q", SEED]);
    assert_eq!((loud.code, quiet.code), (Some(1), Some(1)));
    let lines: Vec<&str> = loud.stdout.lines().collect();
    let (findings, summary) = lines.split_at(lines.len() - 2);
    assert!(summary[0].starts_with("Found 3 errors"), "{summary:?}");
    assert!(summary[1].starts_with("[*] 2 fixable"), "{summary:?}");
    assert_eq!(quiet.stdout, findings.join("\n") + "\n");
    assert!(quiet.stderr.is_empty(), "{}", quiet.stderr);

    let clean = run(&["check", "--quiet", CLEAN_FIXTURE]);
    assert_eq!((clean.code, clean.stdout.as_str()), (Some(0), ""));
    let stats = run(&["check", "-q", "--statistics", SEED]);
    assert_eq!(
        stats.stdout,
        "1  SC107  [ ] invalid-id-format\n1  SC108  [*] invalid-date-format\n\
         1  SC301  [ ] placeholder-logic\n1  SC505  [*] technique-without-tactic\n"
    );
    // Other formats print only the report anyway; `-q` drops the notes on stderr.
    let concise = run(&["check", "-q", "--format", "concise", SEED]);
    assert_eq!(concise.stdout.lines().count(), 4);
    let diff = run(&["check", "-q", "--diff", SEED]);
    assert_eq!(diff.code, Some(1));
    assert!(diff.stdout.starts_with("--- a/"), "{}", diff.stdout);
    assert_eq!(diff.stderr, "");

    let dir = tempfile::tempdir().expect("tempdir");
    let seed = std::fs::read(manifest_dir().join(SEED)).expect("seed rule");
    write(&dir.path().join("seed.yml"), &seed);
    let in_dir = |args: &[&str]| {
        let mut cmd = sigscope();
        cmd.current_dir(dir.path()).args(args);
        run_cmd(cmd)
    };
    let wrote = in_dir(&["check", "-q", "seed.yml", "--write-baseline", "base.json"]);
    assert_eq!((wrote.code, wrote.stdout.as_str()), (Some(0), ""));
    assert!(dir.path().join("base.json").is_file());
    write(&dir.path().join("other.yml"), &seed);
    let based = in_dir(&[
        "check",
        "-q",
        "--color",
        "never",
        "seed.yml",
        "--baseline",
        "base.json",
    ]);
    assert_eq!((based.code, based.stdout.as_str()), (Some(0), ""));
    let fixed = in_dir(&["check", "-q", "--color", "never", "--fix", "other.yml"]);
    assert_eq!(fixed.code, Some(1));
    assert!(fixed.stdout.contains("SC301"), "{}", fixed.stdout);
    assert!(!fixed.stdout.contains("Fixed"), "{}", fixed.stdout);
    assert!(!fixed.stdout.contains("Found"), "{}", fixed.stdout);
    assert!(
        std::fs::read_to_string(dir.path().join("other.yml"))
            .expect("fixed rule")
            .contains("date: 2026-04-19")
    );
    // A run that checked nothing is not a quiet success.
    std::fs::create_dir(dir.path().join("empty")).expect("mkdir");
    let nothing = in_dir(&["check", "-q", "empty"]);
    assert_eq!((nothing.code, nothing.stdout.as_str()), (Some(0), ""));
    assert_eq!(
        nothing.stderr,
        "warning: no Sigma rule files found in `empty`; nothing was checked\n"
    );
}

#[test]
fn show_fixes_lists_the_fixes_available_or_applied() {
    let dir = tempfile::tempdir().expect("tempdir");
    let seed = std::fs::read(manifest_dir().join(SEED)).expect("seed rule");
    write(&dir.path().join("a.yml"), &seed);
    write(&dir.path().join("b.yml"), &seed);
    let in_dir = |args: &[&str]| {
        let mut cmd = sigscope();
        cmd.current_dir(dir.path()).args(args);
        run_cmd(cmd)
    };
    let available = "4 fixes available with `sigscope check --fix`:
- a.yml:
    9:7 SC108 write `2026-04-19`
    11:5 SC505 add `attack.execution`
- b.yml:
    9:7 SC108 write `2026-04-19`
    11:5 SC505 add `attack.execution`
";
    let human = in_dir(&[
        "check",
        "--show-fixes",
        "--color",
        "never",
        "a.yml",
        "b.yml",
    ]);
    assert_eq!(human.code, Some(1));
    assert!(
        human.stdout.ends_with(&format!(
            "2 more fixes with `--unsafe-fixes`: SC301 placeholder-logic (2).\n{available}"
        )),
        "{}",
        human.stdout
    );
    // Other formats keep their output as it is; the list is a note on stderr.
    let concise = in_dir(&[
        "check",
        "--show-fixes",
        "--format",
        "concise",
        "a.yml",
        "b.yml",
    ]);
    assert_eq!(concise.stderr, available);
    assert!(!concise.stdout.contains("available"), "{}", concise.stdout);
    let unsafe_too = in_dir(&["check", "--show-fixes", "--unsafe-fixes", "-q", "a.yml"]);
    assert!(
        unsafe_too.stdout.ends_with(
            "3 fixes available with `sigscope check --fix`:
- a.yml:
    9:7 SC108 write `2026-04-19`
    11:5 SC505 add `attack.execution`
    19:14 SC301 write `EventID|exists: true`
"
        ),
        "{}",
        unsafe_too.stdout
    );

    let fixed = in_dir(&[
        "check",
        "--show-fixes",
        "--fix",
        "--color",
        "never",
        "a.yml",
        "b.yml",
    ]);
    assert_eq!(fixed.code, Some(1));
    assert!(
        fixed.stdout.ends_with(
            "Fixed 4 findings:
- a.yml:
    1 × SC108 (invalid-date-format)
    1 × SC505 (technique-without-tactic)
- b.yml:
    1 × SC108 (invalid-date-format)
    1 × SC505 (technique-without-tactic)
"
        ),
        "{}",
        fixed.stdout
    );
    // Nothing left to fix: nothing to list.
    let again = in_dir(&[
        "check",
        "--show-fixes",
        "--fix",
        "--color",
        "never",
        "a.yml",
    ]);
    assert!(
        again.stdout.ends_with(
            "1 fix available with `sigscope check --fix --unsafe-fixes`: SC301 placeholder-logic (1).\n"
        ),
        "{}",
        again.stdout
    );
}

/// A `--watch` process that is killed when the test ends, also when an assertion fails before
/// the test stops it: a watch never ends by itself.
struct Watching(Child);

impl std::ops::Deref for Watching {
    type Target = Child;
    fn deref(&self) -> &Child {
        &self.0
    }
}

impl std::ops::DerefMut for Watching {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.0
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        if matches!(self.0.try_wait(), Ok(None)) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// Waits until the text read so far holds `needle`, for at most [`WATCH_TIMEOUT`]: a guard
/// against a watch that never reports, not a limit on how fast it does.
fn wait_for_output(
    child: &mut Child,
    out: &std::sync::Mutex<Vec<u8>>,
    needle: &str,
    count: usize,
) -> String {
    const WATCH_TIMEOUT: Duration = Duration::from_secs(120);
    let start = Instant::now();
    loop {
        let text = String::from_utf8_lossy(&out.lock().expect("output")).into_owned();
        if text.matches(needle).count() >= count {
            return text;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("sigscope ended ({status}) before {needle:?} (×{count}); output:\n{text}");
        }
        if start.elapsed() > WATCH_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("no {needle:?} (×{count}) within {WATCH_TIMEOUT:?}; output so far:\n{text}");
        }
        thread::sleep(Duration::from_millis(20));
    }
}

/// Copies everything `from` gives into `to` as it comes, until the end.
fn drain(
    mut from: impl Read + Send + 'static,
    to: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
) -> thread::JoinHandle<()> {
    thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = from.read(&mut buf) {
            if n == 0 {
                break;
            }
            to.lock().expect("output").extend_from_slice(&buf[..n]);
        }
    })
}

#[test]
fn watch_checks_again_after_a_change_until_ctrl_c() {
    use std::sync::{Arc, Mutex};
    let dir = tempfile::tempdir().expect("tempdir");
    let rule = dir.path().join("rules/a.yml");
    write(&rule, clean_rule());
    let mut cmd = sigscope();
    cmd.current_dir(dir.path())
        .args(["check", "--watch", "--color", "never", "rules"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = Watching(cmd.spawn().expect("spawn sigscope"));
    let (out, err) = (
        Arc::new(Mutex::new(Vec::new())),
        Arc::new(Mutex::new(Vec::new())),
    );
    let out_done = drain(child.stdout.take().expect("stdout"), Arc::clone(&out));
    let err_done = drain(child.stderr.take().expect("stderr"), Arc::clone(&err));

    // The files are watched before the first run, so a change after its report is seen.
    wait_for_output(&mut child, &out, "All checks passed: 1 file checked.\n", 1);
    let typo = std::fs::read(manifest_dir().join(LEVEL_TYPO_FIXTURE)).expect("fixture");
    write(&rule, &typo);
    let text = wait_for_output(&mut child, &out, "Found 1 error, 0 warnings, 0 info", 1);
    assert!(
        text.starts_with("All checks passed: 1 file checked.\nrules/a.yml:22:8: SC103 "),
        "{text}"
    );
    // Other files, and rules in hidden folders (never checked), are not changes: were they,
    // a run would report the typo again before the rule is written back clean. The pause
    // gives such a run time to show; it bounds nothing.
    write(&dir.path().join("rules/notes.txt"), "x");
    write(&dir.path().join("rules/.cache/b.yml"), &typo);
    thread::sleep(Duration::from_millis(500));
    write(&rule, clean_rule());
    let text = wait_for_output(&mut child, &out, "All checks passed: 1 file checked.\n", 2);
    assert_eq!(text.matches("checked.\n").count(), 2, "{text}");
    assert_eq!(text.matches("Found ").count(), 1, "{text}");
    // Not a terminal: no screen clearing.
    assert!(!text.contains('\u{1b}'), "{text:?}");

    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(sent.success());
    let status = wait_with_timeout(&mut child);
    assert_eq!(status.code(), Some(0));
    out_done.join().expect("stdout reader");
    err_done.join().expect("stderr reader");
    let err = String::from_utf8_lossy(&err.lock().expect("stderr")).into_owned();
    assert_eq!(
        err.matches("Watching for changes to rules and sigscope.toml; press Ctrl-C to stop.\n")
            .count(),
        3,
        "{err}"
    );
}

/// `check --watch --pack PACK FILE`: a change in the pack is a change to what FILE is compared
/// with.
#[test]
fn watch_with_pack_watches_the_pack_too() {
    use std::sync::{Arc, Mutex};
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("mine/a.yml"), clean_rule());
    let mut cmd = sigscope();
    cmd.current_dir(dir.path())
        .args([
            "check",
            "--watch",
            "--format",
            "concise",
            "--pack",
            "pack",
            "mine/a.yml",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    std::fs::create_dir(dir.path().join("pack")).expect("mkdir");
    let mut child = Watching(cmd.spawn().expect("spawn sigscope"));
    let (out, err) = (
        Arc::new(Mutex::new(Vec::new())),
        Arc::new(Mutex::new(Vec::new())),
    );
    let out_done = drain(child.stdout.take().expect("stdout"), Arc::clone(&out));
    let err_done = drain(child.stderr.take().expect("stderr"), Arc::clone(&err));
    let watching = "Watching for changes to rules and sigscope.toml; press Ctrl-C to stop.\n";
    wait_for_output(&mut child, &err, watching, 1);
    // The same rule in the pack (not byte for byte: that is a copy): its id is taken.
    write(
        &dir.path().join("pack/b.yml"),
        clean_rule() + "# the pack's copy\n",
    );
    let text = wait_for_output(&mut child, &out, "mine/a.yml:2:5: SC801 ", 1);
    // Only the named file's findings are reported; they name the pack's rule.
    assert!(!text.lines().any(|l| l.starts_with("pack/")), "{text}");

    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(sent.success());
    let status = wait_with_timeout(&mut child);
    assert_eq!(status.code(), Some(0));
    out_done.join().expect("stdout reader");
    err_done.join().expect("stderr reader");
}

#[test]
fn watch_refuses_what_it_cannot_watch() {
    let out = run(&["check", "--watch", "-"]);
    assert_eq!(out.code, Some(2));
    assert_eq!(
        out.stderr,
        "error: --watch watches files: it cannot read standard input (`-`)\n"
    );
    let out = run(&["check", "--watch", "does/not/exist.yml"]);
    assert_eq!(out.code, Some(2));
    assert_eq!(
        out.stderr,
        "error: path `does/not/exist.yml` does not exist\n"
    );
    let out = run(&["check", "--watch", "--pack", "does/not/exist", SEED]);
    assert_eq!(out.code, Some(2));
    assert_eq!(out.stderr, "error: path `does/not/exist` does not exist\n");
    // What git stages changes without a file being written.
    for flag in ["--fix", "--diff", "--stdin-filename=x.yml", "--staged"] {
        let out = run(&["check", "--watch", flag, SEED]);
        assert_eq!(out.code, Some(2), "{flag}");
        assert!(
            out.stderr.contains("cannot be used with"),
            "{flag}: {}",
            out.stderr
        );
    }
}

#[test]
fn bad_fail_level_is_a_usage_error() {
    let out = run(&["check", "--fail-level", "fatal", CLEAN_FIXTURE]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("fatal"), "{}", out.stderr);
}

#[test]
fn check_without_paths_checks_the_working_directory() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("clean.yml"), clean_rule());
    let seed = std::fs::read(manifest_dir().join(SEED)).expect("seed rule");
    write(&dir.path().join("sub/seed.yml"), &seed);
    write(&dir.path().join(".hidden/seed.yml"), &seed);
    let mut cmd = sigscope();
    cmd.current_dir(dir.path())
        .args(["check", "--format", "json"])
        // Standard input is only read when asked for (`-`, `--stdin-filename`).
        .stdin(Stdio::piped());
    let out = run_cmd(cmd);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let report: Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(files(&report), 2);
    let paths: Vec<(String, String)> = path_codes(&report);
    assert_eq!(
        paths,
        ["SC107", "SC108", "SC505", "SC301"].map(|c| (String::from("./sub/seed.yml"), c.into()))
    );
    // With nothing to check, the warning names the working directory.
    let empty = tempfile::tempdir().expect("tempdir");
    let mut cmd = sigscope();
    cmd.current_dir(empty.path()).arg("check");
    let out = run_cmd(cmd);
    assert_eq!(out.code, Some(0), "{}", out.stdout);
    assert_eq!(
        out.stderr,
        "warning: no Sigma rule files found in `.`; nothing was checked\n"
    );
    // `--pack` checks the files named within the pack: it still needs one.
    let mut cmd = sigscope();
    cmd.current_dir(dir.path()).args(["check", "--pack", "."]);
    let out = run_cmd(cmd);
    assert_eq!(out.code, Some(2), "{}", out.stdout);
    assert!(out.stderr.contains("<PATHS>"), "{}", out.stderr);
}

/// `sigscope check /nonexistent good.yml` (issue 24): the missing path is an SC009 error of its
/// own at 1:1, the other paths are still checked and reported in every format, exit 1.
#[test]
fn missing_path_is_a_finding_and_the_rest_is_checked() {
    const MISSING: &str = "does/not/exist.yml";
    let (out, report) = check_json(&[MISSING, LEVEL_TYPO_FIXTURE, "no-such-dir"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    assert_eq!(files(&report), 3, "{report}");
    assert_eq!(
        path_codes(&report),
        [
            (MISSING.to_owned(), "SC009".to_owned()),
            (LEVEL_TYPO_FIXTURE.to_owned(), "SC103".to_owned()),
            ("no-such-dir".to_owned(), "SC009".to_owned()),
        ],
        "{report}"
    );
    let d = &diagnostics(&report)[0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["message"], format!("path `{MISSING}` does not exist"));
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(1), Some(1))
    );
    assert!(d["help"].is_string(), "{d}");

    // Every format carries it and the other file's finding.
    for (format, missing, other) in [
        (
            "concise",
            format!("{MISSING}:1:1: SC009 path `{MISSING}` does not exist"),
            format!("{LEVEL_TYPO_FIXTURE}:22:8: SC103"),
        ),
        (
            "github",
            format!("::error file={MISSING},line=1,col=1,"),
            format!("::error file={LEVEL_TYPO_FIXTURE},line=22,col=8,"),
        ),
        (
            "human",
            format!("{MISSING}:1:1: SC009 unreadable-file"),
            format!("{LEVEL_TYPO_FIXTURE}:22:8: SC103 invalid-enum-value"),
        ),
        (
            "sarif",
            format!("\"uri\": \"{MISSING}\""),
            format!("\"uri\": \"{LEVEL_TYPO_FIXTURE}\""),
        ),
    ] {
        let out = run(&[
            "check",
            "--color",
            "never",
            "--format",
            format,
            MISSING,
            LEVEL_TYPO_FIXTURE,
        ]);
        assert_eq!(out.code, Some(1), "{format}: {}", out.stderr);
        assert!(out.stdout.contains(&missing), "{format}: {}", out.stdout);
        assert!(out.stdout.contains(&other), "{format}: {}", out.stdout);
    }

    // The missing path alone fails a run whose other files are clean, and an `--exclude` that
    // matches it does not hide the mistake.
    let (out, report) = check_json(&[MISSING, CLEAN_FIXTURE, "--exclude", "does/**"]);
    assert_eq!(out.code, Some(1), "{report}");
    assert_eq!(
        path_codes(&report),
        [(MISSING.to_owned(), "SC009".to_owned())],
        "{report}"
    );
}

// ---------------------------------------------------------------------------------------------
// File discovery
// ---------------------------------------------------------------------------------------------

/// No rule file under the paths (an empty folder, no `*.yml`, everything excluded) passes, with a
/// warning on stderr that names the paths; a run that checked something prints none.
#[test]
fn no_rule_files_found_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let empty = root.join("empty");
    std::fs::create_dir(&empty).unwrap();
    write(&root.join("docs/README.md"), "# rules\n");
    write(&root.join("legacy/old.yml"), clean_rule());
    let warning = |shown: &str| {
        format!("warning: no Sigma rule files found in {shown}; nothing was checked\n")
    };

    let (out, report) = check_json(&[&empty]);
    assert_eq!(out.code, Some(0), "{report}");
    assert_eq!(files(&report), 0);
    assert_eq!(out.stderr, warning(&format!("`{}`", empty.display())));

    let mut cmd = sigscope();
    cmd.current_dir(root)
        .args(["check", "empty", "docs", "legacy", "--exclude", "legacy"]);
    let out = run_cmd(cmd);
    assert_eq!(out.code, Some(0), "{}", out.stdout);
    assert_eq!(out.stderr, warning("`empty`, `docs`, `legacy`"));

    let mut cmd = sigscope();
    cmd.current_dir(root).args([
        "check",
        "--exclude",
        "*.yml",
        "empty",
        "docs",
        "legacy",
        ".",
    ]);
    let out = run_cmd(cmd);
    assert_eq!(out.code, Some(0), "{}", out.stdout);
    assert_eq!(
        out.stderr,
        warning("`empty`, `docs`, `legacy` and 1 more path")
    );

    let (out, report) = check_json(&[root]);
    assert_eq!(out.code, Some(0), "{report}");
    assert_eq!(files(&report), 1);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
}

#[test]
fn explicit_file_is_checked_whatever_its_extension() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("rule.txt");
    std::fs::copy(manifest_dir().join(LEVEL_TYPO_FIXTURE), &bad).unwrap();
    let noext = dir.path().join("RULE");
    write(&noext, clean_rule());

    let (out, report) = check_json(&[&bad, &noext]);
    assert_eq!(out.code, Some(1));
    assert_eq!(files(&report), 2);
    let d = diags_for(&report, &bad);
    assert_eq!(d.len(), 1, "{report}");
    assert_eq!(d[0]["code"], "SC103");
    // Both files hold the same rule, which pack-wide lints (SC8xx) rightly report; the file
    // itself is clean.
    let own: Vec<_> = diags_for(&report, &noext)
        .into_iter()
        .filter(|d| !d["code"].as_str().unwrap().starts_with("SC8"))
        .collect();
    assert!(own.is_empty(), "{report}");

    // The same files are not picked up by a directory walk.
    let (out, report) = check_json(&[dir.path()]);
    assert_eq!(out.code, Some(0), "{report}");
    assert_eq!(files(&report), 0);
}

#[test]
fn path_given_twice_is_checked_once() {
    let (out, report) = check_json(&["rules/seed", SEED]);
    assert_eq!(out.code, Some(1));
    assert_eq!(files(&report), 1);
    assert_eq!(diagnostics(&report).len(), 4);
}

#[test]
fn one_file_under_two_names_is_one_rule_of_the_pack() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let rule = std::fs::read_to_string(SEED).unwrap();
    write(&root.join("a/rule.yml"), &rule);
    std::os::unix::fs::symlink("a/rule.yml", root.join("link.yml")).unwrap();
    // A copy is another file: it is reported as a copy (SC811), once.
    write(&root.join("copy/rule.yml"), &rule);
    let codes = |paths: &[&Path]| {
        let (_, report) = check_json(paths);
        let mut codes: Vec<String> = path_codes(&report)
            .into_iter()
            .filter(|(_, code)| code.starts_with("SC8"))
            .map(|(p, code)| {
                format!(
                    "{code} {}",
                    Path::new(&p).strip_prefix(root).unwrap().display()
                )
            })
            .collect();
        codes.sort();
        codes
    };
    let dotted = root.join("a/./rule.yml");
    let a = root.join("a/rule.yml");
    let link = root.join("link.yml");
    assert_eq!(codes(&[&a, &dotted, &link]), Vec::<String>::new());
    let copy = root.join("copy/rule.yml");
    let found = codes(&[&a, &link, &copy]);
    assert_eq!(found, ["SC811 copy/rule.yml"]);
}

#[test]
fn directory_walk_is_sorted_and_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // Empty files give one SC007 each, so the diagnostics list shows the walk order.
    for name in [
        "c.yml",
        "a.yaml",
        "b/z.yml",
        "b/a.yml",
        "B.yml",
        "d.YML",
        "a/x.yml",
        "e/f/g.yml",
        "skip.txt",
        "skip.json",
    ] {
        write(&root.join(name), "");
    }
    let (out, report) = check_json(&[root]);
    assert_eq!(out.code, Some(1));
    let order: Vec<String> = path_codes(&report)
        .into_iter()
        .map(|(p, code)| {
            assert_eq!(code, "SC007");
            Path::new(&p)
                .strip_prefix(root)
                .expect("path under the root")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(
        order,
        [
            "B.yml",
            "a/x.yml",
            "a.yaml",
            "b/a.yml",
            "b/z.yml",
            "c.yml",
            "d.YML",
            "e/f/g.yml"
        ],
        "directories are walked depth-first in byte order of file names"
    );
    assert_eq!(files(&report), 8);

    // Byte-identical output on every run, despite the parallel check.
    let first = run(&["check".as_ref(), root.as_os_str()]);
    for _ in 0..3 {
        let again = run(&["check".as_ref(), root.as_os_str()]);
        assert_eq!(first.stdout, again.stdout);
    }
}

#[test]
fn example_pack_output_is_deterministic() {
    let first = run(&["check", "--color", "never", "rules/"]);
    let second = run(&["check", "--color", "never", "rules/"]);
    assert_eq!(first.stdout, second.stdout);
    let (_, a) = check_json(&["rules/"]);
    let (_, b) = check_json(&["rules/"]);
    assert_eq!(a, b);
}

#[test]
fn hidden_files_and_directories_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(&root.join("rule.yml"), clean_rule());
    write(&root.join(".git/bad.yml"), "");
    write(&root.join(".github/workflows/ci.yml"), "on: [push]\n");
    write(&root.join("sub/.hidden/bad.yml"), "");
    write(&root.join(".pre-commit-config.yaml"), "repos: []\n");
    write(&root.join("sub/.gitlab-ci.yml"), "stages: [lint]\n");
    let (out, report) = check_json(&[root]);
    assert_eq!(out.code, Some(0), "{report}");
    assert_eq!(files(&report), 1);

    // A hidden file named on the command line is checked: it is no rule, and said so.
    let (out, report) = check_json(&[root.join(".pre-commit-config.yaml")]);
    assert_eq!(out.code, Some(0), "{report}");
    assert_eq!(files(&report), 1);
    assert_eq!(
        path_codes(&report)
            .into_iter()
            .map(|(_, code)| code)
            .collect::<Vec<_>>(),
        ["SC013"]
    );

    // A hidden directory named on the command line is walked: the user asked for it.
    let (out, report) = check_json(&[root.join(".git")]);
    assert_eq!(out.code, Some(1));
    assert_eq!(files(&report), 1);
    assert_eq!(diagnostics(&report)[0]["code"], "SC007");
}

#[test]
fn directory_named_like_a_rule_is_walked_into() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let fake = root.join("x.yml");
    write(&fake.join("inner.yml"), "");
    write(&fake.join("rule.yml"), clean_rule());

    for arg in [root.to_path_buf(), fake.clone()] {
        let (out, report) = check_json(&[&arg]);
        assert_eq!(out.code, Some(1), "{report}");
        assert_eq!(files(&report), 2, "{report}");
        assert!(
            diags_for(&report, &fake).is_empty(),
            "the directory itself was treated as a file: {report}"
        );
        let inner = diags_for(&report, &fake.join("inner.yml"));
        assert_eq!(inner.len(), 1);
        assert_eq!(inner[0]["code"], "SC007");
        assert!(diags_for(&report, &fake.join("rule.yml")).is_empty());
    }
}

#[test]
fn symlink_loop_is_reported_and_does_not_hang() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(&root.join("a.yml"), clean_rule());
    write(&root.join("z.yml"), "");
    std::fs::create_dir(root.join("sub")).unwrap();
    let link = root.join("sub/loop");
    std::os::unix::fs::symlink("..", &link).unwrap();

    let (out, report) = check_json(&[root]);
    assert_eq!(out.code, Some(1), "{report}");
    let d = diags_for(&report, &link);
    assert_eq!(d.len(), 1, "{report}");
    assert_eq!(d[0]["code"], "SC009");
    assert!(
        d[0]["message"].as_str().unwrap().contains("loop"),
        "{}",
        d[0]["message"]
    );
    // The other files were still checked.
    assert!(diags_for(&report, &root.join("a.yml")).is_empty());
    let z = diags_for(&report, &root.join("z.yml"));
    assert_eq!(z.len(), 1);
    assert_eq!(z[0]["code"], "SC007");
    assert_eq!(files(&report), 3, "{report}");
}

#[test]
fn dangling_symlink_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(&root.join("a.yml"), clean_rule());
    let link = root.join("x.yml");
    std::os::unix::fs::symlink("nowhere.yml", &link).unwrap();
    // Not named like a rule: not ours, not reported.
    std::os::unix::fs::symlink("nowhere", root.join("notes.txt")).unwrap();

    // Found by the walk…
    let (out, report) = check_json(&[root]);
    assert_eq!(out.code, Some(1), "{report}");
    assert_eq!(path_codes(&report).len(), 1, "{report}");
    let d = diags_for(&report, &link);
    assert_eq!(d.len(), 1, "{report}");
    assert_eq!(d[0]["code"], "SC009");
    assert_eq!(files(&report), 2);

    // …and named explicitly: reported, not a missing path (exit 1, not 2).
    let (out, report) = check_json(&[&link]);
    assert_eq!(out.code, Some(1), "stderr: {}", out.stderr);
    let d = diags_for(&report, &link);
    assert_eq!(d.len(), 1, "{report}");
    assert_eq!(d[0]["code"], "SC009");
    assert!(
        d[0]["message"].as_str().unwrap().contains("symbolic link"),
        "{}",
        d[0]["message"]
    );
}

#[test]
fn fifo_is_reported_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(&root.join("a.yml"), clean_rule());
    let fifo = root.join("x.yml");
    match Command::new("mkfifo").arg(&fifo).status() {
        Ok(s) if s.success() => {}
        Ok(s) => {
            eprintln!("skipping fifo_is_reported_without_reading_it: mkfifo failed ({s})");
            return;
        }
        Err(e) => {
            eprintln!("skipping fifo_is_reported_without_reading_it: mkfifo not available ({e})");
            return;
        }
    }
    // Opening a FIFO for reading blocks until a writer appears: a hang here is the bug.
    for arg in [root.to_path_buf(), fifo.clone()] {
        let (out, report) = check_json(&[&arg]);
        assert_eq!(out.code, Some(1), "{report}");
        let d = diags_for(&report, &fifo);
        assert_eq!(d.len(), 1, "{report}");
        assert_eq!(d[0]["code"], "SC009");
        assert!(
            d[0]["message"]
                .as_str()
                .unwrap()
                .contains("not a regular file"),
            "{}",
            d[0]["message"]
        );
    }
}

#[test]
fn unreadable_file_is_reported() {
    if is_root() {
        eprintln!(
            "skipping unreadable_file_is_reported: running as root (uid 0), \
             chmod 000 does not stop root from reading"
        );
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(&root.join("a.yml"), clean_rule());
    let locked = root.join("locked.yml");
    write(&locked, clean_rule());
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let locked_dir = root.join("locked_dir");
    write(&locked_dir.join("r.yml"), clean_rule());
    std::fs::set_permissions(&locked_dir, std::fs::Permissions::from_mode(0o000)).unwrap();

    let (out, report) = check_json(&[root]);
    // Restore so the tempdir can be removed.
    std::fs::set_permissions(&locked_dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();

    assert_eq!(out.code, Some(1), "{report}");
    for path in [&locked, &locked_dir] {
        let d = diags_for(&report, path);
        assert_eq!(d.len(), 1, "{}: {report}", path.display());
        assert_eq!(d[0]["code"], "SC009");
    }
    assert!(diags_for(&report, &root.join("a.yml")).is_empty());
}

// ---------------------------------------------------------------------------------------------
// --pack: the named files checked against the whole pack
// ---------------------------------------------------------------------------------------------

/// The clean rule with its own id, title and logic, so that copies of it are not duplicates.
fn distinct_rule(n: u32) -> String {
    clean_rule()
        .replace(
            "8f3c1c0e-2b8e-4c51-9a1f-0c6d3f0b6a11",
            &format!("8f3c1c0e-2b8e-4c51-9a1f-0c6d3f0b6a{n:02}"),
        )
        .replace(
            "Certutil Download From Remote URL",
            &format!("Certutil Download Variant {n}"),
        )
        .replace("'urlcache'", &format!("'urlcache{n}'"))
}

/// `sigscope check --pack . FILE` (a pre-commit hook on a staged copy of a rule): the pack's
/// rules are checked and compared with FILE, only FILE's findings are reported — the duplicate
/// id included, on FILE even though it sorts before the rule it copied.
#[test]
fn pack_reports_the_named_files_against_every_rule_of_the_pack() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(&root.join("rules/z_original.yml"), distinct_rule(1));
    write(&root.join("rules/other.yml"), distinct_rule(2));
    write(&root.join("rules/broken.yml"), "title: [unclosed\n");
    let copy = distinct_rule(3).replace(
        "8f3c1c0e-2b8e-4c51-9a1f-0c6d3f0b6a03",
        "8f3c1c0e-2b8e-4c51-9a1f-0c6d3f0b6a01",
    );
    write(&root.join("rules/a_copy.yml"), &copy);
    // The same rule, not the same bytes: a duplicate, not a copy.
    write(
        &root.join("elsewhere/outside.yml"),
        distinct_rule(2) + "# tuned for the lab\n",
    );
    let check = |args: &[&str]| {
        let mut cmd = sigscope();
        cmd.current_dir(root)
            .args(["check", "--format", "json"])
            .args(args);
        let out = run_cmd(cmd);
        let report: Value = serde_json::from_str(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}{}", out.stdout, out.stderr));
        (out.code, files(&report), path_codes(&report))
    };
    let pc = |path: &str, code: &str| (path.to_owned(), code.to_owned());

    // Alone, the copy is a clean rule.
    assert_eq!(check(&["rules/a_copy.yml"]), (Some(0), 1, vec![]));
    let expected = (Some(1), 1, vec![pc("rules/a_copy.yml", "SC801")]);
    assert_eq!(check(&["--pack", ".", "rules/a_copy.yml"]), expected);
    // However the pack and the file are spelt, the file is checked once, under its name.
    assert_eq!(check(&["--pack", "rules", "rules/a_copy.yml"]), expected);
    let abs = root.join("rules").display().to_string();
    assert_eq!(check(&["--pack", &abs, "rules/a_copy.yml"]), expected);
    assert_eq!(
        check(&["--pack", "rules/", "./rules/a_copy.yml"]),
        (Some(1), 1, vec![pc("./rules/a_copy.yml", "SC801")])
    );
    // The pack through a symbolic link: the names differ, the file is the same.
    std::os::unix::fs::symlink("rules", root.join("linked")).unwrap();
    assert_eq!(check(&["--pack", "linked", "rules/a_copy.yml"]), expected);
    // Several files, in the order given; `rules/other.yml` is the same rule as
    // `elsewhere/outside.yml` (title, id, logic). The broken rule is not named, so not reported.
    let other = [
        pc("rules/other.yml", "SC803"),
        pc("rules/other.yml", "SC801"),
        pc("rules/other.yml", "SC805"),
    ];
    let mut both = other.to_vec();
    both.push(pc("rules/a_copy.yml", "SC801"));
    assert_eq!(
        check(&["--pack", ".", "rules/other.yml", "rules/a_copy.yml"]),
        (Some(1), 2, both)
    );
    // A file outside the pack is checked against it too.
    let outside: Vec<_> = other
        .iter()
        .map(|(_, code)| pc("elsewhere/outside.yml", code))
        .collect();
    assert_eq!(
        check(&["--pack", "rules", "elsewhere/outside.yml"]),
        (Some(1), 1, outside)
    );
    // A byte-for-byte copy of a rule of the pack is one finding, on the file named.
    write(&root.join("elsewhere/copy.yml"), distinct_rule(2));
    assert_eq!(
        check(&["--pack", "rules", "elsewhere/copy.yml"]),
        (Some(1), 1, vec![pc("elsewhere/copy.yml", "SC811")])
    );
    // A pack or file that does not exist is reported.
    assert_eq!(
        check(&[
            "--pack",
            "rules",
            "--pack",
            "nope",
            "rules/other.yml",
            "gone.yml"
        ]),
        (
            Some(1),
            3,
            vec![pc("gone.yml", "SC009"), pc("nope", "SC009")]
        )
    );
    // Standard input is not a file of the pack.
    let mut cmd = sigscope();
    cmd.current_dir(root).args(["check", "--pack", ".", "-"]);
    let out = run_cmd(cmd);
    assert_eq!(out.code, Some(2), "{}", out.stdout);
    assert_eq!(
        out.stderr,
        "error: --pack checks files on disk, not standard input\n"
    );
}

/// `--fix --pack`: only the named files are rewritten, and the report after the fixes is again
/// the named files' findings against the pack.
#[test]
fn pack_with_fix_rewrites_only_the_named_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let dated = |n| distinct_rule(n).replace("date: 2026-10-01", "date: 2026/10/01");
    write(&root.join("rules/named.yml"), dated(1));
    write(&root.join("rules/other.yml"), dated(2));
    let copy = dated(3).replace(
        "8f3c1c0e-2b8e-4c51-9a1f-0c6d3f0b6a03",
        "8f3c1c0e-2b8e-4c51-9a1f-0c6d3f0b6a02",
    );
    write(&root.join("rules/z_copy.yml"), &copy);
    let mut cmd = sigscope();
    cmd.current_dir(root).args([
        "check",
        "--format",
        "concise",
        "--fix",
        "--pack",
        "rules",
        "rules/named.yml",
        "rules/z_copy.yml",
    ]);
    let out = run_cmd(cmd);
    assert_eq!(out.code, Some(1), "{}{}", out.stdout, out.stderr);
    assert_eq!(
        out.stdout,
        "rules/z_copy.yml:2:5: SC801 id `8f3c1c0e-2b8e-4c51-9a1f-0c6d3f0b6a02` is already used by \
         `Certutil Download Variant 2` in `rules/other.yml`\n"
    );
    assert_eq!(out.stderr, "Fixed 2 findings in 2 files.\n");
    let read = |name: &str| std::fs::read_to_string(root.join("rules").join(name)).unwrap();
    assert_eq!(read("named.yml"), distinct_rule(1));
    assert!(read("z_copy.yml").contains("date: 2026-10-01"));
    assert_eq!(read("other.yml"), dated(2));
}

/// `git ARGS` in `dir`, which must succeed; `false` when git cannot run at all.
fn git(dir: &Path, args: &[&str]) -> bool {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE")
        .output();
    let Ok(out) = out else { return false };
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    true
}

/// `sigscope check --staged` in a git repository: the pack is what git tracks, the staged files
/// are reported (a staged copy of a committed rule's id included), and with nothing staged every
/// finding is.
#[test]
fn staged_reports_the_staged_files_against_the_tracked_pack() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
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
    let id = |n: u32| format!("8f3c1c0e-2b8e-4c51-9a1f-0c6d3f0b6a{n:02}");
    write(&root.join("rules/z_original.yml"), distinct_rule(1));
    write(&root.join("rules/other.yml"), distinct_rule(2));
    write(&root.join("rules/broken.yml"), "title: [unclosed\n");
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "pack"]);

    // Staged: a copy of a committed rule's id (sorting before it), a renamed rule under a name
    // with a space, a name that is not UTF-8, pre-commit's configuration and a text file.
    write(
        &root.join("rules/a_copy.yml"),
        distinct_rule(3).replace(&id(3), &id(1)),
    );
    git(root, &["mv", "rules/other.yml", "rules/other rule.yml"]);
    let raw = std::ffi::OsStr::from_bytes(b"rules/raw\xff.yml");
    write(&root.join(raw), distinct_rule(4));
    write(&root.join(".pre-commit-config.yaml"), "repos: []\n");
    write(&root.join("notes.txt"), "level: meduim\n");
    git(root, &["add", "."]);
    // Not part of what is committed: an untracked rule reusing an id, and a deletion.
    write(
        &root.join("rules/untracked.yml"),
        distinct_rule(5).replace(&id(5), &id(4)),
    );
    git(root, &["rm", "-q", "--cached", "rules/broken.yml"]);

    let check = |cwd: &Path, args: &[&str]| {
        let mut cmd = sigscope();
        cmd.current_dir(cwd)
            .args(["check", "--staged", "--format", "json"])
            .args(args)
            .env_remove("GIT_DIR")
            .env_remove("GIT_INDEX_FILE")
            .env_remove("GIT_WORK_TREE");
        let out = run_cmd(cmd);
        let report: Value = serde_json::from_str(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}{}", out.stdout, out.stderr));
        (out.code, files(&report), path_codes(&report))
    };
    let pc = |path: &str, code: &str| (path.to_owned(), code.to_owned());
    assert_eq!(
        check(root, &[]),
        (Some(1), 3, vec![pc("./rules/a_copy.yml", "SC801")])
    );
    assert_eq!(
        check(root, &["rules"]),
        (Some(1), 3, vec![pc("rules/a_copy.yml", "SC801")])
    );
    assert_eq!(
        check(&root.join("rules"), &[]),
        (Some(1), 3, vec![pc("./a_copy.yml", "SC801")])
    );
    // The pack is what is checked: a staged rule outside it is not reported.
    write(&root.join("elsewhere/x.yml"), "title: [unclosed\n");
    git(root, &["add", "elsewhere/x.yml"]);
    assert_eq!(
        check(root, &["rules", "missing"]),
        (
            Some(1),
            4,
            vec![pc("rules/a_copy.yml", "SC801"), pc("missing", "SC009")]
        )
    );

    // Nothing staged (`pre-commit run --all-files` on a clean index): every finding of the
    // tracked pack, in walk order, as `sigscope check` reports them.
    git(root, &["commit", "-q", "-m", "more"]);
    let (code, n, found) = check(root, &["rules"]);
    assert_eq!((code, n), (Some(1), 4), "{found:?}");
    assert_eq!(
        found,
        [pc("rules/z_original.yml", "SC801")],
        "the copy sorts first and keeps the id"
    );

    // Outside a repository, and with standard input, it is a usage error.
    let outside = tempfile::tempdir().unwrap();
    let mut cmd = sigscope();
    cmd.current_dir(outside.path())
        .args(["check", "--staged"])
        .env("GIT_CEILING_DIRECTORIES", outside.path().parent().unwrap())
        .env("LC_ALL", "C");
    let out = run_cmd(cmd);
    assert_eq!(out.code, Some(2), "{}", out.stdout);
    assert!(
        out.stderr
            .starts_with("error: --staged reads the staged files from git, and `git rev-parse --show-toplevel` failed: fatal: not a git repository"),
        "{}",
        out.stderr
    );
    let out = run(&["check", "--staged", "-"]);
    assert_eq!(out.code, Some(2));
    assert_eq!(
        out.stderr,
        "error: --staged checks files on disk, not standard input\n"
    );
}

// ---------------------------------------------------------------------------------------------
// File-level lints through the CLI
// ---------------------------------------------------------------------------------------------

#[test]
fn empty_and_comment_only_files_are_sc007() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(&root.join("empty.yml"), "");
    write(
        &root.join("comments.yml"),
        "# nothing here\n\n# still nothing\n",
    );
    let (out, report) = check_json(&[root]);
    assert_eq!(out.code, Some(1));
    assert_eq!(
        path_codes(&report)
            .into_iter()
            .map(|(_, c)| c)
            .collect::<Vec<_>>(),
        ["SC007", "SC007"],
        "{report}"
    );
}

#[test]
fn invalid_utf8_is_sc006_and_the_run_continues() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(&root.join("a_bad.yml"), b"title: \xff\xfe broken\n");
    write(&root.join("b_binary.yml"), b"\x00\x01\x02\xff\x00");
    write(&root.join("c_clean.yml"), clean_rule());
    let (out, report) = check_json(&[root]);
    assert_eq!(out.code, Some(1));
    assert_eq!(files(&report), 3);

    let d = diags_for(&report, &root.join("a_bad.yml"));
    assert_eq!(d.len(), 1, "{report}");
    assert_eq!(d[0]["code"], "SC006");
    assert_eq!(
        (d[0]["line"].as_u64(), d[0]["column"].as_u64()),
        (Some(1), Some(8))
    );
    assert!(
        d[0]["message"]
            .as_str()
            .unwrap()
            .contains("0xFF at offset 7"),
        "{}",
        d[0]["message"]
    );

    let d = diags_for(&report, &root.join("b_binary.yml"));
    assert_eq!(d.len(), 1, "{report}");
    assert_eq!(d[0]["code"], "SC006");
    assert!(
        d[0]["message"].as_str().unwrap().contains("binary"),
        "{}",
        d[0]["message"]
    );

    assert!(diags_for(&report, &root.join("c_clean.yml")).is_empty());

    // Human output renders the lossy text without panicking.
    let out = run(&[
        "check".as_ref(),
        "--color".as_ref(),
        "never".as_ref(),
        root.as_os_str(),
    ]);
    assert_eq!(out.code, Some(1));
    assert!(out.stdout.contains("SC006 invalid-utf8"), "{}", out.stdout);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
}

#[test]
fn max_file_size_reports_sc005() {
    let (out, report) = check_json(&["--max-file-size", "10", CLEAN_FIXTURE]);
    assert_eq!(out.code, Some(1));
    let d = diagnostics(&report);
    assert_eq!(d.len(), 1, "{report}");
    assert_eq!(d[0]["code"], "SC005");
    assert_eq!(d[0]["path"], CLEAN_FIXTURE);
    let msg = d[0]["message"].as_str().unwrap();
    assert!(msg.contains("10 bytes"), "{msg}");
    assert!(d[0]["help"].as_str().unwrap().contains("--max-file-size"));

    // Exactly at the limit is fine.
    let size = std::fs::metadata(manifest_dir().join(CLEAN_FIXTURE))
        .unwrap()
        .len()
        .to_string();
    let (out, report) = check_json(&["--max-file-size", &size, CLEAN_FIXTURE]);
    assert_eq!(out.code, Some(0), "{report}");
}

// ---------------------------------------------------------------------------------------------
// explain
// ---------------------------------------------------------------------------------------------

#[test]
fn explain_prints_the_lint_documentation() {
    let out = run(&["explain", "SC301"]);
    assert_eq!(out.code, Some(0));
    assert!(
        out.stdout
            .starts_with("# SC301 placeholder-logic (error)\n"),
        "{}",
        out.stdout
    );
    let mut from = 0;
    for heading in [
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## Use instead",
    ] {
        let at = out.stdout[from..]
            .find(&format!("\n{heading}\n"))
            .unwrap_or_else(|| panic!("missing or misplaced `{heading}`:\n{}", out.stdout));
        from += at + 1;
    }
    assert!(out.stdout.contains("```yaml"), "{}", out.stdout);

    // Lower-case codes and names work too.
    assert_eq!(run(&["explain", "sc301"]).stdout, out.stdout);
    assert_eq!(run(&["explain", "placeholder-logic"]).stdout, out.stdout);
}

#[test]
fn every_lint_has_the_four_headings() {
    for lint in sigscope::lints::ALL.iter() {
        let out = run(&["explain", lint.code]);
        assert_eq!(out.code, Some(0), "{}", lint.code);
        for heading in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## Use instead",
        ] {
            assert!(
                out.stdout.contains(heading),
                "{} lacks `{heading}`",
                lint.code
            );
        }
    }
}

#[test]
fn explain_without_code_lists_every_lint() {
    let out = run(&["explain"]);
    assert_eq!(out.code, Some(0));
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), sigscope::lints::ALL.len(), "{}", out.stdout);
    for (line, lint) in lines.iter().zip(sigscope::lints::ALL.iter()) {
        assert!(line.starts_with(lint.code), "{line}");
        assert!(line.contains(lint.name), "{line}");
    }
    for code in [
        "SC001", "SC002", "SC003", "SC004", "SC005", "SC006", "SC007", "SC008", "SC009", "SC100",
        "SC101", "SC102", "SC103", "SC105", "SC106", "SC107", "SC108", "SC109", "SC110", "SC301",
        "SC302",
    ] {
        assert!(
            lines.iter().any(|l| l.starts_with(code)),
            "{code} not listed"
        );
    }
}

#[test]
fn explain_unknown_code_exits_2() {
    let out = run(&["explain", "NOPE"]);
    assert_eq!(out.code, Some(2));
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    assert!(out.stderr.contains("NOPE"), "{}", out.stderr);
}

// ---------------------------------------------------------------------------------------------
// Broken pipe: `sigscope check … | head -1`
// ---------------------------------------------------------------------------------------------

/// Reads the first line of stdout (or, for one-line JSON, its first bytes), closes the pipe, and
/// returns the exit code and stderr.
fn read_a_little_then_close(args: &[&std::ffi::OsStr], first_line: bool) -> (Option<i32>, String) {
    let mut cmd = sigscope();
    cmd.args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn sigscope");
    let stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let err = thread::spawn(move || {
        let mut s = String::new();
        stderr.read_to_string(&mut s).map(|_| s)
    });
    let mut reader = BufReader::new(stdout);
    if first_line {
        let mut line = String::new();
        reader.read_line(&mut line).expect("read one line");
        assert!(!line.is_empty(), "no output at all");
    } else {
        let mut head = [0u8; 64];
        reader.read_exact(&mut head).expect("read the first bytes");
    }
    drop(reader);
    let status = wait_with_timeout(&mut child);
    let stderr = err.join().expect("stderr reader").expect("read stderr");
    (status.code(), stderr)
}

#[test]
fn closed_stdout_is_not_a_panic() {
    // The example pack: small output, the pipe may or may not be closed before it is written.
    let (code, stderr) = read_a_little_then_close(
        &[
            "check".as_ref(),
            "--color".as_ref(),
            "never".as_ref(),
            "rules/".as_ref(),
        ],
        true,
    );
    assert!(
        matches!(code, Some(0 | 1)),
        "exit {code:?}, stderr: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");

    // Enough output (≫ a 64 KiB pipe buffer) that the write surely hits the closed pipe.
    let dir = tempfile::tempdir().unwrap();
    for i in 0..1500 {
        write(&dir.path().join(format!("r{i:04}.yml")), "");
    }
    for format in ["human", "json"] {
        let (code, stderr) = read_a_little_then_close(
            &[
                "check".as_ref(),
                "--format".as_ref(),
                format.as_ref(),
                dir.path().as_os_str(),
            ],
            format == "human",
        );
        assert!(
            matches!(code, Some(0 | 1)),
            "--format {format}: exit {code:?}, stderr: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "--format {format}: {stderr}");
        assert!(stderr.is_empty(), "--format {format}: {stderr}");
    }
}

/// A repository that keeps rules beside pipelines, configurations, playbooks, an Atomic test,
/// Docker Compose, a CI workflow and MkDocs (`tests/fixtures/mixed_repo`): nothing that is not
/// a rule gets an error, or more than one finding; the broken rules keep their errors; the
/// Hayabusa rule is a rule; the two playbooks sharing an id are no duplicate rules.
#[test]
fn a_mixed_repository_reports_errors_only_on_rules() {
    let root = manifest_dir().join("tests/fixtures/mixed_repo");
    let (out, report) = check_json(&[&root]);
    assert_eq!(out.code, Some(1), "{report}");
    assert_eq!(files(&report), 13);
    let mut found: Vec<String> = diagnostics(&report)
        .iter()
        .map(|d| {
            let path = Path::new(d["path"].as_str().expect("path"));
            format!(
                "{} {}:{} {} {}",
                path.strip_prefix(&root)
                    .expect("under the fixture")
                    .display(),
                d["line"],
                d["column"],
                d["code"].as_str().expect("code"),
                d["severity"].as_str().expect("severity"),
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            "atomics/T1105.yaml 1:1 SC013 info",
            "ci/lint.yml 1:1 SC013 info",
            "config/sysmon_mapping.yml 1:1 SC013 info",
            "config/validators.yml 1:1 SC013 info",
            "docker-compose.yml 1:1 SC013 info",
            "hayabusa/Sec_4625_Med_LogonFail_WrongPW.yml 5:1 SC208 info",
            "mkdocs.yml 1:1 SC013 info",
            "pipelines/ecs_windows.yml 1:1 SC013 info",
            "playbooks/en/IR-PLAY-005.yml 1:1 SC013 info",
            "playbooks/fr/IR-PLAY-005.yml 1:1 SC013 info",
            "rules/windows/proc_creation_win_broken_yaml.yml 9:7 SC001 error",
            "rules/windows/win_security_lost_detection.yml 1:1 SC101 error",
        ]
    );
    // Each file named on the command line, as pre-commit passes them, is judged the same.
    for rel in ["docker-compose.yml", "playbooks/fr/IR-PLAY-005.yml"] {
        let (out, report) = check_json(&[root.join(rel)]);
        assert_eq!(out.code, Some(0), "{report}");
        let codes: Vec<String> = path_codes(&report).into_iter().map(|(_, c)| c).collect();
        assert_eq!(codes, ["SC013"], "{rel}");
    }
}
