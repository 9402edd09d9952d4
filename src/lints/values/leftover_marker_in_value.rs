use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostics::Diagnostic;
use crate::lints::values::{Cx, Gate, Hook as ValueHook, Scan, Site};
use crate::lints::{Hook, declare_lint};
use crate::yaml::Node;

declare_lint! {
    /// ## What it does
    /// Reports a detection value or keyword that still holds an authoring marker: the
    /// uppercase words `TODO`, `FIXME`, `TBD`, `XXX`, `CHANGEME` / `CHANGE_ME`,
    /// `REPLACEME` / `REPLACE_ME`, `PLACEHOLDER`, `INSERT_HERE`, or an angle-bracket
    /// placeholder such as `<your-domain>`, `<insert hash here>`, `<placeholder>`. The
    /// diagnostic points at the marker inside the value.
    ///
    /// Only uppercase words count (`todo.exe` is a file name), and angle brackets only with
    /// a word like *your*, *insert*, *replace*, *example*, since real log values contain
    /// `<unknown process>` or `<local machine>`. A marker that the title or description
    /// quotes is the value the rule looks for (a tool's default placeholder) and is not
    /// reported. Leftovers in the title or description themselves are reported by
    /// `placeholder-text` (SC203).
    ///
    /// ## Why is this bad?
    /// The rule was published unfinished: it searches for the literal text `TODO`, so it
    /// never matches (or, in a filter, never excludes). The severity is warning: a marker
    /// can, rarely, be the real value.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         Image|endswith: '\rclone.exe'
    ///         CommandLine|contains: '<insert bucket name>'
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         Image|endswith: '\rclone.exe'
    ///         CommandLine|contains: ' copy '
    ///     condition: selection
    /// ```
    pub static LEFTOVER_MARKER_IN_VALUE = "SC422", "leftover-marker-in-value", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Values(ValueHook::Value(
    Gate::Always,
    Scan::MARKER,
    check_value,
))];

static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?x)
        \b(?:TODO|FIXME|TBD|CHANGEME|CHANGE_ME|REPLACEME|REPLACE_ME|PLACEHOLDER|INSERT_HERE)\b
        # `XXX` as a word of its own, not part of `CVE-2021-XXXX` or `RemoteDiskXXXXX`.
        | (?:^|[\s(\[:"'])(XXX)(?:$|[\s)\]:,;.!?"'])
        | <\s*(?i:your|insert|replace|change|enter|put|add|fill|placeholder|todo|fixme|tbd|changeme|example)\b[^<>\n]{0,60}>
        "#,
    )
    .expect("static regex")
});

/// Whether `s` has something every match of [`MARKER`] contains: `<`, a marker word
/// (`TODO`, `TBD`, `FIXME`, `CHANGE…`, `REPLACE…`, `PLACEHOLDER`, `INSERT_HERE`) or `XXX`.
/// Far cheaper than `captures`, which cannot use a literal prefilter for this pattern; most
/// values have none of these.
pub(super) fn may_have_marker(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().any(|(i, &c)| {
        let rest = &b[i..];
        match c {
            b'<' => true,
            b'T' => rest.starts_with(b"TODO") || rest.starts_with(b"TBD"),
            b'F' => rest.starts_with(b"FIXME"),
            b'C' => rest.starts_with(b"CHANGE"),
            b'R' => rest.starts_with(b"REPLACE"),
            b'P' => rest.starts_with(b"PLACEHOLDER"),
            b'I' => rest.starts_with(b"INSERT_HERE"),
            b'X' => rest.starts_with(b"XXX"),
            _ => false,
        }
    })
}

pub(super) fn check_value(
    cx: &Cx<'_, '_>,
    _site: &Site<'_, '_>,
    v: &Node,
    out: &mut Vec<Diagnostic>,
) {
    let Some(s) = v.as_str() else { return };
    if !may_have_marker(s) {
        return;
    }
    let Some(caps) = MARKER.captures(s) else {
        return;
    };
    // The word itself, without the delimiters the `XXX` branch matches around it.
    let Some(m) = caps.get(1).or_else(|| caps.get(0)) else {
        return;
    };
    // A rule that detects a tool's own placeholder text says so in its title or description
    // (`<YOUR-BUCKET-NAME>` left in a policy by S3 Browser).
    let meta = &cx.ctx.doc.meta;
    let explained = [meta.title, meta.description]
        .iter()
        .any(|f| f.text().is_some_and(|t| t.contains(m.as_str())));
    if explained {
        return;
    }
    out.push(
        Diagnostic::new(
            &LEFTOVER_MARKER_IN_VALUE,
            cx.inner_span(v, m.range()),
            format!("`{}` left in a detection value", m.as_str()),
        )
        .with_label("authoring marker")
        .with_help("replace it with the value to match, or remove the value"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefilter_passes_every_match() {
        for s in [
            "TODO",
            "x FIXME y",
            "TBD",
            "CHANGE_ME",
            "REPLACEME",
            "PLACEHOLDER",
            "INSERT_HERE",
            "(XXX)",
            "< your domain >",
            "<Insert name>",
            "\\evil.exe",
            "CVE-2021-XXXX",
            "Todo",
        ] {
            if MARKER.is_match(s) {
                assert!(may_have_marker(s), "{s}");
            }
        }
        assert!(!may_have_marker("\\rclone.exe"));
        assert!(!may_have_marker("HKLM\\SOFTWARE\\Microsoft"));
    }
}
