//! SC4xx: values and modifiers.
//!
//! One pass over a document's detection (or filter) visits every field match and keyword list
//! once, as a [`Site`]: its parsed modifier chain and its values. Each lint of the group is a
//! function over a site (or over one value of it); [`check`] calls them in turn, so adding a
//! lint touches this file's dispatch and the lint's own file only.
//!
//! Semantics follow pySigma, the converter everyone runs, and the Sigma specification v2.1
//! (`sigma-appendix-modifiers.md`, *Escape Character* of the rules specification).

pub mod all_with_single_value;
pub mod contradictory_all;
pub mod control_character;
pub mod double_wildcard;
pub mod duplicate_value;
pub mod empty_value_list;
pub mod escaped_wildcard;
pub mod expand_without_placeholder;
pub mod invalid_cidr;
pub mod invalid_modifier_combination;
pub mod invalid_regex;
pub mod leftover_marker_in_value;
pub mod non_portable_regex;
pub mod null_in_value_list;
pub mod number_as_string;
pub mod placeholder_without_expand;
pub mod repeated_modifier;
pub mod time_part_out_of_range;
pub mod unknown_modifier;
pub mod utf16_without_base64;
pub mod value_type_mismatch;
pub mod wildcard_as_exists;
pub mod yaml11_ambiguous_scalar;

use std::cell::OnceCell;
use std::ops::Range;

use crate::diagnostics::Diagnostic;
use crate::lint::Lint;
use crate::lints::{DocCheck, DocContext};
use saphyr_parser::ScalarStyle;

use crate::sigma::{FieldMatch, Modifier, SearchBody, SearchId};
use crate::yaml::{Node, NodeKind, Resolved};

pub static LINTS: &[&Lint] = &[
    &unknown_modifier::UNKNOWN_MODIFIER,
    &invalid_modifier_combination::INVALID_MODIFIER_COMBINATION,
    &all_with_single_value::ALL_WITH_SINGLE_VALUE,
    &contradictory_all::CONTRADICTORY_ALL,
    &repeated_modifier::REPEATED_MODIFIER,
    &utf16_without_base64::UTF16_WITHOUT_BASE64,
    &expand_without_placeholder::EXPAND_WITHOUT_PLACEHOLDER,
    &placeholder_without_expand::PLACEHOLDER_WITHOUT_EXPAND,
    &value_type_mismatch::VALUE_TYPE_MISMATCH,
    &invalid_cidr::INVALID_CIDR,
    &time_part_out_of_range::TIME_PART_OUT_OF_RANGE,
    &invalid_regex::INVALID_REGEX,
    &non_portable_regex::NON_PORTABLE_REGEX,
    &null_in_value_list::NULL_IN_VALUE_LIST,
    &empty_value_list::EMPTY_VALUE_LIST,
    &wildcard_as_exists::WILDCARD_AS_EXISTS,
    &double_wildcard::DOUBLE_WILDCARD,
    &escaped_wildcard::ESCAPED_WILDCARD,
    &control_character::CONTROL_CHARACTER,
    &number_as_string::NUMBER_AS_STRING,
    &duplicate_value::DUPLICATE_VALUE,
    &leftover_marker_in_value::LEFTOVER_MARKER_IN_VALUE,
    &yaml11_ambiguous_scalar::YAML11_AMBIGUOUS_SCALAR,
];

pub static CHECKS: &[DocCheck] = &[DocCheck {
    run: check,
    lints: LINTS,
}];

/// Runs every SC4xx lint over one document: the YAML 1.1 scalar check over the whole tree,
/// then one visit of each field match and keyword list of the detection.
pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    yaml11_ambiguous_scalar::check_document(ctx, out);
    let Some(det) = &ctx.doc.detection else {
        return;
    };
    let cx = Cx::new(ctx);
    let mut placeholders = placeholder_without_expand::Collector::default();
    for search in &det.search_ids {
        match &search.body {
            SearchBody::Fields(fields) => {
                for f in fields {
                    visit(&cx, &Site::field(search, f), &mut placeholders, out);
                }
            }
            SearchBody::FieldsList(maps) => {
                for f in maps.iter().flatten() {
                    visit(&cx, &Site::field(search, f), &mut placeholders, out);
                }
            }
            SearchBody::Keywords(words) => {
                visit(&cx, &Site::keywords(search, words), &mut placeholders, out);
            }
            SearchBody::Other => {}
        }
    }
    placeholders.finish(&cx, out);
}

