//! Fixture tests for SigmaHQ's house style: the `--profile sigmahq` lints SC230–SC244 and
//! SC250–SC258.
//!
//! Each `tests/fixtures/lints/SC23*`/`SC24*`/`SC25*` entry is listed in [`FIXTURES`] with the exact
//! house-style diagnostics it gives under the sigmahq profile, as `(code, line, column,
//! message substring)` with 1-based lines and character columns. A directory fixture is a small
//! tree, for lints that look at file names and folders; all its files are checked.
//!
//! Fixture files must be named `SCnnn_…` (uppercase), which breaks SigmaHQ's file-name
//! convention, and their logsource (Windows process creation) wants a `proc_creation_win_`
//! prefix. So SC230 and SC232 are compared only in their own fixtures; their near misses are
//! the conventionally named files inside the directory fixtures.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use sigscope::check::check_input;

use sigscope::lint::Profile;
use sigscope::lints::by_code;
use sigscope::settings::Settings;
use sigscope::walk::Input;

/// `(code, line, column, substring of the message)`.
type Expected = (&'static str, usize, usize, &'static str);

const FIXTURES: &[(&str, &[Expected])] = &[
    // --- SC230 unconventional-file-name -----------------------------------------------------
    (
        "SC230_uppercase_letters.yml",
        &[(
            "SC230",
            1,
            1,
            "file name `SC230_uppercase_letters.yml` does not follow SigmaHQ's convention: it contains the uppercase letter `S`",
        )],
    ),
    ("SC230_ok_conventional_names", &[]),
    // --- SC231 unprefixed-correlation-file --------------------------------------------------
    (
        "SC231_failed_logons_correlation.yml",
        &[(
            "SC231",
            7,
            1,
            "correlation rule in `SC231_failed_logons_correlation.yml`, whose name does not start with `correlation_`",
        )],
    ),
    ("SC231_ok_prefixed", &[]),
    // --- SC232 mismatched-file-prefix -------------------------------------------------------
    (
        "SC232_process_creation_without_prefix.yml",
        &[(
            "SC232",
            12,
            1,
            "does not start with `proc_creation_win_`, the prefix for this log source",
        )],
    ),
    // --- SC233 long-title -------------------------------------------------------------------
    (
        "SC233_title_over_120.yml",
        &[(
            "SC233",
            1,
            8,
            "`title` has 121 characters, more than SigmaHQ's 120",
        )],
    ),
    ("SC233_ok_title_of_120.yml", &[]),
    // --- SC234 detect-in-title --------------------------------------------------------------
    (
        "SC234_detects_title.yml",
        &[("SC234", 1, 8, "title starts with `Detects`")],
    ),
    ("SC234_ok_detection_word.yml", &[]),
    // --- SC235 title-trailing-period --------------------------------------------------------
    (
        "SC235_trailing_period.yml",
        &[("SC235", 1, 38, "`title` ends with a period")],
    ),
    ("SC235_ok_period_inside.yml", &[]),
    // --- SC236 lowercase-title-word ---------------------------------------------------------
    // `via`, `and`, `on` are minor words; `rundll32.exe`, `7zip`, `macOS` and `-` pass, as in
    // SigmaHQ's validator; `(legacy)` is lowercase there too.
    (
        "SC236_lowercase_words.yml",
        &[
            ("SC236", 1, 17, "title word `download` is not capitalised"),
            ("SC236", 1, 30, "title word `urlcache` is not capitalised"),
            ("SC236", 1, 72, "title word `(legacy)` is not capitalised"),
        ],
    ),
    ("SC236_ok_minor_words_and_file_names.yml", &[]),
    // --- SC237 lowercase-falsepositive ------------------------------------------------------
    (
        "SC237_lowercase_entry.yml",
        &[
            (
                "SC237",
                21,
                7,
                "false-positive entry starts with lowercase `legitimate`",
            ),
            (
                "SC237",
                23,
                8,
                "false-positive entry starts with lowercase `éditeurs`",
            ),
        ],
    ),
    ("SC237_ok_capital_and_symbols.yml", &[]),
    // --- SC238 banned-falsepositive-word ----------------------------------------------------
    (
        "SC238_pentest_and_none.yml",
        &[
            ("SC238", 21, 7, "uses the banned word `Pentest`"),
            ("SC238", 22, 16, "uses the banned word `penetration`"),
            ("SC238", 23, 7, "uses the banned word `None`"),
        ],
    ),
    ("SC238_ok_pentesting_and_lone_none.yml", &[]),
    // --- SC239 unpinned-github-link ---------------------------------------------------------
    // The `.yaml` link in between is skipped, as SigmaHQ's validator skips extensions of more
    // than three characters.
    (
        "SC239_branch_links.yml",
        &[
            (
                "SC239",
                6,
                7,
                "link `https://github.com/SigmaHQ/sigma/blob/master/README.md` names a GitHub branch, not a commit",
            ),
            (
                "SC239",
                8,
                7,
                "Invoke-Tool.ps1` names a GitHub branch, not a commit",
            ),
        ],
    ),
    ("SC239_ok_permalinks_and_repositories.yml", &[]),
    // --- SC240 attack-website-reference -----------------------------------------------------
    (
        "SC240_attack_links.yml",
        &[(
            "SC240",
            6,
            7,
            "reference `https://attack.mitre.org/techniques/T1105/` points to the ATT&CK website",
        )],
    ),
    ("SC240_ok_other_mitre_sites.yml", &[]),
    // --- SC241 missing-required-metadata ----------------------------------------------------
    (
        "SC241_missing_id_status_date_level.yml",
        &[
            ("SC241", 1, 1, "rule has no `id`, which SigmaHQ requires"),
            ("SC241", 1, 1, "rule has no `status`"),
            ("SC241", 1, 1, "rule has no `date`"),
            ("SC241", 1, 1, "rule has no `level`"),
        ],
    ),
    // --- SC242 premature-status -------------------------------------------------------------
    (
        "SC242_stable_in_the_future.yml",
        &[(
            "SC242",
            3,
            9,
            "status `stable` on a new rule: its date `2999-01-01` is in the future",
        )],
    ),
    ("SC242_ok_old_stable_and_regression_tested.yml", &[]),
    ("SC242_ok_future_but_regression_tested.yml", &[]),
    // --- SC243 missing-folder-detection-tag -------------------------------------------------
    (
        "SC243_missing_folder_tag",
        &[(
            "SC243",
            9,
            1,
            "rule in `rules-emerging-threats` has no `detection.emerging-threats` tag",
        )],
    ),
    ("SC243_ok_tagged", &[]),
    // --- SC244 title-not-first --------------------------------------------------------------
    (
        "SC244_id_before_title.yml",
        &[("SC244", 1, 1, "rule starts with `id`, not `title`")],
    ),
    ("SC244_ok_comment_before_title.yml", &[]),
    // --- SC250 status-outside-folder --------------------------------------------------------
    (
        "SC250_deprecated_in_rules.yml",
        &[(
            "SC250",
            3,
            9,
            "`status: deprecated` on a rule outside a `deprecated` folder",
        )],
    ),
    ("SC250_ok_deprecated_folder", &[]),
    // --- SC251 restricted-tlp ---------------------------------------------------------------
    (
        "SC251_amber_tlp.yml",
        &[(
            "SC251",
            12,
            7,
            "`tlp.amber` restricts sharing; SigmaHQ publishes only `tlp.clear` rules",
        )],
    ),
    ("SC251_ok_clear_tlp.yml", &[]),
    // --- SC252 link-in-description ----------------------------------------------------------
    (
        "SC252_link_without_references.yml",
        &[(
            "SC252",
            4,
            46,
            "link `https://example.org/whoami/blog` in `description`, and the rule has no `references`",
        )],
    ),
    ("SC252_ok_link_with_references.yml", &[]),
    // --- SC253 fields-list ------------------------------------------------------------------
    (
        "SC253_fields_list.yml",
        &[(
            "SC253",
            22,
            1,
            "`fields` is a deprecated key in SigmaHQ rules",
        )],
    ),
    ("SC253_ok_empty_fields.yml", &[]),
    // --- SC254 single-selection-pattern -----------------------------------------------------
    (
        "SC254_single_selection_pattern.yml",
        &[(
            "SC254",
            18,
            16,
            "`1 of sel_*` matches only the search identifier `sel_img`",
        )],
    ),
    // `selection_*` and `filter_*` over one identifier, and a pattern over two.
    ("SC254_ok_selection_and_filter_patterns.yml", &[]),
    // --- SC255 non-sigmahq-key --------------------------------------------------------------
    (
        "SC255_custom_key.yml",
        &[(
            "SC255",
            22,
            1,
            "custom key `severity` is not one SigmaHQ allows",
        )],
    ),
    ("SC255_ok_allowed_custom_keys.yml", &[]),
    // --- SC256 trademark --------------------------------------------------------------------
    (
        "SC256_trademark.yml",
        &[
            (
                "SC256",
                4,
                61,
                "`ATT&CK` is a trademark SigmaHQ keeps out of its rules",
            ),
            (
                "SC256",
                22,
                7,
                "`ATT&CK` is a trademark SigmaHQ keeps out of its rules",
            ),
        ],
    ),
    ("SC256_ok_attack_without_ampersand.yml", &[]),
    // --- SC257 source-eventlog --------------------------------------------------------------
    (
        "SC257_source_eventlog.yml",
        &[(
            "SC257",
            18,
            9,
            "`Source: Eventlog` adds nothing to the detection",
        )],
    ),
    // `Provider_Name`, and `Source` with a modifier.
    ("SC257_ok_provider_name.yml", &[]),
    // --- SC258 one-value-list ---------------------------------------------------------------
    // The `|all` list is SC403's.
    (
        "SC258_one_value_lists.yml",
        &[
            ("SC258", 18, 15, "`Image|endswith` has a list of one value"),
            (
                "SC258",
                22,
                11,
                "search identifier `alternatives` is a list of one element",
            ),
        ],
    ),
    // A single value, a list of two, and a keyword list of one string.
    ("SC258_ok_single_values_and_keywords.yml", &[]),
];

