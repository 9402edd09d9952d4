//! Fixture tests for the SC3xx condition and detection lints added after SC301/SC302
//! (SC303–SC316).
//!
//! [`CASES`] lists, for each `tests/fixtures/lints/SC3nn_*.yml` file of these lints, the exact
//! and complete list of diagnostics as `(code, line, column, message substring)` with 1-based
//! lines and char columns. [`HELPS`] pins the key help and label texts. Inputs that are easier
//! to build than to commit (Sigma v1 collections, hostile sizes) are written to temporary files
//! by the tests further down.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use sigscope::check::{FileReport, check_input};

use sigscope::diagnostics::Diagnostic;
use sigscope::lint::Severity;
use sigscope::settings::Settings;
use sigscope::walk::Input;

/// `(code, line, column, substring of the message)`.
type Expected = (&'static str, usize, usize, &'static str);

static CASES: &[(&str, &[Expected])] = &[
    // --- SC303 undefined-identifier ---------------------------------------------------------
    (
        "SC303_typo_in_condition.yml",
        &[(
            "SC303",
            19,
            16,
            "condition refers to undefined search identifier `selectoin`",
        )],
    ),
    // Inside a double-quoted condition: the column skips the quote.
    (
        "SC303_case_mismatch.yml",
        &[("SC303", 17, 17, "undefined search identifier `Selection`")],
    ),
    (
        "SC303_them_without_quantifier.yml",
        &[("SC303", 18, 16, "undefined search identifier `them`")],
    ),
    ("SC303_ok_underscore_referenced_by_name.yml", &[]),
    // --- SC304 dangling-pattern -------------------------------------------------------------
    (
        "SC304_filter_pattern_without_filters.yml",
        &[(
            "SC304",
            17,
            34,
            "`1 of filter_main_*` matches no search identifier",
        )],
    ),
    (
        "SC304_pattern_without_star.yml",
        &[(
            "SC304",
            18,
            16,
            "`all of selection` matches no search identifier",
        )],
    ),
    (
        "SC304_underscore_only.yml",
        &[(
            "SC304",
            18,
            34,
            "`1 of _filter_*` matches no search identifier",
        )],
    ),
    (
        "SC304_pattern_typo.yml",
        &[(
            "SC304",
            18,
            16,
            "`all of selectoin_*` matches no search identifier",
        )],
    ),
    ("SC304_ok_patterns_match.yml", &[]),
    // --- SC305 dangling-selection -----------------------------------------------------------
    (
        "SC305_unused_filter.yml",
        &[(
            "SC305",
            17,
            5,
            "search identifier `filter_main_defender` is not used in the condition",
        )],
    ),
    (
        "SC305_underscore_not_in_them.yml",
        &[(
            "SC305",
            18,
            5,
            "search identifier `_config` is not used in the condition",
        )],
    ),
    // A folded condition over quantifiers, a keyword list and filters.
    ("SC305_ok_all_referenced.yml", &[]),
    // --- SC306 them-with-single-selection ---------------------------------------------------
    (
        "SC306_one_of_them_single.yml",
        &[(
            "SC306",
            17,
            16,
            "`1 of them` stands for the single search identifier `selection`",
        )],
    ),
    // `_helper` is not part of `them`; it is used by name, so it is not dangling either.
    (
        "SC306_all_of_them_single.yml",
        &[(
            "SC306",
            19,
            16,
            "`all of them` stands for the single search identifier `selection`",
        )],
    ),
    ("SC306_ok_them_two_selections.yml", &[]),
    // --- SC307 all-of-them ------------------------------------------------------------------
    (
        "SC307_all_of_them.yml",
        &[(
            "SC307",
            18,
            16,
            "`all of them` is discouraged by the Sigma specification",
        )],
    ),
    ("SC307_ok_all_of_pattern.yml", &[]),
    // --- SC308 quantifier-without-wildcard --------------------------------------------------
    (
        "SC308_one_of_plain_identifier.yml",
        &[(
            "SC308",
            18,
            34,
            "`1 of filter_main` has no `*` and names the single search identifier `filter_main`",
        )],
    ),
    // By the specification `all of selection` is `selection`, so `selection_cli` is unused;
    // pySigma would read the pattern as a prefix and use it.
    (
        "SC308_prefix_differs_in_pysigma.yml",
        &[
            (
                "SC305",
                16,
                5,
                "search identifier `selection_cli` is not used",
            ),
            (
                "SC308",
                18,
                16,
                "`all of selection` has no `*` and names the single search identifier `selection`",
            ),
        ],
    ),
    ("SC308_ok_wildcard_pattern.yml", &[]),
    // --- SC309 pipe-aggregation -------------------------------------------------------------
    (
        "SC309_count_aggregation.yml",
        &[(
            "SC309",
            16,
            26,
            "the pipe aggregation `| count() by IpAddress > 10` is deprecated",
        )],
    ),
    ("SC309_ok_pipe_in_values.yml", &[]),
    // --- SC310 condition-list ---------------------------------------------------------------
    (
        "SC310_condition_list.yml",
        &[(
            "SC310",
            19,
            5,
            "`condition` is a list; the list form is deprecated in Sigma v2",
        )],
    ),
    ("SC310_ok_folded_condition.yml", &[]),
    // --- SC311 contradictory-condition ------------------------------------------------------
    (
        "SC311_and_not_same.yml",
        &[(
            "SC311",
            18,
            16,
            "condition `selection and not (selection or filter)` can never be true",
        )],
    ),
    (
        "SC311_all_of_and_not_member.yml",
        &[(
            "SC311",
            18,
            16,
            "condition `all of selection_* and not selection_cli` can never be true",
        )],
    ),
    ("SC311_ok_satisfiable.yml", &[]),
    // --- SC312 empty-detection --------------------------------------------------------------
    // The condition's `selection` is not reported again as undefined.
    (
        "SC312_selection_outside_detection.yml",
        &[("SC312", 13, 1, "`detection` defines no search identifiers")],
    ),
    // A filter rule has no `detection`; its `filter.selection` is checked by the schema.
    ("SC312_ok_filter_rule.yml", &[]),
    // --- SC313 mixed-selection-list ---------------------------------------------------------
    (
        "SC313_keyword_in_field_list.yml",
        &[(
            "SC313",
            14,
            5,
            "search identifier `selection` mixes field maps and keywords in one list",
        )],
    ),
    ("SC313_ok_lists_of_one_kind.yml", &[]),
    // --- SC314 timeframe-in-detection -------------------------------------------------------
    // The schema accepts `timeframe` so that this lint alone reports it.
    (
        "SC314_timeframe_with_aggregation.yml",
        &[
            ("SC309", 16, 26, "the pipe aggregation"),
            ("SC314", 17, 5, "`timeframe` in `detection` is deprecated"),
        ],
    ),
    (
        "SC314_timeframe_without_aggregation.yml",
        &[("SC314", 17, 5, "`timeframe` in `detection` is deprecated")],
    ),
    // A rule plus a correlation with `timespan`: the v2 way to write the window.
    ("SC314_ok_correlation_timespan.yml", &[]),
    // --- SC315 conflicting-field-values -----------------------------------------------------
    // At the second requirement's value.
    (
        "SC315_driver_and_service_events.yml",
        &[(
            "SC315",
            18,
            18,
            "condition `selection_driver_load and selection_kernel_service` can never match: one event cannot have `EventID` equal to `6` and to `7045`",
        )],
    ),
    (
        "SC315_all_of_account_events.yml",
        &[(
            "SC315",
            17,
            18,
            "one event cannot have `EventID` equal to `4720` and to `4726`",
        )],
    ),
    (
        "SC315_value_list_against_value.yml",
        &[(
            "SC315",
            19,
            15,
            "one event cannot have `EventID` equal to `4657` and to `12` or `13`",
        )],
    ),
    (
        "SC315_nested_or_of_api_calls.yml",
        &[(
            "SC315",
            19,
            20,
            "`eventName` equal to `UpdateAccountSendingEnabled` and to `VerifyEmailIdentity` or `CreateEmailIdentity`",
        )],
    ),
    ("SC315_ok_value_lists_that_overlap.yml", &[]),
    ("SC315_ok_either_event.yml", &[]),
    (
        "SC315_ok_patterns_and_modifiers.yml",
        &[("SC431", 15, 9, "instead of `endswith`")],
    ),
    ("SC315_ok_dead_branch_of_or.yml", &[]),
    // --- SC316 logic-in-selection -----------------------------------------------------------
    (
        "SC316_condition_indented_into_selection.yml",
        &[
            ("SC101", 13, 1, "missing required key `condition`"),
            (
                "SC316",
                17,
                9,
                "`condition` inside `selection` is a field match, not the rule's condition",
            ),
        ],
    ),
    (
        "SC316_chain_with_timeframe_and_references.yml",
        &[
            (
                "SC316",
                21,
                9,
                "`timeframe` inside `stage1_download` is a field match, not a time window",
            ),
            (
                "SC316",
                26,
                22,
                "`from stage1_download.Image` is matched as literal text, not as the `Image` of `stage1_download`",
            ),
            (
                "SC316",
                27,
                9,
                "`timespan` inside `stage2_discovery` is a field match",
            ),
        ],
    ),
    // Both lints: the selections also ask for two `action`s in one event.
    (
        "SC316_count_condition_in_selection.yml",
        &[
            ("SC316", 17, 9, "`condition` inside `selection_failures`"),
            (
                "SC315",
                20,
                17,
                "`action` equal to `failed` and to `success`",
            ),
            (
                "SC316",
                21,
                20,
                "`FROM selection_failures.source_ip` is matched as literal text",
            ),
        ],
    ),
    (
        "SC316_reference_without_from.yml",
        &[(
            "SC316",
            21,
            17,
            "`selection_blocked.SourceAddress` is matched as literal text, not as the `SourceAddress` of `selection_blocked`",
        )],
    ),
    ("SC316_ok_fieldref_same_event.yml", &[]),
    ("SC316_ok_dotted_value_starting_with_an_identifier.yml", &[]),
    (
        "SC317_space_in_field_name.yml",
        &[("SC317", 18, 9, "field name `Command Line` contains a space")],
    ),
    // An underscore, and a space in a value.
    ("SC317_ok_underscore.yml", &[]),
    // --- SC318 redundant-field-match ----------------------------------------------------------
    (
        "SC318_redundant_keys.yml",
        &[
            (
                "SC318",
                18,
                9,
                "`Image|endswith` adds nothing to this selection: whatever `Image` matches already ends with its value",
            ),
            (
                "SC318",
                22,
                9,
                "`CommandLine|contains` adds nothing to this selection: whatever `CommandLine|startswith` matches already contains its value",
            ),
            (
                "SC318",
                25,
                11,
                "`ParentImage|contains|all` adds nothing to this selection: whatever `ParentImage|startswith` matches already contains all of its values",
            ),
        ],
    ),
    // Keys that narrow each other, and a wildcard value, which is not judged.
    ("SC318_ok_independent_keys.yml", &[]),
];

