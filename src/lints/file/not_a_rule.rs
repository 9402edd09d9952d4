use std::ops::Range;

use crate::diagnostics::Diagnostic;
use crate::lints::declare_lint;
use crate::sigma::classify::GENERIC;

declare_lint! {
    /// ## What it does
    /// Reports, once per file and as information, a YAML file (or a document of one) that is
    /// not a Sigma rule, correlation, filter or v1 collection, and says what it looks like: a
    /// pySigma processing pipeline, a validator configuration, a field mapping, an
    /// incident-response playbook, an Atomic Red Team test, Docker Compose, a CI workflow,
    /// MkDocs, a Kubernetes manifest, a list.
    ///
    /// Such a document is not linted: no schema error, no lint, no fix, and it takes no part in
    /// the pack-wide lints (two playbooks with one id are no duplicate rules). Only YAML that
    /// does not parse is still reported.
    ///
    /// A document is a Sigma document when it has a `detection`, `logsource`, `correlation` or
    /// `filter` section, or is part of a v1 collection (`action`); when it has none, but has a
    /// `title`, a rule-only key (`status`, `level` or `falsepositives`) and mostly Sigma keys,
    /// it is a rule that lost its sections, and is linted (and reported as such). Anything else
    /// is not a rule.
    ///
    /// ## Why is this bad?
    /// It is not: rule repositories also hold pipelines, configurations and documentation.
    /// The finding says that sigscope saw the file and chose not to lint it, so a rule whose
    /// sections were lost by mistake does not go unnoticed. Turn it off with
    /// `ignore = ["SC013"]`, or leave such files out of the checked paths.
    ///
    /// ## Example
    /// ```yaml
    /// name: sysmon-to-ecs
    /// priority: 10
    /// transformations:
    ///     - type: field_name_mapping
    /// ```
    ///
    /// ## Use instead
    /// Nothing to change. If the file is meant to be a rule, give it its `logsource` and
    /// `detection`.
    pub static NOT_A_RULE = "SC013", "not-a-rule", Info;
}

/// The finding for a file whose first document that is not a Sigma document starts at `span`
/// and looks like `what`; `more` other documents of the file are not Sigma documents either.
pub fn diagnostic(span: Range<usize>, what: &str, more: usize) -> Diagnostic {
    let mut message = if what == GENERIC {
        "not a Sigma rule: no `logsource`, `detection`, `correlation` or `filter`; not linted"
            .to_owned()
    } else {
        format!("not a Sigma rule: this looks like {what}; not linted")
    };
    if more > 0 {
        message.push_str(&format!(
            " (nor {more} more document{} of this file)",
            if more == 1 { "" } else { "s" }
        ));
    }
    let d = Diagnostic::new(&NOT_A_RULE, span, message);
    if what == GENERIC {
        d.with_help("if this is meant to be a rule, give it its `logsource` and `detection`")
    } else {
        d
    }
}
