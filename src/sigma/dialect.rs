//! Sigma dialects: rule formats that extend Sigma and are linted as Sigma once their
//! extensions are read the way their tools read them.
//!
//! Hayabusa (Yamato Security's Windows event log analyser) marks its rules with `ruletype`
//! (`Hayabusa` for its own rules, `Sigma` for the SigmaHQ rules it converts). Its extensions:
//! the top-level keys `ruletype`, `details` (the alert's message template), `sample-evtx`,
//! `sample-message` and their `hayabusa-` forms, which Sigma's custom keys already allow; bare
//! tags such as `sysmon`, `lolbas` or `RDP` beside the `attack.` ones; and optional keys left
//! empty (null) as its rule template has them: `description`, `tags`, `references`,
//! `falsepositives` and `logsource.definition`, which it reads as absent.

use crate::yaml::{Node, NodeKind};

/// The top-level keys Hayabusa may leave empty.
const MAY_BE_EMPTY: &[&str] = &["description", "tags", "references", "falsepositives"];

/// Whether `root` is a rule in Hayabusa's dialect.
pub fn is_hayabusa(root: &Node) -> bool {
    root.entry("ruletype").is_some()
}

/// `root` as Sigma reads what Hayabusa means, when it is a Hayabusa rule: its empty optional
/// keys left out, and its bare tags (no `namespace.`) too. Every node keeps its place in the
/// text, so findings and fixes still point into the file.
pub fn as_sigma(root: &Node) -> Option<Node> {
    if !is_hayabusa(root) {
        return None;
    }
    let NodeKind::Mapping(entries) = &root.kind else {
        return None;
    };
    let mut out = root.clone();
    let NodeKind::Mapping(kept) = &mut out.kind else {
        return None;
    };
    kept.clear();
    for e in entries {
        let key = e.key.as_str().unwrap_or_default();
        if MAY_BE_EMPTY.contains(&key) && e.value.is_null() {
            continue;
        }
        let mut e = e.clone();
        match (key, &mut e.value.kind) {
            ("tags", NodeKind::Sequence(items)) => {
                items.retain(|t| t.as_str().is_none_or(|s| s.contains('.')));
            }
            ("logsource", NodeKind::Mapping(fields)) => {
                fields.retain(|f| !(f.key.as_str() == Some("definition") && f.value.is_null()));
            }
            _ => {}
        }
        kept.push(e);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(n: &Node) -> Vec<&str> {
        n.as_mapping()
            .unwrap_or_default()
            .iter()
            .filter_map(|e| e.key.as_str())
            .collect()
    }

    #[test]
    fn hayabusa_extensions_are_read_as_sigma() {
        let text = "title: t\ndescription:\ntags:\n    - attack.t1059\n    - sysmon\n    - RDP\nreferences:\nfalsepositives:\nlogsource:\n    product: windows\n    definition:\ndetails: 'Cmd: %CommandLine%'\nruletype: Hayabusa\n";
        let root = &crate::yaml::parse(text).documents[0];
        let sigma = as_sigma(root).expect("a Hayabusa rule");
        assert_eq!(
            keys(&sigma),
            ["title", "tags", "logsource", "details", "ruletype"]
        );
        assert_eq!(
            keys(&sigma.entry("logsource").expect("logsource").value),
            ["product"]
        );
        let tags = sigma.entry("tags").expect("tags");
        let tags: Vec<&str> = tags
            .value
            .as_sequence()
            .unwrap_or_default()
            .iter()
            .filter_map(Node::as_str)
            .collect();
        assert_eq!(tags, ["attack.t1059"]);
        // Spans still point into the file.
        let kept = &sigma
            .entry("tags")
            .expect("tags")
            .value
            .as_sequence()
            .expect("list")[0];
        assert_eq!(&text[kept.span.clone()], "attack.t1059");
    }

    #[test]
    fn plain_sigma_is_left_alone() {
        let root = &crate::yaml::parse("title: t\ntags:\n    - sysmon\nreferences:\n").documents[0];
        assert!(as_sigma(root).is_none());
    }
}
