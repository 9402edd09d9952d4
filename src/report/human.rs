//! Human output through miette: `path:line:col`, code, message, the source snippet with labels,
//! and the help line, like rustc and ruff.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, SourceSpan};

use crate::check::{FileReport, Report};
use crate::diagnostics::{Applicability, Diagnostic};
use crate::lint::{Lint, Severity};
use crate::source::{ShownText, Snippet, SourceFile, escape_controls};

/// The checked files by path, to locate labels that point into another file.
type Sources<'a> = HashMap<&'a Path, &'a SourceFile>;

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub color: bool,
    /// Terminal width for wrapping messages.
    pub width: usize,
    /// Unsafe fixes are applied by `--fix` (`unsafe-fixes`): mark them fixable too.
    pub unsafe_fixes: bool,
    /// End with the summary lines (findings, fixable); `--quiet` leaves them out.
    pub summary: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            color: false,
            width: 100,
            unsafe_fixes: false,
            summary: true,
        }
    }
}

fn handler(opts: Options) -> GraphicalReportHandler {
    let theme = if opts.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(opts.width)
        .with_links(false)
        .with_context_lines(1)
}

/// Renders every diagnostic of every file, then the summary lines.
pub fn render(report: &Report, opts: Options) -> String {
    let handler = handler(opts);
    let mut out = String::new();
    let sources: Sources<'_> = report
        .files
        .iter()
        .map(|f| (f.source.path.as_path(), &f.source))
        .collect();
    for file in &report.files {
        render_file(&handler, file, &sources, opts, &mut out);
    }
    if !opts.summary {
        return out;
    }
    let c = report.counts();
    let total = c.error + c.warning + c.info;
    let files = report.files.len();
    if total == 0 {
        out.push_str(&format!(
            "All checks passed: {files} file{} checked.\n",
            plural(files)
        ));
    } else {
        let with = report
            .files
            .iter()
            .filter(|f| !f.diagnostics.is_empty())
            .count();
        out.push_str(&format!(
            "Found {} error{}, {} warning{}, {} info in {with} of {files} file{}.\n",
            c.error,
            plural(c.error),
            c.warning,
            plural(c.warning),
            c.info,
            plural(files)
        ));
    }
    out.push_str(&fixable_line(&fixable(report, opts.unsafe_fixes)));
    out
}

/// What `--fix` would do for a report: how many findings it fixes, and the lints whose fixes
/// it holds back until `--unsafe-fixes`, with how many each, most first.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Fixable {
    /// Fixed by `--fix` as the run is configured.
    pub applied: usize,
    /// Some of `applied` are unsafe fixes: applying them takes `--unsafe-fixes` too.
    pub applied_unsafe: bool,
    pub held_back: Vec<(&'static Lint, usize)>,
}

/// The findings `--fix` fixes (the unsafe ones too when `unsafe_fixes`), and the rest by lint.
pub fn fixable(report: &Report, unsafe_fixes: bool) -> Fixable {
    let (mut applied, mut applied_unsafe) = (0, false);
    let mut held: BTreeMap<&'static str, (&'static Lint, usize)> = BTreeMap::new();
    for d in report.files.iter().flat_map(|f| &f.diagnostics) {
        match d.fix.as_ref().map(|x| x.applicability) {
            Some(Applicability::Safe) => applied += 1,
            Some(Applicability::Unsafe) if unsafe_fixes => {
                applied += 1;
                applied_unsafe = true;
            }
            Some(Applicability::Unsafe) => held.entry(d.code()).or_insert((d.lint, 0)).1 += 1,
            None => {}
        }
    }
    let mut held_back: Vec<(&'static Lint, usize)> = held.into_values().collect();
    held_back.sort_by_key(|(lint, n)| (std::cmp::Reverse(*n), lint.code));
    Fixable {
        applied,
        applied_unsafe,
        held_back,
    }
}

