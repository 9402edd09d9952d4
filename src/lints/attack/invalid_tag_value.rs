use super::{TagItem, Tags};
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a `cve`, `car`, `stp`, `tlp`, `detection` or `d3fend` tag whose value does not
    /// have the form the Sigma specification gives its namespace.
    ///
    /// The forms:
    ///
    /// - `cve.YYYY-NNNN`: a CVE id without the `CVE-` prefix (`cve.2021-44228`);
    /// - `car.YYYY-MM-NNN`: a MITRE CAR analytic without `CAR-` (`car.2016-04-005`);
    /// - `stp.N` or `stp.NX`: a Summiting the Pyramid score, `N` from 1 to 5 and `X` one of
    ///   `a`, `u`, `k` (`stp.3k`);
    /// - `tlp.clear`, `tlp.green`, `tlp.amber`, `tlp.amber-strict`, `tlp.red` (TLP 2.0);
    /// - `detection.dfir`, `detection.emerging-threats`, `detection.threat-hunting`;
    /// - `d3fend.d3-…` (technique), `d3fend.d3f-…` (artifact) or a D3FEND tactic (`model`,
    ///   `harden`, `detect`, `isolate`, `deceive`, `evict`, `restore`).
    ///
    /// ## Why is this bad?
    /// Tools that read these tags (sharing by TLP, SigmaHQ's rule types, links to CVE and CAR
    /// pages) do not understand the value, so the tag is lost. A warning, because the tag is
    /// metadata and the rule's detection is unaffected.
    ///
    /// ## Example
    /// ```yaml
    /// tags:
    ///     - cve.cve-2021-44228
    ///     - tlp.white
    ///     - detection.threat_hunting
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// tags:
    ///     - cve.2021-44228
    ///     - tlp.clear
    ///     - detection.threat-hunting
    /// ```
    pub static INVALID_TAG_VALUE = "SC509", "invalid-tag-value", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Tags(check)];

const TLP: &[&str] = &["clear", "green", "amber", "amber-strict", "red"];
const DETECTION: &[&str] = &["dfir", "emerging-threats", "threat-hunting"];
const D3FEND_TACTICS: &[&str] = &[
    "model", "harden", "detect", "isolate", "deceive", "evict", "restore",
];

pub fn check(tags: &Tags<'_>, out: &mut Vec<Diagnostic>) {
    for item in tags.items.iter().filter(|i| i.well_formed) {
        if let Some((message, help)) = problem(item) {
            out.push(
                Diagnostic::new(&INVALID_TAG_VALUE, item.span.clone(), message)
                    .with_label(format!("not a valid `{}` tag", item.namespace))
                    .with_help(help),
            );
        }
    }
}

fn digits(s: &str, n: std::ops::RangeInclusive<usize>) -> bool {
    n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

fn problem(item: &TagItem<'_>) -> Option<(String, String)> {
    let (tag, v) = (item.text, item.value);
    match item.namespace {
        "cve" => {
            let ok = |s: &str| {
                s.split_once('-')
                    .is_some_and(|(y, n)| digits(y, 4..=4) && digits(n, 4..=usize::MAX))
            };
            if ok(v) {
                return None;
            }
            let bare = v.strip_prefix("cve-").unwrap_or(v).replacen('.', "-", 1);
            let help = match Some(bare).filter(|s| ok(s)) {
                Some(id) => format!("write `cve.{id}`"),
                None => String::from(
                    "write the CVE id as `cve.YYYY-NNNN`, without its `CVE-` prefix, e.g. `cve.2021-44228`",
                ),
            };
            Some((
                format!("`{tag}` is not a CVE id of the form `cve.YYYY-NNNN`"),
                help,
            ))
        }
        "car" => {
            let ok = |s: &str| {
                let p: Vec<&str> = s.split('-').collect();
                matches!(p[..], [y, m, n] if digits(y, 4..=4) && digits(m, 2..=2) && digits(n, 3..=3))
            };
            if ok(v) {
                return None;
            }
            let bare = v.strip_prefix("car-").unwrap_or(v);
            let help = match padded_car(bare) {
                Some(id) => format!("write `car.{id}`"),
                None => String::from(
                    "write the CAR analytic id as `car.YYYY-MM-NNN`, without its `CAR-` prefix, e.g. `car.2016-04-005`",
                ),
            };
            Some((
                format!("`{tag}` is not a CAR analytic of the form `car.YYYY-MM-NNN`"),
                help,
            ))
        }
        "stp" => {
            let b = v.as_bytes();
            let ok = matches!(b, [n] | [n, b'a' | b'u' | b'k'] if (b'1'..=b'5').contains(n));
            (!ok).then(|| {
                (
                    format!("`{tag}` is not a Summiting the Pyramid score"),
                    String::from(
                        "write the analytic robustness 1 to 5, optionally followed by the event robustness a, u or k, e.g. `stp.3k`",
                    ),
                )
            })
        }
        "tlp" => {
            if TLP.contains(&v) {
                return None;
            }
            let help = match v {
                "white" => String::from("TLP 2.0 renamed `white` to `clear`: write `tlp.clear`"),
                _ => match did_you_mean(v, TLP.iter().copied()) {
                    Some(s) => format!("write `tlp.{s}`"),
                    None => format!("use one of {}", list("tlp", TLP)),
                },
            };
            Some((format!("`{tag}` is not a TLP 2.0 label"), help))
        }
        "detection" => {
            if DETECTION.contains(&v) {
                return None;
            }
            let dashed = v.replace('_', "-");
            let help = match did_you_mean(&dashed, DETECTION.iter().copied()) {
                Some(s) => format!("write `detection.{s}`"),
                None => format!("use one of {}", list("detection", DETECTION)),
            };
            Some((format!("`{tag}` is not a Sigma rule type"), help))
        }
        "d3fend" => {
            let rest_ok = |s: &str| {
                !s.is_empty()
                    && s.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
            };
            let ok = v.strip_prefix("d3-").is_some_and(rest_ok)
                || v.strip_prefix("d3f-").is_some_and(rest_ok)
                || D3FEND_TACTICS.contains(&v);
            (!ok).then(|| {
                (
                    format!("`{tag}` is not a D3FEND technique, artifact or tactic"),
                    String::from(
                        "write a technique as `d3fend.d3-am`, an artifact as `d3fend.d3f-WindowsNtOpenFile`, or a tactic such as `d3fend.detect`",
                    ),
                )
            })
        }
        _ => None,
    }
}

/// `2016-4-5` → `2016-04-005`: a CAR id with its numbers zero-padded, when that is all it needs.
fn padded_car(v: &str) -> Option<String> {
    let p: Vec<&str> = v.split('-').collect();
    let [y, m, n] = p[..] else { return None };
    (digits(y, 4..=4) && digits(m, 1..=2) && digits(n, 1..=3))
        .then(|| format!("{y}-{m:0>2}-{n:0>3}"))
}

fn list(ns: &str, values: &[&str]) -> String {
    values
        .iter()
        .map(|v| format!("`{ns}.{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
