//! The `sigscope` binary: parse arguments, run the library, print, map to an exit code.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
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
    let settings = Settings {
        max_file_size: args.max_file_size,
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