/// `(fixture, code, substring of the help, substring of the primary label)`.
static HELPS: &[(&str, &str, &str, &str)] = &[
    (
        "SC317_space_in_field_name.yml",
        "SC317",
        "such as `CommandLine` or `Command_Line`",
        "log sources name their fields without spaces",
    ),
    (
        "SC303_typo_in_condition.yml",
        "SC303",
        "did you mean `selection`?",
        "not defined in `detection`",
    ),
    (
        "SC303_case_mismatch.yml",
        "SC303",
        "search identifiers are case-sensitive: did you mean `selection`?",
        "not defined",
    ),
    (
        "SC303_them_without_quantifier.yml",
        "SC303",
        "did you mean `1 of them`?",
        "not defined",
    ),
    (
        "SC304_filter_pattern_without_filters.yml",
        "SC304",
        "define a search identifier matching `filter_main_*`, or remove `1 of filter_main_*`",
        "no search identifier matches `filter_main_*`",
    ),
    (
        "SC304_pattern_without_star.yml",
        "SC304",
        "write `all of selection*`",
        "pySigma reads it as a prefix and takes in `selection_img`",
    ),
    (
        "SC304_underscore_only.yml",
        "SC304",
        "refer to `_filter_main_dll` by name",
        "starts with `_`, which quantifiers leave out",
    ),
    (
        "SC304_pattern_typo.yml",
        "SC304",
        "did you mean `all of selection_*`?",
        "no search identifier starts with `selectoin_`",
    ),
    (
        "SC305_unused_filter.yml",
        "SC305",
        "exclude it in the condition, e.g. `… and not filter_main_defender`",
        "never referenced",
    ),
    (
        "SC305_underscore_not_in_them.yml",
        "SC305",
        "leave out names starting with `_`: refer to `_config` by name",
        "never referenced",
    ),
    (
        "SC306_one_of_them_single.yml",
        "SC306",
        "write `selection`",
        "the same as `selection`",
    ),
    (
        "SC307_all_of_them.yml",
        "SC307",
        "write `all of selection_*`",
        "requires all 2 search identifiers",
    ),
    (
        "SC308_one_of_plain_identifier.yml",
        "SC308",
        "write `filter_main`",
        "the same as `filter_main`",
    ),
    (
        "SC308_prefix_differs_in_pysigma.yml",
        "SC308",
        "or `all of selection*` for every `selection…` identifier",
        "pySigma matches it as a prefix and also takes in `selection_cli`",
    ),
    (
        "SC309_count_aggregation.yml",
        "SC309",
        "keep `condition: selection` and express the aggregation as a correlation rule",
        "rejected by pySigma",
    ),
    (
        "SC310_condition_list.yml",
        "SC310",
        "write one condition: `condition: selection_img and not selection_cli or selection_cli`",
        "a list of 2 conditions",
    ),
    (
        "SC311_and_not_same.yml",
        "SC311",
        "the rule never fires",
        "a contradiction",
    ),
    (
        "SC312_selection_outside_detection.yml",
        "SC312",
        "indent `selection` under `detection`",
        "only a condition",
    ),
    (
        "SC313_keyword_in_field_list.yml",
        "SC313",
        "give the keyword its field",
        "either field maps or keywords",
    ),
    (
        "SC314_timeframe_with_aggregation.yml",
        "SC314",
        "move the aggregation into a correlation rule with `timespan: 10m`",
        "Sigma v1 aggregation",
    ),
    (
        "SC314_timeframe_without_aggregation.yml",
        "SC314",
        "delete it: without a pipe aggregation it has no effect",
        "Sigma v1 aggregation",
    ),
    (
        "SC315_driver_and_service_events.yml",
        "SC315",
        "to match either event, join them with `or`; to find both events together, write a rule for each and a `temporal` correlation rule over them",
        "`EventID` must equal `7045`",
    ),
    (
        "SC315_all_of_account_events.yml",
        "SC315",
        "to match any of them, write `1 of selection_*`",
        "`EventID` must equal `4726`",
    ),
    (
        "SC315_value_list_against_value.yml",
        "SC315",
        "join them with `or`",
        "`EventID` must equal `12` or `13`",
    ),
    (
        "SC316_condition_indented_into_selection.yml",
        "SC316",
        "move it out of `selection`: indent it like the search identifiers, directly under `detection`",
        "matched against a log field named `condition`",
    ),
    (
        "SC316_reference_without_from.yml",
        "SC316",
        "to compare two fields of one event, write `IpAddress|fieldref: SourceAddress`",
        "a literal value",
    ),
];

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/lints")
        .join(name)
}

