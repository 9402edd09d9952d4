//! The `sigscope` binary: parse arguments, run the library, print, map to an exit code.

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use clap::Parser;
use sigscope::attack::{Attack, AttackError};
use sigscope::baseline::{Anchor, Applied, Baseline};
use sigscope::check::{Staged, check_in_pack, check_paths, check_staged, check_text};
use sigscope::cli::{CheckArgs, Cli, Color, Command, Format};
use sigscope::lints;
use sigscope::report;
use sigscope::settings::Settings;
use sigscope::source::escape_controls;

// Parsing thousands of small files allocates and frees a node per key and value; mimalloc
// does that markedly cheaper than glibc's allocator, most of all across threads.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const EXIT_FINDINGS: u8 = 1;
const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = parse_args();
    let result = match cli.command {
        Command::Check(args) => run_check(&args),
        Command::Site(args) => run_site(&args),
        Command::Config(args) => show_config(&args),
        Command::Explain { code } => explain(code.as_deref()),
        Command::Lints => print_text(&report::lints_table()),
        Command::Completions { shell } => completions(shell),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(Failure::Usage(msg)) => {
            // Messages quote arguments and paths, which may hold control characters.
            let _ = writeln!(std::io::stderr(), "error: {}", escape_controls(&msg));
            ExitCode::from(EXIT_USAGE)
        }
        Err(Failure::Rendered(text)) => {
            let _ = std::io::stderr().write_all(text.as_bytes());
            ExitCode::from(EXIT_USAGE)
        }
        // `sigscope check … | head`: the reader went away; nothing more to say.
        Err(Failure::BrokenPipe) => ExitCode::SUCCESS,
    }
}

/// The command line, or clap's error and exit. clap quotes a refused argument as given, control
/// characters and all, on a terminal: when an argument holds one, the error is the one clap
/// gives for the arguments written escaped.
fn parse_args() -> Cli {
    let err = match Cli::try_parse() {
        Ok(cli) => return cli,
        Err(err) => err,
    };
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let escaped: Vec<String> = args
        .iter()
        .map(|a| escape_controls(&a.to_string_lossy()).into_owned())
        .collect();
    if args
        .iter()
        .zip(&escaped)
        .any(|(a, e)| a.to_string_lossy() != e.as_str())
    {
        match Cli::try_parse_from(&escaped) {
            Err(shown) if shown.kind() == err.kind() => shown.exit(),
            _ => {
                // Escaping changed what clap makes of the arguments: the error as plain text.
                let text = escape_controls(&err.render().to_string()).into_owned();
                let _ = std::io::stderr().write_all(text.as_bytes());
                std::process::exit(err.exit_code());
            }
        }
    }
    err.exit()
}

enum Failure {
    Usage(String),
    /// A usage error already formatted (a configuration error with its TOML snippet).
    Rendered(String),
    BrokenPipe,
}

/// Reads `sigscope.toml` (or `--config FILE`) and applies the command-line overrides.
fn load_config(
    args: &sigscope::cli::ConfigArgs,
    more: impl FnOnce(&mut sigscope::config::Overrides),
) -> Result<sigscope::config::Config, Failure> {
    let location = args
        .location()
        .map_err(|e| Failure::Usage(format!("cannot read the working directory: {e}")))?;
    let mut overrides = args.overrides().map_err(Failure::Usage)?;
    more(&mut overrides);
    sigscope::config::Config::load(&location, &overrides).map_err(|e| {
        let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        Failure::Rendered(e.render(color, terminal_width()))
    })
}

/// The run's settings from the resolved configuration, with the ATT&CK catalogue loaded.
fn settings_from(config: &sigscope::config::Config) -> Result<Settings, Failure> {
    let from = match &config.attack_data.origin {
        sigscope::config::Origin::File(p) => format!("attack-data in `{}`", p.display()),
        _ => String::from("--attack-data"),
    };
    let attack = match &config.attack_data.value {
        Some(path) => std::sync::Arc::new(Attack::from_stix_file(path).map_err(|e| match e {
            AttackError::Io { .. } => Failure::Usage(format!("{from}: {e}")),
            _ => Failure::Usage(format!("{from} `{}`: {e}", path.display())),
        })?),
        None => Attack::embedded(),
    };
    let mut settings = Settings {
        attack,
        ..Settings::default()
    };
    config.apply_to(&mut settings).map_err(Failure::Usage)?;
    Ok(settings)
}

