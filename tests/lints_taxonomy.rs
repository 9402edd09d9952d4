//! The log-source taxonomy: the embedded table (`scripts/taxonomy_data.py`), `--taxonomy FILE`,
//! SC605 `unknown-field` (default profile) and the house-style lints built on the same data,
//! SC245–SC249 (`--profile sigmahq`).
//!
//! Each `tests/fixtures/lints/SC605_*` and `SC245_*`–`SC249_*` file is listed in [`FIXTURES`]
//! with its exact diagnostics, as `(code, line, column, message substring)` with 1-based lines
//! and character columns: every finding of an SC605 fixture (default profile), and the taxonomy
//! findings (SC245–SC249, SC605) of a house-style fixture under the sigmahq profile, whose
//! `SCnnn_…` file names break SigmaHQ's file-name convention (SC230, SC232).

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use sigscope::check::check_input;
use sigscope::lint::Profile;
use sigscope::lints::by_code;
use sigscope::settings::Settings;
use sigscope::sigma::taxonomy::{EMBEDDED_TABLE, Taxonomy};
use sigscope::walk::Input;

/// `(code, line, column, substring of the message)`.
type Expected = (&'static str, usize, usize, &'static str);

/// The codes this file asserts.
const CODES: &[&str] = &["SC245", "SC246", "SC247", "SC248", "SC249", "SC605"];

const FIXTURES: &[(&str, &[Expected])] = &[
    // --- SC605 unknown-field ----------------------------------------------------------------
    (
        "SC605_case_and_typo.yml",
        &[
            (
                "SC605",
                17,
                9,
                "unknown field `Imgae` for the log source `product: windows, category: process_creation`, did you mean `Image`?",
            ),
            (
                "SC605",
                18,
                9,
                "field `Commandline` differs only in case from the log source's `CommandLine`: field names are case-sensitive",
            ),
            (
                "SC605",
                23,
                11,
                "unknown field `SessionName` for the log source `product: windows, category: process_creation`",
            ),
            (
                "SC605",
                24,
                11,
                "field `grandparentimage` differs only in case from the log source's `GrandParentImage` and `GrandparentImage`: field names are case-sensitive",
            ),
        ],
    ),
    ("SC605_ok_known_fields.yml", &[]),
    // Security 4688 has a generic category (SC610), but no field list here.
    (
        "SC605_ok_no_field_list.yml",
        &[(
            "SC610",
            17,
            18,
            "`service: security` with `EventID` 4688 is the generic category `process_creation`",
        )],
    ),
    ("SC605_ok_other_taxonomy.yml", &[]),
    ("SC605_ok_hayabusa_conversion.yml", &[]),
    // --- SC245 eventid-under-generic-category -----------------------------------------------
    (
        "SC245_eventid_under_process_creation.yml",
        &[(
            "SC245",
            17,
            9,
            "`EventID` in a rule of the generic category `process_creation`",
        )],
    ),
    ("SC245_ok_eventid_under_service.yml", &[]),
    // --- SC246 redundant-provider-name ------------------------------------------------------
    (
        "SC246_sysmon_provider_under_file_event.yml",
        &[(
            "SC246",
            17,
            24,
            "provider `Microsoft-Windows-Sysmon` is already implied by the category `file_event`",
        )],
    ),
    ("SC246_ok_other_or_modified_provider.yml", &[]),
    // --- SC247 redundant-field --------------------------------------------------------------
    (
        "SC247_eventtype_under_registry_set.yml",
        &[
            (
                "SC247",
                17,
                9,
                "`EventType` is already implied by the log source `product: windows, category: registry_set`",
            ),
            (
                "SC247",
                18,
                9,
                "`Channel` is already implied by the log source `product: windows, category: registry_set`",
            ),
        ],
    ),
    ("SC247_ok_eventtype_under_registry_event.yml", &[]),
    // --- SC248 sysmon-without-eventid -------------------------------------------------------
    (
        "SC248_sysmon_without_eventid.yml",
        &[(
            "SC248",
            14,
            14,
            "rule on the `sysmon` service without an `EventID` condition",
        )],
    ),
    ("SC248_ok_sysmon_with_eventid.yml", &[]),
    // --- SC249 unlisted-logsource -----------------------------------------------------------
    (
        "SC249_category_with_service.yml",
        &[(
            "SC249",
            12,
            1,
            "log source `product: windows, category: process_creation, service: security` is not in SigmaHQ's taxonomy",
        )],
    ),
    ("SC249_ok_listed_service.yml", &[]),
];