fn run(path: &Path) -> FileReport {
    check_input(&Input::File(path.to_path_buf()), &Settings::default())
}

/// Checks `text` written to a temporary `.yml` file.
fn run_text(text: &str) -> FileReport {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("rule.yml");
    std::fs::write(&path, text).expect("write");
    run(&path)
}

fn line_col(report: &FileReport, offset: usize) -> (usize, usize) {
    let lc = report.source.line_col(offset);
    (lc.line, lc.column)
}

fn dump(report: &FileReport) -> String {
    report
        .diagnostics
        .iter()
        .map(|d| {
            let (line, col) = line_col(report, d.span.start);
            format!("  {} {line}:{col} {}\n", d.code(), d.message)
        })
        .collect()
}

fn codes(report: &FileReport) -> Vec<&'static str> {
    report.diagnostics.iter().map(Diagnostic::code).collect()
}

fn only<'r>(report: &'r FileReport, code: &str) -> &'r Diagnostic {
    let found: Vec<&Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.code() == code)
        .collect();
    assert_eq!(found.len(), 1, "expected one {code}:\n{}", dump(report));
    found[0]
}

/// A complete rule around `detection` (indented by four spaces, without the `detection:` line).
fn rule(detection: &str) -> String {
    format!(
        "title: Generated Rule For Detection Lint Tests\n\
         id: 3d6b8f0e-2c4a-4b7e-9f1d-5a8c2e7b4d90\n\
         status: test\n\
         description: A generated rule that exercises the detection lints\n\
         author: sigscope tests\n\
         date: 2025-01-02\n\
         logsource:\n    category: process_creation\n    product: windows\n\
         detection:\n{detection}\
         level: medium\n"
    )
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

#[test]
fn fixtures_give_exactly_the_expected_diagnostics() {
    for (file, expected) in CASES {
        let report = run(&fixture(file));
        let got: Vec<(&str, usize, usize)> = report
            .diagnostics
            .iter()
            .map(|d| {
                let (line, col) = line_col(&report, d.span.start);
                (d.code(), line, col)
            })
            .collect();
        let want: Vec<(&str, usize, usize)> = expected.iter().map(|e| (e.0, e.1, e.2)).collect();
        assert_eq!(got, want, "{file}:\n{}", dump(&report));
        for (d, e) in report.diagnostics.iter().zip(expected.iter()) {
            assert!(
                d.message.contains(e.3),
                "{file}: {} message {:?} lacks {:?}",
                e.0,
                d.message,
                e.3
            );
            // Style: lowercase start, no trailing period, a help for every finding.
            if d.code().starts_with("SC3") {
                assert!(
                    !d.message.ends_with('.'),
                    "{file}: trailing period: {}",
                    d.message
                );
                assert!(
                    !d.message.starts_with(|c: char| c.is_uppercase()),
                    "{file}: {}",
                    d.message
                );
                assert!(d.help.is_some(), "{file}: {} has no help", d.code());
                assert_eq!(d.severity, d.lint.default_severity);
            }
        }
    }
}

#[test]
fn every_sc303_to_sc318_fixture_is_listed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lints");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .expect("fixtures dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.get(..5)
                .and_then(|c| c[2..].parse::<u32>().ok())
                .is_some_and(|c| (303..=318).contains(&c))
        })
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = CASES.iter().map(|(f, _)| (*f).to_owned()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
    // Each lint has a fixture that triggers it and a near miss that does not.
    for code in 303..=318 {
        let code = format!("SC{code}");
        assert!(
            CASES
                .iter()
                .any(|(f, e)| f.starts_with(&code) && e.iter().any(|x| x.0 == code)),
            "{code} has no triggering fixture"
        );
        assert!(
            CASES
                .iter()
                .any(|(f, e)| f.starts_with(&format!("{code}_ok_")) && e.is_empty()),
            "{code} has no clean near-miss fixture"
        );
    }
}

