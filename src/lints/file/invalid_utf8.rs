use std::ops::Range;

use crate::diagnostics::Diagnostic;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a file that is not valid UTF-8, at the first bad byte.
    ///
    /// ## Why is this bad?
    /// YAML files must be Unicode; a file saved in a legacy code page (Windows-1252, Latin-1)
    /// or a binary file with a `.yml` name cannot be read reliably by any Sigma tool.
    ///
    /// ## Example
    /// A description typed as `Détection` in Windows-1252 (`0xE9` for `é`).
    ///
    /// ## Use instead
    /// Save the file as UTF-8.
    pub static INVALID_UTF8 = "SC006", "invalid-utf8", Error;
}

/// The finding for `bytes`, which are not UTF-8 from offset `at` (`span` covers the bad bytes
/// in the lossy text shown).
pub fn diagnostic(bytes: &[u8], at: usize, span: Range<usize>) -> Diagnostic {
    let bad = bytes[at];
    let message = if bytes.contains(&0) {
        format!(
            "file is not valid UTF-8 (byte 0x{bad:02X} at offset {at}); it looks like a binary file"
        )
    } else {
        format!("file is not valid UTF-8: byte 0x{bad:02X} at offset {at}")
    };
    Diagnostic::new(&INVALID_UTF8, span, message)
        .with_label("invalid byte")
        .with_help("save the file as UTF-8")
}
