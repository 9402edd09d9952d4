//! Hover: what the thing under the cursor is.

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position, Range};

use crate::attack::{Attack, TagRef};
use crate::lint::Lint;

use super::position::LineIndex;

/// The hover at `position` of `text`, whose findings are `findings` (their ranges and lints).
pub fn hover(
    text: &str,
    attack: &Attack,
    findings: &[(Range, &'static Lint)],
    position: Position,
) -> Option<Hover> {
    let index = LineIndex::new(text);
    let offset = index.offset(position);
    let mut parts = Vec::new();
    let mut range = None;
    if let Some(word) = word_at(text, offset)
        && let Some(text) = tag_hover(attack, &text[word.clone()])
    {
        parts.push(text);
        range = Some(index.range(&word));
    }
    for (lsp_range, lint) in findings {
        if contains(lsp_range, position) {
            parts.push(format!(
                "**{}** `{}`: {}",
                lint.code,
                lint.name,
                lint.summary()
            ));
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

/// The span of the tag-like word around `offset`: letters, digits, `.`, `_` and `-`.
fn word_at(text: &str, offset: usize) -> Option<std::ops::Range<usize>> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word(c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = text[offset..]
        .char_indices()
        .find(|&(_, c)| !is_word(c))
        .map_or(text.len(), |(i, _)| offset + i);
    (start < end).then_some(start..end)
}

/// What an `attack.*` tag names, in Markdown; `None` for anything else.
fn tag_hover(attack: &Attack, tag: &str) -> Option<String> {
    let tag = tag.trim_end_matches('.');
    match attack.resolve_tag(tag) {
        TagRef::Technique(t) => {
            let mut text = format!("**{} {}** (ATT&CK technique)", t.id, t.name);
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
