use crate::diagnostics::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::metadata::typo_of;
use crate::sigma::collection::ACTIONS;
use crate::yaml::Node;

declare_lint! {
    /// ## What it does
    /// Reports an `action` of a Sigma v1 collection document that is not `global`, `reset` or
    /// `repeat` (`action: globl`, `action: Global`), at its value, with the action it is
    /// closest to.
    ///
    /// ## Why is this bad?
    /// pySigma refuses to load the file (`SigmaCollectionError`: "Unknown Sigma collection
    /// action"), so none of its rules is converted. Where a tool does load it, the document is
    /// not the global template it was meant to be: the keys it should give the other
    /// documents are missing from each of them. The severity is error.
    ///
    /// ## Example
    /// ```yaml
    /// action: globl
    /// title: Suspicious Service Installation
    /// logsource:
    ///     product: windows
    ///     service: system
    /// ---
    /// detection:
    ///     selection:
    ///         EventID: 7045
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// action: global
    /// title: Suspicious Service Installation
    /// logsource:
    ///     product: windows
    ///     service: system
    /// ---
    /// detection:
    ///     selection:
    ///         EventID: 7045
    ///     condition: selection
    /// ```
    pub static UNKNOWN_COLLECTION_ACTION = "SC014", "unknown-collection-action", Error;
}

/// The finding for the value of an `action` that is not one of
/// [`crate::sigma::collection::ACTIONS`] (see [`crate::sigma::collection::unknown_actions`]).
pub fn diagnostic(text: &str, value: &Node) -> Diagnostic {
    let d = match value.as_str() {
        Some(a) => match typo_of(a, ACTIONS) {
            Some(known) => Diagnostic::new(
                &UNKNOWN_COLLECTION_ACTION,
                value.span.clone(),
                format!("unknown collection action `{a}`, did you mean `{known}`?"),
            )
            .with_help(format!(
                "write `action: {known}`; pySigma knows only `global`, `reset` and `repeat`"
            )),
            None => Diagnostic::new(
                &UNKNOWN_COLLECTION_ACTION,
                value.span.clone(),
                format!("unknown collection action `{a}`"),
            )
            .with_help(
                "write `global`, `reset` or `repeat`, or remove `action` if this document is a rule of its own",
            ),
        },
        None => Diagnostic::new(
            &UNKNOWN_COLLECTION_ACTION,
            value.span.clone(),
            format!(
                "collection action `{}` is not one of `global`, `reset` and `repeat`",
                text.get(value.span.clone()).unwrap_or_default()
            ),
        )
        .with_help("write `global`, `reset` or `repeat` as a plain string"),
    };
    d.with_label("pySigma refuses the file")
}
