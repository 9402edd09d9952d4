//! YAML syntax highlighting from our own spanned tree: keys and scalars come from the node
//! spans, comments and punctuation from the text between them. The result is a list of
//! (class, text) tokens per line; the template escapes the text.

use std::ops::Range;

use saphyr_parser::ScalarStyle;
use serde::Serialize;

use crate::yaml::{Node, NodeKind, Resolved};

/// Lines shown before the listing is cut (the raw file is always downloadable).
pub const MAX_LINES: usize = 1500;

#[derive(Debug, Clone, Serialize)]
pub struct Highlighted {
    pub lines: Vec<Line>,
    /// Lines left out after [`MAX_LINES`].
    pub omitted: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Line {
    /// 1-based line number in the file.
    pub n: usize,
    pub t: Vec<Tok>,
}

/// One token: `c` is a CSS class (`k` key, `s` string, `n` number/bool/null, `c` comment,
/// `p` punctuation, empty for plain text), `t` the text.
#[derive(Debug, Clone, Serialize)]
pub struct Tok {
    pub c: &'static str,
    pub t: String,
}

/// Highlights `text[range]`, whose first line is line `first_line` (1-based) of the file.
/// `roots` are the nodes whose scalars fall in the range.
pub fn highlight(
    text: &str,
    roots: &[&Node],
    range: Range<usize>,
    first_line: usize,
) -> Highlighted {
    let mut spans = Vec::new();
    for root in roots {
        collect(root, "s", &mut spans);
    }
    spans.retain(|(s, e, _)| *s >= range.start && *e <= range.end && s < e);
    spans.sort_by_key(|(s, e, _)| (*s, *e));
    let mut out = Builder {
        lines: vec![Line {
            n: first_line,
            t: Vec::new(),
        }],
        omitted: 0,
    };
    let mut pos = range.start;
    for (start, end, class) in spans {
        if start < pos {
            continue;
        }
        out.gap(text.get(pos..start).unwrap_or_default());
        out.push(class, text.get(start..end).unwrap_or_default());
        pos = end;
    }
    out.gap(text.get(pos..range.end).unwrap_or_default());
    if out.lines.last().is_some_and(|l| l.t.is_empty()) && out.lines.len() > 1 {
        out.lines.pop();
    }
    Highlighted {
        lines: out.lines,
        omitted: out.omitted,
    }
}

fn collect(node: &Node, key_or_value: &'static str, out: &mut Vec<(usize, usize, &'static str)>) {
    match &node.kind {
        NodeKind::Scalar(s) => {
            let class = if key_or_value == "k" {
                "k"
            } else {
                match (s.style, s.resolved) {
                    (ScalarStyle::Plain, Resolved::Null | Resolved::Bool(_))
                    | (ScalarStyle::Plain, Resolved::Int(_) | Resolved::Float(_)) => "n",
                    _ => "s",
                }
            };
            out.push((node.span.start, node.span.end, class));
        }
        NodeKind::Sequence(items) => {
            for i in items {
                collect(i, "s", out);
            }
        }
        NodeKind::Mapping(entries) => {
            for e in entries {
                collect(&e.key, "k", out);
                collect(&e.value, "s", out);
            }
        }
    }
}

struct Builder {
    lines: Vec<Line>,
    omitted: usize,
}

impl Builder {
    /// Text between scalars: whitespace, indicators, flow punctuation and comments.
    fn gap(&mut self, gap: &str) {
        let mut rest = gap;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('#') {
                let end = after.find('\n').map_or(rest.len(), |i| i + 1);
                self.push("c", &rest[..end]);
                rest = &rest[end..];
                continue;
            }
            let end = rest.find(['#', '\n']).map_or(rest.len(), |i| {
                if rest.as_bytes()[i] == b'\n' {
                    i + 1
                } else {
                    i
                }
            });
            // Indicators and flow punctuation take the block's own colour: a span for each
            // would be a fifth of a rule page's bytes.
            self.push("", &rest[..end]);
            rest = &rest[end..];
        }
    }

    /// Appends text, starting a new line after each `\n`.
    fn push(&mut self, class: &'static str, text: &str) {
        for (i, part) in text.split('\n').enumerate() {
            if i > 0 {
                self.newline();
            }
            if part.is_empty() || self.omitted > 0 {
                continue;
            }
            let line = self.lines.last_mut().map(|l| &mut l.t);
            if let Some(toks) = line {
                match toks.last_mut() {
                    Some(last) if last.c == class => last.t.push_str(part),
                    _ => toks.push(Tok {
                        c: class,
                        t: part.to_owned(),
                    }),
                }
            }
        }
    }

    fn newline(&mut self) {
        if self.lines.len() >= MAX_LINES {
            self.omitted += 1;
            return;
        }
        let n = self.lines.last().map_or(1, |l| l.n + 1);
        self.lines.push(Line { n, t: Vec::new() });
    }
}

/// The byte range of whole lines covering `span`, and the 1-based number of its first line.
pub fn line_range(text: &str, span: Range<usize>) -> (Range<usize>, usize) {
    let start = text
        .get(..span.start)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let end = text
        .get(span.end..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| span.end + i + 1);
    let first_line = text[..start].bytes().filter(|&b| b == b'\n').count() + 1;
    (start..end, first_line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn render(h: &Highlighted) -> String {
        h.lines
            .iter()
            .map(|l| {
                let body: String = l.t.iter().map(|t| format!("[{}:{}]", t.c, t.t)).collect();
                format!("{} {body}", l.n)
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn tokens() {
        let text = "title: x # note\ndetection:\n  sel:\n    A|contains: 'a#b'\n    B: 4\n  condition: sel\n";
        let p = yaml::parse(text);
        let root = &p.documents[0];
        let h = highlight(text, &[root], 0..text.len(), 1);
        let r = render(&h);
        assert!(r.starts_with("1 [k:title][:: ][s:x][: ][c:# note]"), "{r}");
        assert!(r.contains("4 [:    ][k:A|contains][:: ][s:'a#b']"), "{r}");
        assert!(r.contains("5 [:    ][k:B][:: ][n:4]"), "{r}");
        assert_eq!(h.lines.len(), 6, "{r}");
    }

    #[test]
    fn block_scalars_and_ranges() {
        let text = "a: 1\ndescription: |\n  line one\n  line two\nb: [x, 'y']\n";
        let p = yaml::parse(text);
        let root = &p.documents[0];
        let d = root.entry("b").unwrap();
        let (range, first) = line_range(text, d.key.span.start..d.value.span.end);
        assert_eq!(first, 5);
        let h = highlight(text, &[root], range, first);
        let r = render(&h);
        assert_eq!(r, "5 [k:b][:: [][s:x][:, ][s:'y'][:]]");
        let h = highlight(text, &[root], 0..text.len(), 1);
        let r = render(&h);
        assert!(
            r.contains("3 [s:  line one]") || r.contains("3 [:  ][s:line one]"),
            "{r}"
        );
    }
}
