//! Command-line interface. Doc comments are the `--help` text.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::lint::Severity;

/// Lint Sigma rule packs and publish them as a detection catalogue.
#[derive(Debug, Parser)]
#[command(name = "sigscope", version = crate::attack::VERSION_TEXT, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check Sigma rules: YAML, schema, detection logic. Exit 0 when clean, 1 when findings
    /// reach the fail level, 2 on usage or I/O errors.
    Check(CheckArgs),
    /// Build the detection catalogue: a static site with a searchable rule index, a page per
    /// rule, ATT&CK coverage, log sources, lint pages and exports. Works offline from `file://`.
    Site(SiteArgs),
    /// ATT&CK coverage of a pack: techniques by rule count, per tactic and product; targets
    /// (ids, a threat group's techniques, a Navigator layer) and baselines as a CI gate. Exit 0,
    /// 1 when a `--fail-*` gate fails, 2 on usage or I/O errors.
    Coverage(CoverageArgs),
    /// Print the documentation of a lint (`sigscope explain SC301`), or list all lints.
    Explain {
        /// Lint code or name; omit to list every lint.
        code: Option<String>,
    },
    /// Print the resolved settings of a path (sigscope.toml, flags, defaults) and where each
    /// came from.
    Config(ConfigCmdArgs),
    /// List every lint: code, name, group, default severity, the profile that turns it on
    /// (`default` = on by default) and whether it can be fixed automatically.
    Lints,
    /// Run the language server (LSP over standard input and output) for editors: diagnostics,
    /// quick fixes, hover, modifier completion and go to definition on the open rules. Exit 0
    /// after the client's `shutdown` and `exit`.
    Server {
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Print a shell completion script: `sigscope completions bash > /etc/bash_completion.d/sigscope`.
    Completions {
        /// Shell to complete for.
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files and directories to check [default: .]; directories are searched for `*.yml` and
    /// `*.yaml`. `-` reads one rule from standard input. With `--staged`, the pack.
    pub paths: Vec<PathBuf>,
    /// Output format (`--output-format` is the same option, as in ruff).
    #[arg(long, visible_alias = "output-format", value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Print how many findings each lint produced (most frequent first) instead of the
    /// findings; a JSON array with `--format json`.
    #[arg(long)]
    pub statistics: bool,
    /// Write the report to FILE instead of standard output; the exit code still says whether
    /// the check failed.
    #[arg(long, value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// Read the rule from standard input and report it as NAME (for editors); used when the
    /// only path is `-` or no path is given.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
    /// Base URL of a published sigscope catalogue (`sigscope site --base-url`); SARIF rules
    /// then link to their lint pages (`helpUri`).
    #[arg(long, value_name = "URL")]
    pub lint_url_base: Option<String>,
    /// Lowest severity that makes the run fail (exit 1) [default: error; `fail-level` in
    /// sigscope.toml].
    #[arg(long, value_enum)]
    pub fail_level: Option<FailLevel>,
    /// Print the findings and nothing else: no summary lines (found, fixable, totals under
    /// `--statistics`) and no notes (how many fixes were or would be applied, baseline, the
    /// baseline written); errors, the warning that no rule file was found, and the list
    /// `--show-fixes` asks for are still printed.
    #[arg(short, long)]
    pub quiet: bool,
    /// Check, then check again whenever a rule (`*.yml`, `*.yaml`) or a `sigscope.toml` under
    /// the paths (and the `--pack`) changes, until Ctrl-C (exit 0); on a terminal the screen is
    /// cleared first.
    #[arg(
        short,
        long,
        conflicts_with_all = ["fix", "diff", "write_baseline", "stdin_filename", "staged"]
    )]
    pub watch: bool,
    /// Exit 0 even when findings reach the fail level (and with `--diff`, even when there is
    /// something to fix); usage errors still exit 2, and a fix `--fix` could not write exits 1.
    #[arg(long)]
    pub exit_zero: bool,
    /// When to use colours in human and concise output; `auto`: when `FORCE_COLOR` is set, or
    /// when stdout is a terminal and `NO_COLOR` is not set.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Record the current findings in FILE (JSON) and exit 0; later runs with `--baseline FILE`
    /// report only new findings.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// Report only findings that are not in the baseline FILE written by `--write-baseline`.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Apply the fixes of the findings that have one (marked `[*]`), writing the files in
    /// place, then report what remains. With `--stdin-filename`, the fixed rule is written to
    /// standard output and the report to standard error.
    #[arg(long, conflicts_with = "write_baseline")]
    pub fix: bool,
    /// List the fixes at the end of the report: with `--fix`, the findings fixed in each file
    /// by lint; without, each fix `--fix` would apply, with its place.
    #[arg(long)]
    pub show_fixes: bool,
    /// Print the fixes as a unified diff instead of writing them; exits 1 when there is one.
    #[arg(long, conflicts_with_all = ["write_baseline", "statistics"])]
    pub diff: bool,
    /// Check the PATHS as part of the pack under PACK (a file or directory; repeatable): every
    /// rule under PACK is checked and pack-wide lints (duplicate ids, titles, references) compare
    /// the PATHS with all of them, but only the findings of the PATHS are reported. For
    /// pre-commit hooks, which pass the changed files.
    #[arg(
        long,
        value_name = "PACK",
        conflicts_with = "stdin_filename",
        requires = "paths"
    )]
    pub pack: Vec<PathBuf>,
    /// Check the pack under PATHS as git will commit it (its tracked rule files) and report only
    /// the findings of the staged files, pack-wide ones against every rule of the pack included;
    /// with nothing staged, every finding. What the pre-commit hook runs.
    #[arg(long, conflicts_with_all = ["stdin_filename", "pack"])]
    pub staged: bool,
    #[command(flatten)]
    pub config: ConfigArgs,
}

