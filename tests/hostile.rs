//! Hostile inputs: files a pre-commit hook or CI job may be handed by accident or by an attacker.
//!
//! Every case runs the built binary on a directory holding the hostile file(s) *and* a known-bad
//! normal rule (`known_bad.yml`, a `level: meduim` typo) and asserts that
//!
//! * the hostile file gets its diagnostic and `known_bad.yml` gets exactly the diagnostics it
//!   gets when checked alone (one bad file never hides another's findings);
//! * the exit code is the documented one (1: findings);
//! * nothing panicked or overflowed its stack (stderr is empty);
//! * the run stayed under [`RSS_LIMIT_KIB`] peak resident memory (measured with
//!   `/usr/bin/time`), inside a `ulimit -v` of [`VMEM_LIMIT_KIB`], and finished within
//!   [`TIME_LIMIT`], a guard against hangs and runaway work, not a speed test; a run still going
//!   after [`KILL_AFTER`] is killed and fails the test.
//!
//! Cases run one at a time (a lock), so the printed timings are not two runs sharing two cores.

// The figures (time, peak memory, skips) are printed from helpers, not only from tests.
#![allow(clippy::print_stderr)]

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

/// A guard against hangs and runaway (quadratic, exponential) work, not a speed test: each run
/// takes well under half a second with the debug binary `cargo test` builds (the figures are
/// printed; `bench/run` measures speed), so a busy machine stays far below it.
const TIME_LIMIT: Duration = Duration::from_secs(10);
/// A run still going after this is a hang: killed, and the test fails.
const KILL_AFTER: Duration = Duration::from_secs(60);
/// Peak resident memory of one run.
const RSS_LIMIT_KIB: u64 = 200 * 1024;
/// `ulimit -v`: address space, not memory. Thread stacks and malloc arenas reserve far more
/// address space than they touch, so this is a backstop against runaway growth; the real bound
/// is the measured peak RSS above.
const VMEM_LIMIT_KIB: u64 = 2_000_000;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn machine() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[derive(Debug)]
struct Run {
    code: Option<i32>,
    report: Value,
    stdout: String,
    stderr: String,
    elapsed: Duration,
    peak_kib: Option<u64>,
}

fn gnu_time() -> Option<&'static str> {
    let ok = Command::new("/usr/bin/time")
        .args(["-f", "%M", "true"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if ok {
        Some("/usr/bin/time")
    } else {
        eprintln!("/usr/bin/time not available: peak memory bounded by `ulimit -v` only");
        None
    }
}

/// `sigscope check --format json ARGS…`, bounded in time and memory.
fn check<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
    check_within(args, KILL_AFTER)
}

fn check_within<S: AsRef<std::ffi::OsStr>>(args: &[S], kill_after: Duration) -> Run {
    static TIME: OnceLock<Option<&'static str>> = OnceLock::new();
    let time = *TIME.get_or_init(gnu_time);
    let _guard = machine();
    let scratch = tempfile::NamedTempFile::new().expect("temporary file");
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("ulimit -v {VMEM_LIMIT_KIB} && exec \"$@\""))
        .arg("sh");
    if let Some(time) = time {
        cmd.arg(time)
            .arg("-f")
            .arg("%M")
            .arg("-o")
            .arg(scratch.path());
    }
    cmd.arg(env!("CARGO_BIN_EXE_sigscope"))
        .args(["check", "--format", "json"])
        .args(args)
        .current_dir(manifest_dir())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Its own process group, so a hang can be killed with everything it started.
        .process_group(0);
    let start = Instant::now();
    let mut child = cmd.spawn().expect("spawn sigscope");
    let mut stdout = child.stdout.take().expect("stdout pipe");
    let mut stderr = child.stderr.take().expect("stderr pipe");
    let out = thread::spawn(move || {
        let mut v = Vec::new();
        stdout.read_to_end(&mut v).map(|_| v)
    });
    let err = thread::spawn(move || {
        let mut v = Vec::new();
        stderr.read_to_end(&mut v).map(|_| v)
    });
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for sigscope") {
            break status;
        }
        if start.elapsed() > kill_after {
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", child.id())])
                .status();
            let _ = child.wait();
            panic!("sigscope did not finish within {kill_after:?}: it hangs");
        }
        thread::sleep(Duration::from_millis(5));
    };
    let elapsed = start.elapsed();
    let stdout =
        String::from_utf8_lossy(&out.join().expect("reader").expect("stdout")).into_owned();
    let stderr =
        String::from_utf8_lossy(&err.join().expect("reader").expect("stderr")).into_owned();
    let peak_kib = time.and_then(|_| {
        std::fs::read_to_string(scratch.path())
            .ok()?
            .lines()
            .last()?
            .trim()
            .parse()
            .ok()
    });
    let report = serde_json::from_str(&stdout).unwrap_or(Value::Null);
    Run {
        code: status.code(),
        report,
        stdout,
        stderr,
        elapsed,
        peak_kib,
    }
}