#[test]
fn helps_and_labels() {
    for (file, code, help, label) in HELPS {
        let report = run(&fixture(file));
        let d = only(&report, code);
        let h = d.help.as_deref().unwrap_or_default();
        assert!(h.contains(help), "{file}: help {h:?} lacks {help:?}");
        let l = d.label.as_deref().unwrap_or_default();
        assert!(l.contains(label), "{file}: label {l:?} lacks {label:?}");
    }
}

#[test]
fn spans_cover_exactly_the_offending_text() {
    let cases: &[(&str, &str, &str)] = &[
        ("SC303_typo_in_condition.yml", "SC303", "selectoin"),
        ("SC303_case_mismatch.yml", "SC303", "Selection"),
        (
            "SC304_filter_pattern_without_filters.yml",
            "SC304",
            "1 of filter_main_*",
        ),
        ("SC305_unused_filter.yml", "SC305", "filter_main_defender"),
        ("SC306_one_of_them_single.yml", "SC306", "1 of them"),
        ("SC307_all_of_them.yml", "SC307", "all of them"),
        (
            "SC308_one_of_plain_identifier.yml",
            "SC308",
            "1 of filter_main",
        ),
        (
            "SC309_count_aggregation.yml",
            "SC309",
            "| count() by IpAddress > 10",
        ),
        ("SC310_condition_list.yml", "SC310", "condition"),
        (
            "SC311_and_not_same.yml",
            "SC311",
            "selection and not (selection or filter)",
        ),
        (
            "SC312_selection_outside_detection.yml",
            "SC312",
            "detection",
        ),
        ("SC313_keyword_in_field_list.yml", "SC313", "selection"),
        (
            "SC314_timeframe_without_aggregation.yml",
            "SC314",
            "timeframe",
        ),
        ("SC315_driver_and_service_events.yml", "SC315", "7045"),
        ("SC315_value_list_against_value.yml", "SC315", "12"),
        (
            "SC316_condition_indented_into_selection.yml",
            "SC316",
            "condition",
        ),
        (
            "SC316_reference_without_from.yml",
            "SC316",
            "'selection_blocked.SourceAddress'",
        ),
    ];
    for (file, code, text) in cases {
        let report = run(&fixture(file));
        let d = only(&report, code);
        assert_eq!(&report.source.text[d.span.clone()], *text, "{file}");
    }
    // Secondary labels point at the definitions.
    let report = run(&fixture("SC303_typo_in_condition.yml"));
    let d = only(&report, "SC303");
    assert_eq!(
        &report.source.text[d.secondary[0].span.clone()],
        "selection"
    );
    let report = run(&fixture("SC313_keyword_in_field_list.yml"));
    let d = only(&report, "SC313");
    let labelled: Vec<&str> = d
        .secondary
        .iter()
        .map(|l| &report.source.text[l.span.clone()])
        .collect();
    assert_eq!(labelled, ["Image|endswith", "'-ma lsass'"]);
    // SC315: the first requirement, and the `and` or `all of` that joins them.
    let secondary = |file: &str, code: &str| -> Vec<String> {
        let report = run(&fixture(file));
        let d = only(&report, code);
        d.secondary
            .iter()
            .map(|l| format!("{}: {}", &report.source.text[l.span.clone()], l.message))
            .collect()
    };
    assert_eq!(
        secondary("SC315_driver_and_service_events.yml", "SC315"),
        [
            "6: `EventID` must equal `6`",
            "selection_driver_load and selection_kernel_service: `and` requires both in one event"
        ]
    );
    assert_eq!(
        secondary("SC315_all_of_account_events.yml", "SC315"),
        [
            "4720: `EventID` must equal `4720`",
            "all of selection_*: `all of` requires every one in one event"
        ]
    );
    // SC316: the search identifier holding the key, or the one a reference names.
    assert_eq!(
        secondary("SC316_condition_indented_into_selection.yml", "SC316"),
        ["selection: in this search identifier"]
    );
    assert_eq!(
        secondary("SC316_reference_without_from.yml", "SC316"),
        ["selection_blocked: the search identifier it names"]
    );
}

