//! The only data templates see. Every struct here is plain owned data built from the catalogue
//! model; templates never reach the YAML tree or the ATT&CK store.
//!
//! Conventions for template authors:
//! * `href` fields are paths relative to the site root built from our own slugs
//!   (`rules/<slug>.html`); prefix them with `site.root`.
//! * `url` fields are external links that passed the scheme allowlist (`http(s)`, `mailto`);
//!   use them as they are. Text that failed the allowlist has `url: none`.
//! * Every other string is untrusted text: print it with `{{ }}` (autoescaped), never `| safe`.
//!   The only fields that are safe HTML end in `_html` and were sanitized by ammonia.

use serde::Serialize;

pub use super::highlight::{Highlighted, Line, Tok};

/// Shared by every page.
#[derive(Debug, Clone, Serialize)]
pub struct Layout {
    /// Site title (`--title`).
    pub title: String,
    /// Relative prefix from this page to the site root: `""` or `"../"`.
    pub root: &'static str,
    /// Which navigation entry is current: home, rules, attack, logsources, lints, deprecated,
    /// changes.
    pub section: &'static str,
    /// The `<title>` of this page, without the site title.
    pub page_title: String,
    /// `sigscope <version>`.
    pub generator: String,
    /// ATT&CK release the names come from, empty when none is loaded.
    pub attack_version: String,
    /// Absolute URL of this page when `--base-url` was given.
    pub canonical: Option<String>,
    /// Whether the pack has deprecated rules (the navigation links their list).
    pub has_deprecated: bool,
    /// What changed since `--compare` (the navigation and the home page link the list).
    pub changes: Option<super::compare::ChangeCounts>,
}

/// A link to a rule page.
#[derive(Debug, Clone, Serialize)]
pub struct RuleLink {
    pub href: String,
    pub slug: String,
    pub id: String,
    pub title: String,
    pub level: String,
    pub status: String,
    /// CSS class suffixes: the level or status when it is one Sigma defines, else `other`.
    pub level_class: &'static str,
    pub status_class: &'static str,
    pub date: String,
    pub modified: String,
    pub product: String,
    pub category: String,
    pub service: String,
    pub deprecated: bool,
}

