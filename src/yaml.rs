//! YAML text → our own spanned node tree.
//!
//! Most rules take a fast path (`yaml/fast.rs`) that builds the tree straight from the bytes;
//! anything it does not handle, errors included, goes through saphyr-parser, which gives events
//! with character positions. Either way we get a tree with byte spans for every key and value,
//! each scalar's style (the raw text is the span's slice of the source), and every problem as a
//! [`YamlError`] at an exact place instead of a stopped run.
//! Anchors, aliases and tags are refused: Sigma rules never need them, and refusing aliases rules
//! out alias-expansion bombs by construction.

use std::collections::HashMap;
use std::ops::Range;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError};

use crate::source::CharIndex;

mod fast;

/// Byte range in the source text.
pub type Span = Range<usize>;

/// Deepest nesting of collections we build; Sigma rules need five or six levels.
pub const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub span: Span,
    pub kind: NodeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    Scalar(Scalar),
    Sequence(Vec<Node>),
    Mapping(Vec<Entry>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scalar {
    /// The scalar's content after YAML unescaping and folding.
    pub value: String,
    pub style: ScalarStyle,
    pub resolved: Resolved,
}

/// Type of a scalar under the YAML 1.2 core schema (plain scalars only; quoted ones are strings).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Resolved {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String,
}

/// Why a file's YAML could not be (fully) turned into a tree.
#[derive(Debug, Clone, PartialEq)]
pub enum YamlError {
    Syntax {
        message: String,
        span: Span,
        help: Option<String>,
    },
    DuplicateKey {
        key: String,
        span: Span,
        first: Span,
    },
    /// An anchor, alias or tag; `what` names which.
    Unsupported {
        what: &'static str,
        span: Span,
    },
    TooDeep {
        span: Span,
    },
}

/// Documents of one file, in order, plus what went wrong. A document is kept only when it was
/// parsed completely, so later stages never see half a rule.
#[derive(Debug, Default)]
pub struct Parsed {
    pub documents: Vec<Node>,
    pub errors: Vec<YamlError>,
    /// Documents that parsed but hold an anchor, alias or tag ([`YamlError::Unsupported`]),
    /// each alias read as null: not rules to check, but enough to tell what other YAML they
    /// are (a CI configuration full of anchors).
    pub unsupported: Vec<Node>,
}

impl Node {
    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The string content of a scalar of any type (`EventID: 4688` gives `"4688"`).
    pub fn as_str(&self) -> Option<&str> {
        self.as_scalar().map(|s| s.value.as_str())
    }

