use crate::diagnostics::{Diagnostic, Edit, Fix, edit_distance};
use crate::lints::detection::is_misplaced_keyword;
use crate::lints::logsource::uses_sigma_taxonomy;
use crate::lints::{DocContext, Hook, declare_lint};
use crate::sigma::taxonomy::{Source, SourceKey};
use crate::sigma::{FieldMatch, Kind, SigmaDoc};

declare_lint! {
    /// ## What it does
    /// Reports a field name in the detection (or a filter's) that the log-source taxonomy does
    /// not list for the rule's log source: `Commandline` where the field is `CommandLine`, or
    /// `CommandLne`. Field names are compared without their modifiers (`CommandLine|contains`
    /// is `CommandLine`), exactly, case included.
    ///
    /// The taxonomy is SigmaHQ's (pySigma-validators-sigmahq's field lists, embedded), with a
    /// team's own fields on top (`--taxonomy FILE`). A log source is looked up by its exact
    /// `product`, `category` and `service`, as SigmaHQ's `sigmahq_invalid_fieldname` validator
    /// does; a log source the taxonomy does not know, or knows without a list of fields, is not
    /// checked, and neither are keyword searches, rules that declare a `taxonomy` other than
    /// `sigma`, correlations, the `fields` list, the SigmaHQ rules Hayabusa converts
    /// (`ruletype: Sigma`), whose fields are already those of the log Hayabusa reads, and field
    /// names with a space, which `space-in-field-name` reports.
    ///
    /// The help suggests the known field a name is closest to when it is at most two edits
    /// away (`Imgae` → `Image`); a name farther from every field is more likely another log's
    /// field (`NewProcessName` of Security event 4688 under `process_creation`, where the
    /// field is `Image`) than a typo.
    ///
    /// ## Why is this bad?
    /// Backends and processing pipelines map field names exactly: a misspelled field is passed
    /// through as written, matches no event, and the rule never fires without any error. A
    /// case-only difference is the most common form, since some SIEMs ignore case and the rule
    /// seems to work in one of them.
    ///
    /// ## Example
    /// ```yaml
    /// logsource:
    ///     category: process_creation
    ///     product: windows
    /// detection:
    ///     selection:
    ///         Commandline|contains: 'urlcache'
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// logsource:
    ///     category: process_creation
    ///     product: windows
    /// detection:
    ///     selection:
    ///         CommandLine|contains: 'urlcache'
    ///     condition: selection
    /// ```
    ///
    /// ## Fix
    /// `--fix --unsafe-fixes` rewrites a name that differs from a known field only by case to
    /// the known spelling (`Commandline` → `CommandLine`), modifiers and quoting kept. Unsafe:
    /// the rule then matches the field its author meant, which changes what it matches. A
    /// misspelling has no fix, only the suggestion.
    pub static UNKNOWN_FIELD = "SC605", "unknown-field", Warning, fix = Sometimes;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

/// The exact `product`, `category` and `service` of a rule or filter that follows the Sigma
/// taxonomy; `None` without a `logsource` mapping or when a selector is not a string (an absent
/// or null key is `None` in the key, as in pySigma).
pub(crate) fn source_key(doc: &SigmaDoc<'_>) -> Option<SourceKey> {
    let ls = doc.logsource.as_ref()?;
    if !ls.is_mapping() || doc.kind == Kind::Correlation || !uses_sigma_taxonomy(doc) {
        return None;
    }
    let part = |f: crate::sigma::Field<'_>| -> Option<Option<String>> {
        match f.node() {
            None => Some(None),
            Some(n) if n.is_null() => Some(None),
            Some(_) => f.string().map(|(_, s)| Some(s.to_string())),
        }
    };
    Some(SourceKey {
        product: part(ls.product)?,
        category: part(ls.category)?,
        service: part(ls.service)?,
    })
}

/// Every field match of the detection (or a filter's search identifiers) with a field name,
/// keyword searches left out.
pub(crate) fn field_matches<'d, 'a>(
    doc: &'d SigmaDoc<'a>,
) -> impl Iterator<Item = &'d FieldMatch<'a>> {
    doc.detection
        .iter()
        .flat_map(|d| d.field_matches())
        .filter(|f| !f.field.is_empty())
}

