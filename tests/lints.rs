//! Fixture tests for every lint in `sigscope::lints::ALL`.
//!
//! `tests/fixtures/lints/<CODE>_<what>.yml` holds realistic rules that must trigger lint `CODE`
//! and near misses (`<CODE>_ok_<what>.yml`) that must not. [`FIXTURES`] lists, for each file,
//! the exact and complete list of diagnostics as `(code, line, column, message substring)`,
//! with 1-based lines and columns counted in characters. Every fixture file must be listed
//! (see `every_fixture_file_is_asserted`). Expectations for codes not in the registry are
//! skipped (see `assert_expected`); every diagnostic that is produced must be expected.
//!
//! Inputs that cannot be committed as a plain file (invalid UTF-8, dangling links, FIFOs, very
//! deep nesting, CRLF and BOM variants) are generated into temporary directories by the tests
//! further down; `tests/registry.rs` (`GENERATED_FIXTURES`) names the tests that stand in for a
//! fixture file.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use sigscope::check::{FileReport, check_input};

use sigscope::diagnostics::Diagnostic;
use sigscope::lints::{ALL, by_code};
use sigscope::settings::Settings;
use sigscope::walk::{self, Input};

/// `(code, line, column, substring of the message)`.
type Expected = (&'static str, usize, usize, &'static str);

/// One fixture run: the file, an optional `max_file_size`, and every diagnostic it must give,
/// in report order.
struct Case {
    file: &'static str,
    max_file_size: Option<u64>,
    expected: &'static [Expected],
}

const fn case(file: &'static str, expected: &'static [Expected]) -> Case {
    Case {
        file,
        max_file_size: None,
        expected,
    }
}

const fn clean(file: &'static str) -> Case {
    case(file, &[])
}

