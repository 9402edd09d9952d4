//! Edit builders for fixes: each changes one scalar, entry or list item and keeps the rest of the
//! file byte for byte (comments, quoting, indentation, line endings). Lints attach the edits
//! they build to their diagnostics; `crate::fix` applies them.

use std::fmt::Write as _;
use std::ops::Range;

use crate::diagnostics::Edit;
use crate::source::is_terminal_control;
use crate::yaml::{Node, NodeKind, Resolved, resolve_plain};

/// Replaces a scalar's value, keeping its quoting: inside the quotes of a quoted scalar, the
/// whole span of a plain one (quoted with `'` when the new value would not read back as the
/// same string). `None` for block scalars and non-scalars.
pub fn replace_scalar(text: &str, node: &Node, value: &str) -> Option<Edit> {
    let scalar = node.as_scalar()?;
    let raw = text.get(node.span.clone())?;
    let quote = raw.chars().next().filter(|c| matches!(c, '\'' | '"'));
    match quote {
        Some(q) if raw.len() >= 2 && raw.ends_with(q) => {
            let inner = node.span.start + 1..node.span.end - 1;
            let content = if q == '\'' {
                if value.chars().any(is_terminal_control) {
                    return None;
                }
                value.replace('\'', "''")
            } else {
                double_quoted(value)
            };
            Some(Edit {
                span: inner,
                content,
            })
        }
        Some(_) => None,
        None if matches!(
            scalar.style,
            saphyr_parser::ScalarStyle::Literal | saphyr_parser::ScalarStyle::Folded
        ) =>
        {
            None
        }
        None => Some(Edit {
            span: node.span.clone(),
            content: plain_or_quoted(value),
        }),
    }
}

