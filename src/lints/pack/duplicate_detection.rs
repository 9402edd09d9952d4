use crate::diagnostics::Diagnostic;
use crate::lints::pack::{Found, Pack, groups, is_retired, more};
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a detection rule whose log source and detection logic are identical to another
    /// rule's.
    ///
    /// The log source is compared on `category`, `product`, `service` and custom keys
    /// (`definition` is prose and ignored). The comparison of the detection ignores only what cannot change the result: the
    /// order of fields in a selection, of values in a list, of maps in a list of maps and of
    /// the selections themselves. Selection names, `field|modifier` keys, values (including
    /// whether a value is quoted: `1` and `'1'` differ) and the condition (in canonical
    /// spacing) must match exactly, so rules that are equivalent in a less obvious way are not
    /// reported. Rules with status `deprecated` or `unsupported` are left out: they are not
    /// deployed, so they raise no second alert. The first rule in input order is kept; every
    /// later one is reported.
    ///
    /// ## Why is this bad?
    /// Two rules that match exactly the same events raise two alerts for everything, and when
    /// one is tuned the other keeps firing. It usually means a rule was copied to be changed
    /// and never was, or that a replaced rule was kept. The severity is warning.
    ///
    /// ## Example
    /// ```yaml
    /// # a.yml and b.yml, with different titles and ids
    /// logsource:
    ///     category: process_creation
    ///     product: windows
    /// detection:
    ///     selection:
    ///         Image|endswith: '\certutil.exe'
    ///         CommandLine|contains: 'urlcache'
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// Keep one rule; if the other was published, deprecate it with a `related` entry of
    /// type `obsolete` on the rule that stays.
    pub static DUPLICATE_DETECTION = "SC805", "duplicate-detection", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Pack(check)];

pub fn check(pack: &Pack<'_>, out: &mut Found) {
    let keys = pack
        .docs
        .iter()
        .enumerate()
        .filter(|(_, d)| !is_retired(d.doc))
        .filter_map(|(i, d)| Some((i, d.doc.logic?.hash)));
    for mut group in groups(keys) {
        pack.drop_copies(&mut group);
        if group.len() < 2 {
            continue;
        }
        for &i in &group[1..] {
            let doc = pack.docs[i].doc;
            let Some(span) = doc.detection_span.clone() else {
                continue;
            };
            let message = if group.len() == 2 {
                format!(
                    "detection logic and log source are identical to {}",
                    pack.describe(i, group[0])
                )
            } else {
                format!(
                    "detection logic and log source are identical in {} rules",
                    group.len()
                )
            };
            let d = Diagnostic::new(&DUPLICATE_DETECTION, span, message)
                .with_label("same logic as another rule");
            let span_of = |s: &crate::sigma::summary::DocSummary| {
                s.detection_span.clone().unwrap_or_else(|| s.span.clone())
            };
            let (d, left) = pack.label_group(d, i, &group, span_of, "same logic here");
            out.push((
                pack.docs[i].file,
                d.with_help(format!(
                    "keep one of the rules; mark the other `status: deprecated` and relate it with `type: obsolete`, or change its logic{}",
                    more(left)
                )),
            ));
        }
    }
}