static FIXTURES: &[Case] = &[
    // --- SC001 yaml-syntax ------------------------------------------------------------------
    case(
        "SC001_colon_space_in_plain_value.yml",
        &[("SC001", 12, 35, "mapping values are not allowed")],
    ),
    // The scanner notices the unclosed quote where the next line breaks the indentation; the
    // primary span is the opening quote.
    case(
        "SC001_unclosed_quote.yml",
        &[("SC001", 4, 14, "quoted scalar")],
    ),
    // The scanner only notices the unclosed `[` (7:7) at the next `key:`; see the report.
    case(
        "SC001_unclosed_flow_list.yml",
        &[("SC001", 8, 10, "':' indicator")],
    ),
    case(
        "SC001_tab_indentation.yml",
        &[("SC001", 12, 1, "tab character in indentation")],
    ),
    case(
        "SC001_unquoted_leading_star.yml",
        &[(
            "SC001",
            12,
            16,
            "a value starting with `*` is read as a YAML alias",
        )],
    ),
    // Quoted right; SC431 suggests `endswith` for the leading `*`.
    case(
        "SC001_ok_stars_and_colons_quoted.yml",
        &[("SC431", 12, 9, "instead of `endswith`")],
    ),
    // --- SC002 duplicate-key ----------------------------------------------------------------
    // The rest of the rule is still checked, with the first definition of the key: the typo
    // in `level` is found, and so is a tactic left without its technique by the repeated
    // `tags` that is not read.
    case(
        "SC002_duplicate_field_in_selection.yml",
        &[
            ("SC002", 16, 9, "duplicate key `Image|endswith`"),
            ("SC103", 18, 8, "unknown level `meduim`"),
        ],
    ),
    case(
        "SC002_duplicate_top_level_key.yml",
        &[
            (
                "SC506",
                8,
                7,
                "tactic `attack.persistence` is tagged without any technique",
            ),
            ("SC002", 21, 1, "duplicate key `tags`"),
        ],
    ),
    clean("SC002_ok_same_field_in_two_selections.yml"),
    // --- SC003 unsupported-yaml -------------------------------------------------------------
    // Reported at the anchor; the alias after it is not reported again.
    case(
        "SC003_anchor_and_alias.yml",
        &[("SC003", 11, 18, "YAML anchors are not supported")],
    ),
    case(
        "SC003_billion_laughs.yml",
        &[("SC003", 11, 8, "YAML anchors are not supported")],
    ),
    case(
        "SC003_tag.yml",
        &[("SC003", 13, 31, "YAML tags are not supported")],
    ),
    clean("SC003_ok_ampersand_and_bang_in_values.yml"),
    // --- SC004 nesting-too-deep -------------------------------------------------------------
    // Root mapping + 64 flow lists = 65 levels; the 64th `[` opens the 65th.
    case(
        "SC004_deep_flow_list.yml",
        &[("SC004", 15, 85, "nested deeper than 64 levels")],
    ),
    // Root mapping + 63 flow lists = exactly 64 levels.
    clean("SC004_ok_exactly_64_levels.yml"),
    // --- SC005 file-too-large ---------------------------------------------------------------
    Case {
        file: "SC005_ioc_hash_list.yml",
        max_file_size: Some(100),
        expected: &[("SC005", 1, 1, "over the limit of 100 bytes")],
    },
    // The same file is a clean rule under the default limit.
    clean("SC005_ioc_hash_list.yml"),
    // --- SC006 invalid-utf8: generated, see `invalid_utf8_is_reported_at_the_first_bad_byte`.
    // --- SC007 empty-file -------------------------------------------------------------------
    case(
        "SC007_empty.yml",
        &[("SC007", 1, 1, "file contains no Sigma rule")],
    ),
    case(
        "SC007_comments_only.yml",
        &[("SC007", 1, 1, "file contains no Sigma rule")],
    ),
    case(
        "SC007_only_document_markers.yml",
        &[("SC007", 1, 1, "file contains no Sigma rule")],
    ),
    clean("SC007_ok_empty_document_before_rule.yml"),
    // --- SC008 not-a-mapping ----------------------------------------------------------------
    case(
        "SC008_top_level_list.yml",
        &[("SC008", 1, 1, "must be a mapping of keys, found a list")],
    ),
    case(
        "SC008_plain_scalar.yml",
        &[("SC008", 2, 1, "must be a mapping of keys, found a string")],
    ),
    // Four documents: a clean rule, a list, a clean rule, a string.
    case(
        "SC008_second_document_is_a_list.yml",
        &[
            ("SC008", 16, 1, "found a list"),
            ("SC008", 32, 1, "found a string"),
        ],
    ),
    clean("SC008_ok_rule_written_as_json.yml"),
    // --- SC009 unreadable-file: generated, see `unreadable_paths_are_reported`.
    // --- SC013 not-a-rule: other YAML is named once and not linted ---------------------------
    case(
        "SC013_pysigma_pipeline.yml",
        &[(
            "SC013",
            2,
            1,
            "not a Sigma rule: this looks like a pySigma processing pipeline; not linted",
        )],
    ),
    // Its repeated key and its non-UUID id are not reported: it is no rule.
    case(
        "SC013_ir_playbook.yml",
        &[(
            "SC013",
            1,
            1,
            "not a Sigma rule: this looks like an incident-response playbook; not linted",
        )],
    ),
    // Anchors and aliases are fine outside Sigma.
    case(
        "SC013_gitlab_ci_anchors.yml",
        &[(
            "SC013",
            1,
            1,
            "not a Sigma rule: this looks like a GitLab CI configuration; not linted",
        )],
    ),
    // A clean rule, then a converter's settings: the rule is linted, the settings are not.
    case(
        "SC013_rule_and_converter_settings.yml",
        &[(
            "SC013",
            25,
            1,
            "not a Sigma rule: no `logsource`, `detection`, `correlation` or `filter`; not linted",
        )],
    ),
    // A title and rule-only metadata: a rule that lost its sections, with an error.
    case(
        "SC013_ok_rule_that_lost_its_sections.yml",
        &[(
            "SC101",
            1,
            1,
            "missing required keys `logsource` and `detection`",
        )],
    ),
    // A Hayabusa rule: `details`, `ruletype`, samples, bare tags and empty optional keys are
    // its dialect; an empty `description` reads as none.
    case(
        "SC013_ok_hayabusa_rule.yml",
        &[
            ("SC208", 5, 1, "rule has no `description`"),
            ("SC610", 19, 18, "the generic category `process_creation`"),
        ],
    ),
    // --- SC014 unknown-collection-action ----------------------------------------------------
    // A document with an unknown action stays on its own, so what it lacks is reported too.
    case(
        "SC014_misspelled_global.yml",
        &[
            ("SC101", 1, 1, "missing required key `detection`"),
            (
                "SC014",
                1,
                9,
                "unknown collection action `globl`, did you mean `global`?",
            ),
            (
                "SC101",
                17,
                1,
                "missing required keys `title` and `logsource`",
            ),
            ("SC208", 17, 1, "rule has no `description`"),
            ("SC210", 17, 1, "rule has no `author`"),
            (
                "SC101",
                24,
                1,
                "missing required keys `title` and `logsource`",
            ),
            ("SC208", 24, 1, "rule has no `description`"),
            ("SC210", 24, 1, "rule has no `author`"),
            (
                "SC014",
                24,
                9,
                "unknown collection action `Repeat`, did you mean `repeat`?",
            ),
            (
                "SC101",
                32,
                1,
                "missing required keys `title`, `logsource` and `detection`",
            ),
            ("SC208", 32, 1, "rule has no `description`"),
            ("SC210", 32, 1, "rule has no `author`"),
            ("SC014", 32, 9, "unknown collection action `include`"),
        ],
    ),
    clean("SC014_ok_known_actions.yml"),
    // --- SC100 schema-violation -------------------------------------------------------------
    case(
        "SC100_duplicate_references.yml",
        &[
            ("SC100", 8, 7, "`references` lists"),
            (
                "SC100",
                24,
                7,
                "`falsepositives` lists `Software installers` twice",
            ),
        ],
    ),
    clean("SC100_ok_distinct_references.yml"),
    // --- SC101 missing-required-key ---------------------------------------------------------
    // A missing top-level key is reported at the first key.
    case(
        "SC101_missing_logsource.yml",
        &[
            ("SC101", 1, 1, "missing required key `logsource`"),
            (
                "SC101",
                7,
                1,
                "missing required key `condition` in `detection`",
            ),
        ],
    ),
    // Only the required keys: nothing for SC101; the missing optional metadata is another matter.
    case(
        "SC101_ok_minimal_rule.yml",
        &[("SC208", 1, 1, "description"), ("SC210", 1, 1, "author")],
    ),
    // `SC101_related_without_type.yml`: see `src_bug_missing_key_in_list_item_points_at_the_item`.
    // --- SC102 wrong-type -------------------------------------------------------------------
    case(
        "SC102_references_string.yml",
        &[
            (
                "SC102",
                5,
                13,
                "`references` must be a list, found a string",
            ),
            ("SC102", 7, 5, "`author` must be a string, found a list"),
            ("SC102", 10, 7, "`tags` must be a list, found a string"),
            ("SC102", 21, 13, "`detection.selection.ParentImage`"),
        ],
    ),
    clean("SC102_ok_scalar_types.yml"),
    // `- Tuning: text` is a mapping by accident; the help quotes the whole item (an apostrophe
    // doubled, an empty value kept). A flow mapping is meant as one: the plain message.
    case(
        "SC102_unquoted_colon_in_falsepositive.yml",
        &[
            (
                "SC102",
                18,
                7,
                "`falsepositives[0]` is a mapping, not a string, because of the `: ` after `Tuning`",
            ),
            ("SC102", 19, 7, "because of the `: ` after `Admin's tools`"),
            ("SC102", 20, 7, "because of the `:` after `Note`"),
            (
                "SC102",
                21,
                7,
                "`falsepositives[3]` must be a string, found a mapping",
            ),
        ],
    ),
    clean("SC102_ok_quoted_colon_in_falsepositive.yml"),
    // --- SC103 invalid-enum-value -----------------------------------------------------------
    case(
        "SC103_level_typo.yml",
        &[
            ("SC103", 5, 13, "did you mean `derived`?"),
            ("SC103", 6, 9, "did you mean `experimental`?"),
            ("SC103", 18, 8, "did you mean `medium`?"),
        ],
    ),
    // Two documents (a correlation and its base rule): both are checked, each with its schema.
    case(
        "SC103_multi_document_correlation.yml",
        &[
            ("SC103", 8, 11, "did you mean `event_count`?"),
            ("SC103", 16, 8, "did you mean `high`?"),
            ("SC103", 32, 8, "did you mean `low`?"),
        ],
    ),
    clean("SC103_ok_every_level_and_status.yml"),
    // --- SC105 invalid-length ---------------------------------------------------------------
    case(
        "SC105_title_too_long.yml",
        &[
            ("SC105", 1, 8, "`title` is 266 characters long; at most 256"),
            (
                "SC105",
                16,
                7,
                "`falsepositives[0]` must be at least 2 characters",
            ),
            (
                "SC105",
                17,
                7,
                "`falsepositives[1]` must be at least 2 characters",
            ),
        ],
    ),
    case(
        "SC105_correlation_empty_rules.yml",
        &[(
            "SC105",
            9,
            12,
            "`correlation.rules` must have at least 1 item",
        )],
    ),
    clean("SC105_ok_title_of_256_characters.yml"),
    // The official schemas set no minimum length for `title`, and the peers load it.
    clean("SC105_ok_empty_title.yml"),
    // --- SC106 unknown-key ------------------------------------------------------------------
    case(
        "SC106_correlation_condition_typo.yml",
        &[(
            "SC106",
            16,
            9,
            "unknown key `lower_than` in `correlation.condition`",
        )],
    ),
    // Custom top-level keys and custom `logsource` keys are allowed by the specification;
    // converters ignore the latter.
    case(
        "SC106_ok_custom_fields.yml",
        &[(
            "SC611",
            11,
            5,
            "log source key `custom_source_hint` is not one of Sigma's",
        )],
    ),
    // --- SC107 invalid-id-format ------------------------------------------------------------
    case(
        "SC107_not_a_uuid.yml",
        &[
            ("SC107", 2, 5, "`id` is not a UUID: `rclone-config-dump-2`"),
            (
                "SC107",
                6,
                11,
                "`related[1].id` is not a UUID: `6a85bee0082446244b88c176c5ec8c58a`",
            ),
        ],
    ),
    // What SC104 reported under one code: each kind of value now has its own.
    case(
        "SC107_each_kind_its_own_code.yml",
        &[
            ("SC107", 2, 5, "`id` is not a UUID"),
            ("SC108", 6, 7, "`date` must be a date written YYYY-MM-DD"),
            ("SC108", 7, 11, "`modified` is not a real calendar date"),
            ("SC109", 10, 7, "tag `attack.T1567.002`"),
            ("SC109", 11, 7, "tag `attack exfiltration`"),
        ],
    ),
    // Upper-case hex digits are a UUID too.
    clean("SC107_ok_uuids.yml"),
    // --- SC108 invalid-date-format ----------------------------------------------------------
    case(
        "SC108_invalid_dates.yml",
        &[
            (
                "SC108",
                6,
                7,
                "`date` must be a date written YYYY-MM-DD, found `02.01.2025`",
            ),
            (
                "SC108",
                7,
                11,
                "`modified` is not a real calendar date: `2025-02-30`",
            ),
        ],
    ),
    // A leap day, a quoted date.
    clean("SC108_ok_dates.yml"),
    // --- SC109 invalid-tag-format -----------------------------------------------------------
    case(
        "SC109_invalid_tags.yml",
        &[
            ("SC109", 9, 7, "tag `Attack.T1685` is not of the form"),
            ("SC109", 10, 7, "tag `sysmon` is not of the form"),
            ("SC610", 16, 18, "the generic category `sysmon_status`"),
        ],
    ),
    // Columns count characters: `é`, `í` and `’` before the diagnostics are one column each.
    case(
        "SC109_multibyte_text_before_tag.yml",
        &[
            ("SC109", 7, 8, "tag `attaque.exécution`"),
            ("SC109", 7, 29, "tag `attack.T1059.001`"),
            (
                "SC105",
                8,
                88,
                "`logsource.category` must be at least 1 character",
            ),
        ],
    ),
    // Every namespace of the specification; D3FEND artifacts keep their case.
    clean("SC109_ok_valid_formats.yml"),
    // --- SC110 invalid-timespan-format ------------------------------------------------------
    case(
        "SC110_invalid_timespans.yml",
        &[(
            "SC110",
            16,
            15,
            "`correlation.timespan` must be a number followed by s, m, h or d, found `10 min`",
        )],
    ),
    clean("SC110_ok_timespans.yml"),
    // --- SC301 placeholder-logic ------------------------------------------------------------
    // The seed rule from `rules/seed/`, verbatim.
    case(
        "SC301_seed_eventid_star.yml",
        &[
            ("SC107", 2, 5, "`id` is not a UUID: `df00tech-t1204-001`"),
            ("SC108", 9, 7, "found `2026/04/19`"),
            ("SC505", 11, 5, "tagged without its tactic"),
            ("SC301", 19, 14, "`selection` matches anything"),
        ],
    ),
    // Hayabusa's dialect is read as Sigma, and its detection logic linted.
    case(
        "SC301_hayabusa_any_event_id.yml",
        &[("SC301", 14, 18, "`selection` matches anything")],
    ),
    case(
        "SC301_keyword_star.yml",
        &[("SC301", 12, 11, "`keywords` matches anything")],
    ),
    case(
        "SC301_regex_dot_star.yml",
        &[("SC301", 12, 25, "`selection` matches anything")],
    ),
    case(
        "SC301_cidr_all_addresses.yml",
        &[("SC301", 14, 15, "`selection` matches anything")],
    ),
    case(
        "SC301_tautology_condition.yml",
        &[(
            "SC301",
            14,
            16,
            "condition `selection or not selection` is true for every event",
        )],
    ),
    // `1 of` is an OR: one match-all selection makes it match everything.
    case(
        "SC301_one_of_with_match_all_selection.yml",
        &[("SC301", 14, 25, "`selection_img` matches anything")],
    ),
    case(
        "SC301_match_all_or_filter.yml",
        &[(
            "SC301",
            12,
            31,
            "the condition `selection or filter_main_system` does not narrow it",
        )],
    ),
    // A list of maps is an OR; `|contains|all` of only wildcards matches anything.
    case(
        "SC301_map_list_with_match_all_map.yml",
        &[("SC301", 15, 17, "`selection` matches anything")],
    ),
    // Each condition of the deprecated list form is checked on its own.
    case(
        "SC301_condition_list.yml",
        &[
            ("SC301", 14, 22, "`placeholder` matches anything"),
            ("SC310", 15, 5, "condition"),
        ],
    ),
    // Silent for SC301 on SigmaHQ's exclusion idiom; SC416 suggests `|exists: true`.
    case(
        "SC301_ok_exclusion_with_filter.yml",
        &[("SC416", 17, 31, "tests that `ContextInfo` exists")],
    ),
    case(
        "SC301_ok_star_field_anded_with_real_fields.yml",
        &[("SC416", 14, 34, "tests that `CertThumbprint` exists")],
    ),
    clean("SC301_ok_exists_true.yml"),
    // Under these modifiers `*` is no wildcard (nor valid, says SC409; `\*` is literal, SC418).
    case(
        "SC301_ok_star_under_base64_and_escaped.yml",
        &[
            ("SC409", 12, 45, "`base64offset`"),
            ("SC409", 14, 30, "`base64`"),
            ("SC409", 16, 32, "`fieldref`"),
            ("SC418", 20, 23, "literal `*`"),
        ],
    ),
    case(
        "SC301_ok_all_of_with_one_match_all.yml",
        &[("SC416", 12, 22, "tests that `ParentImage` exists")],
    ),
    case(
        "SC301_ok_aggregation_counts_every_event.yml",
        &[
            ("SC416", 12, 22, "tests that `ParentImage` exists"),
            ("SC309", 13, 26, "aggregation"),
        ],
    ),
    case(
        "SC301_ok_stars_inside_values.yml",
        &[("SC431", 12, 9, "instead of `endswith`")],
    ),
    // --- SC302 condition-syntax -------------------------------------------------------------
    // At the `(` that is never closed.
    case(
        "SC302_unclosed_parenthesis.yml",
        &[("SC302", 16, 30, "unclosed parenthesis")],
    ),
    // Inside a double-quoted condition: the column skips the quote.
    case(
        "SC302_uppercase_keyword_in_quotes.yml",
        &[("SC302", 15, 27, "keyword `AND` must be lowercase")],
    ),
    case(
        "SC302_condition_list_errors.yml",
        &[
            ("SC310", 19, 5, "condition"),
            ("SC302", 20, 25, "expected an identifier after `and`"),
            ("SC302", 21, 11, "only `1 of` and `all of` are supported"),
        ],
    ),
    // A folded condition is not verbatim in the file: the whole value is reported.
    case(
        "SC302_folded_condition.yml",
        &[("SC302", 16, 9, "expected an identifier after `or`")],
    ),
    case(
        "SC302_wildcard_outside_quantifier.yml",
        &[(
            "SC302",
            15,
            16,
            "wildcard in `selection_*` outside a quantifier",
        )],
    ),
    // `null`, nothing, `~` and `''`: one finding each, not also a wrong type or length.
    case(
        "SC302_empty_condition.yml",
        &[
            ("SC302", 14, 16, "`condition` is empty"),
            ("SC302", 30, 14, "`condition` is empty"),
            ("SC302", 46, 16, "`condition` is empty"),
            ("SC302", 62, 16, "`condition` is empty"),
        ],
    ),
    // A quoted `'null'` is a string: the name of a search identifier.
    clean("SC302_ok_quoted_null_is_an_identifier.yml"),
    // Four documents: quantifiers, `.` and `-` in identifiers, `_` names, parentheses, `any of`,
    // an escaped tab inside a double-quoted condition.
    clean("SC302_ok_valid_conditions.yml"),
];