#[test]
fn severities() {
    let expected = [
        ("SC303", Severity::Error),
        ("SC304", Severity::Error),
        ("SC305", Severity::Warning),
        ("SC306", Severity::Info),
        ("SC307", Severity::Info),
        ("SC308", Severity::Warning),
        ("SC309", Severity::Warning),
        ("SC310", Severity::Warning),
        ("SC311", Severity::Error),
        ("SC312", Severity::Error),
        ("SC313", Severity::Error),
        ("SC314", Severity::Warning),
        ("SC315", Severity::Error),
        ("SC316", Severity::Error),
        ("SC317", Severity::Warning),
    ];
    for (code, sev) in expected {
        let lint = sigscope::lints::by_code(code).expect("registered");
        assert_eq!(lint.default_severity, sev, "{code}");
    }
}

// ---------------------------------------------------------------------------------------------
// Generated inputs
// ---------------------------------------------------------------------------------------------

#[test]
fn each_undefined_name_is_reported_once() {
    let report = run_text(&rule(
        "    selection:\n        Image: a\n    condition: (selection and nope) or (nope and not also) or also\n",
    ));
    let found: Vec<(usize, usize)> = report
        .diagnostics
        .iter()
        .filter(|d| d.code() == "SC303")
        .map(|d| line_col(&report, d.span.start))
        .collect();
    assert_eq!(found, [(13, 31), (13, 54)], "{}", dump(&report));
}

