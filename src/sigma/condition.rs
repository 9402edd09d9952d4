//! Parser and evaluator for the Sigma condition expression language.
//!
//! Grammar (Sigma v2.1 §Condition; precedence from least to most binding: `or`, `and`, `not`,
//! `x of`, parentheses):
//!
//! ```text
//! condition  = expr [ "|" aggregation ]          ; aggregation: deprecated v1 pipe, kept as text
//! expr       = and_expr { "or" and_expr }        ; flattened into one n-ary Or
//! and_expr   = unary { "and" unary }             ; flattened into one n-ary And
//! unary      = "not" unary | primary
//! primary    = "(" expr ")" | quantifier "of" target | identifier
//! quantifier = "1" | "any" | "all"
//! target     = "them" | pattern                  ; pattern: identifier characters plus `*`
//! ```
//!
//! Choices, matching pySigma (`sigma/conditions.py`), the converter everyone runs:
//! * Keywords are **lowercase only**. pySigma builds them with case-sensitive `Keyword`s and
//!   `infix_notation` literals, so `AND` / `Not` / `ALL of` / `1 of THEM` never work there; the
//!   SigmaHQ corpus uses only lowercase. We reject other casings with a pointed error instead of
//!   reading `AND` as an identifier and failing confusingly one token later.
//! * Identifier characters are ASCII letters, digits, `_`, `-` and `.`. pySigma allows
//!   `[A-Za-z0-9_-]` in identifiers and `[A-Za-z0-9_*]` in patterns; the corpus has one
//!   search identifier with a `.` (`filter_main_mdadm.conf`), so we accept `.` and `-` in
//!   both rather than fail the whole condition. `*` is only valid in a quantifier's pattern.
//! * `1`, `any`, `all` and `them` are keywords only around `of`; elsewhere they are plain
//!   identifiers, as in pySigma. `and`, `or`, `not` and `of` are always keywords.
//! * Quantifier targets never match identifiers starting with `_` — for `them` per the spec,
//!   and for patterns too because the spec defines them as "same as `them`, but restricted"
//!   and pySigma filters `_` names for every selector.
//! * Nesting of parentheses and `not` is limited to [`MAX_DEPTH`] so hostile input can
//!   neither overflow the stack here nor in recursive consumers of the tree.

use std::fmt;

/// Byte range inside the condition string (start..end), relative to the condition text given
/// to [`parse`].
pub type Span = std::ops::Range<usize>;

/// Most parentheses plus `not`s that may enclose any point of a condition. Real rules use at
/// most a handful; the bound keeps every recursive walk over the tree shallow.
pub const MAX_DEPTH: usize = 64;

/// Depth limit for recursion over trees that did not come from [`parse`]: a parsed tree is at
/// most about three nodes (`Group`, `Or`, `And`) per nesting level deep.
const TREE_DEPTH_LIMIT: usize = 4 * MAX_DEPTH + 8;

/// Most distinct free variables [`is_tautology`] enumerates (2^16 assignments).
pub const MAX_FREE_VARS: usize = 16;

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A search identifier like `selection_img`.
    Ident { name: String, span: Span },
    /// Span covers `not …`.
    Not { expr: Box<Expr>, span: Span },
    /// N-ary and flattened: `a and b and c` is one `And` with three operands.
    And { operands: Vec<Expr>, span: Span },
    /// N-ary and flattened.
    Or { operands: Vec<Expr>, span: Span },
    /// `1 of sel*`, `all of them`, `any of x*`.
    Quantified {
        quantifier: Quantifier,
        target: Target,
        span: Span,
    },
    /// Parenthesised `( … )`; the span includes the parentheses.
    Group { expr: Box<Expr>, span: Span },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantifier {
    /// `1 of`
    One,
    /// `all of`
    All,
    /// `any of`, pySigma's synonym of `1 of` (not in the spec text).
    Any,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Them {
        span: Span,
    },
    /// An identifier pattern with `*` wildcards; it may have none, e.g. `1 of selection`.
    Pattern {
        pattern: String,
        span: Span,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub expr: Expr,
    pub aggregation: Option<Aggregation>,
}

/// The deprecated Sigma v1 pipe aggregation: `selection | count(field) by x > 5`, kept
/// unparsed: everything after the first `|` outside parentheses.
#[derive(Debug, Clone, PartialEq)]
pub struct Aggregation {
    /// The text after `|`, trimmed.
    pub text: String,
    /// From the `|` to the end of the (right-trimmed) condition.
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    pub message: String,
    pub span: Span,
    pub help: Option<String>,
}

impl ParseError {
    fn new(message: impl Into<String>, span: Span) -> Self {
        Self {
            message: message.into(),
            span,
            help: None,
        }
    }

    fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseError {}

impl Expr {
    pub fn span(&self) -> Span {
        match self {
            Self::Ident { span, .. }
            | Self::Not { span, .. }
            | Self::And { span, .. }
            | Self::Or { span, .. }
            | Self::Quantified { span, .. }
            | Self::Group { span, .. } => span.clone(),
        }
    }
}

impl Quantifier {
    /// The keyword as written in a condition.
    pub fn keyword(self) -> &'static str {
        match self {
            Self::One => "1",
            Self::All => "all",
            Self::Any => "any",
        }
    }
}

impl Target {
    pub fn span(&self) -> Span {
        match self {
            Self::Them { span } | Self::Pattern { span, .. } => span.clone(),
        }
    }

    /// Whether a quantifier over this target includes the search identifier `ident`.
    ///
    /// Identifiers starting with `_` are never included (see the module docs); otherwise
    /// `them` matches everything and a pattern matches with `*` as any run of characters,
    /// case-sensitively and over the whole identifier. (pySigma anchors its pattern regex only
    /// at the start, so there `1 of selection` also takes in `selection_2`; the spec does not
    /// say so and we do not copy it.)
    pub fn matches(&self, ident: &str) -> bool {
        if ident.starts_with('_') {
            return false;
        }
        match self {
            Self::Them { .. } => true,
            Self::Pattern { pattern, .. } => glob_match(pattern, ident),
        }
    }
}

/// Glob match where `*` matches any run of bytes and everything else matches itself.
///
/// Greedy with single-star backtracking: O(pattern × text) at worst, never exponential.
/// Working on bytes is exact for UTF-8 because `*` is ASCII and literals compare whole.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    let (mut pi, mut ti) = (0, 0);
    // Pattern index just after the last `*` seen, and the text index that `*` resumes from.
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some(b'*') => {
                pi += 1;
                star = Some((pi, ti));
            }
            Some(&c) if c == t[ti] => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p[pi.min(p.len())..].iter().all(|&c| c == b'*')
}

/// Calls `f` on every `Ident` and `Quantified` node, left to right.
///
/// Iterative, so it is safe on trees of any depth.
pub fn walk<'a>(expr: &'a Expr, f: &mut impl FnMut(&'a Expr)) {
    walk_all(expr, &mut |e: &'a Expr| {
        if matches!(e, Expr::Ident { .. } | Expr::Quantified { .. }) {
            f(e);
        }
    });
}

