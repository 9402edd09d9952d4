use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostics::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::values::Cx;
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

/// What every match of [`MARKER`] contains: a `<`, or three upper-case ASCII letters in a row
/// (each marker word and `XXX`). Most values have neither, and this is far cheaper than
/// `captures`, which cannot use a literal prefilter here.
fn may_have_marker(s: &str) -> bool {
    let mut run = 0;
    for b in s.bytes() {
        if b == b'<' {
            return true;
        }
        run = if b.is_ascii_uppercase() { run + 1 } else { 0 };
        if run == 3 {
            return true;
        }
    }
    false
}

pub(super) fn check_value(cx: &Cx<'_, '_>, v: &Node, out: &mut Vec<Diagnostic>) {
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
    let explained = ["title", "description"].iter().any(|k| {
        cx.ctx
            .doc
            .str_field(k)
            .is_some_and(|t| t.contains(m.as_str()))
    });
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