#[test]
fn near_operands_count_as_used() {
    let report = run_text(&rule(
        "    selection:\n        Image: a\n    other:\n        Image: b\n    third:\n        Image: c\n    condition: selection | near other and not third\n",
    ));
    assert_eq!(codes(&report), ["SC309"], "{}", dump(&report));
    // A `count()` aggregation's field never marks a selection as used.
    let report = run_text(&rule(
        "    selection:\n        Image: a\n    other:\n        Image: b\n    condition: selection | count(other) > 5\n",
    ));
    assert_eq!(codes(&report), ["SC305", "SC309"], "{}", dump(&report));
}

#[test]
fn v1_collections_are_not_checked_for_references() {
    let text = "action: global\n\
                title: Sigma v1 Collection\n\
                id: 5f1e9a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b\n\
                status: test\n\
                description: A Sigma v1 collection whose condition refers to the next document\n\
                author: sigscope tests\n\
                date: 2025-01-02\n\
                detection:\n    condition: 1 of them and selection2\n\
                level: medium\n\
                ---\n\
                logsource:\n    product: windows\n    service: sysmon\n\
                detection:\n    selection1:\n        EventID: 1\n    selection2:\n        Image: x\n";
    let report = run_text(text);
    let mine: Vec<&str> = codes(&report)
        .into_iter()
        .filter(|c| ("SC303"..="SC316").contains(c))
        .collect();
    assert!(mine.is_empty(), "{}", dump(&report));
}

#[test]
fn filter_rules_are_checked_too() {
    let text = "title: Filter With Typo\n\
                id: 6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\n\
                description: A filter whose condition misspells its selection\n\
                author: sigscope tests\n\
                date: 2025-01-02\n\
                logsource:\n    category: process_creation\n    product: windows\n\
                filter:\n    rules:\n        - 6f3e2987-db24-4c78-a860-b4f4095a7095\n\
                \x20   selection:\n        User|startswith: 'adm_'\n    condition: not selectoin\n";
    let report = run_text(text);
    let d = only(&report, "SC303");
    assert_eq!(d.label.as_deref(), Some("not defined in `filter`"));
    assert_eq!(d.help.as_deref(), Some("did you mean `selection`?"));
    // `rules` is not a search identifier, so it is not dangling.
    assert!(!codes(&report).contains(&"SC305"), "{}", dump(&report));
}

#[test]
fn condition_list_items_are_checked_one_by_one() {
    let report = run_text(&rule(
        "    selection:\n        Image: a\n    filter:\n        Image: b\n    condition:\n        - selection and not selection\n        - selection and not filter\n",
    ));
    assert_eq!(codes(&report), ["SC310", "SC311"], "{}", dump(&report));
    let d = only(&report, "SC311");
    assert_eq!(line_col(&report, d.span.start), (16, 11));
    // An aggregation cannot be joined with `or`: generic help.
    let report = run_text(&rule(
        "    selection:\n        Image: a\n    condition:\n        - selection | count() > 5\n        - selection\n",
    ));
    let d = only(&report, "SC310");
    assert_eq!(
        d.help.as_deref(),
        Some("join the conditions with `or` into one string")
    );
}

#[test]
fn broken_conditions_leave_the_reference_lints_quiet() {
    // SC302 reports the syntax error; nothing is "unused" while the condition is unreadable.
    let report = run_text(&rule(
        "    selection:\n        Image: a\n    filter:\n        Image: b\n    condition: selection and (not filter\n",
    ));
    assert_eq!(codes(&report), ["SC302"], "{}", dump(&report));
    // An undefined name hides the dangling selection it probably meant.
    let report = run_text(&rule(
        "    selection:\n        Image: a\n    filter:\n        Image: b\n    condition: selection and not filtr\n",
    ));
    assert_eq!(codes(&report), ["SC303"], "{}", dump(&report));
}

#[test]
fn multibyte_and_folded_conditions_keep_spans_on_char_boundaries() {
    // A folded condition is not verbatim in the file: the whole value is the span.
    let report = run_text(&rule(
        "    selection:\n        Image: 'é'\n    condition: >\n        sélection\n        or selection\n",
    ));
    let d = only(&report, "SC302");
    assert!(report.source.text.get(d.span.clone()).is_some());
    let report = run_text(&rule(
        "    sélection_é:\n        Image: 'é'\n    condition: \"1 of sélection_x*\"\n",
    ));
    for d in &report.diagnostics {
        assert!(report.source.text.get(d.span.clone()).is_some(), "{d:?}");
    }
}

/// A hang guard, not a speed test (speed is measured by `bench/run`): the limit is far above
/// the ~8 s a debug build takes alone, so a busy machine does not trip it.
const HANG: Duration = Duration::from_secs(120);