/// Fixtures asserted by the regression tests at the end rather than by the table.
static KNOWN_BUG_FIXTURES: &[&str] = &["SC101_related_without_type.yml"];

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lints")
}

fn fixture(name: &str) -> PathBuf {
    fixtures_dir().join(name)
}

fn run_with(path: &Path, settings: &Settings) -> FileReport {
    check_input(&Input::File(path.to_path_buf()), settings)
}

fn run(path: &Path) -> FileReport {
    run_with(path, &Settings::default())
}

// Assigned after `default()` so that new `Settings` fields need no change here.
#[allow(clippy::field_reassign_with_default)]
fn settings_with_limit(max_file_size: u64) -> Settings {
    let mut settings = Settings::default();
    settings.max_file_size = max_file_size;
    settings
}

/// `(line, column)` of a byte offset in the report's file.
fn at(report: &FileReport, offset: usize) -> (usize, usize) {
    let lc = report.source.line_col(offset);
    (lc.line, lc.column)
}

fn positions(report: &FileReport) -> Vec<(&'static str, usize, usize)> {
    report
        .diagnostics
        .iter()
        .map(|d| {
            let (line, col) = at(report, d.span.start);
            (d.code(), line, col)
        })
        .collect()
}

/// Human-readable dump for assertion messages.
fn dump(report: &FileReport) -> String {
    report
        .diagnostics
        .iter()
        .map(|d| {
            let (line, col) = at(report, d.span.start);
            format!("  {} {line}:{col} {}\n", d.code(), d.message)
        })
        .collect()
}

