//! Terminal escape sequences in rules, paths and arguments: raw control characters are a YAML
//! error where they are, fixes write them as escapes, and no output of sigscope — any report
//! format, the statistics, `--diff`, the site, `explain`, `config`, error messages — carries one
//! raw: each is shown as `\u{1b}` (JSON escapes it as `\u001b`).
//!
//! The fixtures `tests/fixtures/cli/control_raw.yml` (raw `ESC[2J`, `ESC]0;PWNED BEL`, U+009B
//! and DEL) and `control_escaped.yml` (the same written as double-quoted escapes, valid YAML)
//! are checked from a temp dir that also holds a copy of the second under a name with control
//! characters.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use sigscope::check::check_source;
use sigscope::settings::Settings;
use sigscope::source::SourceFile;

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cli")
        .join(name);
    std::fs::read_to_string(path).expect("fixture")
}

/// Library-level positions: code, line and column (in characters) of each raw control
/// character, whatever comes before it on its line.
#[test]
fn raw_control_characters_are_yaml_errors_at_their_position() {
    /// Code, line and column.
    type At = (&'static str, usize, usize);
    let cases: [(&str, &[At]); 6] = [
        ("title: a\u{1b}[2J\n", &[("SC001", 1, 9)]),
        (
            "title: é—\u{9b}x\u{7f}\n",
            &[("SC001", 1, 10), ("SC001", 1, 12)],
        ),
        ("\u{feff}a: 1\r\nb: '\u{7}'\r\n", &[("SC001", 2, 5)]),
        (
            "a: 1\n# \u{1b}]0;PWNED\u{7}\n",
            &[("SC001", 2, 3), ("SC001", 2, 12)],
        ),
        // A second document after a good one: the whole file is refused.
        ("title: a\n---\ntitle: \u{8}\n", &[("SC001", 3, 8)]),
        // NEL is printable YAML, and escapes are not raw characters.
        ("title: \"\\e[2J\\x9b\"\nstatus: test\nx: a\u{85}b\n", &[]),
    ];
    for (text, want) in cases {
        let source = SourceFile::new("rule.yml", text);
        let found: Vec<At> = check_source(&source, &Settings::default())
            .iter()
            .filter(|d| d.code().starts_with("SC0"))
            .map(|d| {
                let at = source.line_col(d.span.start);
                (d.code(), at.line, at.column)
            })
            .collect();
        assert_eq!(found, want, "{}", text.escape_debug());
    }
    // No Sigma lint runs on a file with a raw control character, even in a good document.
    let source = SourceFile::new("rule.yml", fixture("control_raw.yml"));
    let codes: Vec<&str> = check_source(&source, &Settings::default())
        .iter()
        .map(|d| d.code())
        .collect();
    assert_eq!(codes, ["SC001"; 5]);
}

/// A fix that rewrites a value holding a control character (here lower-casing a key and a log
/// source value written with `\e`) writes it as an escape: the file stays valid YAML.
#[test]
fn fixes_write_control_characters_as_escapes() {
    let text = fixture("clean.yml")
        .replace(
            "    category: process_creation",
            "    category: \"Process\\e[2J\"",
        )
        .replace("level: medium", "level: medium\n\"Simulation\\x9b\": x");
    let options = sigscope::fix::Options { unsafe_fixes: true };
    let fixed = sigscope::fix::fix_text(
        Path::new("rule.yml"),
        &text,
        &Settings::default(),
        options,
        &|_| {},
    )
    .expect("fixed");
    let changed: Vec<&str> = fixed
        .fixed
        .lines()
        .filter(|l| !text.lines().any(|t| t == *l))
        .collect();
    assert_eq!(
        changed,
        [
            "    category: \"process\\x1b[2j\"",
            "\"simulation\\x9b\": x"
        ]
    );
    assert!(sigscope::yaml::parse(&fixed.fixed).errors.is_empty());
}

/// The name of the copy: `ESC]0;PWNED BEL` and U+009B in a file name, which Linux allows. It
/// sorts first, so the other rule's pack-wide findings point at it in their notes.
const EVIL_NAME: &str = "bad\u{1b}]0;PWNED\u{7}\u{9b}2J.yml";
const EVIL_SHOWN: &str = "bad\\u{1b}]0;PWNED\\u{7}\\u{9b}2J.yml";

/// A temp dir with `rules/` holding both fixtures and the copy with the hostile name.
fn pack() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).expect("mkdir");
    for name in ["control_raw.yml", "control_escaped.yml"] {
        std::fs::write(rules.join(name), fixture(name)).expect("write");
    }
    let copy = fixture("control_escaped.yml")
        .replace("Certutil", "Bitsadmin")
        .replace("date: 2026-10-01", "date: 2026/10/01");
    std::fs::write(rules.join(EVIL_NAME), copy).expect("write");
    dir
}

