//! Renderers for a check [`Report`](crate::check::Report). They return text; printing is the
//! binary's job.

pub mod concise;
pub mod fixes;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod statistics;

/// The group a lint belongs to, from the hundreds digit of its code (the folder under
/// `src/lints/` it lives in).
pub fn lint_group(lint: &crate::lint::Lint) -> &'static str {
    match lint.code.as_bytes().get(2) {
        Some(b'0') => "file",
        Some(b'1') => "schema",
        Some(b'2') => "metadata",
        Some(b'3') => "detection",
        Some(b'4') => "values",
        Some(b'5') => "attack",
        Some(b'6') => "logsource",
        Some(b'7') => "correlation",
        Some(b'8') => "pack",
        _ => "other",
    }
}

/// `sigscope lints`: one row per lint — code, name, group, default severity, the profile that
/// turns it on (`default` = on by default), and whether it has an autofix.
pub fn lints_table() -> String {
    let lints = &*crate::lints::ALL;
    let name_w = lints.iter().map(|l| l.name.len()).max().unwrap_or(4).max(4);
    let mut out = format!(
        "{:<6} {:<name_w$} {:<11} {:<8} {:<8} fixable\n",
        "code", "name", "group", "severity", "profile"
    );
    for l in lints {
        out.push_str(&format!(
            "{:<6} {:<name_w$} {:<11} {:<8} {:<8} {}\n",
            l.code,
            l.name,
            lint_group(l),
            l.default_severity.as_str(),
            l.profile.as_str(),
            l.fix.as_str(),
        ));
    }
    for r in crate::lints::RETIRED.iter() {
        out.push_str(&format!(
            "\n{} {}: retired, split into {}; `{}` still selects them\n",
            r.code,
            r.name,
            successor_list(r),
            r.code
        ));
    }
    out
}

/// `SC107 invalid-id-format, …, SC109 invalid-tag-format and SC110 invalid-timespan-format`.
fn successor_list(r: &crate::lint::Retired) -> String {
    let names: Vec<String> = crate::lints::successors(r)
        .iter()
        .map(|l| format!("{} {}", l.code, l.name))
        .collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.concat(),
    }
}

/// `sigscope explain` of a retired code: why it went, what it became, and that it still
/// selects those lints.
pub fn retired_documentation(r: &crate::lint::Retired) -> String {
    let mut out = format!("# {} {} (retired)\n\n{}\n\n", r.code, r.name, r.why);
    for l in crate::lints::successors(r) {
        out.push_str(&format!("- {} {}: {}\n", l.code, l.name, l.summary()));
    }
    out.push_str(&format!(
        "\n`{}` and `{}` still select all of them: in `select`, `extend-select`, `ignore`, \
         `unfixable`, `[severity]` and `[per-file-ignores]`, in `# sigscope: ignore[{}]` \
         comments, and in baselines, whose entries recorded under {} match the findings of \
         the lints above. `sigscope explain CODE` documents each.\n",
        r.code, r.name, r.code, r.code
    ));
    out
}
