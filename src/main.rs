//! The `sigscope` binary: parse arguments, run the library, print, map to an exit code.

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use clap::Parser;
use std::sync::Arc;

use sigscope::baseline::{Anchor, Applied, Baseline};
use sigscope::check::{
    Report, Staged, check_in_pack_with, check_paths_with, check_staged_with, check_text,
};
use sigscope::cli::{CheckArgs, Cli, Color, Command, Format};
use sigscope::config::{AttackData, Configs, LoadError, Resolved};
use sigscope::lints;
use sigscope::report;
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
        Command::Check(args) if args.watch => watch(&args),
        Command::Check(args) => run_check(&args),
        Command::Site(args) => run_site(&args),
        Command::Coverage(args) => run_coverage(&args),
        Command::Config(args) => show_config(&args),
        Command::Explain { code } => explain(code.as_deref()),
        Command::Lints => print_text(&report::lints_table()),
        Command::Completions { shell } => completions(shell),
        Command::Server { config } => run_server(&config),
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

/// Reads the run's `sigscope.toml` (or `--config FILE`) and applies the command-line overrides;
/// the configurations of the checked files are read as the walk meets them.
fn load_configs(
    args: &sigscope::cli::ConfigArgs,
    attack: AttackData,
    more: impl FnOnce(&mut sigscope::config::Overrides),
) -> Result<Configs, Failure> {
    let location = args
        .location()
        .map_err(|e| Failure::Usage(format!("cannot read the working directory: {e}")))?;
    let mut overrides = args.overrides().map_err(Failure::Usage)?;
    more(&mut overrides);
    Configs::load(&location, &overrides, attack).map_err(load_failure)
}

/// A configuration that cannot be used: a bad file is shown with its TOML snippet.
fn load_failure(e: LoadError) -> Failure {
    match e {
        LoadError::Config(e) => {
            let color = use_color(Color::Auto, std::io::stderr().is_terminal());
            Failure::Rendered(e.render(color, terminal_width()))
        }
        LoadError::Other(message) => Failure::Usage(message),
    }
}

/// The configuration of each file of `report`, in its order (the check has looked each up).
fn file_configs(configs: &Configs, report: &Report) -> Result<Vec<Arc<Resolved>>, Failure> {
    report
        .files
        .iter()
        .map(|f| configs.for_file(&f.source.path).map_err(load_failure))
        .collect()
}