fn show_config(args: &sigscope::cli::ConfigCmdArgs) -> Result<u8, Failure> {
    let config = load_config(&args.config, |o| {
        o.fail_level = args.fail_level.map(Into::into);
    })?;
    // Bad globs on the command line are reported here too.
    config
        .apply_to(&mut Settings::default())
        .map_err(Failure::Usage)?;
    print_text(&escape_controls(&config.describe()))
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
    let config = load_config(&args.config, |o| {
        o.fail_level = args.fail_level.map(Into::into);
    })?;
    let settings = settings_from(&config)?;
    // With `--fix` on standard input, the input is echoed back when there is nothing to fix.
    let mut stdin_bytes = Vec::new();
    let mut report = match stdin_name(args)? {
        Some(name) => {
            let mut bytes = Vec::new();
            // Read one byte past the limit so an oversized input is reported, not swallowed.
            std::io::stdin()
                .lock()
                .take(settings.max_file_size.saturating_add(1))
                .read_to_end(&mut bytes)
                .map_err(|e| Failure::Usage(format!("cannot read standard input: {e}")))?;
            if args.fix {
                stdin_bytes.clone_from(&bytes);
            }
            check_text(&name, bytes, &settings)
        }
        None => check_named(args, &settings)?,
    };
    // With `--staged`, no staged rule is what a commit of other files looks like.
    if report.files.is_empty() && !args.staged {
        warn_nothing_checked(&args.paths);
    }
    if let Some(path) = &args.write_baseline {
        let anchor = Anchor::new(path).map_err(|e| Failure::Usage(e.to_string()))?;
        let baseline = Baseline::of(&report, &anchor);
        baseline
            .write(path)
            .map_err(|e| Failure::Usage(e.to_string()))?;
        let n = baseline.findings.len();
        return print_text(&format!(
            "wrote {n} finding{} to the baseline `{}`\n",
            if n == 1 { "" } else { "s" },
            escape_controls(&path.display().to_string())
        ));
    }
    let baseline = match &args.baseline {
        Some(path) => {
            let anchor = Anchor::new(path).map_err(|e| Failure::Usage(e.to_string()))?;
            let baseline =
                Baseline::read(path, &anchor).map_err(|e| Failure::Usage(e.to_string()))?;
            Some((baseline, anchor))
        }
        None => None,
    };
    let apply_baseline = |report: &mut sigscope::check::Report| {
        baseline.as_ref().map_or(Applied::default(), |(b, anchor)| {
            b.apply(report, anchor, &settings)
        })
    };
    let mut baselined = apply_baseline(&mut report);
    let stdin = stdin_name(args)?;
    let mut fixed_note = None;
    let mut unwritten = Vec::new();
    if args.fix || args.diff {
        let options = sigscope::fix::Options {
            unsafe_fixes: config.unsafe_fixes.value,
        };
        let filter = |r: &mut sigscope::check::Report| {
            apply_baseline(r);
        };
        let fixed = sigscope::fix::fix_report(&report, &settings, options, &filter);
        if args.diff {
            return print_diffs(&fixed, args);
        }
        let written = match &stdin {
            Some(name) => {
                let bytes = fixed
                    .first()
                    .map_or_else(|| stdin_bytes.clone(), |f| f.fixed.clone().into_bytes());
                let mut out = std::io::stdout().lock();
                match out.write_all(&bytes).and_then(|()| out.flush()) {
                    Ok(()) => {
                        report = check_text(name, bytes, &settings);
                        fixed
                    }
                    // The editor did not get the fixed rule: nothing was fixed.
                    Err(e) if !fixed.is_empty() => {
                        report = check_text(name, std::mem::take(&mut stdin_bytes), &settings);
                        unwritten.push(sigscope::fix::Unwritten {
                            path: name.clone(),
                            reason: format!("writing to standard output failed: {e}"),
                        });
                        Vec::new()
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            None => {
                let (written, failed) = sigscope::fix::write_fixed(fixed);
                unwritten = failed;
                report = check_named(args, &settings)?;
                written
            }
        };
        let count: usize = written.iter().map(sigscope::fix::FixedFile::count).sum();
        fixed_note = (count > 0).then(|| {
            format!(
                "Fixed {count} finding{} in {} file{}.\n",
                if count == 1 { "" } else { "s" },
                written.len(),
                if written.len() == 1 { "" } else { "s" }
            )
        });
        baselined = apply_baseline(&mut report);
        sigscope::fix::report_unwritten(&mut report, &unwritten, &settings);
    }
    let stdout = std::io::stdout();
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            args.output_file.is_none()
                && stdout.is_terminal()
                && std::env::var_os("NO_COLOR").is_none()
        }
    };
    // The text in pieces written one after the other: a large JSON report is rendered file by
    // file on the pool and never copied into one string.
    let mut parts: Vec<String> = match (args.format, args.statistics) {
        (Format::Json, true) => vec![report::statistics::render_json(&report)],
        (Format::Human | Format::Concise, true) => vec![report::statistics::render_text(&report)],
        (Format::Sarif | Format::Github, true) => {
            return Err(Failure::Usage(String::from(
                "--statistics works with --format human, concise or json",
            )));
        }
        (Format::Json, false) => report::json::render_parts(&report),
        (Format::Sarif, false) => vec![report::sarif::render(
            &report,
            &report::sarif::Options {
                lint_url_base: args.lint_url_base.clone(),
            },
        )],
        (Format::Github, false) => vec![report::github::render(&report)],
        (Format::Concise, false) => vec![report::concise::render(
            &report,
            report::concise::Options {
                color,
                unsafe_fixes: config.unsafe_fixes.value,
            },
        )],
        (Format::Human, false) => vec![report::human::render(
            &report,
            report::human::Options {
                color,
                width: terminal_width(),
                unsafe_fixes: config.unsafe_fixes.value,
            },
        )],
    };
    let human = args.format == Format::Human && !args.statistics;
    let baseline_path = args.baseline.as_deref().unwrap_or(std::path::Path::new(""));
    if baselined.hidden > 0 && human {
        let n = baselined.hidden;
        parts.push(format!(
            "{n} finding{} in the baseline `{}` not shown.\n",
            if n == 1 { "" } else { "s" },
            escape_controls(&baseline_path.display().to_string())
        ));
    }
    match fixed_note {
        Some(note) if human => parts.push(note),
        Some(note) => {
            let _ = std::io::stderr().write_all(note.as_bytes());
        }
        None => {}
    }
    if baselined.stale > 0 {
        let n = baselined.stale;
        let note = format!(
            "{n} baseline {} no longer {} any finding; refresh the baseline with \
             `--write-baseline {}`\n",
            if n == 1 { "entry" } else { "entries" },
            if n == 1 { "matches" } else { "match" },
            escape_controls(&baseline_path.display().to_string())
        );
        if human {
            parts.push(note);
        } else {
            let _ = std::io::stderr().write_all(note.as_bytes());
        }
    }
    match &args.output_file {
        Some(path) => std::fs::File::create(path)
            .and_then(|file| write_parts(file, &parts))
            .map_err(|e| Failure::Usage(format!("cannot write `{}`: {e}", path.display())))?,
        // With `--fix` on standard input, standard output carries the fixed rule.
        None if args.fix && stdin.is_some() => write_parts(std::io::stderr().lock(), &parts)?,
        None => write_parts(stdout.lock(), &parts)?,
    }
    // A fix that could not be written fails the run whatever the fail level.
    let fails = report.fails(config.fail_level.value) || !unwritten.is_empty();
    // The process ends right after: freeing thousands of reports one by one is time spent for
    // nothing on the one thread left.
    std::mem::forget(report);
    Ok(if fails { EXIT_FINDINGS } else { 0 })
}

/// The check of the paths on the command line: within the pack of `--pack`, or of the staged
/// files against the pack with `--staged`.
fn check_named(args: &CheckArgs, settings: &Settings) -> Result<sigscope::check::Report, Failure> {
    if args.staged {
        let here = [std::path::PathBuf::from(".")];
        let pack = if args.paths.is_empty() {
            &here[..]
        } else {
            &args.paths
        };
        return Ok(check_staged(pack, &git_staged()?, settings));
    }
    Ok(if args.pack.is_empty() {
        check_paths(&args.paths, settings)
    } else {
        check_in_pack(&args.paths, &args.pack, settings)
    })
}

/// What git will commit, for `--staged`: the files of the index and the staged changes (those
/// pre-commit passes to hooks: every change but deletions), as absolute paths.
fn git_staged() -> Result<Staged, Failure> {
    let top = git(None, &["rev-parse", "--show-toplevel"])?;
    let top = path_from_bytes(top.strip_suffix(b"\n").unwrap_or(&top));
    // Canonical, as the library makes the walked paths.
    let top = std::fs::canonicalize(&top).unwrap_or(top);
    let list = |args: &[&str]| -> Result<std::collections::HashSet<std::path::PathBuf>, Failure> {
        Ok(git(Some(&top), args)?
            .split(|&b| b == 0)
            .filter(|name| !name.is_empty())
            .map(|name| top.join(path_from_bytes(name)))
            .collect())
    };
    Ok(Staged {
        tracked: list(&["ls-files", "--cached", "-z"])?,
        staged: list(&[
            "diff",
            "--cached",
            "--name-only",
            "--no-ext-diff",
            "-z",
            "--diff-filter=ACMRTUXB",
        ])?,
    })
}

/// Runs `git ARGS` (in `dir`) and returns its standard output; a git that cannot run or fails
/// (outside a repository) is a usage error with git's own message.
fn git(dir: Option<&std::path::Path>, args: &[&str]) -> Result<Vec<u8>, Failure> {
    let mut cmd = std::process::Command::new("git");
    if let Some(dir) = dir {
        cmd.current_dir(dir);
    }
    let out = cmd
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| Failure::Usage(format!("--staged reads the staged files from git: {e}")))?;
    if !out.status.success() {
        return Err(Failure::Usage(format!(
            "--staged reads the staged files from git, and `git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(out.stdout)
}

/// A path as git writes it: bytes, not necessarily UTF-8.
fn path_from_bytes(bytes: &[u8]) -> std::path::PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        std::path::PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
    }
    #[cfg(not(unix))]
    {
        std::path::PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
    }
}

/// A run that found no rule file passes; say so, or a typo in an `exclude` glob or a path would
/// pass CI unnoticed. The exit code stays as it is.
fn warn_nothing_checked(paths: &[std::path::PathBuf]) {
    const SHOWN: usize = 3;
    let mut named = paths
        .iter()
        .take(SHOWN)
        .map(|p| format!("`{}`", escape_controls(&p.display().to_string())))
        .collect::<Vec<_>>()
        .join(", ");
    let more = paths.len().saturating_sub(SHOWN);
    if more > 0 {
        named.push_str(&format!(
            " and {more} more path{}",
            if more == 1 { "" } else { "s" }
        ));
    }
    let _ = writeln!(
        std::io::stderr(),
        "warning: no Sigma rule files found in {named}; nothing was checked"
    );
}

/// `--diff`: every fix as a unified diff (standard output or `--output-file`), a one-line
/// summary on standard error; exit 1 when there is something to fix, as `git diff --exit-code`.
fn print_diffs(fixed: &[sigscope::fix::FixedFile], args: &CheckArgs) -> Result<u8, Failure> {
    let diff: String = fixed
        .iter()
        .map(sigscope::fix::FixedFile::unified_diff)
        .collect();
    // File names in the headers may hold control characters; rule text cannot but for NEL.
    let diff = escape_controls(&diff);
    match &args.output_file {
        Some(path) => std::fs::write(path, diff.as_bytes())
            .map_err(|e| Failure::Usage(format!("cannot write `{}`: {e}", path.display())))?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(diff.as_bytes())?;
            out.flush()?;
        }
    }
    let count: usize = fixed.iter().map(sigscope::fix::FixedFile::count).sum();
    let _ = writeln!(
        std::io::stderr(),
        "Would fix {count} finding{} in {} file{}.",
        if count == 1 { "" } else { "s" },
        fixed.len(),
        if fixed.len() == 1 { "" } else { "s" }
    );
    Ok(if fixed.is_empty() { 0 } else { EXIT_FINDINGS })
}

/// The name to report standard input under, when the rule comes from stdin: `--stdin-filename`
/// with no path or the single path `-`; `-` alone reads stdin as `-`.
fn stdin_name(args: &CheckArgs) -> Result<Option<std::path::PathBuf>, Failure> {
    let dash = args.paths.iter().any(|p| p.as_os_str() == "-");
    if dash && args.paths.len() > 1 {
        return Err(Failure::Usage(String::from(
            "`-` (standard input) cannot be combined with other paths",
        )));
    }
    if dash && !args.pack.is_empty() {
        return Err(Failure::Usage(String::from(
            "--pack checks files on disk, not standard input",
        )));
    }
    if args.staged {
        return if dash {
            Err(Failure::Usage(String::from(
                "--staged checks files on disk, not standard input",
            )))
        } else {
            Ok(None)
        };
    }
    if args.paths.is_empty() || dash {
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| std::path::PathBuf::from("-"));
        return Ok(Some(name));
    }
    if args.stdin_filename.is_some() {
        return Err(Failure::Usage(String::from(
            "--stdin-filename reads the rule from standard input: give `-` or no path",
        )));
    }
    Ok(None)
}