impl Run {
    /// The bounds every hostile run must stay within.
    fn assert_bounded(&self, what: &str) {
        // With `/usr/bin/time` the report of a run killed by a signal ends with "Command
        // terminated by signal"; without it, the shell reports it as 128 + n. Either way it is
        // not exit 1 or 2.
        assert!(
            !self.stderr.contains("panicked") && !self.stderr.contains("overflow"),
            "{what}: sigscope panicked or overflowed its stack:\n{}",
            self.stderr
        );
        assert!(
            self.stderr.is_empty(),
            "{what}: unexpected stderr:\n{}",
            self.stderr
        );
        assert!(
            self.report.is_object(),
            "{what}: stdout is not the JSON report:\n{}",
            self.stdout.chars().take(2000).collect::<String>()
        );
        assert!(
            self.elapsed < TIME_LIMIT,
            "{what}: took {:?}, over {TIME_LIMIT:?}",
            self.elapsed
        );
        if let Some(peak) = self.peak_kib {
            assert!(
                peak < RSS_LIMIT_KIB,
                "{what}: peak resident memory {peak} KiB, over {RSS_LIMIT_KIB} KiB"
            );
        }
        eprintln!(
            "{what}: exit {:?}, {:.0} ms, peak {} KiB",
            self.code,
            self.elapsed.as_secs_f64() * 1000.0,
            self.peak_kib
                .map_or_else(|| "?".to_owned(), |k| k.to_string())
        );
    }

    fn diagnostics(&self) -> &[Value] {
        self.report["diagnostics"]
            .as_array()
            .map_or(&[], Vec::as_slice)
    }

    fn for_path(&self, path: &Path) -> Vec<&Value> {
        let path = path.to_string_lossy();
        self.diagnostics()
            .iter()
            .filter(|d| d["path"].as_str() == Some(&*path))
            .collect()
    }

    fn codes_for(&self, path: &Path) -> Vec<String> {
        self.for_path(path)
            .iter()
            .map(|d| d["code"].as_str().unwrap_or_default().to_owned())
            .collect()
    }
}

/// Code, message and exact position of every diagnostic, without the path.
fn shapes(diags: &[&Value]) -> Vec<Value> {
    diags
        .iter()
        .map(|d| {
            let mut d = (*d).clone();
            if let Some(o) = d.as_object_mut() {
                o.remove("path");
            }
            d
        })
        .collect()
}

/// A normal rule with one error: `level: meduim` on line 14.
fn known_bad() -> String {
    rule(
        1,
        ABOUT,
        "selection",
        "    selection:\n        Image|endswith: '\\known_bad.exe'\n",
    )
    .replace("level: high", "level: meduim")
}

