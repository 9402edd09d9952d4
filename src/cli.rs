//! Command-line interface. Doc comments are the `--help` text.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diagnostics::Severity;

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
    /// Print the documentation of a lint (`sigscope explain SC301`), or list all lints.
    Explain {
        /// Lint code or name; omit to list every lint.
        code: Option<String>,
    },
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files and directories to check; directories are searched for `*.yml` and `*.yaml`.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Lowest severity that makes the run fail (exit 1).
    #[arg(long, value_enum, default_value_t = FailLevel::Error)]
    pub fail_level: FailLevel,
    /// Largest file, in bytes, that is read; larger files are reported and skipped.
    #[arg(long, default_value_t = crate::check::DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
    /// When to use colours in human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// MITRE's `enterprise-attack.json` (STIX 2.1, ATT&CK v15 or later) to check ATT&CK tags
    /// against, instead of the embedded ATT&CK Enterprise v19.
    #[arg(long, value_name = "FILE")]
    pub attack_data: Option<PathBuf>,
    /// Lint set: `default`, or `sigmahq` to add SigmaHQ's house style (file names, titles, …).
    #[arg(long, value_enum, default_value_t = ProfileArg::Default)]
    pub profile: ProfileArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProfileArg {
    Default,
    #[value(name = "sigmahq")]
    SigmaHq,
}

impl From<ProfileArg> for crate::lints::Profile {
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
    /// Site title.
    #[arg(long, default_value = "Detection catalogue")]
    pub title: String,
    /// Absolute URL the site is published at; adds canonical links and links from the
    /// ATT&CK Navigator layer to rule pages.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Repository web URL (`https://github.com/org/rules`) for "view source" and "edit" links;
    /// rule paths are taken relative to the working directory.
    #[arg(long, value_name = "URL")]
    pub repo_url: Option<String>,
    /// Branch for the repository links.
    #[arg(long, default_value = "main")]
    pub branch: String,
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
    /// MITRE's `enterprise-attack.json` (STIX 2.1) to resolve ATT&CK tags with, instead of the
    /// embedded release.
    #[arg(long, value_name = "FILE")]
    pub attack_data: Option<PathBuf>,
    /// Largest file, in bytes, that is read; larger files are reported and skipped.
    #[arg(long, default_value_t = crate::check::DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
    /// Lint set whose findings the catalogue shows: `default` or `sigmahq`.
    #[arg(long, value_enum, default_value_t = ProfileArg::Default)]
    pub profile: ProfileArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Diagnostics with source snippets, for people.
    Human,
    /// One JSON object on stdout, for tools.
    Json,
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
