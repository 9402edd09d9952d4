use std::ops::Range;

use crate::diagnostics::Diagnostic;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a comment that is meant as a suppression but is not a valid one, and so
    /// suppresses nothing. A comment is meant as a suppression when, after its `#`, it starts
    /// with `sigscope:`, or with a word that is `sigscope` in another case or up to two edits
    /// away (`Sigscope`, `sigscop`, `sigscpoe`) followed, after an optional `:`, `-` or `_`, by
    /// the word `ignore`, `ignore-file` or `noqa`. Reported: a missing `:`
    /// (`# sigscope ignore[SC305]`), a misspelt or capitalised marker or directive, `noqa` or
    /// another unknown directive, codes outside square brackets (`ignore SC305`,
    /// `ignore(SC305)`, `ignore:SC305`), an empty list, and a code that is no lint's code, name
    /// or group prefix. The help shows the comment as it should be written.
    ///
    /// Prose that mentions sigscope (`# checked by sigscope in CI`) is not reported, nor is a
    /// `#` inside a quoted string or a block scalar, which is not a comment. Spaces after `#`,
    /// around `:` and before `[` are optional: `#sigscope:ignore[SC305]` and
    /// `# sigscope : ignore [SC305]` are valid.
    ///
    /// ## Why is this bad?
    /// A suppression with a typo suppresses nothing, silently: the finding it was meant to
    /// silence is still reported and the comment misleads the next reader.
    ///
    /// ## Example
    /// ```yaml
    /// # sigscope ignore[SC301]
    /// condition: selection or filter
    /// # sigscope: ignore SC305
    /// filter: ...
    /// # sigscope: ignore[SC9999]
    /// level: high
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # sigscope: ignore[SC301]
    /// condition: selection or filter
    /// # sigscope: ignore[SC305]
    /// filter: ...
    /// ```
    pub static MALFORMED_SUPPRESSION = "SC011", "malformed-suppression", Warning;
}

/// The finding for a suppression-like comment at `span` that is not well formed.
pub fn diagnostic(span: Range<usize>, message: String, help: String) -> Diagnostic {
    Diagnostic::new(&MALFORMED_SUPPRESSION, span, message).with_help(help)
}
