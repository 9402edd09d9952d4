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
            (
                "SC011",
                7,
                31,
                "`# sigscope ignore[SC210]`: `sigscope` must be followed by `:`",
            ),
            (
                "SC011",
                22,
                1,
                "`# sigscope: ignore SC103`: the codes go in square brackets",
            ),
            ("SC011", 23, 1, "unknown directive `disable`"),
            ("SC011", 24, 1, "`sigscope` must be followed by `:`"),
            ("SC011", 25, 1, "`sigscope` must be followed by `:`"),
            (
                "SC011",
                26,
                1,
                "the marker is written `sigscope`, not `Sigscope`",
            ),
            (
                "SC011",
                27,
                1,
                "the marker is written `sigscope`, not `SIGSCOPE`",
            ),
            (
                "SC011",
                28,
                1,
                "`# sigscope: ignore(SC305)`: the codes go in square brackets",
            ),
            (
                "SC011",
                29,
                1,
                "`# sigscope: ignore:SC305, SC103 reason`: the codes go in",
            ),
            ("SC011", 30, 1, "`noqa` is not a sigscope directive"),
            ("SC011", 31, 1, "`NOQA` is not a sigscope directive"),
            ("SC011", 32, 1, "`sigscop` is not the marker `sigscope`"),
            ("SC011", 33, 1, "`sigscpoe` is not the marker `sigscope`"),
            ("SC011", 34, 1, "`sigsope` is not the marker `sigscope`"),
            ("SC011", 35, 1, "`sigscope` must be followed by `:`"),
            ("SC011", 36, 1, "write the directive `Ignore` in lowercase"),
            ("SC011", 37, 1, "unknown directive `ingore`"),
            ("SC011", 38, 1, "no directive after `sigscope:`"),
            (
                "SC011",
                39,
                1,
                "`# sigscope: ignore[]`: no code in the brackets",
            ),
            ("SC011", 40, 20, "unknown lint code or prefix `SC9999`"),
            // `ignore[SC9999, SC103]` still suppresses SC103 on `level: meduim`.
        ],
    ),
    // Prose that mentions sigscope, other tools' comments, `#` inside strings and block
    // scalars; `#sigscope:ignore[SC1]` and `# sigscope : ignore [SC103]` suppress SC103.
    ("SC011_ok_not_suppressions.yml", &[]),
];

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/lints")
        .join(name)
}

#[test]
fn suppression_fixtures() {
    for (name, expected) in FIXTURES {
        let report = check_paths(&[fixture(name)], &Settings::default());
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
fn malformed_suppressions_say_what_to_write() {
    let report = check_paths(
        &[fixture("SC011_malformed_suppression.yml")],
        &Settings::default(),
    );
    let file = &report.files[0];
    let help = |line: usize| -> &str {
        file.diagnostics
            .iter()
            .find(|d| file.source.line_col(d.span.start).line == line)
            .and_then(|d| d.help.as_deref())
            .expect("a finding with help")
    };
    let generic = "write `# sigscope: ignore[SC301]` or `# sigscope: ignore-file[SC301]` with the codes to suppress";
    let cases = [
        (22, "write `# sigscope: ignore[SC103]`"),
        (23, "write `# sigscope: ignore[SC103]`"),
        (24, "write `# sigscope: ignore[SC305]`"),
        (25, "write `# sigscope: ignore[SC305] missing colon`"),
        (27, "write `# sigscope: ignore-file[SC305]`"),
        (28, "write `# sigscope: ignore[SC305]`"),
        (29, "write `# sigscope: ignore[SC305, SC103] reason`"),
        (30, generic),
        (31, "write `# sigscope: ignore[SC305]`"),
        (32, "write `# sigscope: ignore[SC305]`"),
        (35, "write `# sigscope: ignore-file[SC305]`"),
        (37, "write `# sigscope: ignore[SC305]`"),
        (38, generic),
        (39, generic),
    ];
    for (line, expected) in cases {
        assert_eq!(help(line), expected, "line {line}");
    }
}

#[test]
fn suppression_lints_can_be_turned_off() {
    let mut settings = Settings::default();
    settings.selection.ignore = vec![String::from("SC010"), String::from("SC011")];
    for (name, _) in FIXTURES {
        let report = check_paths(&[fixture(name)], &settings);
        let codes: Vec<_> = report.files[0]
            .diagnostics
            .iter()
            .map(|d| d.code())
            .collect();
        assert!(codes.is_empty(), "{name}: {codes:?}");
    }
}
