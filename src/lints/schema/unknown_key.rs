use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a key that the specification does not allow where it stands, for example an
    /// unknown key inside a `related` entry, a `correlation` or a correlation `condition`.
    /// (The top level and `logsource` may carry custom keys, as the specification allows.)
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
