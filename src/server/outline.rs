//! Where the cursor is in a rule that is being written, read from the lines of its text: a
//! rule is rarely valid YAML halfway through a word, so completion cannot wait for a parse.
//! Block-style YAML only, which is how rules are written; flow collections are not followed.

use std::ops::Range;

/// One line of the text, as far as keys and list items go.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Line<'t> {
    /// Byte offset of the line's start.
    start: usize,
    /// Column of the key or of the scalar of a list item (after `- `).
    content: usize,
    /// `- ` starts the line.
    item: bool,
    /// The key, when the line has `key:`, and the byte range of the value after it.
    key: Option<(&'t str, Range<usize>)>,
}

/// Where `offset` is, for completion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context<'t> {
    /// The keys of the mappings around the line, outermost first (`["detection", "selection"]`).
    pub path: Vec<&'t str>,
    /// The key of the line when the cursor is in its value.
    pub key: Option<&'t str>,
    /// The line is a list item.
    pub item: bool,
    /// What is written of the key, value or item at the cursor, from its start to the cursor.
    pub written: Range<usize>,
}

/// The lines of the YAML document (between `---` lines) that holds `offset`.
fn document(text: &str, offset: usize) -> Range<usize> {
    let mut start = 0;
    let mut end = text.len();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed.starts_with("--- ") {
            if at + line.len() <= offset {
                start = at + line.len();
            } else if at > offset {
                end = at;
                break;
            }
        }
        at += line.len();
    }
    start..end
}

fn read_line(text: &str, start: usize) -> Line<'_> {
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = text[start..end].trim_end_matches('\r');
    let indent = line.len() - line.trim_start_matches(' ').len();
    let mut content = indent;
    let item = line[indent..].starts_with("- ") || &line[indent..] == "-";
    if item {
        content = indent + 1 + (line[indent + 1..].len() - line[indent + 1..].trim_start().len());
    }
    let rest = &line[content..];
    let key = key_end(rest).map(|k| {
        let value_start = content + k + 1;
        let value = &line[value_start..];
        let lead = value.len() - value.trim_start().len();
        let body = value.trim_start();
        let body = comment_free(body);
        (
            rest[..k].trim_matches(['\'', '"']),
            start + value_start + lead..start + value_start + lead + body.len(),
        )
    });
    Line {
        start,
        content,
        item,
        key,
    }
}

/// Where the `:` of a `key:` line is: followed by a space or the end of the line, outside
/// quotes and before a comment.
fn key_end(rest: &str) -> Option<usize> {
    if rest.starts_with('#') || rest.starts_with('[') || rest.starts_with('{') {
        return None;
    }
    let bytes = rest.as_bytes();
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate() {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'\'' | b'"') if i == 0 => quote = Some(b),
            (None, b'#') if i > 0 && bytes[i - 1] == b' ' => return None,
            (None, b':') if matches!(bytes.get(i + 1), None | Some(b' ' | b'\t' | b'\r')) => {
                return Some(i);
            }
            _ => {}
        }
    }
    None
}

/// A plain value without its trailing comment and spaces.
fn comment_free(value: &str) -> &str {
    if value.starts_with(['\'', '"']) {
        return value.trim_end();
    }
    let end = value
        .match_indices(" #")
        .next()
        .map_or(value.len(), |(i, _)| i);
    value[..end].trim_end()
}

fn line_starts(text: &str, range: Range<usize>) -> impl Iterator<Item = usize> + '_ {
    std::iter::once(range.start).chain(
        text[range.clone()]
            .match_indices('\n')
            .map(move |(i, _)| range.start + i + 1)
            .filter(move |&s| s < range.end),
    )
}

fn blank(text: &str, line: &Line<'_>) -> bool {
    let rest = text[line.start..].lines().next().unwrap_or_default();
    let rest = rest.trim();
    rest.is_empty() || rest.starts_with('#')
}

/// The context of `offset` in `text`.
pub fn context(text: &str, offset: usize) -> Context<'_> {
    let doc = document(text, offset);
    let line_start = text[..offset]
        .rfind('\n')
        .map_or(0, |i| i + 1)
        .max(doc.start);
    let line = read_line(text, line_start);
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let colon = text
        .get(line_start + line.content..line_end)
        .and_then(key_end)
        .map(|k| line_start + line.content + k);
    let (key, written) = match (&line.key, colon) {
        (Some((key, value)), Some(colon)) if colon < offset => {
            (Some(*key), value.start.min(offset)..offset)
        }
        _ => (None, (line_start + line.content).min(offset)..offset),
    };
    // The parents: each earlier line with a key at a smaller column and no value.
    let mut path = Vec::new();
    let mut column = line.content;
    if line.item {
        column = column.min(line.content.saturating_sub(1));
    }
    let starts: Vec<usize> = line_starts(text, doc.start..line_start).collect();
    for &start in starts.iter().rev() {
        if column == 0 {
            break;
        }
        if start >= line_start {
            continue;
        }
        let l = read_line(text, start);
        if blank(text, &l) {
            continue;
        }
        if let Some((k, value)) = &l.key
            && l.content < column
            && value.is_empty()
        {
            path.push(*k);
            column = if l.item { l.content - 1 } else { l.content };
        } else if l.content < column && !l.item {
            // A scalar line less indented: a block scalar or a malformed line ends the search.
            break;
        }
    }
    path.reverse();
    Context {
        path,
        key,
        item: line.item,
        written,
    }
}