/// The log source of a rule the taxonomy lints judge: `None` for the SigmaHQ rules Hayabusa
/// converts, whose fields are already those of the log it reads.
pub(crate) fn taxonomy_key(doc: &SigmaDoc<'_>) -> Option<SourceKey> {
    if converted_by_hayabusa(doc) {
        return None;
    }
    source_key(doc)
}

/// The rule's log source and what the taxonomy knows of it.
pub(crate) fn known_source<'c>(ctx: &'c DocContext<'_>) -> Option<(SourceKey, &'c Source)> {
    let key = taxonomy_key(ctx.doc)?;
    let source = ctx.settings.taxonomy.source(
        key.product.as_deref(),
        key.category.as_deref(),
        key.service.as_deref(),
    )?;
    Some((key, source))
}

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.doc.detection.is_none() {
        return;
    }
    let Some((key, source)) = known_source(ctx) else {
        return;
    };
    if source.fields.is_empty() {
        return;
    }
    // `condition` or `timespan` under a selection is SC316's.
    // A name with a space is SC317's.
    for f in field_matches(ctx.doc)
        .filter(|f| !is_misplaced_keyword(f) && !f.field.contains(char::is_whitespace))
    {
        if !source.fields.contains(f.field) {
            out.push(finding(f, &key, source));
        }
    }
}

/// Hayabusa's copies of SigmaHQ rules (`ruletype: Sigma`) are already mapped to the log it
/// reads: `NewProcessName` of Security event 4688 under `category: process_creation`.
pub(crate) fn converted_by_hayabusa(doc: &SigmaDoc<'_>) -> bool {
    doc.root
        .entry("ruletype")
        .is_some_and(|e| e.value.as_str() == Some("Sigma"))
}

/// The known field a misspelled one is closest to: at most two edits away, and fewer than a
/// quarter of its letters (`Imgae`, `CommandLne`). Farther ones are other fields, not typos
/// (`ParentProcessName` is not `ParentProcessGuid`).
fn closest<'s>(name: &str, source: &'s Source) -> Option<&'s str> {
    let lower = name.to_lowercase();
    source
        .fields
        .iter()
        .map(|f| (edit_distance(&lower, &f.to_lowercase()), f.as_str()))
        .filter(|&(d, f)| d <= 2 && d * 4 <= f.chars().count())
        .min_by_key(|&(d, _)| d)
        .map(|(_, f)| f)
}

fn finding(f: &FieldMatch<'_>, key: &SourceKey, source: &Source) -> Diagnostic {
    let name = f.field;
    let lower = name.to_lowercase();
    let same_case: Vec<&String> = source
        .fields
        .iter()
        .filter(|k| k.to_lowercase() == lower)
        .collect();
    match same_case[..] {
        [known] => {
            let fix = Fix::unsafe_(
                format!("write `{known}`"),
                vec![Edit {
                    span: f.field_span.clone(),
                    content: known.clone(),
                }],
            );
            return Diagnostic::new(
                &UNKNOWN_FIELD,
                f.field_span.clone(),
                format!("field `{name}` differs only in case from the log source's `{known}`: field names are case-sensitive"),
            )
            .with_label(format!("not `{known}`"))
            .with_help(format!("write `{known}`"))
            .with_fix(fix);
        }
        // The taxonomy itself has both spellings of a few (`GrandParentImage`,
        // `GrandparentImage`): which one the events carry is the backend's, so no fix.
        [first, ref rest @ ..] => {
            let rest: Vec<String> = rest.iter().map(|k| format!("`{k}`")).collect();
            return Diagnostic::new(
                &UNKNOWN_FIELD,
                f.field_span.clone(),
                format!(
                    "field `{name}` differs only in case from the log source's `{first}` and {}: field names are case-sensitive",
                    rest.join(" and ")
                ),
            )
            .with_label("not a field of this log source")
            .with_help(format!(
                "write `{first}` or {}, the one your events carry",
                rest.join(" or ")
            ));
        }
        [] => {}
    }
    let near = closest(name, source);
    let (message, help) = match near {
        Some(near) => (
            format!("unknown field `{name}` for the log source `{key}`, did you mean `{near}`?"),
            format!("write `{near}`"),
        ),
        None => (
            format!("unknown field `{name}` for the log source `{key}`"),
            String::from(
                "use a field of the log source's taxonomy, or add yours to a taxonomy file given with `--taxonomy`",
            ),
        ),
    };
    Diagnostic::new(&UNKNOWN_FIELD, f.field_span.clone(), message)
        .with_label("not a field of this log source")
        .with_help(help)
}