struct Out {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs sigscope in `dir`; both streams must be UTF-8 without a raw control character.
fn run(dir: &Path, args: &[&str]) -> Out {
    let out = Command::new(env!("CARGO_BIN_EXE_sigscope"))
        .current_dir(dir)
        .env("COLUMNS", "100")
        .env("NO_COLOR", "1")
        .env_remove("FORCE_COLOR")
        .stdin(Stdio::null())
        .args(args)
        .output()
        .expect("run sigscope");
    let what = format!("sigscope {args:?}");
    Out {
        code: out.status.code(),
        stdout: clean(out.stdout, &format!("{what}: stdout")),
        stderr: clean(out.stderr, &format!("{what}: stderr")),
    }
}

/// Whether a terminal could act on `c`, written out here rather than taken from the library.
fn is_raw_control(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
}

/// `bytes` as text, after asserting that it holds no raw control character.
fn clean(bytes: Vec<u8>, what: &str) -> String {
    let text = String::from_utf8(bytes).unwrap_or_else(|e| panic!("{what} is not UTF-8: {e}"));
    if let Some((at, c)) = text.char_indices().find(|(_, c)| is_raw_control(*c)) {
        let line = text[..at].lines().count().max(1);
        panic!(
            "{what}: raw {:?} on line {line}:\n{}",
            c,
            text.escape_debug()
        );
    }
    text
}

/// The raw fixture's findings: one SC001 per control character, at its line and column.
const RAW_FINDINGS: [(&str, u64, u64, u64, u64); 5] = [
    ("SC001", 1, 25, 1, 26),
    ("SC001", 4, 30, 4, 31),
    ("SC001", 4, 39, 4, 40),
    ("SC001", 4, 64, 4, 65),
    ("SC001", 4, 87, 4, 88),
];

fn positions(v: &serde_json::Value, path: &str) -> Vec<(String, u64, u64, u64, u64)> {
    v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["path"] == path)
        .map(|d| {
            let n = |k: &str| d[k].as_u64().unwrap_or_default();
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                n("line"),
                n("column"),
                n("end_line"),
                n("end_column"),
            )
        })
        .collect()
}