fn visit<'a>(
    cx: &Cx<'_, 'a>,
    site: &Site<'_, 'a>,
    placeholders: &mut placeholder_without_expand::Collector<'a>,
    out: &mut Vec<Diagnostic>,
) {
    unknown_modifier::check_site(cx, site, out);
    empty_value_list::check_site(cx, site, out);
    null_in_value_list::check_site(cx, site, out);
    let known = site.known();
    let re = site.has(Mod::Re);
    if known {
        let combination_ok = invalid_modifier_combination::check_site(cx, site, out);
        all_with_single_value::check_site(cx, site, out);
        contradictory_all::check_site(cx, site, out);
        repeated_modifier::check_site(cx, site, out);
        utf16_without_base64::check_site(cx, site, out);
        expand_without_placeholder::check_site(cx, site, out);
        if combination_ok {
            value_type_mismatch::check_site(cx, site, out);
            invalid_cidr::check_site(cx, site, out);
            time_part_out_of_range::check_site(cx, site, out);
        }
        if re {
            for v in site.scalars() {
                invalid_regex::check_value(cx, site, v, out);
            }
        } else {
            wildcard_as_exists::check_site(cx, site, out);
        }
        duplicate_value::check_site(cx, site, out);
    }
    let collect = known && placeholders.wants(site);
    // One pass over each string value's bytes tells which value lints can find anything;
    // most values are clean and none of them looks further.
    for v in site.strings() {
        let Some(text) = v.as_str() else { continue };
        let scan = Scan::of(text);
        if known && !re {
            if scan.has(Scan::DOUBLE_STAR) {
                double_wildcard::check_value(cx, site, v, out);
            }
            if scan.has(Scan::ESCAPED_WILDCARD) {
                escaped_wildcard::check_value(cx, site, v, out);
            }
            number_as_string::check_value(cx, site, v, out);
        }
        if collect && scan.has(Scan::PERCENT) {
            placeholders.collect(site, v, text);
        }
        if scan.has(Scan::CONTROL) {
            control_character::check_value(cx, site, v, out);
        }
        if scan.has(Scan::MARKER) {
            leftover_marker_in_value::check_value(cx, v, out);
        }
    }
}

/// What one pass over a string value's bytes found: a superset of what each value lint
/// needs before it looks closer (each still checks for itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Scan(u8);

/// [`Scan`]'s flags a single byte sets.
const SINGLE: u8 = Scan::CONTROL | Scan::PERCENT | Scan::MARKER;
/// A bit of [`SCAN_CLASS`] outside the flags: the byte can start a pair [`pair`] knows.
const PAIR_START: u8 = 0x80;

/// Per byte: the [`Scan`] flags it sets alone, and [`PAIR_START`].
static SCAN_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        if b < 0x20 || b == 0x7f {
            t[c] |= Scan::CONTROL;
        }
        if b == b'%' {
            t[c] |= Scan::PERCENT;
        }
        if b == b'<' {
            t[c] |= Scan::MARKER;
        }
        if matches!(
            b,
            b'*' | b'\\' | b'T' | b'F' | b'C' | b'R' | b'P' | b'I' | b'X'
        ) {
            t[c] |= PAIR_START;
        }
        c += 1;
    }
    t
};

/// The flags the two bytes `x`, `y` set together: `**`, `\*` or `\?`, or the first two letters
/// of a marker word.
fn pair(x: u8, y: u8) -> u8 {
    match (x, y) {
        (b'*', b'*') => Scan::DOUBLE_STAR,
        (b'\\', b'*' | b'?') => Scan::ESCAPED_WILDCARD,
        (b'T', b'O' | b'B')
        | (b'F', b'I')
        | (b'C', b'H')
        | (b'R', b'E')
        | (b'P', b'L')
        | (b'I', b'N')
        | (b'X', b'X') => Scan::MARKER,
        _ => 0,
    }
}

impl Scan {
    /// A byte below 0x20, or 0x7f: `control-character`.
    pub const CONTROL: u8 = 1;
    /// `%`: placeholders.
    pub const PERCENT: u8 = 2;
    /// `**`: `double-wildcard`.
    pub const DOUBLE_STAR: u8 = 4;
    /// `\*` or `\?`: `escaped-wildcard`.
    pub const ESCAPED_WILDCARD: u8 = 8;
    /// `<` or the first two letters of a marker word (`TODO`, `TBD`, `FIXME`, `CHANGE…`,
    /// `REPLACE…`, `PLACEHOLDER`, `INSERT_HERE`, `XXX`): `leftover-marker-in-value`.
    pub const MARKER: u8 = 16;

