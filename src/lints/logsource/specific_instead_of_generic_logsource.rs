use crate::diagnostics::Diagnostic;
use crate::lints::{DocContext, Hook, declare_lint};
use crate::sigma::condition::{Expr, Quantifier};
use crate::sigma::{Detection, FieldMatch, SearchBody, SearchId};
use crate::yaml::{Node, Resolved};

declare_lint! {
    /// ## What it does
    /// Reports a rule on the Sysmon log source (`product: windows`, `service: sysmon`, no
    /// `category`) whose `EventID` selects events that a generic category of the Sigma
    /// taxonomy covers (`1` is `process_creation`, `7` `image_load`, `13` `registry_set`…),
    /// and a rule on `service: security` that selects `EventID: 4688` (`process_creation`).
    ///
    /// Reported only when the rule can move to one category: every `EventID` of the detection
    /// maps to the same category (`[17, 18]` is `pipe_created`; 12, and any mix of 12, 13 and
    /// 14, is `registry_event`), and the condition requires one of the selections that test
    /// it, so no part of the rule matches other Sysmon events. A rule on `EventID: [1, 3]`,
    /// one whose only `EventID` test is a negated filter, or one on an event id without a
    /// category is left alone.
    ///
    /// ## Why is this bad?
    /// A generic category is what Sigma pipelines map to every product that records the
    /// event (Sysmon, Windows Security 4688, EDR telemetry); a rule tied to the Sysmon
    /// channel and its event number converts for Sysmon only. SigmaHQ writes its rules on
    /// generic categories. pySigma loads the rule, and its
    /// `specific_instead_of_generic_logsource` validator reports each listed id written as a
    /// number (`SpecificInsteadOfGenericLogsourceIssue`, high); a quoted `'7'` selects the
    /// same events and is reported here too. pySigma names Sysmon event 24 `clipboard_change`
    /// and every registry event `registry_event`, where the taxonomy has `clipboard_capture`,
    /// `registry_set` (13) and `registry_rename` (14). The severity is info: the rule works
    /// on Sysmon, and Sysmon-only rules (on the Sysmon status events, say) are a deliberate
    /// choice SigmaHQ makes too.
    ///
    /// ## Example
    /// ```yaml
    /// logsource:
    ///     product: windows
    ///     service: sysmon
    /// detection:
    ///     selection:
    ///         EventID: 7
    ///         ImageLoaded|endswith: '\dbghelp.dll'
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// logsource:
    ///     category: image_load
    ///     product: windows
    /// detection:
    ///     selection:
    ///         ImageLoaded|endswith: '\dbghelp.dll'
    ///     condition: selection
    /// ```
    pub static SPECIFIC_INSTEAD_OF_GENERIC_LOGSOURCE = "SC610", "specific-instead-of-generic-logsource", Info;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

/// Sysmon event ids and the taxonomy category of each (`sigma-appendix-taxonomy.md`).
const SYSMON: &[(i64, &str)] = &[
    (1, "process_creation"),
    (2, "file_change"),
    (3, "network_connection"),
    (4, "sysmon_status"),
    (5, "process_termination"),
    (6, "driver_load"),
    (7, "image_load"),
    (8, "create_remote_thread"),
    (9, "raw_access_thread"),
    (10, "process_access"),
    (11, "file_event"),
    (12, "registry_event"),
    (13, "registry_set"),
    (14, "registry_rename"),
    (15, "create_stream_hash"),
    (16, "sysmon_status"),
    (17, "pipe_created"),
    (18, "pipe_created"),
    (19, "wmi_event"),
    (20, "wmi_event"),
    (21, "wmi_event"),
    (22, "dns_query"),
    (23, "file_delete"),
    (24, "clipboard_capture"),
    (25, "process_tampering"),
    (26, "file_delete_detected"),
    (27, "file_block_executable"),
    (28, "file_block_shredding"),
    (29, "file_executable_detected"),
    (255, "sysmon_error"),
];

const SECURITY: &[(i64, &str)] = &[(4688, "process_creation")];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let (Some(ls), Some(det)) = (&ctx.doc.logsource, &ctx.doc.detection) else {
        return;
    };
    if ls.category.is_some() || ls.product.text() != Some("windows") {
        return;
    }
    let (service, table) = match ls.service.text() {
        Some("sysmon") => ("sysmon", SYSMON),
        Some("security") => ("security", SECURITY),
        _ => return,
    };
    let Some((first, ids, category)) = one_category(det, table) else {
        return;
    };
    if det.conditions.is_empty()
        || !det.conditions.iter().all(|c| {
            c.parsed
                .as_ref()
                .is_ok_and(|c| requires_event_id(det, &c.expr))
        })
    {
        return;
    }
    let help = if service == "security" {
        format!(
            "write `category: {category}` instead of `service: security` and drop the `EventID`; the category uses Sysmon's field names (`Image`, `ParentImage`, `CommandLine`)"
        )
    } else {
        format!(
            "write `category: {category}` instead of `service: sysmon` and drop the `EventID` unless the category covers other events the rule must not match"
        )
    };
    let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
    out.push(
        Diagnostic::new(
            &SPECIFIC_INSTEAD_OF_GENERIC_LOGSOURCE,
            first.span.clone(),
            format!(
                "`service: {service}` with `EventID` {} is the generic category `{category}`",
                ids.join(", ")
            ),
        )
        .with_label(format!("the `{category}` events"))
        .with_help(help),
    );
}