fn only<'r>(report: &'r FileReport, code: &str) -> &'r Diagnostic {
    let found: Vec<&Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.code() == code)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected exactly one {code} in {}:\n{}",
        report.source.display_path(),
        dump(report)
    );
    found[0]
}

/// Every diagnostic of `report` must be expected, in order. Expectations for a code that is not
/// (yet) in the registry are skipped, so that a fixture's table entry can describe its full
/// output while lints land one by one.
fn assert_expected(report: &FileReport, expected: &[Expected], what: &str) {
    let expected: Vec<&Expected> = expected.iter().filter(|e| by_code(e.0).is_some()).collect();
    let got = positions(report);
    let want: Vec<(&str, usize, usize)> = expected.iter().map(|e| (e.0, e.1, e.2)).collect();
    assert_eq!(
        got,
        want,
        "{what}: diagnostics differ; got:\n{}",
        dump(report)
    );
    for (d, e) in report.diagnostics.iter().zip(expected) {
        assert!(
            d.message.contains(e.3),
            "{what}: {} message {:?} does not contain {:?}",
            e.0,
            d.message,
            e.3
        );
    }
    check_invariants(report, what);
}

/// What holds for every diagnostic: registered lint, spans inside the text on character
/// boundaries, messages in the house style.
fn check_invariants(report: &FileReport, what: &str) {
    let text: &str = &report.source.text;
    for d in &report.diagnostics {
        assert!(
            ALL.iter().any(|l| std::ptr::eq(*l, d.lint)),
            "{what}: {} is not in `lints::ALL`",
            d.code()
        );
        assert_eq!(d.severity, d.lint.default_severity, "{what}: {}", d.code());
        let spans = std::iter::once(&d.span).chain(d.secondary.iter().map(|l| &l.span));
        for span in spans {
            assert!(
                span.start <= span.end && text.get(span.clone()).is_some(),
                "{what}: {} span {span:?} is not a character range of the text",
                d.code()
            );
        }
        assert!(!d.message.is_empty(), "{what}: {} has no message", d.code());
        assert!(
            !d.message.ends_with('.'),
            "{what}: {} message ends with a period: {:?}",
            d.code(),
            d.message
        );
        let first_word = d.message.split_whitespace().next().unwrap_or_default();
        let starts_upper = first_word.chars().next().is_some_and(char::is_uppercase);
        let acronym = first_word.chars().all(|c| !c.is_lowercase());
        assert!(
            !starts_upper || acronym,
            "{what}: {} message should start lowercase: {:?}",
            d.code(),
            d.message
        );
    }
}