/// What `known_bad.yml` gets when checked alone.
fn known_bad_alone() -> &'static [Value] {
    static ALONE: OnceLock<Vec<Value>> = OnceLock::new();
    ALONE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("known_bad.yml");
        std::fs::write(&path, known_bad()).expect("write the known-bad rule");
        let run = check(&[&path]);
        run.assert_bounded("known_bad.yml alone");
        let d = shapes(&run.for_path(&path));
        assert_eq!(d.len(), 1, "{}", run.report);
        assert_eq!(d[0]["code"], "SC103");
        d
    })
}

/// A directory with `known_bad.yml` in it, for the hostile files to sit beside.
struct Pack {
    dir: tempfile::TempDir,
}

impl Pack {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        std::fs::write(dir.path().join("known_bad.yml"), known_bad())
            .expect("write the known-bad rule");
        Self { dir }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn path(&self, name: &str) -> PathBuf {
        self.root().join(name)
    }

    fn write(&self, name: &str, data: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, data).expect("write the hostile file");
        path
    }

    /// Checks the whole directory (plus `extra` arguments before it) and asserts the bounds,
    /// the exit code and that `known_bad.yml` was fully linted.
    fn check(&self, what: &str, extra: &[&str]) -> Run {
        let mut args: Vec<std::ffi::OsString> = extra.iter().map(Into::into).collect();
        args.push(self.root().into());
        let run = check(&args);
        run.assert_bounded(what);
        assert_eq!(run.code, Some(1), "{what}: exit code\n{}", run.stderr);
        assert_eq!(
            shapes(&run.for_path(&self.path("known_bad.yml"))),
            known_bad_alone(),
            "{what}: the rule beside the hostile file lost findings\n{}",
            run.report
        );
        run
    }
}

/// A valid rule; `n` makes its id and title unique so pack-wide lints stay quiet.
fn rule(n: u32, description: &str, condition: &str, detection: &str) -> String {
    // A fixed pseudo-random id per `n` (ids like `0000…0001` are a lint finding of their own).
    let h = u64::from(n)
        .wrapping_add(1)
        .wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let id = format!(
        "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
        h >> 32,
        (h >> 16) & 0xffff,
        h & 0xfff,
        (h >> 20) & 0xfff,
        h.rotate_left(17) & 0xffff_ffff_ffff
    );
    format!(
        "title: Hostile input rule {n}\n\
         id: {id}\n\
         status: test\n\
         description: {description}\n\
         author: sigscope tests\n\
         date: 2026-01-02\n\
         logsource:\n    category: process_creation\n    product: windows\n\
         detection:\n{detection}    condition: {condition}\n\
         level: high\n"
    )
}

const ABOUT: &str = "Detects a process started from an image that only attackers use here";

const SELECTION: &str = "    selection:\n        Image|endswith: '\\evil.exe'\n";

fn one_code(run: &Run, path: &Path, code: &str) -> Value {
    let d = run.for_path(path);
    assert_eq!(
        d.iter().map(|d| d["code"].clone()).collect::<Vec<_>>(),
        [code],
        "{}: {}",
        path.display(),
        run.report
    );
    d[0].clone()
}

// ---------------------------------------------------------------------------------------------
// YAML bombs and nesting
// ---------------------------------------------------------------------------------------------

#[test]
fn billion_laughs_is_refused_at_the_first_anchor() {
    let pack = Pack::new();
    let mut laughs = String::from(
        "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 1..10 {
        let p = i - 1;
        laughs.push_str(&format!(
            "a{i}: &a{i} [*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p}]\n"
        ));
    }
    // In a rule: refused at the first anchor, never expanded.
    let bomb = pack.write(
        "laughs.yml",
        format!("logsource:\n    product: windows\n{laughs}"),
    );
    // Alone, it is no rule: named once as such, and still never expanded.
    let bare = pack.write("bare_laughs.yml", &laughs);
    let run = pack.check("billion laughs", &[]);
    let d = run.for_path(&bomb);
    assert!(!d.is_empty(), "{}", run.report);
    assert!(d.iter().all(|d| d["code"] == "SC003"), "{}", run.report);
    assert_eq!(
        (d[0]["line"].as_u64(), d[0]["column"].as_u64()),
        (Some(3), Some(5))
    );
    one_code(&run, &bare, "SC013");
}

