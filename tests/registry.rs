//! Meta-tests that keep the lint registry honest (DESIGN.md, *Lints*): every lint file is
//! registered, codes are well-formed, unique and in the right group folder, names are unique
//! kebab-case, documentation has the fixed headings, and every lint has a fixture.
//!
//! Lint sources are read as text from `src/lints/<group>/*.rs`: the build script registers
//! every lint it finds there (`build/registry.rs`), and these tests catch a declaration it would
//! miss and a check function that no hook runs.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use regex::Regex;
use sigscope::lint::Lint;
use sigscope::lints::{ALL, by_code};

/// The folder under `src/lints/` for each code group (the digit after `SC`), from DESIGN.md:
/// SC0xx YAML and file, SC1xx schema, SC2xx metadata, SC3xx detection logic and condition,
/// SC4xx values and modifiers, SC5xx ATT&CK and tags, SC6xx logsource and fields, SC7xx
/// correlation and filter rules, SC8xx pack-wide. Add the folder here when a group starts.
const GROUP_FOLDERS: &[(char, &str)] = &[
    ('0', "file"),
    ('1', "schema"),
    ('2', "metadata"),
    ('3', "detection"),
    ('4', "values"),
    ('5', "attack"),
    ('6', "logsource"),
    ('7', "correlation"),
    ('8', "pack"),
];

/// Lints whose trigger cannot be a committed fixture file, with the test in `tests/lints.rs`
/// that generates their input instead. The test must exist and mention the code.
const GENERATED_FIXTURES: &[(&str, &str)] = &[
    // Invalid UTF-8 is generated so that no tool (editor, git filter) "repairs" the file.
    ("SC006", "invalid_utf8_is_reported_at_the_first_bad_byte"),
    // Needs a dangling symbolic link (and a FIFO), which do not survive every checkout.
    ("SC009", "unreadable_paths_are_reported"),
    // Needs a file that changes or vanishes between the check and the write.
    ("SC012", "unwritable_files_are_reported"),
];