/// The `EventID` tests of the detection (any other spelling is another field).
fn event_ids<'s, 'a>(search: &'s SearchId<'a>) -> Vec<&'s FieldMatch<'a>> {
    search
        .body
        .field_matches()
        .filter(|f| f.field == "EventID")
        .collect()
}

/// The first `EventID` value node, the ids in the order written, and the one category every `EventID` of the detection maps
/// to; `None` when there is none, one has a modifier or an id without a category, or the ids
/// span several categories (registry events 12, 13 and 14 together are `registry_event`).
fn one_category<'a>(
    det: &Detection<'a>,
    table: &[(i64, &'static str)],
) -> Option<(&'a Node, Vec<i64>, &'static str)> {
    let mut first = None;
    let mut ids = Vec::new();
    let mut categories: Vec<&'static str> = Vec::new();
    let mut registry = true;
    for search in &det.search_ids {
        for f in event_ids(search) {
            if !f.modifiers.is_empty() || f.values.is_empty() {
                return None;
            }
            first.get_or_insert(f.value);
            for v in f.values.iter() {
                let id = event_id(v)?;
                let (_, category) = table.iter().find(|(n, _)| *n == id)?;
                registry &= (12..=14).contains(&id);
                if !ids.contains(&id) {
                    ids.push(id);
                }
                if !categories.contains(category) {
                    categories.push(category);
                }
            }
        }
    }
    let category = match categories[..] {
        [one] => one,
        [_, _, ..] if registry => "registry_event",
        _ => return None,
    };
    Some((first?, ids, category))
}

/// An event id written as a number or as a string of digits.
fn event_id(v: &Node) -> Option<i64> {
    let s = v.as_scalar()?;
    match s.resolved {
        Resolved::Int(n) => Some(n),
        Resolved::String if !s.value.is_empty() && s.value.bytes().all(|b| b.is_ascii_digit()) => {
            s.value.parse().ok()
        }
        _ => None,
    }
}

/// Whether a search identifier matches only events with one of its `EventID` values: it
/// tests `EventID` in its mapping, or in every mapping of its list.
fn tests_event_id(search: &SearchId<'_>) -> bool {
    let has = |fields: &[FieldMatch<'_>]| fields.iter().any(|f| f.field == "EventID");
    match &search.body {
        SearchBody::Fields(fields) => has(fields),
        SearchBody::FieldsList(maps) => !maps.is_empty() && maps.iter().all(|m| has(m)),
        SearchBody::Keywords(_) | SearchBody::Other => false,
    }
}

/// Whether every event the condition matches passes one of the `EventID` tests.
fn requires_event_id(det: &Detection<'_>, expr: &Expr) -> bool {
    match expr {
        Expr::Ident { name, .. } => det.search_id(name).is_some_and(tests_event_id),
        Expr::Not { .. } => false,
        Expr::And { operands, .. } => operands.iter().any(|e| requires_event_id(det, e)),
        Expr::Or { operands, .. } => {
            !operands.is_empty() && operands.iter().all(|e| requires_event_id(det, e))
        }
        Expr::Group { expr, .. } => requires_event_id(det, expr),
        Expr::Quantified {
            quantifier, target, ..
        } => {
            let mut matched = det
                .search_ids
                .iter()
                .filter(|s| target.matches(s.name))
                .peekable();
            if matched.peek().is_none() {
                return false;
            }
            match quantifier {
                Quantifier::All => matched.any(tests_event_id),
                Quantifier::One | Quantifier::Any => matched.all(tests_event_id),
            }
        }
    }
}
