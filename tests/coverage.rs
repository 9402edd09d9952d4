//! `sigscope coverage`, end to end: the counts on a fixture pack (`tests/fixtures/coverage/`)
//! with a retired tag, an unknown id, a deprecated rule, a rule without tags, a correlation and a
//! filter; each target form, each output, the baseline, and every exit code.
//!
//! Update snapshots with `INSTA_UPDATE=always cargo test --test coverage` and read every change.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

use common::{Run, sigscope};
use sigscope::attack::Attack;
use sigscope::coverage::current_id;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/coverage")
}

fn coverage(args: &[&str]) -> Run {
    let mut all = vec!["coverage", "pack"];
    all.extend_from_slice(args);
    sigscope(&fixtures(), &all)
}

fn json(args: &[&str]) -> (i32, Value) {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let r = coverage(&all);
    let v = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("{e}\nstdout: {}\nstderr: {}", r.stdout, r.stderr));
    (r.code, v)
}

fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("a list")
        .iter()
        .map(|x| x.as_str().expect("an id").to_string())
        .collect()
}

fn counts(v: &Value) -> Vec<(String, u64)> {
    v["techniques"]
        .as_array()
        .expect("techniques")
        .iter()
        .map(|t| {
            (
                t["id"].as_str().expect("test data").to_string(),
                t["rules"].as_u64().expect("test data"),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, u64)]) -> Vec<(String, u64)> {
    list.iter().map(|(a, b)| ((*a).to_string(), *b)).collect()
}

#[test]
fn rules_are_counted_per_technique_with_retired_ids_mapped_forward() {
    let (code, v) = json(&[]);
    assert_eq!(code, 0);
    // The deprecated rule and the filter are not counted; the correlation is.
    assert_eq!(v["rules"], 6);
    assert_eq!(v["below_min_status"], 1);
    assert_eq!(v["without_technique"], 1);
    assert_eq!(
        counts(&v),
        pairs(&[
            ("T1059.001", 3),
            ("T1105", 1),
            ("T1505.003", 1),
            ("T1685", 1),
            ("T1999", 1),
        ])
    );
    let t = &v["techniques"][0];
    assert_eq!(t["retired_ids"], serde_json::json!(["T1086"]));
    assert_eq!(t["by_level"], serde_json::json!({"high": 2, "medium": 1}));
    assert_eq!(t["by_status"], serde_json::json!({"stable": 1, "test": 2}));
    assert_eq!(
        v["techniques"][3]["retired_ids"],
        serde_json::json!(["T1562.001"])
    );
    assert_eq!(v["techniques"][4]["known"], false);
    let products: Vec<(String, u64, u64)> = v["products"]
        .as_array()
        .expect("test data")
        .iter()
        .map(|p| {
            (
                p["product"].as_str().expect("test data").to_string(),
                p["rules"].as_u64().expect("test data"),
                p["techniques"].as_u64().expect("test data"),
            )
        })
        .collect();
    assert_eq!(
        products,
        [
            ("(none)".to_string(), 1, 1),
            ("linux".to_string(), 1, 2),
            ("windows".to_string(), 4, 3),
        ]
    );
    // Execution: T1059 is covered through its sub-technique; Persistence through T1505.003.
    let tactic = |name: &str| {
        v["tactics"]
            .as_array()
            .expect("test data")
            .iter()
            .find(|t| t["shortname"] == name)
            .unwrap_or_else(|| panic!("{name}"))
            .clone()
    };
    assert_eq!(tactic("execution")["covered"], 1);
    assert_eq!(tactic("execution")["rules"], 3);
    assert_eq!(tactic("persistence")["covered"], 1);
    assert_eq!(tactic("impact")["covered"], 0);
}

#[test]
fn min_status_decides_which_rules_count() {
    let (_, all) = json(&["--min-status", "deprecated"]);
    assert_eq!(all["rules"], 7);
    assert_eq!(
        counts(&all),
        pairs(&[
            ("T1059.001", 3),
            ("T1105", 2),
            ("T1140", 1),
            ("T1505.003", 1),
            ("T1685", 1),
            ("T1999", 1),
        ])
    );
    let (_, stable) = json(&["--min-status", "stable"]);
    assert_eq!(stable["rules"], 1);
    assert_eq!(stable["below_min_status"], 6);
    assert_eq!(counts(&stable), pairs(&[("T1059.001", 1)]));
}

#[test]
fn targets_from_ids_and_a_file() {
    let args = [
        "--target",
        "T1059.001,attack.t1105",
        "--target-file",
        "targets.txt",
    ];
    let (code, v) = json(&args);
    assert_eq!(code, 0, "no gate asked for");
    let t = &v["targets"];
    assert_eq!(ids(&t["covered"]), ["T1059.001", "T1105"]);
    assert_eq!(ids(&t["uncovered"]), ["T1027", "T1140"]);
    assert_eq!(t["percent"], 50.0);
    let code = |more: &[&str]| {
        let mut all = args.to_vec();
        all.extend_from_slice(more);
        coverage(&all).code
    };
    assert_eq!(code(&["--fail-on-gaps"]), 1);
    assert_eq!(code(&["--fail-under", "50"]), 0);
    assert_eq!(code(&["--fail-under", "60"]), 1);
    // Covered by a rule on its sub-technique: a parent target; a rule on the parent would not
    // cover a sub-technique target.
    let (code, v) = json(&["--target", "T1059,T1505", "--fail-on-gaps"]);
    assert_eq!(code, 0);
    assert_eq!(ids(&v["targets"]["covered"]), ["T1059", "T1505"]);
}

#[test]
fn targets_from_a_navigator_layer() {
    let (code, v) = json(&["--target-layer", "layer.json", "--fail-on-gaps"]);
    assert_eq!(code, 0);
    // Scored and enabled only; T1086 is read as its replacement.
    assert_eq!(
        ids(&v["targets"]["covered"]),
        ["T1059", "T1059.001", "T1685"]
    );
    assert_eq!(ids(&v["targets"]["uncovered"]), Vec::<String>::new());
    assert_eq!(v["targets"]["percent"], 100.0);
}

#[test]
fn targets_from_a_threat_group_by_id_or_name() {
    let attack = Attack::embedded();
    let group = attack.group("G0016").expect("APT29 in the embedded data");
    let wanted: BTreeSet<String> = group
        .techniques()
        .iter()
        .map(|t| current_id(&attack, t))
        .collect();
    let pack = [
        "T1059.001",
        "T1059",
        "T1105",
        "T1505.003",
        "T1505",
        "T1685",
        "T1999",
    ];
    let (covered, uncovered): (Vec<String>, Vec<String>) = wanted
        .iter()
        .cloned()
        .partition(|id| pack.contains(&id.as_str()));
    assert!(!covered.is_empty() && !uncovered.is_empty());
    for which in ["G0016", "apt29"] {
        let (code, v) = json(&["--target-group", which]);
        assert_eq!(code, 0);
        assert_eq!(
            v["targets"]["sources"],
            serde_json::json!(["G0016 (APT29)"])
        );
        assert_eq!(ids(&v["targets"]["covered"]), covered);
        assert_eq!(ids(&v["targets"]["uncovered"]), uncovered);
    }
    assert_eq!(
        coverage(&["--target-group", "G0016", "--fail-on-gaps"]).code,
        1
    );
}

#[test]
fn a_baseline_reports_techniques_lost_and_gained() {
    let dir = tempfile::tempdir().expect("temp dir");
    let base = dir.path().join("coverage.json");
    let base = base.to_str().expect("test data");
    let r = coverage(&["--min-status", "deprecated", "--write-baseline", base]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let written: Value = serde_json::from_str(&std::fs::read_to_string(base).expect("test data"))
        .expect("test data");
    assert_eq!(written["techniques"]["T1140"], 1);
    assert_eq!(written["attack_version"], "19");
    // Without the deprecated rule, T1140 is lost; T1105 keeps a rule.
    let (code, v) = json(&["--baseline", base]);
    assert_eq!(code, 0);
    assert_eq!(v["changes"]["lost"], serde_json::json!([["T1140", 1]]));
    assert_eq!(v["changes"]["gained"], serde_json::json!([]));
    assert_eq!(coverage(&["--baseline", base, "--fail-on-loss"]).code, 1);
    let (_, back) = json(&["--baseline", base, "--min-status", "deprecated"]);
    assert_eq!(back["changes"]["lost"], serde_json::json!([]));
    // The layer `--format layer` writes reads back as the same counts.
    let layer = dir.path().join("layer.json");
    let layer = layer.to_str().expect("test data");
    assert_eq!(
        coverage(&["--format", "layer", "--output-file", layer]).code,
        0
    );
    let (_, v) = json(&["--baseline", layer]);
    assert_eq!(v["changes"], serde_json::json!({"lost": [], "gained": []}));
    // A Navigator layer as the baseline: its scored techniques.
    let (code, v) = json(&["--baseline", "layer.json", "--fail-on-loss"]);
    assert_eq!(code, 0);
    assert_eq!(
        v["changes"]["gained"],
        serde_json::json!([["T1105", 1], ["T1505.003", 1], ["T1999", 1]])
    );
}

#[test]
fn human_and_markdown_reports() {
    let args = ["--target", "T1059.001,T1140", "--baseline", "layer.json"];
    let mut human = args.to_vec();
    human.extend_from_slice(&["--format", "human"]);
    let r = coverage(&human);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("coverage_human", r.stdout);
    let mut md = args.to_vec();
    md.extend_from_slice(&["--format", "markdown"]);
    let r = coverage(&md);
    insta::assert_snapshot!("coverage_markdown", r.stdout);
}

#[test]
fn the_navigator_layer_scores_rules_and_colours_targets() {
    let r = coverage(&["--format", "layer", "--target", "T1059.001,T1140"]);
    assert_eq!(r.code, 0);
    let v: Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(v["versions"]["layer"], "4.5");
    assert_eq!(v["domain"], "enterprise-attack");
    let entries: Vec<(String, String, i64, String)> = v["techniques"]
        .as_array()
        .expect("test data")
        .iter()
        .map(|t| {
            (
                t["techniqueID"].as_str().expect("test data").to_string(),
                t["tactic"].as_str().unwrap_or("").to_string(),
                t["score"].as_i64().expect("test data"),
                t["color"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let e = |id: &str, tactic: &str, score: i64, color: &str| {
        (id.to_string(), tactic.to_string(), score, color.to_string())
    };
    assert_eq!(
        entries,
        [
            e("T1059.001", "execution", 3, "#66bb6a"),
            e("T1105", "command-and-control", 1, "#64b5f6"),
            e("T1505.003", "persistence", 1, "#64b5f6"),
            e("T1685", "defense-impairment", 1, "#64b5f6"),
            e("T1999", "", 1, "#64b5f6"),
            e("T1140", "", 0, "#ef5350"),
        ]
    );
    assert_eq!(v["gradient"]["maxValue"], 3);
}

#[test]
fn usage_errors_exit_2() {
    for (args, message) in [
        (vec!["--target", "T12"], "`T12` is not a technique id"),
        (vec!["--target-group", "G9999"], "`G9999` is no group"),
        (
            vec!["--target-file", "missing.txt"],
            "cannot read `missing.txt`",
        ),
        (
            vec!["--target-layer", "targets.txt"],
            "not a Navigator layer",
        ),
        (vec!["--fail-on-gaps"], "need targets"),
        (vec!["--baseline", "targets.txt"], "targets.txt: not JSON"),
    ] {
        let r = coverage(&args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(message), "{args:?}: {}", r.stderr);
    }
}

#[test]
fn a_file_that_cannot_be_parsed_is_named_and_the_rest_counted() {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in std::fs::read_dir(fixtures().join("pack")).expect("test data") {
        let path = entry.expect("test data").path();
        std::fs::copy(&path, dir.path().join(path.file_name().expect("test data")))
            .expect("test data");
    }
    std::fs::write(dir.path().join("broken.yml"), "title: [unclosed\n").expect("test data");
    let r = sigscope(dir.path(), &["coverage", ".", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("not counted: ./broken.yml:2:1: SC001 while parsing a flow sequence"),
        "{}",
        r.stderr
    );
    let v: Value = serde_json::from_str(&r.stdout).expect("test data");
    assert_eq!(v["rules"], 6);
}

/// `--attack-data` (MITRE's STIX bundle of v18.1) replaces the embedded v19 for the counts and
/// the group's techniques: `T1562.001` is still active there, so it is not mapped to `T1685`.
#[test]
#[cfg_attr(not(shared_attack), ignore = "needs ../shared/attack (absent)")]
fn attack_data_decides_the_release_counted_against() {
    let bundle = common::shared("attack/enterprise-attack-18.1.json");
    let bundle = bundle.to_str().expect("test data");
    let (code, v) = json(&["--attack-data", bundle, "--target-group", "G0016"]);
    assert_eq!(code, 0);
    assert_eq!(v["attack_version"], "18.1");
    let counted: Vec<String> = counts(&v).into_iter().map(|(id, _)| id).collect();
    assert!(counted.contains(&"T1562.001".to_string()), "{counted:?}");
    assert!(!counted.contains(&"T1685".to_string()), "{counted:?}");
    assert_eq!(
        v["targets"]["sources"],
        serde_json::json!(["G0016 (APT29)"])
    );
    assert!(ids(&v["targets"]["covered"]).contains(&"T1059.001".to_string()));
}
