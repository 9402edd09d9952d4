use crate::diagnostics::Diagnostic;
use crate::lints::{DocContext, Hook, declare_lint};
use crate::yaml::NodeKind;

declare_lint! {
    /// ## What it does
    /// Reports a search identifier whose list mixes field maps (`- Image|endswith: …`) with
    /// plain keywords (`- 'mimikatz'`).
    ///
    /// Other wrong shapes — a nested list, `null` in the list, an empty list or map, a single
    /// string instead of a list — are reported by the schema lints.
    ///
    /// ## Why is this bad?
    /// The specification defines a search identifier as a map, a list of maps, or a list of
    /// keywords; a mix is none of these. sigma-rust and chainsaw refuse the rule, and pySigma
    /// turns the plain string into a keyword searched anywhere in the event, which is almost
    /// never what was meant next to field conditions (usually a field name was lost). The
    /// severity is error because the rule is rejected or does not do what it says.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         - Image|endswith: '\procdump.exe'
    ///         - '-ma lsass'
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         - Image|endswith: '\procdump.exe'
    ///         - CommandLine|contains: '-ma lsass'
    ///     condition: selection
    /// ```
    pub static MIXED_SELECTION_LIST = "SC313", "mixed-selection-list", Error;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(det) = &ctx.doc.detection else {
        return;
    };
    for search in &det.search_ids {
        let NodeKind::Sequence(items) = &search.value.kind else {
            continue;
        };
        let map = items.iter().find(|i| i.as_mapping().is_some());
        let keyword = items
            .iter()
            .find(|i| i.as_scalar().is_some() && !i.is_null());
        let (Some(map), Some(keyword)) = (map, keyword) else {
            continue;
        };
        let name = search.name;
        let map_span = map
            .as_mapping()
            .and_then(|m| m.first())
            .map_or_else(|| map.span.clone(), |e| e.key.span.clone());
        let raw = keyword
            .as_str()
            .filter(|r| r.len() <= 60 && !r.contains('\n'));
        let keyword_label = match raw {
            Some(r) => format!("`{r}` is a keyword, searched anywhere in the event"),
            None => String::from("a keyword, searched anywhere in the event"),
        };
        out.push(
            Diagnostic::new(
                &MIXED_SELECTION_LIST,
                search.key.span.clone(),
                format!("search identifier `{name}` mixes field maps and keywords in one list"),
            )
            .with_label("a list must hold either field maps or keywords")
            .with_secondary(map_span, "a field map")
            .with_secondary(keyword.span.clone(), keyword_label)
            .with_help(
                "give the keyword its field (`- Field|contains: …`), or move the keywords to a search identifier of their own and combine both with `or` in the condition",
            ),
        );
    }
}