/// The `product`, `category` and `service` written in the `logsource` of the document that
/// holds `offset`.
pub fn logsource(text: &str, offset: usize) -> [Option<&str>; 3] {
    let doc = document(text, offset);
    let mut out = [None; 3];
    let mut inside = false;
    for start in line_starts(text, doc) {
        let l = read_line(text, start);
        if blank(text, &l) {
            continue;
        }
        if l.content == 0 {
            inside = l.key.as_ref().is_some_and(|(k, _)| *k == "logsource");
            continue;
        }
        if inside && let Some((k, value)) = &l.key {
            let value = text[value.clone()].trim_matches(['\'', '"']);
            let slot = match *k {
                "product" => 0,
                "category" => 1,
                "service" => 2,
                _ => continue,
            };
            if !value.is_empty() {
                out[slot] = Some(value);
            }
        }
    }
    out
}

/// The search identifiers written under `detection` in the document that holds `offset`: the
/// keys one level in, `condition` and `timeframe` left out.
pub fn search_identifiers(text: &str, offset: usize) -> Vec<&str> {
    let doc = document(text, offset);
    let mut out = Vec::new();
    let mut inside = false;
    let mut column = None;
    for start in line_starts(text, doc) {
        let l = read_line(text, start);
        if blank(text, &l) {
            continue;
        }
        if l.content == 0 {
            inside = l.key.as_ref().is_some_and(|(k, _)| *k == "detection");
            column = None;
            continue;
        }
        if !inside || l.item {
            continue;
        }
        let column = *column.get_or_insert(l.content);
        if let Some((k, _)) = &l.key
            && l.content == column
            && !matches!(*k, "condition" | "timeframe")
        {
            out.push(*k);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, marker: &str) -> (String, usize) {
        let offset = text.find(marker).unwrap_or_default();
        (text.replacen(marker, "", 1), offset)
    }

    #[test]
    fn keys_values_and_items() {
        let (text, o) = at(
            "title: t\nlogsource:\n  product: windows\n  category: proc@@\ndetection:\n",
            "@@",
        );
        let c = context(&text, o);
        assert_eq!(c.path, ["logsource"]);
        assert_eq!(c.key, Some("category"));
        assert_eq!(&text[c.written], "proc");

        let (text, o) = at(
            "detection:\n  sel:\n    - Image: a\n      Comm@@\n  condition: sel\n",
            "@@",
        );
        let c = context(&text, o);
        assert_eq!(c.path, ["detection", "sel"]);
        assert_eq!(c.key, None);
        assert_eq!(&text[c.written], "Comm");

        let (text, o) = at("tags:\n  - attack.t1059\n  - attack.t10@@\n", "@@");
        let c = context(&text, o);
        assert_eq!(c.path, ["tags"]);
        assert!(c.item);
        assert_eq!(&text[c.written], "attack.t10");

        let (text, o) = at("status: te@@ # a comment\n", "@@");
        let c = context(&text, o);
        assert_eq!((c.path.len(), c.key), (0, Some("status")));
        assert_eq!(&text[c.written], "te");

        let (text, o) = at(
            "detection:\n  sel:\n    Image|endswith: x\n  condition: sel and @@\n",
            "@@",
        );
        let c = context(&text, o);
        assert_eq!((c.path, c.key), (vec!["detection"], Some("condition")));
    }

    #[test]
    fn the_logsource_of_the_document() {
        let text = "logsource:\n  product: linux\n---\nlogsource:\n  category: 'process_creation'\n  product: windows # here\ndetection: {}\n";
        assert_eq!(
            logsource(text, text.len() - 2),
            [Some("windows"), Some("process_creation"), None]
        );
        assert_eq!(logsource(text, 3), [Some("linux"), None, None]);
    }

    #[test]
    fn search_identifiers_are_the_keys_under_detection() {
        let text = "detection:\n  sel:\n    a: 1\n    b:\n      - x\n  filter_1:\n    - c: 2\n  condition: sel\nlevel: low\n";
        assert_eq!(search_identifiers(text, 0), ["sel", "filter_1"]);
    }
}
