//! End-to-end tests of the machine and CI output of `sigscope check` — `--format sarif`,
//! `github`, `concise`, `--statistics`, `--output-file`, `--stdin-filename` — and of the
//! discoverability commands `sigscope lints` and `sigscope completions`.
//!
//! The fixture pack is written to a temp directory and checked from there with relative paths,
//! so outputs are the same on every machine. It has an error with a secondary label on a line
//! with non-ASCII characters before the span (columns are code points), an info, a warning, and
//! pack-wide findings whose labels point into the other file, whose name needs escaping in
//! URIs (`sub dir/`) and in GitHub properties (`,`).
//!
//! Update snapshots with `INSTA_UPDATE=always cargo test --test output` and read every change.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

const BAD: &str = "title: Certutil Download From Remote URL
id: 8f3c1c0e-2b8e-4c51-9a1f-0c6d3f0b6a11
status: test
description: Detects certutil used to download a file from a remote URL.
references: ['https://exämple.org/ü', 'https://exämple.org/ü']
author: sigscope contributors
date: 2026-10-01
tags:
    - attack.t1105
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image|endswith: '\\certutil.exe'
        CommandLine|contains: 'urlcache'
    condition: selection
level: meduim
";

const COPY: &str = "title: Certutil Download From Remote URL
id: 8f3c1c0e-2b8e-4c51-9a1f-0c6d3f0b6a11
status: test
description: Detects certutil used to download a file from a remote URL.
falsepositive:
    - none
author: sigscope contributors
date: 2026-10-01
tags:
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

const CLEAN: &str = "title: Certutil Download From Remote URL
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
        CommandLine|contains: 'verifyctl'
    condition: selection
level: high
";

/// A temp directory with `bad.yml` and `sub dir/copy,1.yml`.
fn pack() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("bad.yml"), BAD).expect("write");
    std::fs::create_dir(dir.path().join("sub dir")).expect("mkdir");
    std::fs::write(dir.path().join("sub dir/copy,1.yml"), COPY).expect("write");
    dir
}

