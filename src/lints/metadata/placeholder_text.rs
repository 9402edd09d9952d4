use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostics::Diagnostic;
use crate::lints::metadata::sub_span;
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports template leftovers in the `title` and `description`: the markers `TODO`,
    /// `FIXME`, `CHANGEME`, `REPLACEME`, `TBD` and `XXX` (in capitals, as separate words),
    /// "lorem ipsum", angle-bracket prompts such as `<placeholder>`, `<title>`, `<description>`
    /// or `<insert technique here>`, and a title or description that is nothing but
    /// boilerplate (`Untitled`, `New Rule`, `Description`, `n/a`).
    ///
    /// Angle brackets that describe a value in the text, such as `C:\Users\<username>\`, are
    /// not reported.
    ///
    /// ## Why is this bad?
    /// The title and description are what an analyst reads when the rule fires, and what the
    /// catalogue lists. A leftover marker means the rule was published before it was finished:
    /// the analyst gets no explanation, and the detection logic may be unfinished too. It is a
    /// warning, not an error, because the detection itself may be complete.
    ///
    /// ## Example
    /// ```yaml
    /// title: TODO Suspicious Certutil Download
    /// description: <description>
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// title: Suspicious Certutil Download
    /// description: Detects certutil.exe downloading a file with the urlcache flag
    /// ```
    pub static PLACEHOLDER_TEXT = "SC203", "placeholder-text", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

/// Markers inside a text; the first capture group that matched is the placeholder.
static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?x)
        \b(TODO|FIXME|CHANGEME|CHANGE_ME|REPLACEME|REPLACE_ME|TBD)\b
        # `XXX` as a word of its own, not the digits of `CVE-2021-XXXX` or `KB50XXXXX`.
        | (?:^|[\s(\[:"'])(XXX+)(?:$|[\s)\]:,;.!?"'])
        | ((?i:lorem\s+ipsum))
        | (<(?i:placeholder|title|rule[\s_-]?(?:title|name)|description|insert[^<>\n]*
            |enter[^<>\n]*|describe[^<>\n]*|add[\s_-][^<>\n]*|todo[^<>\n]*
            |your[\s_-]+(?:title|description|rule)[^<>\n]*)>)
        "#,
    )
    .expect("valid regex")
});

const BOILERPLATE_TITLES: &[&str] = &[
    "untitled",
    "untitled rule",
    "new rule",
    "new sigma rule",
    "sigma rule",
    "my rule",
    "rule",
    "title",
    "rule title",
    "rule name",
    "enter title here",
    "your title here",
    "placeholder",
];

const BOILERPLATE_DESCRIPTIONS: &[&str] = &[
    "description",
    "rule description",
    "no description",
    "add description",
    "add a description",
    "enter description here",
    "your description here",
    "describe the rule",
    "placeholder",
    "n/a",
    "na",
    "none",
    "-",
    "...",
];

/// Which text is checked; decides the boilerplate list and the help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Title,
    Description,
}

impl Field {
    fn key(self) -> &'static str {
        match self {
            Self::Title => "title",
            Self::Description => "description",
        }
    }
}

/// A placeholder in `text`: its byte range and whether the whole text is boilerplate.
pub(crate) fn find(text: &str, field: Field) -> Option<(Range<usize>, bool)> {
    let trimmed = text.trim();
    let boilerplate = match field {
        Field::Title => BOILERPLATE_TITLES,
        Field::Description => BOILERPLATE_DESCRIPTIONS,
    };
    let undotted = trimmed.trim_end_matches('.');
    // Lowercasing shrinks a character by at most a factor of 3 (`\u{212A}` → `k`), so a longer
    // text is no boilerplate entry: skip the allocation.
    let longest = boilerplate.iter().map(|b| b.len()).max().unwrap_or(0);
    // The entries are lowercase ASCII, so an ASCII text needs no lowercase copy.
    let is_boilerplate = undotted.len() <= 3 * longest
        && if undotted.is_ascii() {
            boilerplate.iter().any(|b| b.eq_ignore_ascii_case(undotted))
        } else {
            boilerplate.contains(&undotted.to_lowercase().as_str())
        };
    if !trimmed.is_empty() && (is_boilerplate || trimmed == "...") {
        let start = text.len() - text.trim_start().len();
        return Some((start..start + trimmed.len(), true));
    }
    if !may_have_marker(text) {
        return None;
    }
    let caps = MARKER.captures(text)?;
    let m = caps.iter().skip(1).flatten().next()?;
    Some((m.range(), false))
}

/// Whether `s` has something every match of [`MARKER`] starts with: `<`, a marker word
/// (`TODO`, `TBD`, `FIXME`, `CHANGE…`, `REPLACE…`), `XXX`, or `lorem` in any case (`(?i)` folds
/// no other character to an ASCII letter of `lorem`). Far cheaper than `captures`, which
/// cannot use a literal prefilter for this pattern; most descriptions have none of these.
fn may_have_marker(s: &str) -> bool {
    let mut rest = s.as_bytes();
    // Most bytes start no marker: skip them with a table lookup each.
    while let Some(i) = rest.iter().position(|&c| MARKER_START[usize::from(c)]) {
        rest = &rest[i..];
        let found = match rest[0] {
            b'<' => true,
            b'T' => rest.starts_with(b"TODO") || rest.starts_with(b"TBD"),
            b'F' => rest.starts_with(b"FIXME"),
            b'C' => rest.starts_with(b"CHANGE"),
            b'R' => rest.starts_with(b"REPLACE"),
            b'X' => rest.starts_with(b"XXX"),
            _ => rest
                .get(..5)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"lorem")),
        };
        if found {
            return true;
        }
        rest = &rest[1..];
    }
    false
}