#[test]
fn many_identifiers_and_patterns_finish() {
    // 20,000 search identifiers and 2,000 distinct patterns that match nothing: the pattern
    // resolution gives up on its budget rather than going quadratic.
    let n = 20_000;
    let mut det = String::new();
    for i in 0..n {
        det.push_str(&format!("    sel_{i}:\n        Image: v{i}\n"));
    }
    let patterns: Vec<String> = (0..2_000).map(|i| format!("1 of nomatch_{i}_*")).collect();
    det.push_str(&format!(
        "    condition: 1 of sel_* and not ({})\n",
        patterns.join(" or ")
    ));
    let text = rule(&det);
    let t = Instant::now();
    let report = run_text(&text);
    assert!(t.elapsed() < HANG, "{:?}", t.elapsed());
    assert!(
        report.diagnostics.len() <= 2_001,
        "{}",
        report.diagnostics.len()
    );

    // 5,000 undefined names: each reported once, quickly.
    let names: Vec<String> = (0..5_000).map(|i| format!("undefined_{i}")).collect();
    let text = rule(&format!(
        "    selection:\n        Image: a\n    condition: selection and not ({})\n",
        names.join(" or ")
    ));
    let t = Instant::now();
    let report = run_text(&text);
    assert!(t.elapsed() < HANG, "{:?}", t.elapsed());
    let undefined = report
        .diagnostics
        .iter()
        .filter(|d| d.code() == "SC303")
        .count();
    assert_eq!(undefined, 5_000);
}

/// Codes of `report` among SC315 and SC316.
fn mine(report: &FileReport) -> Vec<&'static str> {
    codes(report)
        .into_iter()
        .filter(|c| matches!(*c, "SC315" | "SC316"))
        .collect()
}

#[test]
fn conflicting_values_are_plain_equalities_only() {
    // (detection, whether SC315 reports it)
    let cases: &[(&str, bool)] = &[
        // A number and the string of that number are one value; so are other spellings of it.
        (
            "    a:\n        EventID: 4688\n    b:\n        EventID: '4688'\n    condition: a and b\n",
            false,
        ),
        (
            "    a:\n        EventID: 4688\n    b:\n        EventID: '04688'\n    condition: a and b\n",
            false,
        ),
        (
            "    a:\n        EventID: 4688\n    b:\n        EventID: 'x4688'\n    condition: a and b\n",
            true,
        ),
        // Strings compare case-insensitively, even with `cased` (not judged more strictly).
        (
            "    a:\n        User: ADMIN\n    b:\n        User|cased: admin\n    condition: a and b\n",
            false,
        ),
        (
            "    a:\n        User: admin\n    b:\n        User: 'admin '\n    condition: a and b\n",
            true,
        ),
        // Field names compare exactly.
        (
            "    a:\n        EventID: 1\n    b:\n        EventId: 2\n    condition: a and b\n",
            false,
        ),
        // Wildcards make a pattern; escaped ones are literal.
        (
            "    a:\n        Image: 'C:\\a.exe'\n    b:\n        Image: '*\\b.exe'\n    condition: a and b\n",
            false,
        ),
        (
            "    a:\n        Image: 'C:\\a?.exe'\n    b:\n        Image: 'C:\\b.exe'\n    condition: a and b\n",
            false,
        ),
        (
            "    a:\n        Image: 'a\\*'\n    b:\n        Image: 'b\\*'\n    condition: a and b\n",
            true,
        ),
        (
            "    a:\n        Image: 'a\\*'\n    b:\n        Image: 'A\\*'\n    condition: a and b\n",
            false,
        ),
        // Modifiers, null and booleans are not judged.
        (
            "    a:\n        Image|endswith: a.exe\n    b:\n        Image|endswith: b.exe\n    condition: a and b\n",
            false,
        ),
        (
            "    a:\n        EventID|gt: 5\n    b:\n        EventID: 1\n    condition: a and b\n",
            false,
        ),
        (
            "    a:\n        User: null\n    b:\n        User: admin\n    condition: a and b\n",
            false,
        ),
        (
            "    a:\n        Enabled: true\n    b:\n        Enabled: false\n    condition: a and b\n",
            false,
        ),
        // One selection that names the field twice.
        (
            "    a:\n        EventID: 1\n        EventID|cased: 4688\n    condition: a\n",
            true,
        ),
        // `not` is SC311's business; keywords require nothing of a field.
        (
            "    a:\n        EventID: 1\n    b:\n        EventID: 2\n    condition: a and not b\n",
            false,
        ),
        (
            "    a:\n        EventID: 1\n    k:\n        - '2'\n    condition: a and k\n",
            false,
        ),
        // A list of maps is any of them: impossible only when every map is.
        (
            "    a:\n        EventID: 1\n    b:\n        - EventID: 2\n        - EventID: 1\n    condition: a and b\n",
            false,
        ),
        (
            "    a:\n        EventID: 1\n    b:\n        - EventID: 2\n        - EventID: 3\n    condition: a and b\n",
            true,
        ),
        // Through nested groups and quantifiers.
        (
            "    a:\n        EventID: 1\n    sel_b:\n        EventID: 2\n    sel_c:\n        EventID: 3\n    condition: a and (1 of sel_*)\n",
            true,
        ),
        (
            "    a:\n        EventID: 1\n    sel_b:\n        EventID: 1\n    sel_c:\n        EventID: 3\n    condition: a and 1 of sel_*\n",
            false,
        ),
        (
            "    sel_a:\n        EventID: 1\n    sel_b:\n        EventID: [1, 2]\n    condition: all of them\n",
            false,
        ),
        // Sigma keys and references written in a selection are SC316's findings.
        (
            "    a:\n        Image: x\n        timeframe: 5m\n    b:\n        Image: x\n        timeframe: 10m\n    condition: a and b\n",
            false,
        ),
        (
            "    a:\n        ParentImage: x\n        Image: y\n    b:\n        ParentImage: from a.Image\n    condition: a and b\n",
            false,
        ),
        // An undefined identifier requires nothing (SC303 reports it).
        (
            "    a:\n        EventID: 1\n    condition: a and b\n",
            false,
        ),
    ];
    for (det, expected) in cases {
        let report = run_text(&rule(det));
        let found = codes(&report).contains(&"SC315");
        assert_eq!(found, *expected, "{det}\n{}", dump(&report));
    }
}

