//! SC2xx: rule metadata — identity, dates, text, references, false positives, relations and the
//! top-level keys. The JSON Schema (SC1xx) already checks types, formats and enums; these lints
//! check what a schema cannot express.

pub mod contradictory_falsepositives;
pub mod deprecated_without_related;
pub mod duplicate_reference;
pub mod duplicate_related;
pub mod future_date;
pub mod made_up_id;
pub mod malformed_reference;
pub mod missing_author;
pub mod missing_description;
pub mod misspelled_falsepositive;
pub mod misspelled_key;
pub mod misspelled_taxonomy;
pub mod modified_before_date;
pub mod modified_without_date;
pub mod non_lowercase_key;
pub mod non_spdx_license;
pub mod non_v4_id;
pub mod placeholder_text;
pub mod redundant_modified;
pub mod related_to_self;
pub mod uninformative_description;
pub mod vague_falsepositive;
// SigmaHQ house style (`--profile sigmahq`), SC230 upward.
pub mod attack_website_reference;
pub mod banned_falsepositive_word;
pub mod detect_in_title;
pub mod long_title;
pub mod lowercase_falsepositive;
pub mod lowercase_title_word;
pub mod mismatched_file_prefix;
pub mod missing_folder_detection_tag;
pub mod missing_required_metadata;
pub mod premature_status;
pub mod title_not_first;
pub mod title_trailing_period;
pub mod unconventional_file_name;
pub mod unpinned_github_link;
pub mod unprefixed_correlation_file;

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::diagnostics::edit_distance;
use crate::lint::Lint;
use crate::lints::{DocCheck, DocContext, doc_check};
use crate::sigma::{Kind, SigmaDoc};
use crate::yaml::{Node, Resolved};

pub static LINTS: &[&Lint] = &[
    &made_up_id::MADE_UP_ID,
    &non_v4_id::NON_V4_ID,
    &placeholder_text::PLACEHOLDER_TEXT,
    &modified_before_date::MODIFIED_BEFORE_DATE,
    &redundant_modified::REDUNDANT_MODIFIED,
    &future_date::FUTURE_DATE,
    &modified_without_date::MODIFIED_WITHOUT_DATE,
    &missing_description::MISSING_DESCRIPTION,
    &uninformative_description::UNINFORMATIVE_DESCRIPTION,
    &missing_author::MISSING_AUTHOR,
    &duplicate_reference::DUPLICATE_REFERENCE,
    &malformed_reference::MALFORMED_REFERENCE,
    &misspelled_falsepositive::MISSPELLED_FALSEPOSITIVE,
    &vague_falsepositive::VAGUE_FALSEPOSITIVE,
    &contradictory_falsepositives::CONTRADICTORY_FALSEPOSITIVES,
    &deprecated_without_related::DEPRECATED_WITHOUT_RELATED,
    &related_to_self::RELATED_TO_SELF,
    &duplicate_related::DUPLICATE_RELATED,
    &non_spdx_license::NON_SPDX_LICENSE,
    &misspelled_taxonomy::MISSPELLED_TAXONOMY,
    &misspelled_key::MISSPELLED_KEY,
    &non_lowercase_key::NON_LOWERCASE_KEY,
    &unconventional_file_name::UNCONVENTIONAL_FILE_NAME,
    &unprefixed_correlation_file::UNPREFIXED_CORRELATION_FILE,
    &mismatched_file_prefix::MISMATCHED_FILE_PREFIX,
    &long_title::LONG_TITLE,
    &detect_in_title::DETECT_IN_TITLE,
    &title_trailing_period::TITLE_TRAILING_PERIOD,
    &lowercase_title_word::LOWERCASE_TITLE_WORD,
    &lowercase_falsepositive::LOWERCASE_FALSEPOSITIVE,
    &banned_falsepositive_word::BANNED_FALSEPOSITIVE_WORD,
    &unpinned_github_link::UNPINNED_GITHUB_LINK,
    &attack_website_reference::ATTACK_WEBSITE_REFERENCE,
    &missing_required_metadata::MISSING_REQUIRED_METADATA,
    &premature_status::PREMATURE_STATUS,
    &missing_folder_detection_tag::MISSING_FOLDER_DETECTION_TAG,
    &title_not_first::TITLE_NOT_FIRST,
];

