use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a key that the specification does not allow where it stands. Today that is the
    /// `condition` of a correlation, which takes only `gt`, `gte`, `lt`, `lte`, `eq`, `neq` and
    /// `field`. The top level, `logsource`, `related` entries and `correlation` may carry
    /// custom keys, as the specification allows; misspelt well-known keys there are reported
    /// by SC221 and SC602.
    ///
    /// ## Why is this bad?
    /// It is usually a typo whose value is then silently ignored: a correlation with
    /// `gtt: 3` has no threshold at all.
    ///
    /// ## Example
    /// ```yaml
    /// correlation:
    ///     type: event_count
    ///     condition:
    ///         gtt: 3
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// correlation:
    ///     type: event_count
    ///     condition:
    ///         gte: 3
    /// ```
    pub static UNKNOWN_KEY = "SC106", "unknown-key", Error;
}
