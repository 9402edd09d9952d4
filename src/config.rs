//! `sigscope.toml`: discovery (walk up from a directory), parsing with byte spans so a bad key or
//! value is reported at its place in the file, command-line overrides, the resolved settings with
//! where each came from (`sigscope config`), and [`Configs`], the configuration of each checked
//! file: the closest `sigscope.toml` among its ancestors, as ruff does.
//!
//! Precedence, per option: command line, then the configuration file, then the default. List
//! options are replaced whole, not merged (`--ignore SC2` replaces the file's `ignore`).

use std::collections::{BTreeMap, HashMap};
use std::ffi::OsString;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use serde::Deserialize;
use toml::Spanned;

use crate::attack::{Attack, AttackError};
use crate::lint::{Profile, Severity};
use crate::lints::{Active, parse_selector};
use crate::settings::{DEFAULT_MAX_FILE_SIZE, PathGlobs, PerFileIgnore, Selection, Settings};
use crate::sigma::taxonomy::Taxonomy;
use crate::source::{ShownText, Snippet, SourceFile, escape_controls};

/// The file name looked for in a directory and each of its parents.
pub const FILE_NAME: &str = "sigscope.toml";

/// Default site title (`[site] title`, `--title`).
pub const DEFAULT_SITE_TITLE: &str = "Detection catalogue";
/// Default branch for repository links (`[site] branch`, `--branch`).
pub const DEFAULT_SITE_BRANCH: &str = "main";

// ---------------------------------------------------------------------------------------------
// Resolved configuration
// ---------------------------------------------------------------------------------------------

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Default,
    File(PathBuf),
    /// The command-line flag that set it, e.g. `--select`.
    Cli(&'static str),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Default => f.write_str("default"),
            Self::File(p) => write!(f, "{}", p.display()),
            Self::Cli(flag) => write!(f, "command line ({flag})"),
        }
    }
}

/// A resolved value and its origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sourced<T> {
    pub value: T,
    pub origin: Origin,
}

impl<T> Sourced<T> {
    fn default(value: T) -> Self {
        Self {
            value,
            origin: Origin::Default,
        }
    }
}

/// Settings given on the command line; `None` leaves the option to the file or the default.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub profile: Option<Profile>,
    pub select: Option<Vec<String>>,
    pub extend_select: Option<Vec<String>>,
    pub ignore: Option<Vec<String>>,
    pub unfixable: Option<Vec<String>>,
    pub unsafe_fixes: Option<bool>,
    pub severity: Option<Vec<(String, Severity)>>,
    pub per_file_ignores: Option<Vec<(String, Vec<String>)>>,
    pub exclude: Option<Vec<String>>,
    pub fail_level: Option<Severity>,
    pub max_file_size: Option<u64>,
    pub attack_data: Option<PathBuf>,
    pub taxonomy: Option<PathBuf>,
    pub extra_tag_namespaces: Option<Vec<String>>,
    pub site_title: Option<String>,
    pub site_base_url: Option<String>,
    pub site_repo_url: Option<String>,
    pub site_branch: Option<String>,
}

/// Every setting, resolved, with its origin.
#[derive(Debug, Clone)]
pub struct Config {
    /// The configuration file that was read, if any.
    pub file: Option<PathBuf>,
    /// The file's directory (absolute): globs and paths in the file are relative to it.
    pub root: Option<PathBuf>,
    pub profile: Sourced<Profile>,
    pub select: Sourced<Option<Vec<String>>>,
    pub extend_select: Sourced<Vec<String>>,
    pub ignore: Sourced<Vec<String>>,
    /// Lints whose fixes are dropped (never offered nor applied).
    pub unfixable: Sourced<Vec<String>>,
    /// Whether `--fix`/`--diff` apply unsafe fixes too.
    pub unsafe_fixes: Sourced<bool>,
    pub severity: Sourced<Vec<(String, Severity)>>,
    pub per_file_ignores: Sourced<Vec<(String, Vec<String>)>>,
    pub exclude: Sourced<Vec<String>>,
    pub fail_level: Sourced<Severity>,
    pub max_file_size: Sourced<u64>,
    /// Relative paths from the file are taken relative to the file's directory.
    pub attack_data: Sourced<Option<PathBuf>>,
    /// A taxonomy file whose log sources and fields add to the embedded taxonomy; relative
    /// paths from the file are taken relative to the file's directory.
    pub taxonomy: Sourced<Option<PathBuf>>,
    pub extra_tag_namespaces: Sourced<Vec<String>>,
    pub site_title: Sourced<String>,
    pub site_base_url: Sourced<Option<String>>,
    pub site_repo_url: Sourced<Option<String>>,
    pub site_branch: Sourced<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            file: None,
            root: None,
            profile: Sourced::default(Profile::Default),
            select: Sourced::default(None),
            extend_select: Sourced::default(Vec::new()),
            ignore: Sourced::default(Vec::new()),
            unfixable: Sourced::default(Vec::new()),
            unsafe_fixes: Sourced::default(false),
            severity: Sourced::default(Vec::new()),
            per_file_ignores: Sourced::default(Vec::new()),
            exclude: Sourced::default(Vec::new()),
            fail_level: Sourced::default(Severity::Error),
            max_file_size: Sourced::default(DEFAULT_MAX_FILE_SIZE),
            attack_data: Sourced::default(None),
            taxonomy: Sourced::default(None),
            extra_tag_namespaces: Sourced::default(Vec::new()),
            site_title: Sourced::default(DEFAULT_SITE_TITLE.to_string()),
            site_base_url: Sourced::default(None),
            site_repo_url: Sourced::default(None),
            site_branch: Sourced::default(DEFAULT_SITE_BRANCH.to_string()),
        }
    }
}

