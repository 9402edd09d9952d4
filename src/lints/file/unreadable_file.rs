use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a path that could not be read: permission denied, a broken symbolic link, a
    /// symbolic link loop, or something that is not a regular file (a FIFO, a device) named like
    /// a rule. Also a file that changed on disk between its own check and the pack-wide one,
    /// when a pack-wide finding (a duplicate id, say) would have pointed into it: that finding
    /// is left out rather than placed in text that is gone.
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
