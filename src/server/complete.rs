//! Completion: what may be written at the cursor.

use std::collections::BTreeSet;
use std::ops::Range;

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, Position, TextEdit,
};

use crate::lints::logsource::{LOGSOURCE_KEYS, known_values};
use crate::lints::values::MODIFIERS;
use crate::settings::Settings;
use crate::sigma::taxonomy::SourceKey;

use super::knowledge::{appendix_sources, enum_values, modifier_meaning};
use super::outline;
use super::position::{LineIndex, word_span};

/// What may be written at `position`: modifiers after a `|` in a field's key, `attack.` tags,
/// log source keys and values, `status` and `level` values, the field names of the rule's log
/// source under a search identifier, and keywords and search identifiers in a condition.
pub fn completion(
    text: &str,
    settings: &Settings,
    position: Position,
) -> Option<Vec<CompletionItem>> {
    let index = LineIndex::new(text);
    let offset = index.offset(position);
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    if let Some(key) = modifier_key(&text[line_start..offset]) {
        return modifiers(key, &index, offset);
    }
    let cx = outline::context(text, offset);
    // A quote opened before the value is kept.
    let mut replace = cx.written.clone();
    if text[replace.clone()].starts_with(['\'', '"']) {
        replace.start += 1;
    }
    let written = &text[replace.clone()];
    let items = match (cx.path.as_slice(), cx.key) {
        (["tags"], None) if cx.item => tags(settings, written),
        ([], Some(key @ ("status" | "level"))) => enum_values(key)
            .iter()
            .enumerate()
            .filter(|(_, (v, _))| v.starts_with(written))
            .map(|(i, (v, meaning))| {
                Item::new(v, CompletionItemKind::ENUM_MEMBER, meaning).sorted(i)
            })
            .collect(),
        (["logsource"], None) if !cx.item => LOGSOURCE_KEYS
            .iter()
            .filter(|k| k.starts_with(written))
            .map(|k| Item::new(k, CompletionItemKind::PROPERTY, "log source key"))
            .collect(),
        (["logsource"], Some(key @ ("product" | "category" | "service"))) => {
            logsource_values(text, offset, settings, key, written)
        }
        (["detection"], Some("condition")) | (["detection", "condition"], None) => {
            let word = word_around(text, offset);
            let items = condition_words(text, offset, &text[word.start..offset]);
            replace = word;
            items
        }
        (["detection", _], None) => fields(text, offset, settings, written),
        _ => return None,
    };
    let range = index.range(&replace);
    Some(
        items
            .into_iter()
            .map(|item| CompletionItem {
                text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                    range,
                    item.label.clone(),
                ))),
                sort_text: item.sort.map(|i| format!("{i:04}")),
                label: item.label,
                kind: Some(item.kind),
                detail: Some(item.detail),
                documentation: item.documentation.map(Documentation::String),
                ..CompletionItem::default()
            })
            .collect(),
    )
}

/// A completion before it is placed.
struct Item {
    label: String,
    kind: CompletionItemKind,
    detail: String,
    documentation: Option<String>,
    sort: Option<usize>,
}

impl Item {
    fn new(label: &str, kind: CompletionItemKind, detail: &str) -> Self {
        Self {
            label: label.to_owned(),
            kind,
            detail: detail.to_owned(),
            documentation: None,
            sort: None,
        }
    }

    /// Listed in this order rather than by label.
    fn sorted(mut self, i: usize) -> Self {
        self.sort = Some(i);
        self
    }
}

fn modifiers(key: &str, index: &LineIndex<'_>, offset: usize) -> Option<Vec<CompletionItem>> {
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
                documentation: modifier_meaning(name).map(|m| Documentation::String(m.to_owned())),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                    range,
                    name.to_owned(),
                ))),
                ..CompletionItem::default()
            })
            .collect(),
    )
}