/// The nearest `sigscope.toml` in `start` or one of its parents.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// How to find the configuration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// Walk up from this directory.
    Discover(PathBuf),
    /// This file (`--config FILE`); it must exist.
    File(PathBuf),
    /// No file (`--isolated`).
    None,
}

impl Config {
    /// Finds and reads the configuration file, then applies the command-line overrides.
    pub fn load(location: &Location, cli: &Overrides) -> Result<Self, ConfigError> {
        let path = match location {
            Location::Discover(dir) => discover(dir),
            Location::File(p) => Some(p.clone()),
            Location::None => None,
        };
        let mut config = match path {
            Some(p) => {
                let text = std::fs::read_to_string(&p).map_err(|e| ConfigError {
                    path: p.clone(),
                    text: None,
                    span: None,
                    message: format!("cannot read configuration file: {e}"),
                    help: None,
                })?;
                Self::parse(&p, &text)?
            }
            None => Self::default(),
        };
        config.apply(cli);
        Ok(config)
    }

    /// Parses the text of a configuration file read from `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Self, ConfigError> {
        let err = |span: Option<Range<usize>>, message: String, help: Option<String>| ConfigError {
            path: path.to_path_buf(),
            text: Some(Arc::from(text)),
            span,
            message,
            help,
        };
        let raw: Raw = toml::from_str(text).map_err(|e| {
            let message = e.message().trim().to_string();
            let help = message.starts_with("unknown field").then(|| {
                String::from("see the README's *Configuration* section for the accepted keys")
            });
            err(e.span(), message, help)
        })?;
        fn sourced<T>(path: &Path, value: T) -> Sourced<T> {
            Sourced {
                value,
                origin: Origin::File(path.to_path_buf()),
            }
        }
        let dir = path
            .parent()
            .map(|d| {
                if d.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    d
                }
            })
            .map(|d| std::path::absolute(d).unwrap_or_else(|_| d.to_path_buf()));
        let selectors = |list: Vec<Spanned<String>>| -> Result<Vec<String>, ConfigError> {
            list.into_iter()
                .map(|s| parse_selector(s.get_ref()).map_err(|m| err(Some(s.span()), m, None)))
                .collect()
        };
        let severity = |s: &Spanned<String>| -> Result<Severity, ConfigError> {
            s.get_ref()
                .parse()
                .map_err(|m| err(Some(s.span()), m, None))
        };
        let mut c = Self {
            file: Some(path.to_path_buf()),
            ..Self::default()
        };
        if let Some(p) = raw.profile {
            let value = match p.get_ref().as_str() {
                "default" => Profile::Default,
                "sigmahq" => Profile::SigmaHq,
                other => {
                    return Err(err(
                        Some(p.span()),
                        format!("unknown profile `{other}`; expected `default` or `sigmahq`"),
                        None,
                    ));
                }
            };
            c.profile = sourced(path, value);
        }
        if let Some(l) = raw.select {
            c.select = sourced(path, Some(selectors(l)?));
        }
        if let Some(l) = raw.extend_select {
            c.extend_select = sourced(path, selectors(l)?);
        }
        if let Some(l) = raw.ignore {
            c.ignore = sourced(path, selectors(l)?);
        }
        if let Some(l) = raw.unfixable {
            c.unfixable = sourced(path, selectors(l)?);
        }
        if let Some(b) = raw.unsafe_fixes {
            c.unsafe_fixes = sourced(path, b.into_inner());
        }
        if let Some(map) = raw.severity {
            let mut v = Vec::new();
            for (k, s) in map {
                let code = parse_selector(k.get_ref()).map_err(|m| err(Some(k.span()), m, None))?;
                v.push((code, severity(&s)?));
            }
            c.severity = sourced(path, v);
        }
        if let Some(map) = raw.per_file_ignores {
            let mut v = Vec::new();
            for (k, codes) in map {
                PathGlobs::new(std::slice::from_ref(k.get_ref()), None)
                    .map_err(|m| err(Some(k.span()), m, None))?;
                v.push((k.into_inner(), selectors(codes)?));
            }
            c.per_file_ignores = sourced(path, v);
        }
        if let Some(l) = raw.exclude {
            let mut v = Vec::new();
            for g in l {
                PathGlobs::new(std::slice::from_ref(g.get_ref()), None)
                    .map_err(|m| err(Some(g.span()), m, None))?;
                v.push(g.into_inner());
            }
            c.exclude = sourced(path, v);
        }
        if let Some(l) = raw.fail_level {
            c.fail_level = sourced(path, severity(&l)?);
        }
        if let Some(n) = raw.max_file_size {
            if *n.get_ref() == 0 {
                return Err(err(
                    Some(n.span()),
                    String::from("`max-file-size` must be at least 1 byte"),
                    None,
                ));
            }
            c.max_file_size = sourced(path, n.into_inner());
        }
        for (value, slot) in [
            (raw.attack_data, &mut c.attack_data),
            (raw.taxonomy, &mut c.taxonomy),
        ] {
            if let Some(p) = value {
                let p = PathBuf::from(p.into_inner());
                let p = match &dir {
                    Some(d) if p.is_relative() => d.join(p),
                    _ => p,
                };
                *slot = sourced(path, Some(p));
            }
        }
        if let Some(l) = raw.extra_tag_namespaces {
            let mut v = Vec::new();
            for ns in l {
                let s = ns.get_ref();
                if s.is_empty() || s.contains('.') || s.chars().any(char::is_whitespace) {
                    return Err(err(
                        Some(ns.span()),
                        format!("invalid tag namespace `{s}`"),
                        Some(String::from(
                            "write the namespace alone, without dots: `mycorp` for tags like `mycorp.detection`",
                        )),
                    ));
                }
                v.push(ns.into_inner());
            }
            c.extra_tag_namespaces = sourced(path, v);
        }
        if let Some(site) = raw.site {
            if let Some(t) = site.title {
                c.site_title = sourced(path, t.into_inner());
            }
            for (value, slot) in [
                (site.base_url, &mut c.site_base_url),
                (site.repo_url, &mut c.site_repo_url),
            ] {
                if let Some(u) = value {
                    let s = u.get_ref();
                    if !(s.starts_with("https://") || s.starts_with("http://")) {
                        return Err(err(
                            Some(u.span()),
                            format!("`{s}` is not an http(s) URL"),
                            Some(String::from("write an absolute URL: `https://…`")),
                        ));
                    }
                    *slot = sourced(path, Some(u.into_inner()));
                }
            }
            if let Some(b) = site.branch {
                c.site_branch = sourced(path, b.into_inner());
            }
        }
        // Globs in the file are relative to the file's directory.
        c.root = dir;
        Ok(c)
    }

    /// Applies command-line overrides.
    pub fn apply(&mut self, cli: &Overrides) {
        fn set<T: Clone>(slot: &mut Sourced<T>, v: Option<&T>, flag: &'static str) {
            if let Some(v) = v {
                *slot = Sourced {
                    value: v.clone(),
                    origin: Origin::Cli(flag),
                };
            }
        }
        set(&mut self.profile, cli.profile.as_ref(), "--profile");
        if let Some(s) = &cli.select {
            self.select = Sourced {
                value: Some(s.clone()),
                origin: Origin::Cli("--select"),
            };
        }
        set(
            &mut self.extend_select,
            cli.extend_select.as_ref(),
            "--extend-select",
        );
        set(&mut self.ignore, cli.ignore.as_ref(), "--ignore");
        set(&mut self.unfixable, cli.unfixable.as_ref(), "--unfixable");
        let flag = if cli.unsafe_fixes == Some(false) {
            "--no-unsafe-fixes"
        } else {
            "--unsafe-fixes"
        };
        set(&mut self.unsafe_fixes, cli.unsafe_fixes.as_ref(), flag);
        set(&mut self.severity, cli.severity.as_ref(), "--severity");
        set(
            &mut self.per_file_ignores,
            cli.per_file_ignores.as_ref(),
            "--per-file-ignores",
        );
        set(&mut self.exclude, cli.exclude.as_ref(), "--exclude");
        set(
            &mut self.fail_level,
            cli.fail_level.as_ref(),
            "--fail-level",
        );
        set(
            &mut self.max_file_size,
            cli.max_file_size.as_ref(),
            "--max-file-size",
        );
        if let Some(p) = &cli.attack_data {
            self.attack_data = Sourced {
                value: Some(p.clone()),
                origin: Origin::Cli("--attack-data"),
            };
        }
        if let Some(p) = &cli.taxonomy {
            self.taxonomy = Sourced {
                value: Some(p.clone()),
                origin: Origin::Cli("--taxonomy"),
            };
        }
        set(
            &mut self.extra_tag_namespaces,
            cli.extra_tag_namespaces.as_ref(),
            "--extra-tag-namespaces",
        );
        set(&mut self.site_title, cli.site_title.as_ref(), "--title");
        if let Some(u) = &cli.site_base_url {
            self.site_base_url = Sourced {
                value: Some(u.clone()),
                origin: Origin::Cli("--base-url"),
            };
        }
        if let Some(u) = &cli.site_repo_url {
            self.site_repo_url = Sourced {
                value: Some(u.clone()),
                origin: Origin::Cli("--repo-url"),
            };
        }
        set(&mut self.site_branch, cli.site_branch.as_ref(), "--branch");
    }

    /// Directory that the file's globs are relative to.
    fn glob_root(&self, origin: &Origin) -> Option<PathBuf> {
        match origin {
            Origin::File(_) => self.root.clone(),
            _ => None,
        }
    }

    /// Copies the lint settings into `settings` (the ATT&CK catalogue is loaded by the caller
    /// from [`Config::attack_data`]). Fails only on a bad glob given on the command line.
    pub fn apply_to(&self, settings: &mut Settings) -> Result<(), String> {
        settings.profile = self.profile.value;
        settings.max_file_size = self.max_file_size.value;
        settings.selection = Selection {
            select: self.select.value.clone(),
            extend_select: self.extend_select.value.clone(),
            ignore: self.ignore.value.clone(),
        };
        settings.severity.clone_from(&self.severity.value);
        settings.unfixable.clone_from(&self.unfixable.value);
        let root = self.glob_root(&self.per_file_ignores.origin);
        settings.per_file_ignores = self
            .per_file_ignores
            .value
            .iter()
            .map(|(g, codes)| {
                Ok(PerFileIgnore {
                    glob: PathGlobs::new(std::slice::from_ref(g), root.as_deref())?,
                    codes: codes.clone(),
                })
            })
            .collect::<Result<_, String>>()?;
        settings.exclude = PathGlobs::new(
            &self.exclude.value,
            self.glob_root(&self.exclude.origin).as_deref(),
        )?;
        settings
            .extra_namespaces
            .clone_from(&self.extra_tag_namespaces.value);
        Ok(())
    }

    /// The resolved settings as TOML, each line commented with where its value came from.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        match &self.file {
            Some(p) => out.push_str(&format!("# configuration file: {}\n", p.display())),
            None => out.push_str("# no configuration file (sigscope.toml) found\n"),
        }
        let mut line = |key: &str, value: String, origin: &Origin| {
            let kv = format!("{key} = {value}");
            out.push_str(&format!("{kv:<40} # {origin}\n"));
        };
        line(
            "profile",
            quote(self.profile.value.as_str()),
            &self.profile.origin,
        );
        match &self.select.value {
            Some(s) => line("select", list(s), &self.select.origin),
            None => line("select", String::from("[\"SC\"]"), &self.select.origin),
        }
        line(
            "extend-select",
            list(&self.extend_select.value),
            &self.extend_select.origin,
        );
        line("ignore", list(&self.ignore.value), &self.ignore.origin);
        line(
            "unfixable",
            list(&self.unfixable.value),
            &self.unfixable.origin,
        );
        line(
            "unsafe-fixes",
            self.unsafe_fixes.value.to_string(),
            &self.unsafe_fixes.origin,
        );
        line("exclude", list(&self.exclude.value), &self.exclude.origin);
        line(
            "fail-level",
            quote(self.fail_level.value.as_str()),
            &self.fail_level.origin,
        );
        line(
            "max-file-size",
            self.max_file_size.value.to_string(),
            &self.max_file_size.origin,
        );
        line(
            "attack-data",
            self.attack_data
                .value
                .as_ref()
                .map_or_else(|| String::from("\"\""), |p| quote(&p.to_string_lossy())),
            &self.attack_data.origin,
        );
        line(
            "taxonomy",
            self.taxonomy
                .value
                .as_ref()
                .map_or_else(|| String::from("\"\""), |p| quote(&p.to_string_lossy())),
            &self.taxonomy.origin,
        );
        line(
            "extra-tag-namespaces",
            list(&self.extra_tag_namespaces.value),
            &self.extra_tag_namespaces.origin,
        );
        out.push_str(&format!(
            "\n{:<40} # {}\n",
            "[severity]", self.severity.origin
        ));
        for (code, sev) in &self.severity.value {
            out.push_str(&format!("{code} = {}\n", quote(sev.as_str())));
        }
        out.push_str(&format!(
            "\n{:<40} # {}\n",
            "[per-file-ignores]", self.per_file_ignores.origin
        ));
        for (glob, codes) in &self.per_file_ignores.value {
            out.push_str(&format!("{} = {}\n", quote(glob), list(codes)));
        }
        out.push_str("\n[site]\n");
        let mut line = |key: &str, value: String, origin: &Origin| {
            let kv = format!("{key} = {value}");
            out.push_str(&format!("{kv:<40} # {origin}\n"));
        };
        line(
            "title",
            quote(&self.site_title.value),
            &self.site_title.origin,
        );
        let opt = |v: &Option<String>| v.as_deref().map_or_else(|| String::from("\"\""), quote);
        line(
            "base-url",
            opt(&self.site_base_url.value),
            &self.site_base_url.origin,
        );
        line(
            "repo-url",
            opt(&self.site_repo_url.value),
            &self.site_repo_url.origin,
        );
        line(
            "branch",
            quote(&self.site_branch.value),
            &self.site_branch.origin,
        );
        out
    }
}

