//! Raw control characters in a rule are a YAML error where they are (the fixture
//! `tests/fixtures/cli/control_raw.yml` holds raw `ESC[2J`, `ESC]0;PWNED BEL`, U+009B and DEL);
//! written as escapes in double-quoted strings they are valid YAML, and fixes write them so.

use std::path::Path;

use sigscope::check::check_source;
use sigscope::settings::Settings;
use sigscope::source::SourceFile;

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cli")
        .join(name);
    std::fs::read_to_string(path).expect("fixture")
}

/// Library-level positions: code, line and column (in characters) of each raw control
/// character, whatever comes before it on its line.
#[test]
fn raw_control_characters_are_yaml_errors_at_their_position() {
    /// Code, line and column.
    type At = (&'static str, usize, usize);
    let cases: [(&str, &[At]); 6] = [
        ("title: a\u{1b}[2J\n", &[("SC001", 1, 9)]),
        (
            "title: é—\u{9b}x\u{7f}\n",
            &[("SC001", 1, 10), ("SC001", 1, 12)],
        ),
        ("\u{feff}a: 1\r\nb: '\u{7}'\r\n", &[("SC001", 2, 5)]),
        (
            "a: 1\n# \u{1b}]0;PWNED\u{7}\n",
            &[("SC001", 2, 3), ("SC001", 2, 12)],
        ),
        // A second document after a good one: the whole file is refused.
        ("title: a\n---\ntitle: \u{8}\n", &[("SC001", 3, 8)]),
        // NEL is printable YAML, and escapes are not raw characters.
        ("title: \"\\e[2J\\x9b\"\nx: a\u{85}b\n", &[]),
    ];
    for (text, want) in cases {
        let source = SourceFile::new("rule.yml", text);
        let found: Vec<At> = check_source(&source, &Settings::default())
            .iter()
            .filter(|d| d.code().starts_with("SC0"))
            .map(|d| {
                let at = source.line_col(d.span.start);
                (d.code(), at.line, at.column)
            })
            .collect();
        assert_eq!(found, want, "{}", text.escape_debug());
    }
    // No Sigma lint runs on a file with a raw control character, even in a good document.
    let source = SourceFile::new("rule.yml", fixture("control_raw.yml"));
    let codes: Vec<&str> = check_source(&source, &Settings::default())
        .iter()
        .map(|d| d.code())
        .collect();
    assert_eq!(codes, ["SC001"; 5]);
}

/// A fix that rewrites a value holding a control character (here lower-casing a key and a log
/// source value written with `\e`) writes it as an escape: the file stays valid YAML.
#[test]
fn fixes_write_control_characters_as_escapes() {
    let text = fixture("clean.yml")
        .replace(
            "    category: process_creation",
            "    category: \"Process\\e[2J\"",
        )
        .replace("level: medium", "level: medium\n\"Simulation\\x9b\": x");
    let options = sigscope::fix::Options { unsafe_fixes: true };
    let fixed = sigscope::fix::fix_text(
        Path::new("rule.yml"),
        &text,
        &Settings::default(),
        options,
        &|_| {},
    )
    .expect("fixed");
    let changed: Vec<&str> = fixed
        .fixed
        .lines()
        .filter(|l| !text.lines().any(|t| t == *l))
        .collect();
    assert_eq!(
        changed,
        [
            "    category: \"process\\x1b[2j\"",
            "\"simulation\\x9b\": x"
        ]
    );
    assert!(sigscope::yaml::parse(&fixed.fixed).errors.is_empty());
}