/// `sigscope config [PATH]`: the configuration that applies to PATH (a file, or the files of a
/// directory), without reading its ATT&CK data.
fn show_config(args: &sigscope::cli::ConfigCmdArgs) -> Result<u8, Failure> {
    let configs = load_configs(&args.config, AttackData::Skip, |o| {
        o.fail_level = args.fail_level.map(Into::into);
    })?;
    let path = args.path.as_deref().unwrap_or(std::path::Path::new("."));
    let resolved = match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => configs.for_dir(path),
        Ok(_) => configs.for_file(path),
        Err(_) => {
            return Err(Failure::Usage(format!(
                "path `{}` does not exist",
                path.display()
            )));
        }
    };
    print_text(&escape_controls(
        &resolved.map_err(load_failure)?.config.describe(),
    ))
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
    let configs = load_configs(&args.config, AttackData::Read, |o| {
        o.fail_level = args.fail_level.map(Into::into);
    })?;
    // Per-run options and the baseline's idea of which lints ran come from the run's
    // configuration; each file is checked with its own.
    let config = &configs.run().config;
    let settings = &configs.run().settings;
    // Standard input gets the configuration of the place `--stdin-filename` names, as in ruff.
    let stdin = stdin_name(args)?
        .map(|name| configs.for_file(&name).map(|own| (own, name)))
        .transpose()
        .map_err(load_failure)?;
    // With `--fix` on standard input, the input is echoed back when there is nothing to fix.
    let mut stdin_bytes = Vec::new();
    let mut report = match &stdin {
        Some((own, name)) => {
            let mut bytes = Vec::new();
            // Read one byte past the limit so an oversized input is reported, not swallowed.
            std::io::stdin()
                .lock()
                .take(own.settings.max_file_size.saturating_add(1))
                .read_to_end(&mut bytes)
                .map_err(|e| Failure::Usage(format!("cannot read standard input: {e}")))?;
            if args.fix {
                stdin_bytes.clone_from(&bytes);
            }
            check_text(name, bytes, &own.settings)
        }
        None => check_named(args, &configs)?,
    };
    // With `--staged`, no staged rule is what a commit of other files looks like.
    if report.files.is_empty() && !args.staged {
        warn_nothing_checked(&targets(args));
    }
    if let Some(path) = &args.write_baseline {
        let anchor = Anchor::new(path).map_err(|e| Failure::Usage(e.to_string()))?;
        let baseline = Baseline::of(&report, &anchor);
        baseline
            .write(path)
            .map_err(|e| Failure::Usage(e.to_string()))?;
        let n = baseline.findings.len();
        if args.quiet {
            return Ok(0);
        }
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
            b.apply(report, anchor, settings)
        })
    };
    let mut baselined = apply_baseline(&mut report);
    let mut fixed_note = None;
    let mut fixes_shown = None;
    let mut unwritten = Vec::new();
    if args.fix || args.diff {
        let options = sigscope::fix::Options {
            unsafe_fixes: config.unsafe_fixes.value,
        };
        let filter = |r: &mut sigscope::check::Report| {
            apply_baseline(r);
        };
        let scopes = file_configs(&configs, &report)?;
        let fixed =
            sigscope::fix::fix_report_with(&report, &|i| &scopes[i].settings, options, &filter);
        if args.diff {
            return print_diffs(&fixed, args);
        }
        let written = match &stdin {
            Some((own, name)) => {
                let bytes = fixed
                    .first()
                    .map_or_else(|| stdin_bytes.clone(), |f| f.fixed.clone().into_bytes());
                let mut out = std::io::stdout().lock();
                match out.write_all(&bytes).and_then(|()| out.flush()) {
                    Ok(()) => {
                        report = check_text(name, bytes, &own.settings);
                        fixed
                    }
                    // The editor did not get the fixed rule: nothing was fixed.
                    Err(e) if !fixed.is_empty() => {
                        report = check_text(name, std::mem::take(&mut stdin_bytes), &own.settings);
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
                report = check_named(args, &configs)?;
                written
            }
        };
        if args.show_fixes {
            fixes_shown = Some(report::fixes::render_applied(&written));
        }
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
        for u in &unwritten {
            let own = configs.for_file(&u.path).map_err(load_failure)?;
            sigscope::fix::report_unwritten(&mut report, std::slice::from_ref(u), &own.settings);
        }
    }
    let stdout = std::io::stdout();
    let color = match args.color {
        // `FORCE_COLOR` is for logs and pipes; a report file stays plain unless asked.
        Color::Auto if args.output_file.is_some() => false,
        choice => use_color(choice, stdout.is_terminal()),
    };
    // The text in pieces written one after the other: a large JSON report is rendered file by
    // file on the pool and never copied into one string.
    let statistics = report::statistics::Options {
        unsafe_fixes: config.unsafe_fixes.value,
        summary: !args.quiet,
    };
    let mut parts: Vec<String> = match (args.format, args.statistics) {
        (Format::Json, true) => vec![report::statistics::render_json(&report, statistics)],
        (Format::Human | Format::Concise, true) => {
            vec![report::statistics::render_text(&report, statistics)]
        }
        (Format::Sarif | Format::Github | Format::Junit | Format::Gitlab, true) => {
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
        (Format::Junit, false) => vec![report::junit::render(
            &report,
            report::junit::Options {
                fail_level: config.fail_level.value,
            },
        )],
        (Format::Gitlab, false) => vec![report::gitlab::render(&report)],
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
                summary: !args.quiet,
            },
        )],
    };
    let human = args.format == Format::Human && !args.statistics;
    let baseline_path = args.baseline.as_deref().unwrap_or(std::path::Path::new(""));
    if args.quiet {
        fixed_note = None;
        baselined = Applied::default();
    }
    if args.show_fixes && !args.fix {
        fixes_shown = Some(report::fixes::render_available(
            &report,
            config.unsafe_fixes.value,
        ));
    }
    // Asked for by name, the list of fixes is shown even with `--quiet`, in place of the note.
    if let Some(list) = fixes_shown.filter(|l| !l.is_empty()) {
        fixed_note = Some(list);
    }
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
    // A fix that could not be written fails the run whatever the fail level, and even with
    // `--exit-zero`: what the user asked to change is not changed.
    let fails = (report.fails(config.fail_level.value) && !args.exit_zero) || !unwritten.is_empty();
    // The process ends right after: freeing thousands of reports one by one is time spent for
    // nothing on the one thread left. A watch runs again, and would keep every report.
    if !args.watch {
        std::mem::forget(report);
    }
    Ok(if fails { EXIT_FINDINGS } else { 0 })
}

