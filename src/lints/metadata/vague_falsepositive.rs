use crate::diagnostics::Diagnostic;
use crate::lints::metadata::string_value;
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a `falsepositives` entry that says nothing definite: `None`, `N/A`, `Nothing`,
    /// `No`, `-`, `?`, `TBD`, `TODO`, or only spaces.
    ///
    /// ## Why is this bad?
    /// `None` claims that the rule can never fire on benign activity, which no one can know;
    /// the other words leave the reader guessing whether anyone looked. The SigmaHQ
    /// conventions settle it with two words: `Unlikely` when no false positives are expected,
    /// `Unknown` when none are known. The detection is unaffected, so this is info.
    ///
    /// ## Example
    /// ```yaml
    /// falsepositives:
    ///     - None
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// falsepositives:
    ///     - Unlikely
    /// ```
    pub static VAGUE_FALSEPOSITIVE = "SC214", "vague-falsepositive", Info;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

const VAGUE: &[&str] = &[
    "none", "n/a", "na", "nothing", "no", "-", "--", "?", "tbd", "todo", "null", "nil",
];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    for node in ctx.doc.meta.falsepositives.items() {
        let Some(entry) = string_value(node) else {
            continue;
        };
        let word = entry.trim();
        let folded = word.trim_end_matches('.').to_lowercase();
        let message = if word.is_empty() {
            String::from("`falsepositives` has a blank entry")
        } else if VAGUE.contains(&folded.as_str()) {
            format!("false-positive entry `{word}` says nothing definite")
        } else {
            continue;
        };
        out.push(
            Diagnostic::new(&VAGUE_FALSEPOSITIVE, node.span.clone(), message).with_help(
                "write `Unlikely` if no false positives are expected, `Unknown` if none are known, or name the benign activity that can match",
            ),
        );
    }
}
