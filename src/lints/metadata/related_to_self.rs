use crate::diagnostics::Diagnostic;
use crate::lints::metadata::string_value;
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a `related` entry whose `id` is the rule's own `id`.
    ///
    /// ## Why is this bad?
    /// A rule cannot be derived from, obsolete, merge, rename or resemble itself. The entry is
    /// a copy-and-paste slip: the id of the rule that was meant is missing, so the link between
    /// the two rules is lost and tools that follow `related` (deprecation chains, "similar
    /// rules" on the catalogue page) go in a circle. It is a warning rather than an error
    /// because the detection itself still works.
    ///
    /// ## Example
    /// ```yaml
    /// title: HackTool - Rubeus Execution
    /// id: 7ec2c172-dceb-4c10-92c9-87c1881b7e18
    /// related:
    ///     - id: 7ec2c172-dceb-4c10-92c9-87c1881b7e18
    ///       type: similar
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// title: HackTool - Rubeus Execution
    /// id: 7ec2c172-dceb-4c10-92c9-87c1881b7e18
    /// related:
    ///     - id: b2400ffb-7680-47c0-b08a-098a7de7e7a9
    ///       type: similar
    /// ```
    /// with the id of the other rule, or remove the entry.
    pub static RELATED_TO_SELF = "SC217", "related-to-self", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some((own_node, own)) = ctx.doc.meta.id.string() else {
        return;
    };
    let own = own.trim();
    for item in ctx.doc.meta.related() {
        let Some(id_node) = item.id else {
            continue;
        };
        let Some(id) = string_value(id_node) else {
            continue;
        };
        if id.trim().eq_ignore_ascii_case(own) {
            out.push(
                Diagnostic::new(
                    &RELATED_TO_SELF,
                    id_node.span.clone(),
                    format!("`related` refers to the rule's own id `{own}`"),
                )
                .with_label("this is the rule itself")
                .with_secondary(own_node.span.clone(), "the rule's id")
                .with_help("write the id of the other rule that was meant, or remove the entry"),
            );
        }
    }
}
