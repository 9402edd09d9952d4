//! The fast path of [`super::parse`]: a byte scanner for the YAML that Sigma rules are written
//! in — block mappings and sequences, plain, quoted and literal (`|`) scalars, one-line flow
//! sequences of scalars, comments, `---` between documents.
//!
//! It builds exactly the tree the saphyr-parser path builds, spans included, or gives up
//! (`None`) at the first thing outside that subset or anything that might be an error, and the
//! caller parses the file again with saphyr-parser, which reports errors. Giving up is always
//! safe, so every rule here leans that way. `tests/yaml_fast.rs` and the `yaml_fast` fuzz
//! target hold the two paths equal; saphyr-parser's char-by-char scanning was ~45 % of a
//! whole-corpus check.

use std::collections::HashMap;

use memchr::{memchr, memchr2, memchr3};
use saphyr_parser::ScalarStyle;

use super::{Entry, Node, NodeKind, Parsed, Resolved, Scalar, find_key, resolve_plain};

/// Deeper than this the slow path takes over; it enforces [`super::MAX_DEPTH`] with a proper
/// diagnostic.
const MAX_FAST_DEPTH: usize = 32;
/// saphyr-parser refuses implicit keys longer than 1024 characters; leave long ones to it.
const MAX_KEY_LEN: usize = 1000;

/// Parses `text` if it is entirely within the subset, without errors.
pub(super) fn parse(text: &str) -> Option<Parsed> {
    if !simple_bytes(text.as_bytes()) {
        return None;
    }
    let mut f = Fast {
        text,
        b: text.as_bytes(),
        pos: 0,
        depth: 0,
    };
    let mut documents = Vec::new();
    while let Some((mut ls, mut ind)) = f.next_content(f.pos) {
        if ind == 0 && f.is_doc_start(ls) {
            let next = f.rest_is_comment(ls + 3)?;
            (ls, ind) = f.next_content(next)?;
            if ind == 0 && (f.is_doc_start(ls) || f.b[ls..].starts_with(b"...")) {
                return None;
            }
        } else if !documents.is_empty() {
            return None;
        }
        if ind != 0 || f.b[ls..].starts_with(b"...") {
            return None;
        }
        let root = f.block_node(ls, 0, -1)?;
        if matches!(root.kind, NodeKind::Scalar(_)) {
            return None;
        }
        documents.push(root);
    }
    if documents.is_empty() {
        return None;
    }
    Some(Parsed {
        documents,
        errors: Vec::new(),
        unsupported: Vec::new(),
    })
}

/// No byte order mark, no control character but `\n` (tabs and `\r` included: the slow path
/// knows their rules, and reports the controls YAML forbids), no NUL, no C1 control (NEL
/// included, which YAML allows but no rule needs).
fn simple_bytes(b: &[u8]) -> bool {
    let mut bad = false;
    for chunk in b.chunks(64) {
        bad |= chunk.iter().fold(false, |acc, &c| {
            acc | ((c < 0x20) & (c != b'\n')) | (c == 0x7f)
        });
        if bad {
            return false;
        }
    }
    // U+FEFF is EF BB BF in UTF-8, U+0080–U+009F are C2 80–C2 9F.
    let mut from = 0;
    while let Some(i) = memchr2(0xEF, 0xC2, &b[from..]) {
        let rest = &b[from + i..];
        if rest.starts_with(&[0xEF, 0xBB, 0xBF]) || matches!(rest, [0xC2, 0x80..=0x9F, ..]) {
            return false;
        }
        from += i + 1;
    }
    true
}

/// Where a value sits: after `key:` or after a sequence's `-`.
#[derive(Clone, Copy, PartialEq)]
enum Ctx {
    Map,
    Seq,
}

enum KeyScan {
    /// A key and the position just after its `:`.
    Key(Node, usize),
    /// A quoted scalar that is not a key, and the position after its closing quote.
    Quoted(Node, usize),
    /// A plain scalar's first line, as [`Fast::plain_line`] gives it.
    NotKey(PlainLine),
}