/// The first bytes of the markers [`may_have_marker`] looks for.
static MARKER_START: [bool; 256] = {
    let mut table = [false; 256];
    let starts = b"<TFCRXlL";
    let mut i = 0;
    while i < starts.len() {
        table[starts[i] as usize] = true;
        i += 1;
    }
    table
};

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    for field in [Field::Title, Field::Description] {
        let meta = match field {
            Field::Title => ctx.doc.meta.title,
            Field::Description => ctx.doc.meta.description,
        };
        let Some((node, value)) = meta.string() else {
            continue;
        };
        let Some((range, whole)) = find(value, field) else {
            continue;
        };
        let marker = &value[range.clone()];
        let key = field.key();
        let message = if whole {
            format!("{key} is the placeholder `{marker}`")
        } else {
            format!("{key} contains the placeholder `{marker}`")
        };
        let help = match field {
            Field::Title => {
                "write what the rule detects, in title case, e.g. `Suspicious Certutil Download`"
            }
            Field::Description => {
                "describe what the rule detects and why it matters, e.g. `Detects …`"
            }
        };
        out.push(
            Diagnostic::new(
                &PLACEHOLDER_TEXT,
                sub_span(ctx.text(), node, value, range),
                message,
            )
            .with_label("left over from a template")
            .with_help(help),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marker(text: &str, field: Field) -> Option<&str> {
        find(text, field).map(|(r, _)| &text[r])
    }

    #[test]
    fn marker_table_agrees_with_a_scan_of_every_byte() {
        let slow = |s: &str| {
            let b = s.as_bytes();
            b.iter().enumerate().any(|(i, &c)| {
                let rest = &b[i..];
                match c {
                    b'<' => true,
                    b'T' => rest.starts_with(b"TODO") || rest.starts_with(b"TBD"),
                    b'F' => rest.starts_with(b"FIXME"),
                    b'C' => rest.starts_with(b"CHANGE"),
                    b'R' => rest.starts_with(b"REPLACE"),
                    b'X' => rest.starts_with(b"XXX"),
                    b'l' | b'L' => rest
                        .get(..5)
                        .is_some_and(|w| w.eq_ignore_ascii_case(b"lorem")),
                    _ => false,
                }
            })
        };
        for s in [
            "",
            "<",
            "a<",
            "T",
            "TB",
            "TBD",
            "xTODO",
            "TOD",
            "FIXM",
            "FIXME",
            "CHANG",
            "CHANGE",
            "REPLAC",
            "REPLACE",
            "XX",
            "XXX",
            "lore",
            "lorem",
            "LoReM",
            "xLOREM",
            "Ünïcode <",
            "The Rule From Certutil Run Lateral",
            "Clever Rules",
            "Lateral LOREX",
        ] {
            assert_eq!(may_have_marker(s), slow(s), "{s:?}");
        }
    }

    #[test]
    fn markers() {
        let d = Field::Description;
        assert_eq!(marker("TODO: write this", d), Some("TODO"));
        assert_eq!(marker("Detects XXX abuse", d), Some("XXX"));
        assert_eq!(marker("Detects CVE-2021-XXXX", d), None);
        assert_eq!(marker("Detects KB50XXXXX", d), None);
        assert_eq!(marker("path C:\\Users\\<username>\\x", d), None);
        assert_eq!(marker("bucket <YOUR-BUCKET-NAME>", d), None);
        assert_eq!(
            marker("<insert description here>", d),
            Some("<insert description here>")
        );
        assert_eq!(marker("todo list app", d), None);
        assert_eq!(marker("  n/a ", d), Some("n/a"));
        assert_eq!(marker("Untitled", Field::Title), Some("Untitled"));
        assert_eq!(marker("Untitled Document Opened", Field::Title), None);
        assert!(!may_have_marker(
            "Detects suspicious DLL loads by APT groups (CVE-2021-1)"
        ));
        assert_eq!(marker("Lorem  Ipsum dolor", d), Some("Lorem  Ipsum"));
        assert_eq!(marker("LOREM ipsum", d), Some("LOREM ipsum"));
        assert_eq!(marker("Fixes TBD.", d), Some("TBD"));
        assert_eq!(marker("New RULE.", Field::Title), Some("New RULE."));
        assert_eq!(marker("N/Ä", d), None);
        for b in BOILERPLATE_TITLES.iter().chain(BOILERPLATE_DESCRIPTIONS) {
            assert_eq!(b.to_ascii_lowercase(), *b);
        }
        let dots = format!("Untitled{}", ".".repeat(100));
        assert_eq!(marker(&dots, Field::Title), Some(dots.as_str()));
    }
}
