//! Command-line interface. Doc comments are the `--help` text.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diagnostics::Severity;

/// Lint Sigma rule packs and publish them as a detection catalogue.
#[derive(Debug, Parser)]
#[command(name = "sigscope", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check Sigma rules: YAML, schema, detection logic. Exit 0 when clean, 1 when findings
    /// reach the fail level, 2 on usage or I/O errors.
    Check(CheckArgs),
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