    pub fn as_mapping(&self) -> Option<&[Entry]> {
        match &self.kind {
            NodeKind::Mapping(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_sequence(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Sequence(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(&self.kind, NodeKind::Scalar(s) if s.resolved == Resolved::Null)
    }

    /// The entry of a mapping whose key is `key`.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.as_mapping()?
            .iter()
            .find(|e| e.key.as_str() == Some(key))
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    /// Human name of the node's type for messages.
    pub fn type_name(&self) -> &'static str {
        match &self.kind {
            NodeKind::Mapping(_) => "a mapping",
            NodeKind::Sequence(_) => "a list",
            NodeKind::Scalar(s) => match s.resolved {
                Resolved::Null => "null",
                Resolved::Bool(_) => "a boolean",
                Resolved::Int(_) | Resolved::Float(_) => "a number",
                Resolved::String => "a string",
            },
        }
    }

    /// Follows a JSON pointer's segments; returns the entry's key node too when the last
    /// segment named a mapping key, so callers can label the key instead of a long value.
    pub fn pointer<I, S>(&self, segments: I) -> Option<(Option<&Node>, &Node)>
    where
        I: IntoIterator<Item = Seg<S>>,
        S: AsRef<str>,
    {
        let mut node = self;
        let mut key = None;
        for seg in segments {
            match seg {
                Seg::Key(k) => {
                    let e = node.entry(k.as_ref())?;
                    key = Some(&e.key);
                    node = &e.value;
                }
                Seg::Index(i) => {
                    node = node.as_sequence()?.get(i)?;
                    key = None;
                }
            }
        }
        Some((key, node))
    }

    /// Converts to JSON for schema validation. Keys are their scalar text; duplicate keys have
    /// already been reported, the last one wins here.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.kind {
            NodeKind::Scalar(s) => match s.resolved {
                Resolved::Null => Value::Null,
                Resolved::Bool(b) => Value::Bool(b),
                Resolved::Int(i) => Value::from(i),
                Resolved::Float(f) => serde_json::Number::from_f64(f)
                    .map_or_else(|| Value::String(s.value.clone()), Value::Number),
                Resolved::String => Value::String(s.value.clone()),
            },
            NodeKind::Sequence(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            NodeKind::Mapping(entries) => Value::Object(
                entries
                    .iter()
                    .map(|e| (key_text(&e.key), e.value.to_json()))
                    .collect(),
            ),
        }
    }
}

impl Node {
    /// [`Node::to_json`] with every string value below replaced by `""` (keys are kept): the
    /// same shape and types without copying the text, for the parts of a document that a
    /// schema only type-checks.
    pub fn to_json_shape(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.kind {
            NodeKind::Scalar(s) => match s.resolved {
                Resolved::String => Value::String(String::new()),
                Resolved::Float(f) => serde_json::Number::from_f64(f)
                    .map_or_else(|| Value::String(String::new()), Value::Number),
                _ => self.to_json(),
            },
            NodeKind::Sequence(items) => {
                Value::Array(items.iter().map(Node::to_json_shape).collect())
            }
            NodeKind::Mapping(entries) => Value::Object(
                entries
                    .iter()
                    .map(|e| (key_text(&e.key), e.value.to_json_shape()))
                    .collect(),
            ),
        }
    }
}

/// One step of a JSON pointer.
#[derive(Debug, Clone)]
pub enum Seg<S> {
    Key(S),
    Index(usize),
}

pub(crate) fn key_text(key: &Node) -> String {
    match &key.kind {
        NodeKind::Scalar(s) => s.value.clone(),
        _ => String::from("<complex key>"),
    }
}

/// Resolves a plain scalar under the YAML 1.2 core schema.
pub fn resolve_plain(v: &str) -> Resolved {
    match v {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "true" | "True" | "TRUE" => return Resolved::Bool(true),
        "false" | "False" | "FALSE" => return Resolved::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Resolved::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Resolved::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Resolved::Float(f64::NAN),
        _ => {}
    }
    let first = v.as_bytes()[0];
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return Resolved::String;
    }
    if let Some(hex) = v.strip_prefix("0x") {
        if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return i64::from_str_radix(hex, 16).map_or(Resolved::String, Resolved::Int);
        }
        return Resolved::String;
    }
    if let Some(oct) = v.strip_prefix("0o") {
        if !oct.is_empty() && oct.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
            return i64::from_str_radix(oct, 8).map_or(Resolved::String, Resolved::Int);
        }
        return Resolved::String;
    }
    let digits = v.strip_prefix(['-', '+']).unwrap_or(v);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        // Too large for i64: YAML still calls it an integer; a float keeps its magnitude.
        return v
            .parse::<i64>()
            .map(Resolved::Int)
            .or_else(|_| v.parse::<f64>().map(Resolved::Float))
            .unwrap_or(Resolved::String);
    }
    if is_core_float(digits) {
        return v.parse::<f64>().map_or(Resolved::String, Resolved::Float);
    }
    Resolved::String
}

/// `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?` without the sign.
fn is_core_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let int_digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    i += int_digits;
    let mut frac_digits = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        frac_digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        i += frac_digits;
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        let exp = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if exp == 0 {
            return false;
        }
        i += exp;
    }
    i == b.len()
}

enum Frame {
    Seq {
        start: usize,
        items: Vec<Node>,
    },
    Map {
        start: usize,
        entries: Vec<Entry>,
        pending_key: Option<Node>,
        /// Built lazily once a mapping is large enough for linear scans to matter.
        index: Option<HashMap<String, usize>>,
    },
}

/// Parses every document of `text`.
pub fn parse(text: &str) -> Parsed {
    fast::parse(text).unwrap_or_else(|| parse_saphyr(text))
}

/// The fast path alone: `None` when `text` needs [`parse_saphyr`]. For the differential tests.
#[doc(hidden)]
pub fn parse_fast(text: &str) -> Option<Parsed> {
    fast::parse(text)
}