struct Out {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn sigscope(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Out {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sigscope"));
    cmd.current_dir(dir)
        .env("COLUMNS", "100")
        .env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
    let mut child = cmd.spawn().expect("spawn sigscope");
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().expect("stdin pipe");
        // The child may stop reading early (size limit); a broken pipe here is fine.
        let _ = pipe.write_all(input);
    }
    let out = child.wait_with_output().expect("wait for sigscope");
    Out {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn check_pack(args: &[&str]) -> Out {
    let dir = pack();
    let mut all = vec!["check", "bad.yml", "sub dir"];
    all.extend_from_slice(args);
    sigscope(dir.path(), &all, None)
}

// ---------------------------------------------------------------------------------------------
// SARIF
// ---------------------------------------------------------------------------------------------

const URL_BASE: &str = "https://detections.acme.example/catalogue/";

/// The SARIF log of `check clean.yml`, a file without findings.
fn clean_sarif() -> Value {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("clean.yml"), CLEAN).expect("write");
    let out = sigscope(
        dir.path(),
        &["check", "clean.yml", "--format", "sarif"],
        None,
    );
    assert_eq!(out.code, Some(0), "{}", out.stdout);
    serde_json::from_str(&out.stdout).expect("SARIF is JSON")
}

/// The errors of `log` against the OASIS schema (draft-04, no remote references; `jsonschema`
/// is built without HTTP, so this is offline), with `format` checks on (`uri`,
/// `uri-reference`).
fn sarif_errors(log: &Value) -> Vec<String> {
    let path = common::shared("sarif/sarif-schema-2.1.0.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    let validator = jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles");
    validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// Every SARIF log the tests below look at is valid, and the validator is not vacuous.
#[test]
#[cfg_attr(
    not(shared_sarif),
    ignore = "needs ../shared/sarif/sarif-schema-2.1.0.json (absent)"
)]
fn sarif_is_valid_against_the_oasis_schema() {
    let findings = check_pack(&["--format", "sarif"]);
    let with_urls = check_pack(&["--format", "sarif", "--lint-url-base", URL_BASE]);
    let clean = clean_sarif();
    for (what, log) in [
        (
            "findings",
            serde_json::from_str(&findings.stdout).expect("SARIF is JSON"),
        ),
        (
            "--lint-url-base",
            serde_json::from_str(&with_urls.stdout).expect("SARIF is JSON"),
        ),
        ("clean file", clean.clone()),
    ] {
        let errors = sarif_errors(&log);
        assert!(
            errors.is_empty(),
            "{what}: SARIF schema errors:\n{}",
            errors.join("\n")
        );
    }
    // A wrong version, a bad level and a non-URI are caught.
    let mut broken = clean;
    broken["version"] = "2.0.0".into();
    broken["runs"][0]["tool"]["driver"]["rules"][0]["defaultConfiguration"]["level"] =
        "fatal".into();
    broken["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"] = "not a uri".into();
    let errors = sarif_errors(&broken);
    assert_eq!(errors.len(), 3, "{errors:#?}");
}

#[test]
fn sarif_locates_every_finding() {
    let out = check_pack(&["--format", "sarif"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    let log: Value = serde_json::from_str(&out.stdout).expect("SARIF is JSON");
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(run["tool"]["driver"]["name"], "sigscope");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), sigscope::lints::ALL.len());
    let mut results = run["results"].clone();
    for r in results.as_array_mut().expect("results") {
        // The index points at the result's rule; removed from the snapshot so new lints do
        // not churn it.
        let i = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
        r.as_object_mut().expect("object").remove("ruleIndex");
    }
    insta::assert_snapshot!(
        "sarif_results",
        serde_json::to_string_pretty(&results).expect("json")
    );
}

/// JSON carries every other location of a finding, as SARIF's `relatedLocations` do: the same
/// places, the same messages.
#[test]
fn json_related_locations_are_sarifs() {
    let json = check_pack(&["--format", "json"]);
    let sarif = check_pack(&["--format", "sarif"]);
    let json: Value = serde_json::from_str(&json.stdout).expect("JSON");
    let sarif: Value = serde_json::from_str(&sarif.stdout).expect("SARIF is JSON");
    let from_json: Vec<Vec<(String, u64, u64, String)>> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            d["related"]
                .as_array()
                .expect("every diagnostic has a related list")
                .iter()
                .map(|r| {
                    (
                        r["path"].as_str().expect("path").to_owned(),
                        r["line"].as_u64().expect("line"),
                        r["column"].as_u64().expect("column"),
                        r["message"].as_str().expect("message").to_owned(),
                    )
                })
                .collect()
        })
        .collect();
    let from_sarif: Vec<Vec<(String, u64, u64, String)>> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            r["relatedLocations"]
                .as_array()
                .map(|list| {
                    list.iter()
                        .map(|l| {
                            let p = &l["physicalLocation"];
                            (
                                p["artifactLocation"]["uri"]
                                    .as_str()
                                    .expect("uri")
                                    .replace("%20", " ")
                                    .replace("%2C", ","),
                                p["region"]["startLine"].as_u64().expect("line"),
                                p["region"]["startColumn"].as_u64().expect("column"),
                                l["message"]["text"].as_str().expect("text").to_owned(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(from_json, from_sarif);
    // The duplicate id is reported in one file and labels the other: not an empty list.
    assert!(
        from_json.iter().any(|r| r
            .iter()
            .any(|(path, line, column, message)| path == "bad.yml"
                && (*line, *column) == (2, 5)
                && message == "also used here")),
        "{from_json:?}"
    );
}

#[test]
fn sarif_rules_carry_the_lint_docs() {
    let out = check_pack(&["--format", "sarif"]);
    let log: Value = serde_json::from_str(&out.stdout).expect("SARIF is JSON");
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    let lint = sigscope::lints::by_code("SC301").expect("SC301");
    let rule = rules
        .iter()
        .find(|r| r["id"] == "SC301")
        .expect("SC301 rule");
    assert_eq!(rule["name"], lint.name);
    assert_eq!(rule["shortDescription"]["text"], lint.summary().as_str());
    assert_eq!(
        rule["fullDescription"]["markdown"],
        lint.documentation().trim_end()
    );
    assert_eq!(rule["help"]["markdown"], lint.documentation().trim_end());
    assert_eq!(rule["defaultConfiguration"]["level"], "error");
    assert_eq!(rule["properties"]["group"], "detection");
    assert_eq!(rule["properties"]["profile"], "default");
    // No public site: no helpUri unless the team says where its catalogue lives.
    assert!(rule.get("helpUri").is_none(), "{rule}");
    let info = rules.iter().find(|r| r["id"] == "SC505").expect("SC505");
    assert_eq!(info["defaultConfiguration"]["level"], "note");
    let house = rules.iter().find(|r| r["id"] == "SC230").expect("SC230");
    assert_eq!(house["properties"]["profile"], "sigmahq");

    let out = check_pack(&["--format", "sarif", "--lint-url-base", URL_BASE]);
    let log: Value = serde_json::from_str(&out.stdout).expect("SARIF is JSON");
    let rule = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .find(|r| r["id"] == "SC301")
        .expect("SC301")
        .clone();
    assert_eq!(
        rule["helpUri"],
        "https://detections.acme.example/catalogue/lints/sc301.html"
    );
}

#[test]
fn sarif_short_descriptions_are_one_sentence() {
    let out = check_pack(&["--format", "sarif"]);
    let log: Value = serde_json::from_str(&out.stdout).expect("SARIF is JSON");
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    let short = |code: &str| {
        rules.iter().find(|r| r["id"] == code).expect("rule")["shortDescription"]["text"]
            .as_str()
            .expect("text")
            .to_owned()
    };
    for rule in rules {
        let text = rule["shortDescription"]["text"].as_str().expect("text");
        let id = &rule["id"];
        assert!(text.starts_with(char::is_uppercase), "{id}: {text}");
        assert!(text.chars().count() <= 150, "{id}: {text}");
        assert!(text.ends_with('.') && !text.contains('\n'), "{id}: {text}");
        // One sentence, no parenthetical remark (outside code spans).
        let prose: String = text.split('`').step_by(2).collect();
        let inner = prose[..prose.len() - 1].replace("e.g. ", "");
        assert!(
            !inner.contains(". ") && !inner.contains(['(', ')']),
            "{id}: {text}"
        );
    }
    assert_eq!(
        short("SC301"),
        "Reports a detection whose condition is true for every event."
    );
    // 664 characters before: the whole paragraph with its table of prefixes.
    assert_eq!(
        short("SC232"),
        "With `--profile sigmahq`: reports a detection rule whose file name does not start with \
         the prefix SigmaHQ's filename convention gives its log source."
    );
    assert_eq!(
        short("SC404"),
        "Reports `Field|all: [a, b]` where the field must equal two different values at once."
    );
    assert_eq!(
        short("SC242"),
        "With `--profile sigmahq`: reports a rule whose `status` is `test` or `stable` although \
         its `date` is at most 60 days ago."
    );
}

#[test]
fn sarif_of_a_clean_file_has_no_results() {
    let log = clean_sarif();
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
}

// ---------------------------------------------------------------------------------------------
// github, concise, statistics
// ---------------------------------------------------------------------------------------------

#[test]
fn github_workflow_commands() {
    let out = check_pack(&["--format", "github"]);
    assert_eq!(out.code, Some(1));
    assert_eq!(
        out.stdout,
        "::error file=bad.yml,line=5,col=39,endLine=5,endColumn=62,title=SC100::`references` lists `https://exämple.org/ü` twice
::notice file=bad.yml,line=9,col=7,endLine=9,endColumn=19,title=SC505::technique `attack.t1105` (Ingress Tool Transfer) is tagged without its tactic
::error file=bad.yml,line=18,col=8,endLine=18,endColumn=14,title=SC103::unknown level `meduim`; expected one of informational, low, medium, high, critical (did you mean `medium`?)
::warning file=sub dir/copy%2C1.yml,line=1,col=8,endLine=1,endColumn=41,title=SC803::title `Certutil Download From Remote URL` is also the title of another rule
::error file=sub dir/copy%2C1.yml,line=2,col=5,endLine=2,endColumn=41,title=SC801::id `8f3c1c0e-2b8e-4c51-9a1f-0c6d3f0b6a11` is already used by `Certutil Download From Remote URL` in `bad.yml`
::warning file=sub dir/copy%2C1.yml,line=5,col=1,endLine=5,endColumn=14,title=SC221::unknown key `falsepositive`, did you mean `falsepositives`?
::notice file=sub dir/copy%2C1.yml,line=10,col=7,endLine=10,endColumn=19,title=SC505::technique `attack.t1105` (Ingress Tool Transfer) is tagged without its tactic
::warning file=sub dir/copy%2C1.yml,line=14,col=1,endLine=14,endColumn=10,title=SC805::detection logic and log source are identical to `Certutil Download From Remote URL` in `bad.yml`
"
    );
}

const CONCISE: &str = "bad.yml:5:39: SC100 [*] `references` lists `https://exämple.org/ü` twice
bad.yml:9:7: SC505 [*] technique `attack.t1105` (Ingress Tool Transfer) is tagged without its tactic
bad.yml:18:8: SC103 unknown level `meduim`; expected one of informational, low, medium, high, critical (did you mean `medium`?)
sub dir/copy,1.yml:1:8: SC803 title `Certutil Download From Remote URL` is also the title of another rule
sub dir/copy,1.yml:2:5: SC801 id `8f3c1c0e-2b8e-4c51-9a1f-0c6d3f0b6a11` is already used by `Certutil Download From Remote URL` in `bad.yml`
sub dir/copy,1.yml:5:1: SC221 unknown key `falsepositive`, did you mean `falsepositives`?
sub dir/copy,1.yml:10:7: SC505 [*] technique `attack.t1105` (Ingress Tool Transfer) is tagged without its tactic
sub dir/copy,1.yml:14:1: SC805 detection logic and log source are identical to `Certutil Download From Remote URL` in `bad.yml`
";

#[test]
fn concise_lines() {
    let out = check_pack(&["--format", "concise"]);
    assert_eq!(out.code, Some(1));
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    assert_eq!(out.stdout, CONCISE);
    // Not a terminal: no colour unless forced.
    let forced = check_pack(&["--format", "concise", "--color", "always"]);
    assert!(forced.stdout.starts_with(
        "\u{1b}[1mbad.yml:5:39:\u{1b}[0m \u{1b}[1;31mSC100\u{1b}[0m [*] `references` lists"
    ));
    assert!(forced.stdout.contains("\u{1b}[1;36mSC505\u{1b}[0m"));
    assert!(forced.stdout.contains("\u{1b}[1;33mSC803\u{1b}[0m"));
}

#[test]
fn output_format_is_another_name_for_format() {
    let out = check_pack(&["--output-format", "concise"]);
    assert_eq!((out.code, out.stderr.as_str()), (Some(1), ""));
    assert_eq!(out.stdout, CONCISE);
    let json = check_pack(&["--output-format=json"]);
    let by_format = check_pack(&["--format=json"]);
    assert_eq!(json.code, Some(1));
    assert_eq!(json.stdout, by_format.stdout);
    // One option under two names: giving both is an error, as giving `--format` twice is.
    let both = check_pack(&["--format", "json", "--output-format", "concise"]);
    assert_eq!(both.code, Some(2));
    assert!(
        both.stderr.contains("cannot be used multiple times"),
        "{}",
        both.stderr
    );
}

/// `check bad.yml --format concise` plus `args`, with these environment variables.
fn concise_with_env(env: &[(&str, &str)], args: &[&str]) -> Out {
    let dir = pack();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sigscope"));
    cmd.current_dir(dir.path())
        .args(["check", "bad.yml", "--format", "concise"])
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .envs(env.iter().copied())
        .stdin(Stdio::null());
    let out = cmd.output().expect("run sigscope");
    let report = std::fs::read(dir.path().join("report.txt")).unwrap_or_default();
    Out {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("UTF-8") + &String::from_utf8_lossy(&report),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn force_color_colours_a_pipe_unless_color_never() {
    const COLOURED: &str =
        "\u{1b}[1mbad.yml:5:39:\u{1b}[0m \u{1b}[1;31mSC100\u{1b}[0m [*] `references`";
    const PLAIN: &str = "bad.yml:5:39: SC100 [*] `references`";
    // Environment, arguments, how the output starts.
    type Case<'a> = (&'a [(&'a str, &'a str)], &'a [&'a str], &'a str);
    let cases: &[Case<'_>] = &[
        (&[], &[], PLAIN),
        (&[("FORCE_COLOR", "1")], &[], COLOURED),
        // Any non-empty value forces; an empty one is unset.
        (&[("FORCE_COLOR", "0")], &[], COLOURED),
        (&[("FORCE_COLOR", "")], &[], PLAIN),
        // FORCE_COLOR wins over NO_COLOR; the command line wins over both.
        (&[("FORCE_COLOR", "1"), ("NO_COLOR", "1")], &[], COLOURED),
        (&[("FORCE_COLOR", "1")], &["--color", "never"], PLAIN),
        (&[("NO_COLOR", "1")], &["--color", "always"], COLOURED),
        // A report file is not a log: it stays plain unless `--color always`.
        (
            &[("FORCE_COLOR", "1")],
            &["--output-file", "report.txt"],
            PLAIN,
        ),
    ];
    for (env, args, start) in cases {
        let out = concise_with_env(env, args);
        assert_eq!(out.code, Some(1), "{env:?} {args:?}: {}", out.stderr);
        assert!(
            out.stdout.starts_with(start),
            "{env:?} {args:?}: {:?}",
            out.stdout
        );
    }
}

#[test]
fn statistics() {
    let out = check_pack(&["--statistics"]);
    assert_eq!(out.code, Some(1));
    assert_eq!(
        out.stdout,
        "2  SC505  [*] technique-without-tactic
1  SC100  [*] schema-violation
1  SC103  [ ] invalid-enum-value
1  SC221  [ ] misspelled-key
1  SC801  [ ] duplicate-id
1  SC803  [ ] duplicate-title
1  SC805  [ ] duplicate-detection
8 findings in 2 files
[*] 3 fixable with `sigscope check --fix`.
"
    );
    // The typos' fixes are unsafe: fixable once `--fix` would apply them.
    let out = check_pack(&["--statistics", "--unsafe-fixes", "--format", "concise"]);
    assert!(
        out.stdout
            .contains("1  SC103  [*] invalid-enum-value\n1  SC221  [*] misspelled-key\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.ends_with(
            "8 findings in 2 files\n[*] 5 fixable with `sigscope check --fix --unsafe-fixes`.\n"
        ),
        "{}",
        out.stdout
    );
    // Nothing fixable: no markers, as ruff.
    let out = check_pack(&["--statistics", "--select", "SC8"]);
    assert_eq!(
        out.stdout,
        "1  SC801  duplicate-id\n1  SC803  duplicate-title\n1  SC805  duplicate-detection\n\
         3 findings in 2 files\n"
    );
    let json = check_pack(&["--statistics", "--format", "json"]);
    assert_eq!(json.code, Some(1));
    let v: Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(
        v[0],
        serde_json::json!({"code": "SC505", "name": "technique-without-tactic", "count": 2, "fixable": 2})
    );
    assert_eq!(
        v[2],
        serde_json::json!({"code": "SC103", "name": "invalid-enum-value", "count": 1, "fixable": 0})
    );
    assert_eq!(v.as_array().map(Vec::len), Some(7));
    let bad = check_pack(&["--statistics", "--format", "sarif"]);
    assert_eq!(bad.code, Some(2));
    assert_eq!(
        bad.stderr,
        "error: --statistics works with --format human, concise or json\n"
    );
    assert!(bad.stdout.is_empty());
}

// ---------------------------------------------------------------------------------------------
// --output-file
// ---------------------------------------------------------------------------------------------

#[test]
fn output_file_gets_the_report_and_the_exit_code_still_gates() {
    let dir = pack();
    let out = sigscope(
        dir.path(),
        &[
            "check",
            "bad.yml",
            "sub dir",
            "--format",
            "concise",
            "--output-file",
            "report.txt",
        ],
        None,
    );
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    let written = std::fs::read_to_string(dir.path().join("report.txt")).expect("report");
    assert_eq!(written, CONCISE);

    // Colour is `auto` by default, and a file is never a terminal.
    let out = sigscope(
        dir.path(),
        &["check", "bad.yml", "--output-file", "human.txt"],
        None,
    );
    assert_eq!(out.code, Some(1));
    let human = std::fs::read_to_string(dir.path().join("human.txt")).expect("report");
    assert!(
        human.starts_with("bad.yml:5:39: SC100 schema-violation [*]\n"),
        "{human}"
    );
    assert!(!human.contains('\u{1b}'));

    std::fs::write(dir.path().join("clean.yml"), CLEAN).expect("write");
    let out = sigscope(
        dir.path(),
        &[
            "check",
            "clean.yml",
            "--format",
            "sarif",
            "--output-file",
            "clean.sarif",
        ],
        None,
    );
    assert_eq!(out.code, Some(0));
    let log: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("clean.sarif")).expect("sarif"),
    )
    .expect("JSON");
    assert_eq!(log["version"], "2.1.0");

    let out = sigscope(
        dir.path(),
        &["check", "clean.yml", "--output-file", "no/such/dir/out.txt"],
        None,
    );
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr
            .starts_with("error: cannot write `no/such/dir/out.txt`: "),
        "{}",
        out.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// --stdin-filename
// ---------------------------------------------------------------------------------------------

#[test]
fn stdin_is_linted_as_the_named_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let args = [
        "check",
        "--stdin-filename",
        "rules/certutil.yml",
        "--format",
        "concise",
    ];
    let out = sigscope(dir.path(), &args, Some(BAD.as_bytes()));
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "rules/certutil.yml:5:39: SC100 [*] `references` lists `https://exämple.org/ü` twice
rules/certutil.yml:9:7: SC505 [*] technique `attack.t1105` (Ingress Tool Transfer) is tagged without its tactic
rules/certutil.yml:18:8: SC103 unknown level `meduim`; expected one of informational, low, medium, high, critical (did you mean `medium`?)
"
    );
    // `-` with the name, and `-` alone (reported as `-`).
    let mut dash = args.to_vec();
    dash.push("-");
    let out = sigscope(dir.path(), &dash, Some(CLEAN.as_bytes()));
    assert_eq!((out.code, out.stdout.as_str()), (Some(0), ""));
    let out = sigscope(
        dir.path(),
        &["check", "-", "--format", "concise"],
        Some(b"title: x\nstatus: test\n"),
    );
    assert_eq!(out.code, Some(1));
    assert!(
        out.stdout
            .starts_with("-:1:1: SC101 missing required keys `logsource` and `detection`\n"),
        "{}",
        out.stdout
    );

    // The name drives name-based lints (SigmaHQ file names).
    let out = sigscope(
        dir.path(),
        &[
            "check",
            "--stdin-filename",
            "proc_creation_win_certutil_download.yml",
            "--profile",
            "sigmahq",
            "--format",
            "concise",
        ],
        Some(CLEAN.as_bytes()),
    );
    assert!(!out.stdout.contains("SC230"), "{}", out.stdout);
    let out = sigscope(
        dir.path(),
        &[
            "check",
            "--stdin-filename",
            "Certutil.yml",
            "--profile",
            "sigmahq",
            "--format",
            "concise",
        ],
        Some(CLEAN.as_bytes()),
    );
    assert!(
        out.stdout.contains("Certutil.yml:1:1: SC230 "),
        "{}",
        out.stdout
    );
}

#[test]
fn stdin_keeps_the_file_limits() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = sigscope(
        dir.path(),
        &[
            "check",
            "--stdin-filename",
            "big.yml",
            "--max-file-size",
            "10",
            "--format",
            "concise",
        ],
        Some(CLEAN.as_bytes()),
    );
    assert_eq!(out.code, Some(1));
    assert_eq!(
        out.stdout,
        "big.yml:1:1: SC005 file is larger than the limit, over the limit of 10 bytes; it was not checked\n"
    );
    let out = sigscope(
        dir.path(),
        &[
            "check",
            "--stdin-filename",
            "bin.yml",
            "--format",
            "concise",
        ],
        Some(b"title: \xff\n"),
    );
    assert_eq!(out.code, Some(1));
    assert_eq!(
        out.stdout,
        "bin.yml:1:8: SC006 file is not valid UTF-8: byte 0xFF at offset 7\n"
    );
}

#[test]
fn stdin_usage_errors() {
    let dir = pack();
    let out = sigscope(dir.path(), &["check", "-", "bad.yml"], Some(b""));
    assert_eq!(out.code, Some(2));
    assert_eq!(
        out.stderr,
        "error: `-` (standard input) cannot be combined with other paths\n"
    );
    let out = sigscope(
        dir.path(),
        &["check", "bad.yml", "--stdin-filename", "x.yml"],
        Some(b""),
    );
    assert_eq!(out.code, Some(2));
    assert_eq!(
        out.stderr,
        "error: --stdin-filename reads the rule from standard input: give `-` or no path\n"
    );
    // No path is the working directory, not standard input.
    let out = sigscope(
        dir.path(),
        &["check", "--format", "concise"],
        Some(b"title: x\n"),
    );
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stdout.starts_with("./bad.yml:5:39: SC100 "),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("-:1:1"), "{}", out.stdout);
}

// ---------------------------------------------------------------------------------------------
// lints, completions
// ---------------------------------------------------------------------------------------------

#[test]
fn lints_lists_every_lint() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = sigscope(dir.path(), &["lints"], None);
    assert_eq!(out.code, Some(0));
    // The table, then a paragraph per retired code.
    let (table, retired) = out.stdout.split_once("\n\n").expect("retired codes");
    assert_eq!(
        retired,
        "SC104 invalid-format: retired, split into SC107 invalid-id-format, SC108 \
         invalid-date-format, SC109 invalid-tag-format and SC110 invalid-timespan-format; \
         `SC104` still selects them\n"
    );
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), sigscope::lints::ALL.len() + 1);
    let header: Vec<&str> = lines[0].split_whitespace().collect();
    assert_eq!(
        header,
        ["code", "name", "group", "severity", "profile", "fixable"]
    );
    for (line, lint) in lines[1..].iter().zip(sigscope::lints::ALL.iter()) {
        let cols: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(cols[0], lint.code);
        assert_eq!(cols[1], lint.name);
        assert_eq!(cols[3], lint.default_severity.as_str());
        assert_eq!(cols[4], lint.profile.as_str());
        assert_eq!(cols[5], lint.fix.as_str());
    }
    let row = |code: &str| -> Vec<String> {
        lines
            .iter()
            .find(|l| l.starts_with(code))
            .expect("row")
            .split_whitespace()
            .map(String::from)
            .collect()
    };
    assert_eq!(
        row("SC301"),
        [
            "SC301",
            "placeholder-logic",
            "detection",
            "error",
            "default",
            "sometimes"
        ]
    );
    assert_eq!(
        row("SC230"),
        [
            "SC230",
            "unconventional-file-name",
            "metadata",
            "warning",
            "sigmahq",
            "no"
        ]
    );
    assert_eq!(
        row("SC505"),
        [
            "SC505",
            "technique-without-tactic",
            "attack",
            "info",
            "default",
            "sometimes"
        ]
    );
}

