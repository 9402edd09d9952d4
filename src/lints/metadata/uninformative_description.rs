use crate::diagnostics::Diagnostic;
use crate::lints::metadata::placeholder_text::{self, Field};
use crate::lints::{DocContext, Hook, declare_lint};

/// SigmaHQ's `sigmahq_description_length` minimum.
const MIN_CHARS: usize = 16;

declare_lint! {
    /// ## What it does
    /// Reports a `description` that says nothing beyond the title: one that repeats the
    /// `title` (ignoring case and a final period), or one shorter than 16 characters.
    ///
    /// Empty descriptions are reported by SC208 and template leftovers (`TBD`, `n/a`) by
    /// SC203.
    ///
    /// ## Why is this bad?
    /// The description is where the analyst learns what the rule detects, why that matters and
    /// what to check next; the title is already on screen. A copy of the title or a few words
    /// leave the analyst with nothing more. It is a matter of quality, not correctness, so
    /// this is info.
    ///
    /// ## Example
    /// ```yaml
    /// title: Shadow Copies Deletion Using Operating Systems Utilities
    /// description: Shadow Copies Deletion Using Operating Systems Utilities
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// title: Shadow Copies Deletion Using Operating Systems Utilities
    /// description: |
    ///     Detects the deletion of volume shadow copies with vssadmin, wmic or diskshadow,
    ///     which ransomware does before encrypting files so that they cannot be restored.
    /// ```
    pub static UNINFORMATIVE_DESCRIPTION = "SC209", "uninformative-description", Info;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some((node, desc)) = ctx.doc.meta.description.string() else {
        return;
    };
    let text = desc.trim();
    if text.is_empty() {
        return;
    }
    let repeated = ctx
        .doc
        .meta
        .title
        .string()
        .filter(|(_, t)| same_text(t, text));
    if repeated.is_none() && text.chars().count() >= MIN_CHARS {
        return;
    }
    // Placeholders are SC203's.
    if placeholder_text::find(desc, Field::Description).is_some() {
        return;
    }
    let d = if let Some((title_node, title)) = repeated {
        Diagnostic::new(
            &UNINFORMATIVE_DESCRIPTION,
            node.span.clone(),
            "`description` repeats the title",
        )
        .with_secondary(title_node.span.clone(), "the title says the same")
        .with_help(format!(
            "say what `{title}` means: the activity, why it is suspicious, and what to check"
        ))
    } else {
        Diagnostic::new(
            &UNINFORMATIVE_DESCRIPTION,
            node.span.clone(),
            format!(
                "`description` `{text}` is {} characters long; it says too little",
                text.chars().count()
            ),
        )
        .with_help(
            "describe the activity the rule detects and why it matters, in a sentence or two",
        )
    };
    out.push(d);
}

/// Whether two texts are the same but for case, surrounding spaces and trailing periods.
fn same_text(a: &str, b: &str) -> bool {
    fn strip(s: &str) -> &str {
        s.trim().trim_end_matches('.').trim_end()
    }
    let (a, b) = (strip(a), strip(b));
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.to_lowercase() == b.to_lowercase()
}

#[cfg(test)]
mod tests {
    #[test]
    fn same_text_agrees_with_lowercase_copies() {
        let normalize = |s: &str| s.trim().trim_end_matches('.').trim_end().to_lowercase();
        let texts = [
            "Detects Foo",
            "detects foo.",
            " DETECTS FOO . ",
            "Detects Foo..",
            "Detects Fo",
            "",
            ".",
            "Détects Foo",
            "DÉTECTS FOO",
            "\u{212a}ey",
            "Key",
            "kEY",
        ];
        for a in texts {
            for b in texts {
                assert_eq!(
                    super::same_text(a, b),
                    normalize(a) == normalize(b),
                    "{a:?} {b:?}"
                );
            }
        }
    }
}
