//! Hover: what the thing under the cursor is.

use std::ops::Range;

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use crate::attack::{Attack, TagRef};
use crate::lint::Lint;
use crate::settings::Settings;
use crate::sigma::SigmaDoc;
use crate::yaml::{Node, Parsed};

use super::knowledge::{appendix_sources, enum_values, modifier_meaning, product_meaning};
use super::position::{LineIndex, word_span};
use super::symbols::condition_target;

/// Lines of a search identifier shown in the hover of a condition identifier.
const SNIPPET_LINES: usize = 12;

/// The hover at `position` of `text`, whose findings are `findings` (their ranges and lints).
pub fn hover(
    text: &str,
    parsed: &Parsed,
    settings: &Settings,
    findings: &[(lsp_types::Range, &'static Lint)],
    position: Position,
) -> Option<Hover> {
    let index = LineIndex::new(text);
    let offset = index.offset(position);
    let mut parts = Vec::new();
    let mut range = None;
    let found = parsed
        .documents
        .iter()
        .filter(|root| root.span.start <= offset && offset <= root.span.end)
        .find_map(|root| in_rule(text, &SigmaDoc::new(text, root), settings, offset));
    if let Some((span, markdown)) = found {
        parts.push(markdown);
        range = Some(index.range(&span));
    } else if let Some(word) = word_at(text, offset)
        && let Some(markdown) = tag_hover(&settings.attack, &text[word.clone()])
    {
        parts.push(markdown);
        range = Some(index.range(&word));
    }
    for (lsp_range, lint) in findings {
        if contains(lsp_range, position) {
            parts.push(lint_hover(lint));
            range = range.or(Some(*lsp_range));
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: parts.join("\n\n---\n\n"),
        }),
        range,
    })
}

/// A lint's *What it does* and *Why is this bad?*, under its code and name.
fn lint_hover(lint: &Lint) -> String {
    let doc = lint.documentation();
    let section = |heading: &str| {
        let body = doc.split(heading).nth(1)?;
        let end = body.find("\n## ").unwrap_or(body.len());
        Some(body[..end].trim().to_owned())
    };
    let mut out = format!("**{}** `{}`", lint.code, lint.name);
    match section("## What it does") {
        Some(what) => out.push_str(&format!("\n\n{what}")),
        None => out.push_str(&format!(": {}", lint.summary())),
    }
    if let Some(why) = section("## Why is this bad?") {
        out.push_str(&format!("\n\n**Why is this bad?** {why}"));
    }
    out.push_str(&format!(
        "\n\n`sigscope explain {}` shows an example and what to write instead.",
        lint.code
    ));
    out
}

fn covers(span: &Range<usize>, offset: usize) -> bool {
    span.start <= offset && offset <= span.end
}