/// The check of the paths on the command line, each file with its own configuration: within
/// the pack of `--pack`, or of the staged files against the pack with `--staged`.
fn check_named(args: &CheckArgs, configs: &Configs) -> Result<Report, Failure> {
    let paths = targets(args);
    let report = if args.staged {
        check_staged_with(&paths, &git_staged()?, configs)
    } else if args.pack.is_empty() {
        check_paths_with(&paths, configs)
    } else {
        check_in_pack_with(&paths, &args.pack, configs)
    };
    report.map_err(load_failure)
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

/// What the watch loop waits for.
enum Watched {
    Changed,
    Stop,
}

/// `check --watch`: a check, then another after every change to a rule or a `sigscope.toml`
/// under the paths (changes coming within 150 ms of each other make one run), until Ctrl-C.
/// A run that fails (a bad configuration written meanwhile) says why and the watch goes on.
fn watch(args: &CheckArgs) -> Result<u8, Failure> {
    use notify::{RecursiveMode, Watcher};
    use std::sync::mpsc::RecvTimeoutError;

    let paths = targets(args);
    if paths.iter().any(|p| p.as_os_str() == "-") {
        return Err(Failure::Usage(String::from(
            "--watch watches files: it cannot read standard input (`-`)",
        )));
    }
    let mut roots = Vec::new();
    // With `--pack`, a change in the pack changes what the paths are compared with.
    for path in paths.iter().chain(&args.pack) {
        let root = std::fs::canonicalize(path)
            .map_err(|_| Failure::Usage(format!("path `{}` does not exist", path.display())))?;
        let is_dir = root.is_dir();
        roots.push((root, is_dir));
    }
    let (tx, rx) = std::sync::mpsc::channel();
    let stop = tx.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(Watched::Stop);
    })
    .map_err(|e| Failure::Usage(format!("cannot handle Ctrl-C: {e}")))?;
    let filter = roots.clone();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if event.is_ok_and(|e| changes_a_rule(&e, &filter)) {
            let _ = tx.send(Watched::Changed);
        }
    })
    .map_err(|e| Failure::Usage(format!("cannot watch files: {e}")))?;
    for (root, is_dir) in &roots {
        // A file is watched through its directory: editors save by replacing the file.
        let (dir, mode) = if *is_dir {
            (root.as_path(), RecursiveMode::Recursive)
        } else {
            let dir = root.parent().unwrap_or(root);
            (dir, RecursiveMode::NonRecursive)
        };
        watcher
            .watch(dir, mode)
            .map_err(|e| Failure::Usage(format!("cannot watch `{}`: {e}", dir.display())))?;
    }
    let terminal = args.output_file.is_none() && std::io::stdout().is_terminal();
    loop {
        if terminal {
            // Our own sequence (clear, clear scrollback, home), never text from a rule.
            let mut out = std::io::stdout().lock();
            out.write_all(b"\x1b[H\x1b[2J\x1b[3J")?;
            out.flush()?;
        }
        match run_check(args) {
            Ok(_) => {}
            Err(Failure::BrokenPipe) => return Ok(0),
            Err(Failure::Usage(msg)) => {
                let _ = writeln!(std::io::stderr(), "error: {}", escape_controls(&msg));
            }
            Err(Failure::Rendered(text)) => {
                let _ = std::io::stderr().write_all(text.as_bytes());
            }
        }
        if !args.quiet {
            let _ = writeln!(
                std::io::stderr(),
                "Watching for changes to rules and sigscope.toml; press Ctrl-C to stop."
            );
        }
        match rx.recv() {
            Ok(Watched::Changed) => {}
            Ok(Watched::Stop) | Err(_) => return Ok(0),
        }
        loop {
            match rx.recv_timeout(std::time::Duration::from_millis(150)) {
                Ok(Watched::Changed) => {}
                Ok(Watched::Stop) | Err(RecvTimeoutError::Disconnected) => return Ok(0),
                Err(RecvTimeoutError::Timeout) => break,
            }
        }
    }
}

