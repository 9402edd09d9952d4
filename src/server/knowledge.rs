//! What the values of a rule mean, for hover and completion: the `status` and `level` values of
//! the specification, the log sources of its taxonomy appendix, and the value modifiers.

use crate::lints::values::MODIFIERS;

/// The specification's `status` values and what each declares.
pub const STATUSES: &[(&str, &str)] = &[
    (
        "stable",
        "the rule is considered stable and may be used in production systems or dashboards",
    ),
    (
        "test",
        "a mostly stable rule that could require some slight adjustments depending on the environment",
    ),
    (
        "experimental",
        "an experimental rule that could lead to false positives or be noisy, but could also identify interesting events",
    ),
    (
        "deprecated",
        "the rule is replaced or covered by another one, linked by the `related` field",
    ),
    (
        "unsupported",
        "the rule cannot be used in its current state (old correlation format, custom fields)",
    ),
];

/// The specification's `level` values, from the least to the most critical.
pub const LEVELS: &[(&str, &str)] = &[
    (
        "informational",
        "for enrichment of events, e.g. by tagging them; no case or alert should be raised, as a huge amount of events is expected to match",
    ),
    (
        "low",
        "notable event but rarely an incident; relevant in high numbers or combined with others, reviewed regularly rather than at once",
    ),
    (
        "medium",
        "relevant event that should be reviewed manually on a more frequent basis",
    ),
    (
        "high",
        "relevant event that should trigger an internal alert and requires a prompt review",
    ),
    (
        "critical",
        "highly relevant event that indicates an incident and should be reviewed immediately; only where probability borders certainty",
    ),
];

/// The values of a top-level key with a closed set of values (`status`, `level`), with their
/// meanings.
pub fn enum_values(key: &str) -> &'static [(&'static str, &'static str)] {
    match key {
        "status" => STATUSES,
        "level" => LEVELS,
        _ => &[],
    }
}

/// What a value modifier does; aliases are explained as what they stand for.
pub fn modifier_meaning(name: &str) -> Option<&'static str> {
    let name = match name {
        "ignorecase" => "i",
        "multiline" => "m",
        "dotall" => "s",
        n => n,
    };
    MODIFIERS.iter().find(|(n, _)| *n == name)?;
    crate::sigma::modifiers::meaning(name)
}

/// The log sources of the Sigma taxonomy appendix (v2.1.0) with its description of each.
const APPENDIX: &str = include_str!("logsources.tsv");

/// One log source of the appendix: `product`, `category` and `service` (empty when absent)
/// and its description (empty when the appendix gives none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppendixSource {
    pub product: &'static str,
    pub category: &'static str,
    pub service: &'static str,
    pub description: &'static str,
}

impl AppendixSource {
    pub fn get(&self, key: &str) -> &'static str {
        match key {
            "product" => self.product,
            "category" => self.category,
            "service" => self.service,
            _ => "",
        }
    }
}

/// Every log source of the appendix, in its order.
pub fn appendix_sources() -> impl Iterator<Item = AppendixSource> {
    APPENDIX
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|line| {
            let mut cols = line.split('\t');
            let mut col = || cols.next().map(|c| if c == "-" { "" } else { c });
            Some(AppendixSource {
                product: col()?,
                category: col()?,
                service: col()?,
                description: col().unwrap_or_default(),
            })
        })
}

/// What the appendix says of a product, beside the log sources it lists for it.
pub fn product_meaning(product: &str) -> Option<&'static str> {
    Some(match product {
        "windows" => {
            "Windows operating system logs; the names of Windows event log attributes are used as field names"
        }
        "linux" => "Linux operating system logs",
        "macos" => "macOS operating system logs",
        "aws" | "azure" | "gcp" | "m365" | "okta" | "onelogin" | "github" | "bitbucket" => {
            "cloud service logs"
        }
        "cisco" | "huawei" | "juniper" | "zeek" => "network device and network monitoring logs",
        "django" | "python" | "rpc_firewall" | "ruby_on_rails" | "spring" | "sql" => {
            "application logs, used with `category: application` in keyword rules"
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_appendix_table_reads() {
        let windows_security = appendix_sources()
            .find(|s| s.product == "windows" && s.service == "security")
            .map(|s| s.description);
        assert_eq!(windows_security, Some("Channel: Security"));
        assert!(appendix_sources().count() > 100);
    }

    #[test]
    fn every_modifier_has_a_meaning() {
        for (name, _) in MODIFIERS {
            assert!(modifier_meaning(name).is_some(), "{name}");
        }
    }
}
