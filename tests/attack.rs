//! The ATT&CK catalogue: the embedded v19 table, MITRE's STIX bundle via `--attack-data`, and
//! the SigmaHQ corpus's tags. Tests that need `../shared` are ignored, with the reason, when it
//! is absent.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use sigscope::attack::{Attack, AttackKind, Status, TagRef};

fn bundle_18_1() -> PathBuf {
    common::shared("attack/enterprise-attack-18.1.json")
}

// --- the embedded v19 table -------------------------------------------------------------------

#[test]
fn embedded_is_attack_v19() {
    let a = Attack::embedded();
    assert_eq!(a.version(), "19");
    assert_eq!(a.title(), "Enterprise ATT&CK (2026-04-14)");
    let active = a
        .techniques()
        .filter(|t| t.status == Status::Active)
        .count();
    assert_eq!(active, 697);
    // Retired ids stay resolvable.
    assert!(a.techniques().count() > active);
}

#[test]
fn tactics_in_matrix_order() {
    let a = Attack::embedded();
    let names: Vec<&str> = a.tactics().iter().map(|t| t.shortname.as_str()).collect();
    assert_eq!(
        names,
        [
            "reconnaissance",
            "resource-development",
            "initial-access",
            "execution",
            "persistence",
            "privilege-escalation",
            "stealth",
            "defense-impairment",
            "credential-access",
            "discovery",
            "lateral-movement",
            "collection",
            "command-and-control",
            "exfiltration",
            "impact",
        ]
    );
    let stealth = a.tactic("stealth").expect("stealth");
    assert_eq!(stealth.id, "TA0005");
    assert_eq!(stealth.name, "Stealth");
    assert_eq!(stealth.url, "https://attack.mitre.org/tactics/TA0005");
    assert_eq!(
        a.tactic("TA0112").map(|t| t.name.as_str()),
        Some("Defense Impairment")
    );
    assert_eq!(
        a.tactic("ta0002").map(|t| t.shortname.as_str()),
        Some("execution")
    );
    assert!(a.tactic("defense-evasion").is_none());
}

#[test]
fn techniques() {
    let a = Attack::embedded();
    let t = a.technique("T1685").expect("T1685");
    assert_eq!(t.name, "Disable or Modify Tools");
    assert_eq!(t.tactics, ["defense-impairment"]);
    assert_eq!(t.url, "https://attack.mitre.org/techniques/T1685");
    assert!(t.platforms.iter().any(|p| p == "Windows"));
    let t = a.technique("t1059.001").expect("case-insensitive");
    assert_eq!(t.id, "T1059.001");
    assert_eq!(t.name, "PowerShell");
    assert_eq!(t.parent.as_deref(), Some("T1059"));
    assert_eq!(t.url, "https://attack.mitre.org/techniques/T1059/001");
    assert_eq!(t.platforms, ["Windows"]);
    let subs: Vec<&str> = a
        .subtechniques("T1685")
        .iter()
        .map(|t| t.id.as_str())
        .collect();
    assert_eq!(
        subs,
        [
            "T1685.001",
            "T1685.002",
            "T1685.003",
            "T1685.004",
            "T1685.005",
            "T1685.006"
        ]
    );
    assert_eq!(
        a.technique("T1685.005").map(|t| t.name.as_str()),
        Some("Clear Windows Event Logs")
    );
    assert_eq!(
        a.technique("T1686").map(|t| t.name.as_str()),
        Some("Disable or Modify System Firewall")
    );
    assert!(a.technique("T9999").is_none());
    // Sorted by id, parents before their sub-techniques, tactics in matrix order.
    let ids: Vec<&str> = a.techniques().map(|t| t.id.as_str()).collect();
    assert!(ids.is_sorted());
    for t in a.techniques() {
        if let Some(p) = &t.parent {
            assert!(a.technique(p).is_some(), "{} has no parent", t.id);
        }
        if t.status == Status::Active {
            assert!(!t.tactics.is_empty(), "{} has no tactic", t.id);
            let idx: Vec<usize> = t
                .tactics
                .iter()
                .map(|s| a.tactic_index(s).expect("known tactic"))
                .collect();
            assert!(idx.is_sorted(), "{} tactics out of order", t.id);
        }
    }
}