#[test]
fn completions_for_each_shell() {
    let dir = tempfile::tempdir().expect("temp dir");
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = sigscope(dir.path(), &["completions", shell], None);
        assert_eq!(out.code, Some(0), "{shell}: {}", out.stderr);
        assert!(
            out.stdout.contains("stdin-filename") && out.stdout.contains("lints"),
            "{shell} completion lacks the check flags or subcommands"
        );
    }
    let out = sigscope(dir.path(), &["completions", "tcsh"], None);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains("invalid value 'tcsh'"),
        "{}",
        out.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// JUnit XML and GitLab Code Quality
// ---------------------------------------------------------------------------------------------

/// The structure every JUnit reader relies on, checked with an XML parser: the counts add up,
/// every test case has a name and a class name, and a failure carries a message and a type.
fn junit_summary(xml: &str) -> Vec<(String, String, Option<String>)> {
    let doc = roxmltree::Document::parse(xml).expect("JUnit output is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let count = |n: roxmltree::Node<'_, '_>, a: &str| -> usize {
        n.attribute(a)
            .unwrap_or_else(|| panic!("`{a}` on <{}>", n.tag_name().name()))
            .parse()
            .expect("a count")
    };
    let mut cases = Vec::new();
    let (mut tests, mut failures) = (0, 0);
    for suite in root.children().filter(roxmltree::Node::is_element) {
        assert_eq!(suite.tag_name().name(), "testsuite");
        let in_suite: Vec<_> = suite
            .children()
            .filter(roxmltree::Node::is_element)
            .collect();
        assert_eq!(count(suite, "tests"), in_suite.len());
        let failed = in_suite
            .iter()
            .filter(|c| c.children().any(|e| e.has_tag_name("failure")))
            .count();
        assert_eq!(count(suite, "failures"), failed);
        assert_eq!(count(suite, "errors"), 0);
        tests += in_suite.len();
        failures += failed;
        for case in in_suite {
            assert_eq!(case.tag_name().name(), "testcase");
            let failure = case.children().find(|e| e.has_tag_name("failure"));
            if let Some(f) = failure {
                assert!(f.attribute("message").is_some_and(|m| !m.is_empty()));
                assert!(f.attribute("type").is_some_and(|t| t.starts_with("SC")));
            }
            cases.push((
                case.attribute("classname").expect("classname").to_string(),
                case.attribute("name").expect("name").to_string(),
                failure
                    .and_then(|f| f.attribute("type"))
                    .map(str::to_string),
            ));
        }
    }
    assert_eq!(count(root, "tests"), tests);
    assert_eq!(count(root, "failures"), failures);
    cases
}