/// Options that `sigscope.toml` can also set; a flag given on the command line wins over the
/// file, which wins over the default.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ConfigArgs {
    /// Configuration file to use for every file, instead of the `sigscope.toml` closest to
    /// each checked file.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Read no configuration file.
    #[arg(long, conflicts_with = "config")]
    pub isolated: bool,
    /// Lint set: `default`, or `sigmahq` to add SigmaHQ's house style (file names, titles, …)
    /// [default: default].
    #[arg(long, value_enum)]
    pub profile: Option<ProfileArg>,
    /// Run only these lints: codes (`SC301`), group prefixes (`SC3`) or names, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub select: Option<Vec<String>>,
    /// Lints to run on top of `--select` (or of the profile's lints).
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub extend_select: Option<Vec<String>>,
    /// Lints not to run; the most specific of select/ignore wins, ignore wins a tie.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub ignore: Option<Vec<String>>,
    /// Report a lint (or group) at another severity: `--severity SC301=warning`; repeatable.
    #[arg(long, value_name = "CODE=LEVEL")]
    pub severity: Option<Vec<String>>,
    /// Turn lints off for matching files: `--per-file-ignores 'rules/legacy/**:SC2,SC301'`;
    /// repeatable.
    #[arg(long, value_name = "GLOB:CODES")]
    pub per_file_ignores: Option<Vec<String>>,
    /// Never check files or directories matching GLOB; repeatable.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Option<Vec<String>>,
    /// Tag namespaces to accept besides the Sigma specification's, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    pub extra_tag_namespaces: Option<Vec<String>>,
    /// Largest file, in bytes, that is read; larger files are reported and skipped
    /// [default: 1048576].
    #[arg(long, value_name = "BYTES")]
    pub max_file_size: Option<u64>,
    /// MITRE's `enterprise-attack.json` (STIX 2.1, ATT&CK v15 or later) to check ATT&CK tags
    /// against, instead of the embedded ATT&CK Enterprise v19.
    #[arg(long, value_name = "FILE")]
    pub attack_data: Option<PathBuf>,
    /// A taxonomy in pySigma-validators-sigmahq's `sigmahq_taxonomy.json` format whose log
    /// sources and fields (`native`, `custom`, `redundant`) add to the embedded SigmaHQ
    /// taxonomy that field names are checked against (SC605).
    #[arg(long, value_name = "FILE")]
    pub taxonomy: Option<PathBuf>,
    /// Also apply fixes that change what a rule matches (e.g. `Field: '*'` under a condition
    /// that matches every event → `Field|exists: true`); with `--fix` or `--diff`.
    #[arg(long, overrides_with = "no_unsafe_fixes")]
    pub unsafe_fixes: bool,
    /// Do not apply unsafe fixes, whatever `unsafe-fixes` in sigscope.toml says.
    #[arg(long, overrides_with = "unsafe_fixes")]
    pub no_unsafe_fixes: bool,
    /// Lints whose fixes are never applied nor offered: codes, group prefixes or names,
    /// comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub unfixable: Option<Vec<String>>,
}

