use crate::diagnostics::Diagnostic;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a path that could not be read: permission denied, a broken symbolic link, a
    /// symbolic link loop, or something that is not a regular file (a FIFO, a device) named like
    /// a rule.
    ///
    /// ## Why is this bad?
    /// The rules in it are never checked; a linter that skipped it silently would pass a pack it
    /// never saw.
    ///
    /// ## Example
    /// `rules/windows/link.yml -> rules/windows` (a symbolic link loop).
    ///
    /// ## Use instead
    /// Fix the permissions or the link, or remove the path from the pack.
    pub static UNREADABLE_FILE = "SC009", "unreadable-file", Error;
}

/// The finding for a file that could not be read, for `reason`.
pub fn diagnostic(reason: &str) -> Diagnostic {
    Diagnostic::new(
        &UNREADABLE_FILE,
        0..0,
        format!("cannot read file: {reason}"),
    )
    .with_help("fix the permissions or the link, or remove the file from the pack")
}