    /// A table lookup per byte. Only after a byte that can start one of the pairs (`*`, `\`
    /// and the marker words' first letters) is the pair compared: those bytes are rare enough
    /// in values that the branch is cheaper than comparing every pair.
    pub fn of(s: &str) -> Self {
        let mut acc = 0;
        let mut prev = 0u8;
        for &c in s.as_bytes() {
            let class = SCAN_CLASS[usize::from(c)];
            acc |= class & SINGLE;
            if SCAN_CLASS[usize::from(prev)] & PAIR_START != 0 {
                acc |= pair(prev, c);
            }
            prev = c;
        }
        Self(acc)
    }

    pub fn has(self, flag: u8) -> bool {
        self.0 & flag != 0
    }
}

// ---------------------------------------------------------------------------------------------
// Modifiers
// ---------------------------------------------------------------------------------------------

/// A value modifier Sigma knows. Aliases map to one variant (`ignorecase` is [`Mod::I`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Mod {
    All,
    Neq,
    Contains,
    Startswith,
    Endswith,
    Exists,
    Cased,
    Windash,
    Re,
    I,
    M,
    S,
    Base64,
    Base64offset,
    Utf16,
    Utf16le,
    Utf16be,
    Wide,
    Gt,
    Gte,
    Lt,
    Lte,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
    Cidr,
    Expand,
    Fieldref,
}

/// Every modifier name: pySigma's `modifier_mapping` plus `utf16le`, which the specification
/// lists (pySigma spells it `wide`).
pub(crate) const MODIFIERS: &[(&str, Mod)] = &[
    ("all", Mod::All),
    ("base64", Mod::Base64),
    ("base64offset", Mod::Base64offset),
    ("cased", Mod::Cased),
    ("cidr", Mod::Cidr),
    ("contains", Mod::Contains),
    ("day", Mod::Day),
    ("dotall", Mod::S),
    ("endswith", Mod::Endswith),
    ("exists", Mod::Exists),
    ("expand", Mod::Expand),
    ("fieldref", Mod::Fieldref),
    ("gt", Mod::Gt),
    ("gte", Mod::Gte),
    ("hour", Mod::Hour),
    ("i", Mod::I),
    ("ignorecase", Mod::I),
    ("lt", Mod::Lt),
    ("lte", Mod::Lte),
    ("m", Mod::M),
    ("minute", Mod::Minute),
    ("month", Mod::Month),
    ("multiline", Mod::M),
    ("neq", Mod::Neq),
    ("re", Mod::Re),
    ("s", Mod::S),
    ("startswith", Mod::Startswith),
    ("utf16", Mod::Utf16),
    ("utf16be", Mod::Utf16be),
    ("utf16le", Mod::Utf16le),
    ("week", Mod::Week),
    ("wide", Mod::Wide),
    ("windash", Mod::Windash),
    ("year", Mod::Year),
];

/// The bit set of `mods` (see [`Mod::bit`]).
pub(crate) const fn bits(mods: &[Mod]) -> u64 {
    let mut out = 0;
    let mut i = 0;
    while i < mods.len() {
        out |= mods[i].bit();
        i += 1;
    }
    out
}

impl Mod {
    /// The modifier's bit in [`Site::mask`] (fewer than 64 variants).
    pub const fn bit(self) -> u64 {
        1 << self as u32
    }

    /// Modifier names are case-sensitive, as in pySigma.
    pub fn parse(name: &str) -> Option<Self> {
        MODIFIERS.iter().find(|(n, _)| *n == name).map(|(_, m)| *m)
    }

    /// `wide` is an alias of `utf16le`.
    pub fn canonical(self) -> Self {
        match self {
            Self::Wide => Self::Utf16le,
            m => m,
        }
    }

    /// `i`, `m`, `s` (and their long names): flags of `re`.
    pub fn is_regex_flag(self) -> bool {
        matches!(self, Self::I | Self::M | Self::S)
    }

    /// `contains`, `startswith`, `endswith`: add wildcards around the value.
    pub fn is_position(self) -> bool {
        matches!(self, Self::Contains | Self::Startswith | Self::Endswith)
    }