/// A label with a count, optionally linked; `pct` is the share of the largest count (0–100),
/// for bar widths.
#[derive(Debug, Clone, Serialize)]
pub struct Count {
    pub label: String,
    pub href: Option<String>,
    pub count: usize,
    pub pct: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct LintCount {
    pub code: String,
    pub name: String,
    pub severity: String,
    pub href: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Totals {
    pub rules: usize,
    pub detection_rules: usize,
    pub correlations: usize,
    pub filters: usize,
    pub deprecated: usize,
    pub files: usize,
    pub techniques_covered: usize,
    pub techniques_total: usize,
    pub products: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub files_with_findings: usize,
    /// Files with no Sigma document (other YAML, test data): they get no page.
    pub skipped: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct HomeView {
    pub readme_html: Option<String>,
    pub totals: Totals,
    pub by_level: Vec<Count>,
    pub by_status: Vec<Count>,
    pub by_product: Vec<Count>,
    pub by_tactic: Vec<Count>,
    pub top_lints: Vec<LintCount>,
    pub newest: Vec<RuleLink>,
    pub recently_modified: Vec<RuleLink>,
}

/// One row of the rule index. `i` is the row's position in the search index.
#[derive(Debug, Clone, Serialize)]
pub struct RuleRow {
    pub i: usize,
    pub rule: RuleLink,
    pub tactics: Vec<String>,
    pub techniques: Vec<String>,
    pub findings: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct RuleIndexView {
    /// The first page of rows, for reading without JavaScript; the script renders the rest.
    pub rows: Vec<RuleRow>,
    pub total: usize,
    pub include_deprecated: bool,
}

/// `rules/all.html`: every listed rule, linked, by title.
#[derive(Debug, Clone, Serialize)]
pub struct RuleListView {
    pub rules: Vec<RuleLink>,
}

/// Text with a link when the text passed the allowlist.
#[derive(Debug, Clone, Serialize)]
pub struct LinkText {
    pub text: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LogsourceItem {
    pub key: String,
    pub value: String,
    pub href: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TacticRef {
    pub id: String,
    pub name: String,
    pub shortname: String,
    pub href: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TechniqueRef {
    pub id: String,
    /// Empty when the technique is not in the loaded ATT&CK release.
    pub name: String,
    pub parent_name: String,
    pub href: Option<String>,
    pub url: Option<String>,
    pub tactics: Vec<String>,
    /// "revoked", "deprecated" or empty.
    pub status: String,
    pub replacement: Option<String>,
    /// The tag as written in the rule.
    pub tag: String,
}

/// A group, software or campaign named by a tag.
#[derive(Debug, Clone, Serialize)]
pub struct EntityRef {
    pub kind: String,
    pub id: String,
    pub name: String,
    pub url: Option<String>,
    pub tag: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AttackTags {
    pub tactics: Vec<TacticRef>,
    pub techniques: Vec<TechniqueRef>,
    pub entities: Vec<EntityRef>,
    /// `attack.*` tags that name nothing in the loaded release.
    pub unknown: Vec<String>,
    /// Tags of other namespaces (`cve.*`, `detection.*`, …).
    pub other: Vec<String>,
}

/// A rule named by another rule (`related`, a correlation's `rules`, a filter's `rules`).
#[derive(Debug, Clone, Serialize)]
pub struct RelatedItem {
    /// The reference as written.
    pub reference: String,
    /// `derived`, `obsolete`, …; for reverse links the relation as seen from this rule.
    pub relation: String,
    pub rule: Option<RuleLink>,
}

/// A piece of a lint message: the parts written in backticks are `code`.
#[derive(Debug, Clone, Serialize)]
pub struct TextPart {
    pub text: String,
    pub code: bool,
}

/// Splits a message at backticks; an unpaired backtick stays text.
pub fn text_parts(message: &str) -> Vec<TextPart> {
    let pieces: Vec<&str> = message.split('`').collect();
    let paired = pieces.len() % 2 == 1;
    let mut out: Vec<TextPart> = Vec::new();
    for (i, p) in pieces.iter().enumerate() {
        let code = i % 2 == 1 && (paired || i + 1 < pieces.len());
        if code || !p.is_empty() {
            let text = if i % 2 == 1 && !code {
                format!("`{p}")
            } else {
                (*p).to_owned()
            };
            out.push(TextPart { text, code });
        }
    }
    out
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub code: String,
    pub name: String,
    pub severity: String,
    pub href: String,
    pub line: usize,
    pub column: usize,
    pub message: Vec<TextPart>,
    pub help: Vec<TextPart>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ValueView {
    pub text: String,
    /// `s` string, `n` number or bool, `null`, `empty` (the empty string).
    pub kind: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct ModifierChip {
    pub name: String,
    pub meaning: String,
    pub known: bool,
}

/// One `field|modifiers: values` line of a selection.
#[derive(Debug, Clone, Serialize)]
pub struct FieldRow {
    /// Empty for the keyword form `'|all': [...]`.
    pub field: String,
    pub modifiers: Vec<ModifierChip>,
    /// The comparison in words: "equals", "ends with", "matches the regular expression", …
    pub op: String,
    /// "any of", "all of", or empty for a single value.
    pub quantifier: String,
    pub values: Vec<ValueView>,
    /// Values left out of the page (the YAML has them all).
    pub omitted: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct SelectionView {
    /// `sel-<n>`: an element id made by us, not from the identifier's name.
    pub anchor: String,
    pub name: String,
    /// `fields` (all rows must hold), `maps` (any group may hold), `keywords`, `other`.
    pub shape: &'static str,
    /// Whether any condition refers to it.
    pub used: bool,
    pub groups: Vec<Vec<FieldRow>>,
    pub keywords: Vec<ValueView>,
    pub omitted: usize,
}

/// A node of the condition tree in pre-order, for templates without recursion: after the
/// item, open a nested list when `open`, then close `close` nested lists.
#[derive(Debug, Clone, Serialize)]
pub struct CondItem {
    pub op: &'static str,
    pub label: String,
    pub anchor: Option<String>,
    pub missing: bool,
    pub open: bool,
    pub close: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ConditionView {
    pub text: String,
    /// The tree, flattened (see [`CondItem`]); empty when the condition does not parse.
    pub tree: Vec<CondItem>,
    pub error: Option<String>,
    pub aggregation: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DetectionView {
    pub selections: Vec<SelectionView>,
    pub conditions: Vec<ConditionView>,
    pub timeframe: Option<String>,
    /// Every modifier used, once, in order of first use.
    pub modifiers: Vec<ModifierChip>,
}

#[derive(Debug, Clone, Serialize)]
pub struct KeyValue {
    pub key: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CorrelationView {
    pub kind: String,
    pub meaning: String,
    pub rules: Vec<RelatedItem>,
    pub group_by: Vec<String>,
    pub timespan: String,
    pub condition: Vec<KeyValue>,
    pub generate: Option<String>,
    pub aliases: Vec<KeyValue>,
    /// The correlation as a sentence: "more than 3 events of *Rule X* per TargetUserName
    /// within 5 minutes".
    pub words: CorrelationWords,
}

/// A sentence around a list of rule links: `before` rule (`joiner` rule)… `after`.
#[derive(Debug, Clone, Serialize, Default)]
pub struct CorrelationWords {
    pub before: String,
    pub rules: Vec<RelatedItem>,
    pub joiner: String,
    pub after: String,
}

/// What deploying a rule takes: the fields its detection reads and what its log source needs
/// (the log source itself is on the metadata card).
#[derive(Debug, Clone, Serialize)]
pub struct NeedsView {
    pub fields: Vec<String>,
    /// The detection searches keywords, so the events' full text must be searchable.
    pub keywords: bool,
    /// The log source's `definition`: what must be collected or configured.
    pub definition: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RuleView {
    pub rule: RuleLink,
    /// `rule`, `correlation` or `filter`.
    pub kind: &'static str,
    pub name: String,
    pub description: Vec<String>,
    pub author: String,
    pub logsource: Vec<LogsourceItem>,
    pub path: String,
    /// The raw YAML next to the page (`<slug>.yml`), relative to the page.
    pub raw_href: String,
    pub view_url: Option<String>,
    pub edit_url: Option<String>,
    pub references: Vec<LinkText>,
    /// Each false positive with its entry on the false-positive index, if it has one.
    pub falsepositives: Vec<FalsePositive>,
    pub fields: Vec<String>,
    pub attack: AttackTags,
    pub related: Vec<RelatedItem>,
    pub referenced_by: Vec<RelatedItem>,
    pub successors: Vec<RuleLink>,
    pub detection: Option<DetectionView>,
    pub correlation: Option<CorrelationView>,
    /// The rules a filter applies to.
    pub filter_rules: Vec<RelatedItem>,
    pub yaml_detection: Option<Highlighted>,
    pub yaml_full: Highlighted,
    pub findings: Vec<Finding>,
    /// `rule N of M in this file` when the file holds several documents.
    pub document: Option<String>,
    pub needs: NeedsView,
}

#[derive(Debug, Clone, Serialize)]
pub struct DeprecatedItem {
    pub rule: RuleLink,
    pub successors: Vec<RuleLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DeprecatedView {
    pub rules: Vec<DeprecatedItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatrixCell {
    pub id: String,
    pub name: String,
    pub href: String,
    pub count: usize,
    /// 0 (no rule) to 5, for the shading class.
    pub shade: u8,
    pub subs: Vec<MatrixCell>,
    /// Sub-techniques with at least one rule.
    pub subs_covered: usize,
    /// `hit` for a target with a rule, `gap` for a target without one, empty otherwise.
    pub target: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct TargetsView {
    /// What the targets are: `G0016 (APT29), T1059`.
    pub sources: String,
    pub covered: usize,
    pub total: usize,
    /// Targets without a rule, with their names and pages.
    pub gaps: Vec<TechniqueRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatrixColumn {
    pub tactic: TacticRef,
    pub covered: usize,
    pub total: usize,
    pub cells: Vec<MatrixCell>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LegendItem {
    pub shade: u8,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatrixView {
    pub columns: Vec<MatrixColumn>,
    pub legend: Vec<LegendItem>,
    pub covered: usize,
    pub total: usize,
    /// Technique tags of the pack that the loaded release does not know.
    pub unknown: Vec<Count>,
    /// The public ATT&CK Navigator with this site's layer, when `--base-url` is set.
    pub navigator_url: Option<String>,
    /// Built with targets (`sigscope site --target-group …`).
    pub targets: Option<TargetsView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TechniqueLink {
    pub id: String,
    pub name: String,
    pub href: String,
    pub count: usize,
    pub shade: u8,
}

#[derive(Debug, Clone, Serialize)]
pub struct TechniqueView {
    pub id: String,
    pub name: String,
    pub url: Option<String>,
    pub tactics: Vec<TacticRef>,
    pub parent: Option<TechniqueLink>,
    pub subtechniques: Vec<TechniqueLink>,
    pub platforms: Vec<String>,
    pub status: String,
    pub replacement: Option<TechniqueLink>,
    pub rules: Vec<RuleLink>,
    /// Rules tagged with one of the sub-techniques.
    pub sub_rules: Vec<RuleLink>,
    pub groups: Vec<EntityRef>,
    pub software: Vec<EntityRef>,
    pub known: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct TacticView {
    pub tactic: TacticRef,
    pub techniques: Vec<TechniqueLink>,
    pub covered: usize,
    pub total: usize,
    /// Rules tagged with the tactic itself.
    pub rules: Vec<RuleLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProductGroup {
    pub product: Count,
    pub categories: Vec<Count>,
    pub services: Vec<Count>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LogsourcesView {
    pub products: Vec<ProductGroup>,
    pub categories: Vec<Count>,
    pub services: Vec<Count>,
    /// Rules with no product, category or service.
    pub without: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct LogsourceView {
    /// `product`, `category` or `service`.
    pub kind: &'static str,
    pub name: String,
    pub rules: Vec<RuleLink>,
    /// The other two axes among these rules.
    pub related: Vec<Count>,
    pub techniques: Vec<Count>,
    /// Fields the rules' detections use, by the number of rules using each.
    pub fields: Vec<Count>,
    /// Fields beyond those listed.
    pub fields_omitted: usize,
    /// The `definition`s the rules give for this log source, by rule count.
    pub definitions: Vec<Count>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LintSummary {
    pub code: String,
    pub name: String,
    pub severity: String,
    pub summary: String,
    /// The summary's Markdown (code spans) as sanitized inline HTML.
    pub summary_html: String,
    pub href: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct LintsView {
    pub lints: Vec<LintSummary>,
    pub totals: Totals,
}

#[derive(Debug, Clone, Serialize)]
pub struct LintFinding {
    pub rule: Option<RuleLink>,
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: Vec<TextPart>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LintView {
    pub lint: LintSummary,
    /// The lint's documentation: our Markdown, rendered and sanitized.
    pub doc_html: String,
    pub findings: Vec<LintFinding>,
    pub omitted: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct FalsePositive {
    pub text: String,
    /// `rules/falsepositives.html#fp-<slug>`.
    pub href: Option<String>,
    /// Other rules that name the same false positive.
    pub others: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct FalsePositiveGroup {
    /// `fp-<slug of the normalised text>`.
    pub anchor: String,
    pub text: String,
    pub rules: Vec<FpRule>,
    /// The rules' techniques, most tagged first.
    pub techniques: Vec<FpTechnique>,
}

/// A rule as the false-positive page lists it: only what its link needs, the page lists
/// thousands.
#[derive(Debug, Clone, Serialize)]
pub struct FpRule {
    pub slug: String,
    pub title: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FpTechnique {
    pub id: String,
    pub name: String,
    pub href: String,
    /// Rules of the entry tagged with it.
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct FalsePositivesView {
    pub groups: Vec<FalsePositiveGroup>,
    /// Rules that name no specific false positive ("Unknown" or none).
    pub generic: usize,
    /// (entry, rule) pairs on the page.
    pub named: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_parts() {
        let p = text_parts("tag `a` is not `b`");
        let got: Vec<(bool, &str)> = p.iter().map(|x| (x.code, x.text.as_str())).collect();
        assert_eq!(
            got,
            [
                (false, "tag "),
                (true, "a"),
                (false, " is not "),
                (true, "b")
            ]
        );
        let p = text_parts("odd ` tick");
        let got: Vec<(bool, &str)> = p.iter().map(|x| (x.code, x.text.as_str())).collect();
        assert_eq!(got, [(false, "odd "), (false, "` tick")]);
    }
}