#[test]
fn hundred_thousand_deep_nesting_is_sc004() {
    const N: usize = 100_000;
    let pack = Pack::new();
    let files = [
        ("flow_lists.yml", "[".repeat(N)),
        ("flow_maps.yml", "{a: ".repeat(N)),
        ("block_lists.yml", "- ".repeat(N) + "x\n"),
        ("block_keys.yml", "? ".repeat(N) + "x\n"),
        (
            "mixed.yml",
            "detection:\n  selection: ".to_owned() + &"[{a: ".repeat(N / 2),
        ),
    ];
    for (name, text) in &files {
        pack.write(name, text);
    }
    let run = pack.check("100,000-deep nesting", &[]);
    for (name, _) in &files {
        let d = one_code(&run, &pack.path(name), "SC004");
        assert_eq!(
            d["line"].as_u64(),
            Some(if *name == "mixed.yml" { 2 } else { 1 }),
            "{name}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Size
// ---------------------------------------------------------------------------------------------

#[test]
fn fifty_megabyte_file_is_sc005_without_reading_it() {
    let pack = Pack::new();
    let line = "# padding padding padding padding padding padding padding padding padding\n";
    let big = pack.write("big.yml", line.repeat(50 * 1024 * 1024 / line.len() + 1));
    let run = pack.check("50 MB file", &[]);
    let d = one_code(&run, &big, "SC005");
    assert!(
        d["message"]
            .as_str()
            .unwrap_or_default()
            .contains("over the limit of 1048576 bytes"),
        "{d}"
    );
}

/// A rule whose value list has `lines` lines in all.
fn million_line_rule(lines: usize) -> String {
    let mut text = rule(
        7,
        ABOUT,
        "selection",
        "    selection:\n        CommandLine|contains:\n",
    );
    // `rule` ends with the condition and level; put the list before them.
    let at = text.find("    condition:").unwrap_or(text.len());
    let head_lines = text.lines().count();
    let mut list = String::with_capacity(lines * 20);
    for i in 0..lines - head_lines {
        list.push_str(&format!("            - 'v{i}'\n"));
    }
    text.insert_str(at, &list);
    text
}

#[test]
fn million_line_file_is_sc005_by_default() {
    let pack = Pack::new();
    let path = pack.write("million.yml", million_line_rule(1_000_000));
    let run = pack.check("1,000,000 lines, default limit", &[]);
    one_code(&run, &path, "SC005");
}

/// With the limit raised the million lines (24 MB) are really parsed and checked. This is the
/// one case outside the 200 MB bound, which holds for files within the default size limit: it
/// gets 512 MiB, and only a hang guard of 120 s (it takes seconds; `bench/run` measures it).
/// The figures are printed.
#[test]
fn million_line_file_is_parsed_with_a_raised_limit() {
    let pack = Pack::new();
    let text = million_line_rule(1_000_000);
    assert_eq!(text.lines().count(), 1_000_000);
    let path = pack.write("million.yml", &text);
    let args = [
        "--max-file-size".into(),
        "100000000".into(),
        std::ffi::OsString::from(pack.root()),
    ];
    let run = check_within(&args, Duration::from_secs(120));
    eprintln!(
        "1,000,000 lines ({} bytes) parsed and checked: exit {:?}, {:.0} ms, peak {:?} KiB",
        text.len(),
        run.code,
        run.elapsed.as_secs_f64() * 1000.0,
        run.peak_kib
    );
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert_eq!(run.code, Some(1));
    assert_eq!(
        shapes(&run.for_path(&pack.path("known_bad.yml"))),
        known_bad_alone()
    );
    // The file is a valid rule: no finding at all, so it was read to the end.
    assert_eq!(run.codes_for(&path), Vec::<String>::new(), "{}", run.report);
    if let Some(peak) = run.peak_kib {
        assert!(peak < 512 * 1024, "peak {peak} KiB");
    }
}

#[test]
fn sixty_four_kilobyte_single_line_value() {
    let pack = Pack::new();
    let long = "x".repeat(64 * 1024);
    let path = pack.write("long_line.yml", rule(8, &long, "selection", SELECTION));
    let run = pack.check("64 KB single-line value", &[]);
    let d = one_code(&run, &path, "SC105");
    assert_eq!(
        (
            d["line"].as_u64(),
            d["column"].as_u64(),
            d["end_line"].as_u64(),
            d["end_column"].as_u64()
        ),
        (Some(4), Some(14), Some(4), Some(14 + 64 * 1024)),
        "{d}"
    );
}

// ---------------------------------------------------------------------------------------------
// Encodings and bytes
// ---------------------------------------------------------------------------------------------

#[test]
fn invalid_utf8_nul_bytes_and_binary_files() {
    let pack = Pack::new();
    let bad = pack.write("bad_utf8.yml", b"title: caf\xe9\nlevel: high\n");
    let nul = pack.write(
        "nul.yml",
        format!("title: a\0b\n{}", rule(9, ABOUT, "selection", SELECTION)),
    );
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    let bin = pack.write("image.yml", &png);
    let run = pack.check("invalid UTF-8, NUL, binary", &[]);

    let d = one_code(&run, &bad, "SC006");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(1), Some(11)),
        "{d}"
    );
    let d = one_code(&run, &bin, "SC006");
    assert!(
        d["message"].as_str().unwrap_or_default().contains("binary"),
        "{d}"
    );
    // NUL is valid UTF-8 but not a printable YAML character: a syntax error where it is.
    let d = one_code(&run, &nul, "SC001");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(1), Some(9)),
        "{d}"
    );
}