fn code_of(file_name: &str) -> &str {
    file_name.split('_').next().unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// The fixture table
// ---------------------------------------------------------------------------------------------

#[test]
fn fixtures_give_exactly_the_expected_diagnostics() {
    let mut failures = Vec::new();
    for c in FIXTURES {
        let settings = c
            .max_file_size
            .map_or_else(Settings::default, settings_with_limit);
        let report = run_with(&fixture(c.file), &settings);
        let what = match c.max_file_size {
            Some(n) => format!("{} (max_file_size {n})", c.file),
            None => c.file.to_owned(),
        };
        // Collect every failing fixture, not only the first.
        if let Err(e) = std::panic::catch_unwind(|| assert_expected(&report, c.expected, &what)) {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            failures.push(msg);
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture(s) failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_fixture_file_is_asserted() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures dir")
        .map(|e| {
            e.expect("dir entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let listed: BTreeSet<String> = FIXTURES
        .iter()
        .map(|c| c.file)
        .chain(KNOWN_BUG_FIXTURES.iter().copied())
        .map(str::to_owned)
        .collect();
    // Each lint group's own test file (`tests/lints_<group>.rs`) asserts its fixtures.
    let group_tests: String =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests"))
            .expect("tests dir")
            .filter_map(|e| {
                let p = e.ok()?.path();
                let name = p.file_name()?.to_str()?.to_owned();
                (name.starts_with("lints_") && name.ends_with(".rs"))
                    .then(|| std::fs::read_to_string(&p).ok())
                    .flatten()
            })
            .collect();
    let unlisted: Vec<_> = on_disk
        .difference(&listed)
        .filter(|f| !group_tests.contains(f.as_str()))
        .collect();
    let missing: Vec<_> = listed.difference(&on_disk).collect();
    assert!(
        unlisted.is_empty(),
        "fixtures without expectations: {unlisted:?}"
    );
    assert!(
        missing.is_empty(),
        "listed fixtures not on disk: {missing:?}"
    );
}

#[test]
fn fixture_names_match_what_they_assert() {
    let name_re = regex::Regex::new(r"^SC[0-9]{3}_[a-z0-9_]+\.yml$").expect("regex");
    for c in FIXTURES {
        assert!(name_re.is_match(c.file), "bad fixture name {}", c.file);
        let code = code_of(c.file);
        assert!(
            ALL.iter().any(|l| l.code == code),
            "{}: no lint {code}",
            c.file
        );
        // A near miss must not trigger its own lint; other lints may have something to say.
        if c.file.contains("_ok_") {
            assert!(
                c.expected.iter().all(|e| e.0 != code),
                "{}: an `_ok_` fixture must not expect {code}",
                c.file
            );
        }
    }
    // Each non-`_ok_` fixture triggers its own lint in at least one of its runs.
    for file in FIXTURES.iter().map(|c| c.file) {
        if file.contains("_ok_") {
            continue;
        }
        let code = code_of(file);
        let triggers = FIXTURES
            .iter()
            .filter(|c| c.file == file)
            .any(|c| c.expected.iter().any(|e| e.0 == code));
        assert!(triggers, "{file} never expects {code}");
    }
}

// ---------------------------------------------------------------------------------------------
// Details of the important diagnostics: labels, secondary labels, help
// ---------------------------------------------------------------------------------------------

#[test]
fn seed_rule_fixture_is_the_example_pack_seed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seed = std::fs::read(root.join("rules/seed/malicious_link_t1204_001.yml")).expect("seed");
    let copy = std::fs::read(fixture("SC301_seed_eventid_star.yml")).expect("fixture");
    assert_eq!(
        seed, copy,
        "the SC301 seed fixture drifted from rules/seed/"
    );
}

#[test]
fn placeholder_logic_labels_the_value_and_the_condition() {
    let report = run(&fixture("SC301_seed_eventid_star.yml"));
    let d = only(&report, "SC301");
    assert_eq!(&report.source.text[d.span.clone()], "'*'");
    assert_eq!(d.label.as_deref(), Some("`'*'` matches any value"));
    assert_eq!(d.secondary.len(), 1);
    let cond = &d.secondary[0];
    assert_eq!(at(&report, cond.span.start), (20, 14));
    assert_eq!(&report.source.text[cond.span.clone()], "selection");
    assert!(cond.message.contains("true for every event"));
    let help = d.help.as_deref().expect("help");
    assert!(help.contains("`EventID|exists: true`"), "{help}");
}

#[test]
fn placeholder_logic_tautology_points_at_the_condition() {
    let report = run(&fixture("SC301_tautology_condition.yml"));
    let d = only(&report, "SC301");
    assert_eq!(
        &report.source.text[d.span.clone()],
        "selection or not selection"
    );
    assert!(d.label.as_deref().unwrap_or_default().contains("tautology"));
    assert!(d.secondary.is_empty());
    assert!(
        d.help
            .as_deref()
            .unwrap_or_default()
            .contains("can be false")
    );
}

#[test]
fn placeholder_logic_keyword_help_names_no_field() {
    let report = run(&fixture("SC301_keyword_star.yml"));
    let d = only(&report, "SC301");
    let help = d.help.as_deref().expect("help");
    assert!(!help.contains("|exists"), "{help}");
}

#[test]
fn duplicate_key_points_at_both_keys() {
    for (file, key, first) in [
        (
            "SC002_duplicate_field_in_selection.yml",
            "Image|endswith",
            (15, 9),
        ),
        ("SC002_duplicate_top_level_key.yml", "tags", (7, 1)),
    ] {
        let report = run(&fixture(file));
        let d = only(&report, "SC002");
        assert_eq!(&report.source.text[d.span.clone()], key, "{file}");
        assert_eq!(d.label.as_deref(), Some("defined again here"), "{file}");
        assert_eq!(d.secondary.len(), 1, "{file}");
        let label = &d.secondary[0];
        assert_eq!(label.message, "first defined here", "{file}");
        assert_eq!(at(&report, label.span.start), first, "{file}");
        assert_eq!(&report.source.text[label.span.clone()], key, "{file}");
        assert!(d.help.is_some(), "{file}");
    }
}

#[test]
fn invalid_enum_value_suggests_the_closest_value() {
    let report = run(&fixture("SC103_level_typo.yml"));
    let level = report
        .diagnostics
        .iter()
        .find(|d| d.message.contains("`meduim`"))
        .expect("level diagnostic");
    assert!(level.message.contains("did you mean `medium`?"));
    assert_eq!(level.help.as_deref(), Some("write `level: medium`"));
    assert_eq!(&report.source.text[level.span.clone()], "meduim");
}

#[test]
fn wrong_type_quotes_an_item_that_is_a_mapping_by_accident() {
    let report = run(&fixture("SC102_unquoted_colon_in_falsepositive.yml"));
    let got: Vec<(&str, Option<&str>)> = report.diagnostics[..3]
        .iter()
        .map(|d| (&report.source.text[d.span.clone()], d.help.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "Tuning: exclude the installers of your software distribution",
                Some(
                    "quote the whole item: `- 'Tuning: exclude the installers of your software distribution'`"
                )
            ),
            (
                "Admin's tools: rarely",
                Some("quote the whole item: `- 'Admin''s tools: rarely'`")
            ),
            ("Note:", Some("quote the whole item: `- 'Note:'`")),
        ]
    );
    // A flow mapping is written as one on purpose.
    assert_eq!(report.diagnostics[3].help, None);
}

#[test]
fn condition_syntax_points_at_the_unclosed_parenthesis() {
    let report = run(&fixture("SC302_unclosed_parenthesis.yml"));
    let d = only(&report, "SC302");
    assert_eq!(&report.source.text[d.span.clone()], "(");
    let (line, col) = at(&report, d.span.start);
    let line_text = report.source.text.lines().nth(line - 1).expect("line");
    assert_eq!(line_text, "    condition: selection and (not filter");
    assert_eq!(line_text.find('(').map(|i| i + 1), Some(col));
    assert!(d.help.as_deref().unwrap_or_default().contains("`)`"));
}

#[test]
fn an_empty_condition_points_at_its_value() {
    let report = run(&fixture("SC302_empty_condition.yml"));
    let shown: Vec<(&str, Option<&str>)> = report
        .diagnostics
        .iter()
        .map(|d| (&report.source.text[d.span.clone()], d.help.as_deref()))
        .collect();
    let help = Some("write which search identifiers must match, e.g. `condition: selection`");
    assert_eq!(
        shown,
        [("null", help), ("", help), ("~", help), ("''", help)]
    );
}

#[test]
fn condition_syntax_and_placeholder_logic_do_not_overlap() {
    // A condition that does not parse is never also judged for placeholder logic.
    for c in FIXTURES.iter().filter(|c| c.file.starts_with("SC302_")) {
        assert!(c.expected.iter().all(|e| e.0 != "SC301"), "{}", c.file);
    }
}

#[test]
fn yaml_syntax_unquoted_star_gets_the_quoting_help() {
    let report = run(&fixture("SC001_unquoted_leading_star.yml"));
    let d = only(&report, "SC001");
    assert_eq!(&report.source.text[d.span.clone()], "*\\mimikatz.exe");
    let help = d.help.as_deref().expect("help");
    assert!(help.contains("quote values that start with `*`"), "{help}");
}

#[test]
fn yaml_syntax_tab_points_at_the_tab() {
    let report = run(&fixture("SC001_tab_indentation.yml"));
    let d = only(&report, "SC001");
    assert_eq!(&report.source.text[d.span.clone()], "\t");
    assert!(d.help.as_deref().unwrap_or_default().contains("spaces"));
}

#[test]
fn yaml_syntax_colon_in_value_gets_the_quoting_help() {
    let report = run(&fixture("SC001_colon_space_in_plain_value.yml"));
    let d = only(&report, "SC001");
    assert!(
        d.help
            .as_deref()
            .unwrap_or_default()
            .contains("quote values")
    );
}

#[test]
fn unknown_key_suggests_or_lists_the_allowed_keys() {
    let report = run(&fixture("SC106_correlation_condition_typo.yml"));
    let d = only(&report, "SC106");
    assert_eq!(&report.source.text[d.span.clone()], "lower_than");
    let help = d.help.as_deref().expect("help");
    assert!(help.contains("gte") && help.contains("lte"), "{help}");
}

// ---------------------------------------------------------------------------------------------
// Generated inputs
// ---------------------------------------------------------------------------------------------

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write temp file");
    path
}

/// Stands in for an SC006 fixture file (`GENERATED_FIXTURES` in `tests/registry.rs`).
#[test]
fn invalid_utf8_is_reported_at_the_first_bad_byte() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A Windows-1252 `é` (0xE9) in the description.
    let mut bytes =
        b"title: Whoami Execution\nlogsource:\n    product: windows\ndescription: D".to_vec();
    bytes.push(0xE9);
    bytes.extend_from_slice(b"tection de whoami\ndetection:\n    selection:\n        Image|endswith: '\\whoami.exe'\n    condition: selection\n");
    let offset = bytes.iter().position(|&b| b == 0xE9).expect("0xE9");
    let report = run(&write(dir.path(), "cp1252.yml", &bytes));
    assert_eq!(positions(&report), [("SC006", 4, 15)], "{}", dump(&report));
    let d = &report.diagnostics[0];
    assert!(
        d.message.contains(&format!("byte 0xE9 at offset {offset}")),
        "{}",
        d.message
    );
    assert!(d.help.as_deref().unwrap_or_default().contains("UTF-8"));
    check_invariants(&report, "cp1252.yml");

    // Valid multi-byte characters before the bad byte on the same line: the column counts
    // characters, not bytes.
    let mut bytes = "title: Règle — détection \u{2713} ".as_bytes().to_vec();
    bytes.push(0xE9);
    bytes.extend_from_slice(b"\n");
    let report = run(&write(dir.path(), "mixed.yml", &bytes));
    assert_eq!(positions(&report), [("SC006", 1, 28)], "{}", dump(&report));
    check_invariants(&report, "mixed.yml");

    // A binary file named like a rule.
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01";
    let report = run(&write(dir.path(), "logo.yml", png));
    assert_eq!(positions(&report), [("SC006", 1, 1)], "{}", dump(&report));
    assert!(report.diagnostics[0].message.contains("binary file"));
    check_invariants(&report, "logo.yml");
}

/// SC004 beyond the committed fixture: block nesting, and inputs too deep to commit.
#[test]
fn nesting_too_deep_is_reported_for_generated_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 65 nested block mappings: the 65th key sits at line 65, indented 2 * 64 spaces.
    let block: String = (0..70)
        .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
        .collect();
    let report = run(&write(dir.path(), "block.yml", block.as_bytes()));
    assert_eq!(
        positions(&report),
        [("SC004", 65, 129)],
        "{}",
        dump(&report)
    );
    check_invariants(&report, "block.yml");

    // 200 flow lists: the 65th `[` is the first too deep.
    let flow = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let report = run(&write(dir.path(), "flow.yml", flow.as_bytes()));
    assert_eq!(positions(&report), [("SC004", 1, 65)], "{}", dump(&report));

    // A hostile file: one diagnostic, no stack overflow, no hang.
    let hostile = "[{a: ".repeat(50_000);
    let report = run(&write(dir.path(), "hostile.yml", hostile.as_bytes()));
    let codes: Vec<_> = report.diagnostics.iter().map(Diagnostic::code).collect();
    assert_eq!(codes, ["SC004"], "{}", dump(&report));
    check_invariants(&report, "hostile.yml");
}

#[test]
fn file_size_limit_is_exact() {
    let path = fixture("SC005_ioc_hash_list.yml");
    let len = std::fs::metadata(&path).expect("metadata").len();
    let report = run_with(&path, &settings_with_limit(len));
    assert!(report.diagnostics.is_empty(), "{}", dump(&report));
    let report = run_with(&path, &settings_with_limit(len - 1));
    assert_eq!(positions(&report), [("SC005", 1, 1)], "{}", dump(&report));
    let d = &report.diagnostics[0];
    assert!(
        d.message.contains(&format!("file is {len} bytes")),
        "{}",
        d.message
    );
    assert!(
        d.help
            .as_deref()
            .unwrap_or_default()
            .contains("--max-file-size")
    );
    // The file is not read: no text is kept.
    assert!(report.source.text.is_empty());
}

/// Stands in for an SC009 fixture file (`GENERATED_FIXTURES` in `tests/registry.rs`).
#[test]
fn unreadable_paths_are_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pack = dir.path().join("pack");
    std::fs::create_dir(&pack).expect("mkdir");
    write(
        &pack,
        "a_good.yml",
        b"title: t\nlogsource:\n    product: windows\ndetection:\n    selection:\n        EventID: 1\n    condition: selection\n",
    );
    let broken = pack.join("b_broken.yml");
    #[cfg(unix)]
    std::os::unix::fs::symlink(pack.join("does_not_exist.yml"), &broken).expect("symlink");
    #[cfg(windows)]
    std::os::windows::fs::symlink_file(pack.join("does_not_exist.yml"), &broken).expect("symlink");

    // Walking the directory: the good file and the broken link, in order.
    let inputs = walk::collect(std::slice::from_ref(&pack));
    assert_eq!(inputs.len(), 2, "{inputs:?}");
    assert_eq!(inputs[0], Input::File(pack.join("a_good.yml")));
    assert!(
        matches!(&inputs[1], Input::Unreadable { path, .. } if *path == broken),
        "{inputs:?}"
    );
    let good = run(inputs[0].path());
    assert!(good.diagnostics.iter().all(|d| d.code() != "SC009"));
    let report = check_input(&inputs[1], &Settings::default());
    assert_eq!(positions(&report), [("SC009", 1, 1)], "{}", dump(&report));
    assert!(
        report.diagnostics[0]
            .message
            .starts_with("cannot read file")
    );
    assert!(report.diagnostics[0].help.is_some());
    check_invariants(&report, "b_broken.yml");

    // Naming the dangling link explicitly says what it is.
    let inputs = walk::collect(std::slice::from_ref(&broken));
    let report = check_input(&inputs[0], &Settings::default());
    assert_eq!(positions(&report), [("SC009", 1, 1)], "{}", dump(&report));
    assert!(
        report.diagnostics[0]
            .message
            .contains("broken symbolic link"),
        "{}",
        report.diagnostics[0].message
    );

    // A directory handed over as a file is not a regular file.
    let report = run(&pack);
    assert_eq!(positions(&report), [("SC009", 1, 1)], "{}", dump(&report));
    assert!(report.diagnostics[0].message.contains("not a regular file"));
}

