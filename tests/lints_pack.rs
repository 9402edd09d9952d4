//! Fixture tests for the SC7xx (correlation and filter) and SC8xx (pack-wide) lints.
//!
//! Single-document fixtures `tests/fixtures/lints/SC7nn_*.yml` run through `check_input`; pack
//! fixtures are directories `tests/fixtures/lints/SCnnn_*/` checked with `check_paths`, as
//! `sigscope check DIR` does. Each case lists the exact and complete SC7xx/SC8xx findings as
//! `(code, line, column, message substring)` (plus the file, for directories); other groups'
//! findings on the same fixtures are not asserted here. Lines and columns are 1-based,
//! columns in characters.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use sigscope::check::{FileReport, Report, check_input, check_paths};

use sigscope::diagnostics::Diagnostic;
use sigscope::lint::Severity;
use sigscope::lints::ALL;
use sigscope::settings::Settings;
use sigscope::walk::Input;

/// `(code, line, column, substring of the message)`.
type Expected = (&'static str, usize, usize, &'static str);
/// `(file relative to the fixture directory, code, line, column, substring of the message)`.
type PackExpected = (&'static str, &'static str, usize, usize, &'static str);

fn ours(code: &str) -> bool {
    code.starts_with("SC7") || code.starts_with("SC8")
}

static FILES: &[(&str, &[Expected])] = &[
    // --- SC701 temporal-too-few-rules -------------------------------------------------------
    (
        "SC701_temporal_single_rule.yml",
        &[(
            "SC701",
            14,
            5,
            "`temporal` correlation lists only one rule, `proc_creation_win_whoami_all`",
        )],
    ),
    ("SC701_ok_temporal_ordered_two_rules.yml", &[]),
    // --- SC702 impossible-correlation-condition ---------------------------------------------
    (
        "SC702_impossible_conditions.yml",
        &[
            ("SC702", 21, 9, "`gt: 100` and `lt: 50` can never both hold"),
            ("SC715", 21, 9, "2 comparisons, `gt: 100` and `lt: 50`"),
            (
                "SC702",
                46,
                9,
                "`gt: 5` and `lt: 6` can never both hold: the number of events is a whole number",
            ),
            ("SC715", 46, 9, "2 comparisons, `gt: 5` and `lt: 6`"),
            (
                "SC702",
                70,
                9,
                "`lt: 1` can never hold: a group holds at least one event",
            ),
            (
                "SC702",
                95,
                9,
                "`gte: 3` can never hold: the correlation has only 2 rules",
            ),
            ("SC702", 121, 9, "`eq: 3` and `neq: 3` can never both hold"),
            ("SC715", 121, 9, "2 comparisons, `eq: 3` and `neq: 3`"),
            (
                "SC702",
                145,
                9,
                "`eq: 2.5` can never hold: the number of events is a whole number",
            ),
        ],
    ),
    // Ranges are valid Sigma; only pySigma refuses them.
    (
        "SC702_ok_satisfiable_conditions.yml",
        &[
            ("SC715", 21, 9, "2 comparisons, `gt: 5` and `lt: 7`"),
            ("SC715", 47, 9, "2 comparisons, `gt: 0.5` and `lt: 0.6`"),
        ],
    ),
    // --- SC703 always-true-correlation-condition --------------------------------------------
    (
        "SC703_always_true_conditions.yml",
        &[
            (
                "SC703",
                20,
                9,
                "`gte: 0` is true for every group: a group holds at least one event",
            ),
            (
                "SC703",
                46,
                9,
                "`lte: 3` is true for every group: the correlation has only 3 rules",
            ),
            ("SC703", 70, 9, "`neq: 0` is true for every group"),
        ],
    ),
    (
        "SC703_ok_meaningful_thresholds.yml",
        &[("SC715", 47, 9, "2 comparisons, `gte: 2` and `lte: 3`")],
    ),
    // --- SC704 zero-timespan, SC705 excessive-timespan --------------------------------------
    (
        "SC704_zero_timespan.yml",
        &[("SC704", 18, 15, "correlation `timespan: 0m` is zero")],
    ),
    (
        "SC705_timespan_of_600_days.yml",
        &[(
            "SC705",
            18,
            15,
            "correlation `timespan: 600d` is 600 days long",
        )],
    ),
    ("SC705_ok_timespan_of_90_days.yml", &[]),
    // --- SC714 non-portable-timespan: weeks have a fix, months and years do not ------------
    (
        "SC714_weeks_months_years.yml",
        &[
            (
                "SC714",
                18,
                15,
                "`timespan: 2w` is in weeks, a unit the specification does not have",
            ),
            (
                "SC705",
                43,
                15,
                "correlation `timespan: 3M` is 91 days long",
            ),
            (
                "SC714",
                43,
                15,
                "`timespan: 3M` is in months, a unit the specification does not have",
            ),
            (
                "SC705",
                68,
                15,
                "correlation `timespan: 1y` is 365 days long",
            ),
            (
                "SC714",
                68,
                15,
                "`timespan: 1y` is in years, a unit the specification does not have",
            ),
        ],
    ),
    ("SC714_ok_days.yml", &[]),
    // --- SC715 non-portable-correlation-range: valid Sigma that pySigma refuses ------------
    (
        "SC715_range_condition.yml",
        &[
            (
                "SC715",
                21,
                9,
                "correlation condition has 2 comparisons, `gte: 10` and `lte: 100`: pySigma refuses a condition with more than one",
            ),
            (
                "SC715",
                47,
                9,
                "correlation condition has 3 comparisons, `gt: 3`, `lt: 20` and `neq: 10`",
            ),
        ],
    ),
    ("SC715_ok_single_comparison.yml", &[]),
    // --- SC706 unused-correlation-field -----------------------------------------------------
    (
        "SC706_field_without_value_type.yml",
        &[
            (
                "SC706",
                20,
                9,
                "`field` is ignored by correlations of type `event_count`",
            ),
            (
                "SC706",
                46,
                9,
                "`field` is ignored by correlations of type `temporal_ordered`",
            ),
        ],
    ),
    ("SC706_ok_value_count_field.yml", &[]),
    // --- SC707 value-count-field-in-group-by ------------------------------------------------
    (
        "SC707_value_count_field_in_group_by.yml",
        &[(
            "SC707",
            21,
            16,
            "counts distinct values of `TargetUserName`, which is also a `group-by` field",
        )],
    ),
    ("SC707_ok_field_list_partly_grouped.yml", &[]),
    // --- SC708 unknown-alias-rule (decided in the document) ---------------------------------
    (
        "SC708_alias_rule_typo.yml",
        &[(
            "SC708",
            23,
            13,
            "alias `internal_ip` maps rule `internal_eror`, which is not in the correlation's `rules`",
        )],
    ),
    ("SC708_ok_spec_alias_example.yml", &[]),
    // --- SC709 unused-alias -----------------------------------------------------------------
    (
        "SC709_unused_alias.yml",
        &[(
            "SC709",
            21,
            9,
            "alias `internal_ip` is not used in `group-by`",
        )],
    ),
    // --- SC710 misplaced-generate -----------------------------------------------------------
    (
        "SC710_generate_on_detection_rule.yml",
        &[(
            "SC710",
            13,
            1,
            "`generate` has no effect on a detection rule",
        )],
    ),
    (
        "SC710_conflicting_generate.yml",
        &[(
            "SC710",
            22,
            5,
            "`generate` is `false` inside `correlation` but `true` at the top level",
        )],
    ),
    ("SC710_ok_generate_top_level.yml", &[]),
    // --- SC711 filter-condition-list --------------------------------------------------------
    (
        "SC711_filter_condition_list.yml",
        &[(
            "SC711",
            16,
            9,
            "a filter `condition` must be one string, found a list",
        )],
    ),
    ("SC711_ok_filter_condition_string.yml", &[]),
    // --- SC712 filter-with-level-or-status --------------------------------------------------
    (
        "SC712_filter_with_level_and_status.yml",
        &[
            ("SC712", 6, 1, "`status` has no effect on a filter"),
            ("SC712", 7, 1, "`level` has no effect on a filter"),
        ],
    ),
];

static DIRS: &[(&str, &[PackExpected])] = &[
    // --- SC708 unknown-alias-rule (pack part: `rules:` by id) -------------------------------
    (
        "SC708_alias_rule_not_correlated",
        &[
            (
                "mr_error_then_connection.yml",
                "SC708",
                24,
                13,
                "maps rule `web_server_dns_query` (DNS Query From a Web Server), which is not in the correlation's `rules`",
            ),
            (
                "mr_error_then_connection.yml",
                "SC708",
                25,
                13,
                "maps `web_server_error`, which is no rule id or name in the checked files",
            ),
        ],
    ),
    // --- SC713 filter-never-applies ---------------------------------------------------------
    (
        "SC713_filter_never_applies",
        &[
            (
                "mf_configmgr_client.yml",
                "SC713",
                12,
                11,
                "filter never applies to `Crontab Entry Pointing to a Temporary Folder`: the filter needs `product: windows`, the rule has `product: linux`",
            ),
            (
                "mf_configmgr_client.yml",
                "SC713",
                13,
                11,
                "filter never applies to `Many Scheduled Tasks in User-Writable Folders`: it is a correlation rule",
            ),
        ],
    ),
    ("SC713_ok_filter_matches", &[]),
    // --- SC801 duplicate-id -----------------------------------------------------------------
    (
        "SC801_duplicate_id",
        &[
            (
                "mr_failed_logon_bundle.yml",
                "SC801",
                26,
                5,
                "id `49af8579-b332-403e-9038-207454081f8e` is already used by `Many Failed Logons for One Account` earlier in this file",
            ),
            (
                "win_security_failed_rdp_logon.yml",
                "SC801",
                2,
                5,
                "id `1c26838b-978e-4462-a571-fbedcb8ddf9c` is already used by `Failed Network Logon` in `",
            ),
        ],
    ),
    ("SC801_ok_spec_correlation_bundle", &[]),
    // --- SC802 duplicate-name ---------------------------------------------------------------
    (
        "SC802_duplicate_name",
        &[(
            "win_security_failed_rdp_logon.yml",
            "SC802",
            3,
            7,
            "name `failed_logon` is already used by `Failed Network Logon` in `",
        )],
    ),
    // --- SC803 duplicate-title: the deprecated copy is reported, not the active rule --------
    (
        "SC803_duplicate_title",
        &[
            (
                "deprecated/win_security_failed_network_logon_old.yml",
                "SC803",
                1,
                8,
                "title `Failed Network Logon` is used by 3 rules",
            ),
            (
                "rules/win_security_failed_network_logon_v2.yml",
                "SC803",
                1,
                8,
                "title `failed  network logon` is used by 3 rules",
            ),
        ],
    ),
    // --- SC804 duplicate-file-name ----------------------------------------------------------
    (
        "SC804_duplicate_file_name",
        &[(
            "rules-threat-hunting/windows/win_security_failed_network_logon.yml",
            "SC804",
            1,
            1,
            "file name `win_security_failed_network_logon.yml` is also used by `",
        )],
    ),
    // --- SC805 duplicate-detection ----------------------------------------------------------
    (
        "SC805_duplicate_detection",
        &[(
            "win_security_failed_admin_logon_copy.yml",
            "SC805",
            15,
            1,
            "detection logic and log source are identical to `Failed Network Logon of a Built-In Admin Account` in `",
        )],
    ),
    ("SC805_ok_different_logic", &[]),
    // --- SC806 unresolved-rule-reference ----------------------------------------------------
    (
        "SC806_unresolved_reference",
        &[
            (
                "mf_filter_of_a_filter.yml",
                "SC806",
                11,
                11,
                "filter refers to `d19c0d1e-4f5a-4b6c-9d7e-8f9a0b1c2d3e`, which is a filter, not a rule",
            ),
            (
                "mf_scanner_account.yml",
                "SC806",
                11,
                11,
                "filter refers to `e2ad1e2f-5a6b-4c7d-8e8f-9a0b1c2d3e4f`, which is a filter, not a rule",
            ),
            (
                "mr_failed_logons.yml",
                "SC806",
                15,
                11,
                "correlation refers to `failed_logon`, which is no rule id or name in the checked files",
            ),
        ],
    ),
    ("SC806_ok_spec_correlation_bundle", &[]),
    // --- SC807 deprecated-rule-reference ----------------------------------------------------
    (
        "SC807_deprecated_reference",
        &[(
            "mf_scanner_account.yml",
            "SC807",
            11,
            11,
            "filter refers to `Failed Network Logon (Old)`, whose status is `deprecated`",
        )],
    ),
    // --- SC808 unresolved-related (`obsolete` targets may be gone) --------------------------
    (
        "SC808_unresolved_related",
        &[(
            "win_security_failed_logon.yml",
            "SC808",
            4,
            11,
            "related rule `37f26d7e-0f1a-4b2c-9d3e-4f5a6b7c8d9e` (derived) is not in the checked files",
        )],
    ),
    // --- SC809 inconsistent-related ---------------------------------------------------------
    (
        "SC809_inconsistent_related",
        &[(
            "win_security_failed_rdp_logon.yml",
            "SC809",
            4,
            11,
            "`obsolete` rule `Failed Remote Desktop Logon (Old)` is still active (status `test`), but this rule obsoletes it",
        )],
    ),
    ("SC809_ok_retired_targets", &[]),
    // --- SC810 correlation-cycle ------------------------------------------------------------
    (
        "SC810_correlation_cycle",
        &[
            (
                "mr_cycle.yml",
                "SC810",
                40,
                11,
                "cycle: `brute_force_success` → `many_failed_logons` → `brute_force_success`",
            ),
            (
                "mr_self.yml",
                "SC810",
                16,
                11,
                "correlation refers to itself through `repeated_bursts`",
            ),
        ],
    ),
    // --- SC811 copied-rule: one finding per set of copies; the other pack lints see one copy --
    (
        "SC811_copied_rule",
        &[
            // An edited copy is no copy: it duplicates the rule once, not once per copy.
            (
                "rules/windows/win_security_failed_network_logon_edited.yml",
                "SC803",
                1,
                8,
                "title `Failed Network Logon` is also the title of another rule",
            ),
            (
                "rules/windows/win_security_failed_network_logon_edited.yml",
                "SC801",
                2,
                5,
                "id `1c26838b-978e-4462-a571-fbedcb8ddf9c` is already used by `Failed Network Logon` in `",
            ),
            (
                "rules/windows/win_security_failed_network_logon_edited.yml",
                "SC802",
                3,
                7,
                "name `failed_network_logon` is already used by `Failed Network Logon` in `",
            ),
            (
                "rules/windows/win_security_failed_network_logon_edited.yml",
                "SC805",
                16,
                1,
                "detection logic and log source are identical to `Failed Network Logon` in `",
            ),
            (
                "rules/windows/win_security_failed_rdp_logon.yml",
                "SC811",
                1,
                1,
                "this file is a copy of `",
            ),
            (
                "rules-threat-hunting/win_security_failed_network_logon.yml",
                "SC811",
                1,
                1,
                "this file is one of 3 copies of the same rule file, byte for byte",
            ),
        ],
    ),
    // Identical files without a rule are not copies of a rule.
    ("SC811_ok_identical_non_rules", &[]),
];

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lints")
}