/// Parses every document of `text` with saphyr-parser: all of YAML, with exact errors.
#[doc(hidden)]
pub fn parse_saphyr(text: &str) -> Parsed {
    let errors = control_characters(text);
    if !errors.is_empty() {
        // Not a YAML stream at all, as for PyYAML, which refuses it before parsing: no document
        // of it is checked.
        return Parsed {
            documents: Vec::new(),
            errors,
            unsupported: Vec::new(),
        };
    }
    let mut out = Parsed::default();
    let chars = CharIndex::new(text);
    let mut parser = Parser::new_from_str(text).keep_tags(true);
    let mut stack: Vec<Frame> = Vec::new();
    let mut doc: Option<Node> = None;
    // Set once a document had an error; its events are skipped until the next document.
    let mut doc_broken = false;
    // Set once a document had an anchor, alias or tag: it is still built, and kept apart.
    let mut doc_unsupported = false;

    while let Some(next) = parser.next_event() {
        let (event, span) = match next {
            Ok(ev) => ev,
            Err(err) => {
                let e = if err.info().contains("recursion limit") {
                    let at = chars.byte(err.marker().index());
                    let at = flow_depth_exceeded(text).unwrap_or(at);
                    YamlError::TooDeep {
                        span: at..next_char_end(text, at),
                    }
                } else {
                    syntax_error(text, &chars, &err)
                };
                out.errors.push(e);
                break;
            }
        };
        let span = chars.byte(span.start.index())..chars.byte(span.end.index());
        let is_seq = matches!(event, Event::SequenceStart(..));
        match event {
            Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
            Event::DocumentStart(_) => {
                stack.clear();
                doc = None;
                doc_broken = false;
                doc_unsupported = false;
            }
            Event::DocumentEnd => {
                if let Some(root) = doc.take()
                    && !doc_broken
                {
                    if doc_unsupported {
                        out.unsupported.push(root);
                    } else {
                        out.documents.push(root);
                    }
                }
            }
            _ if doc_broken => {}
            Event::Alias(_) => {
                // The parser already refused aliases to unknown anchors; a known one means an
                // anchor was defined, which we reported there.
                // The first anchor, alias or tag of a document is reported, not each of a
                // billion laughs.
                if !doc_unsupported {
                    out.errors.push(YamlError::Unsupported {
                        what: "alias",
                        span: span.clone(),
                    });
                }
                doc_unsupported = true;
                let node = Node {
                    span,
                    kind: NodeKind::Scalar(Scalar {
                        value: String::new(),
                        style: ScalarStyle::Plain,
                        resolved: Resolved::Null,
                    }),
                };
                out.errors.extend(push_node(&mut stack, &mut doc, node));
            }
            Event::Scalar(value, style, anchor, tag) => {
                if let Some(err) = refuse(anchor, tag.is_some(), &span) {
                    if !doc_unsupported {
                        out.errors.push(err);
                    }
                    doc_unsupported = true;
                }
                let span = match style {
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
                        quoted_span(text, span)
                    }
                    _ => span,
                };
                let resolved = if style == ScalarStyle::Plain {
                    resolve_plain(&value)
                } else {
                    Resolved::String
                };
                let node = Node {
                    span,
                    kind: NodeKind::Scalar(Scalar {
                        value: value.into_owned(),
                        style,
                        resolved,
                    }),
                };
                out.errors.extend(push_node(&mut stack, &mut doc, node));
            }
            Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag) => {
                if let Some(err) = refuse(anchor, tag.is_some(), &span) {
                    if !doc_unsupported {
                        out.errors.push(err);
                    }
                    doc_unsupported = true;
                }
                if stack.len() >= MAX_DEPTH {
                    out.errors.push(YamlError::TooDeep { span });
                    // Nothing after this point can be trusted to be small; stop the file.
                    return out;
                }
                let start = span.start;
                stack.push(if is_seq {
                    Frame::Seq {
                        start,
                        items: Vec::new(),
                    }
                } else {
                    Frame::Map {
                        start,
                        entries: Vec::new(),
                        pending_key: None,
                        index: None,
                    }
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = stack.pop() else { continue };
                let node = match frame {
                    Frame::Seq { start, items } => {
                        let end = items.last().map_or(span.end.max(start), |n| n.span.end);
                        Node {
                            span: start..end,
                            kind: NodeKind::Sequence(items),
                        }
                    }
                    Frame::Map { start, entries, .. } => {
                        let end = entries
                            .last()
                            .map_or(span.end.max(start), |e| e.value.span.end);
                        Node {
                            span: start..end,
                            kind: NodeKind::Mapping(entries),
                        }
                    }
                };
                out.errors.extend(push_node(&mut stack, &mut doc, node));
            }
        }
    }
    out
}