/// Stands in for an SC012 fixture file (`GENERATED_FIXTURES` in `tests/registry.rs`): a fix
/// fails to be written only when something happens to the file between the check and the write.
#[test]
fn unwritable_files_are_reported() {
    use sigscope::check::check_paths;
    use sigscope::fix::{Options, fix_report, report_unwritten, write_fixed};
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().to_path_buf();
    let dated = include_str!("fixtures/fix/SC108_slash_dates.yml");
    let edited = write(&root, "a_edited.yml", dated.as_bytes());
    let fine = write(&root, "b_fine.yml", dated.as_bytes());
    std::fs::create_dir(root.join("c_gone")).expect("mkdir");
    let vanished = write(&root.join("c_gone"), "vanished.yml", dated.as_bytes());
    let settings = Settings::default();
    let report = check_paths(std::slice::from_ref(&root), &settings);
    let fixed = fix_report(&report, &settings, Options::default(), &|_| {});
    assert_eq!(fixed.len(), 3);
    // Meanwhile an editor saves one file, and another's folder is removed.
    let saved = dated.replace("author: sigscope tests", "author: an editor");
    std::fs::write(&edited, &saved).expect("save");
    std::fs::remove_dir_all(root.join("c_gone")).expect("rm");

    let (written, unwritten) = write_fixed(fixed);
    let paths: Vec<&Path> = written.iter().map(|f| f.path.as_path()).collect();
    assert_eq!(paths, [fine.as_path()]);
    assert_eq!(
        unwritten.iter().map(|u| u.path.clone()).collect::<Vec<_>>(),
        [edited.clone(), vanished.clone()]
    );
    assert_eq!(std::fs::read_to_string(&edited).expect("read"), saved);
    assert_eq!(
        std::fs::read_to_string(&fine).expect("read"),
        include_str!("fixtures/fix/SC108_slash_dates.fixed.yml")
    );

    let mut after = check_paths(std::slice::from_ref(&root), &settings);
    report_unwritten(&mut after, &unwritten, &settings);
    let of = |p: &Path| {
        after
            .files
            .iter()
            .find(|f| f.source.path == p)
            .unwrap_or_else(|| panic!("{} not in the report", p.display()))
    };
    let e = of(&edited);
    assert_eq!(positions(e)[0], ("SC012", 1, 1), "{}", dump(e));
    assert_eq!(
        e.diagnostics[0].message,
        "cannot write the fixed file: the file changed on disk after it was checked"
    );
    assert!(e.diagnostics[0].help.is_some());
    assert!(positions(e).contains(&("SC108", 8, 7)), "{}", dump(e));
    assert!(of(&fine).diagnostics.iter().all(|d| d.code() != "SC012"));
    let v = of(&vanished);
    assert_eq!(positions(v), [("SC012", 1, 1)], "{}", dump(v));
    assert!(
        v.diagnostics[0]
            .message
            .starts_with("cannot write the fixed file: No such file or directory"),
        "{}",
        v.diagnostics[0].message
    );
}