/// What the rule's own text under `offset` means: a modifier, a log source value, a
/// `status` or `level` value, an identifier of the condition.
fn in_rule(
    text: &str,
    doc: &SigmaDoc<'_>,
    settings: &Settings,
    offset: usize,
) -> Option<(Range<usize>, String)> {
    if let Some(detection) = &doc.detection {
        for m in detection.field_matches() {
            for modifier in &m.modifiers {
                if covers(&modifier.span, offset)
                    && let Some(meaning) = modifier_meaning(modifier.name)
                {
                    return Some((
                        modifier.span.clone(),
                        format!("**`|{}`** (value modifier): {meaning}", modifier.name),
                    ));
                }
            }
        }
        if let Some((name, pattern, span, named)) = condition_target(detection, offset) {
            let markdown = match named.as_slice() {
                [] => format!("`{name}` names no search identifier of this detection"),
                [one] if !pattern => format!(
                    "```yaml\n{}\n```",
                    snippet(text, one.key.span.start..one.value.span.end)
                ),
                many => format!(
                    "`{name}` matches {}",
                    many.iter()
                        .map(|s| format!("`{}`", s.name))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            return Some((span, markdown));
        }
    }
    if let Some(logsource) = &doc.logsource {
        let value = |k: &str| logsource.entry.value.get(k).and_then(Node::as_str);
        for e in logsource.entries() {
            let (Some(key), Some(v)) = (e.key.as_str(), e.value.as_str()) else {
                continue;
            };
            if covers(&e.value.span, offset) && matches!(key, "product" | "category" | "service") {
                let source = [value("product"), value("category"), value("service")];
                return Some((
                    e.value.span.clone(),
                    logsource_hover(settings, key, v, source),
                ));
            }
        }
    }
    for key in ["status", "level"] {
        if let Some(e) = doc.root.entry(key)
            && covers(&e.value.span, offset)
            && let Some(v) = e.value.as_str()
            && let Some((_, meaning)) = enum_values(key).iter().find(|(name, _)| *name == v)
        {
            return Some((e.value.span.clone(), format!("**{key}: {v}**: {meaning}")));
        }
    }
    None
}

/// The text of a search identifier, cut to [`SNIPPET_LINES`] lines and dedented.
fn snippet(text: &str, span: Range<usize>) -> String {
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let body = &text[line_start..span.end.min(text.len())];
    let indent = body.len() - body.trim_start_matches(' ').len();
    let lines: Vec<&str> = body.lines().collect();
    let mut out: Vec<String> = lines
        .iter()
        .take(SNIPPET_LINES)
        .map(|l| {
            l.get(indent.min(l.len() - l.trim_start_matches(' ').len())..)
                .unwrap_or(l)
                .to_owned()
        })
        .collect();
    if lines.len() > SNIPPET_LINES {
        out.push(format!("# … {} more lines", lines.len() - SNIPPET_LINES));
    }
    out.join("\n")
}

/// What a log source value means: the appendix's description of the rule's log source, what
/// the appendix says of a product, and how many fields the taxonomy lists for it.
fn logsource_hover(
    settings: &Settings,
    key: &str,
    value: &str,
    [product, category, service]: [Option<&str>; 3],
) -> String {
    let mut out = format!("**{key}: {value}**");
    let mut known = false;
    if key == "product"
        && let Some(meaning) = product_meaning(value)
    {
        out.push_str(&format!(": {meaning}"));
        known = true;
    }
    let exact = appendix_sources().find(|s| {
        s.product == product.unwrap_or_default()
            && s.category == category.unwrap_or_default()
            && s.service == service.unwrap_or_default()
    });
    match exact {
        Some(s) => {
            known = true;
            if !s.description.is_empty() {
                out.push_str(&format!("\n\nThis log source: {}", s.description));
            }
        }
        None => {
            let with_value: Vec<_> = appendix_sources().filter(|s| s.get(key) == value).collect();
            if let [one] = with_value.as_slice()
                && !one.description.is_empty()
            {
                out.push_str(&format!("\n\n{}", one.description));
            }
            known |= !with_value.is_empty();
        }
    }
    if let Some(source) = settings.taxonomy.source(product, category, service)
        && !source.fields.is_empty()
    {
        known = true;
        let shown: Vec<_> = source
            .fields
            .iter()
            .take(8)
            .map(|f| format!("`{f}`"))
            .collect();
        out.push_str(&format!(
            "\n\nThe taxonomy lists {} fields for this log source: {}{}",
            source.fields.len(),
            shown.join(", "),
            if source.fields.len() > shown.len() {
                ", …"
            } else {
                ""
            }
        ));
    }
    if !known {
        out.push_str(&format!(
            "\n\nNot a {key} of the Sigma taxonomy: pipelines may not know it"
        ));
    }
    out
}

/// The span of the tag-like word around `offset`: letters, digits, `.`, `_` and `-`.
fn word_at(text: &str, offset: usize) -> Option<std::ops::Range<usize>> {
    let word = word_span(text, offset, |c| {
        c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')
    });
    (!word.is_empty()).then_some(word)
}

/// What an `attack.*` tag names, in Markdown; `None` for anything else.
fn tag_hover(attack: &Attack, tag: &str) -> Option<String> {
    let tag = tag.trim_end_matches('.');
    match attack.resolve_tag(tag) {
        TagRef::Technique(t) => {
            let mut text = format!("**{} {}** (ATT&CK technique)", t.id, t.name);
            if let Some(summary) = &t.summary {
                text.push_str(&format!("\n\n{summary}"));
            }
            if !t.is_active() {
                text.push_str(&format!("\n\n{}", t.status.as_str()));
                if let Some(new) = t.status.replacement() {
                    let name = attack.technique(new).map(|n| n.name.as_str()).unwrap_or("");
                    text.push_str(&format!(
                        ": replaced by `attack.{}` {name}",
                        new.to_lowercase()
                    ));
                }
            }
            if !t.tactics.is_empty() {
                text.push_str(&format!("\n\nTactics: {}", t.tactics.join(", ")));
            }
            text.push_str(&format!("\n\n{}", t.url));
            Some(text)
        }
        TagRef::Tactic(t) => Some(format!(
            "**{} {}** (ATT&CK tactic, `attack.{}`)\n\n{}",
            t.id, t.name, t.shortname, t.url
        )),
        TagRef::Group(e) => Some(format!(
            "**{} {}** (ATT&CK group)\n\n{}",
            e.id, e.name, e.url
        )),
        TagRef::Software(e) => Some(format!(
            "**{} {}** (ATT&CK software)\n\n{}",
            e.id, e.name, e.url
        )),
        TagRef::Campaign(e) => Some(format!(
            "**{} {}** (ATT&CK campaign)\n\n{}",
            e.id, e.name, e.url
        )),
        TagRef::UnknownAttack => Some(format!("`{tag}` names nothing in ATT&CK Enterprise")),
        _ => None,
    }
}

fn contains(range: &lsp_types::Range, at: lsp_types::Position) -> bool {
    range.start <= at && at <= range.end
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_tags() {
        let text = "  - attack.t1204.001\n";
        assert_eq!(word_at(text, 8), Some(4..20));
        assert_eq!(word_at(text, 0), None);
    }
}
