//! The fast YAML path against saphyr-parser: wherever the fast path takes a file, its tree
//! (spans, values, styles, types) must equal the one saphyr-parser builds, and it must take
//! nearly every real rule. The corpus lives next to the project in `../shared`; without it that
//! test is ignored, with the reason.

#![allow(clippy::print_stderr)]

mod common;

use std::path::{Path, PathBuf};

use sigscope::yaml::{parse_fast, parse_saphyr};

/// Whether the fast path took `text`; panics if it took it and disagreed with saphyr-parser.
fn agrees(text: &str, name: &str) -> bool {
    let Some(fast) = parse_fast(text) else {
        return false;
    };
    let slow = parse_saphyr(text);
    assert!(
        slow.errors.is_empty(),
        "{name}: fast path accepted a file saphyr-parser rejects: {:?}\n{text}",
        slow.errors
    );
    // Debug output compares NaN floats as equal text, unlike `PartialEq`.
    assert_eq!(
        format!("{:#?}", fast.documents),
        format!("{:#?}", slow.documents),
        "{name}: trees differ for\n{text}"
    );
    true
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yml" || e == "yaml") {
            out.push(path);
        }
    }
}

/// (files, taken by the fast path)
fn run_dir(dir: &Path) -> (usize, usize) {
    let mut files = Vec::new();
    yaml_files(dir, &mut files);
    let mut taken = 0;
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        if agrees(&text, &path.display().to_string()) {
            taken += 1;
        }
    }
    (files.len(), taken)
}

#[test]
fn takes_the_sigma_subset_and_agrees() {
    let cases = [
        "a: 1\nb:\nc:\n  - x\n  - y: 1\n    z: 2\nd:\n- e\ne: |\n  l1\n\n  l2\nf: m1\n  m2\n\n  m3 # c\n",
        "a:   # c\nb:\n  -\n  - \n    k: v\n  - [x, \"y\", z ]\n  - []\nc: \"q\\\\x\"  # c\n\"k 2\": 'it''s'\n",
        "d: |\n  l1\n\n\ne: |-\n    l1\n     l2\n\n\nf: |+\n  x\n\ng: |\n  y",
        "x:\n  d: |\n    l1\n\n  e: x\n  f: |\n    l2\n  # comment\ny: |\n  l3\n # c\nz:\n  -   # c\n  - \n",
        "# lead\n\ntitle: t # c\n---\ntitle: u\n---  # c\n- a\n- b: c\n  d: [1, 2.5, ~, true, 0x1F]\n",
        "a:\n  b\n  c\n\n  d\nz: \"\\u00e9\\x41\\t\\N\\/\" \n",
        "detection:\n    selection:\n        CommandLine|contains|all:\n            - ' -enc '\n            - 'C:\\Windows\\'\n        # note\n        Image|endswith: '\\x.exe'\n    condition: selection and not 1 of filter_*\n",
        "k: v\nlist:\n- a\n- 'b'\n-\n  - nested\n- k: v\n  l:\n  - x\nend: yes\n",
        "a: http://x.y/z#frag\nb: x#y\nc: é: no\n",
        "a: |\n  x\n",
        "a: |+\n  x\n\n\n",
        "a: |\n  x\n  ",
        "a: 'x'\n# c\n   # d\nb: 1",
        "- a\n-",
        "- [a,b]\n",
        "a: [a , 'b c']  # x\n",
        "a: -1\nb: -x\nc: 1e3\nd: .nan\ne: -.inf\n",
    ];
    for (i, text) in cases.iter().enumerate() {
        agrees(text, &format!("case {i}"));
    }
    // The first cases are the shapes Sigma rules use: they must take the fast path.
    for (i, text) in cases.iter().take(8).enumerate() {
        assert!(parse_fast(text).is_some(), "case {i} fell back:\n{text}");
    }
}

#[test]
fn leaves_the_rest_to_saphyr() {
    for text in [
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a:\n\t- b\n",
        "a: 1\r\nb: 2\r\n",
        "\u{feff}a: 1\n",
        "a: 1\na: 2\n",
        "a: b: c\n",
        "a: 'x' y\n",
        "a: 'x\n  y'\n",
        "a: >\n  folded\n",
        "a: {b: c}\n",
        "a: [b, [c]]\n",
        "a: [b,\n  c]\n",
        "? a\n: b\n",
        "a: 1\n  b: 2\n",
        "a: x\n  - y\n",
        "a:\n  - x\n  b: 1\n",
        "---\n",
        "",
        "# only a comment\n",
        "plain scalar document\n",
        "a: 1\n...\n",
        "a: \"\\q\"\n",
        "a: |2\n  x\n",
        "a: |\n\n  x\n",
        "a: 'x'#c\n",
        "key : v\n",
        "a: %x\n",
        "a: x\u{1b}[2J\n",
        "a: x\u{7f}\n",
        "a: x\u{9b}y\n",
        "a: x\u{85}y\n",
    ] {
        assert!(parse_fast(text).is_none(), "fast path took:\n{text}");
    }
}

#[test]
fn agrees_on_every_fixture() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let (files, taken) = run_dir(&fixtures);
    eprintln!("fast path took {taken} of {files} fixture files");
    assert!(files > 100, "{files} fixture files");
    assert!(
        taken * 10 > files * 6,
        "{taken} of {files} fixtures took the fast path"
    );
}

#[test]
#[cfg_attr(not(shared_corpus), ignore = "needs ../shared/corpus/sigmahq (absent)")]
fn takes_nearly_all_of_the_corpus() {
    let (files, taken) = run_dir(&common::shared("corpus/sigmahq"));
    eprintln!("fast path took {taken} of {files} corpus files");
    assert!(files > 3000, "{files} corpus files");
    // The few that fall back use tabs, anchors or folded scalars, or are broken.
    assert!(
        taken * 100 >= files * 99,
        "only {taken} of {files} corpus files took the fast path"
    );
}