pub static CHECKS: &[DocCheck] = &[
    doc_check!(made_up_id, MADE_UP_ID),
    doc_check!(non_v4_id, NON_V4_ID),
    doc_check!(placeholder_text, PLACEHOLDER_TEXT),
    doc_check!(modified_before_date, MODIFIED_BEFORE_DATE),
    doc_check!(redundant_modified, REDUNDANT_MODIFIED),
    doc_check!(future_date, FUTURE_DATE),
    doc_check!(modified_without_date, MODIFIED_WITHOUT_DATE),
    doc_check!(missing_description, MISSING_DESCRIPTION),
    doc_check!(uninformative_description, UNINFORMATIVE_DESCRIPTION),
    doc_check!(missing_author, MISSING_AUTHOR),
    doc_check!(duplicate_reference, DUPLICATE_REFERENCE),
    doc_check!(malformed_reference, MALFORMED_REFERENCE),
    doc_check!(misspelled_falsepositive, MISSPELLED_FALSEPOSITIVE),
    doc_check!(vague_falsepositive, VAGUE_FALSEPOSITIVE),
    doc_check!(contradictory_falsepositives, CONTRADICTORY_FALSEPOSITIVES),
    doc_check!(deprecated_without_related, DEPRECATED_WITHOUT_RELATED),
    doc_check!(related_to_self, RELATED_TO_SELF),
    doc_check!(duplicate_related, DUPLICATE_RELATED),
    doc_check!(non_spdx_license, NON_SPDX_LICENSE),
    doc_check!(misspelled_taxonomy, MISSPELLED_TAXONOMY),
    doc_check!(misspelled_key, MISSPELLED_KEY),
    doc_check!(non_lowercase_key, NON_LOWERCASE_KEY),
    doc_check!(unconventional_file_name, UNCONVENTIONAL_FILE_NAME),
    doc_check!(unprefixed_correlation_file, UNPREFIXED_CORRELATION_FILE),
    doc_check!(mismatched_file_prefix, MISMATCHED_FILE_PREFIX),
    doc_check!(long_title, LONG_TITLE),
    doc_check!(detect_in_title, DETECT_IN_TITLE),
    doc_check!(title_trailing_period, TITLE_TRAILING_PERIOD),
    doc_check!(lowercase_title_word, LOWERCASE_TITLE_WORD),
    doc_check!(lowercase_falsepositive, LOWERCASE_FALSEPOSITIVE),
    doc_check!(banned_falsepositive_word, BANNED_FALSEPOSITIVE_WORD),
    doc_check!(unpinned_github_link, UNPINNED_GITHUB_LINK),
    doc_check!(attack_website_reference, ATTACK_WEBSITE_REFERENCE),
    doc_check!(missing_required_metadata, MISSING_REQUIRED_METADATA),
    doc_check!(premature_status, PREMATURE_STATUS),
    doc_check!(missing_folder_detection_tag, MISSING_FOLDER_DETECTION_TAG),
    doc_check!(title_not_first, TITLE_NOT_FIRST),
];

/// Every top-level key the Sigma v2.1 specification defines for rules, correlations and filters.
pub const KNOWN_TOP_LEVEL_KEYS: &[&str] = &[
    "title",
    "id",
    "name",
    "related",
    "taxonomy",
    "status",
    "description",
    "license",
    "author",
    "references",
    "date",
    "modified",
    "logsource",
    "detection",
    "fields",
    "falsepositives",
    "level",
    "tags",
    "scope",
    "correlation",
    "generate",
    "filter",
];

/// Whether `key` is one of [`KNOWN_TOP_LEVEL_KEYS`]: nearly every key of every rule is, and a
/// `match` finds out far cheaper than a scan of the list.
pub(crate) fn is_known_top_level_key(key: &str) -> bool {
    matches!(
        key,
        "title"
            | "id"
            | "name"
            | "related"
            | "taxonomy"
            | "status"
            | "description"
            | "license"
            | "author"
            | "references"
            | "date"
            | "modified"
            | "logsource"
            | "detection"
            | "fields"
            | "falsepositives"
            | "level"
            | "tags"
            | "scope"
            | "correlation"
            | "generate"
            | "filter"
    )
}

/// The value of a string scalar (plain or quoted); `None` for numbers, booleans, null and
/// collections, which the schema reports.
pub(crate) fn string_value(node: &Node) -> Option<&str> {
    let s = node.as_scalar()?;
    (s.resolved == Resolved::String).then_some(s.value.as_str())
}

/// The string value of a top-level key, with its value node.
pub(crate) fn top_string<'a>(doc: &SigmaDoc<'a>, key: &str) -> Option<(&'a Node, &'a str)> {
    let node = doc.root.get(key)?;
    Some((node, string_value(node)?))
}