fn at(report: &FileReport, offset: usize) -> (usize, usize) {
    let lc = report.source.line_col(offset);
    (lc.line, lc.column)
}

fn run_dir(name: &str) -> Report {
    check_paths(&[fixtures_dir().join(name)], &Settings::default())
}

fn rel(dir: &Path, report: &FileReport) -> String {
    report
        .source
        .path
        .strip_prefix(dir)
        .unwrap_or(&report.source.path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Our findings of a pack run as `(file, code, line, column, message)`, in report order.
fn pack_findings(dir: &Path, report: &Report) -> Vec<(String, &'static str, usize, usize, String)> {
    let mut out = Vec::new();
    for f in &report.files {
        for d in f.diagnostics.iter().filter(|d| ours(d.code())) {
            let (line, col) = at(f, d.span.start);
            out.push((rel(dir, f), d.code(), line, col, d.message.clone()));
        }
    }
    out
}

/// Registered lint, default severity, style of the message, every span (also labels in other
/// files) a character range of its file.
fn check_invariants(report: &Report, what: &str) {
    for f in &report.files {
        for d in &f.diagnostics {
            assert!(
                ALL.iter().any(|l| std::ptr::eq(*l, d.lint)),
                "{what}: {} is not in `lints::ALL`",
                d.code()
            );
            if !ours(d.code()) {
                continue;
            }
            assert_eq!(d.severity, d.lint.default_severity, "{what}: {}", d.code());
            assert!(
                d.message.chars().next().is_some_and(|c| !c.is_uppercase()),
                "{what}: {} message starts upper-case: {}",
                d.code(),
                d.message
            );
            assert!(!d.message.ends_with('.'), "{what}: {}", d.message);
            assert!(d.help.is_some(), "{what}: {} has no help", d.code());
            assert!(f.source.text.get(d.span.clone()).is_some(), "{what}: span");
            for l in &d.secondary {
                let text = match &l.path {
                    None => f.source.text.clone(),
                    Some(p) => report
                        .files
                        .iter()
                        .find(|o| o.source.path == **p)
                        .unwrap_or_else(|| panic!("{what}: label in unknown file {}", p.display()))
                        .source
                        .text
                        .clone(),
                };
                assert!(
                    text.get(l.span.clone()).is_some(),
                    "{what}: {} label span {:?} outside its file",
                    d.code(),
                    l.span
                );
                assert!(
                    l.path.as_deref() != Some(f.source.path.as_path()),
                    "{what}: a label in the same file must have no path"
                );
            }
        }
    }
}

#[test]
fn single_document_fixtures_give_exactly_the_expected_findings() {
    let mut failures = Vec::new();
    for (file, expected) in FILES {
        let path = fixtures_dir().join(file);
        let report = check_input(&Input::File(path.clone()), &Settings::default());
        let got: Vec<(&str, usize, usize, &str)> = report
            .diagnostics
            .iter()
            .filter(|d| ours(d.code()))
            .map(|d| {
                let (l, c) = at(&report, d.span.start);
                (d.code(), l, c, d.message.as_str())
            })
            .collect();
        let ok = got.len() == expected.len()
            && got
                .iter()
                .zip(expected.iter())
                .all(|(g, e)| g.0 == e.0 && g.1 == e.1 && g.2 == e.2 && g.3.contains(e.3));
        if !ok {
            failures.push(format!("{file}:\n  expected {expected:#?}\n  got {got:#?}"));
        }
        // The same file alone as a pack run adds nothing from the pack phase.
        let alone = check_paths(&[path], &Settings::default());
        check_invariants(&alone, file);
        let again: Vec<&str> = alone.files[0]
            .diagnostics
            .iter()
            .filter(|d| ours(d.code()))
            .map(Diagnostic::code)
            .collect();
        let first: Vec<&str> = got.iter().map(|g| g.0).collect();
        assert_eq!(
            again, first,
            "{file}: pack phase changed a single file's findings"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn pack_fixtures_give_exactly_the_expected_findings() {
    let mut failures = Vec::new();
    for (name, expected) in DIRS {
        let dir = fixtures_dir().join(name);
        let report = run_dir(name);
        check_invariants(&report, name);
        let got = pack_findings(&dir, &report);
        let ok = got.len() == expected.len()
            && got.iter().zip(expected.iter()).all(|(g, e)| {
                g.0 == e.0 && g.1 == e.1 && g.2 == e.2 && g.3 == e.3 && g.4.contains(e.4)
            });
        if !ok {
            failures.push(format!("{name}:\n  expected {expected:#?}\n  got {got:#?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_sc7_and_sc8_fixture_is_asserted() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("SC7") || n.starts_with("SC8"))
        .collect();
    let listed: BTreeSet<String> = FILES
        .iter()
        .map(|(f, _)| *f)
        .chain(DIRS.iter().map(|(d, _)| *d))
        .map(str::to_owned)
        .collect();
    let unlisted: Vec<_> = on_disk.difference(&listed).collect();
    let missing: Vec<_> = listed.difference(&on_disk).collect();
    assert!(
        unlisted.is_empty(),
        "fixtures without expectations: {unlisted:?}"
    );
    assert!(
        missing.is_empty(),
        "listed fixtures not on disk: {missing:?}"
    );
    // Names say what they assert: `_ok_` fixtures do not trigger their code (a range that
    // SC702 accepts still gets SC715), the others do.
    for (name, expected) in FILES
        .iter()
        .map(|(n, e)| (*n, e.iter().map(|x| x.0).collect::<Vec<_>>()))
        .chain(
            DIRS.iter()
                .map(|(n, e)| (*n, e.iter().map(|x| x.1).collect::<Vec<_>>())),
        )
    {
        let code = &name[..5];
        if name.contains("_ok_") {
            assert!(!expected.contains(&code), "{name} must not trigger {code}");
        } else {
            assert!(expected.contains(&code), "{name} must trigger {code}");
        }
    }
}

#[test]
fn every_sc7_and_sc8_lint_has_a_fixture() {
    let covered: BTreeSet<&str> = FILES
        .iter()
        .flat_map(|(_, e)| e.iter().map(|x| x.0))
        .chain(DIRS.iter().flat_map(|(_, e)| e.iter().map(|x| x.1)))
        .collect();
    for lint in ALL.iter().filter(|l| ours(l.code)) {
        assert!(
            covered.contains(lint.code),
            "{} has no triggering fixture",
            lint.code
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Labels, help, and the checked-set rule
// ---------------------------------------------------------------------------------------------

fn find<'r>(report: &'r Report, code: &str) -> Vec<(&'r FileReport, &'r Diagnostic)> {
    report
        .files
        .iter()
        .flat_map(|f| f.diagnostics.iter().map(move |d| (f, d)))
        .filter(|(_, d)| d.code() == code)
        .collect()
}

#[test]
fn duplicate_id_labels_the_other_file_and_the_same_file() {
    let report = run_dir("SC801_duplicate_id");
    let found = find(&report, "SC801");
    assert_eq!(found.len(), 2);
    // Across files: the label points into the file that keeps the id, at its id.
    let (f, d) = found
        .iter()
        .find(|(f, _)| f.source.path.ends_with("win_security_failed_rdp_logon.yml"))
        .expect("cross-file duplicate");
    assert_eq!(d.secondary.len(), 1);
    let label = &d.secondary[0];
    let other = label.path.as_ref().expect("label in another file");
    assert!(other.ends_with("win_security_failed_network_logon.yml"));
    let other_text = std::fs::read_to_string(other).expect("read");
    assert_eq!(
        &other_text[label.span.clone()],
        "1c26838b-978e-4462-a571-fbedcb8ddf9c"
    );
    assert_eq!(label.message, "also used here");
    assert_eq!(
        &f.source.text[d.span.clone()],
        "1c26838b-978e-4462-a571-fbedcb8ddf9c"
    );
    assert!(
        d.help
            .as_deref()
            .unwrap_or_default()
            .contains("new random UUID")
    );
    // Within one multi-document file: a label without a path.
    let (f, d) = found
        .iter()
        .find(|(f, _)| f.source.path.ends_with("mr_failed_logon_bundle.yml"))
        .expect("same-file duplicate");
    assert_eq!(d.secondary.len(), 1);
    assert!(d.secondary[0].path.is_none());
    assert_eq!(at(f, d.secondary[0].span.start), (2, 5));
}

#[test]
fn copied_rule_names_every_other_copy() {
    let report = run_dir("SC811_copied_rule");
    let found = find(&report, "SC811");
    assert_eq!(found.len(), 2, "{found:?}");
    let (_, three) = found
        .iter()
        .find(|(_, d)| d.message.contains("3 copies"))
        .expect("the set of three copies");
    let mut others: Vec<String> = three
        .secondary
        .iter()
        .map(|l| {
            let path = l.path.as_ref().expect("a copy is another file");
            assert_eq!((l.span.clone(), l.message.as_ref()), (0..0, "copy"));
            path.to_string_lossy().replace('\\', "/")
        })
        .collect();
    others.sort();
    assert_eq!(others.len(), 2);
    assert!(
        others[0]
            .ends_with("SC811_copied_rule/rules/windows/old/win_security_failed_network_logon.yml")
    );
    assert!(
        others[1]
            .ends_with("SC811_copied_rule/rules/windows/win_security_failed_network_logon.yml")
    );
    // A pair names the first copy in the message itself.
    let (_, pair) = found
        .iter()
        .find(|(_, d)| d.message.contains("is a copy of"))
        .expect("the pair");
    assert!(
        pair.message
            .ends_with("rules/windows/rdp_copy.yml`, byte for byte"),
        "{}",
        pair.message
    );
    // The copies are one rule to the other pack lints: no duplicate id, title or file name
    // between them.
    for code in ["SC801", "SC802", "SC803", "SC804", "SC805"] {
        let n = find(&report, code).len();
        assert!(n <= 1, "{code} reported {n} times");
    }
}

#[test]
fn duplicates_are_found_among_explicit_files_too() {
    let dir = fixtures_dir().join("SC801_duplicate_id");
    let files = vec![
        dir.join("win_security_failed_network_logon.yml"),
        dir.join("win_security_failed_rdp_logon.yml"),
    ];
    let report = check_paths(&files, &Settings::default());
    assert_eq!(find(&report, "SC801").len(), 1);
    // The same file named twice is one file, not a duplicate of itself.
    let twice = vec![
        dir.join("win_security_failed_rdp_logon.yml"),
        dir.join(".").join("win_security_failed_rdp_logon.yml"),
    ];
    let report = check_paths(&twice, &Settings::default());
    assert!(
        find(&report, "SC801").is_empty(),
        "a file is not its own duplicate"
    );
}

#[test]
fn unresolved_references_are_only_reported_when_a_directory_is_checked() {
    let dir = fixtures_dir().join("SC806_unresolved_reference");
    // One file, as a pre-commit hook on the changed file runs it: nothing to resolve against.
    let report = check_paths(&[dir.join("mr_failed_logons.yml")], &Settings::default());
    assert!(find(&report, "SC806").is_empty());
    // Every file of the folder named explicitly: references that resolve are still checked
    // (a filter is no rule), unknown ones are not reported.
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    let report = check_paths(&files, &Settings::default());
    let found = find(&report, "SC806");
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found
            .iter()
            .all(|(_, d)| d.message.contains("which is a filter"))
    );
    // Same for `related` and alias rules.
    let report = check_paths(
        &[fixtures_dir().join("SC808_unresolved_related/win_security_failed_logon.yml")],
        &Settings::default(),
    );
    assert!(find(&report, "SC808").is_empty());
    let report = check_paths(
        &[fixtures_dir().join("SC708_alias_rule_not_correlated/mr_error_then_connection.yml")],
        &Settings::default(),
    );
    assert!(find(&report, "SC708").is_empty());
}

#[test]
fn unresolved_reference_suggests_a_close_name() {
    let report = run_dir("SC806_unresolved_reference");
    let (_, d) = find(&report, "SC806")
        .into_iter()
        .find(|(_, d)| d.message.contains("failed_logon"))
        .expect("typo reference");
    assert_eq!(d.help.as_deref(), Some("did you mean `failed_login`?"));
    assert_eq!(d.severity, Severity::Error);
}

#[test]
fn deprecated_reference_names_the_successor() {
    let report = run_dir("SC807_deprecated_reference");
    let (_, d) = find(&report, "SC807").into_iter().next().expect("SC807");
    assert_eq!(
        d.help.as_deref(),
        Some("refer to `failed_logon` (Failed Network Logon), which replaces it")
    );
    let label = &d.secondary[0];
    assert!(
        label
            .path
            .as_ref()
            .is_some_and(|p| p.ends_with("win_security_failed_logon_old.yml"))
    );
    assert_eq!(label.message, "status set here");
}

#[test]
fn filter_never_applies_labels_both_log_sources() {
    let report = run_dir("SC713_filter_never_applies");
    let found = find(&report, "SC713");
    let (f, d) = found[0];
    assert_eq!(d.secondary.len(), 2);
    assert_eq!(&f.source.text[d.secondary[0].span.clone()], "logsource");
    assert!(d.secondary[0].path.is_none());
    let other = d.secondary[1].path.as_ref().expect("rule in another file");
    assert!(other.ends_with("proc_creation_lnx_crontab_tmp.yml"));
    assert!(
        d.help
            .as_deref()
            .unwrap_or_default()
            .contains("(category: process_creation, product: linux)")
    );
}

#[test]
fn correlation_condition_labels_the_other_comparison() {
    let path = fixtures_dir().join("SC702_impossible_conditions.yml");
    let report = check_input(&Input::File(path), &Settings::default());
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code() == "SC702")
        .expect("SC702");
    assert_eq!(&report.source.text[d.span.clone()], "lt");
    assert_eq!(&report.source.text[d.secondary[0].span.clone()], "gt");
    let temporal = report
        .diagnostics
        .iter()
        .find(|d| d.message.contains("only 2 rules"))
        .expect("temporal");
    assert_eq!(
        &report.source.text[temporal.secondary[0].span.clone()],
        "rules"
    );
}

#[test]
fn human_output_names_other_files_in_notes_and_json_keeps_its_shape() {
    let report = run_dir("SC801_duplicate_id");
    let human =
        sigscope::report::human::render(&report, sigscope::report::human::Options::default());
    assert!(
        human.contains("= note: also used here: ")
            && human.contains("SC801_duplicate_id/win_security_failed_network_logon.yml:2:5"),
        "{human}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&sigscope::report::json::render(&report)).expect("json");
    let keys: BTreeSet<&str> = json["diagnostics"][0]
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    let want: BTreeSet<&str> = [
        "code",
        "severity",
        "message",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "help",
        "fix",
        "related",
    ]
    .into_iter()
    .collect();
    assert_eq!(keys, want);
}

#[test]
fn pack_output_is_deterministic() {
    let a = run_dir("SC803_duplicate_title");
    let b = run_dir("SC803_duplicate_title");
    let dir = fixtures_dir().join("SC803_duplicate_title");
    assert_eq!(pack_findings(&dir, &a), pack_findings(&dir, &b));
}

#[test]
fn many_duplicates_are_grouped_and_labels_capped() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let n = 300;
    for i in 0..n {
        let text = format!(
            "title: Same Title\nid: 00000000-0000-4000-8000-{i:012}\nstatus: test\nlogsource:\n    product: windows\n    service: security\ndetection:\n    selection:\n        EventID: 4625\n    condition: selection\nlevel: low\n"
        );
        std::fs::write(tmp.path().join(format!("rule_{i:04}.yml")), text).expect("write");
    }
    let report = check_paths(&[tmp.path().to_path_buf()], &Settings::default());
    let titles = find(&report, "SC803");
    let logic = find(&report, "SC805");
    assert_eq!(titles.len(), n - 1);
    assert_eq!(logic.len(), n - 1);
    for (_, d) in titles.iter().chain(&logic) {
        assert_eq!(d.secondary.len(), sigscope::lints::pack::MAX_LABELS);
        assert!(
            d.help
                .as_deref()
                .unwrap_or_default()
                .contains("more not shown")
        );
    }
    assert!(find(&report, "SC801").is_empty());
}

// ---------------------------------------------------------------------------------------------
// The SigmaHQ corpus and the example pack
// ---------------------------------------------------------------------------------------------

fn counts(report: &Report) -> Vec<(&'static str, Severity, usize)> {
    let mut map = std::collections::BTreeMap::new();
    for d in report.files.iter().flat_map(|f| &f.diagnostics) {
        if ours(d.code()) {
            *map.entry((d.code(), d.severity)).or_insert(0) += 1;
        }
    }
    map.into_iter().map(|((c, s), n)| (c, s, n)).collect()
}

#[test]
#[cfg_attr(not(shared_corpus), ignore = "needs ../shared/corpus/sigmahq (absent)")]
fn sigmahq_rules_folders_give_no_errors_and_only_the_known_findings() {
    let folders = common::rules_folders(&common::shared("corpus/sigmahq"));
    let report = check_paths(&folders, &Settings::default());
    check_invariants(&report, "corpus rules*");
    // 38 `derived`/`similar` links to rules outside rules* (in deprecated/, or deleted);
    // SigmaHQ has no duplicate ids, names, titles, file names or logic in rules*.
    assert_eq!(counts(&report), [("SC808", Severity::Info, 38)]);
}

#[test]
#[cfg_attr(not(shared_corpus), ignore = "needs ../shared/corpus/sigmahq (absent)")]
fn whole_sigmahq_corpus_reports_duplicates_across_folders() {
    let corpus = common::shared("corpus/sigmahq");
    let report = check_paths(&[corpus], &Settings::default());
    check_invariants(&report, "whole corpus");
    assert_eq!(
        counts(&report),
        [
            // Titles shared by rules/ and deprecated/ or unsupported/ copies.
            ("SC803", Severity::Warning, 21),
            // driver_load_win_vuln_drivers_names.yml, proc_creation_win_renamed_paexec.yml.
            ("SC804", Severity::Warning, 2),
            // No SC805: azure_app_privileged_permissions.yml repeats the logic of the rule it
            // obsoletes, which is `deprecated` and so left out.
            ("SC808", Severity::Info, 9),
            // Obsoleted rules in deprecated/ whose status is not `deprecated`.
            ("SC809", Severity::Warning, 4),
        ]
    );
    // The copy in deprecated/ is the one reported, the active rule keeps its file name.
    for (f, _) in find(&report, "SC804") {
        assert!(f.source.path.to_string_lossy().contains("/deprecated/"));
    }
}

#[test]
fn example_pack_is_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let report = check_paths(&[root], &Settings::default());
    assert_eq!(counts(&report), []);
}

#[test]
fn longer_cycles_are_reported_once_where_they_close() {
    let tmp = tempfile::tempdir().expect("tempdir");
    for (file, name, target) in [
        ("a.yml", "ca", "cb"),
        ("b.yml", "cb", "cc"),
        ("c.yml", "cc", "ca"),
    ] {
        let text = format!(
            "title: Correlation {name}\nname: {name}\ncorrelation:\n    type: event_count\n    rules:\n        - {target}\n    group-by:\n        - User\n    timespan: 1h\n    condition:\n        gte: 2\n"
        );
        std::fs::write(tmp.path().join(file), text).expect("write");
    }
    let report = check_paths(&[tmp.path().to_path_buf()], &Settings::default());
    check_invariants(&report, "3-cycle");
    let found = find(&report, "SC810");
    assert_eq!(found.len(), 1);
    let (f, d) = found[0];
    assert!(f.source.path.ends_with("c.yml"));
    assert!(
        d.message.ends_with("cycle: `ca` → `cb` → `cc` → `ca`"),
        "{}",
        d.message
    );
    assert!(
        d.secondary[0]
            .path
            .as_ref()
            .is_some_and(|p| p.ends_with("a.yml"))
    );
    assert!(find(&report, "SC806").is_empty());
}