    pub fn is_compare(self) -> bool {
        matches!(self, Self::Gt | Self::Gte | Self::Lt | Self::Lte)
    }

    pub fn is_time(self) -> bool {
        matches!(
            self,
            Self::Minute | Self::Hour | Self::Day | Self::Week | Self::Month | Self::Year
        )
    }

    /// Modifiers that take a number: comparisons and time parts.
    pub fn is_numeric(self) -> bool {
        self.is_compare() || self.is_time()
    }

    pub fn is_utf16(self) -> bool {
        matches!(
            self,
            Self::Utf16 | Self::Utf16le | Self::Utf16be | Self::Wide
        )
    }

    pub fn is_base64(self) -> bool {
        matches!(self, Self::Base64 | Self::Base64offset)
    }

    /// `all` and `neq` act on the value list as a whole and accept any value type.
    pub fn is_list(self) -> bool {
        matches!(self, Self::All | Self::Neq)
    }
}

/// Modifiers after which values are matched case-sensitively (or are not text at all), so
/// `A` and `a` are different values.
pub(crate) const CASE_SENSITIVE: u64 = bits(&[
    Mod::Cased,
    Mod::Re,
    Mod::Fieldref,
    Mod::Expand,
    Mod::Base64,
    Mod::Base64offset,
    Mod::Utf16,
    Mod::Utf16le,
    Mod::Utf16be,
    Mod::Wide,
]);

// ---------------------------------------------------------------------------------------------
// Sites: one field match or keyword list with its values
// ---------------------------------------------------------------------------------------------

/// What the lints of a document share.
#[derive(Debug)]
pub(crate) struct Cx<'c, 'a> {
    pub ctx: &'c DocContext<'a>,
    pub text: &'a str,
    /// Primary spans of `placeholder-logic` (SC301), computed on first use.
    sc301: OnceCell<Vec<Range<usize>>>,
}

impl<'c, 'a> Cx<'c, 'a> {
    fn new(ctx: &'c DocContext<'a>) -> Self {
        Self {
            ctx,
            text: &ctx.source.text,
            sc301: OnceCell::new(),
        }
    }

    /// Whether `placeholder-logic` reports `node` itself: that error already says everything
    /// a milder lint on the same value would.
    pub fn reported_by_sc301(&self, node: &Node) -> bool {
        self.sc301
            .get_or_init(|| {
                let mut found = Vec::new();
                crate::lints::detection::placeholder_logic::check(self.ctx, &mut found);
                found.into_iter().map(|d| d.span).collect()
            })
            .contains(&node.span)
    }

    /// The node's span, without the trailing comment the parser includes in the span of a
    /// quoted scalar (`'x'  # note`).
    pub fn span(&self, node: &Node) -> Range<usize> {
        let quoted = node.as_scalar().is_some_and(|s| {
            matches!(
                s.style,
                ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted
            )
        });
        match self.text.get(node.span.clone()) {
            Some(raw) if quoted => node.span.start..node.span.start + quoted_len(raw),
            _ => node.span.clone(),
        }
    }

    /// The source text of a node, shortened for messages.
    pub fn show(&self, node: &Node) -> String {
        shorten(self.text.get(self.span(node)).unwrap_or_default())
    }

    /// Byte span in the file of `range`, a byte range inside the node's string value, when the
    /// source holds the value verbatim; otherwise the node's whole span.
    pub fn inner_span(&self, node: &Node, range: Range<usize>) -> Range<usize> {
        let span = self.span(node);
        node.as_str()
            .and_then(|v| {
                if range.start > range.end || range.end > v.len() {
                    return None;
                }
                let raw = self.text.get(span.clone())?;
                if raw == v {
                    return Some(span.start + range.start..span.start + range.end);
                }
                let inner = raw.get(1..raw.len().checked_sub(1)?)?;
                if inner == v && raw.starts_with('"') {
                    return Some(span.start + 1 + range.start..span.start + 1 + range.end);
                }
                if !raw.starts_with('\'') {
                    return None;
                }
                // Single quotes: `''` in the source is one `'` of the value.
                let start = single_quoted_offset(inner, v, range.start)?;
                let end = single_quoted_offset(inner, v, range.end)?;
                Some(span.start + 1 + start..span.start + 1 + end)
            })
            .unwrap_or(span)
    }
}