const HEADINGS: &[&str] = &[
    "## What it does",
    "## Why is this bad?",
    "## Example",
    "## Use instead",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A lint declared in source: `pub static NAME = "SC301", "name", Severity;`.
#[derive(Debug)]
struct Declared {
    file: PathBuf,
    group_folder: String,
    file_stem: String,
    ident: String,
    code: String,
    name: String,
    severity: String,
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Group folders under `src/lints/`, sorted.
fn group_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root().join("src/lints"))
        .expect("src/lints")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// Lint source files (`src/lints/<group>/*.rs` except `mod.rs`), sorted.
fn lint_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in group_dirs() {
        for e in std::fs::read_dir(&dir).expect("group dir") {
            let p = e.expect("dir entry").path();
            if p.extension().is_some_and(|x| x == "rs") && p.file_name() != Some("mod.rs".as_ref())
            {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

fn declared() -> Vec<Declared> {
    // Tolerant of formatting: the macro input may be split over lines by rustfmt.
    let re = Regex::new(
        r#"(?m)^\s*pub(?:\([a-z]+\))?\s+static\s+([A-Za-z0-9_]+)\s*(?::[^=]*)?=\s*"([^"]*)"\s*,\s*"([^"]*)"\s*,\s*([A-Za-z]+)\s*(?:,\s*profile\s*=\s*[A-Za-z]+\s*)?(?:,\s*fix\s*=\s*[A-Za-z]+\s*)?(?:,\s*replaces\s*=\s*\[[^\]]*\]\s*)?(?:,\s*formerly\s*=\s*\[[^\]]*\]\s*)?;"#,
    )
    .expect("regex");
    let mut out = Vec::new();
    for file in lint_files() {
        let text = read(&file);
        let group_folder = file
            .parent()
            .and_then(Path::file_name)
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let file_stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        for cap in re.captures_iter(&text) {
            out.push(Declared {
                file: file.clone(),
                group_folder: group_folder.clone(),
                file_stem: file_stem.clone(),
                ident: cap[1].to_owned(),
                code: cap[2].to_owned(),
                name: cap[3].to_owned(),
                severity: cap[4].to_owned(),
            });
        }
    }
    out
}

fn declared_by_code() -> BTreeMap<String, Declared> {
    let mut map = BTreeMap::new();
    for d in declared() {
        let code = d.code.clone();
        if let Some(prev) = map.insert(code.clone(), d) {
            panic!(
                "{code} is declared twice, in {} and another file",
                prev.file.display()
            );
        }
    }
    map
}

fn rel(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

// ---------------------------------------------------------------------------------------------
// (a) codes
// ---------------------------------------------------------------------------------------------

#[test]
fn codes_are_well_formed_unique_and_in_order() {
    let re = Regex::new(r"^SC[0-9]{3}$").expect("regex");
    let mut seen = BTreeSet::new();
    for lint in ALL.iter() {
        assert!(re.is_match(lint.code), "bad code `{}`", lint.code);
        assert!(seen.insert(lint.code), "code {} repeats in ALL", lint.code);
    }
    let codes: Vec<&str> = ALL.iter().map(|l| l.code).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    assert_eq!(codes, sorted, "ALL must list lints in code order");
    // The same `Lint` must not be listed twice under one code either.
    for (i, a) in ALL.iter().enumerate() {
        for b in &ALL[i + 1..] {
            assert!(!std::ptr::eq(*a, *b), "{} is listed twice", a.code);
        }
    }
}

#[test]
fn codes_live_in_their_group_folder() {
    let declared = declared_by_code();
    let folders: BTreeMap<char, &str> = GROUP_FOLDERS.iter().copied().collect();
    for lint in ALL.iter() {
        let d = declared.get(lint.code).unwrap_or_else(|| {
            panic!(
                "{} ({}) is in ALL but no `pub static … = \"{}\"` was found under src/lints/<group>/",
                lint.code, lint.name, lint.code
            )
        });
        let group = lint.code.chars().nth(2).unwrap_or('?');
        let folder = folders
            .get(&group)
            .unwrap_or_else(|| panic!("{}: no folder known for group SC{group}xx", lint.code));
        assert_eq!(
            d.group_folder,
            *folder,
            "{} is declared in {}, but SC{group}xx lints belong in src/lints/{folder}/",
            lint.code,
            rel(&d.file)
        );
    }
    // And no group folder outside the table (a typo such as `detections/`).
    let known: BTreeSet<&str> = GROUP_FOLDERS.iter().map(|(_, f)| *f).collect();
    for dir in group_dirs() {
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned());
        let name = name.unwrap_or_default();
        assert!(
            known.contains(name.as_str()),
            "src/lints/{name}/ is not a known lint group folder (see GROUP_FOLDERS)"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// (b) every declared lint is registered, and declarations match the registry
// ---------------------------------------------------------------------------------------------

#[test]
fn every_declared_lint_is_registered() {
    let in_all: BTreeSet<&str> = ALL.iter().map(|l| l.code).collect();
    let declared = declared();
    assert!(
        declared.len() >= ALL.len(),
        "found {} declarations for {} registered lints; is the `declare_lint!` pattern in this test out of date?",
        declared.len(),
        ALL.len()
    );
    for d in &declared {
        assert!(
            in_all.contains(d.code.as_str()),
            "{} declares {} ({}) but it is not in `lints::ALL`: does build/registry.rs read its `declare_lint!`?",
            rel(&d.file),
            d.code,
            d.ident
        );
    }
}

#[test]
fn declarations_match_the_registry() {
    let declared = declared_by_code();
    for lint in ALL.iter() {
        let Some(d) = declared.get(lint.code) else {
            continue; // reported by `codes_live_in_their_group_folder`
        };
        let file = rel(&d.file);
        assert_eq!(d.name, lint.name, "{file}: name differs from ALL");
        assert_eq!(
            d.severity,
            format!("{:?}", lint.default_severity),
            "{file}: severity"
        );
        // One lint per file, named after the bad pattern.
        assert_eq!(
            d.file_stem,
            lint.name.replace('-', "_"),
            "{file}: the file of `{}` should be named `{}.rs`",
            lint.name,
            lint.name.replace('-', "_")
        );
        assert_eq!(
            d.ident,
            lint.name.replace('-', "_").to_uppercase(),
            "{file}: the static of `{}` should be named after it",
            lint.name
        );
    }
}

#[test]
fn one_lint_per_file() {
    let mut per_file: BTreeMap<PathBuf, Vec<String>> = BTreeMap::new();
    for d in declared() {
        per_file.entry(d.file.clone()).or_default().push(d.code);
    }
    for file in lint_files() {
        let codes = per_file.get(&file).cloned().unwrap_or_default();
        assert_eq!(
            codes.len(),
            1,
            "{} should declare exactly one lint, found {codes:?}",
            rel(&file)
        );
    }
}

#[test]
fn every_lint_group_is_compiled() {
    // The build script makes every file of a group folder a module of the group; the group
    // itself must be declared and include what the build script generates for it.
    let lints_mod = read(&root().join("src/lints/mod.rs"));
    for dir in group_dirs() {
        let group = dir.file_name().map(|n| n.to_string_lossy().into_owned());
        let group = group.unwrap_or_default();
        assert!(
            lints_mod.contains(&format!("pub mod {group};")),
            "src/lints/mod.rs lacks `pub mod {group};`"
        );
        let group_mod = read(&dir.join("mod.rs"));
        assert!(
            group_mod.contains(&format!("\"/lints/{group}.rs\"")),
            "src/lints/{group}/mod.rs does not include its generated module list"
        );
    }
}

#[test]
fn every_check_function_runs() {
    // A lint file's `check…` and `explain` functions run only through its `HOOKS`; a lint
    // without hooks is raised by the pipeline itself (SC0xx).
    let check_fn = Regex::new(r"(?m)^(?:pub(?:\([a-z]+\))? fn (check\w*)|fn (explain))\s*[(<]")
        .expect("regex");
    let hooks = Regex::new(r"(?s)const HOOKS: &\[Hook\] = &\[(.*?)\];").expect("regex");
    for file in lint_files() {
        let text = read(&file);
        let listed = hooks
            .captures(&text)
            .map(|c| c[1].to_owned())
            .unwrap_or_default();
        let schema = file.parent().and_then(Path::file_name) == Some("schema".as_ref());
        for cap in check_fn.captures_iter(&text) {
            // `explain` is the schema lints' entry point; elsewhere it may be any helper.
            if cap.get(2).is_some() && !schema {
                continue;
            }
            let name = cap.get(1).or_else(|| cap.get(2)).map_or("", |m| m.as_str());
            assert!(
                Regex::new(&format!(r"\b{name}\s*[,)]"))
                    .expect("regex")
                    .is_match(&listed),
                "{}: `{name}` is in no hook of the file's `HOOKS`",
                rel(&file)
            );
        }
    }
    for r in sigscope::lints::REGISTRY.iter() {
        let checks = r.runs_on_documents() || r.runs_on_pack();
        let (want_checks, want_schema) = match &r.lint.code[..3] {
            // Raised by the pipeline itself as it reads and parses a file.
            "SC0" => (false, false),
            "SC1" => (false, true),
            _ => (true, false),
        };
        assert_eq!(
            (checks, r.explains_schema_errors()),
            (want_checks, want_schema),
            "{}: file and YAML lints have no hooks, schema lints explain schema errors, the others run checks",
            r.lint.code
        );
    }
}

// ---------------------------------------------------------------------------------------------
// (c) documentation
// ---------------------------------------------------------------------------------------------

#[test]
fn every_lint_doc_has_the_fixed_headings() {
    for lint in ALL.iter() {
        let doc = lint.documentation();
        let lines: Vec<&str> = doc.lines().collect();
        let mut last = None;
        for h in HEADINGS {
            let at = lines.iter().position(|l| l.trim_end() == *h);
            let at = at.unwrap_or_else(|| panic!("{}: doc lacks the heading `{h}`", lint.code));
            if let Some(prev) = last {
                assert!(at > prev, "{}: `{h}` is out of order", lint.code);
            }
            // Something under every heading before the next one.
            let body = lines[at + 1..]
                .iter()
                .take_while(|l| !l.starts_with("## "))
                .any(|l| !l.trim().is_empty());
            assert!(body, "{}: `{h}` has no text", lint.code);
            last = Some(at);
        }
        assert!(
            !lint.summary().is_empty(),
            "{}: empty summary (first sentence of *What it does*)",
            lint.code
        );
        // `sigscope explain` prints the doc as Markdown: no rustdoc leading spaces left over.
        assert!(
            doc.lines().all(|l| !l.starts_with(" ##")),
            "{}: headings still indented",
            lint.code
        );
    }
}

// ---------------------------------------------------------------------------------------------
// (d) fixtures
// ---------------------------------------------------------------------------------------------

fn fixture_names() -> Vec<String> {
    let dir = root().join("tests/fixtures/lints");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            e.expect("dir entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn every_lint_has_a_triggering_fixture() {
    let names = fixture_names();
    let lints_rs = read(&root().join("tests/lints.rs"));
    let generated: BTreeMap<&str, &str> = GENERATED_FIXTURES.iter().copied().collect();
    let mut missing = Vec::new();
    for lint in ALL.iter() {
        let prefix = format!("{}_", lint.code);
        let triggering = names
            .iter()
            .any(|n| n.starts_with(&prefix) && !n.contains("_ok_"));
        if triggering {
            assert!(
                !generated.contains_key(lint.code),
                "{} has a fixture file now: remove it from GENERATED_FIXTURES",
                lint.code
            );
            continue;
        }
        let Some(test) = generated.get(lint.code) else {
            missing.push(format!("{} ({})", lint.code, lint.name));
            continue;
        };
        // The named test must exist and exercise the code.
        let sig = format!("fn {test}()");
        let start = lints_rs
            .find(&sig)
            .unwrap_or_else(|| panic!("{}: tests/lints.rs has no `{sig}`", lint.code));
        let body_end = lints_rs[start + sig.len()..]
            .find("\n}\n")
            .map_or(lints_rs.len(), |i| start + sig.len() + i);
        let body = &lints_rs[start..body_end];
        let attrs = &lints_rs[..start];
        assert!(
            attrs
                .trim_end()
                .lines()
                .rev()
                .take(4)
                .any(|l| l.trim() == "#[test]"),
            "{}: `{test}` is not a #[test]",
            lint.code
        );
        assert!(
            !attrs
                .trim_end()
                .lines()
                .rev()
                .take(4)
                .any(|l| l.contains("#[ignore")),
            "{}: `{test}` is ignored",
            lint.code
        );
        assert!(
            body.contains(&format!("\"{}\"", lint.code)),
            "{}: `{test}` never asserts the code",
            lint.code
        );
    }
    assert!(
        missing.is_empty(),
        "lints without a fixture in tests/fixtures/lints/ (CODE_what.yml): {missing:?}"
    );
}

#[test]
fn every_fixture_belongs_to_a_lint() {
    // A file for a per-document lint, a directory (a small pack) for a pack-wide one.
    let name_re = Regex::new(r"^(SC[0-9]{3})_[a-z0-9_]+(\.ya?ml)?$").expect("regex");
    for name in fixture_names() {
        let cap = name_re
            .captures(&name)
            .unwrap_or_else(|| panic!("fixture `{name}` is not named CODE_what.yml or CODE_what/"));
        assert!(
            by_code(&cap[1]).is_some(),
            "fixture `{name}` is for an unknown lint"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// (e) names
// ---------------------------------------------------------------------------------------------

#[test]
fn names_are_unique_kebab_case() {
    let re = Regex::new(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$").expect("regex");
    let mut seen = BTreeSet::new();
    for lint in ALL.iter() {
        assert!(
            re.is_match(lint.name),
            "{}: name `{}` is not kebab-case",
            lint.code,
            lint.name
        );
        assert!(seen.insert(lint.name), "name `{}` repeats", lint.name);
    }
}

#[test]
fn lookup_by_code_and_name() {
    for lint in ALL.iter() {
        let by: &Lint = by_code(lint.code).expect("by code");
        assert!(std::ptr::eq(by, *lint), "{}", lint.code);
        let lower = lint.code.to_lowercase();
        assert!(
            by_code(&lower).is_some_and(|l| std::ptr::eq(l, *lint)),
            "{lower}"
        );
        assert!(
            by_code(lint.name).is_some_and(|l| std::ptr::eq(l, *lint)),
            "{}",
            lint.name
        );
    }
    assert!(by_code("SC999").is_none());
}

/// A retired code is never given to another lint, its name neither, it has lints that took its
/// findings, and every code a lint names in `formerly` is listed as retired.
#[test]
fn retired_codes_stay_retired() {
    use sigscope::lints::{RETIRED, retired, successors};
    let re = Regex::new(r"^SC[0-9]{3}$").expect("regex");
    for r in RETIRED.iter() {
        assert!(re.is_match(r.code), "bad retired code `{}`", r.code);
        assert!(
            by_code(r.code).is_none(),
            "{} is retired and in use",
            r.code
        );
        assert!(
            by_code(r.name).is_none(),
            "{} is retired and in use",
            r.name
        );
        assert!(
            !successors(r).is_empty(),
            "{}: no lint took its findings",
            r.code
        );
        assert!(retired(&r.code.to_lowercase()).is_some_and(|x| std::ptr::eq(x, *r)));
    }
    for lint in ALL.iter() {
        for old in lint.formerly {
            assert!(
                RETIRED.iter().any(|r| std::ptr::eq(*r, *old)),
                "{}: `formerly` names {}, which `lints::RETIRED` does not list",
                lint.code,
                old.code
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// (f) fixes
// ---------------------------------------------------------------------------------------------

fn fix_fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("tests/fixtures/fix"))
        .expect("tests/fixtures/fix")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn every_fixable_lint_has_a_fix_fixture_and_back() {
    use sigscope::lint::FixAvailability;
    let names = fix_fixture_names();
    for lint in ALL.iter().filter(|l| l.fix != FixAvailability::None) {
        let prefix = format!("{}_", lint.code);
        assert!(
            names
                .iter()
                .any(|n| n.starts_with(&prefix) && n.ends_with(".fixed.yml")),
            "{} is declared fixable but has no tests/fixtures/fix/{}_what.yml with its .fixed.yml",
            lint.code,
            lint.code
        );
    }
    for name in &names {
        let lint = by_code(&name[..5]).unwrap_or_else(|| panic!("fix fixture `{name}`: no lint"));
        assert_ne!(
            lint.fix,
            FixAvailability::None,
            "fix fixture `{name}` is for a lint declared without fixes"
        );
    }
}

/// The `fixable` column does not lie: over every lint fixture, a lint declared without fixes
/// never offers one, and one declared `Always` always does.
#[test]
fn declared_fix_availability_matches_the_findings() {
    use sigscope::check::check_input;
    use sigscope::lint::FixAvailability;
    use sigscope::settings::Settings;
    // The house-style profile runs every lint, so house-style fixes are covered too.
    let settings = Settings {
        profile: sigscope::lint::Profile::SigmaHq,
        ..Settings::default()
    };
    let mut offered = BTreeSet::new();
    for name in fixture_names() {
        let path = root().join("tests/fixtures/lints").join(&name);
        if !path.is_file() {
            continue;
        }
        let report = check_input(&sigscope::walk::Input::File(path), &settings);
        for d in &report.diagnostics {
            match d.lint.fix {
                FixAvailability::None => assert!(
                    d.fix.is_none(),
                    "{name}: {} offers a fix but is declared without",
                    d.code()
                ),
                FixAvailability::Always => assert!(
                    d.fix.is_some(),
                    "{name}: {} is declared always fixable but this finding has no fix",
                    d.code()
                ),
                FixAvailability::Sometimes => {}
            }
            if d.fix.is_some() {
                offered.insert(d.code());
            }
        }
    }
    for lint in ALL.iter().filter(|l| l.fix != FixAvailability::None) {
        assert!(
            offered.contains(lint.code),
            "{} is declared fixable but no lint fixture gets a fix from it",
            lint.code
        );
    }
}

/// A fixable lint says in its documentation what the fix does and why it is safe (or not); a
/// lint without fixes has no such section.
#[test]
fn fixable_lints_document_their_fix() {
    use sigscope::lint::FixAvailability;
    for lint in ALL.iter() {
        let doc = lint.documentation();
        let has = doc.lines().any(|l| l.trim_end() == "## Fix");
        assert_eq!(
            has,
            lint.fix != FixAvailability::None,
            "{}: `## Fix` section and the declared fix availability disagree",
            lint.code
        );
    }
}