/// Calls `f` on every node, parents before children, left to right. Iterative.
pub fn walk_all<'a>(expr: &'a Expr, f: &mut impl FnMut(&'a Expr)) {
    let mut stack = vec![expr];
    while let Some(e) = stack.pop() {
        f(e);
        match e {
            Expr::Not { expr, .. } | Expr::Group { expr, .. } => stack.push(expr),
            Expr::And { operands, .. } | Expr::Or { operands, .. } => {
                stack.extend(operands.iter().rev());
            }
            Expr::Ident { .. } | Expr::Quantified { .. } => {}
        }
    }
}

impl fmt::Display for Quantifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.keyword())
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Them { .. } => f.write_str("them"),
            Self::Pattern { pattern, .. } => f.write_str(pattern),
        }
    }
}

/// Canonical text of the expression (single spaces, parentheses only where written).
/// Recursive; bounded for parsed trees by [`MAX_DEPTH`].
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let join = |f: &mut fmt::Formatter<'_>, ops: &[Expr], sep: &str| {
            for (i, op) in ops.iter().enumerate() {
                if i > 0 {
                    f.write_str(sep)?;
                }
                write!(f, "{op}")?;
            }
            Ok(())
        };
        match self {
            Self::Ident { name, .. } => f.write_str(name),
            Self::Not { expr, .. } => write!(f, "not {expr}"),
            Self::And { operands, .. } => join(f, operands, " and "),
            Self::Or { operands, .. } => join(f, operands, " or "),
            Self::Quantified {
                quantifier, target, ..
            } => write!(f, "{quantifier} of {target}"),
            Self::Group { expr, .. } => write!(f, "({expr})"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Lexer
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    And,
    Or,
    Not,
    Of,
    LParen,
    RParen,
    /// A lexical error; always the last token. Reported when the parser reaches it, so the
    /// first problem in reading order is the one shown.
    Bad,
}

#[derive(Debug, Clone, Copy)]
struct Token {
    kind: Kind,
    start: usize,
    end: usize,
}

impl Token {
    fn span(self) -> Span {
        self.start..self.end
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'*')
}

struct Lexed {
    /// Ends with a [`Kind::Bad`] token if lexing failed.
    tokens: Vec<Token>,
    bad: Option<ParseError>,
    aggregation: Option<Aggregation>,
}

impl Lexed {
    fn fail(mut tokens: Vec<Token>, err: ParseError) -> Self {
        tokens.push(Token {
            kind: Kind::Bad,
            start: err.span.start,
            end: err.span.end,
        });
        Self {
            tokens,
            bad: Some(err),
            aggregation: None,
        }
    }
}

fn lex(text: &str) -> Lexed {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let start = i;
        let kind = match b {
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' => {
                i += 1;
                continue;
            }
            b'(' => {
                depth += 1;
                i += 1;
                Kind::LParen
            }
            b')' => {
                depth = depth.saturating_sub(1);
                i += 1;
                Kind::RParen
            }
            b'|' => return lex_pipe(text, tokens, i, depth),
            _ if is_word_byte(b) => {
                while i < bytes.len() && is_word_byte(bytes[i]) {
                    i += 1;
                }
                let word = &text[start..i];
                match word {
                    "and" => Kind::And,
                    "or" => Kind::Or,
                    "not" => Kind::Not,
                    "of" => Kind::Of,
                    _ => match ["and", "or", "not", "of"]
                        .into_iter()
                        .find(|k| word.eq_ignore_ascii_case(k))
                    {
                        Some(k) => return Lexed::fail(tokens, lowercase_error(word, k, start)),
                        None => Kind::Word,
                    },
                }
            }
            _ => {
                // Non-ASCII or punctuation: report the whole UTF-8 character.
                let c = text[i..].chars().next().unwrap_or('\u{fffd}');
                return Lexed::fail(tokens, unexpected_char(c, i..i + c.len_utf8()));
            }
        };
        tokens.push(Token {
            kind,
            start,
            end: i,
        });
    }
    Lexed {
        tokens,
        bad: None,
        aggregation: None,
    }
}

/// Splits off the aggregation at the `|` at byte `at`, nested `depth` parentheses deep.
fn lex_pipe(text: &str, tokens: Vec<Token>, at: usize, depth: usize) -> Lexed {
    let rest = &text[at + 1..];
    if rest.starts_with('|') {
        let err = ParseError::new("unexpected `||`", at..at + 2).help("Sigma conditions use `or`");
        return Lexed::fail(tokens, err);
    }
    if depth > 0 {
        let err = ParseError::new("unexpected `|` inside parentheses", at..at + 1)
            .help("an aggregation `| …` can only follow the whole condition");
        return Lexed::fail(tokens, err);
    }
    if tokens.is_empty() {
        let err = ParseError::new("expected a condition before `|`", at..at + 1);
        return Lexed::fail(tokens, err);
    }
    let agg_text = rest.trim();
    if agg_text.is_empty() {
        let err = ParseError::new("expected an aggregation after `|`", at..at + 1);
        return Lexed::fail(tokens, err);
    }
    Lexed {
        tokens,
        bad: None,
        aggregation: Some(Aggregation {
            text: agg_text.to_owned(),
            span: at..text.trim_end().len(),
        }),
    }
}

fn lowercase_error(word: &str, keyword: &str, start: usize) -> ParseError {
    ParseError::new(
        format!("keyword `{word}` must be lowercase"),
        start..start + word.len(),
    )
    .help(format!(
        "condition keywords are case-sensitive (pySigma rejects `{word}`): write `{keyword}`"
    ))
}

