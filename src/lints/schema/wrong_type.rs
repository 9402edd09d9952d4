use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a value of the wrong type: a string where the specification wants a list
    /// (`references`, `tags`, `falsepositives`), a list where it wants a string (`title`,
    /// `author`), a mapping where it wants a value.
    ///
    /// ## Why is this bad?
    /// Tools that read the field misbehave: a `references` string is iterated character by
    /// character by some converters, and catalogues render it wrongly.
    ///
    /// ## Example
    /// ```yaml
    /// references: https://attack.mitre.org/techniques/T1059/
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// references:
    ///     - https://attack.mitre.org/techniques/T1059/
    /// ```
    pub static WRONG_TYPE = "SC102", "wrong-type", Error;
}
