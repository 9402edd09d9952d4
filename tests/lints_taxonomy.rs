//! The embedded log-source taxonomy (`scripts/taxonomy_data.py`) and `--taxonomy FILE`.

mod common;

use std::path::Path;
use std::process::Command;

use sigscope::sigma::taxonomy::{EMBEDDED_TABLE, Taxonomy};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

// --- the embedded table -------------------------------------------------------------------------

/// The table parses, its records come in the order the script writes them (kinds in turn, each
/// sorted), and it holds SigmaHQ's facts.
#[test]
fn embedded_table_parses_and_is_sorted() {
    let t = Taxonomy::parse_table(EMBEDDED_TABLE).expect("parses");
    let kinds = [
        "upstream",
        "version",
        "fields",
        "redundant",
        "provider",
        "no-eventid",
    ];
    let records: Vec<Vec<&str>> = EMBEDDED_TABLE
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
        .collect();
    let rank = |r: &Vec<&str>| kinds.iter().position(|k| *k == r[0]).expect("known kind");
    assert!(records.windows(2).all(|w| rank(&w[0]) <= rank(&w[1])));
    for kind in ["fields", "redundant", "provider", "no-eventid"] {
        let keys: Vec<Vec<&str>> = records
            .iter()
            .filter(|r| r[0] == kind)
            .map(|r| r[1..r.len().min(if kind == "provider" { 2 } else { 4 })].to_vec())
            .collect();
        assert!(
            keys.windows(2).all(|w| w[0] < w[1]),
            "`{kind}` records are not sorted and unique"
        );
    }
    assert!(EMBEDDED_TABLE.ends_with('\n') && !EMBEDDED_TABLE.contains('\r'));

    assert_eq!(t.version, "20251117");
    assert_eq!(t.windows_version, "20240809");
    assert_eq!(t.upstream.0, "0.20.1");
    assert!(t.upstream.1.len() == 40 && t.upstream.1.bytes().all(|b| b.is_ascii_hexdigit()));
    let pc = t
        .source(Some("windows"), Some("process_creation"), None)
        .expect("windows process_creation");
    assert!(pc.fields.contains("CommandLine") && !pc.fields.contains("Commandline"));
    assert!(pc.redundant.contains("EventID"));
    let security = t.source(Some("windows"), None, Some("security"));
    assert!(security.expect("windows security").fields.is_empty());
    assert!(
        t.source(Some("windows"), Some("process_creation"), Some("security"))
            .is_none()
    );
    assert!(t.is_generic_windows_category("process_creation"));
    assert!(!t.is_generic_windows_category("registry_event"));
    assert_eq!(
        t.provider_names("process_access"),
        [
            "Microsoft-Windows-Sysmon",
            "Microsoft-Windows-Kernel-Audit-API-Calls"
        ]
    );
    assert_eq!(t.sources().len(), 135);
}

/// The embedded table is what `scripts/taxonomy_data.py` generates from pySigma-validators-sigmahq.
#[test]
#[cfg_attr(
    not(taxonomy_source),
    ignore = "needs a pySigma-validators-sigmahq checkout (SIGSCOPE_TAXONOMY_SOURCE; absent)"
)]
fn embedded_table_is_up_to_date() {
    let out = Command::new("python3")
        .arg(root().join("scripts/taxonomy_data.py"))
        .arg("--check")
        .arg("--source-git")
        .arg(env!("SIGSCOPE_TAXONOMY_SOURCE_DIR"))
        .arg("--out")
        .arg(root().join("src/sigma/taxonomy.tsv"))
        .output();
    match out {
        Ok(o) => assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr)),
        Err(e) => eprintln!("skipped: cannot run python3: {e}"),
    }
}

#[test]
fn bad_taxonomy_exits_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    common::write(dir.path(), "rule.yml", &common::rule(1));
    common::write(
        dir.path(),
        "bad.json",
        "{\"taxonomy\": {\"x\": {\"logsource\": {}}}}",
    );
    common::write(dir.path(), "list.json", "[1, 2]");
    for (file, want) in [
        (
            "bad.json",
            "--taxonomy `bad.json`: not a taxonomy in the `sigmahq_taxonomy.json` format: missing field `field` at line 1 column 36",
        ),
        (
            "list.json",
            "--taxonomy `list.json`: not a taxonomy in the `sigmahq_taxonomy.json` format: invalid type: integer `1`, expected a map",
        ),
        (
            "missing.json",
            "--taxonomy `missing.json`: cannot read the file: ",
        ),
    ] {
        let run = common::sigscope(dir.path(), &["check", "rule.yml", "--taxonomy", file]);
        assert_eq!(run.code, 2, "{file}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{file}: {}", run.stdout);
        assert!(
            run.stderr.starts_with(&format!("error: {want}")),
            "{file}: {}",
            run.stderr
        );
    }
}