/// The offset in `inner` (the source between single quotes) of byte `at` of the value, when
/// the value is `inner` with each `''` read as `'` (no line folding).
fn single_quoted_offset(inner: &str, value: &str, at: usize) -> Option<usize> {
    let (r, v) = (inner.as_bytes(), value.as_bytes());
    let (mut i, mut j) = (0, 0);
    let mut found = None;
    while j <= v.len() {
        if j == at {
            found = Some(i);
        }
        if j == v.len() {
            break;
        }
        if r.get(i) == Some(&b'\'') && v[j] == b'\'' && r.get(i + 1) == Some(&b'\'') {
            i += 2;
        } else if r.get(i) == Some(&v[j]) {
            i += 1;
        } else {
            return None;
        }
        j += 1;
    }
    (i == r.len()).then_some(found?)
}

/// Length of a quoted scalar's source up to its closing quote.
fn quoted_len(raw: &str) -> usize {
    let b = raw.as_bytes();
    let mut i = 1;
    match b.first() {
        Some(b'\'') => {
            while i < b.len() {
                if b[i] == b'\'' {
                    if b.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    return i + 1;
                }
                i += 1;
            }
        }
        Some(b'"') => {
            while i < b.len() {
                match b[i] {
                    b'\\' => i += 2,
                    b'"' => return i + 1,
                    _ => i += 1,
                }
            }
        }
        _ => {}
    }
    raw.len()
}

/// At most 60 characters of `s`, with `…` when cut, on one line.
pub(crate) fn shorten(s: &str) -> String {
    const MAX: usize = 60;
    let one_line = s.lines().next().unwrap_or_default();
    let mut out: String = one_line.chars().take(MAX).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// A site's parsed modifiers, kept inline: a key rarely has more than a few, and a `Vec` per
/// field match was an allocation per site.
#[derive(Debug)]
struct ModList {
    inline: [Option<Mod>; 14],
    len: usize,
    spilled: Vec<Option<Mod>>,
}

impl ModList {
    fn new(mods: impl ExactSizeIterator<Item = Option<Mod>>) -> Self {
        let len = mods.len();
        let mut out = Self {
            inline: [None; 14],
            len,
            spilled: Vec::new(),
        };
        if len <= out.inline.len() {
            for (slot, m) in out.inline.iter_mut().zip(mods) {
                *slot = m;
            }
        } else {
            out.spilled = mods.collect();
        }
        out
    }

    fn as_slice(&self) -> &[Option<Mod>] {
        self.inline.get(..self.len).unwrap_or(&self.spilled)
    }
}

/// One field match (`Image|endswith: [...]`) or keyword list.
#[derive(Debug)]
pub(crate) struct Site<'s, 'a> {
    pub search: &'s SearchId<'a>,
    /// `None` for a keyword list.
    pub field: Option<&'s FieldMatch<'a>>,
    /// The parsed modifiers, parallel to the field's `modifiers`; `None` for an unknown name.
    mods: ModList,
    /// Bit set of the known modifiers ([`Mod::bit`]), so most lints can tell in one test
    /// that they have nothing to look at.
    pub mask: u64,
    known: bool,
    /// The value, or each item of the value list.
    pub values: &'s [&'a Node],
    /// The list node when the values were written as a YAML list.
    pub list: Option<&'a Node>,
}

impl<'s, 'a> Site<'s, 'a> {
    fn field(search: &'s SearchId<'a>, f: &'s FieldMatch<'a>) -> Self {
        let mods = ModList::new(f.modifiers.iter().map(|m| Mod::parse(m.name)));
        let mask = mods.as_slice().iter().flatten().fold(0, |m, x| m | x.bit());
        Self {
            search,
            field: Some(f),
            known: mods.as_slice().iter().all(Option::is_some),
            mods,
            mask,
            values: &f.values,
            list: matches!(f.value.kind, NodeKind::Sequence(_)).then_some(f.value),
        }
    }

