//! `sigscope.toml`: discovery (walk up from the working directory), parsing with byte spans so a
//! bad key or value is reported at its place in the file, command-line overrides, and the
//! resolved settings with where each came from (`sigscope config`).
//!
//! Precedence, per option: command line, then the configuration file, then the default. List
//! options are replaced whole, not merged (`--ignore SC2` replaces the file's `ignore`).

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use crate::lint::{Profile, Severity};
use crate::lints::parse_selector;
use crate::settings::{DEFAULT_MAX_FILE_SIZE, PathGlobs, PerFileIgnore, Selection, Settings};
use crate::source::{ShownText, Snippet, SourceFile, escape_controls};

/// The file name looked for in the working directory and each of its parents.
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
        if let Some(p) = raw.attack_data {
            let p = PathBuf::from(p.into_inner());
            let p = match &dir {
                Some(d) if p.is_relative() => d.join(p),
                _ => p,
            };
            c.attack_data = sourced(path, Some(p));
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
