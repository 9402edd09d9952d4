//! `--format concise`: one `path:line:col: CODE message` line per diagnostic, for grep, editors'
//! quickfix lists (`:cexpr`, `compile-mode`) and quick reading. Nothing else is printed.

use crate::check::Report;
use crate::lint::Severity;
use crate::source::escape_controls;

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Bold location, code coloured by severity (only on a terminal or with `--color always`).
    pub color: bool,
    /// Unsafe fixes are applied by `--fix` (`unsafe-fixes`): mark them fixable too.
    pub unsafe_fixes: bool,
}

pub fn render(report: &Report, opts: Options) -> String {
    let mut out = String::new();
    for file in &report.files {
        let path = file.source.display_path();
        let path = escape_controls(&path);
        for d in &file.diagnostics {
            let at = file.source.line_col(d.span.start);
            // The message is one line; a stray newline would break the one-line-each contract.
            let message = escape_controls(&d.message).replace(['\r', '\n'], " ");
            if opts.color {
                let colour = match d.severity {
                    Severity::Error => "31",
                    Severity::Warning => "33",
                    Severity::Info => "36",
                };
                out.push_str(&format!(
                    "\x1b[1m{path}:{}:{}:\x1b[0m \x1b[1;{colour}m{}\x1b[0m{} {message}\n",
                    at.line,
                    at.column,
                    d.code(),
                    super::human::fix_marker(d, opts.unsafe_fixes)
                ));
            } else {
                out.push_str(&format!(
                    "{path}:{}:{}: {}{} {message}\n",
                    at.line,
                    at.column,
                    d.code(),
                    super::human::fix_marker(d, opts.unsafe_fixes)
                ));
            }
        }
    }
    out
}