#[test]
fn a_conflict_within_one_selection_is_reported_there() {
    let report = run_text(&rule(
        "    selection:\n        EventID: 1\n        EventID|cased: 4688\n    condition: selection\n",
    ));
    let d = only(&report, "SC315");
    assert_eq!(&report.source.text[d.span.clone()], "4688");
    assert_eq!(
        d.help.as_deref(),
        Some(
            "to accept any of the values, list them under one key of `selection`: `EventID: [...]`"
        )
    );
    // Each condition of a list is judged on its own.
    let report = run_text(&rule(
        "    a:\n        EventID: 1\n    b:\n        EventID: 2\n    condition:\n        - a and b\n        - a or b\n",
    ));
    assert_eq!(mine(&report), ["SC315"], "{}", dump(&report));
}

#[test]
fn huge_value_lists_finish() {
    // Two selections of 20,000 event ids each, none in common.
    let values = |from: usize| -> String {
        (from..from + 20_000)
            .map(|i| format!("            - {i}\n"))
            .collect()
    };
    let det = |condition: &str| {
        rule(&format!(
            "    a:\n        EventID:\n{}    b:\n        EventID:\n{}    condition: {condition}\n",
            values(0),
            values(20_000),
        ))
    };
    let report = run_text(&det("a and b"));
    assert_eq!(mine(&report), ["SC315"], "{}", dump(&report));
    // AND-ed 400 times the lint gives up on its budget rather than comparing 20,000 values
    // 400 times, and says nothing it has not decided.
    let operands: Vec<&str> = (0..400)
        .map(|i| if i % 2 == 0 { "a" } else { "b" })
        .collect();
    let t = Instant::now();
    let report = run_text(&det(&operands.join(" and ")));
    assert!(t.elapsed() < HANG, "{:?}", t.elapsed());
    assert!(mine(&report).is_empty(), "{}", dump(&report));
}

#[test]
fn keywords_and_references_inside_selections() {
    // (detection, SC316 findings)
    let cases: &[(&str, usize)] = &[
        // Keys exactly as written, without modifiers.
        (
            "    selection:\n        Image: a\n        Condition: ok\n    condition: selection\n",
            0,
        ),
        (
            "    selection:\n        Image: a\n        condition|contains: x\n    condition: selection\n",
            0,
        ),
        // In a list of maps too.
        (
            "    selection:\n        - Image: a\n          timeframe: 5m\n    condition: selection\n",
            1,
        ),
        // `from` in any case; an identifier that does not exist is no reference.
        (
            "    a:\n        Image: x\n    b:\n        ParentImage: 'from a.Image'\n    condition: a or b\n",
            1,
        ),
        (
            "    a:\n        Image: x\n    b:\n        ParentImage: 'From  a.Image'\n    condition: a or b\n",
            1,
        ),
        (
            "    a:\n        Image: x\n    b:\n        ParentImage: 'from c.Image'\n    condition: a or b\n",
            0,
        ),
        // Without `from`, only a field the detection matches on.
        (
            "    a:\n        Image: x\n    b:\n        ParentImage: a.Image\n    condition: a or b\n",
            1,
        ),
        (
            "    a:\n        Image: x\n    b:\n        ParentImage: a.exe\n    condition: a or b\n",
            0,
        ),
        // Each value of a list; not with `re` or `fieldref`; not in keywords.
        (
            "    a:\n        Image: x\n    b:\n        ParentImage:\n            - from a.Image\n            - a.Image\n    condition: a or b\n",
            2,
        ),
        (
            "    a:\n        Image: x\n    b:\n        ParentImage|re: 'a.Image'\n    condition: a or b\n",
            0,
        ),
        (
            "    a:\n        Image: x\n    b:\n        - 'from a.Image'\n    condition: a or b\n",
            0,
        ),
        // Not text with more than a reference.
        (
            "    a:\n        Image: x\n    b:\n        CommandLine: 'copy from a.Image'\n    condition: a or b\n",
            0,
        ),
        (
            "    a:\n        Image: x\n    b:\n        ParentImage: 'from a.Image*'\n    condition: a or b\n",
            0,
        ),
    ];
    for (det, expected) in cases {
        let report = run_text(&rule(det));
        let found = codes(&report).iter().filter(|c| **c == "SC316").count();
        assert_eq!(found, *expected, "{det}\n{}", dump(&report));
    }
}