/// Every diagnostic of the file at `fixture`, written with `transform` applied, must have the
/// same code and the same line and column range as for the original.
fn same_positions(fixture: &str, transform: impl Fn(&str) -> String, what: &str) {
    let original = std::fs::read_to_string(manifest_dir().join(fixture)).expect("fixture");
    let positions = |text: String| {
        let pack = Pack::new();
        let path = pack.write("rule.yml", text);
        let run = pack.check(what, &[]);
        run.for_path(&path)
            .iter()
            .map(|d| {
                let at = |k: &str| d[k].as_u64().unwrap_or_default();
                (
                    d["code"].as_str().unwrap_or_default().to_owned(),
                    (at("line"), at("column")),
                    (at("end_line"), at("end_column")),
                )
            })
            .collect::<Vec<_>>()
    };
    let want = positions(original.clone());
    assert!(!want.is_empty(), "{fixture} has findings");
    assert_eq!(positions(transform(&original)), want, "{what}: {fixture}");
}

#[test]
fn crlf_line_endings_keep_exact_positions() {
    for fixture in [
        "tests/fixtures/cli/level_typo.yml",
        "tests/fixtures/cli/duplicate_key.yml",
        "tests/fixtures/cli/condition_syntax.yml",
        "tests/fixtures/cli/yaml_star.yml",
    ] {
        same_positions(fixture, |t| t.replace('\n', "\r\n"), "CRLF");
    }
}

#[test]
fn utf8_bom_keeps_exact_positions() {
    for fixture in [
        "tests/fixtures/cli/level_typo.yml",
        "tests/fixtures/cli/duplicate_key.yml",
        "tests/fixtures/cli/condition_syntax.yml",
    ] {
        same_positions(fixture, |t| format!("\u{feff}{t}"), "BOM");
    }
    // A clean rule with a BOM is clean.
    let pack = Pack::new();
    let clean = std::fs::read_to_string(manifest_dir().join("tests/fixtures/cli/clean.yml"))
        .expect("fixture");
    let path = pack.write("bom.yml", format!("\u{feff}{clean}"));
    let run = pack.check("BOM, clean rule", &[]);
    assert_eq!(run.codes_for(&path), Vec::<String>::new(), "{}", run.report);
}