// ---------------------------------------------------------------------------------------------
// The configuration of each file
// ---------------------------------------------------------------------------------------------

/// One configuration, with the command line applied, and what checking a file with it takes:
/// its settings (the ATT&CK catalogue loaded) and the checks they turn on, worked out once for
/// all the files it applies to.
#[derive(Debug)]
pub struct Resolved {
    pub config: Config,
    pub settings: Settings,
    pub active: Active,
}

impl Resolved {
    /// Settings given as they are, with no configuration behind them (`config` is the default):
    /// for callers that check with one set of settings.
    pub fn of_settings(settings: Settings) -> Self {
        Self {
            config: Config::default(),
            active: Active::of(|l| settings.enabled(l)),
            settings,
        }
    }

    fn new(config: Config, attack: &mut AttackCache, read_attack: bool) -> Result<Self, LoadError> {
        let data = match &config.attack_data.value {
            Some(path) if read_attack => attack.load(path, &config.attack_data.origin)?,
            _ => Attack::embedded(),
        };
        let taxonomy = match &config.taxonomy.value {
            Some(path) if read_attack => attack.taxonomy(path, &config.taxonomy.origin)?,
            _ => Taxonomy::embedded(),
        };
        let mut settings = Settings {
            attack: data,
            taxonomy,
            ..Settings::default()
        };
        config.apply_to(&mut settings).map_err(LoadError::Other)?;
        Ok(Self {
            active: Active::of(|l| settings.enabled(l)),
            config,
            settings,
        })
    }
}