/// The part of a plain scalar on one line: where its text ends (trailing spaces cut), where
/// the line ends, and whether a comment ended it.
#[derive(Clone, Copy)]
struct PlainLine {
    end: usize,
    eol: usize,
    comment: bool,
}

/// What ends the scan of a plain line.
#[derive(Clone, Copy)]
enum Stop {
    /// A `:` followed by a blank or the end: a key's indicator.
    Colon(usize),
    /// ` #`: a comment, at the `#`.
    Comment(usize),
    /// The end of the line.
    Eol(usize),
}

struct Fast<'a> {
    text: &'a str,
    b: &'a [u8],
    /// Between nodes, always the start of a line (or the end of the text).
    pos: usize,
    depth: usize,
}

impl Fast<'_> {
    fn byte(&self, i: usize) -> Option<u8> {
        self.b.get(i).copied()
    }

    fn blank_or_eol(&self, i: usize) -> bool {
        matches!(self.byte(i), None | Some(b' ' | b'\n'))
    }

    fn spaces(&self, mut i: usize) -> usize {
        while self.byte(i) == Some(b' ') {
            i += 1;
        }
        i
    }

    /// Index of the `\n` ending the line that holds `i`, or the end of the text.
    fn line_end(&self, i: usize) -> usize {
        memchr(b'\n', &self.b[i..]).map_or(self.b.len(), |j| i + j)
    }

    fn next_line(&self, i: usize) -> usize {
        (self.line_end(i) + 1).min(self.b.len())
    }

    /// The next line from line start `from` that is neither blank nor a comment: its start and
    /// indentation.
    fn next_content(&self, mut from: usize) -> Option<(usize, usize)> {
        while from < self.b.len() {
            let k = self.spaces(from) - from;
            match self.byte(from + k) {
                None => return None,
                Some(b'\n') => from += k + 1,
                Some(b'#') => from = self.next_line(from + k),
                Some(_) => return Some((from, k)),
            }
        }
        None
    }

    fn is_doc_start(&self, ls: usize) -> bool {
        self.b[ls..].starts_with(b"---") && self.blank_or_eol(ls + 3)
    }

    /// Does the line at `ls` end the current block: `Some(true)` for `---` (the next document
    /// follows), `None` for `...` (left to the slow path), `Some(false)` otherwise.
    fn ends_document(&self, ls: usize, ind: usize) -> Option<bool> {
        if ind != 0 {
            return Some(false);
        }
        if self.b[ls..].starts_with(b"...") && self.blank_or_eol(ls + 3) {
            return None;
        }
        Some(self.is_doc_start(ls))
    }

    /// Only spaces and perhaps a comment from `i` to the end of the line: the next line's start.
    fn rest_is_comment(&self, i: usize) -> Option<usize> {
        let j = self.spaces(i);
        match self.byte(j) {
            None => Some(j),
            Some(b'\n') => Some(j + 1),
            Some(b'#') if j > i => Some(self.next_line(j)),
            _ => None,
        }
    }

    /// Where the block indented `n` goes on after the node just read: the first byte of the
    /// next content line if it sits at indentation `n`, `Some(None)` where the block ends (end
    /// of text, a shallower line, `---`), `None` for a deeper line or `...`.
    fn continues_at(&self, n: usize) -> Option<Option<usize>> {
        let Some((ls, ind)) = self.next_content(self.pos) else {
            return Some(None);
        };
        if ind < n || self.ends_document(ls, ind)? {
            return Some(None);
        }
        if ind > n {
            return None;
        }
        Some(Some(ls + ind))
    }

    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= MAX_FAST_DEPTH).then_some(())
    }

    /// Can a plain scalar start at `i` (block context)?
    fn plain_start(&self, i: usize) -> bool {
        match self.byte(i) {
            None | Some(b' ' | b'\n') => false,
            Some(b'-' | b'?' | b':') => !self.blank_or_eol(i + 1),
            Some(
                b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\''
                | b'"' | b'%' | b'@' | b'`',
            ) => false,
            Some(_) => true,
        }
    }

    /// A node whose first line starts at `ls` with `ind` spaces, inside a block indented
    /// `parent`.
    fn block_node(&mut self, ls: usize, ind: usize, parent: isize) -> Option<Node> {
        let p = ls + ind;
        match self.b[p] {
            b'-' if self.blank_or_eol(p + 1) => self.block_seq(p, ind, false),
            b'[' => {
                let (node, after) = self.flow_seq(p)?;
                self.pos = self.rest_is_comment(after)?;
                Some(node)
            }
            _ => match self.key_at(p)? {
                KeyScan::Key(..) => self.block_map(p, ind),
                KeyScan::Quoted(node, after) => {
                    self.pos = self.rest_is_comment(after)?;
                    Some(node)
                }
                KeyScan::NotKey(first) => self.plain(p, first, parent),
            },
        }
    }

    /// Is there a key at `p`? `None` when the line cannot be handled here.
    fn key_at(&self, p: usize) -> Option<KeyScan> {
        let c = self.b[p];
        if c == b'\'' || c == b'"' {
            let (node, after) = self.quoted(p)?;
            return Some(
                if self.byte(after) == Some(b':') && self.blank_or_eol(after + 1) {
                    if after - p > MAX_KEY_LEN {
                        return None;
                    }
                    KeyScan::Key(node, after + 1)
                } else {
                    KeyScan::Quoted(node, after)
                },
            );
        }
        if !self.plain_start(p) {
            return None;
        }
        let stop = self.scan_plain(p);
        if let Stop::Colon(at) = stop {
            if self.b[at - 1] == b' ' || at - p > MAX_KEY_LEN {
                return None;
            }
            return Some(KeyScan::Key(self.plain_node(p, at), at + 1));
        }
        self.line_of(stop).map(KeyScan::NotKey)
    }

    /// Scans a plain scalar's line from `s` (where [`Fast::plain_start`] holds, so neither a
    /// comment nor a key indicator can be at `s` itself) to the first of a key indicator, a
    /// comment and the line's end: one pass, shared by [`Fast::key_at`] and
    /// [`Fast::plain_line`].
    fn scan_plain(&self, s: usize) -> Stop {
        let mut i = s + 1;
        while let Some(j) = self
            .b
            .get(i..)
            .and_then(|rest| memchr3(b':', b'#', b'\n', rest))
        {
            let at = i + j;
            match self.b[at] {
                b'\n' => return Stop::Eol(at),
                b'#' if self.b[at - 1] == b' ' => return Stop::Comment(at),
                b':' if self.blank_or_eol(at + 1) => return Stop::Colon(at),
                _ => i = at + 1,
            }
        }
        Stop::Eol(self.b.len())
    }

    fn plain_end(&self, mut end: usize, eol: usize, comment: bool) -> PlainLine {
        while self.b[end - 1] == b' ' {
            end -= 1;
        }
        PlainLine { end, eol, comment }
    }

    fn plain_node(&self, start: usize, end: usize) -> Node {
        let value = &self.text[start..end];
        Node {
            span: start..end,
            kind: NodeKind::Scalar(Scalar {
                value: value.to_owned(),
                style: ScalarStyle::Plain,
                resolved: resolve_plain(value),
            }),
        }
    }

    /// A block mapping indented `n` whose first key is at `p`.
    fn block_map(&mut self, mut p: usize, n: usize) -> Option<Node> {
        self.enter()?;
        let start = p;
        let mut entries: Vec<Entry> = Vec::new();
        let mut index: Option<HashMap<String, usize>> = None;
        loop {
            let KeyScan::Key(key, after) = self.key_at(p)? else {
                return None;
            };
            let value = self.value_after(after, n, p - n, Ctx::Map)?;
            if let NodeKind::Scalar(s) = &key.kind {
                if find_key(&entries, &mut index, &s.value).is_some() {
                    return None;
                }
                if let Some(ix) = &mut index {
                    ix.insert(s.value.clone(), entries.len());
                }
            }
            entries.push(Entry { key, value });
            let Some(next) = self.continues_at(n)? else {
                break;
            };
            p = next;
        }
        self.depth -= 1;
        let end = entries.last()?.value.span.end;
        Some(Node {
            span: start..end,
            kind: NodeKind::Mapping(entries),
        })
    }

    /// A block sequence indented `n` whose first `-` is at `p`. A `compact` one sits at the
    /// indentation of the key it belongs to (`key:\n- a`).
    fn block_seq(&mut self, mut p: usize, n: usize, compact: bool) -> Option<Node> {
        self.enter()?;
        let mut start = p;
        let mut items: Vec<Node> = Vec::new();
        loop {
            let item = self.value_after(p + 1, n, p - n, Ctx::Seq)?;
            if compact && items.is_empty() {
                // saphyr-parser starts an indentless sequence at its first item's content.
                if item.span.start >= self.line_end(p) {
                    return None;
                }
                start = item.span.start;
            }
            items.push(item);
            let Some(q) = self.continues_at(n)? else {
                break;
            };
            if self.b[q] == b'-' && self.blank_or_eol(q + 1) {
                p = q;
            } else if compact {
                break;
            } else {
                return None;
            }
        }
        self.depth -= 1;
        let end = items.last()?.span.end;
        Some(Node {
            span: start..end,
            kind: NodeKind::Sequence(items),
        })
    }

    /// The value after the indicator ending at `p` (a key's `:` or an item's `-`) of a
    /// collection indented `n` whose line starts at `ls`.
    fn value_after(&mut self, p: usize, n: usize, ls: usize, ctx: Ctx) -> Option<Node> {
        let q = self.spaces(p);
        match self.byte(q) {
            None | Some(b'\n' | b'#') => {
                let eol = self.line_end(q);
                let next = (eol + 1).min(self.b.len());
                match self.next_content(next) {
                    Some((l2, ind)) if ind > n => return self.block_node(l2, ind, n as isize),
                    Some((l2, ind))
                        if ctx == Ctx::Map
                            && ind == n
                            && self.b[l2 + ind] == b'-'
                            && self.blank_or_eol(l2 + ind + 1) =>
                    {
                        return self.block_seq(l2 + ind, n, true);
                    }
                    _ => {}
                }
                self.pos = next;
                // saphyr-parser puts an empty value at the `:`, an empty item at the line's end.
                let at = match ctx {
                    Ctx::Map => p - 1,
                    Ctx::Seq if eol < self.b.len() => eol,
                    Ctx::Seq => return None,
                };
                Some(Node {
                    span: at..at,
                    kind: NodeKind::Scalar(Scalar {
                        value: String::new(),
                        style: ScalarStyle::Plain,
                        resolved: Resolved::Null,
                    }),
                })
            }
            Some(b'|') => self.literal(q, n),
            Some(b'[') => {
                let (node, after) = self.flow_seq(q)?;
                self.pos = self.rest_is_comment(after)?;
                Some(node)
            }
            Some(b'-') if self.blank_or_eol(q + 1) => None,
            Some(_) => match self.key_at(q)? {
                KeyScan::Key(..) if ctx == Ctx::Seq => self.block_map(q, q - ls),
                KeyScan::Key(..) => None,
                KeyScan::Quoted(node, after) => {
                    self.pos = self.rest_is_comment(after)?;
                    Some(node)
                }
                KeyScan::NotKey(first) => self.plain(q, first, n as isize),
            },
        }
    }

    /// The part of a plain scalar on the line from `s`; `None` at a key indicator.
    fn plain_line(&self, s: usize) -> Option<PlainLine> {
        self.line_of(self.scan_plain(s))
    }

    fn line_of(&self, stop: Stop) -> Option<PlainLine> {
        match stop {
            Stop::Colon(_) => None,
            Stop::Comment(at) => {
                let eol = self.line_end(at);
                Some(self.plain_end(at, eol, true))
            }
            Stop::Eol(eol) => Some(self.plain_end(eol, eol, false)),
        }
    }

    /// A plain scalar from `q`, continued on following lines indented more than `parent`.
    /// `first` is its first line, which [`Fast::key_at`] scanned already.
    fn plain(&mut self, q: usize, first: PlainLine, parent: isize) -> Option<Node> {
        let PlainLine {
            mut end,
            eol,
            mut comment,
        } = first;
        let mut next = (eol + 1).min(self.b.len());
        let mut folded: Option<String> = None;
        while !comment && next < self.b.len() {
            let mut blanks = 0;
            let mut l = next;
            let k = loop {
                let k = self.spaces(l) - l;
                match self.byte(l + k) {
                    Some(b'\n') => {
                        blanks += 1;
                        l += k + 1;
                    }
                    _ => break k,
                }
            };
            let c = l + k;
            if c >= self.b.len()
                || k as isize <= parent
                || self.b[c] == b'#'
                || self.ends_document(l, k)?
            {
                break;
            }
            if !self.plain_start(c) {
                return None;
            }
            let PlainLine {
                end: seg_end,
                eol: seg_eol,
                comment: cmt,
            } = self.plain_line(c)?;
            let value = folded.get_or_insert_with(|| self.text[q..end].to_owned());
            if blanks == 0 {
                value.push(' ');
            } else {
                value.extend(std::iter::repeat_n('\n', blanks));
            }
            value.push_str(&self.text[c..seg_end]);
            end = seg_end;
            comment = cmt;
            next = (seg_eol + 1).min(self.b.len());
        }
        self.pos = next;
        Some(match folded {
            None => self.plain_node(q, end),
            Some(value) => Node {
                span: q..end,
                kind: NodeKind::Scalar(Scalar {
                    resolved: resolve_plain(&value),
                    value,
                    style: ScalarStyle::Plain,
                }),
            },
        })
    }

    /// A one-line quoted scalar at `p`: the node and the position after its closing quote.
    fn quoted(&self, p: usize) -> Option<(Node, usize)> {
        let b = self.b;
        let mut value = String::new();
        let mut i = p + 1;
        let (close, style) = if b[p] == b'\'' {
            loop {
                let j = i + memchr2(b'\'', b'\n', &b[i..])?;
                value.push_str(&self.text[i..j]);
                if b[j] == b'\n' {
                    return None;
                }
                if self.byte(j + 1) == Some(b'\'') {
                    value.push('\'');
                    i = j + 2;
                } else {
                    break (j, ScalarStyle::SingleQuoted);
                }
            }
        } else {
            loop {
                let j = i + memchr3(b'"', b'\\', b'\n', &b[i..])?;
                value.push_str(&self.text[i..j]);
                match b[j] {
                    b'"' => break (j, ScalarStyle::DoubleQuoted),
                    b'\n' => return None,
                    _ => {
                        let (c, len) = self.escape(j + 1)?;
                        value.push(c);
                        i = j + 1 + len;
                    }
                }
            }
        };
        let node = Node {
            span: p..close + 1,
            kind: NodeKind::Scalar(Scalar {
                value,
                style,
                resolved: Resolved::String,
            }),
        };
        Some((node, close + 1))
    }

    /// The escape after a `\` at `i - 1`: the character and how many bytes it took.
    fn escape(&self, i: usize) -> Option<(char, usize)> {
        let c = match self.byte(i)? {
            b'0' => '\0',
            b'a' => '\x07',
            b'b' => '\x08',
            b't' => '\t',
            b'n' => '\n',
            b'v' => '\x0b',
            b'f' => '\x0c',
            b'r' => '\r',
            b'e' => '\x1b',
            b' ' => ' ',
            b'"' => '"',
            b'/' => '/',
            b'\\' => '\\',
            b'N' => '\u{85}',
            b'_' => '\u{a0}',
            b'L' => '\u{2028}',
            b'P' => '\u{2029}',
            x @ (b'x' | b'u' | b'U') => {
                let len = match x {
                    b'x' => 2,
                    b'u' => 4,
                    _ => 8,
                };
                let hex = self.b.get(i + 1..i + 1 + len)?;
                if !hex.iter().all(u8::is_ascii_hexdigit) {
                    return None;
                }
                let code = u32::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
                return Some((char::from_u32(code)?, len + 1));
            }
            _ => return None,
        };
        Some((c, 1))
    }

    /// A one-line flow sequence of scalars at `p` (`[a, 'b']`): the node and the position
    /// after its `]`.
    fn flow_seq(&mut self, p: usize) -> Option<(Node, usize)> {
        self.enter()?;
        let mut items = Vec::new();
        let mut i = self.spaces(p + 1);
        let close = if self.byte(i) == Some(b']') {
            // saphyr-parser ends an empty one after any spaces and comment that follow it.
            if !matches!(self.byte(i + 1), None | Some(b'\n')) {
                return None;
            }
            i
        } else {
            loop {
                i = self.spaces(i);
                let item = match self.byte(i)? {
                    b'\'' | b'"' => {
                        let (node, after) = self.quoted(i)?;
                        i = after;
                        node
                    }
                    c if self.plain_start(i)
                        && !(matches!(c, b'-' | b'?' | b':')
                            && matches!(
                                self.byte(i + 1),
                                Some(b',' | b'[' | b']' | b'{' | b'}')
                            )) =>
                    {
                        let mut j = i;
                        while let Some(c) = self.byte(j) {
                            match c {
                                b',' | b']' => break,
                                b'\n' | b'[' | b'{' | b'}' | b':' => return None,
                                b'#' if self.b[j - 1] == b' ' => return None,
                                b'-' | b'?'
                                    if matches!(
                                        self.byte(j + 1),
                                        Some(b',' | b'[' | b']' | b'{' | b'}')
                                    ) =>
                                {
                                    return None;
                                }
                                _ => j += 1,
                            }
                        }
                        let mut end = j;
                        while self.b[end - 1] == b' ' {
                            end -= 1;
                        }
                        let node = self.plain_node(i, end);
                        i = j;
                        node
                    }
                    _ => return None,
                };
                items.push(item);
                i = self.spaces(i);
                match self.byte(i)? {
                    b']' => break i,
                    b',' => {
                        i = self.spaces(i + 1);
                        if self.byte(i) == Some(b']') {
                            return None;
                        }
                    }
                    _ => return None,
                }
            }
        };
        self.depth -= 1;
        let end = items.last().map_or(close + 1, |n: &Node| n.span.end);
        let node = Node {
            span: p..end,
            kind: NodeKind::Sequence(items),
        };
        Some((node, close + 1))
    }

    /// A literal block scalar (`|`, `|-`, `|+`) at `p`, inside a block indented `n`.
    fn literal(&mut self, p: usize, n: usize) -> Option<Node> {
        let mut i = p + 1;
        let chomp = match self.byte(i) {
            Some(c @ (b'-' | b'+')) => {
                i += 1;
                c
            }
            _ => b' ',
        };
        let first = self.rest_is_comment(i)?;
        let m = self.spaces(first) - first;
        if m <= n || self.blank_or_eol(first + m) {
            return None;
        }
        let start = first + m;
        let mut value = String::new();
        let mut blanks = 0;
        let mut l = first;
        // The span ends after the indentation of the line that ends the scalar, where
        // saphyr-parser stops; the next node starts on that line.
        let (end, next) = loop {
            if l >= self.b.len() {
                break (self.b.len(), self.b.len());
            }
            let k = self.spaces(l) - l;
            match self.byte(l + k) {
                None => return None,
                Some(b'\n') => {
                    if k > m {
                        return None;
                    }
                    blanks += 1;
                    l += k + 1;
                    continue;
                }
                Some(_) if k < m => break (l + k, l),
                Some(_) => {}
            }
            let eol = self.line_end(l);
            if l > first {
                value.extend(std::iter::repeat_n('\n', blanks + 1));
            }
            value.push_str(&self.text[l + m..eol]);
            blanks = 0;
            if eol == self.b.len() {
                break (eol, eol);
            }
            l = eol + 1;
        };
        match chomp {
            b'-' => {}
            b'+' => value.extend(std::iter::repeat_n('\n', blanks + 1)),
            _ => value.push('\n'),
        }
        self.pos = next;
        Some(Node {
            span: start..end,
            kind: NodeKind::Scalar(Scalar {
                value,
                style: ScalarStyle::Literal,
                resolved: Resolved::String,
            }),
        })
    }
}
