//! Which YAML documents are Sigma documents. Rule repositories also hold processing pipelines,
//! tool configurations, field mappings, playbooks, test definitions and CI files; those are
//! told apart from rules by their keys, so that they are not linted as broken rules.
//!
//! The decision, in order:
//!
//! 1. A document with a Sigma section (`detection`, `logsource`, `correlation`, `filter`) or a
//!    v1 collection `action` is a Sigma document, whatever else it holds: a rule that lost its
//!    detection or its log source is still a rule, with an error.
//! 2. A document with the keys of another well-known YAML format (a pySigma processing pipeline,
//!    a validator configuration, a legacy sigmac backend configuration, an Atomic Red Team test,
//!    Docker Compose, a CI workflow, MkDocs, Kubernetes, CloudFormation, …) is that format.
//! 3. A document with a `title` and rule metadata only a Sigma rule has (`status`, `level` or
//!    `falsepositives`), whose keys are mostly Sigma keys, is a rule without its sections.
//! 4. Anything else is not a Sigma document.

use crate::sigma::KNOWN_TOP_LEVEL_KEYS;
use crate::yaml::Node;

/// What a YAML document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// A Sigma rule, correlation or filter, or a part of a v1 collection.
    Sigma,
    /// Some other YAML, described for the user ("a pySigma processing pipeline").
    Other(&'static str),
}

/// Top-level keys that only Sigma documents have.
const SECTIONS: &[&str] = &["detection", "logsource", "correlation", "filter"];

/// Metadata keys that no other common YAML format uses at the top level with a `title`.
const RULE_ONLY: &[&str] = &["status", "level", "falsepositives"];

/// Well-known formats, each named by keys that together identify it: every key of one
/// alternative must be present.
const FORMATS: &[(&str, &[&[&str]])] = &[
    (
        "a pySigma processing pipeline",
        &[&["transformations"], &["postprocessing"], &["finalizers"]],
    ),
    (
        "a pySigma validator configuration",
        &[&["validators"], &["exclusions"]],
    ),
    (
        "a legacy sigmac backend configuration",
        &[
            &["fieldmappings"],
            &["logsources", "backends"],
            &["logsources", "defaultindex"],
        ],
    ),
    (
        "an event or field mapping configuration",
        &[
            &["RewriteFieldData"],
            &["Channel", "EventID"],
            &["Title", "Channel"],
        ],
    ),
    (
        "an Atomic Red Team test",
        &[&["attack_technique", "atomic_tests"], &["atomic_tests"]],
    ),
    (
        "a Docker Compose file",
        &[
            &["services", "version"],
            &["services", "volumes"],
            &["services", "networks"],
        ],
    ),
    ("a GitHub Actions workflow", &[&["on", "jobs"], &["runs"]]),
    (
        "a GitLab CI configuration",
        &[
            &["stages"],
            &["include", "variables"],
            &["workflow", "rules"],
        ],
    ),
    (
        "an Azure Pipelines definition",
        &[&["trigger", "pool"], &["pool", "steps"]],
    ),
    ("an MkDocs configuration", &[&["site_name"]]),
    ("a Kubernetes manifest", &[&["apiVersion", "kind"]]),
    (
        "a CloudFormation template",
        &[&["AWSTemplateFormatVersion"], &["Resources"]],
    ),
    ("an OpenAPI definition", &[&["openapi"], &["swagger"]]),
    ("a pre-commit configuration", &[&["repos"]]),
    ("a Dependabot configuration", &[&["updates", "version"]]),
    ("an Ansible playbook", &[&["hosts", "tasks"]]),
    (
        "an incident-response playbook",
        &[&["steps"], &["phases"], &["playbook"]],
    ),
];

/// Keys a Sigma document may have at the top level beyond the specification's: the v1 and
/// Hayabusa ones.
const OTHER_SIGMA_KEYS: &[&str] = &["action", "ruletype", "details"];

/// How [`classify`] describes a document of no format it knows.
pub const GENERIC: &str = "YAML that is not a Sigma rule";