/// `value` as the inside of a double-quoted scalar: backslashes and quotes escaped, and control
/// characters as `\xNN`, since YAML forbids them raw (a value holds one only from an escape).
fn double_quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if is_terminal_control(c) => {
                let _ = write!(out, "\\x{:02x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// `value` as a plain scalar when it reads back as that string, else single-quoted (double-quoted
/// with escapes when it holds a control character).
pub fn plain_or_quoted(value: &str) -> String {
    if value.chars().any(is_terminal_control) {
        return format!("\"{}\"", double_quoted(value));
    }
    let risky_start = value
        .chars()
        .next()
        .is_none_or(|c| "-?:,[]{}#&*!|>'\"%@` \t".contains(c));
    let risky = risky_start
        || value.ends_with([' ', '\t', ':'])
        || value.contains(": ")
        || value.contains(" #")
        || value.contains(['\n', '\r'])
        // Flow indicators end a plain scalar inside `[...]` and `{...}`.
        || value.contains([',', '[', ']', '{', '}'])
        || resolve_plain(value) != Resolved::String;
    if risky {
        format!("'{}'", value.replace('\'', "''"))
    } else {
        value.to_owned()
    }
}

/// Rewrites `key: value` (a field, its modifiers and its value) as `field|exists: true`. `None`
/// when a comment sits between the key and the value (it would be lost).
pub fn exists_edit(text: &str, key: &Node, field: &str, value: &Node) -> Option<Edit> {
    let gap = text.get(key.span.end..value.span.start)?;
    if gap.contains('#') || value.span.start < key.span.end {
        return None;
    }
    let raw_key = text.get(key.span.clone())?;
    let name = format!("{field}|exists");
    let key_text = match raw_key.chars().next() {
        Some('\'') => format!("'{}'", name.replace('\'', "''")),
        Some('"') => format!("\"{}\"", double_quoted(&name)),
        _ => name,
    };
    Some(Edit {
        span: key.span.start..value.span.end,
        content: format!("{key_text}: true"),
    })
}

/// Inserts `value` as a new item just before item `index` of a sequence, on its own line with
/// the same indentation in a block sequence. `None` for layouts other than those two.
pub fn insert_item_before(text: &str, seq: &Node, index: usize, value: &str) -> Option<Edit> {
    let NodeKind::Sequence(items) = &seq.kind else {
        return None;
    };
    let item = items.get(index)?;
    let value = plain_or_quoted(value);
    if text.get(seq.span.start..)?.starts_with('[') {
        return Some(Edit {
            span: item.span.start..item.span.start,
            content: format!("{value}, "),
        });
    }
    let line_start = text[..item.span.start].rfind('\n').map_or(0, |i| i + 1);
    let prefix = &text[line_start..item.span.start];
    if prefix.trim() != "-" {
        return None;
    }
    let eol = match text[item.span.start..].find('\n') {
        Some(i) if text[..item.span.start + i].ends_with('\r') => "\r\n",
        _ => "\n",
    };
    Some(Edit {
        span: line_start..line_start,
        content: format!("{prefix}{value}{eol}"),
    })
}

/// Removes item `index` of a sequence: its whole line (comment included) in a block sequence,
/// the item and the comma before it in a flow sequence. `None` when the layout is not one of
/// those simple shapes, or when it is the only item (removing it would change the key's type).
pub fn remove_item(text: &str, seq: &Node, index: usize) -> Option<Edit> {
    let NodeKind::Sequence(items) = &seq.kind else {
        return None;
    };
    let item = items.get(index)?;
    if items.len() < 2 {
        return None;
    }
    if text.get(seq.span.start..)?.starts_with('[') {
        // The item and the comma on one side of it; a comment in that gap would go too.
        let (span, gap) = if index > 0 {
            let prev = items[index - 1].span.end;
            (prev..item.span.end, prev..item.span.start)
        } else {
            (
                item.span.start..items[1].span.start,
                item.span.end..items[1].span.start,
            )
        };
        return (!text.get(gap)?.contains('#')).then_some(Edit {
            span,
            content: String::new(),
        });
    }
    let line_start = text[..item.span.start].rfind('\n').map_or(0, |i| i + 1);
    if text[line_start..item.span.start].trim() != "-" {
        return None;
    }
    let rest = &text[item.span.end..];
    let line_end = rest
        .find('\n')
        .map_or(text.len(), |i| item.span.end + i + 1);
    let tail = text[item.span.end..line_end].trim();
    if !(tail.is_empty() || tail.starts_with('#')) {
        return None;
    }
    Some(delete_lines(text, line_start..line_end))
}

/// Removes the entry `key` of a block mapping with its whole line(s), a comment at the end of
/// the line included. `None` unless the entry occupies its own lines (only spaces before the key,
/// nothing but a comment after the value), the value is a scalar other than a block scalar, and
/// the mapping keeps another entry (removing the only one would change its type).
pub fn remove_entry(text: &str, map: &Node, key: &str) -> Option<Edit> {
    let entries = map.as_mapping()?;
    if entries.len() < 2 || text.get(map.span.start..)?.starts_with('{') {
        return None;
    }
    let entry = map.entry(key)?;
    let scalar = entry.value.as_scalar()?;
    if matches!(
        scalar.style,
        saphyr_parser::ScalarStyle::Literal | saphyr_parser::ScalarStyle::Folded
    ) {
        return None;
    }
    let start = entry.key.span.start;
    let line_start = text.get(..start)?.rfind('\n').map_or(0, |i| i + 1);
    if !text[line_start..start].bytes().all(|b| b == b' ') {
        return None;
    }
    let end = entry.value.span.end.max(entry.key.span.end);
    let line_end = text
        .get(end..)?
        .find('\n')
        .map_or(text.len(), |i| end + i + 1);
    let tail = text[end..line_end].trim();
    if !(tail.is_empty() || tail.starts_with('#')) {
        return None;
    }
    Some(delete_lines(text, line_start..line_end))
}

/// Deletes whole lines `lines` (from a line start to just after a newline, or to the end of
/// the text). On the last line of a file without a final newline the newline before it goes
/// instead, so the file still ends where a line ends.
fn delete_lines(text: &str, lines: Range<usize>) -> Edit {
    let mut span = lines;
    if span.end == text.len() && !text.ends_with('\n') && span.start > 0 {
        let before = &text[..span.start - 1];
        span.start -= if before.ends_with('\r') { 2 } else { 1 };
    }
    Edit {
        span,
        content: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(text: &str) -> Node {
        let parsed = crate::yaml::parse(text);
        parsed.documents[0]
            .get("tags")
            .cloned()
            .unwrap_or_else(|| panic!("no tags in {text}"))
    }

    fn removed(text: &str, i: usize) -> Option<String> {
        let seq = tags(text);
        Some(edited(text, remove_item(text, &seq, i)?))
    }

    /// `text` with one edit applied.
    fn edited(text: &str, e: Edit) -> String {
        let mut out = text.to_owned();
        out.replace_range(e.span, &e.content);
        out
    }

    #[test]
    fn removes_block_items_with_their_comment() {
        let t = "tags:\n    - a.b\n    - a.c # why\n    - a.d\n";
        assert_eq!(
            removed(t, 1).as_deref(),
            Some("tags:\n    - a.b\n    - a.d\n")
        );
        assert_eq!(
            removed(t, 2).as_deref(),
            Some("tags:\n    - a.b\n    - a.c # why\n")
        );
        let crlf = "tags:\r\n  - a.b\r\n  - a.c";
        assert_eq!(removed(crlf, 1).as_deref(), Some("tags:\r\n  - a.b"));
        assert_eq!(removed("tags:\n  - a.b\n", 0), None);
    }

    #[test]
    fn removes_flow_items_with_their_comma() {
        assert_eq!(
            removed("tags: ['a#1', 'a#1']", 1).as_deref(),
            Some("tags: ['a#1']")
        );
        assert_eq!(removed("tags: [a, # x\n b]", 1), None);
        let t = "tags: [a.b, a.c, 'a.d']\n";
        assert_eq!(removed(t, 1).as_deref(), Some("tags: [a.b, 'a.d']\n"));
        assert_eq!(removed(t, 2).as_deref(), Some("tags: [a.b, a.c]\n"));
        assert_eq!(removed(t, 0).as_deref(), Some("tags: [a.c, 'a.d']\n"));
    }

    #[test]
    fn inserts_items_with_the_same_layout() {
        let insert = |t: &str, i: usize| {
            edited(
                t,
                insert_item_before(t, &tags(t), i, "attack.execution").expect("edit"),
            )
        };
        assert_eq!(
            insert("tags:\r\n  - a.b\r\n  - 'a.c'\r\n", 1),
            "tags:\r\n  - a.b\r\n  - attack.execution\r\n  - 'a.c'\r\n"
        );
        assert_eq!(insert("tags: [a.b]", 0), "tags: [attack.execution, a.b]");
    }

    #[test]
    fn replaces_keeping_quotes() {
        let t = "a: '2025/01/02'\nb: \"x\"\nc: 2025/01/02\n";
        let doc = &crate::yaml::parse(t).documents[0];
        let edit = |k: &str, v: &str| {
            let node = doc.get(k).unwrap_or_else(|| panic!("{k}"));
            let e = replace_scalar(t, node, v).unwrap_or_else(|| panic!("{k}"));
            (t[e.span].to_owned(), e.content)
        };
        assert_eq!(
            edit("a", "2025-01-02"),
            ("2025/01/02".into(), "2025-01-02".into())
        );
        assert_eq!(
            edit("b", "say \"hi\""),
            ("x".into(), "say \\\"hi\\\"".into())
        );
        assert_eq!(
            edit("c", "2025-01-02"),
            ("2025/01/02".into(), "2025-01-02".into())
        );
        assert_eq!(plain_or_quoted("true"), "'true'");
        assert_eq!(plain_or_quoted("it's: x"), "'it''s: x'");
        assert_eq!(plain_or_quoted("attack.t1059"), "attack.t1059");
        assert_eq!(plain_or_quoted("a,b"), "'a,b'");
        // A control character, which a value only holds from an escape, is written as one.
        let t = "a: \"X\\e[2J\\x9b\"\n";
        let doc = &crate::yaml::parse(t).documents[0];
        let node = doc.get("a").expect("a");
        let e = replace_scalar(t, node, "x\u{1b}[2j\u{9b}\\").expect("edit");
        assert_eq!(e.content, "x\\x1b[2j\\x9b\\\\");
        assert_eq!(plain_or_quoted("a\u{7f}"), "\"a\\x7f\"");
    }

    fn without(text: &str, key: &str) -> Option<String> {
        let parsed = crate::yaml::parse(text);
        Some(edited(text, remove_entry(text, &parsed.documents[0], key)?))
    }

    #[test]
    fn removes_entries_with_their_line() {
        let t = "date: 2024-01-02\nmodified: 2024-01-02 # same\nlevel: high\n";
        assert_eq!(
            without(t, "modified").as_deref(),
            Some("date: 2024-01-02\nlevel: high\n")
        );
        assert_eq!(
            without(t, "date").as_deref(),
            Some("modified: 2024-01-02 # same\nlevel: high\n")
        );
        let crlf = "date: 2024-01-02\r\nmodified: '2024-01-02'";
        assert_eq!(
            without(crlf, "modified").as_deref(),
            Some("date: 2024-01-02")
        );
        let nested = "a:\n    b: 1\n    c: 2\nd: 3\n";
        let parsed = crate::yaml::parse(nested);
        let a = parsed.documents[0].get("a").expect("a");
        let e = remove_entry(nested, a, "c").expect("edit");
        assert_eq!(&nested[e.span], "    c: 2\n");
        assert_eq!(without(nested, "a"), None);
        assert_eq!(without("date: x\n", "date"), None);
        assert_eq!(without("{date: x, modified: x}\n", "modified"), None);
        assert_eq!(without("date: x\nmodified: |\n  x\n", "modified"), None);
        assert_eq!(without("date: x\nmodified: x\n", "missing"), None);
    }
}
