//! Completion: what may be written at the cursor.

use lsp_types::{CompletionItem, CompletionItemKind, CompletionTextEdit, Position, TextEdit};

use crate::lints::values::MODIFIERS;

use super::position::LineIndex;

/// Modifiers after a `|` in a field's key; nothing elsewhere.
pub fn completion(text: &str, position: Position) -> Option<Vec<CompletionItem>> {
    let index = LineIndex::new(text);
    let offset = index.offset(position);
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let key = modifier_key(&text[line_start..offset])?;
    let (chain, partial) = key.rsplit_once('|')?;
    let written: Vec<&str> = chain.split('|').skip(1).collect();
    let range = index.range(&(offset - partial.len()..offset));
    Some(
        MODIFIERS
            .iter()
            .map(|(name, _)| *name)
            .filter(|name| name.starts_with(partial) && !written.contains(name))
            .map(|name| CompletionItem {
                label: name.to_owned(),
                kind: Some(CompletionItemKind::KEYWORD),
                detail: Some("Sigma value modifier".to_owned()),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                    range,
                    name.to_owned(),
                ))),
                ..CompletionItem::default()
            })
            .collect(),
    )
}

/// The key being written before the cursor when it holds a `|` (`Image|ends` of
/// `    - Image|ends`), or `None` past the key's `:` or in a comment or a quoted string.
fn modifier_key(before: &str) -> Option<&str> {
    let key = before.trim_start_matches([' ', '\t']);
    let key = key
        .strip_prefix('-')
        .map_or(key, |k| k.trim_start_matches([' ', '\t']));
    let ok = key.contains('|')
        && key
            .chars()
            .all(|c| !c.is_whitespace() && !matches!(c, ':' | '#' | '\'' | '"' | '{' | '[' | ','));
    ok.then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modifiers_complete_only_in_a_key() {
        assert_eq!(modifier_key("    Image|ends"), Some("Image|ends"));
        assert_eq!(modifier_key("  - Image|"), Some("Image|"));
        assert_eq!(modifier_key("    Image: a|b"), None);
        assert_eq!(modifier_key("    Image"), None);
        assert_eq!(modifier_key("    # Image|"), None);
    }
}
