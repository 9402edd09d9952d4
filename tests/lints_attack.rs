//! Fixture tests for the ATT&CK and tag lints (SC5xx).
//!
//! Each `tests/fixtures/lints/SC5*.yml` file is listed in [`FIXTURES`] with the exact SC5xx
//! diagnostics it must give, as `(code, line, column, message substring)` with 1-based lines and
//! character columns. Only SC5xx codes are compared, so that work on the other groups does not
//! move these expectations; the fixtures are otherwise realistic rules.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sigscope::attack::Attack;
use sigscope::check::{FileReport, check_input};
use sigscope::diagnostics::Diagnostic;
use sigscope::lint::Severity;
use sigscope::lints::by_code;
use sigscope::settings::Settings;
use sigscope::walk::Input;

/// `(code, line, column, substring of the message)`.
type Expected = (&'static str, usize, usize, &'static str);

const FIXTURES: &[(&str, &[Expected])] = &[
    // --- SC501 unknown-tag-namespace ----------------------------------------------------------
    (
        "SC501_unknown_namespace.yml",
        &[
            ("SC501", 10, 7, "unknown tag namespace `attck`"),
            ("SC501", 11, 7, "unknown tag namespace `t1059`"),
            ("SC501", 12, 7, "unknown tag namespace `mitre`"),
        ],
    ),
    ("SC501_ok_known_namespaces.yml", &[]),
    // --- SC502 unknown-attack-tag -------------------------------------------------------------
    (
        "SC502_unknown_attack_tag.yml",
        &[
            ("SC502", 12, 7, "unknown ATT&CK technique `attack.t9999`"),
            (
                "SC502",
                13,
                7,
                "unknown ATT&CK sub-technique `attack.t1105.001`",
            ),
            (
                "SC502",
                14,
                7,
                "unknown ATT&CK sub-technique `attack.t1059.999`",
            ),
            (
                "SC502",
                15,
                7,
                "unknown ATT&CK tactic `attack.comand-and-control`",
            ),
            ("SC502", 16, 7, "unknown ATT&CK group `attack.g9999`"),
            ("SC502", 17, 7, "unknown ATT&CK software `attack.s9999`"),
            ("SC502", 18, 7, "unknown ATT&CK campaign `attack.c9999`"),
            ("SC502", 19, 7, "unknown ATT&CK tactic `attack.ta0099`"),
        ],
    ),
    // Groups, software, campaigns, and data sources and mitigations (not checked).
    ("SC502_ok_known_ids.yml", &[]),
    // --- SC503 revoked-attack-id --------------------------------------------------------------
    (
        "SC503_revoked_technique.yml",
        &[
            (
                "SC503",
                13,
                7,
                "technique `T1562.001` (Disable or Modify Tools) is revoked",
            ),
            (
                "SC503",
                14,
                7,
                "technique `T1089` (Disabling Security Tools) is revoked",
            ),
            (
                "SC503",
                15,
                7,
                "technique `T1064` (Scripting) is deprecated",
            ),
            ("SC503", 16, 7, "group `G0118` (UNC2452) is revoked"),
            ("SC503", 17, 7, "software `S0209` (Darkmoon) is revoked"),
            (
                "SC503",
                18,
                7,
                "technique `T1562` (Impair Defenses) is deprecated",
            ),
        ],
    ),
    ("SC503_ok_current_ids.yml", &[]),
    // --- SC504 legacy-tactic-name -------------------------------------------------------------
    (
        "SC504_legacy_tactic_name.yml",
        &[
            (
                "SC504",
                10,
                7,
                "`attack.command_and_control` is spelled with underscores",
            ),
            ("SC504", 12, 7, "tactic tagged by its id `attack.ta0011`"),
        ],
    ),
    (
        "SC504_defense_evasion_split.yml",
        &[(
            "SC504",
            10,
            7,
            "`attack.defense-evasion` is not an ATT&CK v19 tactic",
        )],
    ),
    (
        "SC504_defense_evasion_to_stealth.yml",
        &[(
            "SC504",
            10,
            7,
            "`attack.defense-evasion` is not an ATT&CK v19 tactic",
        )],
    ),
    ("SC504_ok_current_tactic_names.yml", &[]),
    // --- SC505 technique-without-tactic -------------------------------------------------------
    (
        "SC505_technique_without_tactic.yml",
        &[(
            "SC505",
            10,
            7,
            "technique `attack.t1105` (Ingress Tool Transfer) is tagged without its tactic",
        )],
    ),
    ("SC505_ok_tactic_of_each_technique.yml", &[]),
    // --- SC506 tactic-without-technique -------------------------------------------------------
    (
        "SC506_tactic_without_technique.yml",
        &[(
            "SC506",
            10,
            7,
            "tactic `attack.command-and-control` is tagged without any technique",
        )],
    ),
    ("SC506_ok_tactic_with_technique.yml", &[]),
    // --- SC507 tactic-technique-mismatch ------------------------------------------------------
    (
        "SC507_tactic_technique_mismatch.yml",
        &[(
            "SC507",
            11,
            7,
            "tactic `attack.persistence` fits none of the rule's techniques",
        )],
    ),
    (
        "SC507_technique_moved_in_v19.yml",
        &[
            ("SC507", 11, 7, "tactic `attack.persistence` fits none"),
            (
                "SC507",
                12,
                7,
                "tactic `attack.privilege-escalation` fits none",
            ),
        ],
    ),
    // An outdated tactic name that fits no technique is SC507's alone (renaming it would not
    // make it fit); one that fits is SC504's.
    (
        "SC507_legacy_tactic_fits_no_technique.yml",
        &[
            ("SC507", 8, 7, "tactic `attack.defense_evasion` fits none"),
            (
                "SC507",
                9,
                7,
                "tactic `attack.privilege_escalation` fits none",
            ),
            (
                "SC504",
                10,
                7,
                "tactic `attack.command_and_control` is spelled with underscores",
            ),
        ],
    ),
    ("SC507_ok_tactic_of_a_technique.yml", &[]),
    ("SC507_ok_current_tactic_that_fits.yml", &[]),
    // --- SC508 duplicate-tag ------------------------------------------------------------------
    (
        "SC508_duplicate_tag.yml",
        &[("SC508", 12, 7, "duplicate tag `attack.command-and-control`")],
    ),
    ("SC508_ok_distinct_tags.yml", &[]),
    // --- SC509 invalid-tag-value --------------------------------------------------------------
    (
        "SC509_invalid_tag_value.yml",
        &[
            ("SC509", 12, 7, "`cve.cve-2021-44228` is not a CVE id"),
            ("SC509", 13, 7, "`cve.21-44228` is not a CVE id"),
            ("SC509", 14, 7, "`car.2016-4-5` is not a CAR analytic"),
            (
                "SC509",
                15,
                7,
                "`stp.9x` is not a Summiting the Pyramid score",
            ),
            ("SC509", 16, 7, "`tlp.white` is not a TLP 2.0 label"),
            ("SC509", 17, 7, "`tlp.purple` is not a TLP 2.0 label"),
            (
                "SC510",
                17,
                7,
                "second TLP tag `tlp.purple`; the rule is already `tlp.white`",
            ),
            (
                "SC509",
                18,
                7,
                "`detection.threat_hunting` is not a Sigma rule type",
            ),
            ("SC509", 19, 7, "`d3fend.d3x-am` is not a D3FEND technique"),
            ("SC509", 20, 7, "`cve.2021.3156` is not a CVE id"),
        ],
    ),
    ("SC509_ok_valid_values.yml", &[]),
    // --- SC510 multiple-tlp-tags ---------------------------------------------------------------
    (
        "SC510_two_tlp_tags.yml",
        &[(
            "SC510",
            13,
            7,
            "second TLP tag `tlp.amber`; the rule is already `tlp.clear`",
        )],
    ),
    ("SC510_ok_one_tlp_tag.yml", &[]),
    // --- SC511 multiple-detection-tags ---------------------------------------------------------
    (
        "SC511_two_detection_tags.yml",
        &[(
            "SC511",
            13,
            7,
            "second detection tag `detection.threat-hunting`; the rule is already `detection.emerging-threats`",
        )],
    ),
    ("SC511_ok_one_detection_tag.yml", &[]),
];

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lints")
}

