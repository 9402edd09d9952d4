use crate::diagnostics::Diagnostic;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a rule file larger than the size limit (1 MiB by default, `--max-file-size` to
    /// change it); the file is not read.
    ///
    /// ## Why is this bad?
    /// Real Sigma rules are a few kilobytes. A file of megabytes is usually a generated IOC dump
    /// that belongs in a lookup table, or data committed by mistake, and it slows every tool in
    /// the pipeline.
    ///
    /// ## Example
    /// A 40 MB `hashes.yml` with 500,000 values under one selection.
    ///
    /// ## Use instead
    /// Move long indicator lists into a lookup table or a Sigma placeholder (`|expand`), or raise
    /// the limit with `--max-file-size` when the file really is a rule.
    pub static FILE_TOO_LARGE = "SC005", "file-too-large", Error;
}

/// The finding for a file of `size` (in words), over the limit of `max` bytes.
pub fn diagnostic(size: &str, max: u64) -> Diagnostic {
    Diagnostic::new(
        &FILE_TOO_LARGE,
        0..0,
        format!("file is {size}, over the limit of {max} bytes; it was not checked"),
    )
    .with_help(
        "rule files are a few KiB; raise the limit with `--max-file-size` if this one is really a rule",
    )
}