#[test]
fn junit_has_a_suite_per_file_and_a_case_per_rule() {
    let out = check_pack(&["--format", "junit"]);
    assert_eq!(out.code, Some(1));
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    insta::assert_snapshot!("junit", out.stdout);
    let cases = junit_summary(&out.stdout);
    let title = "Certutil Download From Remote URL";
    assert_eq!(
        cases,
        [
            ("bad.yml".into(), title.into(), Some("SC100".into())),
            (
                "sub dir/copy,1.yml".into(),
                title.into(),
                Some("SC801".into())
            ),
        ]
    );
    // At `--fail-level warning` the failure names the first warning or error; a rule with
    // infos only would still pass.
    let warn = check_pack(&["--format", "junit", "--fail-level", "warning"]);
    let cases = junit_summary(&warn.stdout);
    assert_eq!(cases[1].2.as_deref(), Some("SC803"));
}

#[test]
fn junit_names_a_file_without_rules_and_escapes_markup() {
    let dir = tempfile::tempdir().expect("temp dir");
    let broken = "a<&>\"b'.yml";
    std::fs::write(dir.path().join(broken), "title: [unclosed\n").expect("write");
    std::fs::write(dir.path().join("clean.yml"), CLEAN).expect("write");
    std::fs::write(
        dir.path().join("two.yml"),
        format!("{}---\ntitle: ''\nlogsource:\n    product: windows\ndetection:\n    selection:\n        EventID: 4688\n    condition: selection\n", CLEAN.replace("6b2f6d3e-7a43-4d0e-9d5c-0a3b8f1c2e44", "3e1d9c4a-5b6f-4a27-8c3d-2f1e0b9a8d7c").replace("Remote URL", "Remote Host")),
    )
    .expect("write");
    let out = sigscope(
        dir.path(),
        &["check", broken, "clean.yml", "two.yml", "--format", "junit"],
        None,
    );
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let cases = junit_summary(&out.stdout);
    assert_eq!(
        cases,
        [
            (broken.into(), broken.into(), Some("SC001".into())),
            (
                "clean.yml".into(),
                "Certutil Download From Remote URL".into(),
                None
            ),
            (
                "two.yml".into(),
                "Certutil Download From Remote Host".into(),
                None
            ),
            ("two.yml".into(), "document 2".into(), None),
        ]
    );
    assert!(
        out.stdout
            .contains("name=\"a&lt;&amp;&gt;&quot;b&apos;.yml\"")
    );
}

