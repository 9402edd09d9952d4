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
