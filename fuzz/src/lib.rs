//! The fuzz harnesses, shared by the libFuzzer targets (`fuzz_targets/`) and the plain runner
//! (`src/bin/run.rs`). Each takes arbitrary bytes and must return without panicking; a panic,
//! a stack overflow or a hang is the finding.

use std::io::Write;
use std::path::PathBuf;
use std::sync::OnceLock;

use sigscope::check::check_paths;

use sigscope::settings::Settings;
use sigscope::report;

/// The harness names, in the order the runner runs them.
pub const TARGETS: &[&str] = &[
    "yaml_tree",
    "condition",
    "check_file",
    "render_rule_page",
    "fix_file",
    "yaml_fast",
];

/// Runs the harness `name` on `data`; `None` if there is no such harness.
pub fn run(name: &str, data: &[u8]) -> Option<()> {
    match name {
        "yaml_tree" => yaml_tree(data),
        "condition" => condition(data),
        "check_file" => check_file(data),
        "render_rule_page" => render_rule_page(data),
        "fix_file" => fix_file(data),
        "yaml_fast" => yaml_fast(data),
        _ => return None,
    }
    Some(())
}

/// YAML text → spanned tree: every span must lie on character boundaries of the input.
pub fn yaml_tree(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = sigscope::yaml::parse(text);
    for doc in &parsed.documents {
        let mut stack = vec![doc];
        while let Some(node) = stack.pop() {
            assert!(
                text.get(node.span.clone()).is_some(),
                "span {:?}",
                node.span
            );
            match &node.kind {
                sigscope::yaml::NodeKind::Scalar(_) => {}
                sigscope::yaml::NodeKind::Sequence(items) => stack.extend(items),
                sigscope::yaml::NodeKind::Mapping(entries) => {
                    for e in entries {
                        stack.push(&e.key);
                        stack.push(&e.value);
                    }
                }
            }
        }
    }
}

/// The fast YAML path against saphyr-parser: wherever the fast path takes an input, saphyr-parser
/// must find no error in it and build the same tree, spans, styles and types included.
pub fn yaml_fast(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Some(fast) = sigscope::yaml::parse_fast(text) else {
        return;
    };
    let slow = sigscope::yaml::parse_saphyr(text);
    assert!(
        slow.errors.is_empty(),
        "fast path took an input saphyr-parser rejects: {:?}",
        slow.errors
    );
    // Debug text, not `PartialEq`: a `.nan` scalar must compare equal to itself.
    assert_eq!(
        format!("{:?}", fast.documents),
        format!("{:?}", slow.documents)
    );
}

/// The condition parser, on the condition text alone.
pub fn condition(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    use sigscope::sigma::condition;
    match condition::parse(text) {
        Ok(c) => condition::walk_all(&c.expr, &mut |e| {
            let span = e.span();
            assert!(text.get(span.clone()).is_some(), "{span:?} in {text:?}");
        }),
        Err(e) => assert!(
            text.get(e.span.clone()).is_some(),
            "{:?} in {text:?}",
            e.span
        ),
    }
}

fn scratch() -> &'static PathBuf {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = DIR.get_or_init(|| tempfile::tempdir().expect("temporary directory"));
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| dir.path().to_path_buf())
}

fn write_rule(dir: &std::path::Path, data: &[u8]) -> PathBuf {
    let path = dir.join("rule.yml");
    let mut f = std::fs::File::create(&path).expect("write the input");
    f.write_all(data).expect("write the input");
    path
}

/// The whole check of one file as the CLI runs it (read, UTF-8, YAML, schema, model, lints,
/// pack phase), then both report formats (which turn every span into lines and columns).
pub fn check_file(data: &[u8]) {
    let path = write_rule(scratch(), data);
    let report = check_paths(&[path], &Settings::default());
    let _ = report::json::render(&report);
    let _ = report::human::render(&report, report::human::Options::default());
}

/// `sigscope check --fix --unsafe-fixes` on one file's text: every fix applied must leave YAML
/// that parses as well as before (a fix may never turn a valid file into a broken one), and
/// applying the fixes again to the result must not panic either.
pub fn fix_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = std::path::Path::new("rule.yml");
    let settings = Settings::default();
    let options = sigscope::fix::Options { unsafe_fixes: true };
    let Some(fixed) = sigscope::fix::fix_text(path, text, &settings, options, &|_| {}) else {
        return;
    };
    assert_ne!(fixed.fixed, text);
    if sigscope::yaml::parse(text).errors.is_empty() {
        let after = sigscope::yaml::parse(&fixed.fixed);
        assert!(
            after.errors.is_empty(),
            "a fix broke the YAML: {:?}\n--- before\n{text}\n--- after\n{}",
            after.errors,
            fixed.fixed
        );
    }
    let _ = sigscope::fix::fix_text(path, &fixed.fixed, &settings, options, &|_| {});
}

/// `sigscope site` on a pack of this one file: the rule page (and every other page) rendered.
/// There is no public "render one rule page" function, so this builds the whole small site.
pub fn render_rule_page(data: &[u8]) {
    let root = scratch().join("site");
    let pack = root.join("pack");
    std::fs::create_dir_all(&pack).expect("pack directory");
    let path = write_rule(&pack, data);
    let opts = sigscope::site::Options {
        force: true,
        ..Default::default()
    };
    if let Err(e) = sigscope::site::build(&[path], &root.join("out"), &opts, &|_| {}) {
        panic!("site build failed on one file: {e}");
    }
}
