//! Fixture tests for the metadata (SC2xx) and log source (SC6xx) lints.
//!
//! Each `tests/fixtures/lints/SC2*.yml` and `SC6*.yml` file is listed in [`FIXTURES`] with the
//! exact diagnostics it must give, as `(code, line, column, message substring)` with 1-based
//! lines and character columns. Only the file, schema, metadata and log source groups (SC0xx,
//! SC1xx, SC2xx, SC6xx) are compared, so that work on the other groups does not move these
//! expectations; the fixtures are otherwise realistic, clean rules.
//!
//! Future dates use 2999, so the tests hold until then whatever the clock says.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use sigscope::check::{FileReport, check_input};

use sigscope::lint::Severity;
use sigscope::lints::by_code;
use sigscope::settings::Settings;
use sigscope::walk::Input;

/// `(code, line, column, substring of the message)`.
type Expected = (&'static str, usize, usize, &'static str);

const FIXTURES: &[(&str, &[Expected])] = &[
    // --- SC201 made-up-id -------------------------------------------------------------------
    (
        "SC201_made_up_id.yml",
        &[(
            "SC201",
            2,
            5,
            "its version digit `a` (first of the third group)",
        )],
    ),
    // A valid version 6 layout, but `6789abcdef` is no random draw; SC202 stays quiet.
    (
        "SC201_sequential_id.yml",
        &[("SC201", 2, 5, "it contains the pattern `6789abcdef`")],
    ),
    ("SC201_ok_random_v4_id.yml", &[]),
    // --- SC202 non-v4-id --------------------------------------------------------------------
    (
        "SC202_time_based_id.yml",
        &[("SC202", 2, 5, "`id` is a version 1 UUID (time-based")],
    ),
    ("SC202_ok_v4_id_in_capitals.yml", &[]),
    // --- SC203 placeholder-text -------------------------------------------------------------
    // The description is a block scalar: the marker is still located on its own line.
    (
        "SC203_todo_in_title_and_description_prompt.yml",
        &[
            ("SC203", 1, 8, "title contains the placeholder `TODO`"),
            (
                "SC203",
                5,
                5,
                "description contains the placeholder `<insert description here>`",
            ),
        ],
    ),
    (
        "SC203_untitled.yml",
        &[("SC203", 1, 8, "title is the placeholder `Untitled`")],
    ),
    ("SC203_ok_angle_brackets_and_digit_masks.yml", &[]),
    // --- SC204 modified-before-date ---------------------------------------------------------
    (
        "SC204_modified_before_date.yml",
        &[(
            "SC204",
            9,
            11,
            "`modified` date `2023-05-17` is before the creation date `2024-05-17`",
        )],
    ),
    ("SC204_ok_modified_after_date.yml", &[]),
    // --- SC205 redundant-modified -----------------------------------------------------------
    // A quoted date is still a date.
    (
        "SC205_modified_equals_date.yml",
        &[(
            "SC205",
            9,
            11,
            "`modified` is the creation date `2024-05-17`",
        )],
    ),
    // --- SC206 future-date ------------------------------------------------------------------
    (
        "SC206_modified_in_the_future.yml",
        &[("SC206", 9, 11, "`modified` `2999-01-01` is in the future")],
    ),
    (
        "SC206_created_in_the_future.yml",
        &[("SC206", 8, 7, "`date` `2999-01-01` is in the future")],
    ),
    // Not a real date: the schema reports it, SC206 does not add to it.
    (
        "SC206_ok_invalid_far_date.yml",
        &[("SC108", 8, 7, "not a real calendar date")],
    ),
    // --- SC207 modified-without-date --------------------------------------------------------
    (
        "SC207_modified_without_date.yml",
        &[(
            "SC207",
            8,
            1,
            "`modified` is set but the creation `date` is missing",
        )],
    ),
    ("SC207_ok_date_without_modified.yml", &[]),
    // --- SC208 missing-description ----------------------------------------------------------
    // Reported at the title, where the description belongs.
    (
        "SC208_missing_description.yml",
        &[("SC208", 1, 1, "rule has no `description`")],
    ),
    (
        "SC208_empty_description.yml",
        &[("SC208", 4, 1, "`description` is empty")],
    ),
    ("SC208_ok_block_description.yml", &[]),
    // --- SC209 uninformative-description ----------------------------------------------------
    // Case and the final period are ignored.
    (
        "SC209_description_repeats_title.yml",
        &[("SC209", 4, 14, "`description` repeats the title")],
    ),
    (
        "SC209_short_description.yml",
        &[("SC209", 4, 14, "`Certutil abuse` is 14 characters long")],
    ),
    // Exactly 16 characters is enough.
    ("SC209_ok_sixteen_characters.yml", &[]),
    // --- SC210 missing-author ---------------------------------------------------------------
    (
        "SC210_missing_author.yml",
        &[("SC210", 1, 1, "rule has no `author`")],
    ),
    (
        "SC210_empty_author.yml",
        &[("SC210", 7, 1, "`author` is empty")],
    ),
    // --- SC211 duplicate-reference ----------------------------------------------------------
    (
        "SC211_same_page_http_and_trailing_slash.yml",
        &[(
            "SC211",
            8,
            7,
            "reference `http://lolbas-project.github.io/lolbas/Binaries/Certutil` is the same as `https://lolbas-project.github.io/lolbas/Binaries/Certutil/`",
        )],
    ),
    // Paths are case-sensitive and fragments name other places.
    ("SC211_ok_different_paths_and_fragments.yml", &[]),
    // --- SC212 malformed-reference ----------------------------------------------------------
    (
        "SC212_broken_links.yml",
        &[
            ("SC212", 6, 7, "has a misspelled scheme"),
            ("SC212", 7, 7, "has no scheme"),
            ("SC212", 8, 7, "is missing the `:` after the scheme"),
            ("SC212", 9, 7, "`references` has an empty entry"),
        ],
    ),
    // Text sources, a note after a link and a deliberately defanged link are fine.
    ("SC212_ok_text_and_annotated_references.yml", &[]),
    // --- SC213 misspelled-falsepositive -----------------------------------------------------
    (
        "SC213_misspelled_entries.yml",
        &[
            (
                "SC213",
                21,
                7,
                "`Unikely` looks like a misspelling of `Unlikely`",
            ),
            (
                "SC213",
                22,
                7,
                "`Legimate` looks like a misspelling of `Legitimate`",
            ),
        ],
    ),
    // `Likely` is a word of its own; lowercase `unknown` is a house-style matter.
    ("SC213_ok_conventional_words.yml", &[]),
    // --- SC214 vague-falsepositive ----------------------------------------------------------
    (
        "SC214_none.yml",
        &[(
            "SC214",
            21,
            7,
            "false-positive entry `None` says nothing definite",
        )],
    ),
    ("SC214_ok_unlikely.yml", &[]),
    // --- SC215 contradictory-falsepositives -------------------------------------------------
    (
        "SC215_unknown_next_to_real_entry.yml",
        &[(
            "SC215",
            21,
            7,
            "`Unknown` says none are known, but the list names false positives",
        )],
    ),
    ("SC215_ok_unknown_alone.yml", &[]),
    // --- SC216 deprecated-without-related ---------------------------------------------------
    (
        "SC216_deprecated_without_related.yml",
        &[(
            "SC216",
            3,
            9,
            "rule is `deprecated` but names no replacement in `related`",
        )],
    ),
    ("SC216_ok_deprecated_with_related.yml", &[]),
    // --- SC217 related-to-self --------------------------------------------------------------
    (
        "SC217_related_to_self.yml",
        &[("SC217", 4, 11, "`related` refers to the rule's own id")],
    ),
    ("SC217_ok_related_to_other_rule.yml", &[]),
    // --- SC218 duplicate-related ------------------------------------------------------------
    (
        "SC218_same_rule_twice.yml",
        &[(
            "SC218",
            8,
            11,
            "is listed twice, as `derived` and as `similar`",
        )],
    ),
    // --- SC219 non-spdx-license -------------------------------------------------------------
    (
        "SC219_license_free_text.yml",
        &[(
            "SC219",
            5,
            10,
            "`license` `Detection Rule License 1.1` is not an SPDX license identifier",
        )],
    ),
    // Valid SPDX syntax, but the free-text short form of `Apache-2.0`.
    (
        "SC219_license_apache_short.yml",
        &[(
            "SC219",
            5,
            10,
            "`license` `Apache-2` is not an SPDX license identifier",
        )],
    ),
    ("SC219_ok_spdx_expression.yml", &[]),
    // --- SC220 misspelled-taxonomy ----------------------------------------------------------
    (
        "SC220_taxonomy_capitalized.yml",
        &[("SC220", 23, 11, "taxonomy `Sigma` is not `sigma`")],
    ),
    // Another taxonomy may name log sources its own way: SC603 is off too.
    ("SC220_ok_other_taxonomy.yml", &[]),
    // --- SC221 misspelled-key ---------------------------------------------------------------
    (
        "SC221_misspelled_keys.yml",
        &[
            (
                "SC221",
                3,
                1,
                "unknown key `realted`, did you mean `related`?",
            ),
            (
                "SC221",
                8,
                1,
                "unknown key `refrences`, did you mean `references`?",
            ),
            (
                "SC221",
                23,
                1,
                "unknown key `falsepositive`, did you mean `falsepositives`?",
            ),
        ],
    ),
    // `Title` is not `title`: the schema misses the title, SC221 says why.
    (
        "SC221_capitalized_title.yml",
        &[
            ("SC101", 1, 1, "missing required key `title`"),
            ("SC221", 1, 1, "unknown key `Title`, did you mean `title`?"),
        ],
    ),
    // Custom keys far from every known key, including the short `ip` next to `id`.
    ("SC221_ok_custom_keys.yml", &[]),
    // --- SC222 non-lowercase-key ------------------------------------------------------------
    (
        "SC222_capitalized_custom_key.yml",
        &[("SC222", 23, 1, "key `Simulation` is not lowercase")],
    ),
    // --- SC601 logsource-without-selector ---------------------------------------------------
    (
        "SC601_definition_only.yml",
        &[(
            "SC601",
            12,
            1,
            "`logsource` names no `category`, `product` or `service`",
        )],
    ),
    ("SC601_ok_product_only.yml", &[]),
    // --- SC602 misspelled-logsource-key -----------------------------------------------------
    // With `catgory` reported, SC601 does not also say the log source selects nothing.
    (
        "SC602_misspelled_category.yml",
        &[
            (
                "SC602",
                13,
                5,
                "unknown log source key `catgory`, did you mean `category`?",
            ),
            (
                "SC602",
                14,
                5,
                "unknown log source key `Product`, did you mean `product`?",
            ),
        ],
    ),
    // `device` is two edits from `service` but starts differently: a custom key.
    (
        "SC602_ok_custom_logsource_key.yml",
        &[(
            "SC611",
            15,
            5,
            "log source key `device` is not one of Sigma's: converters ignore it",
        )],
    ),
    // --- SC603 non-lowercase-logsource-value ------------------------------------------------
    (
        "SC603_capitals_and_spaces.yml",
        &[
            (
                "SC603",
                13,
                15,
                "category `Process Creation` is not lowercase",
            ),
            ("SC603", 14, 14, "product `Windows` is not lowercase"),
        ],
    ),
    ("SC603_ok_dots_and_dashes.yml", &[]),
    // --- SC604 unknown-logsource-value ------------------------------------------------------
    (
        "SC604_misspelled_category.yml",
        &[
            (
                "SC604",
                13,
                15,
                "unknown category `proces_creation`, did you mean `process_creation`?",
            ),
            (
                "SC604",
                14,
                14,
                "unknown product `windwos`, did you mean `windows`?",
            ),
        ],
    ),
    (
        "SC604_category_as_product.yml",
        &[(
            "SC604",
            13,
            14,
            "`process_creation` is a known category, not a product",
        )],
    ),
    // A new product far from every known one is allowed.
    ("SC604_ok_new_product.yml", &[]),
    // --- SC610 specific-instead-of-generic-logsource -------------------------------------------
    (
        "SC610_sysmon_image_load.yml",
        &[(
            "SC610",
            17,
            18,
            "`service: sysmon` with `EventID` 7 is the generic category `image_load`",
        )],
    ),
    (
        "SC610_pipe_events_list.yml",
        &[(
            "SC610",
            18,
            13,
            "`service: sysmon` with `EventID` 17, 18 is the generic category `pipe_created`",
        )],
    ),
    (
        "SC610_security_process_creation.yml",
        &[(
            "SC610",
            17,
            20,
            "`service: security` with `EventID` 4688 is the generic category `process_creation`",
        )],
    ),
    // Events 8 and 10 are two categories; a selection without `EventID` or a negated one
    // keeps other Sysmon events in the rule (pySigma reports both).
    ("SC610_ok_two_categories.yml", &[]),
    ("SC610_ok_event_id_not_required.yml", &[]),
    // --- SC611 custom-logsource-key ---------------------------------------------------------
    // Hayabusa writes `description` where Sigma has `definition`.
    (
        "SC611_description_and_version.yml",
        &[
            (
                "SC611",
                15,
                5,
                "log source key `description` is not one of Sigma's: converters ignore it",
            ),
            (
                "SC611",
                16,
                5,
                "log source key `version` is not one of Sigma's: converters ignore it",
            ),
            (
                "SC610",
                19,
                18,
                "`service: security` with `EventID` 4688 is the generic category `process_creation`",
            ),
        ],
    ),
    // An empty custom key loses nothing.
    (
        "SC611_ok_definition.yml",
        &[(
            "SC610",
            19,
            18,
            "`service: security` with `EventID` 4688 is the generic category `process_creation`",
        )],
    ),
];