/// ATT&CK catalogues and taxonomies by path: configurations that name the same file share one.
#[derive(Debug, Default)]
struct AttackCache(
    HashMap<PathBuf, Arc<Attack>>,
    HashMap<PathBuf, Arc<Taxonomy>>,
);

impl AttackCache {
    fn load(&mut self, path: &Path, origin: &Origin) -> Result<Arc<Attack>, LoadError> {
        // `a/../attack.json` and `b/../attack.json` are one file.
        let key = crate::walk::normalise(path);
        if let Some(a) = self.0.get(&key) {
            return Ok(Arc::clone(a));
        }
        let from = match origin {
            Origin::File(p) => format!("attack-data in `{}`", p.display()),
            _ => String::from("--attack-data"),
        };
        let attack = Arc::new(Attack::from_stix_file(path).map_err(|e| {
            LoadError::Other(match e {
                AttackError::Io { .. } => format!("{from}: {e}"),
                _ => format!("{from} `{}`: {e}", path.display()),
            })
        })?);
        self.0.insert(key, Arc::clone(&attack));
        Ok(attack)
    }

    /// The embedded taxonomy extended with the file at `path`.
    fn taxonomy(&mut self, path: &Path, origin: &Origin) -> Result<Arc<Taxonomy>, LoadError> {
        let key = crate::walk::normalise(path);
        if let Some(t) = self.1.get(&key) {
            return Ok(Arc::clone(t));
        }
        let from = match origin {
            Origin::File(p) => format!("taxonomy in `{}`", p.display()),
            _ => String::from("--taxonomy"),
        };
        let mut taxonomy = Taxonomy::clone(&Taxonomy::embedded());
        taxonomy
            .extend_from_json_file(path)
            .map_err(|e| LoadError::Other(format!("{from} `{}`: {e}", path.display())))?;
        let taxonomy = Arc::new(taxonomy);
        self.1.insert(key, Arc::clone(&taxonomy));
        Ok(taxonomy)
    }
}