/// `(fixture, code, the help)`.
const HELPS: &[(&str, &str, &str)] = &[
    ("SC605_case_and_typo.yml", "SC605", "write `Image`"),
    (
        "SC245_eventid_under_process_creation.yml",
        "SC245",
        "remove the `EventID` condition: `category: process_creation` stands for its events whatever log records them",
    ),
    (
        "SC246_sysmon_provider_under_file_event.yml",
        "SC246",
        "remove the `Provider_Name` condition: `category: file_event` selects the provider",
    ),
    (
        "SC247_eventtype_under_registry_set.yml",
        "SC247",
        "remove the `EventType` condition",
    ),
    (
        "SC248_sysmon_without_eventid.yml",
        "SC248",
        "add the Sysmon event id (`EventID: 1` for process creation), or use the event's category instead of `service: sysmon`",
    ),
    (
        "SC249_category_with_service.yml",
        "SC249",
        "use a log source of SigmaHQ's taxonomy, or add yours to a taxonomy file given with `--taxonomy`",
    ),
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/lints").join(name)
}

fn is_house_style(code: &str) -> bool {
    by_code(code).is_some_and(|l| l.profile == Profile::SigmaHq)
}

fn settings(fixture: &str) -> Settings {
    Settings {
        profile: if is_house_style(&fixture[..5]) {
            Profile::SigmaHq
        } else {
            Profile::Default
        },
        ..Settings::default()
    }
}