#[test]
fn retired_ids_map_forward() {
    let a = Attack::embedded();
    let t = a
        .technique("T1562.001")
        .expect("T1562.001 stays resolvable");
    assert_eq!(
        t.status,
        Status::Revoked {
            replacement: Some(String::from("T1685"))
        }
    );
    assert!(
        a.retirement_note("T1562.001")
            .is_some_and(|n| n.contains("same name"))
    );
    for (old, new) in [
        ("T1562.004", "T1686"),
        ("T1562.009", "T1688"),
        ("T1562.010", "T1689"),
        ("T1070.001", "T1685.005"),
        ("T1070.002", "T1685.006"),
        ("T1656", "T1684.001"),
        ("T1672", "T1684.002"),
        ("T1562.002", "T1685.001"),
        // A chain: T1089 was revoked by T1562.001, which v19 retired.
        ("T1089", "T1685"),
        ("T1086", "T1059.001"),
    ] {
        assert_eq!(
            a.technique(old).and_then(|t| t.status.replacement()),
            Some(new),
            "{old}"
        );
    }
    assert_eq!(
        a.technique("T1064").map(|t| &t.status),
        Some(&Status::Deprecated { replacement: None })
    );
    // Every replacement is a current technique.
    for t in a.techniques() {
        if let Some(r) = t.status.replacement() {
            assert_eq!(
                a.technique(r).map(|r| &r.status),
                Some(&Status::Active),
                "{} -> {r}",
                t.id
            );
        }
    }
}

#[test]
fn old_tactic_names_map_to_v19() {
    let a = Attack::embedded();
    let names = |v: Vec<&sigscope::attack::Tactic>| -> Vec<String> {
        v.into_iter().map(|t| t.shortname.clone()).collect()
    };
    assert_eq!(
        names(a.tactic_successors("defense-evasion")),
        ["stealth", "defense-impairment"]
    );
    assert_eq!(
        names(a.tactic_successors("privilege_escalation")),
        ["privilege-escalation"]
    );
    assert!(a.tactic_successors("execution").is_empty());
    assert!(a.tactic_successors("nonsense").is_empty());
    let pick = |techniques: &[&str]| {
        a.successor_tactic_for("defense-evasion", techniques)
            .map(|t| t.shortname.clone())
    };
    assert_eq!(pick(&["T1685"]).as_deref(), Some("defense-impairment"));
    assert_eq!(pick(&["T1685.001"]).as_deref(), Some("defense-impairment"));
    assert_eq!(pick(&["T1027"]).as_deref(), Some("stealth"));
    assert_eq!(pick(&[]).as_deref(), Some("stealth"));
}

#[test]
fn groups_software_campaigns() {
    let a = Attack::embedded();
    let apt29 = a.group("G0016").expect("APT29");
    assert_eq!(apt29.name, "APT29");
    assert_eq!(apt29.url, "https://attack.mitre.org/groups/G0016");
    assert!(apt29.techniques().iter().any(|t| t == "T1059.001"));
    assert!(apt29.techniques().is_sorted());
    assert_eq!(
        a.software("s0002").map(|s| s.name.as_str()),
        Some("Mimikatz")
    );
    assert_eq!(
        a.campaign("C0022").map(|c| c.name.as_str()),
        Some("Operation Dream Job")
    );
    assert!(a.group("S0002").is_none());

    let groups = a.groups_using("T1059.001");
    assert!(groups.len() > 20, "{}", groups.len());
    assert!(groups.iter().any(|g| g.id == "G0016"));
    assert!(!a.software_using("T1059.001").is_empty());
    // Uses of retired techniques were mapped forward: T1685 inherits T1562.001's users, and
    // asking for the retired id gives the same answer.
    let users = a.groups_using("T1685");
    assert!(!users.is_empty());
    assert_eq!(users, a.groups_using("T1562.001"));
    assert!(a.groups_using("T9999").is_empty());
    // Revoked groups resolve, with their replacement.
    assert_eq!(
        a.entity_status("G0118"),
        Some(&Status::Revoked {
            replacement: Some(String::from("G0016"))
        })
    );
    assert!(!a.groups_using("T1059.001").iter().any(|g| g.id == "G0118"));
}