/// JUnit output validated with `xmllint` against `tests/fixtures/junit/junit.xsd`, the
/// structure Jenkins and GitLab read. `.ci/run` installs xmllint and runs this test.
#[test]
#[ignore = "needs xmllint (libxml2-utils); .ci/run installs it and runs this test"]
fn junit_is_valid_against_the_schema() {
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/junit/junit.xsd");
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, args) in [
        ("findings.xml", vec!["--format", "junit"]),
        (
            "warnings.xml",
            vec!["--format", "junit", "--fail-level", "warning"],
        ),
    ] {
        let out = check_pack(&args);
        let file = dir.path().join(name);
        std::fs::write(&file, &out.stdout).expect("write");
        let lint = Command::new("xmllint")
            .arg("--noout")
            .arg("--schema")
            .arg(&schema)
            .arg(&file)
            .output()
            .expect("run xmllint");
        assert!(
            lint.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&lint.stderr)
        );
    }
    // The schema is not vacuous: a test case without a name fails it.
    let bad = dir.path().join("bad.xml");
    std::fs::write(
        &bad,
        "<testsuites><testsuite name=\"x\" tests=\"1\"><testcase/></testsuite></testsuites>",
    )
    .expect("write");
    let lint = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&schema)
        .arg(&bad)
        .output()
        .expect("run xmllint");
    assert!(!lint.status.success());
}