#[test]
fn mixed_tabs_are_a_syntax_error_at_the_tab() {
    let pack = Pack::new();
    let text = rule(
        10,
        ABOUT,
        "selection",
        "    selection:\n\t    Image|endswith: '\\evil.exe'\n",
    );
    let path = pack.write("tabs.yml", &text);
    // Tabs inside values and comments are fine.
    let ok = pack.write(
        "tabs_ok.yml",
        rule(
            11,
            "'Detects\ta tab inside a quoted description'  \t# a\ttab",
            "selection",
            SELECTION,
        ),
    );
    let run = pack.check("mixed tabs", &[]);
    let d = one_code(&run, &path, "SC001");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(12), Some(1)),
        "{d}"
    );
    assert_eq!(run.codes_for(&ok), Vec::<String>::new(), "{}", run.report);
}

// ---------------------------------------------------------------------------------------------
// Things that are not regular files
// ---------------------------------------------------------------------------------------------

#[test]
fn symlink_loop_fifo_and_directory_named_yml_do_not_hang() {
    let pack = Pack::new();
    std::fs::create_dir(pack.path("sub")).expect("mkdir");
    let link = pack.path("sub/loop");
    std::os::unix::fs::symlink("..", &link).expect("symlink");
    let self_link = pack.path("self.yml");
    std::os::unix::fs::symlink("self.yml", &self_link).expect("symlink");
    let fifo = pack.path("fifo.yml");
    let have_fifo = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    if !have_fifo {
        eprintln!("mkfifo failed: the FIFO part of this test is skipped");
    }
    // A directory named like a rule is walked into, and its rules are checked.
    std::fs::create_dir(pack.path("x.yml")).expect("mkdir");
    let inner = pack.write("x.yml/inner.yml", "");

    let run = pack.check("symlink loop, FIFO, directory x.yml", &[]);
    assert_eq!(
        one_code(&run, &link, "SC009")["message"]
            .as_str()
            .map(|m| m.contains("loop")),
        Some(true)
    );
    one_code(&run, &self_link, "SC009");
    if have_fifo {
        let d = one_code(&run, &fifo, "SC009");
        assert!(
            d["message"]
                .as_str()
                .unwrap_or_default()
                .contains("not a regular file"),
            "{d}"
        );
    }
    one_code(&run, &inner, "SC007");

    // Named explicitly on the command line: same findings, still no hang.
    let mut args = vec![link.clone(), self_link.clone(), pack.path("x.yml")];
    if have_fifo {
        args.push(fifo.clone());
    }
    let run = check(&args);
    run.assert_bounded("explicit symlink loop, FIFO, directory x.yml");
    assert_eq!(run.code, Some(1));
    assert_eq!(run.codes_for(&self_link), ["SC009"], "{}", run.report);
    assert_eq!(run.codes_for(&inner), ["SC007"], "{}", run.report);
    if have_fifo {
        assert_eq!(run.codes_for(&fifo), ["SC009"], "{}", run.report);
    }
}

