//! SC1xx: the document against sigscope's own JSON Schemas for Sigma v2.1 (`schema/*.json`,
//! embedded), with every error mapped back to the span of the offending key or value and
//! explained in words.

pub mod invalid_enum_value;
pub mod invalid_format;
pub mod invalid_length;
pub mod missing_required_key;
pub mod schema_violation;
pub mod unknown_key;
pub mod wrong_type;

use std::borrow::Cow;
use std::sync::{LazyLock, OnceLock};

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::json::{Json, NodeIdentity};
use jsonschema::paths::LocationSegment;
use jsonschema::types::JsonType;
use jsonschema::{ValidationError, Validator};
use serde_json::Value;

use crate::diagnostics::{Diagnostic, Fix, did_you_mean};
use crate::lint::Lint;
use crate::sigma::Kind;
use crate::yaml::{Node, NodeKind, Resolved, Seg};
use invalid_enum_value::INVALID_ENUM_VALUE;
use invalid_format::INVALID_FORMAT;
use invalid_length::INVALID_LENGTH;
use missing_required_key::MISSING_REQUIRED_KEY;
use schema_violation::SCHEMA_VIOLATION;
use unknown_key::UNKNOWN_KEY;
use wrong_type::WRONG_TYPE;

pub static LINTS: &[&Lint] = &[
    &schema_violation::SCHEMA_VIOLATION,
    &missing_required_key::MISSING_REQUIRED_KEY,
    &wrong_type::WRONG_TYPE,
    &invalid_enum_value::INVALID_ENUM_VALUE,
    &invalid_format::INVALID_FORMAT,
    &invalid_length::INVALID_LENGTH,
    &unknown_key::UNKNOWN_KEY,
];

pub const DETECTION_SCHEMA: &str = include_str!("../../../schema/sigma-detection-rule.schema.json");
pub const CORRELATION_SCHEMA: &str =
    include_str!("../../../schema/sigma-correlation-rule.schema.json");
pub const FILTER_SCHEMA: &str = include_str!("../../../schema/sigma-filter-rule.schema.json");

struct Compiled {
    schema: Value,
    /// Decides on the YAML tree itself ([`Tree`]): a valid document, most of them, costs no
    /// JSON copy.
    tree: Validator<Tree>,
    /// The same schema over `serde_json` values, to explain a failing document (its errors
    /// are what the diagnostics were written against); built on first need.
    json: OnceLock<Validator>,
}

impl Compiled {
    fn json(&self) -> &Validator {
        self.json.get_or_init(|| {
            jsonschema::options()
                .should_validate_formats(true)
                .build(&self.schema)
                .expect("embedded schema compiles")
        })
    }
}

fn compile(text: &str) -> Compiled {
    // The schemas are part of the binary and covered by tests; failing here is a build defect.
    let schema: Value = serde_json::from_str(text).expect("embedded schema is valid JSON");
    // `build` first validates the schema it is given against its draft's meta-schema, and
    // building the 2020-12 meta-schema's validator is most of the cost of a one-file check's
    // set-up. So the tree validator is built from a draft-4 `$ref` to our schema, registered
    // as a resource: the referenced schema keeps its own draft (2020-12, from its `$schema`),
    // and only the one-keyword root is checked, against draft 4's small meta-schema. Our
    // schema itself is checked against 2020-12 when the `json` validator is built (the tests
    // build it).
    let tree = {
        let id = schema["$id"].as_str().expect("embedded schema has an $id");
        let registry = jsonschema::Registry::new()
            .add(id, &schema)
            .and_then(jsonschema::RegistryBuilder::prepare)
            .expect("embedded schema registers");
        jsonschema::options_for::<Tree>()
            .with_draft(jsonschema::Draft::Draft4)
            .with_registry(&registry)
            .should_validate_formats(true)
            .build(&serde_json::json!({ "$ref": id }))
            .expect("embedded schema compiles")
    };
    Compiled {
        schema,
        tree,
        json: OnceLock::new(),
    }
}

static DETECTION: LazyLock<Compiled> = LazyLock::new(|| compile(DETECTION_SCHEMA));
static CORRELATION: LazyLock<Compiled> = LazyLock::new(|| compile(CORRELATION_SCHEMA));
static FILTER: LazyLock<Compiled> = LazyLock::new(|| compile(FILTER_SCHEMA));

fn compiled(kind: Kind) -> &'static Compiled {
    match kind {
        Kind::Detection => &DETECTION,
        Kind::Correlation => &CORRELATION,
        Kind::Filter => &FILTER,
    }
}