/// `(fixture, code, substring of the help)`.
const HELPS: &[(&str, &str, &str)] = &[
    (
        "SC250_deprecated_in_rules.yml",
        "SC250",
        "move the file to the `deprecated` folder",
    ),
    ("SC251_amber_tlp.yml", "SC251", "write `tlp.clear`"),
    (
        "SC252_link_without_references.yml",
        "SC252",
        "move the link to `references`",
    ),
    ("SC253_fields_list.yml", "SC253", "remove `fields`"),
    (
        "SC254_single_selection_pattern.yml",
        "SC254",
        "write `sel_img`",
    ),
    ("SC255_custom_key.yml", "SC255", "remove `severity`"),
    (
        "SC257_source_eventlog.yml",
        "SC257",
        "`Provider_Name: 'Microsoft-Windows-Eventlog'`",
    ),
    (
        "SC258_one_value_lists.yml",
        "SC258",
        "without the list: `Image|endswith: <value>`",
    ),
    (
        "SC230_uppercase_letters.yml",
        "SC230",
        "rename the file to `sc230_uppercase_letters.yml`",
    ),
    (
        "SC231_failed_logons_correlation.yml",
        "SC231",
        "rename the file to `correlation_SC231_failed_logons_correlation.yml`",
    ),
    (
        "SC232_process_creation_without_prefix.yml",
        "SC232",
        "rename the file to `proc_creation_win_…`",
    ),
    (
        "SC234_detects_title.yml",
        "SC234",
        "drop `Detects` and name the behaviour: `Certutil Download Via Urlcache`",
    ),
    (
        "SC235_trailing_period.yml",
        "SC235",
        "write the title without it: `Certutil Download Via Urlcache`",
    ),
    ("SC236_lowercase_words.yml", "SC236", "write `Download`"),
    (
        "SC237_lowercase_entry.yml",
        "SC237",
        "write `Legitimate use by administrators`",
    ),
    (
        "SC240_attack_links.yml",
        "SC240",
        "tag the rule `attack.t1105` instead",
    ),
    (
        "SC241_missing_id_status_date_level.yml",
        "SC241",
        "add `id:` with a random UUID",
    ),
    (
        "SC242_stable_in_the_future.yml",
        "SC242",
        "use `status: experimental`",
    ),
    (
        "SC243_missing_folder_tag",
        "SC243",
        "add `- detection.emerging-threats` to `tags`",
    ),
    (
        "SC244_id_before_title.yml",
        "SC244",
        "move `title:` to the first line",
    ),
];

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lints")
}

