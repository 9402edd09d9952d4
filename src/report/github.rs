//! `--format github`: one GitHub Actions workflow command per diagnostic, which the runner turns
//! into an annotation on the file and line:
//!
//! `::error file=rules/x.yml,line=19,col=14,endLine=19,endColumn=17,title=SC301::message`
//!
//! Errors are `::error`, warnings `::warning`, infos `::notice`. Columns are 1-based characters,
//! the end column exclusive (as in every other format). Escaping follows the runner's rules: in
//! the message `%`, `\r`, `\n` become `%25`, `%0D`, `%0A`; in property values `:` and `,` are
//! escaped as well (`%3A`, `%2C`). Other control characters, which the runner would print raw
//! into the log, are written as `\u{1b}` first.

use crate::check::Report;
use crate::lint::Severity;
use crate::source::escape_controls;

fn escape_data(s: &str) -> String {
    escape_controls(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for file in &report.files {
        let path = escape_property(&file.source.display_path());
        for d in &file.diagnostics {
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let start = file.source.line_col(d.span.start);
            let end = file.source.line_col(d.span.end);
            out.push_str(&format!(
                "::{command} file={path},line={},col={},endLine={},endColumn={},title={}::{}\n",
                start.line,
                start.column,
                end.line,
                end.column,
                escape_property(d.code()),
                escape_data(&d.message),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("50% a\r\nb: c,d"), "50%25 a%0D%0Ab: c,d");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(escape_data("\u{1b}[2J\u{9b}%"), "\\u{1b}[2J\\u{9b}%25");
    }
}