/// Why the configuration of a run or of a file cannot be used.
#[derive(Debug, Clone)]
pub enum LoadError {
    /// A configuration file that cannot be read or has a bad key or value.
    Config(ConfigError),
    /// `attack-data` or `taxonomy` that cannot be loaded, or a bad glob on the command line.
    Other(String),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Config(e) => e.fmt(f),
            Self::Other(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for LoadError {}

/// Whether resolving a configuration reads its `attack-data` and `taxonomy` files (`sigscope
/// config` only shows the paths).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttackData {
    Read,
    Skip,
}

/// The configuration of every file of a run, as ruff finds it: a file gets the closest
/// `sigscope.toml` in its directory or above it, with the command line applied on top; a file
/// with none above it gets the run's configuration (the working directory's). `--config FILE`
/// and `--isolated` give every file the run's.
///
/// Each directory is looked up once: its answer is kept, and a lookup walks up only to the
/// first directory already known, so a pack costs one `stat` per directory, not per file.
#[derive(Debug)]
pub struct Configs {
    overrides: Overrides,
    read_attack: bool,
    /// Whether files look for their own configuration (not `--config`, not `--isolated`).
    hierarchical: bool,
    cwd: PathBuf,
    run: Arc<Resolved>,
    known: Mutex<Known>,
}

type Fast = foldhash::fast::RandomState;

#[derive(Debug, Default)]
struct Known {
    /// The directory of the last file looked up, and its configuration: a walk meets the files
    /// of a directory one after the other.
    last: Option<(OsString, Arc<Resolved>)>,
    /// A directory as the caller names it (`rules/windows`) → its configuration. Keys are
    /// paths' bytes: hashing a `Path` parses it into components.
    named: HashMap<OsString, Arc<Resolved>, Fast>,
    /// An absolute directory → its configuration.
    absolute: HashMap<OsString, Arc<Resolved>, Fast>,
    /// A configuration file → its resolution, read once however many directories it covers.
    files: HashMap<PathBuf, Arc<Resolved>>,
    attack: AttackCache,
}

impl Configs {
    /// Reads the run's configuration (`location`: the working directory's, `--config` or none)
    /// with the command-line overrides, which apply to every configuration found later.
    pub fn load(
        location: &Location,
        overrides: &Overrides,
        attack: AttackData,
    ) -> Result<Self, LoadError> {
        let read_attack = attack == AttackData::Read;
        let config = Config::load(location, overrides).map_err(LoadError::Config)?;
        let mut known = Known::default();
        let run = Arc::new(Resolved::new(config, &mut known.attack, read_attack)?);
        if let Some(file) = &run.config.file {
            known.files.insert(file.clone(), Arc::clone(&run));
        }
        let (hierarchical, cwd) = match location {
            Location::Discover(dir) => (true, dir.clone()),
            Location::File(_) | Location::None => (false, PathBuf::new()),
        };
        Ok(Self {
            overrides: overrides.clone(),
            read_attack,
            hierarchical,
            cwd,
            run,
            known: Mutex::new(known),
        })
    }

