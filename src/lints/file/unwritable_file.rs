use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a file that `--fix` fixed but could not write back: the file is read-only, its
    /// folder is gone, the disk is full, or the file changed on disk after sigscope read it (an
    /// editor saved it, another tool rewrote it), in which case it is left alone rather than
    /// overwritten. The file keeps its text, its findings are reported as they are, and the run
    /// exits 1 whatever `--fail-level` says.
    ///
    /// ## Why is this bad?
    /// The fixes were not applied; a run that counted them as done would report a pack fixed
    /// that is not.
    ///
    /// ## Example
    /// `sigscope check rules/ --fix` with `rules/windows/proc_creation_win_x.yml` read-only.
    ///
    /// ## Use instead
    /// Make the file writable (or let the other tool finish) and run `sigscope check --fix`
    /// again, or apply the fixes `--diff` shows by hand.
    pub static UNWRITABLE_FILE = "SC012", "unwritable-file", Error;
}
