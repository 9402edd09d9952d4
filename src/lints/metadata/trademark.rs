use crate::diagnostics::Diagnostic;
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// With `--profile sigmahq`: reports `ATT&CK` anywhere in a rule file, comments
    /// included. SigmaHQ's repository test `test_legal_trademark_violations` (SigmaHQ issue
    /// 1028).
    ///
    /// ## Why is this bad?
    /// `ATT&CK` is a registered trademark of The MITRE Corporation, whose terms ask for the
    /// `®` sign and an attribution wherever it is used. SigmaHQ keeps the name out of its
    /// rules instead; the `attack.*` tags say the same without it. It is a warning because
    /// SigmaHQ's CI fails on it.
    ///
    /// ## Example
    /// ```yaml
    /// description: Detects the MITRE ATT&CK technique T1059.001 PowerShell
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// description: Detects suspicious PowerShell command lines
    /// tags:
    ///     - attack.execution
    ///     - attack.t1059.001
    /// ```
    pub static TRADEMARK = "SC256", "trademark", Warning, profile = SigmaHq;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

const MARK: &str = "ATT&CK";

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    // A house-style lint: no work unless `--profile sigmahq` (or a selection) turns it on.
    let text = ctx.text();
    if !text.contains(MARK) {
        return;
    }
    // The document's part of the file: between the `---` markers around its root, so that
    // comments before its first key count and a multi-document file reports each mark once.
    let root = &ctx.doc.root.span;
    let mut start = 0;
    let mut end = text.len();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with("---") && line[3..].trim().is_empty() {
            if at < root.start {
                start = at + line.len();
            } else if at >= root.end {
                end = at;
                break;
            }
        }
        at += line.len();
    }
    let part = &text[start..end.max(start)];
    for (i, _) in part.match_indices(MARK) {
        let o = start + i;
        out.push(
            Diagnostic::new(
                &TRADEMARK,
                o..o + MARK.len(),
                format!("`{MARK}` is a trademark SigmaHQ keeps out of its rules"),
            )
            .with_help("leave the name out and say what the rule detects; the `attack.*` tags name the technique"),
        );
    }
}