#[test]
fn resolve_tags() {
    let a = Attack::embedded();
    assert!(
        matches!(a.resolve_tag("attack.t1059.001"), TagRef::Technique(t) if t.id == "T1059.001")
    );
    assert!(matches!(a.resolve_tag("attack.execution"), TagRef::Tactic(t) if t.id == "TA0002"));
    assert!(matches!(a.resolve_tag("attack.g0016"), TagRef::Group(g) if g.name == "APT29"));
    assert!(matches!(a.resolve_tag("attack.s0002"), TagRef::Software(s) if s.name == "Mimikatz"));
    assert!(matches!(a.resolve_tag("attack.c0022"), TagRef::Campaign(_)));
    assert!(
        matches!(a.resolve_tag("attack.t1562.001"), TagRef::Technique(t) if t.status != Status::Active)
    );
    assert!(
        matches!(a.resolve_tag("attack.defense-evasion"), TagRef::Tactic(t) if t.shortname == "stealth")
    );
    assert!(
        matches!(a.resolve_tag("attack.privilege_escalation"), TagRef::Tactic(t) if t.shortname == "privilege-escalation")
    );
    assert!(
        matches!(a.resolve_tag("attack.ta0005"), TagRef::Tactic(t) if t.shortname == "stealth")
    );
    assert!(matches!(a.resolve_tag("Attack.T1059"), TagRef::Technique(t) if t.id == "T1059"));
    assert_eq!(
        a.resolve_tag("attack.ds0005"),
        TagRef::OtherAttack {
            kind: AttackKind::DataSource,
            id: "ds0005"
        }
    );
    assert!(matches!(
        a.resolve_tag("attack.m1042"),
        TagRef::OtherAttack {
            kind: AttackKind::Mitigation,
            ..
        }
    ));
    assert_eq!(a.resolve_tag("attack.t9999"), TagRef::UnknownAttack);
    assert_eq!(a.resolve_tag("attack.g9999"), TagRef::UnknownAttack);
    assert_eq!(a.resolve_tag("attack.exection"), TagRef::UnknownAttack);
    assert_eq!(
        a.resolve_tag("cve.2021-44228"),
        TagRef::OtherNamespace {
            namespace: "cve",
            value: "2021-44228"
        }
    );
    assert_eq!(a.resolve_tag("attack"), TagRef::Malformed);
    assert_eq!(a.resolve_tag("attack."), TagRef::Malformed);
    assert_eq!(a.resolve_tag("attack.t1059 x"), TagRef::Malformed);
    assert_eq!(a.resolve_tag(""), TagRef::Malformed);
}

#[test]
fn former_tactics_of_moved_techniques() {
    let a = Attack::embedded();
    let former: Vec<&str> = a
        .former_tactics("T1574.001")
        .iter()
        .map(|t| t.shortname.as_str())
        .collect();
    assert_eq!(former, ["persistence", "privilege-escalation"]);
    assert!(a.former_tactics("T1059.001").is_empty());
}

/// The embedded table is what `scripts/attack_data.py` generates from `../shared/attack`.
#[test]
#[cfg_attr(not(shared_attack), ignore = "needs ../shared/attack (absent)")]
fn embedded_table_is_up_to_date() {
    let dir = common::shared("attack");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("python3")
        .arg(root.join("scripts/attack_data.py"))
        .arg("--check")
        .arg("--attack-dir")
        .arg(&dir)
        .arg("--out")
        .arg(root.join("src/attack/enterprise-attack-v19.tsv"))
        .output();
    match out {
        Ok(o) => assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr)),
        Err(e) => eprintln!("skipped: cannot run python3: {e}"),
    }
}

// --- MITRE's STIX bundle ----------------------------------------------------------------------