#[test]
fn gitlab_code_quality_report() {
    let out = check_pack(&["--format", "gitlab"]);
    assert_eq!(out.code, Some(1));
    insta::assert_snapshot!("gitlab", out.stdout);
    let issues: Vec<Value> = serde_json::from_str(&out.stdout).expect("a JSON array");
    assert_eq!(issues.len(), CONCISE.lines().count());
    let mut fingerprints = std::collections::BTreeSet::new();
    for (issue, line) in issues.iter().zip(CONCISE.lines()) {
        let (path, rest) = line.split_once(".yml:").expect("path");
        let begin: u64 = rest
            .split(':')
            .next()
            .expect("test data")
            .parse()
            .expect("test data");
        assert_eq!(issue["location"]["path"], format!("{path}.yml"));
        assert_eq!(issue["location"]["lines"]["begin"], begin);
        let code = issue["check_name"].as_str().expect("check_name");
        assert!(line.contains(code));
        assert!(
            issue["description"]
                .as_str()
                .expect("test data")
                .starts_with(code)
        );
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&issue["severity"].as_str().expect("test data"))
        );
        assert!(
            fingerprints.insert(
                issue["fingerprint"]
                    .as_str()
                    .expect("test data")
                    .to_string()
            )
        );
    }
    // Lines moving (a comment added at the top) keep every fingerprint.
    let dir = pack();
    let bad = dir.path().join("bad.yml");
    std::fs::write(&bad, format!("# moved\n\n{BAD}")).expect("write");
    let moved = sigscope(
        dir.path(),
        &["check", "bad.yml", "sub dir", "--format", "gitlab"],
        None,
    );
    let moved: Vec<Value> = serde_json::from_str(&moved.stdout).expect("a JSON array");
    let prints =
        |v: &[Value]| -> Vec<String> { v.iter().map(|i| i["fingerprint"].to_string()).collect() };
    assert_eq!(prints(&moved), prints(&issues));
    assert_eq!(moved[0]["location"]["lines"]["begin"], 7);
}