/// Whether a file event can change the report: a rule or a `sigscope.toml` created, written or
/// removed, or anything renamed or removed (a folder of rules), under a watched root (a file
/// root: that file) but not in a hidden folder (never walked) or a `target` folder.
fn changes_a_rule(event: &notify::Event, roots: &[(std::path::PathBuf, bool)]) -> bool {
    use notify::EventKind;
    use notify::event::{MetadataKind, ModifyKind};
    let moved = match event.kind {
        EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_)) => true,
        EventKind::Create(_) | EventKind::Any => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => return false,
        EventKind::Modify(_) => false,
        _ => return false,
    };
    event.paths.iter().any(|path| {
        let named = path
            .file_name()
            .is_some_and(|n| n == sigscope::config::FILE_NAME)
            || sigscope::walk::is_rule_file(path);
        roots.iter().any(|(root, is_dir)| {
            if !is_dir {
                return path == root;
            }
            path.strip_prefix(root).is_ok_and(|rel| {
                (named || moved)
                    && !rel.components().any(|c| {
                        let c = c.as_os_str().to_string_lossy();
                        c.starts_with('.') || c == "target"
                    })
            })
        })
    })
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
    if !args.quiet {
        let _ = writeln!(
            std::io::stderr(),
            "Would fix {count} finding{} in {} file{}.",
            if count == 1 { "" } else { "s" },
            fixed.len(),
            if fixed.len() == 1 { "" } else { "s" }
        );
    }
    Ok(if fixed.is_empty() || args.exit_zero {
        0
    } else {
        EXIT_FINDINGS
    })
}

/// The paths `check` walks: those given, or the working directory, as ruff does.
fn targets(args: &CheckArgs) -> std::borrow::Cow<'_, [std::path::PathBuf]> {
    if args.paths.is_empty() {
        std::borrow::Cow::Owned(vec![std::path::PathBuf::from(".")])
    } else {
        std::borrow::Cow::Borrowed(&args.paths)
    }
}

