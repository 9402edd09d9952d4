//! `--show-fixes`: after `--fix`, the findings it fixed in each file, by lint, as ruff lists
//! them; without `--fix`, each fix it would apply, with the finding's place and what it writes.

use crate::check::Report;
use crate::fix::FixedFile;
use crate::source::escape_controls;

/// `Fixed N findings:`, then each fixed file and how many findings of each lint were fixed
/// there, most first. Empty when nothing was fixed.
pub fn render_applied(fixed: &[FixedFile]) -> String {
    let total: usize = fixed.iter().map(FixedFile::count).sum();
    if total == 0 {
        return String::new();
    }
    let width = fixed
        .iter()
        .flat_map(|f| f.fixed_codes.values())
        .max()
        .map_or(1, |n| n.to_string().len());
    let mut out = format!("Fixed {total} finding{}:\n", plural(total));
    for file in fixed.iter().filter(|f| f.count() > 0) {
        let path = file.path.to_string_lossy().replace('\\', "/");
        out.push_str(&format!("- {}:\n", escape_controls(&path)));
        let mut codes: Vec<(&str, usize)> =
            file.fixed_codes.iter().map(|(c, n)| (*c, *n)).collect();
        codes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        for (code, n) in codes {
            let name = crate::lints::by_code(code).map_or("", |l| l.name);
            out.push_str(&format!("    {n:>width$} × {code} ({name})\n"));
        }
    }
    out
}

/// `N fixes available with `sigscope check --fix`:`, then each file with a fix `--fix` would
/// apply and, per finding, `line:column CODE what the fix does`. Empty when there is none.
pub fn render_available(report: &Report, unsafe_fixes: bool) -> String {
    let applies = crate::fix::Options { unsafe_fixes };
    let mut body = String::new();
    let mut total = 0;
    for file in &report.files {
        let mut fixes = file
            .diagnostics
            .iter()
            .filter_map(|d| {
                d.fix
                    .as_ref()
                    .filter(|f| applies.applies(f))
                    .map(|f| (d, f))
            })
            .peekable();
        if fixes.peek().is_none() {
            continue;
        }
        body.push_str(&format!(
            "- {}:\n",
            escape_controls(&file.source.display_path())
        ));
        for (d, fix) in fixes {
            total += 1;
            let at = file.source.line_col(d.span.start);
            let message = escape_controls(&fix.message).replace(['\r', '\n'], " ");
            body.push_str(&format!(
                "    {}:{} {} {message}\n",
                at.line,
                at.column,
                d.code()
            ));
        }
    }
    if total == 0 {
        return body;
    }
    let es = if total == 1 { "" } else { "es" };
    format!("{total} fix{es} available with `sigscope check --fix`:\n{body}")
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