/// Builds the detection-rule validator now (it is otherwise built on first use, by the first
/// worker to need it, while the others wait): `check` starts it on a thread of its own.
pub fn warm_up() {
    LazyLock::force(&DETECTION);
}

/// Validates one document and returns its schema diagnostics, in document order.
pub fn check(text: &str, root: &Node, kind: Kind, out: &mut Vec<Diagnostic>) {
    let c = compiled(kind);
    // Most documents are valid: the short-circuiting check on the tree allocates nothing.
    if c.tree.is_valid(TreeNode::Node(root)) {
        return;
    }
    let json = root.to_json();
    let start = out.len();
    for err in c.json().iter_errors(&json) {
        explain(text, root, &c.schema, &err, out);
    }
    out[start..].sort_by_key(|d| d.span.start);
    dedup_same_place(out, start);
}

// ---------------------------------------------------------------------------------------------
// The YAML tree as a JSON representation of the validator
// ---------------------------------------------------------------------------------------------

/// The YAML tree read as the JSON [`Node::to_json`] makes of it, for [`jsonschema`]'s
/// validator: the same values, types and keys, borrowed instead of copied. Only the order of
/// mapping keys differs (document order; `to_json` sorts them), which no validity depends on.
struct Tree;

/// A node of [`Tree`].
#[derive(Debug, Clone, Copy)]
enum TreeNode<'a> {
    Node(&'a Node),
    /// A property name the validator checks as a string (`propertyNames`).
    Name(&'a str),
}

/// A mapping of [`Tree`].
#[derive(Debug, Clone, Copy)]
struct TreeObject<'a>(&'a [crate::yaml::Entry]);

/// The key `to_json` gives a mapping entry whose key is not a scalar.
const COMPLEX_KEY: &str = "<complex key>";

fn member_name(e: &crate::yaml::Entry) -> &str {
    e.key.as_scalar().map_or(COMPLEX_KEY, |s| s.value.as_str())
}

impl Json for Tree {
    type Node<'a> = TreeNode<'a>;
    type PreparedKey = Box<str>;
    type StringBuffer = ();
    const ACYCLIC: bool = true;

    fn prepare_key(key: &str) -> Box<str> {
        key.into()
    }

    fn with_string_node<T>((): &mut (), string: &str, f: impl FnOnce(TreeNode<'_>) -> T) -> T {
        f(TreeNode::Name(string))
    }
}

impl<'a> TreeNode<'a> {
    /// The string this node is in `to_json`: a string scalar, or a float JSON cannot hold
    /// (`.inf`, `.nan`), which `to_json` keeps as its text.
    fn string(self) -> Option<&'a str> {
        match self {
            TreeNode::Name(s) => Some(s),
            TreeNode::Node(n) => match &n.kind {
                NodeKind::Scalar(s) => match s.resolved {
                    Resolved::String => Some(&s.value),
                    Resolved::Float(f) if !f.is_finite() => Some(&s.value),
                    _ => None,
                },
                _ => None,
            },
        }
    }

    fn scalar(self) -> Option<&'a crate::yaml::Scalar> {
        match self {
            TreeNode::Node(n) => n.as_scalar(),
            TreeNode::Name(_) => None,
        }
    }
}