/// The items of a top-level list, or nothing when the key is absent or not a list.
pub(crate) fn top_list<'a>(doc: &SigmaDoc<'a>, key: &str) -> &'a [Node] {
    doc.root
        .get(key)
        .and_then(Node::as_sequence)
        .unwrap_or_default()
}

/// Whether the document is one part of a Sigma v1 multi-document collection (`action: global`,
/// `repeat`, `reset`): its metadata may live in another document of the file, so "missing"
/// checks do not apply.
pub(crate) fn is_collection_part(ctx: &DocContext<'_>) -> bool {
    ctx.doc.root.entry("action").is_some() || ctx.collection.global
}

/// Where a missing top-level key belongs: the `title` key, else the document's first key.
pub(crate) fn missing_key_span(root: &Node) -> Option<Range<usize>> {
    let first = root.as_mapping()?.first()?;
    Some(
        root.entry("title")
            .map_or_else(|| first.key.span.clone(), |e| e.key.span.clone()),
    )
}

/// For a key the specification makes optional but a rule should have: the span and message
/// when it is missing or empty, `None` when it has a value.
pub(crate) fn missing_or_empty(root: &Node, key: &str) -> Option<(Range<usize>, String)> {
    match root.entry(key) {
        None => Some((missing_key_span(root)?, format!("rule has no `{key}`"))),
        Some(e) => {
            let empty = e.value.is_null() || e.value.as_str().is_some_and(|s| s.trim().is_empty());
            empty.then(|| (e.key.span.clone(), format!("`{key}` is empty")))
        }
    }
}

/// Whether the document kind has a key in the specification (`author` is not defined for
/// filters, `falsepositives` and `status` are not defined for filters).
pub(crate) fn is_rule_or_correlation(doc: &SigmaDoc<'_>) -> bool {
    matches!(doc.kind, Kind::Detection | Kind::Correlation)
}

/// Byte span in the file of `value[range]`, where `value` is the content of the scalar `node`.
/// Exact when the scalar is written verbatim (plain or quoted without escapes); for block and
/// escaped scalars, the first occurrence of the snippet in the scalar's source text; the whole
/// scalar when the snippet cannot be found.
pub(crate) fn sub_span(text: &str, node: &Node, value: &str, range: Range<usize>) -> Range<usize> {
    let Some(snippet) = value.get(range.clone()) else {
        return node.span.clone();
    };
    if let Some(base) = crate::sigma::locate(text, node, value) {
        return base + range.start..base + range.end;
    }
    text.get(node.span.clone())
        .and_then(|raw| raw.find(snippet))
        .filter(|_| !snippet.is_empty())
        .map_or_else(
            || node.span.clone(),
            |at| node.span.start + at..node.span.start + at + snippet.len(),
        )
}

/// A well-formed, real calendar date `YYYY-MM-DD`; `None` for anything else (the schema
/// reports malformed dates). Well-formed dates compare correctly as strings.
pub(crate) fn calendar_date(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&d).then_some(s)
}

/// The civil date `YYYY-MM-DD` of a day count since 1970-01-01 (Howard Hinnant's algorithm).
pub(crate) fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Tomorrow in UTC, computed once per run. A date after it is in the future in every time zone.
pub(crate) static TOMORROW: LazyLock<String> = LazyLock::new(|| {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    civil_date(days + 1)
});