fn run_with(name: &str, settings: &Settings) -> FileReport {
    check_input(&Input::File(fixtures_dir().join(name)), settings)
}

fn run(name: &str) -> FileReport {
    run_with(name, &Settings::default())
}

fn at(report: &FileReport, offset: usize) -> (usize, usize) {
    let lc = report.source.line_col(offset);
    (lc.line, lc.column)
}

fn ours(report: &FileReport) -> Vec<&Diagnostic> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.code().starts_with("SC5"))
        .collect()
}

/// The one SC5xx diagnostic of `name` at `line`.
fn diag_at(report: &FileReport, line: usize) -> &Diagnostic {
    let found: Vec<_> = ours(report)
        .into_iter()
        .filter(|d| at(report, d.span.start).0 == line)
        .collect();
    assert_eq!(found.len(), 1, "one SC5xx diagnostic on line {line}");
    found[0]
}

#[test]
fn fixtures_give_exactly_the_expected_diagnostics() {
    let mut failures = Vec::new();
    for (file, expected) in FIXTURES {
        let report = run(file);
        let got: Vec<(&str, usize, usize)> = ours(&report)
            .iter()
            .map(|d| {
                let (l, c) = at(&report, d.span.start);
                (d.code(), l, c)
            })
            .collect();
        let want: Vec<(&str, usize, usize)> = expected.iter().map(|e| (e.0, e.1, e.2)).collect();
        if got != want {
            failures.push(format!("{file}: got {got:?}, want {want:?}"));
            continue;
        }
        for (d, e) in ours(&report).iter().zip(expected.iter()) {
            if !d.message.contains(e.3) {
                failures.push(format!("{file}: message `{}` lacks `{}`", d.message, e.3));
            }
            let lint = by_code(e.0).expect("registered lint");
            assert_eq!(d.severity, lint.default_severity);
            assert!(d.help.is_some(), "{file}: {} has no help", d.code());
            let text = &report.source.text[d.span.clone()];
            assert!(
                !text.contains(char::is_whitespace) && !text.is_empty(),
                "{file}: span `{text}` is not one tag"
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_sc5_fixture_is_listed() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("SC5"))
        .collect();
    let listed: BTreeSet<String> = FIXTURES.iter().map(|(f, _)| (*f).to_owned()).collect();
    assert_eq!(on_disk, listed);
}

#[test]
fn severities() {
    for (code, sev) in [
        ("SC501", Severity::Warning),
        ("SC502", Severity::Error),
        ("SC503", Severity::Warning),
        ("SC504", Severity::Warning),
        ("SC505", Severity::Info),
        ("SC506", Severity::Info),
        ("SC507", Severity::Warning),
        ("SC508", Severity::Warning),
        ("SC509", Severity::Warning),
        ("SC510", Severity::Warning),
        ("SC511", Severity::Warning),
    ] {
        assert_eq!(by_code(code).expect(code).default_severity, sev, "{code}");
    }
}

#[test]
fn helps_name_what_to_write() {
    let r = run("SC501_unknown_namespace.yml");
    assert_eq!(
        diag_at(&r, 10).help.as_deref(),
        Some("write `attack.command-and-control`")
    );
    assert_eq!(
        diag_at(&r, 11).help.as_deref(),
        Some("write `attack.t1059.003`")
    );
    assert_eq!(
        diag_at(&r, 12).help.as_deref(),
        Some("write `attack.t1105`")
    );

    let r = run("SC502_unknown_attack_tag.yml");
    assert!(
        diag_at(&r, 13)
            .help
            .as_deref()
            .is_some_and(|h| h.contains("has no sub-techniques; write `attack.t1105`"))
    );
    assert!(
        diag_at(&r, 14)
            .help
            .as_deref()
            .is_some_and(|h| h.contains("sub-techniques `.001` to `.013`"))
    );
    assert_eq!(
        diag_at(&r, 15).help.as_deref(),
        Some("write `attack.command-and-control`")
    );

    let r = run("SC503_revoked_technique.yml");
    let d = diag_at(&r, 13);
    assert_eq!(
        d.help.as_deref(),
        Some("write `attack.t1685` (Disable or Modify Tools)")
    );
    assert!(
        d.label
            .as_deref()
            .is_some_and(|l| l.contains("T1685 has the same name"))
    );
    assert_eq!(
        diag_at(&r, 16).help.as_deref(),
        Some("write `attack.g0016` (APT29)")
    );

    let r = run("SC504_defense_evasion_split.yml");
    assert!(
        diag_at(&r, 10)
            .help
            .as_deref()
            .is_some_and(|h| h.starts_with("write `attack.defense-impairment`"))
    );
    let r = run("SC504_defense_evasion_to_stealth.yml");
    assert!(
        diag_at(&r, 10)
            .help
            .as_deref()
            .is_some_and(|h| h.starts_with("write `attack.stealth`"))
    );
    let r = run("SC504_legacy_tactic_name.yml");
    assert_eq!(
        diag_at(&r, 10).help.as_deref(),
        Some("write `attack.command-and-control`")
    );
    assert_eq!(
        diag_at(&r, 12).help.as_deref(),
        Some("write `attack.command-and-control`")
    );

    let r = run("SC505_technique_without_tactic.yml");
    assert_eq!(
        diag_at(&r, 10).help.as_deref(),
        Some("add `attack.command-and-control`")
    );

    let r = run("SC507_technique_moved_in_v19.yml");
    assert!(
        diag_at(&r, 11)
            .label
            .as_deref()
            .is_some_and(|l| l.contains("moved `T1574.001` out of Persistence"))
    );

    let r = run("SC507_legacy_tactic_fits_no_technique.yml");
    assert_eq!(
        diag_at(&r, 8).help.as_deref(),
        Some(
            "remove `attack.defense_evasion`, or add the Stealth or Defense Impairment technique \
             the rule detects and write the tactic `attack.stealth` or `attack.defense-impairment`"
        )
    );
    assert_eq!(
        diag_at(&r, 9).help.as_deref(),
        Some(
            "remove `attack.privilege_escalation`, or add the Privilege Escalation technique the \
             rule detects and write the tactic `attack.privilege-escalation`"
        )
    );
    assert!(diag_at(&r, 9).fix.is_none());
    // A current name is left as it is.
    let r = run("SC507_tactic_technique_mismatch.yml");
    assert_eq!(
        diag_at(&r, 11).help.as_deref(),
        Some("remove `attack.persistence`, or add the Persistence technique the rule detects")
    );

    let r = run("SC509_invalid_tag_value.yml");
    assert_eq!(
        diag_at(&r, 12).help.as_deref(),
        Some("write `cve.2021-44228`")
    );
    assert_eq!(
        diag_at(&r, 14).help.as_deref(),
        Some("write `car.2016-04-005`")
    );
    assert_eq!(
        diag_at(&r, 20).help.as_deref(),
        Some("write `cve.2021-3156`")
    );
    assert!(
        diag_at(&r, 16)
            .help
            .as_deref()
            .is_some_and(|h| h.contains("write `tlp.clear`"))
    );
    assert_eq!(
        diag_at(&r, 18).help.as_deref(),
        Some("write `detection.threat-hunting`")
    );
}

#[test]
fn duplicate_tag_labels_the_first_occurrence() {
    let r = run("SC508_duplicate_tag.yml");
    let d = diag_at(&r, 12);
    assert_eq!(d.secondary.len(), 1);
    assert_eq!(at(&r, d.secondary[0].span.start), (10, 7));
    assert_eq!(d.secondary[0].message, "first listed here");
}

#[test]
fn a_second_tlp_or_detection_tag_labels_the_first() {
    for (file, first) in [
        ("SC510_two_tlp_tags.yml", "first TLP tag here"),
        ("SC511_two_detection_tags.yml", "first detection tag here"),
    ] {
        let r = run(file);
        let d = diag_at(&r, 13);
        assert_eq!(d.secondary.len(), 1, "{file}");
        assert_eq!(at(&r, d.secondary[0].span.start), (12, 7), "{file}");
        assert_eq!(d.secondary[0].message, first, "{file}");
    }
}

#[test]
fn quoted_tags_are_spanned_inside_the_quotes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("quoted.yml");
    std::fs::write(
        &path,
        "title: Quoted Tags\nid: 0b7c6a3e-5d2f-4e8a-9c1b-2f3e4d5a6b7c\nstatus: test\ntags:\n    - 'attack.execution'\n    - \"attack.t9999\"\nlogsource:\n    category: process_creation\n    product: windows\ndetection:\n    selection:\n        Image|endswith: '\\x.exe'\n    condition: selection\nlevel: low\n",
    )
    .expect("write");
    let r = check_input(&Input::File(path), &Settings::default());
    let d: Vec<_> = ours(&r);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].code(), "SC502");
    assert_eq!(at(&r, d[0].span.start), (6, 8));
    assert_eq!(&r.source.text[d[0].span.clone()], "attack.t9999");
}

