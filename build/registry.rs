//! Generates the lint registry from the lint files, so that declaring a lint in its own file is
//! all it takes for it to be listed, documented, selectable and run.
//!
//! Every folder `src/lints/<group>/` is a lint group. Each `.rs` file in it but `mod.rs` becomes
//! a public module of the group whose body is the file (`$OUT_DIR/lints/<group>.rs`, included
//! by the group's `mod.rs`),
//! and each file that declares a lint with `declare_lint!` is an entry of `REGISTRY`
//! (`$OUT_DIR/lints/registry.rs`, included by `src/lints/mod.rs`), sorted by code, with the
//! file's `HOOKS` when it has them.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

struct LintFile {
    module: String,
    code: String,
    static_name: String,
    has_hooks: bool,
}

pub fn generate() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo")).join("lints");
    let lints_dir = manifest.join("src/lints");
    println!("cargo::rerun-if-changed=src/lints");
    std::fs::create_dir_all(&out).expect("create $OUT_DIR/lints");

    let mut registry: Vec<(String, String)> = Vec::new();
    for group in sorted_entries(&lints_dir)
        .into_iter()
        .filter(|p| p.is_dir())
    {
        let group_name = file_stem(&group);
        let mut code = String::new();
        let mut lints: Vec<LintFile> = Vec::new();
        for file in sorted_entries(&group) {
            if file.extension().is_none_or(|e| e != "rs") || file_stem(&file) == "mod" {
                continue;
            }
            let module = file_stem(&file);
            // Rooted at the manifest directory when the crate is compiled, not when this script
            // ran, so a moved checkout never compiles the files of its old place (`#[path]`
            // takes only a literal).
            writeln!(
                code,
                "pub mod {module} {{\n    include!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/src/lints/{group_name}/{module}.rs\"));\n}}"
            )
            .expect("write to a String");
            let text = std::fs::read_to_string(&file).expect("read a lint file");
            if let Some(lint) = parse_lint(&module, &text) {
                lints.push(lint);
            }
        }
        lints.sort_by(|a, b| a.code.cmp(&b.code));
        for l in &lints {
            let hooks = if l.has_hooks {
                format!("{group_name}::{}::HOOKS", l.module)
            } else {
                String::from("&[]")
            };
            registry.push((
                l.code.clone(),
                format!(
                    "    Registered {{ lint: &{group_name}::{m}::{s}, hooks: {hooks} }},\n",
                    m = l.module,
                    s = l.static_name
                ),
            ));
        }
        write_if_changed(&out.join(format!("{group_name}.rs")), &code);
    }
    registry.sort();
    let mut code = String::from(
        "/// Every lint, sorted by code, with where its checks run.\npub static REGISTRY: &[Registered] = &[\n",
    );
    for (_, entry) in &registry {
        code.push_str(entry);
    }
    code.push_str("];\n");
    write_if_changed(&out.join("registry.rs"), &code);
}

/// The lint a file declares: the static's name and code from `declare_lint!`, and whether the
/// file defines `HOOKS`. Declarations are written one way (see `declare_lint!`), so plain text
/// search is enough; the registry tests catch a lint this misses.
fn parse_lint(module: &str, text: &str) -> Option<LintFile> {
    let decl = &text[text.find("declare_lint! {")?..];
    let after_static = &decl[decl.find("static ")? + "static ".len()..];
    let static_name: String = after_static
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let after_eq = &after_static[after_static.find('=')? + 1..];
    let code = after_eq.trim_start().strip_prefix('"')?;
    let code = &code[..code.find('"')?];
    Some(LintFile {
        module: module.to_owned(),
        code: code.to_owned(),
        static_name,
        has_hooks: text.contains("const HOOKS: &[Hook]"),
    })
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    entries
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .and_then(|s| s.to_str())
        .expect("UTF-8 file names under src/lints")
        .to_owned()
}

/// Leaves an unchanged file alone, so that its timestamp does not trigger a rebuild.
fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return;
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}