impl<'a> jsonschema::json::Node<'a, Tree> for TreeNode<'a> {
    type Object = TreeObject<'a>;
    type Array = &'a [Node];
    type Number = serde_json::Number;

    fn as_object(&self) -> Option<TreeObject<'a>> {
        match self {
            TreeNode::Node(n) => n.as_mapping().map(TreeObject),
            TreeNode::Name(_) => None,
        }
    }

    fn as_array(&self) -> Option<&'a [Node]> {
        match self {
            TreeNode::Node(n) => n.as_sequence(),
            TreeNode::Name(_) => None,
        }
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        self.string().map(Cow::Borrowed)
    }

    fn as_number(&self) -> Option<serde_json::Number> {
        match self.scalar()?.resolved {
            Resolved::Int(i) => Some(i.into()),
            Resolved::Float(f) => serde_json::Number::from_f64(f),
            _ => None,
        }
    }

    fn as_boolean(&self) -> Option<bool> {
        match self.scalar()?.resolved {
            Resolved::Bool(b) => Some(b),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        self.scalar().is_some_and(|s| s.resolved == Resolved::Null)
    }

    fn json_type(&self) -> JsonType {
        let n = match self {
            TreeNode::Name(_) => return JsonType::String,
            TreeNode::Node(n) => n,
        };
        match &n.kind {
            NodeKind::Mapping(_) => JsonType::Object,
            NodeKind::Sequence(_) => JsonType::Array,
            NodeKind::Scalar(s) => match s.resolved {
                Resolved::Null => JsonType::Null,
                Resolved::Bool(_) => JsonType::Boolean,
                Resolved::Int(_) => JsonType::Number,
                Resolved::Float(f) if f.is_finite() => JsonType::Number,
                Resolved::Float(_) | Resolved::String => JsonType::String,
            },
        }
    }

    fn string_length_within(&self, min: u64, max: u64) -> Option<bool> {
        let s = self.string()?;
        // A code point takes one to four bytes: the byte length often decides.
        let bytes = s.len() as u64;
        let fewest = bytes.div_ceil(4);
        if bytes < min || fewest > max {
            return Some(false);
        }
        if min <= fewest && bytes <= max {
            return Some(true);
        }
        Some((min..=max).contains(&(s.chars().count() as u64)))
    }

    fn equals_value(&self, expected: &Value) -> bool {
        match self.string() {
            Some(s) => expected.as_str() == Some(s),
            None => jsonschema::json::cmp::equal(&self.to_value(), expected),
        }
    }

    fn to_value(&self) -> Cow<'a, Value> {
        Cow::Owned(match self {
            TreeNode::Node(n) => n.to_json(),
            TreeNode::Name(s) => Value::String((*s).to_owned()),
        })
    }

    fn identity(&self) -> Option<NodeIdentity> {
        match self {
            TreeNode::Node(n) => Some(NodeIdentity::new(std::ptr::from_ref::<Node>(n) as usize)),
            TreeNode::Name(_) => None,
        }
    }
}

impl<'a> jsonschema::json::Object<'a, Tree> for TreeObject<'a> {
    type Node = TreeNode<'a>;
    type MemberName = &'a str;
    type MembersIter = TreeMembers<'a>;

    /// Keys are unique (the parser refuses a repeated scalar key), except that `to_json` names
    /// every complex key alike and keeps one of them.
    fn len(&self) -> usize {
        let named_alike = self
            .0
            .iter()
            .filter(|e| member_name(e) == COMPLEX_KEY)
            .count();
        self.0.len() - named_alike.saturating_sub(1)
    }

    /// The last entry of that name, as in `to_json`.
    fn get(&self, key: &Box<str>) -> Option<TreeNode<'a>> {
        self.0
            .iter()
            .rev()
            .find(|e| member_name(e) == &**key)
            .map(|e| TreeNode::Node(&e.value))
    }

    fn members(&self) -> TreeMembers<'a> {
        let last_complex = self.0.iter().rposition(|e| member_name(e) == COMPLEX_KEY);
        TreeMembers {
            entries: self.0.iter().enumerate(),
            last_complex,
        }
    }
}

/// The members of a [`TreeObject`] in document order, each name once (its last entry).
#[derive(Debug)]
struct TreeMembers<'a> {
    entries: std::iter::Enumerate<std::slice::Iter<'a, crate::yaml::Entry>>,
    /// Index of the last entry named [`COMPLEX_KEY`], the only one of them `to_json` keeps
    /// (found once, so a hostile file of many complex keys stays linear).
    last_complex: Option<usize>,
}

impl<'a> Iterator for TreeMembers<'a> {
    type Item = (&'a str, TreeNode<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let (i, e) = self.entries.next()?;
            let name = member_name(e);
            if name == COMPLEX_KEY && Some(i) != self.last_complex {
                continue;
            }
            return Some((name, TreeNode::Node(&e.value)));
        }
    }
}

impl<'a> jsonschema::json::Array<'a, Tree> for &'a [Node] {
    type Node = TreeNode<'a>;
    type ElementsIter = std::iter::Map<std::slice::Iter<'a, Node>, fn(&'a Node) -> TreeNode<'a>>;

    fn len(&self) -> usize {
        <[Node]>::len(self)
    }

    fn elements(&self) -> Self::ElementsIter {
        self.iter().map(TreeNode::Node)
    }

    /// `uniqueItems` of a list of strings (tags, references) compares them without JSON copies.
    fn is_unique(&self) -> bool {
        let strings: Option<Vec<&str>> = self.iter().map(|n| TreeNode::Node(n).string()).collect();
        match strings {
            Some(mut strings) => {
                strings.sort_unstable();
                strings.windows(2).all(|w| w[0] != w[1])
            }
            None => {
                let values: Vec<Value> = self.iter().map(Node::to_json).collect();
                jsonschema::json::unique::is_unique(&values)
            }
        }
    }
}