/// A FIFO named like a rule must be reported, never opened (opening it would block).
#[cfg(unix)]
#[test]
fn fifo_named_like_a_rule_is_unreadable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("pipe.yml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: `mkfifo` is not available");
        return;
    }
    for inputs in [
        walk::collect(&[dir.path().to_path_buf()]),
        walk::collect(std::slice::from_ref(&fifo)),
    ] {
        assert_eq!(inputs.len(), 1, "{inputs:?}");
        let report = check_input(&inputs[0], &Settings::default());
        assert_eq!(positions(&report), [("SC009", 1, 1)], "{}", dump(&report));
        assert!(report.diagnostics[0].message.contains("not a regular file"));
    }
}

/// A path that does not exist is an input of its own, an SC009 finding at 1:1, and the paths
/// after it are still walked; named twice, it is reported once.
#[test]
fn missing_path_is_a_finding_and_the_walk_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("nope.yml");
    let good = dir.path().join("good.yml");
    write(
        dir.path(),
        "good.yml",
        b"title: t\nlogsource:\n    product: windows\ndetection:\n    selection:\n        EventID: 1\n    condition: selection\n",
    );
    let inputs = walk::collect(&[missing.clone(), good.clone(), missing.clone()]);
    assert_eq!(
        inputs,
        [Input::Missing(missing.clone()), Input::File(good)],
        "{inputs:?}"
    );
    let report = check_input(&inputs[0], &Settings::default());
    assert_eq!(positions(&report), [("SC009", 1, 1)], "{}", dump(&report));
    assert_eq!(
        report.diagnostics[0].message,
        format!("path `{}` does not exist", missing.display())
    );
    assert!(report.diagnostics[0].help.is_some());
    check_invariants(&report, "nope.yml");

    // A path under a file is not missing but unreadable, with the system's reason.
    let under = dir.path().join("good.yml/x.yml");
    let inputs = walk::collect(std::slice::from_ref(&under));
    assert!(
        matches!(&inputs[..], [Input::Unreadable { path, .. }] if *path == under),
        "{inputs:?}"
    );
}