/// What the document `root` is. A scalar is taken for a rule that failed to parse as one
/// (`title:x` without its space); a list is a rule only if one of its items has a Sigma section.
pub fn classify(root: &Node) -> Class {
    if let Some(items) = root.as_sequence() {
        let sigma = items.iter().any(|item| {
            item.as_mapping().is_some_and(|entries| {
                entries
                    .iter()
                    .any(|e| e.key.as_str().is_some_and(|k| SECTIONS.contains(&k)))
            })
        });
        return if sigma {
            Class::Sigma
        } else {
            Class::Other("a top-level YAML list")
        };
    }
    let Some(entries) = root.as_mapping() else {
        return Class::Sigma;
    };
    let keys: Vec<&str> = entries.iter().filter_map(|e| e.key.as_str()).collect();
    let has = |k: &str| keys.contains(&k);
    if SECTIONS.iter().any(|k| has(k)) || has("action") {
        return Class::Sigma;
    }
    for (what, alternatives) in FORMATS {
        if alternatives.iter().any(|all| all.iter().all(|k| has(k))) {
            return Class::Other(what);
        }
    }
    let sigma_keys = keys
        .iter()
        .filter(|k| KNOWN_TOP_LEVEL_KEYS.contains(k) || OTHER_SIGMA_KEYS.contains(k))
        .count();
    if has("title") && RULE_ONLY.iter().any(|k| has(k)) && 2 * sigma_keys > keys.len() {
        return Class::Sigma;
    }
    Class::Other(GENERIC)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(text: &str) -> Class {
        classify(&crate::yaml::parse(text).documents[0])
    }

    #[test]
    fn rules_are_rules_even_when_broken() {
        assert_eq!(
            of("title: t\nlogsource: {product: windows}\n"),
            Class::Sigma
        );
        assert_eq!(
            of("detection: {sel: {a: 1}, condition: sel}\n"),
            Class::Sigma
        );
        assert_eq!(of("correlation: {type: event_count}\n"), Class::Sigma);
        assert_eq!(of("action: global\ntitle: t\n"), Class::Sigma);
        // Lost both sections: still a rule, and the schema says what is missing.
        assert_eq!(
            of("title: t\nid: x\nstatus: test\nlevel: high\nauthor: me\n"),
            Class::Sigma
        );
        // A Hayabusa rule is a rule in a dialect.
        assert_eq!(
            of("title: t\nruletype: Hayabusa\ndetails: x\ndetection: {condition: s}\n"),
            Class::Sigma
        );
    }

    #[test]
    fn other_yaml_is_named() {
        let cases = [
            (
                "name: p\npriority: 10\ntransformations: []\n",
                "a pySigma processing pipeline",
            ),
            (
                "validators: [all]\nexclusions: {}\n",
                "a pySigma validator configuration",
            ),
            (
                "Title: Sysmon\nChannel: Microsoft-Windows-Sysmon/Operational\nEventID: 1\nRewriteFieldData: {}\n",
                "an event or field mapping configuration",
            ),
            (
                "attack_technique: T1059\ndisplay_name: x\natomic_tests: []\n",
                "an Atomic Red Team test",
            ),
            (
                "services: {web: {image: x}}\nversion: '3'\n",
                "a Docker Compose file",
            ),
            (
                "name: ci\non: push\njobs: {}\n",
                "a GitHub Actions workflow",
            ),
            ("site_name: docs\nnav: []\n", "an MkDocs configuration"),
            ("apiVersion: v1\nkind: Pod\n", "a Kubernetes manifest"),
            (
                "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n",
                "a CloudFormation template",
            ),
            (
                "title: Phishing response\nid: IR-PLAY-005\ntags: [phishing]\nsteps: []\n",
                "an incident-response playbook",
            ),
            (
                "title: Notes\nitems: [a, b]\n",
                "YAML that is not a Sigma rule",
            ),
        ];
        for (text, what) in cases {
            assert_eq!(of(text), Class::Other(what), "{text}");
        }
    }
}