/// Two schema errors on the same span (a `oneOf` branch and its parent) say the same thing twice.
fn dedup_same_place(out: &mut Vec<Diagnostic>, start: usize) {
    let mut seen = std::collections::HashSet::new();
    let mut i = start;
    while i < out.len() {
        if seen.insert((out[i].span.clone(), out[i].lint.code)) {
            i += 1;
        } else {
            out.remove(i);
        }
    }
}

type Path = Vec<Seg<String>>;

fn path_of(err: &ValidationError<'_>) -> Path {
    err.instance_path()
        .segments()
        .map(|s| match s {
            LocationSegment::Property(p) => Seg::Key(p.into_owned()),
            LocationSegment::Index(i) => Seg::Index(i),
        })
        .collect()
}

/// The name to use for the value at `path` in messages: the nearest key (`related[0].type` → `type`).
fn field_name(path: &Path) -> Option<&str> {
    path.iter().rev().find_map(|s| match s {
        Seg::Key(k) => Some(k.as_str()),
        Seg::Index(_) => None,
    })
}

/// Dotted display of a path: `related[0].type`.
fn dotted(path: &Path) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Seg::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

fn explain(
    text: &str,
    root: &Node,
    schema: &Value,
    err: &ValidationError<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let path = path_of(err);
    let Some((key, node)) = root.pointer(path.iter().cloned()) else {
        return;
    };
    let value_span = node.span.clone();
    let key_or_value = key.map_or_else(|| value_span.clone(), |k| k.span.clone());
    let name = field_name(&path).unwrap_or("document");
    let shown = || show(node, text);
    let d = |lint: &'static Lint, span: std::ops::Range<usize>, msg: String| {
        Diagnostic::new(lint, span, msg)
    };
    let diag = match err.kind() {
        ValidationErrorKind::Required { property } => {
            let prop = property.as_str().unwrap_or("?");
            // Label the parent's key; a missing top-level key is reported at the first key.
            // A list item has no key: label its first key (the whole item may be long).
            let first_key = |n: &Node| {
                n.as_mapping()
                    .and_then(|m| m.first())
                    .map(|e| e.key.span.clone())
            };
            let span = match key {
                Some(k) => k.span.clone(),
                None => first_key(node).unwrap_or_else(|| node.span.clone()),
            };
            let whose = if path.is_empty() {
                String::new()
            } else {
                format!(" in `{}`", dotted(&path))
            };
            d(
                &MISSING_REQUIRED_KEY,
                span,
                format!("missing required key `{prop}`{whose}"),
            )
            .with_help(format!(
                "add `{prop}:`; the Sigma specification requires it"
            ))
        }
        ValidationErrorKind::Type { kind } => {
            let want = type_words(kind);
            let diag = d(
                &WRONG_TYPE,
                value_span,
                format!(
                    "`{}` must be {want}, found {}",
                    dotted(&path),
                    node.type_name()
                ),
            );
            if want.starts_with("a list") && node.as_scalar().is_some() && !node.is_null() {
                diag.with_help(format!(
                    "make it a list item: `{name}:` then `  - {}` on the next line",
                    node.as_str().unwrap_or_default()
                ))
            } else {
                diag
            }
        }
        // A list or mapping where a keyword is expected: the type error says so, once.
        ValidationErrorKind::Enum { .. } | ValidationErrorKind::Constant { .. }
            if node.as_scalar().is_none() =>
        {
            return;
        }
        ValidationErrorKind::Enum { options } => {
            enum_diag(name, &path, node, text, value_span, options.as_array())
        }
        ValidationErrorKind::Constant { expected_value } => enum_diag(
            name,
            &path,
            node,
            text,
            value_span,
            Some(&vec![(**expected_value).clone()]),
        ),
        ValidationErrorKind::Format { format } => {
            format_diag(text, name, &path, node, format, value_span)
        }
        ValidationErrorKind::Pattern { pattern } => {
            pattern_diag(text, name, &path, node, pattern, value_span)
        }
        ValidationErrorKind::MaxLength { limit } => d(
            &INVALID_LENGTH,
            value_span,
            format!(
                "`{}` is {} characters long; at most {limit} are allowed",
                dotted(&path),
                node.as_str().map_or(0, |s| s.chars().count())
            ),
        ),
        ValidationErrorKind::MinLength { limit } => d(
            &INVALID_LENGTH,
            value_span,
            format!(
                "`{}` must be at least {limit} character{} long",
                dotted(&path),
                plural(*limit)
            ),
        ),
        ValidationErrorKind::MinItems { limit } => d(
            &INVALID_LENGTH,
            // An empty `[]` is short enough to underline; a long list is labelled by its key.
            if node.as_sequence().is_some_and(<[Node]>::is_empty) {
                value_span
            } else {
                key_or_value
            },
            format!(
                "`{}` must have at least {limit} item{}",
                dotted(&path),
                plural(*limit)
            ),
        ),
        ValidationErrorKind::MaxItems { limit } => d(
            &INVALID_LENGTH,
            key_or_value,
            format!(
                "`{}` must have at most {limit} item{}",
                dotted(&path),
                plural(*limit)
            ),
        ),
        ValidationErrorKind::MinProperties { limit } => d(
            &INVALID_LENGTH,
            key_or_value,
            format!(
                "`{}` must have at least {limit} key{}",
                dotted(&path),
                plural(*limit)
            ),
        ),
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            let allowed = allowed_properties(schema, err);
            for k in unexpected {
                let span = node
                    .entry(k)
                    .map_or(value_span.clone(), |e| e.key.span.clone());
                let whose = if path.is_empty() {
                    String::from("at the top level")
                } else {
                    format!("in `{}`", dotted(&path))
                };
                let mut diag = d(&UNKNOWN_KEY, span, format!("unknown key `{k}` {whose}"));
                if let Some(s) = did_you_mean(k, allowed.iter().map(String::as_str)) {
                    diag = diag.with_help(format!("did you mean `{s}`?"));
                } else if !allowed.is_empty() {
                    diag = diag.with_help(format!("allowed keys: {}", allowed.join(", ")));
                }
                out.push(diag);
            }
            return;
        }
        ValidationErrorKind::UniqueItems => {
            // Duplicate tags have their own lint (SC508) with the place of each copy.
            if matches!(path.first(), Some(Seg::Key(k)) if k == "tags") && path.len() == 1 {
                return;
            }
            let items = node.as_sequence().unwrap_or_default();
            let mut seen: Vec<&Node> = Vec::new();
            for (i, item) in items.iter().enumerate() {
                if let Some(first) = seen.iter().find(|s| s.to_json() == item.to_json()) {
                    let fix = crate::lints::edit::remove_item(text, node, i)
                        .map(|e| Fix::safe("remove the repeated item", vec![e]));
                    out.push(
                        d(
                            &SCHEMA_VIOLATION,
                            item.span.clone(),
                            format!("`{}` lists {} twice", dotted(&path), show(item, text)),
                        )
                        .with_secondary(first.span.clone(), "first listed here")
                        .with_help("remove the repeated item")
                        .with_fix(fix),
                    );
                } else {
                    seen.push(item);
                }
            }
            return;
        }
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            // Explain the branch that came closest: the one with the fewest errors.
            if let Some(best) = context
                .iter()
                .filter(|b| !b.is_empty())
                .min_by_key(|b| b.len())
            {
                for e in best {
                    explain(text, root, schema, e, out);
                }
                return;
            }
            d(
                &SCHEMA_VIOLATION,
                value_span,
                format!("`{}` has an invalid value {}", dotted(&path), shown()),
            )
        }
        _ => d(
            &SCHEMA_VIOLATION,
            value_span,
            format!("`{}` is invalid: {err}", dotted(&path)),
        ),
    };
    out.push(diag);
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn show(node: &Node, text: &str) -> String {
    match node.as_str() {
        Some(s) => format!("`{s}`"),
        None => {
            let raw = text.get(node.span.clone()).unwrap_or_default();
            let first = raw.lines().next().unwrap_or_default();
            format!("`{first}`")
        }
    }
}