    /// The same configurations read afresh, after a `sigscope.toml` changed (the language
    /// server): nothing is kept from the lookups made so far.
    pub fn reload(&self) -> Result<Self, LoadError> {
        let location = if self.hierarchical {
            Location::Discover(self.cwd.clone())
        } else {
            match &self.run.config.file {
                Some(file) => Location::File(file.clone()),
                None => Location::None,
            }
        };
        let attack = if self.read_attack {
            AttackData::Read
        } else {
            AttackData::Skip
        };
        Self::load(&location, &self.overrides, attack)
    }

    /// The run's configuration: where per-run options (`fail-level`, `unsafe-fixes`, `[site]`)
    /// come from, and the configuration of standard input without `--stdin-filename`.
    pub fn run(&self) -> &Arc<Resolved> {
        &self.run
    }

    /// The configuration of the file (or directory entry) at `path`, which need not exist: that
    /// of the directory it is in.
    pub fn for_file(&self, path: &Path) -> Result<Arc<Resolved>, LoadError> {
        if !self.hierarchical {
            return Ok(Arc::clone(&self.run));
        }
        let mut known = self.known.lock().unwrap_or_else(PoisonError::into_inner);
        let dir = quick_parent(path);
        if let (Some(dir), Some((last, r))) = (dir, &known.last)
            && dir == last
        {
            return Ok(Arc::clone(r));
        }
        let dir = dir.map_or_else(|| path.parent().unwrap_or(path), Path::new);
        let resolved = self.lookup(dir, &mut known)?;
        known.last = Some((dir.as_os_str().to_owned(), Arc::clone(&resolved)));
        Ok(resolved)
    }

    /// The configuration of the files in `dir`: the closest `sigscope.toml` in `dir` or above.
    pub fn for_dir(&self, dir: &Path) -> Result<Arc<Resolved>, LoadError> {
        if !self.hierarchical {
            return Ok(Arc::clone(&self.run));
        }
        let mut known = self.known.lock().unwrap_or_else(PoisonError::into_inner);
        self.lookup(dir, &mut known)
    }

    fn lookup(&self, dir: &Path, known: &mut Known) -> Result<Arc<Resolved>, LoadError> {
        if let Some(r) = known.named.get(dir.as_os_str()) {
            return Ok(Arc::clone(r));
        }
        // The walk meets a directory after its parent: without a file of its own, a directory
        // has its parent's configuration.
        if let Some(parent) = quick_parent(dir)
            && let Some(r) = known.named.get(parent)
            && !dir.join(FILE_NAME).is_file()
        {
            let resolved = Arc::clone(r);
            known
                .named
                .insert(dir.as_os_str().to_owned(), Arc::clone(&resolved));
            return Ok(resolved);
        }
        // `..` is resolved as text, as `Path::ancestors` walks up.
        let absolute = crate::walk::normalise(&self.cwd.join(dir));
        let mut unknown = Vec::new();
        let mut found = None;
        for d in absolute.ancestors() {
            if let Some(r) = known.absolute.get(d.as_os_str()) {
                found = Some(Arc::clone(r));
                break;
            }
            unknown.push(d);
            let file = d.join(FILE_NAME);
            if file.is_file() {
                found = Some(self.read(file, known)?);
                break;
            }
        }
        let resolved = found.unwrap_or_else(|| Arc::clone(&self.run));
        for d in unknown {
            known
                .absolute
                .insert(d.as_os_str().to_owned(), Arc::clone(&resolved));
        }
        known
            .named
            .insert(dir.as_os_str().to_owned(), Arc::clone(&resolved));
        Ok(resolved)
    }

