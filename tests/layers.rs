//! The library's top-level modules form layers, and a module only uses the layers below it
//! (README, *Tour of the code*). This test reads every `crate::module` path in `src/` (and
//! `sigscope::module` in the binary) and fails on a path that points up or sideways into a
//! cycle, and on a top-level module that is in no layer.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Lowest first. Within a layer, modules may use each other as long as there is no cycle.
const LAYERS: &[(&str, &[&str])] = &[
    ("text", &["source", "walk"]),
    ("syntax", &["yaml"]),
    ("model", &["attack", "sigma"]),
    ("lint metadata", &["lint", "diagnostics"]),
    ("settings", &["settings"]),
    ("lints", &["lints"]),
    ("configuration", &["config"]),
    ("pipeline", &["check", "suppress"]),
    ("workflows", &["fix", "baseline"]),
    ("front ends", &["coverage", "report", "server", "site"]),
    ("binary", &["cli", "main"]),
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, ms)| ms.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file of `src/` belongs to (`src/lints/values/mod.rs` → `lints`).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib").then(|| name.to_owned())
}

/// The modules a file's code names as `crate::m` (or `sigscope::m` from the binary), with the
/// line of each; comments are left out.
fn uses(text: &str, root: &str) -> Vec<(String, usize)> {
    let needle = format!("{root}::");
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or_default();
        let mut rest = code;
        while let Some(at) = rest.find(&needle) {
            let before = rest[..at].chars().next_back();
            rest = &rest[at + needle.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
                continue;
            }
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && name.chars().next().is_some_and(char::is_lowercase) {
                out.push((name, i + 1));
            }
        }
    }
    out
}

/// module → (used module → first place it is used).
fn graph() -> BTreeMap<String, BTreeMap<String, String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut graph: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for file in files {
        let Some(module) = module_of(&src, &file) else {
            continue;
        };
        let text = std::fs::read_to_string(&file).expect("readable source");
        let root = if module == "main" {
            "sigscope"
        } else {
            "crate"
        };
        let edges = graph.entry(module.clone()).or_default();
        for (used, line) in uses(&text, root) {
            if used != module {
                let place = format!(
                    "{}:{line}",
                    file.strip_prefix(&src).unwrap_or(&file).display()
                );
                edges.entry(used).or_insert(place);
            }
        }
    }
    graph
}

#[test]
fn every_module_is_in_a_layer() {
    let unplaced: Vec<String> = graph()
        .into_keys()
        .filter(|m| layer_of(m).is_none())
        .collect();
    assert!(
        unplaced.is_empty(),
        "top-level modules in no layer of tests/layers.rs: {unplaced:?}"
    );
}

#[test]
fn no_module_uses_a_layer_above_it() {
    let mut wrong = Vec::new();
    for (module, edges) in graph() {
        let Some(mine) = layer_of(&module) else {
            continue;
        };
        for (used, place) in edges {
            match layer_of(&used) {
                Some(theirs) if theirs > mine => wrong.push(format!(
                    "{place}: `{module}` ({}) uses `{used}` ({})",
                    LAYERS[mine].0, LAYERS[theirs].0
                )),
                None => wrong.push(format!("{place}: `{module}` uses `{used}`, in no layer")),
                _ => {}
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "uses of a higher layer:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn top_level_modules_have_no_cycle() {
    let graph = graph();
    // Depth-first search for a back edge, reporting the cycle it closes.
    fn visit(
        m: &str,
        graph: &BTreeMap<String, BTreeMap<String, String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|s| s == m) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(m.to_owned());
            return Some(cycle);
        }
        if done.contains(m) {
            return None;
        }
        stack.push(m.to_owned());
        for used in graph.get(m).into_iter().flat_map(BTreeMap::keys) {
            if let Some(c) = visit(used, graph, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(m.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    for m in graph.keys() {
        let cycle = visit(m, &graph, &mut Vec::new(), &mut done);
        assert!(
            cycle.is_none(),
            "import cycle: {}",
            cycle.unwrap_or_default().join(" → ")
        );
    }
}

#[test]
fn the_checker_sees_what_it_should() {
    // The scanner itself: paths in code count, comments and longer names do not.
    let text =
        "use crate::check::Report;\nlet x = crate::lints::ALL; // crate::site\nmy_crate::foo\n";
    let found: Vec<String> = uses(text, "crate").into_iter().map(|(m, _)| m).collect();
    assert_eq!(found, ["check", "lints"]);
}