/// `(code, line, column, message, help)` of the compared findings of a fixture.
fn actual(
    fixture_name: &str,
    settings: &Settings,
) -> Vec<(&'static str, usize, usize, String, String)> {
    let report = check_input(&Input::File(fixture(fixture_name)), settings);
    let house = is_house_style(&fixture_name[..5]);
    report
        .diagnostics
        .iter()
        .filter(|d| !house || CODES.contains(&d.code()))
        .map(|d| {
            let lc = report.source.line_col(d.span.start);
            (
                d.code(),
                lc.line,
                lc.column,
                d.message.clone(),
                d.help.clone().unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn fixtures_give_exactly_the_expected_diagnostics() {
    let mut failures = Vec::new();
    for (name, expected) in FIXTURES {
        let got = actual(name, &settings(name));
        let matches = got.len() == expected.len()
            && got
                .iter()
                .zip(expected.iter())
                .all(|(g, e)| g.0 == e.0 && g.1 == e.1 && g.2 == e.2 && g.3.contains(e.3));
        if !matches {
            let got: Vec<_> = got.iter().map(|g| (g.0, g.1, g.2, &g.3)).collect();
            failures.push(format!(
                "{name}:\n  expected {expected:?}\n  got      {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn helps_say_what_to_write() {
    for (name, code, help) in HELPS {
        let got = actual(name, &settings(name));
        let found = got
            .iter()
            .find(|g| g.0 == *code)
            .unwrap_or_else(|| panic!("{name}: no {code}"));
        assert_eq!(found.4, *help, "{name}");
    }
    // A case-only mismatch names the spelling; a name close to none gets no guess.
    let got = actual("SC605_case_and_typo.yml", &Settings::default());
    assert_eq!(got[1].4, "write `CommandLine`");
    assert_eq!(
        got[2].4,
        "use a field of the log source's taxonomy, or add yours to a taxonomy file given with `--taxonomy`"
    );
    assert_eq!(
        got[3].4,
        "write `GrandParentImage` or `GrandparentImage`, the one your events carry"
    );
}

#[test]
fn only_the_case_only_mismatch_has_a_fix() {
    let report = check_input(
        &Input::File(fixture("SC605_case_and_typo.yml")),
        &Settings::default(),
    );
    let fixes: Vec<(String, Option<String>)> = report
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.message.split('`').nth(1).unwrap_or_default().to_string(),
                d.fix
                    .as_ref()
                    .map(|f| format!("{:?} {}", f.applicability, f.message)),
            )
        })
        .collect();
    assert_eq!(
        fixes,
        [
            (String::from("Imgae"), None),
            (
                String::from("Commandline"),
                Some(String::from("Unsafe write `CommandLine`"))
            ),
            (String::from("SessionName"), None),
            (String::from("grandparentimage"), None),
        ]
    );
}

#[test]
fn the_default_profile_runs_no_house_style_taxonomy_lint() {
    for (name, _) in FIXTURES.iter().filter(|(n, _)| is_house_style(&n[..5])) {
        let report = check_input(&Input::File(fixture(name)), &Settings::default());
        let got: Vec<&str> = report
            .diagnostics
            .iter()
            .map(|d| d.code())
            .filter(|c| c.starts_with("SC24"))
            .collect();
        assert!(got.is_empty(), "{name}: {got:?}");
    }
}

/// Hayabusa's converter maps a SigmaHQ rule to the Security log and adds its `EventID` and
/// `Channel`: none of the field lints reports what it wrote. Without `ruletype` they would.
#[test]
fn hayabusa_conversions_are_not_checked() {
    let house = Settings {
        profile: Profile::SigmaHq,
        ..Settings::default()
    };
    let text = std::fs::read_to_string(fixture("SC605_ok_hayabusa_conversion.yml")).expect("read");
    let codes = |text: &str| -> Vec<&'static str> {
        let report = sigscope::check::check_text(
            Path::new("proc_creation_win_certutil_download.yml"),
            text.as_bytes().to_vec(),
            &house,
        );
        report.files[0]
            .diagnostics
            .iter()
            .map(|d| d.code())
            .filter(|c| CODES.contains(c))
            .collect()
    };
    assert_eq!(codes(&text), Vec::<&str>::new());
    assert_eq!(
        codes(&text.replace("ruletype: Sigma\n", "")),
        ["SC245", "SC247", "SC605"]
    );
}

#[test]
fn every_taxonomy_fixture_is_listed_and_every_lint_triggered() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(root().join("tests/fixtures/lints"))
        .expect("fixtures dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.get(..5).is_some_and(|c| CODES.contains(&c)))
        .collect();
    let listed: BTreeSet<String> = FIXTURES.iter().map(|(f, _)| (*f).to_owned()).collect();
    assert_eq!(on_disk, listed);
    for code in CODES {
        assert!(by_code(code).is_some(), "{code} is not registered");
        assert!(
            FIXTURES
                .iter()
                .any(|(f, e)| f.starts_with(code) && e.iter().any(|x| x.0 == *code)),
            "{code} has no triggering fixture"
        );
    }
    for (name, expected) in FIXTURES {
        if let Some((code, _)) = name.split_once("_ok_") {
            assert!(
                expected.iter().all(|e| e.0 != code),
                "{name} must not trigger {code}"
            );
        }
    }
}

// --- the embedded table -------------------------------------------------------------------------

/// The table parses, its records come in the order the script writes them (kinds in turn, each
/// sorted), and it holds SigmaHQ's facts.
#[test]
fn embedded_table_parses_and_is_sorted() {
    let t = Taxonomy::parse_table(EMBEDDED_TABLE).expect("parses");
    let kinds = [
        "upstream",
        "version",
        "fields",
        "redundant",
        "provider",
        "no-eventid",
    ];
    let records: Vec<Vec<&str>> = EMBEDDED_TABLE
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
        .collect();
    let rank = |r: &Vec<&str>| kinds.iter().position(|k| *k == r[0]).expect("known kind");
    assert!(records.windows(2).all(|w| rank(&w[0]) <= rank(&w[1])));
    for kind in ["fields", "redundant", "provider", "no-eventid"] {
        let keys: Vec<Vec<&str>> = records
            .iter()
            .filter(|r| r[0] == kind)
            .map(|r| r[1..r.len().min(if kind == "provider" { 2 } else { 4 })].to_vec())
            .collect();
        assert!(
            keys.windows(2).all(|w| w[0] < w[1]),
            "`{kind}` records are not sorted and unique"
        );
    }
    assert!(EMBEDDED_TABLE.ends_with('\n') && !EMBEDDED_TABLE.contains('\r'));

    assert_eq!(t.version, "20251117");
    assert_eq!(t.windows_version, "20240809");
    assert_eq!(t.upstream.0, "0.20.1");
    assert!(t.upstream.1.len() == 40 && t.upstream.1.bytes().all(|b| b.is_ascii_hexdigit()));
    let pc = t
        .source(Some("windows"), Some("process_creation"), None)
        .expect("windows process_creation");
    assert!(pc.fields.contains("CommandLine") && !pc.fields.contains("Commandline"));
    assert!(pc.redundant.contains("EventID"));
    let security = t.source(Some("windows"), None, Some("security"));
    assert!(security.expect("windows security").fields.is_empty());
    assert!(
        t.source(Some("windows"), Some("process_creation"), Some("security"))
            .is_none()
    );
    assert!(t.is_generic_windows_category("process_creation"));
    assert!(!t.is_generic_windows_category("registry_event"));
    assert_eq!(
        t.provider_names("process_access"),
        [
            "Microsoft-Windows-Sysmon",
            "Microsoft-Windows-Kernel-Audit-API-Calls"
        ]
    );
    assert_eq!(t.sources().len(), 135);
}

/// The embedded table is what `scripts/taxonomy_data.py` generates from pySigma-validators-sigmahq.
#[test]
#[cfg_attr(
    not(taxonomy_source),
    ignore = "needs a pySigma-validators-sigmahq checkout (SIGSCOPE_TAXONOMY_SOURCE; absent)"
)]
fn embedded_table_is_up_to_date() {
    let out = Command::new("python3")
        .arg(root().join("scripts/taxonomy_data.py"))
        .arg("--check")
        .arg("--source-git")
        .arg(env!("SIGSCOPE_TAXONOMY_SOURCE_DIR"))
        .arg("--out")
        .arg(root().join("src/sigma/taxonomy.tsv"))
        .output();
    match out {
        Ok(o) => assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr)),
        Err(e) => eprintln!("skipped: cannot run python3: {e}"),
    }
}

