//! Fixture tests for the suppression lints: SC010 unused-suppression and SC011
//! malformed-suppression. Suppressions are applied after every lint (in
//! [`sigscope::check::check_paths`]), so each fixture is checked as a one-file pack and every
//! finding is compared, as `(code, line, column, message substring)`.

use std::path::{Path, PathBuf};

use sigscope::check::check_paths;

use sigscope::settings::Settings;

type Expected = (&'static str, usize, usize, &'static str);

const FIXTURES: &[(&str, &[Expected])] = &[
    (
        "SC010_unused_suppression.yml",
        &[
            (
                "SC010",
                1,
                38,
                "suppression `# sigscope: ignore[SC203]` suppresses nothing on the line it applies to",
            ),
            (
                "SC010",
                22,
                27,
                "`SC4` in this suppression suppresses nothing",
            ),
            (
                "SC010",
                24,
                1,
                "suppression `# sigscope: ignore-file[SC5]` suppresses nothing in this file",
            ),
        ],
    ),
    ("SC010_ok_used_suppressions.yml", &[]),
    (
        "SC011_malformed_suppression.yml",
        &[
            ("SC011", 22, 1, "expected a list of codes in brackets"),
            ("SC011", 23, 1, "unknown sigscope directive"),
            ("SC011", 24, 20, "unknown lint code or prefix `SC9999`"),
            // `ignore SC103` is malformed, `ignore[SC9999, SC103]` still suppresses SC103.
        ],
    ),
];

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/lints")
        .join(name)
}

#[test]
fn suppression_fixtures() {
    for (name, expected) in FIXTURES {
        let report = check_paths(&[fixture(name)], &Settings::default()).expect("fixture exists");
        let file = &report.files[0];
        let got: Vec<(&str, usize, usize, &str)> = file
            .diagnostics
            .iter()
            .map(|d| {
                let at = file.source.line_col(d.span.start);
                (d.code(), at.line, at.column, d.message.as_str())
            })
            .collect();
        assert_eq!(got.len(), expected.len(), "{name}: {got:#?}");
        for (g, e) in got.iter().zip(expected.iter()) {
            assert_eq!((g.0, g.1, g.2), (e.0, e.1, e.2), "{name}: {got:#?}");
            assert!(g.3.contains(e.3), "{name}: `{}` lacks `{}`", g.3, e.3);
        }
    }
}

#[test]
fn suppression_lints_can_be_turned_off() {
    let mut settings = Settings::default();
    settings.selection.ignore = vec![String::from("SC010"), String::from("SC011")];
    for (name, _) in FIXTURES {
        let report = check_paths(&[fixture(name)], &settings).expect("fixture exists");
        let codes: Vec<_> = report.files[0]
            .diagnostics
            .iter()
            .map(|d| d.code())
            .collect();
        assert!(codes.is_empty(), "{name}: {codes:?}");
    }
}
