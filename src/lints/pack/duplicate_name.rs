use crate::diagnostics::Diagnostic;
use crate::lints::pack::{Found, Pack, groups, more};
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a rule `name` used by more than one document of the pack.
    ///
    /// One document keeps
    /// the name (the first in input order, preferring rules that are not `deprecated` or
    /// `unsupported`); every other one is reported.
    ///
    /// ## Why is this bad?
    /// `name` exists so that correlation and filter rules can refer to rules by a readable
    /// handle instead of an id; the specification requires it to be unique. With two rules of
    /// the same name, a reference picks one of them depending on load order, so the
    /// correlation may count the wrong events. The severity is error.
    ///
    /// ## Example
    /// ```yaml
    /// # rules/a.yml
    /// name: failed_login
    /// # rules/b.yml
    /// name: failed_login
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # rules/b.yml
    /// name: failed_login_kerberos
    /// ```
    pub static DUPLICATE_NAME = "SC802", "duplicate-name", Error;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Pack(check)];

pub fn check(pack: &Pack<'_>, out: &mut Found) {
    let keys = pack.docs.iter().enumerate().filter_map(|(i, d)| {
        if pack.written_before(i, |s| s.name.as_ref().map(|x| &x.span)) {
            return None;
        }
        let name = d.doc.name.as_ref()?.value.trim();
        (!name.is_empty()).then_some((i, name))
    });
    for mut group in groups(keys) {
        pack.drop_copies(&mut group);
        if group.len() < 2 {
            continue;
        }
        pack.active_first(&mut group);
        for &i in &group[1..] {
            let doc = pack.docs[i].doc;
            let Some(name) = &doc.name else { continue };
            let message = if group.len() == 2 {
                format!(
                    "name `{}` is already used by {}",
                    name.value,
                    pack.describe(i, group[0])
                )
            } else {
                format!("name `{}` is used by {} rules", name.value, group.len())
            };
            let d = Diagnostic::new(&DUPLICATE_NAME, name.span.clone(), message)
                .with_label("used again here");
            let span = |s: &crate::sigma::summary::DocSummary| {
                s.name.as_ref().map_or(s.span.clone(), |x| x.span.clone())
            };
            let (d, left) = pack.label_group(d, i, &group, span, "also used here");
            out.push((
                pack.docs[i].file,
                d.with_help(format!(
                    "give this rule a unique `name` and update the correlations and filters that refer to it{}",
                    more(left)
                )),
            ));
        }
    }
}