#[test]
fn permission_denied_file() {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if root {
        eprintln!(
            "skipping permission_denied_file: running as root (uid 0), and chmod 000 does not \
             stop root from reading a file"
        );
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let pack = Pack::new();
    let locked = pack.write("locked.yml", rule(12, ABOUT, "selection", SELECTION));
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let run = pack.check("permission denied", &[]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    one_code(&run, &locked, "SC009");
}

// ---------------------------------------------------------------------------------------------
// Degenerate and repetitive content
// ---------------------------------------------------------------------------------------------

#[test]
fn empty_and_comment_only_files() {
    let pack = Pack::new();
    let empty = pack.write("empty.yml", "");
    let comments = pack.write("comments.yml", "# a\n#\n   # b\n".repeat(1000));
    let run = pack.check("empty and comment-only files", &[]);
    one_code(&run, &empty, "SC007");
    one_code(&run, &comments, "SC007");
}

#[test]
fn hundred_documents_in_one_file() {
    let pack = Pack::new();
    let mut text = String::new();
    let mut lines = Vec::new();
    for n in 0..100 {
        let selection = format!("    selection:\n        Image|endswith: '\\e{n}.exe'\n");
        let doc =
            rule(100 + n, ABOUT, "selection", &selection).replace("level: high", "level: hihg");
        text.push_str("---\n");
        lines.push(text.lines().count() + doc.lines().count());
        text.push_str(&doc);
    }
    let path = pack.write("many.yml", &text);
    let run = pack.check("100 documents", &[]);
    let d = run.for_path(&path);
    assert_eq!(d.len(), 100, "{}", run.report);
    for (d, line) in d.iter().zip(&lines) {
        assert_eq!(d["code"], "SC103", "{d}");
        assert_eq!(d["line"].as_u64(), Some(*line as u64), "{d}");
        assert_eq!(d["column"].as_u64(), Some(8), "{d}");
    }
}

// ---------------------------------------------------------------------------------------------
// Hostile conditions
// ---------------------------------------------------------------------------------------------

#[test]
fn ten_thousand_nested_parentheses_in_a_condition() {
    let pack = Pack::new();
    let condition = format!("{}selection{}", "(".repeat(10_000), ")".repeat(10_000));
    let path = pack.write("parens.yml", rule(13, ABOUT, &condition, SELECTION));
    // `not` nests too.
    let nots = pack.write(
        "nots.yml",
        rule(
            14,
            ABOUT,
            &format!("{}selection", "not ".repeat(10_000)),
            SELECTION,
        ),
    );
    let run = pack.check("10,000 nested parentheses", &[]);
    let d = one_code(&run, &path, "SC302");
    assert!(d["help"].as_str().unwrap_or_default().contains("64"), "{d}");
    // At the 65th parenthesis: `    condition: ` is 15 characters.
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(13), Some(15 + 65)),
        "{d}"
    );
    one_code(&run, &nots, "SC302");
}

fn ten_thousand(f: impl Fn(usize) -> String) -> Vec<String> {
    (0..10_000).map(f).collect()
}

#[test]
fn condition_with_ten_thousand_defined_identifiers() {
    let pack = Pack::new();
    let detection: String =
        ten_thousand(|i| format!("    s{i}:\n        Image|endswith: '\\e{i}.exe'\n")).concat();
    // Alternating `not`: valid, and far too wide to enumerate for the tautology check (which
    // gives up above 16 free variables).
    let condition = ten_thousand(|i| {
        if i % 3 == 0 {
            format!("not s{i}")
        } else {
            format!("s{i}")
        }
    })
    .join(" and ");
    let wide = pack.write("wide.yml", rule(15, ABOUT, &condition, &detection));
    let run = pack.check("condition with 10,000 defined identifiers", &[]);
    assert_eq!(run.codes_for(&wide), Vec::<String>::new(), "{}", run.report);
}

#[test]
fn condition_with_ten_thousand_undefined_identifiers() {
    let pack = Pack::new();
    let condition = ten_thousand(|i| format!("s{i}")).join(" or ");
    let path = pack.write("undefined.yml", rule(16, ABOUT, &condition, SELECTION));
    let run = pack.check("condition with 10,000 undefined identifiers", &[]);
    let d = run.for_path(&path);
    // One SC303 per identifier, each at its place on the condition line.
    assert_eq!(d.len(), 10_000, "{}", run.report);
    let mut column = 16;
    for (i, d) in d.iter().enumerate() {
        assert_eq!(d["code"], "SC303", "{d}");
        assert_eq!(
            (d["line"].as_u64(), d["column"].as_u64()),
            (Some(13), Some(column)),
            "{d}"
        );
        column += format!("s{i} or ").len() as u64;
    }
}
