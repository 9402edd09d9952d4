use crate::diagnostics::Diagnostic;
use crate::lints::pack::{Found, Pack, groups, id_key, more};
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a rule `id` used by more than one document of the pack: in two files, or twice
    /// in one multi-document file.
    ///
    /// Ids are compared ignoring case. One document keeps the id:
    /// the first in input order (files sorted by path, documents in file order), preferring
    /// rules that are not `deprecated` or `unsupported`; every other one is reported, with
    /// labels on the rest.
    ///
    /// ## Why is this bad?
    /// The id is the rule's identity: converters, SIEM content management, correlations,
    /// filters and `related` entries refer to rules by it, and pySigma resolves a duplicate id
    /// to whichever rule it loaded first. SigmaHQ's CI fails on duplicate ids. Usually a rule
    /// was copied as a template and its id kept. The severity is error.
    ///
    /// ## Example
    /// ```yaml
    /// # rules/windows/a.yml
    /// id: 5638f7c0-ac70-491d-8465-2a65075e0d86
    /// # rules/windows/b.yml
    /// id: 5638f7c0-ac70-491d-8465-2a65075e0d86
    /// ```
    ///
    /// ## Use instead
    /// Give the copy a new random UUID (e.g. from `uuidgen`), and relate it to the original:
    /// ```yaml
    /// id: 0e95725d-7320-415d-80f7-004da920fc11
    /// related:
    ///     - id: 5638f7c0-ac70-491d-8465-2a65075e0d86
    ///       type: derived
    /// ```
    pub static DUPLICATE_ID = "SC801", "duplicate-id", Error;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Pack(check)];

pub fn check(pack: &Pack<'_>, out: &mut Found) {
    let keys = pack.docs.iter().enumerate().filter_map(|(i, d)| {
        if pack.written_before(i, |s| s.id.as_ref().map(|x| &x.span)) {
            return None;
        }
        let key = id_key(&d.doc.id.as_ref()?.value);
        (!key.is_empty()).then_some((i, key))
    });
    for mut group in groups(keys) {
        pack.drop_copies(&mut group);
        if group.len() < 2 {
            continue;
        }
        pack.active_first(&mut group);
        for &i in &group[1..] {
            let doc = pack.docs[i].doc;
            let Some(id) = &doc.id else { continue };
            let message = if group.len() == 2 {
                format!(
                    "id `{}` is already used by {}",
                    id.value,
                    pack.describe(i, group[0])
                )
            } else {
                format!("id `{}` is used by {} rules", id.value, group.len())
            };
            let d = Diagnostic::new(&DUPLICATE_ID, id.span.clone(), message)
                .with_label("used again here");
            let span = |s: &crate::sigma::summary::DocSummary| {
                s.id.as_ref().map_or(s.span.clone(), |x| x.span.clone())
            };
            let (d, left) = pack.label_group(d, i, &group, span, "also used here");
            out.push((
                pack.docs[i].file,
                d.with_help(format!(
                    "give this rule a new random UUID (e.g. from `uuidgen`){}",
                    more(left)
                )),
            ));
        }
    }
}
