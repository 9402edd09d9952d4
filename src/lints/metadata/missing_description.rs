use crate::diagnostics::Diagnostic;
use crate::lints::metadata::missing_or_empty;
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a rule, correlation or filter without a `description`, or with an empty one.
    ///
    /// ## Why is this bad?
    /// The description is what an analyst reads when the rule fires: what it detects, why that
    /// matters, what to look at next. The title alone rarely says enough, and the catalogue has
    /// nothing to show on the rule's page. The specification makes it optional, so this is
    /// info.
    ///
    /// ## Example
    /// ```yaml
    /// title: Shadow Copies Deletion Using Operating Systems Utilities
    /// id: c947b146-0abc-4c87-9c64-b17e9d7274a2
    /// status: stable
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// title: Shadow Copies Deletion Using Operating Systems Utilities
    /// id: c947b146-0abc-4c87-9c64-b17e9d7274a2
    /// status: stable
    /// description: |
    ///     Detects the deletion of volume shadow copies with vssadmin, wmic or diskshadow,
    ///     which ransomware does before encrypting files so that they cannot be restored.
    /// ```
    pub static MISSING_DESCRIPTION = "SC208", "missing-description", Info;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some((span, message)) = missing_or_empty(ctx.doc, "description", ctx.doc.meta.description)
    else {
        return;
    };
    out.push(
        Diagnostic::new(&MISSING_DESCRIPTION, span, message).with_help(
            "add `description:` saying what the rule detects and why it matters, e.g. `Detects …`",
        ),
    );
}