/// Raw control characters that YAML forbids, each reported one by one up to this many, then
/// one finding for the rest: a binary file must not produce a finding per byte.
const MAX_CONTROL_ERRORS: usize = 20;

/// Whether YAML forbids `c` raw in a stream: the C0 controls but tab, line feed and carriage
/// return, DEL, and the C1 controls but NEL. YAML 1.2.2 §5.1 (`c-printable`) and PyYAML's reader
/// both allow NEL (U+0085); U+FFFE and U+FFFF, also outside `c-printable`, are no controls.
fn forbidden_control(c: char) -> bool {
    c != '\u{85}' && crate::source::is_terminal_control(c)
}

/// A [`YamlError::Syntax`] at every raw control character YAML forbids (see
/// [`forbidden_control`]). NUL bytes are one finding at the first: a file with NUL bytes is
/// UTF-16 or binary, not a text with a few stray characters.
fn control_characters(text: &str) -> Vec<YamlError> {
    let mut errors = Vec::new();
    let mut nul: Option<(usize, usize)> = None;
    let mut others = 0usize;
    let mut rest_at = None;
    for (at, c) in text.char_indices().filter(|(_, c)| forbidden_control(*c)) {
        if c == '\0' {
            nul.get_or_insert((at, 0)).1 += 1;
            continue;
        }
        others += 1;
        if others > MAX_CONTROL_ERRORS {
            rest_at.get_or_insert(at);
            continue;
        }
        let code = c as u32;
        let escape = if c == '\u{1b}' {
            String::from("\\e")
        } else {
            format!("\\x{code:02x}")
        };
        errors.push(YamlError::Syntax {
            message: format!("control character U+{code:04X} in the file"),
            span: at..at + c.len_utf8(),
            help: Some(format!(
                "YAML forbids raw control characters: remove it, or if it is meant, write it as `{escape}` inside a double-quoted string"
            )),
        });
    }
    if let Some((at, n)) = nul {
        let help = if n == 1 {
            String::from(
                "YAML forbids raw control characters: remove it; a file full of NUL bytes is UTF-16 or binary, save it as UTF-8",
            )
        } else {
            format!(
                "YAML forbids raw control characters, and a file with {n} NUL bytes is UTF-16 or binary: save it as UTF-8"
            )
        };
        errors.push(YamlError::Syntax {
            message: String::from("control character U+0000 in the file"),
            span: at..at + 1,
            help: Some(help),
        });
    }
    if let Some(at) = rest_at {
        let more = others - MAX_CONTROL_ERRORS;
        errors.push(YamlError::Syntax {
            message: format!(
                "{more} more control character{} in the file",
                if more == 1 { "" } else { "s" }
            ),
            span: at..at + text[at..].chars().next().map_or(1, char::len_utf8),
            help: Some(format!(
                "only the first {MAX_CONTROL_ERRORS} are reported one by one, from here on the rest: remove them, or write the ones that are meant as escapes (`\\x1b`) inside double-quoted strings"
            )),
        });
    }
    errors.sort_by_key(|e| match e {
        YamlError::Syntax { span, .. } => span.start,
        _ => 0,
    });
    errors
}

fn refuse(anchor: usize, tagged: bool, span: &Span) -> Option<YamlError> {
    if anchor != 0 {
        Some(YamlError::Unsupported {
            what: "anchor",
            span: span.clone(),
        })
    } else if tagged {
        Some(YamlError::Unsupported {
            what: "tag",
            span: span.clone(),
        })
    } else {
        None
    }
}

/// Adds `node` where the parse is. A key repeated in its mapping is an error, but not one that
/// stops the document: the first definition is kept and the repeated entry left out, so every
/// other lint still runs on the rule.
fn push_node(stack: &mut [Frame], doc: &mut Option<Node>, node: Node) -> Option<YamlError> {
    match stack.last_mut() {
        None => {
            *doc = Some(node);
            None
        }
        Some(Frame::Seq { items, .. }) => {
            items.push(node);
            None
        }
        Some(Frame::Map {
            entries,
            pending_key,
            index,
            ..
        }) => match pending_key.take() {
            None => {
                *pending_key = Some(node);
                None
            }
            Some(key) => {
                if let NodeKind::Scalar(s) = &key.kind {
                    let name = s.value.as_str();
                    let first = find_key(entries, index, name);
                    if let Some(i) = first {
                        return Some(YamlError::DuplicateKey {
                            key: name.to_owned(),
                            span: key.span.clone(),
                            first: entries[i].key.span.clone(),
                        });
                    }
                    if let Some(ix) = index {
                        ix.insert(name.to_owned(), entries.len());
                    }
                }
                entries.push(Entry { key, value: node });
                None
            }
        },
    }
}