impl ConfigArgs {
    /// Where to look for `sigscope.toml`.
    pub fn location(&self) -> std::io::Result<crate::config::Location> {
        use crate::config::Location;
        Ok(match (&self.config, self.isolated) {
            (Some(p), _) => Location::File(p.clone()),
            (None, true) => Location::None,
            (None, false) => Location::Discover(std::env::current_dir()?),
        })
    }

    /// The command-line overrides; a malformed value is a usage error.
    pub fn overrides(&self) -> Result<crate::config::Overrides, String> {
        use crate::config::{parse_per_file_ignore_arg, parse_severity_arg};
        use crate::lints::parse_selector;
        let codes = |flag: &str, v: &Option<Vec<String>>| -> Result<Option<Vec<String>>, String> {
            v.as_ref()
                .map(|l| {
                    l.iter()
                        .filter(|s| !s.trim().is_empty())
                        .map(|s| parse_selector(s).map_err(|e| format!("{flag}: {e}")))
                        .collect()
                })
                .transpose()
        };
        Ok(crate::config::Overrides {
            profile: self.profile.map(Into::into),
            select: codes("--select", &self.select)?,
            extend_select: codes("--extend-select", &self.extend_select)?,
            ignore: codes("--ignore", &self.ignore)?,
            unfixable: codes("--unfixable", &self.unfixable)?,
            unsafe_fixes: match (self.unsafe_fixes, self.no_unsafe_fixes) {
                (true, _) => Some(true),
                (_, true) => Some(false),
                _ => None,
            },
            severity: self
                .severity
                .as_ref()
                .map(|l| l.iter().map(|s| parse_severity_arg(s)).collect())
                .transpose()
                .map_err(|e| format!("--severity: {e}"))?,
            per_file_ignores: self
                .per_file_ignores
                .as_ref()
                .map(|l| l.iter().map(|s| parse_per_file_ignore_arg(s)).collect())
                .transpose()
                .map_err(|e| format!("--per-file-ignores: {e}"))?,
            exclude: self.exclude.clone(),
            max_file_size: self.max_file_size,
            attack_data: self.attack_data.clone(),
            taxonomy: self.taxonomy.clone(),
            extra_tag_namespaces: self.extra_tag_namespaces.clone(),
            ..crate::config::Overrides::default()
        })
    }
}