// --- --taxonomy FILE ----------------------------------------------------------------------------

const TEAM_TAXONOMY: &str = r#"{
    "title": "ACME taxonomy",
    "version": "1",
    "taxonomy": {
        "windows_process_creation_none": {
            "logsource": {"product": "windows", "category": "process_creation", "service": null, "definition": null},
            "description": null,
            "field": {"native": [], "custom": ["SessionName"], "redundant": []}
        },
        "acme_none_edr": {
            "logsource": {"product": "acme", "category": null, "service": "edr", "definition": null},
            "description": null,
            "field": {"native": ["process_path"], "custom": [], "redundant": []}
        }
    }
}"#;

/// `path:line CODE` of the SC605 findings of a run.
fn sc605(dir: &Path, args: &[&str]) -> (i32, Vec<String>) {
    let (code, all) = common::findings(dir, args);
    (
        code,
        all.into_iter()
            .filter(|f| f.contains(" SC605 "))
            .map(|f| f.rsplit_once(' ').expect("severity").0.to_string())
            .collect(),
    )
}

#[test]
fn taxonomy_option_adds_a_teams_fields_and_log_sources() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rule = std::fs::read_to_string(fixture("SC605_case_and_typo.yml")).expect("read");
    common::write(dir.path(), "rules/win.yml", &rule);
    let acme = rule
        .replace(
            "    category: process_creation\n    product: windows",
            "    product: acme\n    service: edr",
        )
        .replace("Imgae|endswith", "process_path|endswith");
    common::write(dir.path(), "rules/acme.yml", &acme);
    common::write(dir.path(), "acme-taxonomy.json", TEAM_TAXONOMY);

    let (_, without) = sc605(dir.path(), &["rules"]);
    assert_eq!(
        without,
        [
            "rules/win.yml:17 SC605",
            "rules/win.yml:18 SC605",
            "rules/win.yml:23 SC605",
            "rules/win.yml:24 SC605"
        ]
    );
    // The team's `SessionName` joins SigmaHQ's fields of the log source, and its own log source
    // is checked against its fields.
    let (code, with) = sc605(dir.path(), &["rules", "--taxonomy", "acme-taxonomy.json"]);
    assert_ne!(code, 2);
    assert_eq!(
        with,
        [
            "rules/acme.yml:18 SC605",
            "rules/acme.yml:22 SC605",
            "rules/acme.yml:23 SC605",
            "rules/acme.yml:24 SC605",
            "rules/win.yml:17 SC605",
            "rules/win.yml:18 SC605",
            "rules/win.yml:24 SC605"
        ]
    );

    // The same from sigscope.toml, relative to the file's folder.
    common::write(
        dir.path(),
        "rules/sigscope.toml",
        "taxonomy = \"../acme-taxonomy.json\"\n",
    );
    let (_, from_config) = sc605(dir.path(), &["rules"]);
    assert_eq!(from_config, with);
    let shown = common::sigscope(dir.path(), &["config", "rules"]);
    assert!(
        shown.stdout.lines().any(|l| l.starts_with("taxonomy = \"")
            && l.contains("acme-taxonomy.json")
            && l.contains("sigscope.toml")),
        "{}",
        shown.stdout
    );
}

#[test]
fn bad_taxonomy_exits_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    common::write(dir.path(), "rule.yml", &common::rule(1));
    common::write(
        dir.path(),
        "bad.json",
        "{\"taxonomy\": {\"x\": {\"logsource\": {}}}}",
    );
    common::write(dir.path(), "list.json", "[1, 2]");
    for (file, want) in [
        (
            "bad.json",
            "--taxonomy `bad.json`: not a taxonomy in the `sigmahq_taxonomy.json` format: missing field `field` at line 1 column 36",
        ),
        (
            "list.json",
            "--taxonomy `list.json`: not a taxonomy in the `sigmahq_taxonomy.json` format: invalid type: integer `1`, expected a map",
        ),
        (
            "missing.json",
            "--taxonomy `missing.json`: cannot read the file: ",
        ),
    ] {
        let run = common::sigscope(dir.path(), &["check", "rule.yml", "--taxonomy", file]);
        assert_eq!(run.code, 2, "{file}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{file}: {}", run.stdout);
        assert!(
            run.stderr.starts_with(&format!("error: {want}")),
            "{file}: {}",
            run.stderr
        );
    }
}
