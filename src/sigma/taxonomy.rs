//! The log-source taxonomy: which fields each log source has, which of them the log source
//! already implies, and the Windows facts SigmaHQ's house style checks.
//!
//! Two sources, one added to the other: the embedded table `taxonomy.tsv` (SigmaHQ's, generated
//! by `scripts/taxonomy_data.py` from pySigma-validators-sigmahq's data, LGPL-2.1-only: field
//! names are facts about log sources), and a team's own file in the upstream
//! `sigmahq_taxonomy.json` format ([`Taxonomy::extend_from_json_file`], `--taxonomy`), whose log
//! sources and fields add to the embedded ones.
//!
//! A log source is looked up by its exact `product`, `category` and `service`, as
//! pySigma-validators-sigmahq does: `product: windows` alone is another log source than
//! `product: windows` with `service: security`.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::Path;
use std::sync::{Arc, LazyLock};

/// The embedded table (see `scripts/taxonomy_data.py` for its format).
pub const EMBEDDED_TABLE: &str = include_str!("taxonomy.tsv");

/// `product`, `category` and `service` of a log source; `None` when the key is absent.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceKey {
    pub product: Option<String>,
    pub category: Option<String>,
    pub service: Option<String>,
}

impl SourceKey {
    pub fn new(product: Option<&str>, category: Option<&str>, service: Option<&str>) -> Self {
        Self {
            product: product.map(str::to_string),
            category: category.map(str::to_string),
            service: service.map(str::to_string),
        }
    }
}

impl fmt::Display for SourceKey {
    /// `product: windows, category: process_creation`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut sep = "";
        for (k, v) in [
            ("product", &self.product),
            ("category", &self.category),
            ("service", &self.service),
        ] {
            if let Some(v) = v {
                write!(f, "{sep}{k}: {v}")?;
                sep = ", ";
            }
        }
        Ok(())
    }
}

/// What the taxonomy knows of one log source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Source {
    /// Its field names; empty when the log source is known without a list of fields.
    pub fields: BTreeSet<String>,
    /// Fields the log source already implies (`Channel` and `EventID` of Sysmon categories).
    pub redundant: BTreeSet<String>,
}

/// The log-source taxonomy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Taxonomy {
    /// The upstream package version and git commit the embedded table was generated from.
    pub upstream: (String, String),
    /// SigmaHQ's taxonomy version (`20251117`).
    pub version: String,
    /// The version of the Windows provider and `EventID` lists.
    pub windows_version: String,
    sources: HashMap<SourceKey, Source>,
    /// Windows category → the `Provider_Name` values it already implies.
    providers: HashMap<String, Vec<String>>,
    /// Windows categories whose events need no `EventID`.
    no_eventid: BTreeSet<String>,
}

static EMBEDDED: LazyLock<Arc<Taxonomy>> = LazyLock::new(|| {
    Arc::new(Taxonomy::parse_table(EMBEDDED_TABLE).expect("the embedded taxonomy table parses"))
});

impl Taxonomy {
    /// SigmaHQ's taxonomy, embedded at build time.
    pub fn embedded() -> Arc<Self> {
        Arc::clone(&EMBEDDED)
    }

