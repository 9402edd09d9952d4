use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a value in the wrong format: an `id` (or `related` id) that is not a UUID, a
    /// `date` or `modified` not written `YYYY-MM-DD`, a tag that is not lowercase
    /// `namespace.value`, a `timespan` that is not a number and a unit.
    ///
    /// ## Why is this bad?
    /// Ids must be globally unique and stable for correlation, filters and `related` links;
    /// dates in other formats sort wrongly and fail the official schema.
    ///
    /// ## Example
    /// ```yaml
    /// id: my-rule-1
    /// date: 2025/01/02
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// id: 5f3b4c1e-8a9d-4b2e-9c7f-1a2b3c4d5e6f
    /// date: 2025-01-02
    /// ```
    ///
    /// ## Fix
    /// A `date` or `modified` written `2025/01/02` or `2025.01.02` is rewritten `2025-01-02` when
    /// that is a real calendar date (`2024/13/01` is left for you to correct), and
    /// a tag that only differs by case or spaces (`Attack.Defense Evasion`) is lower-cased and
    /// hyphenated; the quoting of the value is kept. Other formats (ids, timespans) have no fix: the
    /// right value cannot be guessed. Safe: the rule says the same thing, in the required form.
    pub static INVALID_FORMAT = "SC104", "invalid-format", Error, fix = Sometimes;
}