/// The seed rule with its lines rewritten by `f`, checked from a temp file.
fn seed_variant(f: impl Fn(&str) -> String) -> (tempfile::TempDir, FileReport) {
    let text = std::fs::read_to_string(fixture("SC301_seed_eventid_star.yml")).expect("seed");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "variant.yml", f(&text).as_bytes());
    let report = run(&path);
    (dir, report)
}

/// What the seed rule gives with LF line endings and no BOM (the table pins it to SC107 2:5,
/// SC108 9:7, SC301 19:14; the variants below must give exactly the same).
fn seed_expected() -> Vec<(&'static str, usize, usize)> {
    let report = run(&fixture("SC301_seed_eventid_star.yml"));
    let got = positions(&report);
    for want in [("SC107", 2, 5), ("SC108", 9, 7), ("SC301", 19, 14)] {
        assert!(got.contains(&want), "seed lacks {want:?}: {got:?}");
    }
    got
}

fn secondary_positions(report: &FileReport) -> Vec<(usize, usize)> {
    report
        .diagnostics
        .iter()
        .flat_map(|d| &d.secondary)
        .map(|l| at(report, l.span.start))
        .collect()
}

#[test]
fn crlf_line_endings_keep_positions() {
    let (_dir, report) = seed_variant(|t| t.replace('\n', "\r\n"));
    assert!(report.source.text.contains("\r\n"));
    assert_eq!(positions(&report), seed_expected(), "{}", dump(&report));
    assert_eq!(secondary_positions(&report), [(20, 14)]);
    let d = only(&report, "SC301");
    assert_eq!(&report.source.text[d.span.clone()], "'*'");
    check_invariants(&report, "crlf seed");

    // A span at the end of a CRLF line does not swallow the `\r`.
    let date = &report.diagnostics[1];
    assert_eq!(&report.source.text[date.span.clone()], "2026/04/19");
}

#[test]
fn utf8_bom_keeps_positions() {
    let (_dir, report) = seed_variant(|t| format!("\u{feff}{t}"));
    assert_eq!(positions(&report), seed_expected(), "{}", dump(&report));
    assert_eq!(secondary_positions(&report), [(20, 14)]);
    check_invariants(&report, "bom seed");

    let (_dir, report) = seed_variant(|t| format!("\u{feff}{}", t.replace('\n', "\r\n")));
    assert_eq!(positions(&report), seed_expected(), "{}", dump(&report));
}

#[test]
fn multi_document_files_report_every_document() {
    // Two fixtures joined by `---`: the union of their diagnostics, the second shifted down.
    let first = std::fs::read_to_string(fixture("SC301_seed_eventid_star.yml")).expect("read");
    let second = std::fs::read_to_string(fixture("SC103_level_typo.yml")).expect("read");
    let shift = first.lines().count() + 1;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(
        dir.path(),
        "both.yml",
        format!("{first}---\n{second}").as_bytes(),
    );
    let report = run(&path);
    let mut expected = seed_expected();
    let second_alone = positions(&run(&fixture("SC103_level_typo.yml")));
    assert_eq!(second_alone.len(), 3);
    expected.extend(second_alone.iter().map(|&(c, l, col)| (c, l + shift, col)));
    assert_eq!(positions(&report), expected, "{}", dump(&report));
    check_invariants(&report, "both.yml");

    // A broken document does not hide the documents after it.
    let path = write(
        dir.path(),
        "broken_then_good.yml",
        format!("title: &x a\nstatus: test\n---\n{second}").as_bytes(),
    );
    let report = run(&path);
    let mut expected = vec![("SC003", 1, 8)];
    expected.extend(second_alone.iter().map(|&(c, l, col)| (c, l + 3, col)));
    assert_eq!(positions(&report), expected, "{}", dump(&report));
}

// ---------------------------------------------------------------------------------------------
// Regressions: bugs found while writing these tests, fixed since
// ---------------------------------------------------------------------------------------------

/// `related[0]` lacks `type`: the diagnostic should point at that entry (4:7), not at the
/// document's first key (1:1). `src/schema.rs`, `Required` branch: when the instance path
/// ends in an index there is no key node and it falls back to the root's first key.
#[test]
fn regression_missing_key_in_list_item_points_at_the_item() {
    let report = run(&fixture("SC101_related_without_type.yml"));
    assert_expected(
        &report,
        &[("SC101", 4, 7, "missing required key `type` in `related[0]`")],
        "SC101_related_without_type.yml",
    );
}

/// A BOM is not a column: `title` on line 1 of a file with a BOM is at 1:1, as editors show it.
#[test]
fn regression_bom_does_not_shift_first_line_columns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "\u{feff}logsource:\n    product: windows\ndetection:\n    selection:\n        EventID: 1\n    condition: selection\n";
    let report = run(&write(dir.path(), "bom.yml", text.as_bytes()));
    let d = only(&report, "SC101");
    assert!(d.message.contains("missing required key `title`"));
    assert_eq!(at(&report, d.span.start), (1, 1), "{}", dump(&report));
}

/// Past 255 levels saphyr's own recursion limit fires first and the diagnostic moves to where
/// the scanner gave up (1:256), with an empty span; it should stay at the 65th level (1:65).
#[test]
fn regression_very_deep_flow_nesting_is_reported_at_the_65th_level() {
    let dir = tempfile::tempdir().expect("tempdir");
    let flow = format!("{}{}", "[".repeat(300), "]".repeat(300));
    let report = run(&write(dir.path(), "flow.yml", flow.as_bytes()));
    assert_eq!(positions(&report), [("SC004", 1, 65)], "{}", dump(&report));
    assert_eq!(&report.source.text[report.diagnostics[0].span.clone()], "[");
}

/// A control character (here NUL, as in a UTF-16 file without BOM) is reported as "tab
/// character in indentation": `yaml.rs` matches saphyr's "found unprintable character" with
/// `info.contains("tab")`.
#[test]
fn regression_unprintable_character_is_not_called_a_tab() {
    let dir = tempfile::tempdir().expect("tempdir");
    let utf16ish: Vec<u8> = "title: x\n".bytes().flat_map(|b| [b, 0]).collect();
    let report = run(&write(dir.path(), "utf16.yml", &utf16ish));
    assert_eq!(positions(&report), [("SC001", 1, 2)], "{}", dump(&report));
    let d = &report.diagnostics[0];
    assert!(!d.message.contains("tab"), "{}", d.message);
    assert!(!d.help.as_deref().unwrap_or_default().contains("tabs"));
}