/// The summaries read from MITRE's bundle (`--attack-data`) are the embedded table's, for every
/// technique active in both: the Rust and Python readings of a description agree.
#[test]
#[cfg_attr(not(shared_attack), ignore = "needs ../shared/attack (absent)")]
fn stix_summaries_equal_the_embedded_ones() {
    let stix = Attack::from_stix_file(&bundle_18_1()).expect("the 18.1 bundle loads");
    let embedded = Attack::embedded();
    let mut compared = 0;
    for t in stix.techniques().filter(|t| t.status == Status::Active) {
        let Some(e) = embedded
            .technique(&t.id)
            .filter(|e| e.status == Status::Active)
        else {
            continue;
        };
        assert_eq!(t.summary, e.summary, "{}", t.id);
        compared += 1;
    }
    assert!(compared > 600, "{compared}");
    let t = embedded.technique("T1204.001").expect("T1204.001");
    assert_eq!(
        t.summary.as_deref(),
        Some(
            "An adversary may rely upon a user clicking a malicious link in order to gain execution."
        )
    );
}

#[test]
#[cfg_attr(not(shared_attack), ignore = "needs ../shared/attack (absent)")]
fn stix_bundle_18_1_resolves_its_techniques() {
    let path = bundle_18_1();
    let a = Attack::from_stix_file(&path).expect("the 18.1 bundle loads");
    assert_eq!(a.version(), "18.1");
    let tactics: Vec<&str> = a.tactics().iter().map(|t| t.shortname.as_str()).collect();
    assert_eq!(tactics.len(), 14);
    assert_eq!(tactics[0], "reconnaissance");
    assert!(tactics.contains(&"defense-evasion"));
    assert!(!tactics.contains(&"stealth"));

    let t = a.technique("T1562.001").expect("T1562.001");
    assert_eq!(t.status, Status::Active);
    assert_eq!(t.name, "Disable or Modify Tools");
    assert_eq!(t.tactics, ["defense-evasion"]);
    assert_eq!(t.parent.as_deref(), Some("T1562"));
    assert!(a.technique("T1685").is_none());
    assert_eq!(
        a.technique("T1086").and_then(|t| t.status.replacement()),
        Some("T1059.001")
    );
    assert_eq!(a.techniques().count(), 835);
    assert_eq!(
        a.techniques()
            .filter(|t| t.status == Status::Active)
            .count(),
        691
    );
    // Every technique id of the bundle resolves as a tag.
    let text = std::fs::read_to_string(&path).expect("read");
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    let mut n = 0;
    for o in json["objects"].as_array().expect("objects") {
        if o["type"] != "attack-pattern" {
            continue;
        }
        let id = o["external_references"]
            .as_array()
            .and_then(|refs| refs.iter().find(|r| r["source_name"] == "mitre-attack"))
            .and_then(|r| r["external_id"].as_str())
            .expect("mitre id");
        let tag = format!("attack.{}", id.to_lowercase());
        assert!(
            matches!(a.resolve_tag(&tag), TagRef::Technique(t) if t.id == id),
            "{tag}"
        );
        n += 1;
    }
    assert_eq!(n, 835);
    assert!(a.groups_using("T1059.001").iter().any(|g| g.id == "G0016"));
    assert_eq!(
        a.software("S0002").map(|s| s.name.as_str()),
        Some("Mimikatz")
    );
    assert_eq!(
        a.entity_status("G0118").and_then(Status::replacement),
        Some("G0016")
    );
}

#[test]
fn bad_stix_files_are_refused_clearly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases = [
        ("not json", "not a STIX 2.1 JSON bundle"),
        (
            "{\"type\": \"bundle\", \"objects\": []}",
            "no ATT&CK tactics",
        ),
        ("{\"type\": \"report\"}", "`type` is not `bundle`"),
    ];
    for (i, (text, want)) in cases.iter().enumerate() {
        let p = dir.path().join(format!("bad{i}.json"));
        std::fs::write(&p, text).expect("write");
        let e = Attack::from_stix_file(&p).expect_err("refused");
        assert!(e.to_string().contains(want), "{e}");
    }
    let e = Attack::from_stix_file(&dir.path().join("missing.json")).expect_err("missing");
    assert!(e.to_string().contains("cannot read"), "{e}");
}

