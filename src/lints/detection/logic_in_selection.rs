use crate::diagnostics::Diagnostic;
use crate::lints::detection::{Reference, References, is_misplaced_keyword};
use crate::lints::values::shorten;
use crate::lints::{DocContext, Hook, declare_lint};
use crate::sigma::{Detection, FieldMatch, SearchBody, SearchId};
use crate::yaml::Node;

declare_lint! {
    /// ## What it does
    /// Reports Sigma's own logic written inside a search identifier, where it is read as a
    /// field match:
    ///
    /// - a field named `condition`, `timeframe` or `timespan`: the rule's condition or a time
    ///   window, indented one level too deep or put in the selection it was meant for;
    /// - a value that refers to a field of a search identifier, `from selection.source_ip` or
    ///   `selection.source_ip`, as if a rule could join the events two selections match.
    ///
    /// Field names are compared exactly as written and only without modifiers: `Condition`
    /// may be a real log field. A value is a reference when, trimmed, it is
    /// `from <identifier>.<field>` (`from` in any case) or `<identifier>.<field>`, where
    /// `<identifier>` is a search identifier of the same detection, `<field>` is a field name
    /// (letters, digits, `_`, `-` and `.`, starting with a letter or `_`) and, without `from`,
    /// a field the detection matches on. Values of `re` and `fieldref` are left alone.
    ///
    /// ## Why is this bad?
    /// pySigma and every backend take the key as a field name and the value as literal text:
    /// the selection asks for a log field called `condition` holding the text
    /// `count by source_ip > 20`, or for `ParentImage` to be the text
    /// `from stage1_download.Image`. No event has those, so the selection never matches, and
    /// the logic the author meant is not there. The severity is error.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection_download:
    ///         EventID: 1
    ///         Image|endswith: '\certutil.exe'
    ///         timeframe: 30m
    ///     selection_child:
    ///         EventID: 1
    ///         ParentImage: from selection_download.Image
    ///     condition: selection_download and selection_child
    /// ```
    ///
    /// ## Use instead
    /// A rule matches one event at a time. Write a rule for each event and relate them with a
    /// correlation rule, whose `aliases` name the field they share:
    /// ```yaml
    /// correlation:
    ///     type: temporal
    ///     rules:
    ///         - certutil_download
    ///         - certutil_child
    ///     aliases:
    ///         image:
    ///             certutil_download: Image
    ///             certutil_child: ParentImage
    ///     group-by:
    ///         - image
    ///     timespan: 30m
    /// ```
    /// To compare two fields of the same event, use `fieldref`:
    /// `ParentImage|fieldref: Image`.
    pub static LOGIC_IN_SELECTION = "SC316", "logic-in-selection", Error;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(det) = &ctx.doc.detection else {
        return;
    };
    let refs = References::new(det);
    for s in &det.search_ids {
        let fields: Box<dyn Iterator<Item = &FieldMatch<'_>>> = match &s.body {
            SearchBody::Fields(f) => Box::new(f.iter()),
            SearchBody::FieldsList(l) => Box::new(l.iter().flatten()),
            SearchBody::Keywords(_) | SearchBody::Other => continue,
        };
        for f in fields {
            if is_misplaced_keyword(f) {
                out.push(keyword(det, s, f));
                continue;
            }
            if f.has_modifier("re") || f.has_modifier("fieldref") {
                continue;
            }
            for &v in f.values.iter() {
                if let Some(r) = v.as_str().and_then(|t| refs.of(t)) {
                    out.push(reference(det, f, v, r));
                }
            }
        }
    }
}

/// `condition`, `timeframe` or `timespan` as a field of search identifier `s`.
fn keyword(det: &Detection<'_>, s: &SearchId<'_>, f: &FieldMatch<'_>) -> Diagnostic {
    let (name, key) = (s.name, f.field);
    let section = det.key.as_str().unwrap_or("detection");
    let value = f.value.as_str().unwrap_or_default();
    let mut d = Diagnostic::new(
        &LOGIC_IN_SELECTION,
        f.field_span.clone(),
        if key == "condition" {
            format!("`condition` inside `{name}` is a field match, not the rule's condition")
        } else {
            format!("`{key}` inside `{name}` is a field match, not a time window")
        },
    )
    .with_label(format!("matched against a log field named `{key}`"))
    .with_secondary(s.key.span.clone(), "in this search identifier");
    let help = match (key, det.condition) {
        ("condition", None) => format!(
            "move it out of `{name}`: indent it like the search identifiers, directly under `{section}`"
        ),
        ("condition", Some(own)) => {
            d = d.with_secondary(own.key.span.clone(), "the rule's condition");
            if value.to_ascii_lowercase().contains("count") {
                String::from(
                    "delete it: counting events takes a correlation rule (`type: event_count`, `group-by`, `timespan`) over this rule",
                )
            } else {
                format!("delete it, and write its logic in the `condition` of `{section}`")
            }
        }
        _ => {
            let window = Some(value)
                .filter(|v| !v.is_empty() && v.len() <= 32 && !v.contains(char::is_whitespace))
                .map_or_else(
                    || String::from("`timespan`"),
                    |w| format!("`timespan: {w}`"),
                );
            format!(
                "delete it: a rule matches single events; to relate events in time, write a correlation rule with {window}"
            )
        }
    };
    d.with_help(help)
}

/// Value `v` of `f` reads as reference `r` to a field of another search identifier.
fn reference(det: &Detection<'_>, f: &FieldMatch<'_>, v: &Node, r: Reference<'_>) -> Diagnostic {
    let text = shorten(v.as_str().unwrap_or_default().trim());
    let (search, field) = (r.search, r.field);
    let mut d = Diagnostic::new(
        &LOGIC_IN_SELECTION,
        v.span.clone(),
        format!("`{text}` is matched as literal text, not as the `{field}` of `{search}`"),
    )
    .with_label("a literal value");
    if let Some(target) = det.search_id(search) {
        d = d.with_secondary(target.key.span.clone(), "the search identifier it names");
    }
    let relate = "a rule matches each event on its own: to relate two events, write a rule for each and a `temporal` correlation rule grouped by the shared value (with `aliases` when its field names differ)";
    let this = f.field;
    d.with_help(if this == field {
        relate.to_owned()
    } else {
        format!("{relate}; to compare two fields of one event, write `{this}|fieldref: {field}`")
    })
}