fn unexpected_char(c: char, span: Span) -> ParseError {
    let shown = if c.is_control() || c.is_whitespace() {
        format!("{}", c.escape_unicode())
    } else {
        c.to_string()
    };
    let err = ParseError::new(format!("unexpected character `{shown}`"), span);
    match c {
        '&' => err.help("Sigma conditions use `and`"),
        '!' => err.help("Sigma conditions use `not`"),
        '#' => err.help("comments are not allowed inside a condition"),
        '\'' | '"' => err.help("quote the whole YAML value, not parts of the condition"),
        _ if c.is_whitespace() => err.help("replace this Unicode whitespace with a plain space"),
        _ => {
            err.help("search identifiers may contain only ASCII letters, digits, `_`, `-` and `.`")
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------------------------

/// Parses one condition string.
///
/// Fails on the first problem in reading order, with the span of the offending token (or of
/// the operator or parenthesis that is left dangling at the end of input).
pub fn parse(text: &str) -> Result<Condition, ParseError> {
    let Lexed {
        tokens,
        bad,
        aggregation,
    } = lex(text);
    if tokens.is_empty() {
        return Err(ParseError::new("empty condition", 0..0));
    }
    let mut p = Parser {
        text,
        tokens,
        bad,
        pos: 0,
        depth: 0,
    };
    let expr = p.parse_or()?;
    if let Some(tok) = p.peek() {
        return Err(match tok.kind {
            Kind::RParen => ParseError::new("unmatched `)`", tok.span())
                .help("remove it or add the matching `(`"),
            _ => p.unexpected_after_operand(tok, false),
        });
    }
    Ok(Condition { expr, aggregation })
}

struct Parser<'t> {
    text: &'t str,
    tokens: Vec<Token>,
    bad: Option<ParseError>,
    pos: usize,
    /// Parentheses and `not`s enclosing the current position.
    depth: usize,
}

impl<'t> Parser<'t> {
    fn peek(&self) -> Option<Token> {
        self.tokens.get(self.pos).copied()
    }

    fn peek_kind(&self, offset: usize) -> Option<Kind> {
        self.tokens.get(self.pos + offset).map(|t| t.kind)
    }

    fn word(&self, tok: Token) -> &'t str {
        self.text.get(tok.start..tok.end).unwrap_or_default()
    }

    fn prev(&self) -> Option<Token> {
        self.pos
            .checked_sub(1)
            .and_then(|i| self.tokens.get(i).copied())
    }

    fn bad_error(&self, tok: Token) -> ParseError {
        self.bad
            .clone()
            .unwrap_or_else(|| ParseError::new("invalid condition", tok.span()))
    }

    fn describe(&self, tok: Token) -> String {
        match tok.kind {
            Kind::LParen => "`(`".into(),
            Kind::RParen => "`)`".into(),
            _ => format!("`{}`", self.word(tok)),
        }
    }

    /// Enters one nesting level (a `(` or `not` at `tok`).
    fn enter(&mut self, tok: Token) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(
                ParseError::new("condition nested too deeply", tok.span()).help(format!(
                    "at most {MAX_DEPTH} levels of parentheses and `not` are supported"
                )),
            );
        }
        Ok(())
    }

    fn parse_or(&mut self) -> Result<Expr, ParseError> {
        self.parse_nary(Kind::Or)
    }

    /// `op == Or`: and_expr { or and_expr }; `op == And`: unary { and unary }.
    fn parse_nary(&mut self, op: Kind) -> Result<Expr, ParseError> {
        let operand = |p: &mut Self| {
            if op == Kind::Or {
                p.parse_nary(Kind::And)
            } else {
                p.parse_unary()
            }
        };
        let first = operand(self)?;
        if self.peek_kind(0) != Some(op) {
            return Ok(first);
        }
        let mut operands = vec![first];
        while self.peek_kind(0) == Some(op) {
            self.pos += 1;
            operands.push(operand(self)?);
        }
        let start = operands.first().map_or(0, |e| e.span().start);
        let end = operands.last().map_or(start, |e| e.span().end);
        let span = start..end;
        Ok(if op == Kind::Or {
            Expr::Or { operands, span }
        } else {
            Expr::And { operands, span }
        })
    }

    fn parse_unary(&mut self) -> Result<Expr, ParseError> {
        let Some(tok) = self.peek() else {
            return Err(self.expected_operand_at_end());
        };
        match tok.kind {
            Kind::Not => {
                self.pos += 1;
                self.enter(tok)?;
                let inner = self.parse_unary()?;
                self.depth -= 1;
                let span = tok.start..inner.span().end;
                Ok(Expr::Not {
                    expr: Box::new(inner),
                    span,
                })
            }
            Kind::LParen => self.parse_group(tok),
            Kind::Word => self.parse_word(tok),
            Kind::Bad => Err(self.bad_error(tok)),
            Kind::Of => Err(self.misplaced_of(tok)),
            Kind::And | Kind::Or | Kind::RParen => {
                let found = self.describe(tok);
                let message = match self.prev() {
                    Some(prev) => format!(
                        "expected an identifier after {}, found {found}",
                        self.describe(prev)
                    ),
                    None => format!("expected an identifier, found {found}"),
                };
                Err(ParseError::new(message, tok.span()))
            }
        }
    }

    fn parse_group(&mut self, open: Token) -> Result<Expr, ParseError> {
        self.pos += 1;
        self.enter(open)?;
        if let Some(close) = self.peek().filter(|t| t.kind == Kind::RParen) {
            return Err(ParseError::new("empty parentheses", open.start..close.end));
        }
        let inner = self.parse_or()?;
        let close = match self.peek() {
            Some(t) if t.kind == Kind::RParen => t,
            Some(t) => return Err(self.unexpected_after_operand(t, true)),
            None => {
                return Err(ParseError::new("unclosed parenthesis", open.span())
                    .help("add the matching `)`"));
            }
        };
        self.pos += 1;
        self.depth -= 1;
        Ok(Expr::Group {
            expr: Box::new(inner),
            span: open.start..close.end,
        })
    }

    /// An identifier, or a quantifier when the next token is `of`.
    fn parse_word(&mut self, tok: Token) -> Result<Expr, ParseError> {
        let word = self.word(tok);
        if self.peek_kind(1) == Some(Kind::Of) {
            let quantifier = match word {
                "1" => Quantifier::One,
                "any" => Quantifier::Any,
                "all" => Quantifier::All,
                w if w.bytes().all(|b| b.is_ascii_digit()) => {
                    return Err(ParseError::new(
                        "only `1 of` and `all of` are supported",
                        tok.span(),
                    )
                    .help(
                        "Sigma has no `N of` for N > 1; combine the search identifiers with `and`",
                    ));
                }
                w if w.eq_ignore_ascii_case("all") || w.eq_ignore_ascii_case("any") => {
                    return Err(lowercase_error(w, &w.to_ascii_lowercase(), tok.start));
                }
                w => {
                    return Err(ParseError::new(
                        format!("`{w} of` is not a quantifier"),
                        tok.span(),
                    )
                    .help("write `1 of …`, `any of …` or `all of …`"));
                }
            };
            let of = self.tokens[self.pos + 1];
            self.pos += 2;
            let target = self.parse_target(of)?;
            let span = tok.start..target.span().end;
            return Ok(Expr::Quantified {
                quantifier,
                target,
                span,
            });
        }
        if word.contains('*') {
            return Err(ParseError::new(
                format!("wildcard in `{word}` outside a quantifier"),
                tok.span(),
            )
            .help(format!(
                "patterns need a quantifier: `1 of {word}` or `all of {word}`"
            )));
        }
        self.pos += 1;
        Ok(Expr::Ident {
            name: word.to_owned(),
            span: tok.span(),
        })
    }

    fn parse_target(&mut self, of: Token) -> Result<Target, ParseError> {
        let tok = match self.peek() {
            Some(t) if t.kind == Kind::Word => t,
            Some(t) if t.kind == Kind::Bad => return Err(self.bad_error(t)),
            found => {
                let (message, span) = match found {
                    Some(t) => (
                        format!(
                            "expected `them` or an identifier pattern after `of`, found {}",
                            self.describe(t)
                        ),
                        t.span(),
                    ),
                    None => (
                        "expected `them` or an identifier pattern after `of`".to_owned(),
                        of.span(),
                    ),
                };
                return Err(ParseError::new(message, span)
                    .help("for example `1 of selection_*` or `all of them`"));
            }
        };
        self.pos += 1;
        let word = self.word(tok);
        if word == "them" {
            Ok(Target::Them { span: tok.span() })
        } else if word.eq_ignore_ascii_case("them") {
            Err(lowercase_error(word, "them", tok.start))
        } else {
            Ok(Target::Pattern {
                pattern: word.to_owned(),
                span: tok.span(),
            })
        }
    }

    fn misplaced_of(&self, of: Token) -> ParseError {
        ParseError::new("`of` must follow `1`, `any` or `all`", of.span())
            .help("write `1 of <pattern>` or `all of <pattern>`")
    }

    /// The input ended where an operand was required: blame the token that needed it.
    fn expected_operand_at_end(&self) -> ParseError {
        match self.prev() {
            Some(prev) => ParseError::new(
                format!("expected an identifier after {}", self.describe(prev)),
                prev.span(),
            ),
            None => ParseError::new("empty condition", 0..0),
        }
    }

    /// A complete operand is followed by `tok`, which cannot continue the expression.
    fn unexpected_after_operand(&self, tok: Token, in_group: bool) -> ParseError {
        let expected = if in_group {
            "`and`, `or` or `)`"
        } else {
            "`and` or `or`"
        };
        match tok.kind {
            Kind::Bad => self.bad_error(tok),
            Kind::Of => self.misplaced_of(tok),
            Kind::Not => ParseError::new(format!("expected {expected} before `not`"), tok.span())
                .help("did you mean `and not`?"),
            Kind::LParen => ParseError::new(format!("expected {expected} before `(`"), tok.span()),
            Kind::Word => {
                let word = self.word(tok);
                let err = ParseError::new(format!("expected {expected}"), tok.span());
                let prev = self
                    .prev()
                    .filter(|p| p.kind == Kind::Word)
                    .map(|p| self.word(p));
                match prev {
                    Some(q @ ("1" | "any" | "all")) => {
                        err.help(format!("did you mean `{q} of {word}`?"))
                    }
                    _ => err.help("join search identifiers with `and` or `or`"),
                }
            }
            Kind::And | Kind::Or | Kind::RParen => {
                ParseError::new(format!("unexpected {}", self.describe(tok)), tok.span())
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------------

/// Truth value of a search identifier under an assignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Atom {
    /// The identifier matches every event (`true`) or none (`false`).
    Const(bool),
    /// A free variable; identifiers sharing an index are the same variable.
    Var(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tautology {
    /// True under every assignment.
    Always,
    /// Some assignment makes it false.
    NotAlways,
    /// More than [`MAX_FREE_VARS`] free variables remain after folding (or the tree is
    /// deeper than any parsed tree can be).
    Unknown,
}

/// Decides whether `expr` is true under every assignment of its free variables.
///
/// `resolve(name)` gives each defined identifier's [`Atom`]; `None` makes the name a free
/// variable of its own (one per distinct name). Quantifiers expand over `idents`, the defined
/// search identifiers in definition order: `1 of`/`any of` to an OR and `all of` to an AND of
/// the matches. A quantifier matching no identifier is an error reported elsewhere; here it
/// becomes a fresh opaque variable, so it can never be what makes the verdict `Always` (as
/// `false` could under a `not`).
///
/// Constant folding runs first; then, with at most [`MAX_FREE_VARS`] distinct free variables
/// left, all assignments are checked, 64 at a time as bits of a `u64`, stopping at the first
/// falsifying one. Cost is at most 1024 passes over the folded formula.
pub fn is_tautology(
    expr: &Expr,
    idents: &[&str],
    resolve: &dyn Fn(&str) -> Option<Atom>,
) -> Tautology {
    decide(expr, false, idents, resolve)
}

/// [`is_tautology`] of `not expr`: `Always` when `expr` is false under every assignment.
/// Spares the caller a copy of the tree to wrap in [`Expr::Not`].
pub fn is_contradiction(
    expr: &Expr,
    idents: &[&str],
    resolve: &dyn Fn(&str) -> Option<Atom>,
) -> Tautology {
    decide(expr, true, idents, resolve)
}

/// Whether `expr` (or `not expr` if `negate`) is a tautology.
fn decide(
    expr: &Expr,
    negate: bool,
    idents: &[&str],
    resolve: &dyn Fn(&str) -> Option<Atom>,
) -> Tautology {
    let mut folder = Folder {
        idents,
        resolve,
        vars: foldhash::HashMap::default(),
        count: 0,
    };
    // The negation counts as one level of nesting, as an `Expr::Not` around `expr` would.
    let folded = if negate {
        folder.fold(expr, 1).map(Formula::not)
    } else {
        folder.fold(expr, 0)
    };
    let Some(formula) = folded else {
        return Tautology::Unknown;
    };
    let formula = match formula {
        Formula::Const(true) => return Tautology::Always,
        Formula::Const(false) => return Tautology::NotAlways,
        f => f,
    };
    // Renumber the variables that survived folding densely, in first-occurrence order.
    let mut dense: Vec<Option<usize>> = vec![None; folder.count];
    let mut n = 0;
    formula.visit_vars(&mut |v| {
        if let Some(slot) = dense.get_mut(v)
            && slot.is_none()
        {
            *slot = Some(n);
            n += 1;
        }
    });
    if n > MAX_FREE_VARS {
        return Tautology::Unknown;
    }
    let chunks = if n <= 6 { 1u64 } else { 1 << (n - 6) };
    let valid = if n >= 6 {
        u64::MAX
    } else {
        (1u64 << (1u32 << n)) - 1
    };
    for chunk in 0..chunks {
        if formula.eval(&dense, chunk) & valid != valid {
            return Tautology::NotAlways;
        }
    }
    Tautology::Always
}

#[derive(Debug, Clone, PartialEq)]
enum Formula {
    Const(bool),
    Var(usize),
    Not(Box<Formula>),
    And(Vec<Formula>),
    Or(Vec<Formula>),
}

/// Bit `k` of the mask is variable `v`'s value in assignment `chunk * 64 + k`.
fn var_mask(v: usize, chunk: u64) -> u64 {
    const LOW: [u64; 6] = [
        0xAAAA_AAAA_AAAA_AAAA,
        0xCCCC_CCCC_CCCC_CCCC,
        0xF0F0_F0F0_F0F0_F0F0,
        0xFF00_FF00_FF00_FF00,
        0xFFFF_0000_FFFF_0000,
        0xFFFF_FFFF_0000_0000,
    ];
    match LOW.get(v) {
        Some(&m) => m,
        None if (chunk >> (v - 6)) & 1 == 1 => u64::MAX,
        None => 0,
    }
}

impl Formula {
    /// Recursion depth is that of the source tree, which `fold` bounded.
    fn visit_vars(&self, f: &mut impl FnMut(usize)) {
        match self {
            Self::Const(_) => {}
            Self::Var(v) => f(*v),
            Self::Not(x) => x.visit_vars(f),
            Self::And(xs) | Self::Or(xs) => xs.iter().for_each(|x| x.visit_vars(f)),
        }
    }

    /// Values of the formula under the 64 assignments of `chunk`, one per bit.
    fn eval(&self, dense: &[Option<usize>], chunk: u64) -> u64 {
        match self {
            Self::Const(b) => {
                if *b {
                    u64::MAX
                } else {
                    0
                }
            }
            Self::Var(v) => dense
                .get(*v)
                .copied()
                .flatten()
                .map_or(0, |d| var_mask(d, chunk)),
            Self::Not(x) => !x.eval(dense, chunk),
            Self::And(xs) => {
                let mut acc = u64::MAX;
                for x in xs {
                    acc &= x.eval(dense, chunk);
                    if acc == 0 {
                        break;
                    }
                }
                acc
            }
            Self::Or(xs) => {
                let mut acc = 0;
                for x in xs {
                    acc |= x.eval(dense, chunk);
                    if acc == u64::MAX {
                        break;
                    }
                }
                acc
            }
        }
    }

    fn not(self) -> Self {
        match self {
            Self::Const(b) => Self::Const(!b),
            Self::Not(x) => *x,
            f => Self::Not(Box::new(f)),
        }
    }

    /// Folded n-ary AND (`conj == true`) or OR of `parts`, flattening nested ones.
    fn nary(conj: bool, parts: Vec<Self>) -> Self {
        let mut out = Vec::with_capacity(parts.len());
        for part in parts {
            match part {
                // The identity element drops out; the absorbing one decides.
                Self::Const(b) if b == conj => {}
                Self::Const(b) => return Self::Const(b),
                Self::And(inner) if conj => out.extend(inner),
                Self::Or(inner) if !conj => out.extend(inner),
                f => out.push(f),
            }
        }
        match out.len() {
            0 => Self::Const(conj),
            1 => out.pop().unwrap_or(Self::Const(conj)),
            _ if conj => Self::And(out),
            _ => Self::Or(out),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum VarKey<'n> {
    Caller(usize),
    Name(&'n str),
}

struct Folder<'r, 'n> {
    idents: &'n [&'n str],
    resolve: &'r dyn Fn(&str) -> Option<Atom>,
    vars: foldhash::HashMap<VarKey<'n>, usize>,
    count: usize,
}

impl<'n> Folder<'_, 'n> {
    fn fresh(&mut self) -> usize {
        self.count += 1;
        self.count - 1
    }

    fn atom(&mut self, name: &'n str) -> Formula {
        let key = match (self.resolve)(name) {
            Some(Atom::Const(b)) => return Formula::Const(b),
            Some(Atom::Var(v)) => VarKey::Caller(v),
            None => VarKey::Name(name),
        };
        let next = self.count;
        let v = *self.vars.entry(key).or_insert(next);
        if v == next {
            self.count += 1;
        }
        Formula::Var(v)
    }

    /// `None` when the tree is deeper than a parsed one can be.
    fn fold(&mut self, expr: &'n Expr, depth: usize) -> Option<Formula> {
        if depth > TREE_DEPTH_LIMIT {
            return None;
        }
        Some(match expr {
            Expr::Ident { name, .. } => self.atom(name),
            Expr::Group { expr, .. } => return self.fold(expr, depth + 1),
            Expr::Not { expr, .. } => self.fold(expr, depth + 1)?.not(),
            Expr::And { operands, .. } | Expr::Or { operands, .. } => {
                let mut parts = Vec::with_capacity(operands.len());
                for op in operands {
                    parts.push(self.fold(op, depth + 1)?);
                }
                Formula::nary(matches!(expr, Expr::And { .. }), parts)
            }
            Expr::Quantified {
                quantifier, target, ..
            } => {
                let idents: &'n [&'n str] = self.idents;
                let parts: Vec<Formula> = idents
                    .iter()
                    .filter(|i| target.matches(i))
                    .map(|i| self.atom(i))
                    .collect();
                if parts.is_empty() {
                    Formula::Var(self.fresh())
                } else {
                    Formula::nary(*quantifier == Quantifier::All, parts)
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::time::{Duration, Instant};

    /// A guard against runaway (exponential, quadratic) work, not a speed test: each timed part
    /// takes well under a second in a debug build, so a busy machine stays far below it.
    const HANG: Duration = Duration::from_secs(60);

    fn ok(text: &str) -> Condition {
        match parse(text) {
            Ok(c) => c,
            Err(e) => panic!("{text:?} failed: {e:?}"),
        }
    }

    fn err(text: &str) -> ParseError {
        match parse(text) {
            Ok(c) => panic!("{text:?} parsed: {c:?}"),
            Err(e) => e,
        }
    }

    /// Asserts the error's message and that its span covers `snippet` (or is `span`).
    fn assert_err(text: &str, message: &str, span: Span) {
        let e = err(text);
        assert_eq!(e.message, message, "{text:?}: {e:?}");
        assert_eq!(e.span, span, "{text:?}: {e:?}");
    }

    fn ident(name: &str, start: usize) -> Expr {
        Expr::Ident {
            name: name.into(),
            span: start..start + name.len(),
        }
    }

    fn pattern(quantifier: Quantifier, q_start: usize, pat: &str, p_start: usize) -> Expr {
        Expr::Quantified {
            quantifier,
            target: Target::Pattern {
                pattern: pat.into(),
                span: p_start..p_start + pat.len(),
            },
            span: q_start..p_start + pat.len(),
        }
    }

    #[test]
    fn single_identifier() {
        assert_eq!(
            ok("keywords"),
            Condition {
                expr: ident("keywords", 0),
                aggregation: None
            }
        );
        // Surrounding whitespace and newlines (block scalars) are fine; spans stay exact.
        assert_eq!(ok("  selection\n").expr, ident("selection", 2));
    }

    #[test]
    fn corpus_selection_and_filters() {
        let text = "1 of selection_* and not 1 of filter_main_*";
        let expected = Expr::And {
            operands: vec![
                pattern(Quantifier::One, 0, "selection_*", 5),
                Expr::Not {
                    expr: Box::new(pattern(Quantifier::One, 25, "filter_main_*", 30)),
                    span: 21..43,
                },
            ],
            span: 0..43,
        };
        assert_eq!(ok(text).expr, expected);
        assert_eq!(ok(text).expr.to_string(), text);
    }

    #[test]
    fn flattened_chain_with_two_filters() {
        let text = "selection and not 1 of filter_main_* and not 1 of filter_optional_*";
        let Expr::And { operands, span } = ok(text).expr else {
            panic!("not an And")
        };
        assert_eq!(span, 0..text.len());
        assert_eq!(operands.len(), 3);
        assert_eq!(operands[0], ident("selection", 0));
        assert!(matches!(&operands[2], Expr::Not { span, .. } if *span == (41..text.len())));
    }

    #[test]
    fn all_of_them_and_any_of() {
        assert_eq!(
            ok("all of them").expr,
            Expr::Quantified {
                quantifier: Quantifier::All,
                target: Target::Them { span: 7..11 },
                span: 0..11
            }
        );
        assert_eq!(
            ok("any of sel*").expr,
            pattern(Quantifier::Any, 0, "sel*", 7)
        );
        // No wildcard is still a pattern.
        assert_eq!(
            ok("1 of selection").expr,
            pattern(Quantifier::One, 0, "selection", 5)
        );
    }

    #[test]
    fn groups_and_precedence() {
        let text = "(a or b) and not c";
        let expected = Expr::And {
            operands: vec![
                Expr::Group {
                    expr: Box::new(Expr::Or {
                        operands: vec![ident("a", 1), ident("b", 6)],
                        span: 1..7,
                    }),
                    span: 0..8,
                },
                Expr::Not {
                    expr: Box::new(ident("c", 17)),
                    span: 13..18,
                },
            ],
            span: 0..18,
        };
        assert_eq!(ok(text).expr, expected);

        // `not` binds tighter than `and`, `and` tighter than `or`.
        assert_eq!(
            ok("not a and b or c").expr,
            Expr::Or {
                operands: vec![
                    Expr::And {
                        operands: vec![
                            Expr::Not {
                                expr: Box::new(ident("a", 4)),
                                span: 0..5
                            },
                            ident("b", 10)
                        ],
                        span: 0..11
                    },
                    ident("c", 15)
                ],
                span: 0..16
            }
        );
        // `of` binds tighter than `and`; a group is never flattened into its parent.
        assert_eq!(ok("1 of x* and y").expr.to_string(), "1 of x* and y");
        let Expr::And { operands, .. } = ok("(a and b) and c").expr else {
            panic!()
        };
        assert!(matches!(operands[0], Expr::Group { .. }));
        // Keywords need no surrounding spaces next to parentheses.
        assert_eq!(ok("not(a)or(b)").expr.to_string(), "not (a) or (b)");
    }

    #[test]
    fn multiline_corpus_condition() {
        let text = "selection_parent and\n(\n    1 of selection_generic_*\n    or\n    (selection_specific_sh and not filter_main_default_shell_flag)\n    or\n    (all of selection_specific_* and selection_generic_child_cli)\n)\n";
        let c = ok(text);
        assert_eq!(
            c.expr.to_string(),
            "selection_parent and (1 of selection_generic_* or (selection_specific_sh and not filter_main_default_shell_flag) or (all of selection_specific_* and selection_generic_child_cli))"
        );
        assert_eq!(c.expr.span(), 0..text.trim_end().len());
    }

    #[test]
    fn identifier_charset() {
        assert_eq!(
            ok("filter_main_mdadm.conf").expr,
            ident("filter_main_mdadm.conf", 0)
        );
        assert_eq!(ok("sel-1 or 2").expr.to_string(), "sel-1 or 2");
        // Contextual keywords are identifiers away from `of`.
        assert_eq!(
            ok("all and any and them").expr.to_string(),
            "all and any and them"
        );
        // Keyword prefixes inside words are just identifiers.
        assert_eq!(
            ok("notable and order").expr.to_string(),
            "notable and order"
        );
    }

    #[test]
    fn aggregation_split() {
        let text = "selection and not filter | count(TargetUserName) by IpAddress > 10  ";
        let c = ok(text);
        assert_eq!(c.expr.to_string(), "selection and not filter");
        assert_eq!(c.expr.span(), 0..24);
        let agg = c.aggregation.expect("aggregation");
        assert_eq!(agg.text, "count(TargetUserName) by IpAddress > 10");
        assert_eq!(agg.span, 25..text.trim_end().len());
        assert_eq!(
            &text[agg.span.clone()],
            "| count(TargetUserName) by IpAddress > 10"
        );

        let c = ok("( passwordchanged and not passwordchanged_filter ) | near samrpipe");
        assert_eq!(c.aggregation.expect("agg").text, "near samrpipe");
        let c = ok("selection_proctitle |near selection_syscall");
        assert_eq!(c.aggregation.expect("agg").text, "near selection_syscall");

        assert_err("selection |", "expected an aggregation after `|`", 10..11);
        assert_err("| count() > 5", "expected a condition before `|`", 0..1);
        assert_err(
            "(a | count()) > 5",
            "unexpected `|` inside parentheses",
            3..4,
        );
        assert_err("a || b", "unexpected `||`", 2..4);
        // A bad expression before the pipe is still reported.
        assert_err("a b | count() > 5", "expected `and` or `or`", 2..3);
    }

    #[test]
    fn error_spans() {
        assert_err("", "empty condition", 0..0);
        assert_err("   ", "empty condition", 0..0);
        assert_err("selection and (not filter", "unclosed parenthesis", 14..15);
        assert_err("((a)", "unclosed parenthesis", 0..1);
        assert_err("selection)", "unmatched `)`", 9..10);
        assert_err("(a))", "unmatched `)`", 3..4);
        assert_err(
            "selection and",
            "expected an identifier after `and`",
            10..13,
        );
        assert_err("a or ", "expected an identifier after `or`", 2..4);
        assert_err("a and not", "expected an identifier after `not`", 6..9);
        assert_err("a and (", "expected an identifier after `(`", 6..7);
        assert_err(
            "a and and b",
            "expected an identifier after `and`, found `and`",
            6..9,
        );
        assert_err("and a", "expected an identifier, found `and`", 0..3);
        assert_err(
            "a and )",
            "expected an identifier after `and`, found `)`",
            6..7,
        );
        assert_err("a and ()", "empty parentheses", 6..8);
        assert_err("sel1 sel2", "expected `and` or `or`", 5..9);
        assert_err("(sel1 sel2)", "expected `and`, `or` or `)`", 6..10);
        assert_err("a not b", "expected `and` or `or` before `not`", 2..5);
        assert_err("a (b)", "expected `and` or `or` before `(`", 2..3);
        assert_err("2 of sel*", "only `1 of` and `all of` are supported", 0..1);
        assert_err(
            "a and 10 of sel*",
            "only `1 of` and `all of` are supported",
            6..8,
        );
        assert_err(
            "1 of",
            "expected `them` or an identifier pattern after `of`",
            2..4,
        );
        assert_err(
            "1 of and b",
            "expected `them` or an identifier pattern after `of`, found `and`",
            5..8,
        );
        assert_err(
            "1 of (a)",
            "expected `them` or an identifier pattern after `of`, found `(`",
            5..6,
        );
        assert_err("of sel*", "`of` must follow `1`, `any` or `all`", 0..2);
        assert_err("sel of x", "`sel of` is not a quantifier", 0..3);
        assert_err("sel*", "wildcard in `sel*` outside a quantifier", 0..4);
        assert_err("a && b", "unexpected character `&`", 2..3);
        assert_err("!a", "unexpected character `!`", 0..1);
        // Multi-byte characters: the span covers the whole character.
        assert_err("sel and é", "unexpected character `é`", 8..10);
        assert_err("a\u{a0}and b", "unexpected character `\\u{a0}`", 1..3);
        assert_err("sel 💥", "unexpected character `💥`", 4..8);
    }

    #[test]
    fn error_helps() {
        assert_eq!(
            err("all sel*").help.as_deref(),
            Some("did you mean `all of sel*`?")
        );
        assert_eq!(
            err("a not b").help.as_deref(),
            Some("did you mean `and not`?")
        );
        assert!(err("a && b").help.expect("help").contains("`and`"));
    }

    #[test]
    fn keywords_are_lowercase() {
        assert_err("a AND b", "keyword `AND` must be lowercase", 2..5);
        assert_err("NOT a", "keyword `NOT` must be lowercase", 0..3);
        assert_err("a Or b", "keyword `Or` must be lowercase", 2..4);
        assert_err("ALL of x*", "keyword `ALL` must be lowercase", 0..3);
        assert_err("1 OF x*", "keyword `OF` must be lowercase", 2..4);
        assert_err("1 of THEM", "keyword `THEM` must be lowercase", 5..9);
        let e = err("a AND b");
        assert!(e.help.expect("help").contains("write `and`"));
        // The first problem in reading order wins over a later lexical error.
        assert_err("a b AND c", "expected `and` or `or`", 2..3);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let n = 10_000;
        let text = format!("{}a{}", "(".repeat(n), ")".repeat(n));
        let t = Instant::now();
        let e = err(&text);
        assert_eq!(e.message, "condition nested too deeply");
        assert_eq!(e.span, MAX_DEPTH..MAX_DEPTH + 1);
        let text = "not ".repeat(n) + "a";
        assert_eq!(err(&text).message, "condition nested too deeply");
        let text = "(not ".repeat(n) + "a";
        assert_eq!(err(&text).message, "condition nested too deeply");
        assert!(t.elapsed() < HANG, "{:?}", t.elapsed());

        // Exactly at the limit is fine, and consumers stay within bounds.
        let half = MAX_DEPTH / 2;
        let text = format!("{}a{}", "(not ".repeat(half), ")".repeat(half));
        let c = ok(&text);
        let mut count = 0;
        walk(&c.expr, &mut |_| count += 1);
        assert_eq!(count, 1);
        let is_even = |_: &str| Some(Atom::Const(true));
        assert_eq!(is_tautology(&c.expr, &["a"], &is_even), Tautology::Always);
        let text = format!("{}a{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        assert!(parse(&text).is_ok());
        let text = format!(
            "{}a{}",
            "(".repeat(MAX_DEPTH + 1),
            ")".repeat(MAX_DEPTH + 1)
        );
        assert!(parse(&text).is_err());
    }

    #[test]
    fn wide_conditions_are_flat_and_fast() {
        let n = 10_000;
        let names: Vec<String> = (0..n).map(|i| format!("sel{i}")).collect();
        let t = Instant::now();
        let text = names.join(" and ");
        let c = ok(&text);
        let Expr::And { operands, .. } = &c.expr else {
            panic!()
        };
        assert_eq!(operands.len(), n);
        let mut seen = Vec::new();
        walk(&c.expr, &mut |e| {
            if let Expr::Ident { name, .. } = e {
                seen.push(name.as_str());
            }
        });
        assert_eq!(seen, names);
        let idents: Vec<&str> = names.iter().map(String::as_str).collect();
        let free = |_: &str| None;
        assert_eq!(is_tautology(&c.expr, &idents, &free), Tautology::Unknown);

        // Mixed `or`/`and` chains: n-ary at every level.
        let text = names
            .chunks(2)
            .map(|p| p.join(" and "))
            .collect::<Vec<_>>()
            .join(" or ");
        let Expr::Or { operands, .. } = ok(&text).expr else {
            panic!()
        };
        assert_eq!(operands.len(), n / 2);
        assert!(
            operands
                .iter()
                .all(|o| matches!(o, Expr::And { operands, .. } if operands.len() == 2))
        );
        assert!(t.elapsed() < HANG, "{:?}", t.elapsed());
    }

    #[test]
    fn tautology_enumeration_is_bounded_on_wide_input() {
        // 16 free variables, ~10,000 identifiers, a tautology: the worst case (all 2^16
        // assignments checked).
        let text = (0..5_000)
            .map(|i| format!("(v{} or not v{})", i % 16, i % 16))
            .collect::<Vec<_>>()
            .join(" and ");
        let c = ok(&text);
        let resolve = |name: &str| name[1..].parse().ok().map(Atom::Var);
        let t = Instant::now();
        assert_eq!(is_tautology(&c.expr, &[], &resolve), Tautology::Always);
        assert!(t.elapsed() < HANG, "{:?}", t.elapsed());
    }

    #[test]
    fn target_matching() {
        let them = Target::Them { span: 0..0 };
        assert!(them.matches("selection"));
        assert!(!them.matches("_helper"));
        let pat = |p: &str| Target::Pattern {
            pattern: p.into(),
            span: 0..0,
        };
        assert!(pat("selection_*").matches("selection_img"));
        assert!(pat("selection_*").matches("selection_"));
        assert!(!pat("selection_*").matches("selection"));
        assert!(pat("selection").matches("selection"));
        assert!(!pat("selection").matches("selection_2"));
        assert!(pat("*_cli_*").matches("selection_cli_1"));
        assert!(pat("a*b*c").matches("aXXbYYc"));
        assert!(!pat("a*b*c").matches("aXXbYY"));
        assert!(pat("*").matches("x"));
        assert!(!pat("*").matches("_x"));
        assert!(!pat("_x*").matches("_x1"));
        assert!(!pat("Sel*").matches("sel1"));
        assert!(pat("s**l").matches("sl"));
        assert!(pat("é*").matches("éa"));
        assert!(glob_match("_x*", "_x1"));
        assert!(glob_match("", ""));
        assert!(!glob_match("", "a"));
        // Pathological backtracking stays fast.
        let long = "a".repeat(5_000);
        let p = "*a".repeat(50) + "b";
        let t = Instant::now();
        assert!(!glob_match(&p, &long));
        assert!(t.elapsed() < HANG, "{:?}", t.elapsed());
    }

    fn taut(text: &str, idents: &[&str], atoms: &[(&str, Atom)]) -> Tautology {
        let atoms: HashMap<String, Atom> =
            atoms.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect();
        is_tautology(&ok(text).expr, idents, &|n| atoms.get(n).copied())
    }

    #[test]
    fn tautologies() {
        use Atom::{Const, Var};
        use Tautology::{Always, NotAlways, Unknown};
        assert_eq!(
            taut("selection", &["selection"], &[("selection", Const(true))]),
            Always
        );
        assert_eq!(
            taut("selection", &["selection"], &[("selection", Var(0))]),
            NotAlways
        );
        assert_eq!(
            taut(
                "sel and not filter",
                &["sel", "filter"],
                &[("sel", Const(true)), ("filter", Var(0))]
            ),
            NotAlways
        );
        assert_eq!(taut("sel or not sel", &["sel"], &[("sel", Var(7))]), Always);
        // Unknown names are free variables, one per name.
        assert_eq!(taut("x or not x", &[], &[]), Always);
        assert_eq!(taut("x or not y", &[], &[]), NotAlways);
        // Identifiers sharing a caller variable are the same variable.
        assert_eq!(
            taut("a or not b", &["a", "b"], &[("a", Var(3)), ("b", Var(3))]),
            Always
        );
        assert_eq!(
            taut(
                "1 of sel*",
                &["sel1", "sel2"],
                &[("sel1", Const(true)), ("sel2", Var(0))]
            ),
            Always
        );
        assert_eq!(
            taut(
                "all of sel*",
                &["sel1", "sel2"],
                &[("sel1", Const(true)), ("sel2", Var(0))]
            ),
            NotAlways
        );
        assert_eq!(
            taut(
                "all of sel*",
                &["sel1", "sel2"],
                &[("sel1", Const(true)), ("sel2", Const(true))]
            ),
            Always
        );
        assert_eq!(
            taut(
                "1 of them",
                &["_x", "a"],
                &[("_x", Const(true)), ("a", Var(0))]
            ),
            NotAlways
        );
        // A pattern matching nothing never yields `Always`, even negated.
        assert_eq!(
            taut("not 1 of filter_*", &["sel"], &[("sel", Var(0))]),
            NotAlways
        );
        assert_eq!(taut("not all of filter_*", &["sel"], &[]), NotAlways);
        assert_eq!(
            taut(
                "sel and not 1 of filter_*",
                &["sel"],
                &[("sel", Const(true))]
            ),
            NotAlways
        );
        // ... but it does not block a verdict decided by the rest.
        assert_eq!(
            taut("sel or 1 of filter_*", &["sel"], &[("sel", Const(true))]),
            Always
        );
        // Constant false is never a tautology; `not false` is.
        assert_eq!(taut("a", &["a"], &[("a", Const(false))]), NotAlways);
        assert_eq!(
            taut("not (a and b)", &["a", "b"], &[("a", Const(false))]),
            Always
        );

        // 20 free variables: undecidable within the budget ...
        let names: Vec<String> = (0..20).map(|i| format!("s{i}")).collect();
        let idents: Vec<&str> = names.iter().map(String::as_str).collect();
        let atoms: Vec<(&str, Atom)> = idents
            .iter()
            .enumerate()
            .map(|(i, n)| (*n, Var(i)))
            .collect();
        assert_eq!(taut(&names.join(" or "), &idents, &atoms), Unknown);
        // ... unless folding decides it.
        let mut folded = atoms.clone();
        folded[19].1 = Const(true);
        assert_eq!(taut(&names.join(" or "), &idents, &folded), Always);
        folded[19].1 = Const(false);
        assert_eq!(taut(&names.join(" and "), &idents, &folded), NotAlways);
        // 16 is still enumerated (checked both ways).
        let sixteen = names[..16].join(" or ");
        assert_eq!(taut(&sixteen, &idents, &atoms), NotAlways);
        assert_eq!(
            taut(&format!("{sixteen} or not s0"), &idents, &atoms),
            Always
        );
        // A falsifying assignment only in the last chunk of 64.
        let all_but = format!("not ({})", names[..16].join(" and "));
        assert_eq!(taut(&all_but, &idents, &atoms), NotAlways);
        // Few variables: masks of invalid high bits must not leak.
        assert_eq!(taut("a and not a", &["a"], &[("a", Var(0))]), NotAlways);
        assert_eq!(taut("not (a and not a)", &["a"], &[("a", Var(0))]), Always);
        assert_eq!(
            taut(
                "(a or b) or (not a and not b)",
                &["a", "b"],
                &[("a", Var(0)), ("b", Var(1))]
            ),
            Always
        );
    }

    #[test]
    fn hand_built_deep_tree_is_bounded() {
        let mut e = ident("a", 0);
        for _ in 0..5_000 {
            e = Expr::Not {
                expr: Box::new(e),
                span: 0..1,
            };
        }
        assert_eq!(is_tautology(&e, &[], &|_| None), Tautology::Unknown);
        let mut n = 0;
        walk_all(&e, &mut |_| n += 1);
        assert_eq!(n, 5_001);
        // Drop iteratively-ish: unwrap the chain so the test thread's stack stays shallow.
        while let Expr::Not { expr, .. } = e {
            e = *expr;
        }
    }

    /// Every span of a parsed tree lies on char boundaries inside the text and nests.
    fn check_spans(text: &str, e: &Expr) {
        walk_all(e, &mut |n| {
            let s = n.span();
            assert!(text.get(s.clone()).is_some(), "{text:?} {s:?}");
            let children: Vec<&Expr> = match n {
                Expr::Not { expr, .. } | Expr::Group { expr, .. } => vec![expr],
                Expr::And { operands, .. } | Expr::Or { operands, .. } => operands.iter().collect(),
                Expr::Quantified { target, .. } => {
                    assert!(s.start <= target.span().start && target.span().end == s.end);
                    vec![]
                }
                Expr::Ident { .. } => vec![],
            };
            for c in children {
                assert!(s.start <= c.span().start && c.span().end <= s.end);
            }
        });
    }

    fn no_panic(text: &str) {
        match parse(text) {
            Ok(c) => {
                check_spans(text, &c.expr);
                // Re-rendering parses to the same shape.
                let again = ok(&c.expr.to_string());
                assert_eq!(again.expr.to_string(), c.expr.to_string());
                let idents = ["selection", "filter_main_a", "_x", "a"];
                let _ = is_tautology(&c.expr, &idents, &|n| {
                    (n.len() % 3 == 0).then_some(Atom::Const(n.len() % 2 == 0))
                });
            }
            Err(e) => {
                assert!(text.get(e.span.clone()).is_some(), "{text:?} {e:?}");
                assert!(!e.message.is_empty());
            }
        }
    }

    #[test]
    fn prefixes_and_mutations_never_panic() {
        let seeds = [
            "1 of selection_* and not 1 of filter_main_*",
            "(a or b) and not (c or all of them) | count() by x > 5",
            "sel1 and (any of x* or not (é and y))",
        ];
        for seed in seeds {
            for i in 0..=seed.len() {
                if let Some(prefix) = seed.get(..i) {
                    no_panic(prefix);
                }
            }
            let bytes = seed.as_bytes();
            for i in 0..bytes.len() {
                for b in 0..=255u8 {
                    let mut m = bytes.to_vec();
                    m[i] = b;
                    no_panic(&String::from_utf8_lossy(&m));
                    m.remove(i);
                    if b == 0 {
                        no_panic(&String::from_utf8_lossy(&m));
                    }
                }
            }
        }
    }
}