/// Checked against ATT&CK v18.1 (`--attack-data`), the v19 names are unknown and the old ones
/// are current.
#[test]
#[cfg_attr(not(shared_attack), ignore = "needs ../shared/attack (absent)")]
fn user_supplied_attack_data_changes_the_verdicts() {
    let bundle = common::shared("attack/enterprise-attack-18.1.json");
    let attack = Attack::from_stix_file(&bundle).expect("18.1 bundle loads");
    let settings = Settings {
        attack: Arc::new(attack),
        ..Settings::default()
    };

    // `attack.defense-evasion` is the 18.1 tactic of T1140, so no SC504 there.
    let r = run_with("SC504_defense_evasion_to_stealth.yml", &settings);
    assert!(ours(&r).is_empty(), "{:?}", ours(&r));
    // T1562.001 is active in 18.1; T1685 and `defense-impairment` do not exist yet.
    let r = run_with("SC503_ok_current_ids.yml", &settings);
    let got: Vec<_> = ours(&r)
        .iter()
        .map(|d| (d.code(), at(&r, d.span.start).0))
        .collect();
    assert_eq!(got, [("SC502", 12), ("SC502", 13)], "{:?}", ours(&r));
    assert_eq!(
        ours(&r)[1].label.as_deref(),
        Some("ATT&CK v18.1 has no technique `T1685`")
    );
}