/// The name to report standard input under, when the rule comes from stdin: `--stdin-filename`
/// with no path or the single path `-`; `-` alone reads stdin as `-`. No path and no
/// `--stdin-filename` checks the working directory (see [`targets`]).
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
    if dash || (args.paths.is_empty() && args.stdin_filename.is_some()) {
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

fn read_text(path: &std::path::Path) -> Result<String, Failure> {
    std::fs::read_to_string(path)
        .map_err(|e| Failure::Usage(format!("cannot read `{}`: {e}", path.display())))
}

/// The techniques of `--target`, `--target-file`, `--target-group` and `--target-layer`;
/// `None` when no target is given.
fn targets_of(
    args: &sigscope::cli::TargetArgs,
    attack: &sigscope::attack::Attack,
) -> Result<Option<sigscope::coverage::Targets>, Failure> {
    use sigscope::coverage;
    let mut targets = coverage::Targets::default();
    let mut add = |source: String, ids: std::collections::BTreeSet<String>| {
        targets.sources.push(source);
        targets.ids.extend(ids);
    };
    if !args.target.is_empty() {
        let ids = coverage::parse_ids(attack, &args.target.join(",")).map_err(Failure::Usage)?;
        add(args.target.join(","), ids);
    }
    for file in &args.target_file {
        let ids = coverage::parse_ids(attack, &read_text(file)?)
            .map_err(|e| Failure::Usage(format!("{}: {e}", file.display())))?;
        add(file.display().to_string(), ids);
    }
    for group in &args.target_group {
        let (label, ids) = coverage::entity_techniques(attack, group).map_err(Failure::Usage)?;
        add(label, ids);
    }
    for file in &args.target_layer {
        let ids = coverage::layer_techniques(attack, &read_text(file)?)
            .map_err(|e| Failure::Usage(format!("{}: {e}", file.display())))?;
        add(file.display().to_string(), ids);
    }
    Ok((!targets.sources.is_empty()).then_some(targets))
}

/// `sigscope coverage`: the pack's rules per ATT&CK technique, against targets and a baseline.
fn run_coverage(args: &sigscope::cli::CoverageArgs) -> Result<u8, Failure> {
    use sigscope::cli::{CoverageFormat, MinStatus};
    use sigscope::coverage::{self, StatusRank};

    let configs = load_configs(&args.config, AttackData::Read, |_| {})?;
    let mut settings = configs.run().settings.clone();
    // Only the file lints run: a file that cannot be read or parsed is named, not counted.
    settings.selection.select = Some(vec![String::from("SC0")]);
    settings.selection.extend_select.clear();
    let attack = Arc::clone(&settings.attack);
    let targets = targets_of(&args.targets, &attack)?;
    let has_targets = targets.is_some();
    if !has_targets && (args.fail_on_gaps || args.fail_under.is_some()) {
        return Err(Failure::Usage(String::from(
            "--fail-on-gaps and --fail-under need targets: --target, --target-file, --target-group or --target-layer",
        )));
    }
    let baseline = match &args.baseline {
        Some(file) => Some(
            coverage::read_baseline(&attack, &read_text(file)?)
                .map_err(|e| Failure::Usage(format!("{}: {e}", file.display())))?,
        ),
        None => None,
    };
    let paths = if args.paths.is_empty() {
        vec![std::path::PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let report = sigscope::check::check_paths(&paths, &settings);
    for file in &report.files {
        for d in file
            .diagnostics
            .iter()
            .filter(|d| d.severity == sigscope::lint::Severity::Error)
        {
            let at = file.source.line_col(d.span.start);
            let _ = writeln!(
                std::io::stderr(),
                "warning: not counted: {}:{}:{}: {} {}",
                escape_controls(&file.source.display_path()),
                at.line,
                at.column,
                d.code(),
                escape_controls(&d.message)
            );
        }
    }
    let opts = coverage::Options {
        min_status: match args.min_status {
            MinStatus::Unsupported => StatusRank::Unsupported,
            MinStatus::Deprecated => StatusRank::Deprecated,
            MinStatus::Experimental => StatusRank::Experimental,
            MinStatus::Test => StatusRank::Test,
            MinStatus::Stable => StatusRank::Stable,
        },
        targets,
        baseline,
    };
    let result = coverage::compute(&report, &attack, &opts);
    if let Some(file) = &args.write_baseline {
        std::fs::write(file, result.baseline().to_json())
            .map_err(|e| Failure::Usage(format!("cannot write `{}`: {e}", file.display())))?;
    }
    let text = match args.format {
        CoverageFormat::Human => coverage::render_human(&result, &attack),
        CoverageFormat::Json => coverage::render_json(&result),
        CoverageFormat::Markdown => coverage::render_markdown(&result, &attack),
        CoverageFormat::Layer => coverage::render_layer(&result),
    };
    match &args.output_file {
        Some(path) => std::fs::write(path, &text)
            .map_err(|e| Failure::Usage(format!("cannot write `{}`: {e}", path.display())))?,
        None => {
            print_text(&text)?;
        }
    }
    let gaps = result
        .targets
        .as_ref()
        .is_some_and(|t| !t.uncovered.is_empty());
    let under = match (&result.targets, args.fail_under) {
        (Some(t), Some(pct)) => t.percent < pct,
        _ => false,
    };
    let lost = result.changes.as_ref().is_some_and(|c| !c.lost.is_empty());
    let fails = (args.fail_on_gaps && gaps) || under || (args.fail_on_loss && lost);
    Ok(if fails { EXIT_FINDINGS } else { 0 })
}

/// `sigscope server`: each document gets the closest `sigscope.toml` of its path, the working
/// directory's when it has none.
fn run_server(args: &sigscope::cli::ConfigArgs) -> Result<u8, Failure> {
    let configs = load_configs(args, AttackData::Read, |_| {})?;
    let ending = sigscope::server::serve(
        std::io::BufReader::new(std::io::stdin()),
        std::io::stdout().lock(),
        configs,
    )
    .map_err(|e| Failure::Usage(format!("the language server stopped: {e}")))?;
    Ok(match ending {
        sigscope::server::Ending::Clean => 0,
        sigscope::server::Ending::Abrupt => 1,
    })
}

fn run_site(args: &sigscope::cli::SiteArgs) -> Result<u8, Failure> {
    use indicatif::{ProgressBar, ProgressStyle};
    use sigscope::site::{self, Progress};

    // The site is one catalogue: it is built with the run's configuration alone.
    let configs = load_configs(&args.config, AttackData::Read, |o| {
        o.site_title.clone_from(&args.title);
        o.site_base_url.clone_from(&args.base_url);
        o.site_repo_url.clone_from(&args.repo_url);
        o.site_branch.clone_from(&args.branch);
    })?;
    let config = &configs.run().config;
    let opts = site::Options {
        title: config.site_title.value.clone(),
        base_url: config.site_base_url.value.clone(),
        repo_url: config.site_repo_url.value.clone(),
        branch: config.site_branch.value.clone(),
        templates: args.templates.clone(),
        include_deprecated: args.include_deprecated,
        force: args.force,
        targets: targets_of(&args.targets, &configs.run().settings.attack)?,
        compare: args.compare.clone(),
        settings: configs.run().settings.clone(),
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
    for w in &summary.warnings {
        let _ = writeln!(std::io::stderr(), "warning: {}", escape_controls(w));
    }
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

/// Whether to colour output going to a terminal or not: `--color always|never`, else
/// `FORCE_COLOR` (force-color.org: colour even into a pipe, and it wins over `NO_COLOR`, as in
/// ruff), else `NO_COLOR` (no-color.org), else whether it is a terminal. A variable counts when
/// it is set and not empty, as both conventions say.
fn use_color(choice: Color, terminal: bool) -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => set("FORCE_COLOR") || (terminal && !set("NO_COLOR")),
    }
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