fn type_words(kind: &TypeKind) -> String {
    fn one(t: &str) -> &'static str {
        match t {
            "array" => "a list",
            "object" => "a mapping",
            "string" => "a string",
            "integer" => "an integer",
            "number" => "a number",
            "boolean" => "a boolean",
            "null" => "null",
            _ => "another type",
        }
    }
    match kind {
        TypeKind::Single(t) => one(&t.to_string()).to_owned(),
        TypeKind::Multiple(set) => {
            let words: Vec<&str> = set.iter().map(|t| one(&t.to_string())).collect();
            words.join(" or ")
        }
    }
}

fn enum_diag(
    name: &str,
    path: &Path,
    node: &Node,
    text: &str,
    span: std::ops::Range<usize>,
    options: Option<&Vec<Value>>,
) -> Diagnostic {
    let options: Vec<String> = options
        .map(|o| {
            o.iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let value = node
        .as_str()
        .map_or_else(|| show(node, text), str::to_owned);
    let suggestion = did_you_mean(&value, options.iter().map(String::as_str));
    let what = if matches!(path.last(), Some(Seg::Index(_))) {
        format!("{name} value")
    } else {
        name.to_owned()
    };
    let mut msg = format!(
        "unknown {what} `{value}`; expected one of {}",
        options.join(", ")
    );
    if let Some(s) = suggestion {
        msg.push_str(&format!(" (did you mean `{s}`?)"));
    }
    let diag = Diagnostic::new(&INVALID_ENUM_VALUE, span, msg);
    match suggestion {
        Some(s) => diag
            .with_help(format!("write `{name}: {s}`"))
            .with_fix(enum_fix(text, node, &value, s, &options)),
        None => diag,
    }
}

/// The fix of an invalid enum value: the one allowed value it differs from only by case is
/// safe (`High` → `high`), a did-you-mean guess is not (`meduim` → `medium`). Only for string
/// scalars (a number or `null` in place of a keyword is not a typo).
fn enum_fix(
    text: &str,
    node: &Node,
    value: &str,
    suggestion: &str,
    options: &[String],
) -> Option<Fix> {
    let string = node
        .as_scalar()
        .is_some_and(|s| s.resolved == crate::yaml::Resolved::String);
    if !string {
        return None;
    }
    let edit = crate::lints::edit::replace_scalar(text, node, suggestion)?;
    let lower = value.to_lowercase();
    let same_case = options.iter().filter(|o| o.to_lowercase() == lower).count();
    let message = format!("write `{suggestion}`");
    Some(if same_case == 1 && suggestion.to_lowercase() == lower {
        Fix::safe(message, vec![edit])
    } else {
        Fix::unsafe_(message, vec![edit])
    })
}

fn format_diag(
    text: &str,
    name: &str,
    path: &Path,
    node: &Node,
    format: &str,
    span: std::ops::Range<usize>,
) -> Diagnostic {
    let value = node.as_str().unwrap_or_default();
    match format {
        "uuid" => Diagnostic::new(
            &INVALID_FORMAT,
            span,
            format!("`{}` is not a UUID: `{value}`", dotted(path)),
        )
        .with_help("use a random UUID (version 4), e.g. from `uuidgen`"),
        "date" => date_diag(text, node, name, value, span),
        _ => Diagnostic::new(
            &INVALID_FORMAT,
            span,
            format!("`{}` is not a valid {format}: `{value}`", dotted(path)),
        ),
    }
}

fn date_diag(
    text: &str,
    node: &Node,
    name: &str,
    value: &str,
    span: std::ops::Range<usize>,
) -> Diagnostic {
    if iso_date_from(value).as_deref() == Some(value) {
        return Diagnostic::new(
            &INVALID_FORMAT,
            span,
            format!("`{name}` is not a real calendar date: `{value}`"),
        )
        .with_help("check the day and month");
    }
    let diag = Diagnostic::new(
        &INVALID_FORMAT,
        span,
        format!("`{name}` must be a date written YYYY-MM-DD, found `{value}`"),
    );
    match iso_date_from(value) {
        Some(iso) => {
            let fix = crate::lints::edit::replace_scalar(text, node, &iso)
                .map(|e| Fix::safe(format!("write `{iso}`"), vec![e]));
            diag.with_help(format!("write `{name}: {iso}`"))
                .with_fix(fix)
        }
        None => diag.with_help("write the date as YYYY-MM-DD, e.g. `2025-01-31`"),
    }
}

/// `2025/01/02` or `2025.01.02` → `2025-01-02`.
fn iso_date_from(value: &str) -> Option<String> {
    let parts: Vec<&str> = value.split(['/', '.', '-']).collect();
    let [y, m, d] = parts[..] else { return None };
    let ok = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    (ok(y, 4) && ok(m, 2) && ok(d, 2)).then(|| format!("{y}-{m}-{d}"))
}

fn pattern_diag(
    text: &str,
    name: &str,
    path: &Path,
    node: &Node,
    pattern: &str,
    span: std::ops::Range<usize>,
) -> Diagnostic {
    let value = node.as_str().unwrap_or_default();
    match path.first() {
        Some(Seg::Key(k)) if (k == "date" || k == "modified") && path.len() == 1 => {
            date_diag(text, node, name, value, span)
        }
        Some(Seg::Key(k)) if k == "tags" => {
            let diag = Diagnostic::new(
                &INVALID_FORMAT,
                span,
                format!("tag `{value}` is not of the form `namespace.name` in lowercase"),
            );
            match tag_fix(value) {
                Some(fixed) => {
                    let fix = crate::lints::edit::replace_scalar(text, node, &fixed)
                        .map(|e| Fix::safe(format!("write `{fixed}`"), vec![e]));
                    diag.with_help(format!("write `{fixed}`")).with_fix(fix)
                }
                None => diag.with_help("tags look like `attack.execution` or `attack.t1059.001`"),
            }
        }
        _ if name == "timespan" => Diagnostic::new(
            &INVALID_FORMAT,
            span,
            format!(
                "`{}` must be a number followed by s, m, h or d, found `{value}`",
                dotted(path)
            ),
        )
        .with_help("write e.g. `timespan: 10m` or `timespan: 1h`"),
        Some(Seg::Key(k)) if k == "id" || name == "id" => Diagnostic::new(
            &INVALID_FORMAT,
            span,
            format!("`{}` is not a UUID: `{value}`", dotted(path)),
        )
        .with_help("use a random UUID (version 4), e.g. from `uuidgen`"),
        _ => Diagnostic::new(
            &INVALID_FORMAT,
            span,
            format!(
                "`{}` value `{value}` does not have the required format `{pattern}`",
                dotted(path)
            ),
        ),
    }
}

/// `Attack.Defense Evasion` → `attack.defense-evasion`, when that gives a well-formed tag.
fn tag_fix(value: &str) -> Option<String> {
    let mut t = value.trim().to_lowercase();
    if !t.contains('.') {
        t = t.replacen(' ', ".", 1);
    }
    let t = t.split_whitespace().collect::<Vec<_>>().join("-");
    let (ns, rest) = t.split_once('.')?;
    let ok = |s: &str, extra: &[u8]| {
        !s.is_empty()
            && s.bytes().all(|b| {
                b.is_ascii_lowercase()
                    || b.is_ascii_digit()
                    || b"_-".contains(&b)
                    || extra.contains(&b)
            })
    };
    (ok(ns, b"") && ok(rest, b".") && t != value).then_some(t)
}

/// The `properties` names of the schema object that raised an additional-properties error.
fn allowed_properties(schema: &Value, err: &ValidationError<'_>) -> Vec<String> {
    let sp = err.schema_path().as_str();
    let parent = sp.rsplit_once('/').map_or("", |(p, _)| p);
    let mut names: Vec<String> = schema
        .pointer(parent)
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object)
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_schemas_compile() {
        // The `json` validator is built from the schema itself, after checking it against
        // the 2020-12 meta-schema (the `tree` one skips that check).
        for k in [Kind::Detection, Kind::Correlation, Kind::Filter] {
            let _ = compiled(k).json();
        }
    }

    #[test]
    fn tag_fixes() {
        assert_eq!(
            tag_fix("Attack Execution").as_deref(),
            Some("attack.execution")
        );
        assert_eq!(
            tag_fix("attack.Defense Evasion").as_deref(),
            Some("attack.defense-evasion")
        );
        assert_eq!(tag_fix("attack.T1059").as_deref(), Some("attack.t1059"));
        assert_eq!(tag_fix("!!!"), None);
    }

    /// The verdict on the tree is the verdict on its JSON, on every fixture, on the corpus's
    /// rules with schema errors (when present), and on documents made to probe the
    /// representation: complex keys, floats JSON cannot hold, repeated list items.
    #[test]
    fn tree_verdict_is_the_json_verdict() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut dirs = vec![root.join("tests/fixtures")];
        for d in ["deprecated", "unsupported"] {
            let d = root.join("../shared/corpus/sigmahq").join(d);
            if d.is_dir() {
                dirs.push(d);
            }
        }
        let mut texts: Vec<(String, String)> = Vec::new();
        for input in crate::walk::collect(&dirs).expect("fixtures exist") {
            if let Ok(text) = std::fs::read_to_string(input.path()) {
                texts.push((input.path().display().to_string(), text));
            }
        }
        let rule = "title: t\nid: 5d4a8f3c-3e2a-4b8e-9c1a-2f6e7d8c9b0a\nstatus: test\n\
                    logsource: {product: windows}\nlevel: low\n";
        let probes = [
            "detection: {sel: {a: 1}, condition: sel}",
            "detection: {sel: {a: .inf}, condition: sel}",
            "detection: {sel: [.nan, x], condition: sel}",
            "detection: {sel: {a: [1, 1.5, true, ~]}, condition: sel}",
            "detection: {sel: {? [x] : 1, ? [y] : 2}, condition: sel}",
            "detection: {sel: {a: 1}, condition: sel, ? [x] : 1}",
            "detection: {? [x] : 1, ? [y] : 2, \"<complex key>\": 3}",
            "detection: {? [x] : 1}",
            "detection: {sel: {}, condition: sel}",
            "detection: {sel: [], condition: sel}",
            "detection: {sel: {a: []}, condition: sel}",
            "detection: {sel: {a: {b: c}}, condition: sel}",
            "detection: {sel: a, condition: sel}",
            "detection: {sel: {a: x}, condition: [sel]}",
            "detection: {sel: {a: x}, condition: .inf}",
            "tags: [attack.t1059, attack.t1059]\ndetection: {sel: {a: x}, condition: sel}",
            "references: [a, 1, '1']\ndetection: {sel: {a: x}, condition: sel}",
            "references: [.inf, .inf]\ndetection: {sel: {a: x}, condition: sel}",
            "fields: [[a], [a]]\ndetection: {sel: {a: x}, condition: sel}",
            "date: 2024-01-01\ndetection: {sel: {a: x}, condition: sel}",
            "level: .nan\ndetection: {sel: {a: x}, condition: sel}",
            "level: 3\ndetection: {sel: {a: x}, condition: sel}",
            "related: [{id: 5d4a8f3c-3e2a-4b8e-9c1a-2f6e7d8c9b0a, type: derived}]\ndetection: {sel: {a: x}, condition: sel}",
        ];
        for (i, p) in probes.iter().enumerate() {
            texts.push((format!("probe {i}"), format!("{rule}{p}\n")));
            texts.push((format!("probe {i} alone"), format!("{p}\n")));
        }
        let (mut docs, mut invalid) = (0, 0);
        for (name, text) in &texts {
            for root in crate::yaml::parse(text).documents {
                if root.as_mapping().is_none() {
                    continue;
                }
                let c = compiled(Kind::of(&root));
                let json = c.json().is_valid(&root.to_json());
                let tree = c.tree.is_valid(TreeNode::Node(&root));
                assert_eq!(tree, json, "{name}");
                docs += 1;
                invalid += usize::from(!json);
            }
        }
        assert!(
            docs > 100 && invalid > 50,
            "{docs} documents, {invalid} invalid"
        );
    }

    /// The tree validator reads our schema as 2020-12, though it is built from a draft-4 root
    /// (see `compile`): these rules break only what draft 4 would not see, a `type` beside a
    /// `$ref` and the `uuid` format.
    #[test]
    fn tree_validator_reads_the_schema_as_2020_12() {
        let rule = |id: &str, detection: &str| {
            format!(
                "title: t\nid: {id}\nstatus: test\nlogsource: {{product: windows}}\n\
                 level: low\ndetection: {detection}\n"
            )
        };
        let good_id = "5d4a8f3c-3e2a-4b8e-9c1a-2f6e7d8c9b0a";
        let good = "{sel: {a: x}, condition: sel}";
        let c = compiled(Kind::Detection);
        let verdict = |text: &str| {
            let root = crate::yaml::parse(text).documents.remove(0);
            (
                c.tree.is_valid(TreeNode::Node(&root)),
                c.json().is_valid(&root.to_json()),
            )
        };
        assert_eq!(verdict(&rule(good_id, good)), (true, true));
        for text in [
            rule(good_id, "{sel: [true], condition: sel}"),
            rule(good_id, "{sel: [1.5], condition: sel}"),
            rule("5d4a8f3c-3e2a-4b8e", good),
        ] {
            assert_eq!(verdict(&text), (false, false), "{text}");
        }
    }

    #[test]
    fn iso_dates() {
        assert_eq!(iso_date_from("2026/04/19").as_deref(), Some("2026-04-19"));
        assert_eq!(iso_date_from("19/04/2026"), None);
    }
}