/// Writes `parts` one after the other, in large writes (standard output alone is flushed at
/// every line end, and a JSON report has tens of thousands of small parts on one line).
fn write_parts(to: impl Write, parts: &[String]) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, to);
    for part in parts {
        out.write_all(part.as_bytes())?;
    }
    out.flush()
}

fn print_text(text: &str) -> Result<u8, Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(0)
}

fn completions(shell: clap_complete::Shell) -> Result<u8, Failure> {
    use clap::CommandFactory;
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "sigscope", &mut buf);
    let mut out = std::io::stdout().lock();
    out.write_all(&buf)?;
    out.flush()?;
    Ok(0)
}

fn run_site(args: &sigscope::cli::SiteArgs) -> Result<u8, Failure> {
    use indicatif::{ProgressBar, ProgressStyle};
    use sigscope::site::{self, Progress};

    let config = load_config(&args.config, |o| {
        o.site_title.clone_from(&args.title);
        o.site_base_url.clone_from(&args.base_url);
        o.site_repo_url.clone_from(&args.repo_url);
        o.site_branch.clone_from(&args.branch);
    })?;
    let opts = site::Options {
        title: config.site_title.value.clone(),
        base_url: config.site_base_url.value.clone(),
        repo_url: config.site_repo_url.value.clone(),
        branch: config.site_branch.value.clone(),
        templates: args.templates.clone(),
        include_deprecated: args.include_deprecated,
        force: args.force,
        settings: settings_from(&config)?,
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
        escape_controls(&args.output.display().to_string()),
        start.elapsed().as_secs_f64(),
        summary.files,
        summary.bytes as f64 / 1_048_576.0,
        escape_controls(&args.output.join("index.html").display().to_string()),
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
        Some(code) if lints::retired(code).is_some() => {
            let retired = lints::retired(code).expect("checked in the guard");
            write!(out, "{}", report::retired_documentation(retired))?;
        }
        Some(code) => {
            let lint = lints::by_code(code)
                .ok_or_else(|| Failure::Usage(format!("no lint with code or name `{code}`")))?;
            writeln!(
                out,
                "# {} {} ({})\n",
                lint.code, lint.name, lint.default_severity
            )?;
            if lint.fix != sigscope::lint::FixAvailability::None {
                writeln!(
                    out,
                    "Fix: {} available (`sigscope check --fix`).\n",
                    lint.fix.as_str()
                )?;
            }
            write!(out, "{}", lint.documentation())?;
        }
    }
    out.flush()?;
    Ok(0)
}
