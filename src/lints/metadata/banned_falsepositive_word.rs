use crate::diagnostics::Diagnostic;
use crate::lints::metadata::{string_value, sub_span};
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// With `--profile sigmahq`: reports the words `pentest`, `penetration` and `none` inside
    /// a `falsepositives` entry, as SigmaHQ's `sigmahq_falsepositives_banned_word` validator
    /// does (words split at spaces, compared ignoring case). An entry that is only `None` is
    /// left to SC214 `vague-falsepositive`, which reports it in every profile.
    ///
    /// ## Why is this bad?
    /// Every rule fires on a penetration test or red-team exercise that performs the behaviour;
    /// listing it tells the analyst nothing. "None" claims there are no false positives, which
    /// is rarely known. SigmaHQ's rule convention bans these values; write `Unlikely` or
    /// `Unknown`, or name the benign activity. It is a warning because SigmaHQ's CI fails on
    /// it.
    ///
    /// ## Example
    /// ```yaml
    /// falsepositives:
    ///     - Pentest tools
    ///     - None known
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// falsepositives:
    ///     - Unlikely
    /// ```
    pub static BANNED_FALSEPOSITIVE_WORD = "SC238", "banned-falsepositive-word", Warning, profile = SigmaHq;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

const BANNED: &[&str] = &["pentest", "penetration", "none"];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    // A house-style lint: no work unless `--profile sigmahq` (or a selection) turns it on.
    for node in ctx.doc.meta.falsepositives.items() {
        let Some(entry) = string_value(node) else {
            continue;
        };
        // SC214 reports an entry that is nothing but `None`.
        if entry
            .trim()
            .trim_end_matches('.')
            .eq_ignore_ascii_case("none")
        {
            continue;
        }
        let mut start = 0;
        for word in entry.split(' ') {
            let range = start..start + word.len();
            start = range.end + 1;
            let folded = word.trim().to_lowercase();
            if !BANNED.contains(&folded.as_str()) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &BANNED_FALSEPOSITIVE_WORD,
                    sub_span(ctx.text(), node, entry, range),
                    format!("false-positive entry uses the banned word `{word}`"),
                )
                .with_help(if folded == "none" {
                    "write `Unlikely` if no false positives are expected, or `Unknown`"
                } else {
                    "remove the entry: every rule fires on a test that performs the behaviour; name benign activity instead"
                }),
            );
        }
    }
}
