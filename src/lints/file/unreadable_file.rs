use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a path that could not be read: a path given on the command line that does not
    /// exist, permission denied, a broken symbolic link, a symbolic link loop, or something that
    /// is not a regular file (a FIFO, a device) named like a rule.
    ///
    /// Every other path is still checked and reported; the finding is at line 1, column 1 of
    /// the path.
    ///
    /// ## Why is this bad?
    /// The rules in it are never checked; a linter that skipped it silently would pass a pack it
    /// never saw, and one that stopped at it would hide every other finding.
    ///
    /// ## Example
    /// `sigscope check rules/windwos` (a misspelt folder), or
    /// `rules/windows/link.yml -> rules/windows` (a symbolic link loop).
    ///
    /// ## Use instead
    /// Correct the path, fix the permissions or the link, or remove the path from the pack.
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

/// The finding for a path named on the command line that does not exist.
pub fn missing(path: &Path) -> Diagnostic {
    Diagnostic::new(
        &UNREADABLE_FILE,
        0..0,
        format!("path `{}` does not exist", path.display()),
    )
    .with_help("correct the path, or leave it out of the command line")
}
