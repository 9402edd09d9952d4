//! End-to-end tests of inline suppressions: `# sigscope: ignore[…]` on the offending line or
//! the line above, `# sigscope: ignore-file[…]`, group prefixes, and SC010 for a suppression
//! that suppresses nothing. The rules are copies of `fixtures/config/rule.yml` (one SC103
//! finding, `level: meduim`, on line 22).

mod common;
use common::*;

/// Checks `text` as `a.yml` in a fresh directory.
fn check(text: &str) -> (i32, Vec<String>) {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "a.yml", text);
    findings(tmp.path(), &["a.yml"])
}

#[test]
fn a_suppression_on_the_offending_line() {
    let text = rule(1).replace("level: meduim", "level: meduim  # sigscope: ignore[SC103]");
    assert_eq!(check(&text), (0, vec![]));
    // A group prefix, in a list, with a reason after the bracket.
    let text = rule(1).replace(
        "level: meduim",
        "level: meduim # sigscope: ignore[SC5, sc1] fixed upstream",
    );
    assert_eq!(
        check(&text),
        (0, vec![String::from("a.yml:22 SC010 warning")])
    );
}

#[test]
fn a_suppression_on_the_line_above() {
    let text = rule(1).replace(
        "level: meduim",
        "# sigscope: ignore[SC103]\n# another comment\n\nlevel: meduim",
    );
    assert_eq!(check(&text), (0, vec![]));
    // It does not reach further than the next line.
    let text = rule(1).replace(
        "falsepositives:",
        "# sigscope: ignore[SC103]\nfalsepositives:",
    );
    assert_eq!(
        check(&text),
        (
            1,
            vec![
                String::from("a.yml:20 SC010 warning"),
                String::from("a.yml:23 SC103 error")
            ]
        )
    );
}

#[test]
fn a_file_wide_suppression() {
    let text = format!("{}# sigscope: ignore-file[SC1]\n", rule(1));
    assert_eq!(check(&text), (0, vec![]));
    let text = format!("# sigscope: ignore-file[SC103]\n{}", rule(1));
    assert_eq!(check(&text), (0, vec![]));
}

#[test]
fn an_unused_suppression_is_reported() {
    let text = rule(1).replace("status: test", "status: test  # sigscope: ignore[SC103]");
    assert_eq!(
        check(&text),
        (
            1,
            vec![
                String::from("a.yml:3 SC010 warning"),
                String::from("a.yml:22 SC103 error")
            ]
        )
    );
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "a.yml", &text);
    let r = sigscope(tmp.path(), &["check", "a.yml"]);
    assert!(
        r.stdout.starts_with(
            "a.yml:3:15: SC010 unused-suppression\n  ⚠ suppression `# sigscope: ignore[SC103]` suppresses nothing on the line it applies to\n"
        ),
        "{}",
        r.stdout
    );
    // A code whose lint is off in this run is not judged.
    let r = findings(tmp.path(), &["--ignore", "SC103", "a.yml"]);
    assert_eq!(r, (0, vec![]));
}

#[test]
fn comment_lookalikes_in_strings_and_block_scalars_do_not_suppress() {
    let text = rule(1).replace(
        "description: Detects certutil used to download a file from a remote URL.",
        "description: 'not a comment # sigscope: ignore-file[SC1]'\nnotes: |\n    # sigscope: ignore-file[SC1]",
    );
    let (code, got) = check(&text);
    assert_eq!(code, 1);
    assert!(
        got.contains(&String::from("a.yml:24 SC103 error")),
        "{got:?}"
    );
    assert!(!got.iter().any(|g| g.contains("SC010")), "{got:?}");
}

#[test]
fn a_malformed_suppression_is_reported_and_suppresses_nothing() {
    let text = rule(1).replace("level: meduim", "# sigscope ignore[SC103]\nlevel: meduim");
    assert_eq!(
        check(&text),
        (
            1,
            vec![
                String::from("a.yml:22 SC011 warning"),
                String::from("a.yml:23 SC103 error")
            ]
        )
    );
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "a.yml", &text);
    let r = sigscope(tmp.path(), &["check", "a.yml", "--format", "concise"]);
    assert!(
        r.stdout.starts_with(
            "a.yml:22:1: SC011 malformed suppression `# sigscope ignore[SC103]`: `sigscope` must be followed by `:`\n"
        ),
        "{}",
        r.stdout
    );
    // Prose that mentions sigscope is no suppression.
    let text = rule(1).replace(
        "level: meduim",
        "# checked by sigscope in CI; sigscope ignores nothing\nlevel: meduim",
    );
    assert_eq!(
        check(&text),
        (1, vec![String::from("a.yml:23 SC103 error")])
    );
}
