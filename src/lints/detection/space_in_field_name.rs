use crate::diagnostics::Diagnostic;
use crate::lints::{DocContext, Hook, declare_lint};
use crate::sigma::FieldMatch;

declare_lint! {
    /// ## What it does
    /// Reports a field name with a space in it, such as `Command Line`. SigmaHQ's validator
    /// `sigmahq_space_field_name` and its repository test `test_field_name_with_space`.
    ///
    /// ## Why is this bad?
    /// Log sources name their fields without spaces (`CommandLine`, `command_line`), so a
    /// spaced name is nearly always a field written from a display label, which matches
    /// nothing. Where such a field does exist, many query languages need it quoted or escaped,
    /// and backends that do not do so produce a broken query.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         Command Line|contains: 'whoami'
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         CommandLine|contains: 'whoami'
    ///     condition: selection
    /// ```
    pub static SPACE_IN_FIELD_NAME = "SC317", "space-in-field-name", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(det) = &ctx.doc.detection else {
        return;
    };
    det.field_matches().for_each(|f| report(f, out));
}

fn report(f: &FieldMatch<'_>, out: &mut Vec<Diagnostic>) {
    if !f.field.contains(' ') {
        return;
    }
    let joined: String = f.field.split_whitespace().collect();
    let snake = f.field.split_whitespace().collect::<Vec<_>>().join("_");
    out.push(
        Diagnostic::new(
            &SPACE_IN_FIELD_NAME,
            f.field_span.clone(),
            format!("field name `{}` contains a space", f.field),
        )
        .with_label("log sources name their fields without spaces")
        .with_help(if joined.is_empty() {
            "write the name of the field as the log source names it".to_owned()
        } else {
            format!("write the field as the log source names it, such as `{joined}` or `{snake}`")
        }),
    );
}