    fn read(&self, file: PathBuf, known: &mut Known) -> Result<Arc<Resolved>, LoadError> {
        if let Some(r) = known.files.get(&file) {
            return Ok(Arc::clone(r));
        }
        let config = Config::load(&Location::File(file.clone()), &self.overrides)
            .map_err(LoadError::Config)?;
        let resolved = Arc::new(Resolved::new(config, &mut known.attack, self.read_attack)?);
        known.files.insert(file, Arc::clone(&resolved));
        Ok(resolved)
    }
}

/// `Path::parent` without parsing the path into components, for a path `dir/name` whose `name`
/// is one component other than `.` and `..` and whose `dir` is not empty and ends in neither `/`
/// nor `/.` (every path a walk makes); `None` for other paths, and off Unix.
fn quick_parent(path: &Path) -> Option<&std::ffi::OsStr> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = path.as_os_str().as_bytes();
        let slash = memchr::memrchr(b'/', bytes)?;
        let (dir, name) = (&bytes[..slash], &bytes[slash + 1..]);
        let simple = !dir.is_empty()
            && !name.is_empty()
            && name != b"."
            && name != b".."
            && !dir.ends_with(b"/")
            && !dir.ends_with(b"/.");
        simple.then(|| std::ffi::OsStr::from_bytes(dir))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(items: &[String]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(|s| quote(s))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Raw {
    profile: Option<Spanned<String>>,
    select: Option<Vec<Spanned<String>>>,
    extend_select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    unfixable: Option<Vec<Spanned<String>>>,
    unsafe_fixes: Option<Spanned<bool>>,
    severity: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    per_file_ignores: Option<BTreeMap<Spanned<String>, Vec<Spanned<String>>>>,
    exclude: Option<Vec<Spanned<String>>>,
    fail_level: Option<Spanned<String>>,
    max_file_size: Option<Spanned<u64>>,
    attack_data: Option<Spanned<String>>,
    taxonomy: Option<Spanned<String>>,
    extra_tag_namespaces: Option<Vec<Spanned<String>>>,
    site: Option<RawSite>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSite {
    title: Option<Spanned<String>>,
    base_url: Option<Spanned<String>>,
    repo_url: Option<Spanned<String>>,
    branch: Option<Spanned<String>>,
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// A configuration file that cannot be used: unreadable, not TOML, an unknown key or a bad
/// value. Carries the file's text and the byte span of the problem for a miette report.
#[derive(Debug, Clone)]
pub struct ConfigError {
    pub path: PathBuf,
    pub text: Option<Arc<str>>,
    pub span: Option<Range<usize>>,
    pub message: String,
    pub help: Option<String>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match (&self.text, &self.span) {
            (Some(text), Some(span)) => {
                let at = SourceFile::new(&self.path, text.clone()).line_col(span.start);
                write!(f, "{path}:{}:{}: {}", at.line, at.column, self.message)
            }
            _ => write!(f, "{path}: {}", self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

impl ConfigError {
    /// `path:line:col: invalid configuration` and a miette snippet of the TOML, like the human
    /// report of a rule file.
    pub fn render(&self, color: bool, width: usize) -> String {
        let (Some(text), Some(span)) = (&self.text, &self.span) else {
            return format!("error: {}\n", escape_controls(&self.to_string()));
        };
        let source = SourceFile::new(&self.path, text.clone());
        let at = source.line_col(span.start);
        let name = escape_controls(&source.display_path()).into_owned();
        let mut out = format!("{name}:{}:{}: invalid configuration\n", at.line, at.column);
        let shown = ShownText::new(text.clone());
        let mut m = miette::MietteDiagnostic::new(escape_controls(&self.message))
            .with_severity(miette::Severity::Error)
            .with_labels([miette::LabeledSpan::new_primary_with_span(
                None,
                miette::SourceSpan::from(shown.span(span)),
            )]);
        if let Some(h) = &self.help {
            m = m.with_help(escape_controls(h));
        }
        let report = miette::Report::new(m).with_source_code(Snippet { name, text: shown });
        let theme = if color {
            miette::GraphicalTheme::unicode()
        } else {
            miette::GraphicalTheme::unicode_nocolor()
        };
        let handler = miette::GraphicalReportHandler::new_themed(theme)
            .with_width(width)
            .with_links(false)
            .with_context_lines(1);
        let mut rendered = String::new();
        if handler
            .render_report(&mut rendered, report.as_ref())
            .is_err()
        {
            return format!("error: {}\n", escape_controls(&self.to_string()));
        }
        out.push_str(rendered.trim_start_matches('\n'));
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out
    }
}

/// Parses `--severity CODE=LEVEL`.
pub fn parse_severity_arg(s: &str) -> Result<(String, Severity), String> {
    let (code, level) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}`: expected CODE=LEVEL, e.g. SC301=warning"))?;
    Ok((parse_selector(code)?, level.trim().parse()?))
}

/// Parses `--per-file-ignores GLOB:CODES` (codes comma-separated).
pub fn parse_per_file_ignore_arg(s: &str) -> Result<(String, Vec<String>), String> {
    let (glob, codes) = s
        .rsplit_once(':')
        .ok_or_else(|| format!("`{s}`: expected GLOB:CODES, e.g. 'rules/legacy/**:SC2,SC301'"))?;
    PathGlobs::new(&[glob.to_string()], None)?;
    let codes = codes
        .split(',')
        .map(parse_selector)
        .collect::<Result<Vec<_>, _>>()?;
    Ok((glob.to_string(), codes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, rel: &str, text: &str) {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    const STIX: &str = r#"{"type":"bundle","objects":[
 {"type":"x-mitre-matrix","id":"m","external_references":[{"source_name":"mitre-attack","external_id":"enterprise-attack"}],"tactic_refs":["t1"]},
 {"type":"x-mitre-tactic","id":"t1","name":"Execution","x_mitre_shortname":"execution","external_references":[{"source_name":"mitre-attack","external_id":"TA0002"}]},
 {"type":"attack-pattern","id":"p1","name":"User Execution","kill_chain_phases":[{"kill_chain_name":"mitre-attack","phase_name":"execution"}],"external_references":[{"source_name":"mitre-attack","external_id":"T1204"}]}
]}"#;

    fn configs(root: &Path) -> Configs {
        Configs::load(
            &Location::Discover(root.to_path_buf()),
            &Overrides::default(),
            AttackData::Read,
        )
        .expect("configuration")
    }

    #[test]
    fn one_file_is_read_once_for_every_directory_under_it() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path();
        write(root, "team/sigscope.toml", "ignore = [\"SC2\"]\n");
        std::fs::create_dir_all(root.join("team/a/b")).expect("mkdir");
        let configs = configs(root);
        let deep = configs.for_dir(Path::new("team/a/b")).expect("deep");
        let team = configs.for_file(Path::new("team/x.yml")).expect("team");
        let spelt = configs
            .for_dir(&root.join("team/a/../a"))
            .expect("absolute");
        assert!(Arc::ptr_eq(&deep, &team));
        assert!(Arc::ptr_eq(&deep, &spelt));
        assert_eq!(deep.settings.selection.ignore, ["SC2"]);
        // Above it, and beside it: the run's, which is the default here.
        let top = configs.for_file(Path::new("x.yml")).expect("top");
        assert!(Arc::ptr_eq(&top, configs.run()));
        let up = configs.for_dir(Path::new("team/a/../..")).expect("up");
        assert!(Arc::ptr_eq(&up, configs.run()));
        assert!(top.config.file.is_none());
        let known = configs.known.lock().expect("lock");
        assert_eq!(known.files.len(), 1);
    }

    #[test]
    fn the_shortcut_for_a_directory_agrees_with_path_parent() {
        let paths = [
            "a/b.yml",
            "a/b/c.yml",
            "a/..",
            "a/.",
            "a/./b",
            "a//b",
            "a/b/",
            "/a",
            "/a/b",
            "b.yml",
            "./b.yml",
            "../b.yml",
            "a/b/../c",
            ".",
            "..",
            "/",
            "a/./",
            "./.",
            "//a",
            "a/b//",
        ];
        for path in paths {
            if let Some(dir) = quick_parent(Path::new(path)) {
                assert_eq!(
                    Path::new(path).parent().map(Path::as_os_str),
                    Some(dir),
                    "{path}"
                );
            }
        }
        let quick = |p: &str| quick_parent(Path::new(p)).map(|d| d.to_string_lossy().into_owned());
        assert_eq!(quick("a/b/.."), None);
        assert_eq!(
            quick("rules/windows/x.yml").as_deref(),
            Some("rules/windows")
        );
        assert_eq!(quick("./rules/x.yml").as_deref(), Some("./rules"));
        assert_eq!(quick("x.yml"), None);
    }

    #[test]
    fn configurations_naming_the_same_attack_data_share_it() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path();
        write(root, "data/enterprise-attack-18.1.json", STIX);
        let attack = "attack-data = \"../data/enterprise-attack-18.1.json\"\n";
        write(root, "a/sigscope.toml", attack);
        write(
            root,
            "b/sigscope.toml",
            &format!("ignore = [\"SC2\"]\n{attack}"),
        );
        let configs = configs(root);
        let a = configs.for_dir(Path::new("a")).expect("a");
        let b = configs.for_dir(Path::new("b")).expect("b");
        assert!(!Arc::ptr_eq(&a, &b));
        assert!(Arc::ptr_eq(&a.settings.attack, &b.settings.attack));
        assert_eq!(a.settings.attack.version(), "18.1");
        assert!(!Arc::ptr_eq(
            &a.settings.attack,
            &configs.run().settings.attack
        ));
    }
}