/// `word` lowercased without `_`, `-`, `.` and spaces, so `False_Positives` and `dns_server`
/// compare equal to `falsepositives` and `dns-server`.
pub(crate) fn fold(word: &str) -> String {
    word.chars()
        .filter(|c| !matches!(c, '_' | '-' | '.' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The unsafe fix that renames `entry`'s key to `known`, the key [`typo_of`] took it for among
/// `keys`: only when no key of `entries` is `known` already, and no other key is taken for the
/// same one (`reference` and `refrences` would both become `references`).
pub(crate) fn rename_key_fix(
    text: &str,
    entries: &[crate::yaml::Entry],
    entry: &crate::yaml::Entry,
    known: &str,
    keys: &[&str],
) -> Option<crate::diagnostics::Fix> {
    let present = entries.iter().any(|o| o.key.as_str() == Some(known));
    let rivals = entries
        .iter()
        .filter_map(|o| o.key.as_str())
        .filter(|k| typo_of(k, keys) == Some(known))
        .count();
    if present || rivals != 1 {
        return None;
    }
    let edit = crate::lints::edit::replace_scalar(text, &entry.key, known)?;
    Some(crate::diagnostics::Fix::unsafe_(
        format!("rename it to `{known}`"),
        vec![edit],
    ))
}

/// The candidate that `word` most plausibly misspells, or `None` when `word` is itself a
/// candidate or is not close to any. Close means: equal after [`fold`] (case, separators), a
/// plural or singular form, or a small edit distance — at most 1 for candidates of 4 to 6
/// characters, at most 2 for longer ones, where a distance of 2 also needs the same first
/// letter. For candidates of 5 characters or fewer, a single changed letter does not count
/// (`score` is a word, not a misspelled `scope`), while a swapped, missing or extra one does.
/// Candidates shorter than 4 characters only match after folding, so custom keys such as `ip`
/// are never taken for `id`.
pub(crate) fn typo_of<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    if candidates.contains(&word) {
        return None;
    }
    let w = fold_cow(word);
    if w.is_empty() {
        return None;
    }
    let folded: Vec<Cow<'_, str>> = candidates.iter().map(|c| fold_cow(c)).collect();
    if let Some(i) = folded.iter().position(|f| *f == w) {
        return Some(candidates[i]);
    }
    // The singular as a stem and an ending: `entries` is `entr` + `y`, `tags` is `tag` + ``.
    let singular = w
        .strip_suffix("ies")
        .map(|s| (s, "y"))
        .or_else(|| w.strip_suffix('s').map(|s| (s, "")));
    let plural_or_singular = |f: &str| {
        (f.len() == w.len() + 1 && f.starts_with(&*w) && f.ends_with('s'))
            || singular.is_some_and(|(stem, end)| {
                f.len() == stem.len() + end.len() && f.starts_with(stem) && f.ends_with(end)
            })
    };
    if let Some(i) = folded.iter().position(|f| plural_or_singular(f)) {
        return Some(candidates[i]);
    }
    let first = w.chars().next();
    let w_len = w.chars().count();
    folded
        .iter()
        .zip(candidates)
        .filter_map(|(f, c)| {
            let len = f.chars().count();
            let max = match len {
                0..=3 => return None,
                4..=6 => 1,
                _ => 2,
            };
            // Lengths too far apart cannot be within `max`; skip the distance computation.
            if w_len.abs_diff(len) > max {
                return None;
            }
            let d = edit_distance(&w, f);
            // One changed letter in a short word is often another word (`score`, `data`).
            let substitution = d == 1 && len <= 5 && w_len == len && {
                let (a, b): (Vec<char>, Vec<char>) = (w.chars().collect(), f.chars().collect());
                // A transposition of neighbours also keeps the length; it is a typo.
                !a.windows(2)
                    .zip(b.windows(2))
                    .any(|(x, y)| x[0] != y[0] && x[0] == y[1] && x[1] == y[0])
            };
            (d <= max && !substitution && (d < 2 || f.chars().next() == first)).then_some((d, *c))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// [`fold`] without the copy when folding changes nothing: lowercase ASCII without separators,
/// as nearly all candidates and words are.
fn fold_cow(word: &str) -> Cow<'_, str> {
    let folded =
        |b: u8| b.is_ascii_uppercase() || !b.is_ascii() || matches!(b, b'_' | b'-' | b'.' | b' ');
    if word.bytes().any(folded) {
        Cow::Owned(fold(word))
    } else {
        Cow::Borrowed(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos() {
        let keys = KNOWN_TOP_LEVEL_KEYS;
        assert_eq!(typo_of("realted", keys), Some("related"));
        assert_eq!(typo_of("falsepositive", keys), Some("falsepositives"));
        assert_eq!(typo_of("false_positives", keys), Some("falsepositives"));
        assert_eq!(typo_of("refrences", keys), Some("references"));
        assert_eq!(typo_of("Title", keys), Some("title"));
        assert_eq!(typo_of("tag", keys), Some("tags"));
        assert_eq!(typo_of("authors", keys), Some("author"));
        assert_eq!(typo_of("ip", keys), None);
        assert_eq!(typo_of("score", keys), None);
        assert_eq!(typo_of("data", keys), None);
        assert_eq!(typo_of("titel", keys), Some("title"));
        assert_eq!(typo_of("levl", keys), Some("level"));
        assert_eq!(typo_of("licence", keys), Some("license"));
        assert_eq!(typo_of("title", keys), None);
        assert_eq!(typo_of("simulation", keys), None);
        assert_eq!(typo_of("regression_tests_path", keys), None);
        let ls = ["category", "product", "service", "definition"];
        assert_eq!(typo_of("catgory", &ls), Some("category"));
        assert_eq!(typo_of("categories", &ls), Some("category"));
        assert_eq!(typo_of("device", &ls), None);
    }

    /// `typo_of` as it was before it borrowed folded words, to check the two agree.
    fn typo_of_slow<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
        if candidates.contains(&word) {
            return None;
        }
        let w = fold(word);
        if w.is_empty() {
            return None;
        }
        let folded: Vec<(String, &'a str)> = candidates.iter().map(|c| (fold(c), *c)).collect();
        if let Some((_, c)) = folded.iter().find(|(f, _)| *f == w) {
            return Some(c);
        }
        let singular = w
            .strip_suffix("ies")
            .map(|s| format!("{s}y"))
            .or_else(|| w.strip_suffix('s').map(str::to_owned));
        let plural = format!("{w}s");
        if let Some((_, c)) = folded
            .iter()
            .find(|(f, _)| *f == plural || Some(f) == singular.as_ref())
        {
            return Some(c);
        }
        let first = w.chars().next();
        folded
            .iter()
            .filter_map(|(f, c)| {
                let len = f.chars().count();
                let max = match len {
                    0..=3 => return None,
                    4..=6 => 1,
                    _ => 2,
                };
                if w.chars().count().abs_diff(len) > max {
                    return None;
                }
                let d = edit_distance(&w, f);
                let substitution = d == 1 && len <= 5 && w.chars().count() == len && {
                    let (a, b): (Vec<char>, Vec<char>) = (w.chars().collect(), f.chars().collect());
                    !a.windows(2)
                        .zip(b.windows(2))
                        .any(|(x, y)| x[0] != y[0] && x[0] == y[1] && x[1] == y[0])
                };
                (d <= max && !substitution && (d < 2 || f.chars().next() == first))
                    .then_some((d, *c))
            })
            .min_by_key(|(d, _)| *d)
            .map(|(_, c)| c)
    }

    #[test]
    fn typo_of_agrees_with_the_slow_path() {
        let lists: [&[&str]; 4] = [
            KNOWN_TOP_LEVEL_KEYS,
            &["category", "product", "service", "definition"],
            &["Unknown", "Unlikely"],
            &["dns-server", "Entry", "entries", "a.b", "Ünïcode"],
        ];
        let words = [
            "",
            "-",
            "_.",
            "title",
            "Title",
            "TITLE",
            "titel",
            "titles",
            "tites",
            "entry",
            "entries",
            "entrys",
            "entrie",
            "Entries",
            "tag",
            "tags",
            "tagies",
            "ies",
            "s",
            "authors",
            "author",
            "Authors",
            "false_positives",
            "falsepositive",
            "refrences",
            "simulation",
            "regression_tests_path",
            "ip",
            "score",
            "data",
            "licence",
            "levl",
            "dns_server",
            "DNS-Server",
            "dnsserver",
            "unkown",
            "Unkown",
            "UNKNOWN",
            "unknown",
            "Unikely",
            "likely",
            "ünïcode",
            "ÜNÏCODE",
            "unicodes",
            "un\u{212a}own",
            "İd",
            "ab",
            "catgory",
            "categories",
            "device",
            "a.b",
            "ab",
            "abs",
            "Σtatus",
            "staτus",
        ];
        for list in lists {
            for w in words {
                assert_eq!(typo_of(w, list), typo_of_slow(w, list), "{w:?} in {list:?}");
                assert_eq!(fold_cow(w), fold(w), "{w:?}");
            }
        }
    }

    #[test]
    fn known_keys_match_the_list() {
        for k in KNOWN_TOP_LEVEL_KEYS {
            assert!(is_known_top_level_key(k), "{k}");
        }
        for k in [
            "Title",
            "titles",
            "",
            "simulation",
            "regression_tests_path",
            "action",
        ] {
            assert!(!is_known_top_level_key(k), "{k}");
        }
    }

    #[test]
    fn dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(19_723), "2024-01-01");
        assert_eq!(civil_date(-1), "1969-12-31");
        assert_eq!(calendar_date("2024-02-29"), Some("2024-02-29"));
        assert_eq!(calendar_date("2023-02-29"), None);
        assert_eq!(calendar_date("2023/02/01"), None);
        assert_eq!(calendar_date("2023-13-01"), None);
        assert!(TOMORROW.as_str() > "2024-01-01");
    }
}