// --- the command line -------------------------------------------------------------------------

fn sigscope() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sigscope"))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/lints")
        .join(name)
}

#[test]
fn version_names_the_attack_release() {
    let out = sigscope().arg("--version").output().expect("run");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        text.trim(),
        format!(
            "sigscope {} (ATT&CK Enterprise v19)",
            env!("CARGO_PKG_VERSION")
        )
    );
}

#[test]
#[cfg_attr(not(shared_attack), ignore = "needs ../shared/attack (absent)")]
fn attack_data_option_loads_the_bundle() {
    let bundle = bundle_18_1();
    // Under v18.1, `defense-evasion` is current and `T1562.001` active: no SC5xx finding.
    let out = sigscope()
        .args(["check", "--format", "json", "--attack-data"])
        .arg(&bundle)
        .arg(fixture("SC504_defense_evasion_to_stealth.yml"))
        .output()
        .expect("run");
    assert_ne!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json output");
    let codes: Vec<&str> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .filter(|c| c.starts_with("SC5"))
        .collect();
    assert!(codes.is_empty(), "{codes:?}");
    // The embedded v19 data flags the same file.
    let out = sigscope()
        .args(["check", "--format", "json"])
        .arg(fixture("SC504_defense_evasion_to_stealth.yml"))
        .output()
        .expect("run");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json output");
    assert!(
        json["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .any(|d| d["code"] == "SC504")
    );
}

#[test]
fn bad_attack_data_exits_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("enterprise-attack.json");
    std::fs::write(&bad, "{\"type\": \"bundle\", \"objects\": [").expect("write");
    for (path, want) in [
        (bad.clone(), "not a STIX 2.1 JSON bundle"),
        (dir.path().join("missing.json"), "cannot read"),
    ] {
        let out = sigscope()
            .args(["check", "--attack-data"])
            .arg(&path)
            .arg(fixture("SC505_ok_tactic_of_each_technique.yml"))
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with("error: --attack-data"), "{err}");
        assert!(err.contains(want), "{err}");
        assert!(out.stdout.is_empty());
    }
}

// --- the SigmaHQ corpus -----------------------------------------------------------------------

/// Every `attack.*` tag of SigmaHQ's rules resolves in the embedded v19 table, and the SC5xx
/// lints raise no error on them.
#[test]
#[cfg_attr(not(shared_corpus), ignore = "needs ../shared/corpus/sigmahq (absent)")]
fn corpus_attack_tags_resolve() {
    let dirs = common::rules_folders(&common::shared("corpus/sigmahq"));
    let a = Attack::embedded();
    let mut files = 0;
    let mut tags = 0;
    let mut unresolved = Vec::new();
    for dir in &dirs {
        for entry in walk(dir) {
            let Ok(text) = std::fs::read_to_string(&entry) else {
                continue;
            };
            files += 1;
            let parsed = sigscope::yaml::parse(&text);
            for doc in &parsed.documents {
                let Some(list) = doc.get("tags").and_then(|t| t.as_sequence()) else {
                    continue;
                };
                for tag in list.iter().filter_map(|t| t.as_str()) {
                    if !tag.starts_with("attack.") {
                        continue;
                    }
                    tags += 1;
                    if matches!(
                        a.resolve_tag(tag),
                        TagRef::UnknownAttack | TagRef::Malformed
                    ) {
                        unresolved.push(format!("{}: {tag}", entry.display()));
                    }
                }
            }
        }
    }
    assert!(files > 3000, "{files} files");
    assert!(tags > 10_000, "{tags} tags");
    assert!(unresolved.is_empty(), "{unresolved:#?}");

    let report = sigscope::check::check_paths(&dirs, &sigscope::settings::Settings::default());
    let errors: Vec<String> = report
        .files
        .iter()
        .flat_map(|f| {
            f.diagnostics
                .iter()
                .filter(|d| {
                    d.code().starts_with("SC5") && d.severity == sigscope::lint::Severity::Error
                })
                .map(move |d| format!("{}: {} {}", f.source.path.display(), d.code(), d.message))
        })
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.filter_map(Result::ok) {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "yml" || x == "yaml") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}