fn messages(v: &serde_json::Value, path: &str) -> Vec<String> {
    v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["path"] == path)
        .map(|d| d["message"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn json_escapes_every_control_character_and_keeps_the_values() {
    let dir = pack();
    let out = run(dir.path(), &["check", "rules", "--format", "json"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
    let want: Vec<_> = RAW_FINDINGS
        .iter()
        .map(|&(c, l, col, el, ec)| (c.to_owned(), l, col, el, ec))
        .collect();
    assert_eq!(positions(&v, "rules/control_raw.yml"), want);
    // The escaped rule is valid YAML: its values carry the control characters, quoted in the
    // messages, which JSON escapes (C1 and DEL too) and a JSON reader gets back as they are.
    let escaped = messages(&v, "rules/control_escaped.yml");
    assert!(
        escaped.contains(&String::from("`id` is not a UUID: `\u{1b}]0;PWNED\u{7}`")),
        "{escaped:?}"
    );
    assert!(
        escaped
            .iter()
            .any(|m| m.starts_with("unknown level `high\u{9b}31m\u{7f}`")),
        "{escaped:?}"
    );
    assert!(
        escaped
            .iter()
            .any(|m| m.starts_with("`\\e` in a double-quoted value of `CommandLine|contains`")),
        "{escaped:?}"
    );
    for escape in ["\\u001b]0;PWNED\\u0007", "high\\u009b31m\\u007f"] {
        assert!(out.stdout.contains(escape), "{escape} in\n{}", out.stdout);
    }
    // The hostile path too.
    let evil = format!("rules/{EVIL_NAME}");
    assert!(!messages(&v, &evil).is_empty(), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("bad\\u001b]0;PWNED\\u0007\\u009b2J.yml")
    );
}

#[test]
fn sarif_escapes_every_control_character() {
    let dir = pack();
    let out = run(dir.path(), &["check", "rules", "--format", "sarif"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
    let results = v["runs"][0]["results"].as_array().expect("results");
    let raw: Vec<(u64, u64)> = results
        .iter()
        .filter(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                == "rules/control_raw.yml"
        })
        .map(|r| {
            let region = &r["locations"][0]["physicalLocation"]["region"];
            (
                region["startLine"].as_u64().unwrap_or_default(),
                region["startColumn"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(raw, RAW_FINDINGS.map(|f| (f.1, f.2)));
    for escape in ["\\u001b]0;PWNED\\u0007", "high\\u009b31m\\u007f"] {
        assert!(out.stdout.contains(escape), "{escape} in\n{}", out.stdout);
    }
    // A URI percent-encodes the hostile name.
    assert!(out.stdout.contains("rules/bad%1B%5D0;PWNED%07%C2%9B2J.yml"));
}

#[test]
fn concise_and_github_show_control_characters_escaped() {
    let dir = pack();
    let out = run(dir.path(), &["check", "rules", "--format", "concise"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    for line in [
        "rules/control_raw.yml:1:25: SC001 control character U+001B in the file",
        "rules/control_raw.yml:4:64: SC001 control character U+009B in the file",
        "rules/control_escaped.yml:2:5: SC107 `id` is not a UUID: `\\u{1b}]0;PWNED\\u{7}`",
        "rules/control_escaped.yml:22:8: SC103 unknown level `high\\u{9b}31m\\u{7f}`; expected one of informational, low, medium, high, critical",
    ] {
        assert!(
            out.stdout.lines().any(|l| l == line),
            "{line}\nnot in\n{}",
            out.stdout
        );
    }
    assert!(
        out.stdout
            .lines()
            .any(|l| l.starts_with(&format!("rules/{EVIL_SHOWN}:2:5: SC107 "))),
        "{}",
        out.stdout
    );

    let out = run(dir.path(), &["check", "rules", "--format", "github"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    for line in [
        "::error file=rules/control_raw.yml,line=4,col=87,endLine=4,endColumn=88,title=SC001::control character U+007F in the file",
        "::error file=rules/control_escaped.yml,line=2,col=5,endLine=2,endColumn=19,title=SC107::`id` is not a UUID: `\\u{1b}]0;PWNED\\u{7}`",
    ] {
        assert!(
            out.stdout.lines().any(|l| l == line),
            "{line}\nnot in\n{}",
            out.stdout
        );
    }
    assert!(
        out.stdout
            .contains(&format!("file=rules/{EVIL_SHOWN},line=2,col=5,")),
        "{}",
        out.stdout
    );
}

#[test]
fn statistics_output_is_clean() {
    let dir = pack();
    let out = run(dir.path(), &["check", "rules", "--statistics"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stdout.contains("5  SC001  [ ] yaml-syntax"),
        "{}",
        out.stdout
    );
    let out = run(
        dir.path(),
        &["check", "rules", "--statistics", "--format", "json"],
    );
    assert!(
        out.stdout
            .contains(r#"{"code":"SC001","name":"yaml-syntax","count":5,"fixable":0}"#)
    );
}

/// The snippet shows the line with each control character escaped, and the underline covers
/// exactly the escape; the location line and the snippet header give the character column of
/// the file.
#[test]
fn human_snippets_show_escapes_and_underline_them() {
    let dir = pack();
    let out = run(
        dir.path(),
        &["check", "rules/control_raw.yml", "--color", "never"],
    );
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    insta::assert_snapshot!("human_raw", out.stdout);
    let out = run(
        dir.path(),
        &["check", "rules/control_escaped.yml", "--color", "never"],
    );
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    insta::assert_snapshot!("human_escaped", out.stdout);
    // Paths in the location line, the snippet header and notes on other files.
    let out = run(dir.path(), &["check", "rules", "--color", "never"]);
    assert!(
        out.stdout
            .contains(&format!("rules/{EVIL_SHOWN}:2:5: SC107 invalid-id-format")),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(&format!("[rules/{EVIL_SHOWN}:2:5]")),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(&format!(
            "  = note: also used here: rules/{EVIL_SHOWN}:2:5\n"
        )),
        "{}",
        out.stdout
    );
}

#[test]
fn the_site_shows_control_characters_escaped() {
    let dir = pack();
    let out = run(dir.path(), &["site", "rules", "-o", "site"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let mut stack = vec![dir.path().join("site")];
    let mut pages = Vec::new();
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("site dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("site file");
                pages.push((path.clone(), clean(bytes, &path.display().to_string())));
            }
        }
    }
    let with = |needle: &str| -> Vec<&PathBuf> {
        pages
            .iter()
            .filter(|(_, text)| text.contains(needle))
            .map(|(p, _)| p)
            .collect()
    };
    // The rule page quotes the id and the level as escapes, and the lint page the path.
    let id = with("\\u{1b}]0;PWNED\\u{7}");
    assert!(
        id.iter()
            .any(|p| p.extension().is_some_and(|e| e == "html")),
        "{id:?}"
    );
    assert!(!with("high\\u{9b}31m\\u{7f}").is_empty());
    assert!(!with(EVIL_SHOWN).is_empty());
    // Exports escape too: JSON as JSON escapes, the CSV as text.
    let catalogue = &pages
        .iter()
        .find(|(p, _)| p.ends_with("catalogue.json"))
        .expect("catalogue.json")
        .1;
    assert!(catalogue.contains("high\\u009b31m\\u007f"), "{catalogue}");
    let csv = &pages
        .iter()
        .find(|(p, _)| p.ends_with("rules.csv"))
        .expect("rules.csv")
        .1;
    assert!(csv.contains("\\u{1b}]0;PWNED\\u{7}"), "{csv}");
}

#[test]
fn arguments_and_paths_in_errors_are_escaped() {
    let dir = pack();
    let out = run(dir.path(), &["explain", "\u{1b}]0;PWNED\u{7}\u{9b}"]);
    assert_eq!(out.code, Some(2));
    assert_eq!(
        out.stderr,
        "error: no lint with code or name `\\u{1b}]0;PWNED\\u{7}\\u{9b}`\n"
    );
    let out = run(dir.path(), &["explain", "SC001"]);
    assert_eq!(out.code, Some(0));
    assert!(out.stdout.starts_with("# SC001 yaml-syntax"));
    let out = run(dir.path(), &["site", "missing\u{1b}[2J", "-o", "out"]);
    assert_eq!(out.code, Some(2));
    assert_eq!(
        out.stderr,
        "error: path `missing\\u{1b}[2J` does not exist\n"
    );
    // `check` reports a missing path as a finding, escaped like any other.
    let out = run(
        dir.path(),
        &["check", "--format", "concise", "missing\u{1b}[2J"],
    );
    assert_eq!(out.code, Some(1));
    assert_eq!(
        out.stdout,
        "missing\\u{1b}[2J:1:1: SC009 path `missing\\u{1b}[2J` does not exist\n"
    );
    // Refused by clap, which would print the value as given.
    let out = run(dir.path(), &["check", "--format", "x\u{1b}[31m\u{9b}"]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr
            .starts_with("error: invalid value 'x\\u{1b}[31m\\u{9b}' for '--format <FORMAT>'"),
        "{}",
        out.stderr
    );
    let out = run(
        dir.path(),
        &["check", "rules", "--write-baseline", "base\u{1b}[2J.json"],
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stdout
            .ends_with("to the baseline `base\\u{1b}[2J.json`\n")
    );
    let out = run(dir.path(), &["site", "rules", "-o", "out\u{7}"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.contains("into out\\u{7} in "), "{}", out.stdout);
    let out = run(dir.path(), &["check", "rules", "--diff"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stdout.starts_with(&format!(
            "--- a/rules/{EVIL_SHOWN}\n+++ b/rules/{EVIL_SHOWN}\n"
        )),
        "{}",
        out.stdout
    );
    std::fs::write(dir.path().join("c\u{1b}[2J.toml"), "").expect("write");
    let out = run(dir.path(), &["config", "--config", "c\u{1b}[2J.toml"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stdout
            .starts_with("# configuration file: c\\u{1b}[2J.toml\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_configuration_error_shows_its_snippet_escaped() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("sigscope.toml"),
        "select = [\"SC1\"]\nignore = [\"SC\\u001b[2J\"] # \u{9b}\n",
    )
    .expect("write");
    let out = run(dir.path(), &["check", ".", "--config", "sigscope.toml"]);
    assert_eq!(out.code, Some(2));
    insta::assert_snapshot!("config_error", out.stderr);
}