fn sigmahq() -> Settings {
    Settings {
        profile: Profile::SigmaHq,
        ..Settings::default()
    }
}

/// The files of a fixture: itself, or every file under it, sorted.
fn files(path: &Path) -> Vec<PathBuf> {
    if !path.is_dir() {
        return vec![path.to_path_buf()];
    }
    let mut out = Vec::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("fixture dir") {
            let p = entry.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Whether a fixture or code belongs to a log-source taxonomy lint, SC245–SC249 (asserted in
/// tests/lints_taxonomy.rs).
fn is_taxonomy(name: &str) -> bool {
    matches!(
        name.get(..5),
        Some("SC245" | "SC246" | "SC247" | "SC248" | "SC249")
    )
}

/// Whether `code` is compared in `fixture` (see the module docs for SC230/SC232).
fn compared(fixture: &str, code: &str) -> bool {
    by_code(code).is_some_and(|l| l.profile == Profile::SigmaHq)
        && !is_taxonomy(code)
        && (!matches!(code, "SC230" | "SC232") || fixture.starts_with(code))
}

/// `(code, line, column, message, help)` of the compared house-style findings, file by file.
fn actual(fixture: &str, settings: &Settings) -> Vec<(&'static str, usize, usize, String, String)> {
    let mut out = Vec::new();
    for file in files(&fixtures_dir().join(fixture)) {
        let report = check_input(&Input::File(file), settings);
        for d in &report.diagnostics {
            if !compared(fixture, d.code()) {
                continue;
            }
            let lc = report.source.line_col(d.span.start);
            out.push((
                d.code(),
                lc.line,
                lc.column,
                d.message.clone(),
                d.help.clone().unwrap_or_default(),
            ));
        }
    }
    out
}

#[test]
fn fixtures_give_exactly_the_expected_diagnostics() {
    let mut failures = Vec::new();
    for (fixture, expected) in FIXTURES {
        let got = actual(fixture, &sigmahq());
        let matches = got.len() == expected.len()
            && got
                .iter()
                .zip(expected.iter())
                .all(|(g, e)| g.0 == e.0 && g.1 == e.1 && g.2 == e.2 && g.3.contains(e.3));
        if !matches {
            let got: Vec<_> = got.iter().map(|g| (g.0, g.1, g.2, &g.3)).collect();
            failures.push(format!(
                "{fixture}:\n  expected {expected:?}\n  got      {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn helps_say_what_to_write() {
    for (fixture, code, help) in HELPS {
        let got = actual(fixture, &sigmahq());
        let found = got
            .iter()
            .find(|g| g.0 == *code)
            .unwrap_or_else(|| panic!("{fixture}: no {code}"));
        assert!(
            found.4.contains(help),
            "{fixture}: help `{}` lacks `{help}`",
            found.4
        );
    }
}

#[test]
fn messages_follow_the_conventions() {
    for (fixture, _) in FIXTURES {
        for (code, _, _, message, help) in actual(fixture, &sigmahq()) {
            assert!(
                message.starts_with(|c: char| !c.is_uppercase()) && !message.ends_with('.'),
                "{code}: `{message}`"
            );
            assert!(message.contains('`'), "{code} names nothing: `{message}`");
            assert!(!help.is_empty(), "{code} has no help");
        }
    }
}

#[test]
fn the_default_profile_runs_none_of_them() {
    for (fixture, _) in FIXTURES {
        let got = actual(fixture, &Settings::default());
        assert!(got.is_empty(), "{fixture}: {got:?}");
    }
}

#[test]
fn every_house_style_fixture_is_listed_and_every_lint_triggered() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.get(..5)
                .and_then(by_code)
                .is_some_and(|l| l.profile == Profile::SigmaHq)
                && !is_taxonomy(n)
        })
        .collect();
    let listed: BTreeSet<String> = FIXTURES.iter().map(|(f, _)| (*f).to_owned()).collect();
    assert_eq!(on_disk, listed);
    for lint in sigscope::lints::ALL.iter() {
        if lint.profile != Profile::SigmaHq || is_taxonomy(lint.code) {
            continue;
        }
        assert!(
            FIXTURES
                .iter()
                .any(|(f, e)| f.starts_with(lint.code) && e.iter().any(|x| x.0 == lint.code)),
            "{} has no triggering fixture",
            lint.code
        );
    }
    for (fixture, expected) in FIXTURES {
        if let Some((code, _)) = fixture.split_once("_ok_") {
            assert!(
                expected.iter().all(|e| e.0 != code),
                "{fixture} must not trigger {code}"
            );
        }
    }
}
