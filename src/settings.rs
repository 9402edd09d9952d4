//! The resolved settings of a run: which lints run and at what severity, which files are
//! checked, the limits and the ATT&CK catalogue. `config` fills them from `sigscope.toml` and
//! the command line; every later stage only reads them.

use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobMatcher};

use crate::lint::{Lint, Profile, Severity, Specificity};

/// Default for [`Settings::max_file_size`]: real rules are a few KiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 1024 * 1024;

#[derive(Debug, Clone)]
pub struct Settings {
    pub max_file_size: u64,
    /// The ATT&CK catalogue tags are checked against (`--attack-data`, else the embedded one).
    pub attack: std::sync::Arc<crate::attack::Attack>,
    /// The log-source taxonomy field names are checked against: the embedded one, extended by
    /// `--taxonomy`.
    pub taxonomy: std::sync::Arc<crate::sigma::taxonomy::Taxonomy>,
    /// Which lints run: `default`, or `sigmahq` for SigmaHQ's house style on top.
    pub profile: Profile,
    /// `select`, `extend-select` and `ignore` (see [`Selection`]).
    pub selection: Selection,
    /// Severity overrides by code or group prefix; the most specific wins.
    pub severity: Vec<(String, Severity)>,
    /// Codes or group prefixes whose fixes are dropped (`unfixable`).
    pub unfixable: Vec<String>,
    /// Lints turned off for the files matching a glob.
    pub per_file_ignores: Vec<PerFileIgnore>,
    /// Files and directories never checked.
    pub exclude: PathGlobs,
    /// Tag namespaces accepted besides those of the Sigma specification.
    pub extra_namespaces: Vec<String>,
}

impl Settings {
    /// Whether findings of `lint` are reported in this run.
    pub fn enabled(&self, lint: &Lint) -> bool {
        self.selection.enables(lint, self.profile)
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            attack: crate::attack::Attack::embedded(),
            taxonomy: crate::sigma::taxonomy::Taxonomy::embedded(),
            profile: Profile::Default,
            selection: Selection::default(),
            severity: Vec::new(),
            unfixable: Vec::new(),
            per_file_ignores: Vec::new(),
            exclude: PathGlobs::default(),
            extra_namespaces: Vec::new(),
        }
    }
}

/// The most specific of `selectors` that picks `lint` ([`Lint::selected_by`]).
fn best_match<'a>(
    lint: &Lint,
    selectors: impl IntoIterator<Item = &'a String>,
) -> Option<Specificity> {
    selectors
        .into_iter()
        .filter_map(|s| lint.selected_by(s))
        .max()
}

/// Which lints run: `select`/`extend-select` turn lints on, `ignore` turns them off; the most
/// specific selector wins (`ignore = ["SC2"]` with `extend-select = ["SC201"]` keeps SC201), and
/// `ignore` wins a tie. A group prefix only selects the lints the profile turns on; a full code
/// turns its lint on whatever the profile. A retired code selects the lints that took its
/// findings, less specifically than their own codes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// `None`: every lint of the profile.
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
}

impl Selection {
    pub fn enables(&self, lint: &Lint, profile: Profile) -> bool {
        let pos = best_match(
            lint,
            self.select.iter().flatten().chain(&self.extend_select),
        );
        let neg = best_match(lint, &self.ignore);
        match (pos, neg) {
            (p, Some(n)) if p.is_none_or(|p| n >= p) => false,
            (Some(p), _) => p.is_whole_code() || profile.enables(lint.profile),
            _ => self.select.is_none() && profile.enables(lint.profile),
        }
    }
}

/// The severity a lint is reported at: the most specific override, else its default.
pub fn severity_for(lint: &Lint, overrides: &[(String, Severity)]) -> Severity {
    overrides
        .iter()
        .filter_map(|(s, sev)| Some((lint.selected_by(s)?, *sev)))
        .max_by_key(|(specificity, _)| *specificity)
        .map_or(lint.default_severity, |(_, sev)| sev)
}

// ---------------------------------------------------------------------------------------------
// Path globs
// ---------------------------------------------------------------------------------------------

/// Glob patterns over file paths (`exclude`, `per-file-ignores`). A path matches when it or one
/// of its parent directories matches, taken as written on the command line and relative to the
/// configuration file's directory; a pattern without `/` also matches a file or directory name
/// anywhere (`deprecated`, `*_test.yml`). `*` does not cross `/`; `**` does.
#[derive(Debug, Clone, Default)]
pub struct PathGlobs {
    pub patterns: Vec<String>,
    matchers: Vec<(GlobMatcher, bool)>,
    /// Directory of the configuration file (absolute), or `None` for the working directory.
    root: Option<PathBuf>,
}

impl PathGlobs {
    pub fn new(patterns: &[String], root: Option<&Path>) -> Result<Self, String> {
        let mut matchers = Vec::new();
        for p in patterns {
            let glob = GlobBuilder::new(p.trim_start_matches("./"))
                .literal_separator(true)
                .build()
                .map_err(|e| format!("invalid glob `{p}`: {}", e.kind()))?;
            matchers.push((glob.compile_matcher(), !p.contains('/')));
        }
        Ok(Self {
            patterns: patterns.to_vec(),
            matchers,
            root: root.map(Path::to_path_buf),
        })
    }

    pub fn is_empty(&self) -> bool {
        self.matchers.is_empty()
    }

    pub fn matches(&self, path: &Path) -> bool {
        if self.matchers.is_empty() {
            return false;
        }
        let given = crate::walk::normalise(path);
        let mut candidates = Vec::with_capacity(2);
        if given.is_relative() {
            candidates.push(given.clone());
        }
        let root = match &self.root {
            Some(r) => Some(r.clone()),
            None => std::env::current_dir().ok(),
        };
        if let (Some(root), Ok(abs)) = (root, std::path::absolute(&given)) {
            let abs = crate::walk::normalise(&abs);
            if let Ok(rel) = abs.strip_prefix(&root) {
                candidates.push(rel.to_path_buf());
            } else if given.is_absolute() {
                // Outside the project: only a pattern for the whole absolute path can match.
                return self.matchers.iter().any(|(m, _)| m.is_match(&abs));
            }
        }
        candidates.iter().any(|c| {
            c.ancestors()
                .filter(|a| !a.as_os_str().is_empty())
                .any(|a| {
                    self.matchers.iter().any(|(m, basename)| {
                        m.is_match(a) || (*basename && a.file_name().is_some_and(|n| m.is_match(n)))
                    })
                })
        })
    }
}

/// `per-file-ignores`: lints turned off for the files a glob matches.
#[derive(Debug, Clone)]
pub struct PerFileIgnore {
    pub glob: PathGlobs,
    pub codes: Vec<String>,
}