const INDEX_THRESHOLD: usize = 32;

fn find_key(
    entries: &[Entry],
    index: &mut Option<HashMap<String, usize>>,
    name: &str,
) -> Option<usize> {
    if index.is_none() && entries.len() >= INDEX_THRESHOLD {
        let mut map = HashMap::with_capacity(entries.len() * 2);
        for (i, e) in entries.iter().enumerate() {
            if let Some(k) = e.key.as_str() {
                map.entry(k.to_owned()).or_insert(i);
            }
        }
        *index = Some(map);
    }
    match index {
        Some(map) => map.get(name).copied(),
        None => entries.iter().position(|e| e.key.as_str() == Some(name)),
    }
}

/// Turns a scanner error into a diagnostic with a better place and a hint for the mistakes
/// Sigma authors actually make.
fn syntax_error(text: &str, chars: &CharIndex<'_>, err: &ScanError) -> YamlError {
    let at = chars.byte(err.marker().index());
    let info = err.info();
    let mut span = at..next_char_end(text, at);
    let mut help = None;
    let mut message = info.to_owned();
    if info.contains("anchor or alias") || info.contains("unknown anchor") {
        message = String::from("a value starting with `*` is read as a YAML alias");
        help = Some(String::from(
            "quote values that start with `*`, e.g. `'*\\evil.exe'`",
        ));
        if let Some(star) = text[at..].find('*').map(|i| at + i) {
            let end = text[star..]
                .find(['\n', '\r'])
                .map_or(text.len(), |i| star + i);
            span = star..end.max(star + 1);
        }
    } else if info.contains("tab") {
        // The scanner reports tabs near, not at, the tab: look on the error's line, then after it.
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        if let Some(tab) = text[line_start..].find('\t').map(|i| line_start + i) {
            span = tab..tab + 1;
        }
        message = String::from("tab character in indentation");
        help = Some(String::from("YAML indentation must use spaces, not tabs"));
    } else if info.contains("mapping values are not allowed") {
        help = Some(String::from(
            "quote values that contain `: `, e.g. `'C:\\path: x'`",
        ));
    }
    YamlError::Syntax {
        message,
        span,
        help,
    }
}

/// The scanner's span of a quoted scalar runs on over trailing spaces and a comment; cut it
/// at the closing quote (`''` and `\"` are escapes, not the end).
fn quoted_span(text: &str, span: Span) -> Span {
    let Some(raw) = text.get(span.clone()) else {
        return span;
    };
    let bytes = raw.as_bytes();
    let Some(&quote) = bytes.first().filter(|b| matches!(b, b'\'' | b'"')) else {
        return span;
    };
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => return span.start..span.start + i + 1,
            _ => i += 1,
        }
    }
    span
}

