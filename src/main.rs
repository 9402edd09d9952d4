//! The `sigscope` binary: parse arguments, run the library, print, map to an exit code.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use sigscope::attack::{Attack, AttackError};
use sigscope::check::{Settings, check_paths};
use sigscope::cli::{CheckArgs, Cli, Color, Command, Format};
use sigscope::lints;
use sigscope::report;

const EXIT_FINDINGS: u8 = 1;
const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => run_check(&args),
        Command::Site(args) => run_site(&args),
        Command::Explain { code } => explain(code.as_deref()),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(Failure::Usage(msg)) => {
            let _ = writeln!(std::io::stderr(), "error: {msg}");
            ExitCode::from(EXIT_USAGE)
        }
        // `sigscope check … | head`: the reader went away; nothing more to say.
        Err(Failure::BrokenPipe) => ExitCode::SUCCESS,
    }
}

enum Failure {
    Usage(String),
    BrokenPipe,
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Self::BrokenPipe
        } else {
            Self::Usage(format!("cannot write output: {e}"))
        }
    }
}

fn run_check(args: &CheckArgs) -> Result<u8, Failure> {
    let attack = match &args.attack_data {
        Some(path) => std::sync::Arc::new(Attack::from_stix_file(path).map_err(|e| match e {
            AttackError::Io { .. } => Failure::Usage(format!("--attack-data: {e}")),
            _ => Failure::Usage(format!("--attack-data `{}`: {e}", path.display())),
        })?),
        None => Attack::embedded(),
    };
    let settings = Settings {
        max_file_size: args.max_file_size,
        attack,
        profile: args.profile.into(),
    };
    let report = check_paths(&args.paths, &settings).map_err(|e| Failure::Usage(e.to_string()))?;
    let stdout = std::io::stdout();
    let text = match args.format {
        Format::Json => report::json::render(&report),
        Format::Human => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            };
            report::human::render(
                &report,
                report::human::Options {
                    color,
                    width: terminal_width(),
                },
            )
        }
    };
    let mut out = stdout.lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(if report.fails(args.fail_level.into()) {
        EXIT_FINDINGS
    } else {
        0
    })
}

fn run_site(args: &sigscope::cli::SiteArgs) -> Result<u8, Failure> {
    use indicatif::{ProgressBar, ProgressStyle};
    use sigscope::site::{self, Progress};

    let attack = match &args.attack_data {
        Some(path) => std::sync::Arc::new(
            Attack::from_stix_file(path)
                .map_err(|e| Failure::Usage(format!("--attack-data: {e}")))?,
        ),
        None => Attack::embedded(),
    };
    let opts = site::Options {
        title: args.title.clone(),
        base_url: args.base_url.clone(),
        repo_url: args.repo_url.clone(),
        branch: args.branch.clone(),
        templates: args.templates.clone(),
        include_deprecated: args.include_deprecated,
        force: args.force,
        settings: Settings {
            max_file_size: args.max_file_size,
            attack,
            profile: args.profile.into(),
        },
    };
    let start = std::time::Instant::now();
    let bar = if std::io::stderr().is_terminal() {
        ProgressBar::new_spinner()
    } else {
        ProgressBar::hidden()
    };
    let progress = |p: Progress| match p {
        Progress::Checking => bar.set_message("checking rules"),
        Progress::Rendering { total } => {
            bar.set_style(
                ProgressStyle::with_template("{bar:40} {pos}/{len} pages {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar.set_length(total as u64);
            bar.set_message("");
        }
        Progress::Page => bar.inc(1),
        Progress::Exporting => bar.set_message("writing exports"),
    };
    let result = site::build(&args.paths, &args.output, &opts, &progress);
    bar.finish_and_clear();
    let summary = result.map_err(|e| Failure::Usage(e.to_string()))?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "built {} pages for {} rules ({} deprecated) into {} in {:.2}s: {} files, {:.1} MiB; open {}",
        summary.pages,
        summary.rules,
        summary.deprecated,
        args.output.display(),
        start.elapsed().as_secs_f64(),
        summary.files,
        summary.bytes as f64 / 1_048_576.0,
        args.output.join("index.html").display(),
    )?;
    out.flush()?;
    Ok(0)
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100)
}

fn explain(code: Option<&str>) -> Result<u8, Failure> {
    let mut out = std::io::stdout().lock();
    match code {
        None => {
            for l in lints::ALL.iter() {
                writeln!(
                    out,
                    "{}  {:<24} {:<8} {}",
                    l.code,
                    l.name,
                    l.default_severity,
                    l.summary()
                )?;
            }
        }
        Some(code) => {
            let lint = lints::by_code(code)
                .ok_or_else(|| Failure::Usage(format!("no lint with code or name `{code}`")))?;
            writeln!(
                out,
                "# {} {} ({})\n",
                lint.code, lint.name, lint.default_severity
            )?;
            write!(out, "{}", lint.documentation())?;
        }
    }
    out.flush()?;
    Ok(0)
}