/// `(code, help substring)` for one diagnostic of a fixture: the help says what to write.
const HELPS: &[(&str, &str, &str)] = &[
    ("SC201_made_up_id.yml", "SC201", "random UUID"),
    (
        "SC204_modified_before_date.yml",
        "SC204",
        "never earlier than `date`",
    ),
    (
        "SC205_modified_equals_date.yml",
        "SC205",
        "remove `modified`",
    ),
    ("SC207_modified_without_date.yml", "SC207", "add `date:`"),
    (
        "SC212_broken_links.yml",
        "SC212",
        "write `https://lolbas-project.github.io/lolbas/Binaries/Certutil/`",
    ),
    ("SC213_misspelled_entries.yml", "SC213", "write `Unlikely`"),
    ("SC214_none.yml", "SC214", "write `Unlikely`"),
    (
        "SC216_deprecated_without_related.yml",
        "SC216",
        "type: obsolete",
    ),
    (
        "SC219_license_free_text.yml",
        "SC219",
        "write `license: DRL-1.1`",
    ),
    (
        "SC219_license_apache_short.yml",
        "SC219",
        "write `license: Apache-2.0`",
    ),
    (
        "SC220_taxonomy_capitalized.yml",
        "SC220",
        "write `taxonomy: sigma`",
    ),
    (
        "SC221_misspelled_keys.yml",
        "SC221",
        "rename it to `related`",
    ),
    (
        "SC222_capitalized_custom_key.yml",
        "SC222",
        "rename it to `simulation`",
    ),
    (
        "SC602_misspelled_category.yml",
        "SC602",
        "rename it to `category`",
    ),
    (
        "SC603_capitals_and_spaces.yml",
        "SC603",
        "write `category: process_creation`",
    ),
    (
        "SC604_misspelled_category.yml",
        "SC604",
        "write `category: process_creation`",
    ),
    (
        "SC604_category_as_product.yml",
        "SC604",
        "write `category: process_creation`",
    ),
    (
        "SC610_sysmon_image_load.yml",
        "SC610",
        "write `category: image_load` instead of `service: sysmon`",
    ),
    (
        "SC610_security_process_creation.yml",
        "SC610",
        "write `category: process_creation` instead of `service: security`",
    ),
];

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lints")
}