/// The closing hint. Unsafe fixes are named by lint rather than described as a kind: some change
/// what the rule matches, others guess what was meant (`status: tset` → `test`).
fn fixable_line(f: &Fixable) -> String {
    let held: usize = f.held_back.iter().map(|(_, n)| n).sum();
    let es = |n: usize| if n == 1 { "" } else { "es" };
    let lints = f
        .held_back
        .iter()
        .map(|(lint, n)| format!("{} {} ({n})", lint.code, lint.name))
        .collect::<Vec<_>>()
        .join(", ");
    match (f.applied, held) {
        (0, 0) => String::new(),
        (s, 0) if f.applied_unsafe => {
            format!("[*] {s} fixable with `sigscope check --fix --unsafe-fixes`.\n")
        }
        (s, 0) => format!("[*] {s} fixable with `sigscope check --fix`.\n"),
        (0, u) => format!(
            "{u} fix{} available with `sigscope check --fix --unsafe-fixes`: {lints}.\n",
            es(u)
        ),
        (s, u) => format!(
            "[*] {s} fixable with `sigscope check --fix`; {u} more fix{} with `--unsafe-fixes`: {lints}.\n",
            es(u)
        ),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn render_file(
    handler: &GraphicalReportHandler,
    file: &FileReport,
    sources: &Sources<'_>,
    opts: Options,
    out: &mut String,
) {
    if file.diagnostics.is_empty() {
        return;
    }
    let name = escape_controls(&file.source.display_path()).into_owned();
    // The snippet shows the text with its control characters escaped, spans moved to match.
    let text = ShownText::new(file.source.text.clone());
    for d in &file.diagnostics {
        let source = Snippet {
            name: name.clone(),
            text: text.clone(),
        };
        let report = miette::Report::new(to_miette(d, &text)).with_source_code(source);
        let at = file.source.line_col(d.span.start);
        // miette prints the location only inside the snippet; lead with a grep-able line.
        out.push_str(&format!(
            "{name}:{}:{}: {} {}{}\n",
            at.line,
            at.column,
            d.code(),
            d.lint.name,
            fix_marker(d, opts.unsafe_fixes)
        ));
        let mut rendered = String::new();
        if handler
            .render_report(&mut rendered, report.as_ref())
            .is_err()
        {
            rendered = format!("{}\n", escape_controls(&d.message));
        }
        out.push_str(rendered.trim_start_matches('\n'));
        if !rendered.ends_with('\n') {
            out.push('\n');
        }
        other_file_notes(d, sources, out);
        out.push('\n');
    }
}

/// ` [*]` after a finding `--fix` can fix, as ruff marks them.
pub fn fix_marker(d: &Diagnostic, unsafe_fixes: bool) -> &'static str {
    match d.fix.as_ref().map(|f| f.applicability) {
        Some(Applicability::Safe) => " [*]",
        Some(Applicability::Unsafe) if unsafe_fixes => " [*]",
        _ => "",
    }
}

/// Labels in other files (pack-wide findings) as grep-able `note:` lines after the snippet,
/// e.g. `  = note: first defined here: rules/a.yml:2:5`.
fn other_file_notes(d: &Diagnostic, sources: &Sources<'_>, out: &mut String) {
    for l in &d.secondary {
        let Some(path) = &l.path else { continue };
        let shown = path.to_string_lossy().replace('\\', "/");
        let shown = escape_controls(&shown);
        let message = escape_controls(&l.message);
        let at = sources.get(&**path).map(|s| s.line_col(l.span.start));
        match at {
            Some(at) => out.push_str(&format!(
                "  = note: {message}: {shown}:{}:{}\n",
                at.line, at.column
            )),
            None => out.push_str(&format!("  = note: {message}: {shown}\n")),
        }
    }
}

/// The diagnostic for miette, its texts escaped and its spans in `text`'s shown text.
fn to_miette(d: &Diagnostic, text: &ShownText) -> MietteDiagnostic {
    let severity = match d.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    };
    let escaped = |s: &str| escape_controls(s).into_owned();
    let primary = LabeledSpan::new_primary_with_span(
        d.label.as_deref().map(escaped),
        SourceSpan::from(text.span(&d.span)),
    );
    let mut labels = vec![primary];
    // Labels in other files are printed as notes after the snippet.
    labels.extend(d.secondary.iter().filter(|l| l.path.is_none()).map(|l| {
        LabeledSpan::new_with_span(
            Some(escaped(&l.message)),
            SourceSpan::from(text.span(&l.span)),
        )
    }));
    let mut m = MietteDiagnostic::new(escaped(&d.message))
        .with_severity(severity)
        .with_labels(labels);
    if let Some(h) = &d.help {
        m = m.with_help(escaped(h));
    }
    m
}