#[derive(Debug, clap::Args)]
pub struct ConfigCmdArgs {
    /// Show the configuration of this file, or of the files in this directory: the closest
    /// `sigscope.toml` in its directory or above [default: .].
    pub path: Option<PathBuf>,
    /// Lowest severity that makes `check` fail [default: error].
    #[arg(long, value_enum)]
    pub fail_level: Option<FailLevel>,
    #[command(flatten)]
    pub config: ConfigArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProfileArg {
    Default,
    #[value(name = "sigmahq")]
    SigmaHq,
}

impl From<ProfileArg> for crate::lint::Profile {
    fn from(p: ProfileArg) -> Self {
        match p {
            ProfileArg::Default => Self::Default,
            ProfileArg::SigmaHq => Self::SigmaHq,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct SiteArgs {
    /// Files and directories of rules; a `README.md` in the first directory becomes the home
    /// page text.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output directory. It must be empty, missing, or a site sigscope built before.
    #[arg(short, long, value_name = "DIR", default_value = "site")]
    pub output: PathBuf,
    /// Site title [default: Detection catalogue; `[site] title` in sigscope.toml].
    #[arg(long)]
    pub title: Option<String>,
    /// Absolute URL the site is published at; adds canonical links and links from the
    /// ATT&CK Navigator layer to rule pages.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Repository web URL (`https://github.com/org/rules`) for "view source" and "edit" links;
    /// rule paths are taken relative to the working directory.
    #[arg(long, value_name = "URL")]
    pub repo_url: Option<String>,
    /// Branch for the repository links [default: main].
    #[arg(long)]
    pub branch: Option<String>,
    /// Directory with templates (`rule.html`, …) and `assets/` files that replace the embedded
    /// ones.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Also list deprecated rules in the index, statistics and ATT&CK coverage (they always get
    /// their pages and the deprecated list).
    #[arg(long)]
    pub include_deprecated: bool,
    /// Replace the contents of a non-empty output directory that sigscope did not build.
    #[arg(long)]
    pub force: bool,
    /// Add a "Changes" page: the rules added, removed, deprecated and changed since REF, a git
    /// revision of the repository holding the paths (read without a checkout) or an older copy
    /// of the pack's directory.
    #[arg(long, value_name = "REF")]
    pub compare: Option<String>,
    /// Targets to show on the ATT&CK matrix: covered targets and gaps (as in `coverage`).
    #[command(flatten)]
    pub targets: TargetArgs,
    #[command(flatten)]
    pub config: ConfigArgs,
}

#[derive(Debug, clap::Args)]
pub struct CoverageArgs {
    /// Files and directories of rules [default: .].
    pub paths: Vec<PathBuf>,
    /// Output: a text summary, JSON, Markdown (for a pull request comment) or an ATT&CK
    /// Navigator layer (4.5) with the targets as colours.
    #[arg(long, value_enum, default_value_t = CoverageFormat::Human)]
    pub format: CoverageFormat,
    /// Write the output to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// Count rules with this status or a better one [default: experimental, which leaves out
    /// deprecated and unsupported rules; a rule without a status counts as experimental].
    #[arg(long, value_enum, default_value_t = MinStatus::Experimental)]
    pub min_status: MinStatus,
    #[command(flatten)]
    pub targets: TargetArgs,
    /// Exit 1 when a target has no rule.
    #[arg(long)]
    pub fail_on_gaps: bool,
    /// Exit 1 when less than PCT percent of the targets have a rule.
    #[arg(long, value_name = "PCT")]
    pub fail_under: Option<f64>,
    /// Write the rules per technique to FILE, to compare later runs with (`--baseline`).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Compare with a baseline written by `--write-baseline`, or with a Navigator layer whose
    /// scores are rule counts (`--baseline-layer`): report techniques lost and gained.
    #[arg(long, visible_alias = "baseline-layer", value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Exit 1 when a technique the baseline covered has no rule any more.
    #[arg(long, requires = "baseline")]
    pub fail_on_loss: bool,
    #[command(flatten)]
    pub config: ConfigArgs,
}

/// The ATT&CK techniques a team wants covered (`coverage`, and the site's matrix overlay).
#[derive(Debug, Default, clap::Args)]
pub struct TargetArgs {
    /// Techniques to cover: ids, comma-separated (`T1059,T1204.001`).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub target: Vec<String>,
    /// Techniques to cover, one id a line (`#` starts a comment); repeatable.
    #[arg(long, value_name = "FILE")]
    pub target_file: Vec<PathBuf>,
    /// Techniques a group, software or campaign uses (`G0016`, `APT29`, `S0154`); repeatable.
    #[arg(long, value_name = "ID|NAME")]
    pub target_group: Vec<String>,
    /// Techniques an ATT&CK Navigator layer scores above zero; repeatable.
    #[arg(long, value_name = "FILE")]
    pub target_layer: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CoverageFormat {
    Human,
    Json,
    Markdown,
    /// ATT&CK Navigator layer 4.5.
    Layer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MinStatus {
    Unsupported,
    Deprecated,
    Experimental,
    Test,
    Stable,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Diagnostics with source snippets, for people.
    Human,
    /// One JSON object on stdout, for tools.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands: an annotation per finding.
    Github,
    /// One `path:line:col: CODE message` line per finding.
    Concise,
    /// JUnit XML: a test suite per file, a test case per rule, failed at `--fail-level`.
    Junit,
    /// GitLab Code Quality JSON, for merge request widgets.
    Gitlab,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailLevel {
    Error,
    Warning,
    Info,
}

impl From<FailLevel> for Severity {
    fn from(l: FailLevel) -> Self {
        match l {
            FailLevel::Error => Self::Error,
            FailLevel::Warning => Self::Warning,
            FailLevel::Info => Self::Info,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}