/// `attack.` tags: the tactics by their short names and the active techniques by id, each with
/// its name; only once `attack.` is being written (other namespaces are free).
fn tags(settings: &Settings, written: &str) -> Vec<Item> {
    let lower = written.to_ascii_lowercase();
    if lower.is_empty() || !("attack.".starts_with(&lower) || lower.starts_with("attack.")) {
        return Vec::new();
    }
    let attack = &settings.attack;
    let tactics = attack.tactics().iter().map(|t| {
        Item::new(
            &format!("attack.{}", t.shortname),
            CompletionItemKind::ENUM,
            &format!("{} {} (ATT&CK tactic)", t.id, t.name),
        )
    });
    let techniques = attack.techniques().filter(|t| t.is_active()).map(|t| {
        let mut item = Item::new(
            &format!("attack.{}", t.id.to_ascii_lowercase()),
            CompletionItemKind::ENUM_MEMBER,
            &format!("{} {}", t.id, t.name),
        );
        if !t.tactics.is_empty() {
            item.documentation = Some(format!("Tactics: {}", t.tactics.join(", ")));
        }
        item
    });
    tactics
        .chain(techniques)
        .filter(|i| i.label.starts_with(&lower))
        .collect()
}

/// The values of a log source key: the known ones, and for `category` and `service` once
/// `product` is written, only those the taxonomy or the specification's appendix gives that
/// product.
fn logsource_values(
    text: &str,
    offset: usize,
    settings: &Settings,
    key: &str,
    written: &str,
) -> Vec<Item> {
    let [product, ..] = outline::logsource(text, offset);
    let product = product.filter(|_| key != "product");
    let slot = |k: &SourceKey| match key {
        "product" => k.product.clone(),
        "category" => k.category.clone(),
        _ => k.service.clone(),
    };
    let mut values: BTreeSet<String> = BTreeSet::new();
    for (k, _) in settings.taxonomy.sources() {
        if product.is_none_or(|p| k.product.as_deref() == Some(p))
            && let Some(v) = slot(k)
        {
            values.insert(v);
        }
    }
    for s in appendix_sources() {
        if product.is_none_or(|p| s.product == p) && !s.get(key).is_empty() {
            values.insert(s.get(key).to_owned());
        }
    }
    if product.is_none() {
        values.extend(known_values(key).iter().map(|v| (*v).to_owned()));
    }
    values
        .into_iter()
        .filter(|v| v.starts_with(written))
        .map(|v| {
            let mut item = Item::new(&v, CompletionItemKind::VALUE, &format!("log source {key}"));
            item.documentation = appendix_sources()
                .find(|s| {
                    s.get(key) == v
                        && product.is_none_or(|p| s.product == p)
                        && !s.description.is_empty()
                })
                .map(|s| s.description.to_owned());
            item
        })
        .collect()
}

/// Field names of the rule's log source, as keys of a search identifier.
fn fields(text: &str, offset: usize, settings: &Settings, written: &str) -> Vec<Item> {
    let [product, category, service] = outline::logsource(text, offset);
    let Some(source) = settings.taxonomy.source(product, category, service) else {
        return Vec::new();
    };
    let key = SourceKey::new(product, category, service);
    source
        .fields
        .iter()
        .filter(|f| f.starts_with(written))
        .map(|f| Item::new(f, CompletionItemKind::FIELD, &format!("field of {key}")))
        .collect()
}

/// The word of a condition around `offset`, which a completion replaces.
fn word_around(text: &str, offset: usize) -> Range<usize> {
    word_span(text, offset, |c| {
        c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '*')
    })
}

/// In a condition: the search identifiers of the detection, then the keywords.
fn condition_words(text: &str, offset: usize, word: &str) -> Vec<Item> {
    let names = outline::search_identifiers(text, offset);
    let keywords = ["and", "or", "not", "1 of", "all of", "them"];
    names
        .iter()
        .map(|n| Item::new(n, CompletionItemKind::VARIABLE, "search identifier"))
        .chain(
            keywords
                .iter()
                .map(|k| Item::new(k, CompletionItemKind::KEYWORD, "condition keyword")),
        )
        .filter(|i| i.label.starts_with(word))
        .enumerate()
        .map(|(i, item)| item.sorted(i))
        .collect()
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