    fn keywords(search: &'s SearchId<'a>, words: &'s [&'a Node]) -> Self {
        Self {
            search,
            field: None,
            mods: ModList::new(std::iter::empty()),
            mask: 0,
            known: true,
            values: words,
            list: matches!(search.value.kind, NodeKind::Sequence(_)).then_some(search.value),
        }
    }

    /// The modifiers as written, with their spans.
    pub fn modifiers(&self) -> &'s [Modifier<'a>] {
        self.field.map_or(&[], |f| &f.modifiers)
    }

    /// Whether every modifier is known (lints about modifiers and values only run then).
    pub fn known(&self) -> bool {
        self.known
    }

    /// The parsed modifiers, parallel to [`Site::modifiers`]; `None` for an unknown name.
    pub fn mods(&self) -> &[Option<Mod>] {
        self.mods.as_slice()
    }

    /// Known modifiers with their written form, in order.
    pub fn chain(&self) -> impl Iterator<Item = (Mod, &'s Modifier<'a>)> + '_ {
        self.mods()
            .iter()
            .zip(self.modifiers())
            .filter_map(|(m, w)| m.map(|m| (m, w)))
    }

    pub fn has(&self, m: Mod) -> bool {
        self.mask & m.bit() != 0
    }

    pub fn find(&self, pred: impl Fn(Mod) -> bool) -> Option<(Mod, &'s Modifier<'a>)> {
        self.chain().find(|(m, _)| pred(*m))
    }

    /// The field name; empty for keywords and the keyword form `'|all': [...]`.
    pub fn field_name(&self) -> &'a str {
        self.field.map_or("", |f| f.field)
    }

    /// The key as written (`Image|endswith`), or the search identifier for keywords.
    pub fn key_text(&self) -> &'a str {
        self.field
            .and_then(|f| f.key.as_str())
            .unwrap_or(self.search.name)
    }

    /// How to name this site in a message: `` `Image|endswith` `` or `` keywords of `sel` ``.
    pub fn describe(&self) -> String {
        match self.field {
            Some(_) => format!("`{}`", self.key_text()),
            None => format!("the keywords of `{}`", self.search.name),
        }
    }

    /// Scalar values (skipping nested lists and mappings).
    pub fn scalars(&self) -> impl Iterator<Item = &'a Node> + '_ {
        self.values
            .iter()
            .copied()
            .filter(|v| v.as_scalar().is_some())
    }

    /// The edit that removes modifier `m` (with its `|`) from the key, for a fix. `None` for
    /// keywords, when the key is not written verbatim, or when the key without it is already
    /// a key of the same mapping (the fix would repeat a key).
    pub fn remove_modifier(
        &self,
        text: &str,
        m: &Modifier<'_>,
    ) -> Option<crate::diagnostics::Edit> {
        let f = self.field.filter(|f| !f.field.is_empty())?;
        let span = m.span.start.checked_sub(1)?..m.span.end;
        if text.get(span.clone())? != format!("|{}", m.name) {
            return None;
        }
        let key = f.key.as_str()?;
        let at = span.start.checked_sub(f.field_span.start)?;
        let new_key = format!("{}{}", key.get(..at)?, key.get(at + span.len()..)?);
        let mapping = match &self.search.value.kind {
            NodeKind::Mapping(entries) => Some(&entries[..]),
            NodeKind::Sequence(items) => items
                .iter()
                .filter_map(Node::as_mapping)
                .find(|m| m.iter().any(|e| e.key.span == f.key.span)),
            NodeKind::Scalar(_) => None,
        }?;
        if mapping
            .iter()
            .any(|e| e.key.as_str() == Some(new_key.as_str()))
        {
            return None;
        }
        Some(crate::diagnostics::Edit {
            span,
            content: String::new(),
        })
    }

    /// Values that are strings (quoted, or plain text that is no number, boolean or null).
    pub fn strings(&self) -> impl Iterator<Item = &'a Node> + '_ {
        self.values.iter().copied().filter(|v| {
            v.as_scalar()
                .is_some_and(|s| s.resolved == Resolved::String)
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Sigma strings: wildcards and escapes
// ---------------------------------------------------------------------------------------------

/// A piece of a Sigma string value (rules specification, *Escape Character*).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tok {
    /// Plain text, including `\\` (an escaped backslash) and `\x` (a backslash and `x`).
    Lit,
    /// `*`
    Star,
    /// `?`
    Question,
    /// `\*` or `\?`: a literal wildcard character.
    Escaped,
}

/// Splits a Sigma string into pieces with their byte ranges, as pySigma's `SigmaString` does:
/// `\` escapes `*`, `?` and `\`; before any other character it is a plain backslash.
pub(crate) fn sigma_tokens(s: &str) -> impl Iterator<Item = (Tok, Range<usize>)> + '_ {
    let mut chars = s.char_indices().peekable();
    std::iter::from_fn(move || {
        let (i, c) = chars.next()?;
        let tok = match c {
            '*' => (Tok::Star, i..i + 1),
            '?' => (Tok::Question, i..i + 1),
            '\\' => match chars.peek().copied() {
                Some((j, n @ ('*' | '?'))) => {
                    chars.next();
                    (Tok::Escaped, i..j + n.len_utf8())
                }
                Some((j, n)) => {
                    chars.next();
                    (Tok::Lit, i..j + n.len_utf8())
                }
                None => (Tok::Lit, i..i + 1),
            },
            c => (Tok::Lit, i..i + c.len_utf8()),
        };
        Some(tok)
    })
}

/// Whether the string has an unescaped `*` or `?`.
pub(crate) fn has_wildcard(s: &str) -> bool {
    sigma_tokens(s).any(|(t, _)| matches!(t, Tok::Star | Tok::Question))
}

/// Case-insensitive equality without allocating.
pub(crate) fn caseless_eq(a: &str, b: &str) -> bool {
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// `*`, `**`, …: a string of only unescaped `*` wildcards.
pub(crate) fn is_wildcard_only(node: &Node) -> bool {
    node.as_scalar().is_some_and(|s| {
        s.resolved == Resolved::String && !s.value.is_empty() && s.value.bytes().all(|b| b == b'*')
    })
}

/// pySigma's placeholder syntax for `expand`: `%name%` with `name` made of word characters and
/// the opening `%` not escaped by a backslash. Yields the byte range of each `%name%`.
pub(crate) fn placeholders(s: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let b = s.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while let Some(at) = memchr::memchr(b'%', b.get(i..)?) {
            i += at;
            if i == 0 || b[i - 1] != b'\\' {
                let name_len = s[i + 1..]
                    .char_indices()
                    .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
                    .map_or(s.len() - i - 1, |(j, _)| j);
                let end = i + 1 + name_len;
                if name_len > 0 && b.get(end) == Some(&b'%') {
                    let r = i..end + 1;
                    i = end + 1;
                    return Some(r);
                }
            }
            i += 1;
        }
        None
    })
}