fn run(file: &str) -> FileReport {
    check_input(
        &Input::File(fixtures_dir().join(file)),
        &Settings::default(),
    )
}

/// Whether a code belongs to the groups this file pins down.
fn compared(code: &str) -> bool {
    ["SC0", "SC1", "SC2", "SC6"]
        .iter()
        .any(|g| code.starts_with(g))
}

fn actual(report: &FileReport) -> Vec<(&'static str, usize, usize, String)> {
    report
        .diagnostics
        .iter()
        .filter(|d| compared(d.code()))
        .map(|d| {
            let lc = report.source.line_col(d.span.start);
            (d.code(), lc.line, lc.column, d.message.clone())
        })
        .collect()
}

#[test]
fn fixtures_give_exactly_the_expected_diagnostics() {
    let mut failures = Vec::new();
    for (file, expected) in FIXTURES {
        let report = run(file);
        let got = actual(&report);
        let matches = got.len() == expected.len()
            && got
                .iter()
                .zip(expected.iter())
                .all(|(g, e)| g.0 == e.0 && g.1 == e.1 && g.2 == e.2 && g.3.contains(e.3));
        if !matches {
            failures.push(format!(
                "{file}:\n  expected {expected:?}\n  got      {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn helps_say_what_to_write() {
    for (file, code, help) in HELPS {
        let report = run(file);
        let d = report
            .diagnostics
            .iter()
            .find(|d| d.code() == *code)
            .unwrap_or_else(|| panic!("{file}: no {code}"));
        let got = d.help.as_deref().unwrap_or_default();
        assert!(got.contains(help), "{file}: help `{got}` lacks `{help}`");
    }
}

#[test]
fn messages_follow_the_conventions() {
    for (file, _) in FIXTURES {
        let report = run(file);
        for d in report.diagnostics.iter().filter(|d| compared(d.code())) {
            let code = d.code();
            if !(code.starts_with("SC2") || code.starts_with("SC6")) {
                continue;
            }
            let first = d.message.chars().next().unwrap_or(' ');
            assert!(
                !first.is_uppercase(),
                "{file}: {code} message starts upper case: {}",
                d.message
            );
            assert!(
                !d.message.ends_with('.'),
                "{file}: {code} ends with a period"
            );
            assert!(
                d.message.contains('`'),
                "{file}: {code} names nothing in backticks"
            );
            assert!(d.help.is_some(), "{file}: {code} has no help");
            assert!(
                report.source.text.is_char_boundary(d.span.start)
                    && report.source.text.is_char_boundary(d.span.end)
                    && d.span.start <= d.span.end,
                "{file}: {code} span {:?} is not on char boundaries",
                d.span
            );
        }
    }
}

#[test]
fn severities_are_as_documented() {
    use Severity::{Error, Info, Warning};
    let expected = [
        ("SC201", Warning),
        ("SC202", Info),
        ("SC203", Warning),
        ("SC204", Error),
        ("SC205", Info),
        ("SC206", Warning),
        ("SC207", Info),
        ("SC208", Info),
        ("SC209", Info),
        ("SC210", Info),
        ("SC211", Warning),
        ("SC212", Warning),
        ("SC213", Info),
        ("SC214", Info),
        ("SC215", Info),
        ("SC216", Warning),
        ("SC217", Warning),
        ("SC218", Warning),
        ("SC219", Warning),
        ("SC220", Warning),
        ("SC221", Warning),
        ("SC222", Info),
        ("SC601", Warning),
        ("SC602", Warning),
        ("SC603", Warning),
        ("SC604", Warning),
        ("SC610", Info),
    ];
    for (code, severity) in expected {
        let lint = by_code(code).unwrap_or_else(|| panic!("{code} is not registered"));
        assert_eq!(lint.default_severity, severity, "{code}");
    }
}

#[test]
fn every_metadata_and_logsource_fixture_is_listed() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures dir")
        .map(|e| {
            e.expect("dir entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.starts_with("SC2") || n.starts_with("SC6"))
        // House-style fixtures (`--profile sigmahq`) are asserted by tests/lints_sigmahq.rs.
        .filter(|n| !is_house_style(n) && !is_taxonomy(n))
        .collect();
    let listed: BTreeSet<String> = FIXTURES.iter().map(|(f, _)| (*f).to_owned()).collect();
    assert_eq!(on_disk, listed);
}

/// Every lint of the two groups is triggered by at least one fixture, and no `_ok_` fixture
/// triggers the lint it is named after.
#[test]
fn every_lint_has_a_triggering_fixture_and_a_quiet_near_miss() {
    let codes: BTreeSet<&str> = sigscope::lints::ALL
        .iter()
        .map(|l| l.code)
        .filter(|c| c.starts_with("SC2") || c.starts_with("SC6"))
        .filter(|c| !is_house_style(c) && !is_taxonomy(c))
        .collect();
    for code in &codes {
        assert!(
            FIXTURES
                .iter()
                .any(|(f, e)| f.starts_with(code) && e.iter().any(|x| x.0 == *code)),
            "{code} has no triggering fixture"
        );
    }
    for (file, expected) in FIXTURES {
        if let Some((code, _)) = file.split_once("_ok_") {
            assert!(
                expected.iter().all(|e| e.0 != code),
                "{file} must not trigger {code}"
            );
        }
    }
}

/// A large, messy document does not panic and stays linear: 6,000 references, half of them
/// near-duplicates, and 6,000 related entries (under the 1 MiB file limit).
#[test]
fn large_lists_are_fine() {
    use std::fmt::Write;
    let mut text = String::from(
        "title: Many References\nid: 3f1c9d52-7a4e-4b8f-9c2d-6e0a1b5f8d47\nreferences:\n",
    );
    for i in 0..3_000 {
        let _ = writeln!(text, "    - https://example.com/{i}/");
        let _ = writeln!(text, "    - http://example.com/{i}");
    }
    text.push_str("related:\n");
    for _ in 0..6_000 {
        text.push_str("    - id: 3f1c9d52-7a4e-4b8f-9c2d-6e0a1b5f8d48\n      type: similar\n");
    }
    text.push_str("logsource:\n    product: windows\ndetection:\n    sel:\n        A: b\n    condition: sel\n");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.yml");
    std::fs::write(&path, &text).expect("write");
    let started = std::time::Instant::now();
    let report = check_input(&Input::File(path), &Settings::default());
    let count = |code: &str| {
        report
            .diagnostics
            .iter()
            .filter(|d| d.code() == code)
            .count()
    };
    assert_eq!(count("SC005"), 0);
    assert_eq!(count("SC211"), 3_000);
    assert_eq!(count("SC218"), 5_999);
    // A guard against runaway work, not a speed test: well under a second in a debug build, so
    // a busy machine stays far below it.
    assert!(
        started.elapsed().as_secs() < 60,
        "took {:?}",
        started.elapsed()
    );
}

/// Whether a fixture or code belongs to a log-source taxonomy lint (asserted in
/// tests/lints_taxonomy.rs, not here).
fn is_taxonomy(name: &str) -> bool {
    matches!(
        name.get(..5),
        Some("SC605" | "SC606" | "SC607" | "SC608" | "SC609")
    )
}

/// Whether a fixture or code belongs to a `--profile sigmahq` lint (asserted in
/// tests/lints_sigmahq.rs, not here).
fn is_house_style(name: &str) -> bool {
    name.get(..5)
        .and_then(by_code)
        .is_some_and(|l| l.profile != sigscope::lint::Profile::Default)
}

/// SC610's *Example* (a whole log source and detection) triggers it and *Use instead* does not.
#[test]
fn specific_logsource_documentation_examples() {
    let doc = by_code("SC610").expect("SC610").documentation();
    for (heading, should) in [("## Example", true), ("## Use instead", false)] {
        let after = doc.split(heading).nth(1).expect("heading");
        let block = after
            .split("```yaml\n")
            .nth(1)
            .and_then(|b| b.split("```").next())
            .expect("yaml block");
        let text = format!(
            "title: Documentation Example\nid: 5b0f4c1e-3a53-4d8e-9b6f-0c1d2e3f4a5b\nstatus: test\ndescription: An example from the lint documentation\nauthor: sigscope tests\ndate: 2025-01-02\n{block}level: medium\n"
        );
        let source = sigscope::source::SourceFile::new("SC610.yml", text.as_str());
        let diags = sigscope::check::check_source(&source, &Settings::default());
        let fired = diags.iter().any(|d| d.code() == "SC610");
        assert_eq!(fired, should, "`{heading}`:\n{text}");
        assert!(
            diags.iter().all(|d| d.code() == "SC610"),
            "`{heading}`: {:?}",
            diags.iter().map(|d| d.code()).collect::<Vec<_>>()
        );
    }
}

/// The category SC610 names for each shape of `EventID` and condition, `None` when it must
/// stay quiet.
#[test]
fn specific_logsource_picks_one_category_or_none() {
    let cases: &[(&str, &str, Option<&str>)] = &[
        (
            "service: sysmon",
            "sel:\n        EventID: 13\n    condition: sel",
            Some("registry_set"),
        ),
        (
            "service: sysmon",
            "sel:\n        EventID: 12\n    condition: sel",
            Some("registry_event"),
        ),
        (
            "service: sysmon",
            "sel:\n        EventID: [12, 14]\n    condition: sel",
            Some("registry_event"),
        ),
        (
            "service: sysmon",
            "sel:\n        EventID: [13, 14]\n    condition: sel",
            Some("registry_event"),
        ),
        (
            "service: sysmon",
            "sel:\n        EventID: [13, 22]\n    condition: sel",
            None,
        ),
        (
            "service: sysmon",
            "sel:\n        EventID: 24\n    condition: sel",
            Some("clipboard_capture"),
        ),
        (
            "service: sysmon",
            "sel:\n        EventID: '7'\n    condition: sel",
            Some("image_load"),
        ),
        (
            "service: sysmon",
            "sel:\n        EventID: 30\n    condition: sel",
            None,
        ),
        (
            "service: sysmon",
            "sel:\n        EventID|gte: 1\n    condition: sel",
            None,
        ),
        (
            "service: sysmon",
            "sel:\n        EventID: 1\n    keywords:\n        - mimikatz\n    condition: sel or keywords",
            None,
        ),
        (
            "service: sysmon",
            "sel:\n        EventID: 1\n    keywords:\n        - mimikatz\n    condition: sel and keywords",
            Some("process_creation"),
        ),
        (
            "service: sysmon",
            "sel_a:\n        EventID: 1\n    sel_b:\n        - EventID: 1\n          Image: x\n        - EventID: 1\n          User: y\n    condition: 1 of sel_*",
            Some("process_creation"),
        ),
        (
            "service: sysmon",
            "sel_a:\n        EventID: 1\n    sel_b:\n        - EventID: 1\n          Image: x\n        - User: y\n    condition: 1 of sel_*",
            None,
        ),
        (
            "service: sysmon",
            "sel_a:\n        EventID: 1\n    sel_b:\n        - User: y\n    condition: all of sel_*",
            Some("process_creation"),
        ),
        (
            "service: sysmon",
            "sel:\n        User: y\n    filter:\n        EventID: 1\n    condition: sel and not filter",
            None,
        ),
        (
            "service: sysmon\n    category: process_creation",
            "sel:\n        EventID: 1\n    condition: sel",
            None,
        ),
        (
            "service: security",
            "sel:\n        EventID: 4688\n    condition: sel",
            Some("process_creation"),
        ),
        (
            "service: security",
            "sel:\n        EventID: 4624\n    condition: sel",
            None,
        ),
        (
            "service: system",
            "sel:\n        EventID: 1\n    condition: sel",
            None,
        ),
    ];
    for (logsource, detection, want) in cases {
        let text = format!(
            "title: Event Ids\nid: 5b0f4c1e-3a53-4d8e-9b6f-0c1d2e3f4a5b\nstatus: test\ndescription: Event ids against categories\nauthor: sigscope tests\ndate: 2025-01-02\nlogsource:\n    product: windows\n    {logsource}\ndetection:\n    {detection}\nlevel: medium\n"
        );
        let source = sigscope::source::SourceFile::new("rule.yml", text.as_str());
        let diags = sigscope::check::check_source(&source, &Settings::default());
        let got: Vec<&str> = diags
            .iter()
            .filter(|d| d.code() == "SC610")
            .filter_map(|d| d.message.rsplit('`').nth(1))
            .collect();
        assert_eq!(got, want.iter().copied().collect::<Vec<_>>(), "{text}");
    }
}