/// Where flow brackets (`[`, `{`) first nest deeper than [`MAX_DEPTH`]; quoted text is skipped.
/// The parser's own recursion limit fires later than ours, at a less useful place.
fn flow_depth_exceeded(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    for (i, b) in text.bytes().enumerate() {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'\'' | b'"') => quote = Some(b),
            (None, b'[' | b'{') => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(i);
                }
            }
            (None, b']' | b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

fn next_char_end(text: &str, at: usize) -> usize {
    text[at..]
        .chars()
        .next()
        .map_or(at, |c| if c == '\n' { at } else { at + c.len_utf8() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Node {
        let p = parse(text);
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        p.documents.into_iter().next().expect("a document")
    }

    #[test]
    fn spans_are_bytes_for_keys_and_values() {
        let text = "title: é—x\ndetection:\n  sel:\n    EventID: '*'\n";
        let root = doc(text);
        let e = root.get("detection").unwrap().get("sel").unwrap();
        let entry = e.entry("EventID").unwrap();
        assert_eq!(&text[entry.key.span.clone()], "EventID");
        assert_eq!(&text[entry.value.span.clone()], "'*'");
        let s = entry.value.as_scalar().unwrap();
        assert_eq!(s.value, "*");
        assert_eq!(s.style, ScalarStyle::SingleQuoted);
        assert_eq!(s.resolved, Resolved::String);
    }

    #[test]
    fn resolves_core_schema() {
        for (v, r) in [
            ("yes", Resolved::String),
            ("0755", Resolved::Int(755)),
            ("1:20", Resolved::String),
            ("2024-01-02", Resolved::String),
            ("0x1F", Resolved::Int(31)),
            ("1.5", Resolved::Float(1.5)),
            ("1e3", Resolved::Float(1000.0)),
            ("~", Resolved::Null),
            ("False", Resolved::Bool(false)),
            ("-12", Resolved::Int(-12)),
            ("1.2.3", Resolved::String),
            ("e3", Resolved::String),
            (".", Resolved::String),
        ] {
            assert_eq!(resolve_plain(v), r, "{v}");
        }
    }

    #[test]
    fn duplicate_key_reports_both_places() {
        let text = "a: 1\nb: 2\na: 3\n";
        let p = parse(text);
        assert_eq!(
            p.errors,
            vec![YamlError::DuplicateKey {
                key: "a".into(),
                span: 10..11,
                first: 0..1
            }]
        );
        // The document is kept, with the first definition, so the rest of it is checked.
        let keys: Vec<&str> = p.documents[0]
            .as_mapping()
            .unwrap_or_default()
            .iter()
            .filter_map(|e| e.key.as_str())
            .collect();
        assert_eq!(keys, ["a", "b"]);
        assert_eq!(p.documents[0].get("a").and_then(Node::as_str), Some("1"));
    }

    #[test]
    fn duplicate_key_in_large_mapping_uses_index() {
        let mut text: String = (0..100).map(|i| format!("k{i}: v\n")).collect();
        text.push_str("k50: again\n");
        let p = parse(&text);
        assert!(matches!(&p.errors[..], [YamlError::DuplicateKey { key, .. }] if key == "k50"));
    }

    #[test]
    fn unquoted_star_gets_a_hint() {
        let p = parse("a:\n  b: *\n");
        let [YamlError::Syntax { span, help, .. }] = &p.errors[..] else {
            panic!("{:?}", p.errors)
        };
        assert_eq!(*span, 8..9);
        assert!(help.as_deref().unwrap().contains("quote values"));
        let p = parse("a: *foo.exe\n");
        let [YamlError::Syntax { span, .. }] = &p.errors[..] else {
            panic!("{:?}", p.errors)
        };
        assert_eq!(*span, 3..11);
    }

    #[test]
    fn tabs_point_at_the_tab() {
        let p = parse("a:\n\t- b\n");
        let [YamlError::Syntax { span, message, .. }] = &p.errors[..] else {
            panic!("{:?}", p.errors)
        };
        assert_eq!(*span, 3..4);
        assert_eq!(message, "tab character in indentation");
    }

    /// Each raw control character's message and span, in order.
    fn controls(text: &str) -> Vec<(String, Span)> {
        let p = parse(text);
        assert!(p.documents.is_empty(), "{:?}", p.documents);
        p.errors
            .into_iter()
            .map(|e| match e {
                YamlError::Syntax { message, span, .. } => (message, span),
                e => panic!("{e:?}"),
            })
            .collect()
    }

    #[test]
    fn raw_control_characters_are_errors_where_they_are() {
        let text = "a: x\u{1b}[2J\nb: '\u{1b}]0;PWNED\u{7}'\n# \u{9b}\u{7f}\n";
        let at = |s: &str| text.find(s).unwrap();
        assert_eq!(
            controls(text),
            [
                ("U+001B", at("\u{1b}[2J"), 1),
                ("U+001B", at("\u{1b}]0"), 1),
                ("U+0007", at("\u{7}"), 1),
                ("U+009B", at("\u{9b}"), 2),
                ("U+007F", at("\u{7f}"), 1),
            ]
            .map(|(code, start, len)| (
                format!("control character {code} in the file"),
                start..start + len
            ))
        );
        // The fast path leaves every one of them to saphyr-parser, NEL included.
        for c in [
            '\u{1b}', '\u{7}', '\u{7f}', '\u{80}', '\u{85}', '\u{9b}', '\u{9f}',
        ] {
            assert!(parse_fast(&format!("a: x{c}\n")).is_none(), "{c:?}");
        }
    }

    #[test]
    fn allowed_and_escaped_control_characters_are_yaml() {
        // Tab, CR, NEL, a BOM at the start and characters next to the C1 block are printable.
        let root = doc("\u{feff}a: \"x\tz\"\r\nb: x\u{85}y\nc: \u{a0}\u{7e}\u{100}\n");
        assert_eq!(root.get("b").and_then(Node::as_str), Some("x\u{85}y"));
        // Escapes in a double-quoted scalar are not raw characters.
        let root = doc("a: \"\\e[2J \\x1b]0;PWNED\\a \\x9b \\x7f\"\n");
        assert_eq!(
            root.get("a").and_then(Node::as_str),
            Some("\u{1b}[2J \u{1b}]0;PWNED\u{7} \u{9b} \u{7f}")
        );
    }

    #[test]
    fn nul_bytes_are_one_error_and_a_binary_file_is_bounded() {
        assert_eq!(
            controls("t\0i\0t\0l\0e\0:\0 \0x\0\n\0"),
            [(String::from("control character U+0000 in the file"), 1..2)]
        );
        let text = format!("a: {}\u{1b}\n", "\u{7f}".repeat(29));
        let found = controls(&text);
        assert_eq!(found.len(), MAX_CONTROL_ERRORS + 1);
        assert_eq!(
            found[19],
            (String::from("control character U+007F in the file"), 22..23)
        );
        assert_eq!(
            found[20],
            (
                String::from("10 more control characters in the file"),
                23..24
            )
        );
    }

    #[test]
    fn refuses_anchors_aliases_and_tags() {
        let p = parse("a: &x 1\nb: *x\n");
        assert_eq!(
            p.errors,
            vec![YamlError::Unsupported {
                what: "anchor",
                span: 3..7
            }]
        );
        // Not a document to check, but kept apart to tell what it is; the alias reads as null.
        assert!(p.documents.is_empty());
        let root = &p.unsupported[0];
        assert_eq!(root.entry("a").and_then(|e| e.value.as_str()), Some("1"));
        assert!(root.entry("b").is_some_and(|e| e.value.is_null()));
        let p = parse("a: !!str 1\n");
        assert!(matches!(
            &p.errors[..],
            [YamlError::Unsupported { what: "tag", .. }]
        ));
    }

    #[test]
    fn multi_document_keeps_good_documents() {
        let p = parse("a: 1\n---\nb: [1\n");
        assert_eq!(p.documents.len(), 1);
        assert_eq!(p.errors.len(), 1);
        let p = parse("a: 1\n---\nb: 2\n");
        assert_eq!(p.documents.len(), 2);
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let text = "[".repeat(100_000);
        let p = parse(&text);
        assert!(matches!(&p.errors[..], [YamlError::TooDeep { .. }]));
        let text = (0..200).fold(String::new(), |mut s, i| {
            s.push_str(&" ".repeat(i));
            s.push_str("a:\n");
            s
        });
        let p = parse(&text);
        assert!(matches!(&p.errors[..], [YamlError::TooDeep { .. }]));
    }

    #[test]
    fn json_pointer_finds_key_and_value() {
        let text = "tags:\n  - a\n  - b\nlevel: x\n";
        let root = doc(text);
        let (key, node) = root.pointer([Seg::Key("tags"), Seg::Index(1)]).unwrap();
        assert!(key.is_none());
        assert_eq!(&text[node.span.clone()], "b");
        let (key, _) = root.pointer([Seg::<&str>::Key("level")]).unwrap();
        assert_eq!(&text[key.unwrap().span.clone()], "level");
        assert_eq!(
            root.to_json(),
            serde_json::json!({"tags": ["a", "b"], "level": "x"})
        );
    }

    #[test]
    fn quoted_spans_stop_at_the_closing_quote() {
        let text = "a: '*'  # note\nb: \"x\\\" y\" # c\nc: 'it''s' #\n";
        let root = doc(text);
        for (k, raw) in [("a", "'*'"), ("b", "\"x\\\" y\""), ("c", "'it''s'")] {
            let e = root.entry(k).unwrap();
            assert_eq!(&text[e.value.span.clone()], raw);
        }
    }

    #[test]
    fn bom_and_crlf_keep_exact_spans() {
        let text = "\u{feff}a: 1\r\nb: 'x'\r\n";
        let root = doc(text);
        let e = root.entry("b").unwrap();
        assert_eq!(&text[e.value.span.clone()], "'x'");
    }
}