/// Calls `f` with the site of every field match of the detection of `text`, for tests that
/// check a shortcut against the full logic over many keys.
#[cfg(test)]
pub(crate) fn for_each_field_site(text: &str, mut f: impl FnMut(&Site<'_, '_>)) {
    let parsed = crate::yaml::parse(text);
    let doc = crate::sigma::SigmaDoc::new(text, &parsed.documents[0]);
    let det = doc.detection.as_ref().expect("a detection");
    for search in &det.search_ids {
        if let SearchBody::Fields(fields) = &search.body {
            for fm in fields {
                f(&Site::field(search, fm));
            }
        }
    }
}

/// A detection with one key per chain of up to three of `mods` (`F|a|b|c: x`).
#[cfg(test)]
pub(crate) fn chains_rule(mods: &[&str]) -> String {
    let mut text = String::from("detection:\n  sel:\n");
    let pieces: Vec<String> = mods.iter().map(|m| format!("|{m}")).collect();
    let pieces: Vec<&str> = pieces.iter().map(String::as_str).collect();
    for c in concatenations(&pieces, 3) {
        text.push_str(&format!("    F{c}: x\n"));
    }
    text.push_str("  condition: sel\n");
    text
}

/// Every concatenation of at most `max` pieces of `alphabet`, the empty one included, each
/// once and sorted: the exhaustive inputs of the shortcut tests.
#[cfg(test)]
pub(crate) fn concatenations(alphabet: &[&str], max: usize) -> Vec<String> {
    let mut all = vec![String::new()];
    let mut level = vec![String::new()];
    for _ in 0..max {
        level = level
            .iter()
            .flat_map(|w| alphabet.iter().map(move |p| format!("{w}{p}")))
            .collect();
        all.extend(level.iter().cloned());
    }
    all.sort();
    all.dedup();
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<(Tok, &str)> {
        sigma_tokens(s).map(|(t, r)| (t, &s[r])).collect()
    }

    #[test]
    fn tokens_follow_the_escape_rules() {
        assert_eq!(
            toks(r"a\*b"),
            [(Tok::Lit, "a"), (Tok::Escaped, r"\*"), (Tok::Lit, "b")]
        );
        assert_eq!(toks(r"\\*"), [(Tok::Lit, r"\\"), (Tok::Star, "*")]);
        assert_eq!(toks(r"\\\*"), [(Tok::Lit, r"\\"), (Tok::Escaped, r"\*")]);
        assert_eq!(toks(r"\a?"), [(Tok::Lit, r"\a"), (Tok::Question, "?")]);
        assert_eq!(toks("é\\"), [(Tok::Lit, "é"), (Tok::Lit, "\\")]);
        assert!(has_wildcard("a*"));
        assert!(!has_wildcard(r"a\*"));
    }

    #[test]
    fn placeholder_syntax_is_pysigmas() {
        let all = |s: &'static str| placeholders(s).map(|r| &s[r]).collect::<Vec<_>>();
        assert_eq!(all("%a% x %b_c%"), ["%a%", "%b_c%"]);
        assert_eq!(all(r"\%plain%name%"), ["%name%"]);
        assert!(all("%DC-NAME%").is_empty());
        assert!(all("100%").is_empty());
        assert!(all("%%").is_empty());
    }

    /// Each flag of `Scan` is set whenever the lint it gates could find something.
    #[test]
    fn scan_flags_cover_what_the_lints_look_for() {
        let alphabet = [
            "a", "*", "?", "\\", "%", "<", "\t", "\u{7f}", "é", "T", "O", "B", "X", "C", "H", "F",
            "I", "R", "E", "P", "L", "N", "D", "M",
        ];
        let mut words = concatenations(&alphabet, 4);
        words.extend(
            [
                "TODO",
                "xx TBD",
                "FIXME",
                "CHANGEME",
                "REPLACE_ME",
                "PLACEHOLDER",
                "INSERT_HERE",
                "a XXX b",
            ]
            .map(String::from),
        );
        for w in &words {
            let scan = Scan::of(w);
            let b = w.as_bytes();
            assert_eq!(
                scan.has(Scan::CONTROL),
                b.iter().any(|&c| c < 0x20 || c == 0x7f),
                "{w:?}"
            );
            assert_eq!(scan.has(Scan::PERCENT), w.contains('%'), "{w:?}");
            assert_eq!(scan.has(Scan::DOUBLE_STAR), w.contains("**"), "{w:?}");
            assert_eq!(
                scan.has(Scan::ESCAPED_WILDCARD),
                w.contains("\\*") || w.contains("\\?"),
                "{w:?}"
            );
            if leftover_marker_in_value::may_have_marker(w) {
                assert!(scan.has(Scan::MARKER), "{w:?}");
            }
        }
    }

    /// The byte-pair formulation `Scan::of` replaced, kept as its reference.
    fn scan_by_pairs(s: &str) -> u8 {
        let b = s.as_bytes();
        let single = b.iter().fold(0u8, |acc, &c| {
            acc | u8::from((c < 0x20) | (c == 0x7f))
                | (u8::from(c == b'%') << 1)
                | (u8::from(c == b'<') << 4)
        });
        let pairs = b.iter().zip(b.iter().skip(1)).fold(0u8, |acc, (&x, &y)| {
            let marker = (x == b'T' && (y == b'O') | (y == b'B'))
                | (x == b'F' && y == b'I')
                | (x == b'C' && y == b'H')
                | (x == b'R' && y == b'E')
                | (x == b'P' && y == b'L')
                | (x == b'I' && y == b'N')
                | (x == b'X' && y == b'X');
            acc | (u8::from(x == b'*' && y == b'*') << 2)
                | (u8::from(x == b'\\' && (y == b'*') | (y == b'?')) << 3)
                | (u8::from(marker) << 4)
        });
        single | pairs
    }

    #[test]
    fn scan_is_the_byte_pair_reference() {
        // Every pair of bytes that is text, and words of the lints' alphabet.
        for x in 0..=255u8 {
            for y in 0..=255u8 {
                if let Ok(w) = std::str::from_utf8(&[x, y]) {
                    assert_eq!(Scan::of(w).0, scan_by_pairs(w), "{w:?}");
                }
            }
        }
        let alphabet = [
            "a", "*", "?", "\\", "%", "<", "\t", "é", "T", "O", "B", "X", "I", "N",
        ];
        for w in concatenations(&alphabet, 5) {
            assert_eq!(Scan::of(&w).0, scan_by_pairs(&w), "{w:?}");
        }
    }

    #[test]
    fn modifier_names() {
        assert_eq!(Mod::parse("ignorecase"), Some(Mod::I));
        assert_eq!(Mod::parse("Contains"), None);
        assert_eq!(Mod::Wide.canonical(), Mod::Utf16le);
    }
}