    /// Parses a table in the format `scripts/taxonomy_data.py` writes.
    pub fn parse_table(text: &str) -> Result<Self, String> {
        let mut t = Self::default();
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let bad = || format!("line {}: malformed record `{line}`", n + 1);
            let cols: Vec<&str> = line.split('\t').collect();
            let opt = |s: &str| (s != "-").then(|| s.to_string());
            let key = |cols: &[&str]| -> Result<SourceKey, String> {
                match cols {
                    [p, c, s, ..] => Ok(SourceKey {
                        product: opt(p),
                        category: opt(c),
                        service: opt(s),
                    }),
                    _ => Err(bad()),
                }
            };
            let words = |cols: &[&str]| cols.iter().map(|s| s.to_string()).collect::<Vec<_>>();
            match cols.as_slice() {
                ["upstream", version, commit] => {
                    t.upstream = (version.to_string(), commit.to_string());
                }
                ["version", "taxonomy", v] => t.version = v.to_string(),
                ["version", "windows", v] => t.windows_version = v.to_string(),
                ["fields", rest @ ..] => {
                    let k = key(rest)?;
                    t.sources
                        .entry(k)
                        .or_default()
                        .fields
                        .extend(words(&rest[3..]));
                }
                ["redundant", rest @ ..] => {
                    let k = key(rest)?;
                    let source = t.sources.get_mut(&k).ok_or_else(bad)?;
                    source.redundant.extend(words(&rest[3..]));
                }
                ["provider", category, names @ ..] if !names.is_empty() => {
                    t.providers.insert(category.to_string(), words(names));
                }
                ["no-eventid", category] => {
                    t.no_eventid.insert(category.to_string());
                }
                _ => return Err(bad()),
            }
        }
        Ok(t)
    }

    /// The log source with exactly these `product`, `category` and `service`, if known.
    pub fn source(
        &self,
        product: Option<&str>,
        category: Option<&str>,
        service: Option<&str>,
    ) -> Option<&Source> {
        // Few lookups per rule: building the owned key is cheaper than a borrowed-key map.
        self.sources
            .get(&SourceKey::new(product, category, service))
    }

    /// Every known log source, sorted.
    pub fn sources(&self) -> Vec<(&SourceKey, &Source)> {
        let mut v: Vec<_> = self.sources.iter().collect();
        v.sort_by(|a, b| a.0.cmp(b.0));
        v
    }

    /// The `Provider_Name` values a Windows category already implies.
    pub fn provider_names(&self, category: &str) -> &[String] {
        self.providers.get(category).map_or(&[], Vec::as_slice)
    }

    /// Whether a Windows category's events need no `EventID` (generic categories such as
    /// `process_creation`, fed by several logs).
    pub fn is_generic_windows_category(&self, category: &str) -> bool {
        self.no_eventid.contains(category)
    }

    /// Adds a taxonomy in the `sigmahq_taxonomy.json` format: its log sources join the known
    /// ones, and the fields (`native` and `custom`) and redundant fields of a log source already
    /// known join its own.
    pub fn extend_from_json(&mut self, text: &str) -> Result<(), TaxonomyError> {
        let file: json::File =
            serde_json::from_str(text).map_err(|e| TaxonomyError::Json(e.to_string()))?;
        for (_, entry) in file.taxonomy {
            let l = entry.logsource;
            let source = self
                .sources
                .entry(SourceKey {
                    product: l.product,
                    category: l.category,
                    service: l.service,
                })
                .or_default();
            source
                .fields
                .extend(entry.field.native.into_iter().chain(entry.field.custom));
            source.redundant.extend(entry.field.redundant);
        }
        Ok(())
    }

    /// [`Taxonomy::extend_from_json`] with the file at `path`.
    pub fn extend_from_json_file(&mut self, path: &Path) -> Result<(), TaxonomyError> {
        let text = std::fs::read_to_string(path).map_err(|e| TaxonomyError::Io(e.to_string()))?;
        self.extend_from_json(&text)
    }
}

/// Why a taxonomy file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaxonomyError {
    Io(String),
    /// Not JSON, or not in the format; serde's message says where.
    Json(String),
}

impl fmt::Display for TaxonomyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io(e) => write!(f, "cannot read the file: {e}"),
            Self::Json(message) => write!(
                f,
                "not a taxonomy in the `sigmahq_taxonomy.json` format: {message}"
            ),
        }
    }
}

impl std::error::Error for TaxonomyError {}

/// The `sigmahq_taxonomy.json` format (pySigma-validators-sigmahq's
/// `json-schema/schema_sigmahq_taxonomy.json`); keys the schema requires but that carry nothing
/// for the checks (`title`, `version`, `description`, `definition`) may be left out.
mod json {
    use std::collections::BTreeMap;

    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    pub struct File {
        pub taxonomy: BTreeMap<String, Entry>,
    }

    #[derive(Debug, Deserialize)]
    pub struct Entry {
        pub logsource: LogSource,
        pub field: Fields,
    }

    #[derive(Debug, Deserialize)]
    pub struct LogSource {
        #[serde(default)]
        pub product: Option<String>,
        #[serde(default)]
        pub category: Option<String>,
        #[serde(default)]
        pub service: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    pub struct Fields {
        #[serde(default)]
        pub native: Vec<String>,
        #[serde(default)]
        pub custom: Vec<String>,
        #[serde(default)]
        pub redundant: Vec<String>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_team_file_extends_a_known_log_source_and_adds_new_ones() {
        let mut t = Taxonomy::parse_table(
            "fields\twindows\tprocess_creation\t-\tCommandLine\tImage\n\
             redundant\twindows\tprocess_creation\t-\tEventID\n",
        )
        .unwrap();
        t.extend_from_json(
            r#"{"taxonomy": {
                "a": {"logsource": {"product": "windows", "category": "process_creation", "service": null},
                      "field": {"native": ["ParentImage"], "custom": ["AcmeTag"], "redundant": ["Channel"]}},
                "b": {"logsource": {"product": "acme", "category": null, "service": "edr"},
                      "field": {"native": [], "custom": [], "redundant": []}}}}"#,
        )
        .unwrap();
        let s = t
            .source(Some("windows"), Some("process_creation"), None)
            .unwrap();
        let fields: Vec<&str> = s.fields.iter().map(String::as_str).collect();
        assert_eq!(fields, ["AcmeTag", "CommandLine", "Image", "ParentImage"]);
        let redundant: Vec<&str> = s.redundant.iter().map(String::as_str).collect();
        assert_eq!(redundant, ["Channel", "EventID"]);
        assert!(
            t.source(Some("acme"), None, Some("edr"))
                .unwrap()
                .fields
                .is_empty()
        );
        assert!(t.source(Some("acme"), None, None).is_none());
    }

    #[test]
    fn a_bad_team_file_says_where() {
        let mut t = Taxonomy::default();
        let e = t
            .extend_from_json("{\"taxonomy\": {\"a\": {\"logsource\": {}}}}")
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "not a taxonomy in the `sigmahq_taxonomy.json` format: missing field `field` at line 1 column 36"
        );
    }
}
