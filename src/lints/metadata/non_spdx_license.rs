use crate::diagnostics::{Diagnostic, Fix};
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a `license` that is not written as an SPDX license identifier or expression,
    /// such as `MIT License`, `Apache 2.0` or `GPLv3`. Identifiers (`MIT`, `DRL-1.1`,
    /// `LicenseRef-Internal`) combined with `AND`, `OR`, `WITH` and parentheses are accepted;
    /// whether an identifier is on the SPDX list is not checked.
    ///
    /// ## Why is this bad?
    /// The specification asks for the license "according to the SPDX ID specification", so
    /// that tools can read it: license scanners, pack builders that must keep licenses apart,
    /// the catalogue. A free-text license is read as unknown, and a rule whose terms are
    /// unknown cannot be safely shared. It is a warning: the value is likely not what tools
    /// expect.
    ///
    /// ## Example
    /// ```yaml
    /// license: Detection Rule License 1.1
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// license: DRL-1.1
    /// ```
    ///
    /// ## Fix
    /// When the text is a known spelling of a license (`Apache 2.0`, `DRL`), `--fix` writes its
    /// SPDX identifier, keeping the quotes. No fix for other text. Safe: it names the same license.
    pub static NON_SPDX_LICENSE = "SC219", "non-spdx-license", Warning, fix = Sometimes;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

/// Free-text spellings of common licenses (folded: lowercase ASCII letters and digits only)
/// and their SPDX identifiers.
const KNOWN: &[(&str, &str)] = &[
    ("mitlicense", "MIT"),
    ("themitlicense", "MIT"),
    ("apache2", "Apache-2.0"),
    ("apache20", "Apache-2.0"),
    ("apachev2", "Apache-2.0"),
    ("apachev20", "Apache-2.0"),
    ("apachelicense2", "Apache-2.0"),
    ("apachelicense20", "Apache-2.0"),
    ("apachelicenseversion20", "Apache-2.0"),
    ("gpl2", "GPL-2.0-only"),
    ("gplv2", "GPL-2.0-only"),
    ("gpl3", "GPL-3.0-only"),
    ("gplv3", "GPL-3.0-only"),
    ("agplv3", "AGPL-3.0-only"),
    ("lgplv3", "LGPL-3.0-only"),
    ("drl", "DRL-1.1"),
    ("drl11", "DRL-1.1"),
    ("drlv11", "DRL-1.1"),
    ("detectionrulelicense", "DRL-1.1"),
    ("detectionrulelicense11", "DRL-1.1"),
    ("detectionrulelicensedrl11", "DRL-1.1"),
    ("ccby4", "CC-BY-4.0"),
    ("ccby40", "CC-BY-4.0"),
    ("ccbysa4", "CC-BY-SA-4.0"),
    ("ccbysa40", "CC-BY-SA-4.0"),
    ("cc0", "CC0-1.0"),
    ("cc010", "CC0-1.0"),
    ("bsd2clause", "BSD-2-Clause"),
    ("bsd3clause", "BSD-3-Clause"),
    ("theunlicense", "Unlicense"),
];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some((node, license)) = ctx.doc.meta.license.string() else {
        return;
    };
    let folded: String = license
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let suggestion = KNOWN.iter().find(|(k, _)| *k == folded).map(|(_, id)| *id);
    // `Apache-2` and `GPLv3` are valid syntax but still the free-text forms above; SPDX
    // identifiers match case-insensitively.
    let is_suggested = suggestion.is_some_and(|id| license.trim().eq_ignore_ascii_case(id));
    if is_expression(license) && (suggestion.is_none() || is_suggested) {
        return;
    }
    let message = if license.trim().is_empty() {
        String::from("`license` is empty")
    } else {
        format!("`license` `{license}` is not an SPDX license identifier")
    };
    let d = Diagnostic::new(&NON_SPDX_LICENSE, node.span.clone(), message);
    out.push(match suggestion {
        Some(id) => d
            .with_help(format!("write `license: {id}`"))
            .with_fix(
                crate::lints::edit::replace_scalar(ctx.text(), node, id)
                    .map(|e| Fix::safe(format!("write `{id}`"), vec![e])),
            ),
        None => d.with_help(
            "use the SPDX identifier from https://spdx.org/licenses/ (e.g. `MIT`, `DRL-1.1`), or `LicenseRef-<name>` for a license that has none",
        ),
    });
}

/// Whether `s` parses as an SPDX license expression: identifiers of letters, digits, `.` and
/// `-` (optionally followed by `+`), joined by `AND`/`OR`, with `WITH <exception>` and
/// parentheses. Operators are accepted in either case.
fn is_expression(s: &str) -> bool {
    let spaced = s.replace('(', " ( ").replace(')', " ) ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let mut pos = 0;
    expression(&tokens, &mut pos) && pos == tokens.len()
}

fn is_op(t: &str, op: &str) -> bool {
    t.eq_ignore_ascii_case(op)
}

fn is_id(t: &str) -> bool {
    let t = t.strip_suffix('+').unwrap_or(t);
    let t = t
        .split_once(':')
        .filter(|(doc, _)| doc.starts_with("DocumentRef-"))
        .map_or(t, |(_, id)| id);
    !t.is_empty()
        && !["AND", "OR", "WITH"].iter().any(|op| is_op(t, op))
        && t.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
}

fn expression(tokens: &[&str], pos: &mut usize) -> bool {
    if !term(tokens, pos) {
        return false;
    }
    while let Some(t) = tokens.get(*pos)
        && (is_op(t, "AND") || is_op(t, "OR"))
    {
        *pos += 1;
        if !term(tokens, pos) {
            return false;
        }
    }
    true
}

fn term(tokens: &[&str], pos: &mut usize) -> bool {
    match tokens.get(*pos) {
        Some(&"(") => {
            *pos += 1;
            if !expression(tokens, pos) || tokens.get(*pos) != Some(&")") {
                return false;
            }
            *pos += 1;
            true
        }
        Some(t) if is_id(t) => {
            *pos += 1;
            if tokens.get(*pos).is_some_and(|t| is_op(t, "WITH")) {
                *pos += 1;
                if !tokens.get(*pos).is_some_and(|t| is_id(t)) {
                    return false;
                }
                *pos += 1;
            }
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::is_expression;

    #[test]
    fn expressions() {
        for ok in [
            "MIT",
            "DRL-1.1",
            "Apache-2.0 OR MIT",
            "(MIT AND BSD-3-Clause) or GPL-2.0-or-later",
            "GPL-2.0-only WITH Classpath-exception-2.0",
            "LicenseRef-Internal",
            "GPL-2.0+",
        ] {
            assert!(is_expression(ok), "{ok}");
        }
        for bad in [
            "MIT License",
            "Apache 2.0",
            "",
            "MIT AND",
            "(MIT",
            "MIT)",
            "see LICENSE file",
        ] {
            assert!(!is_expression(bad), "{bad}");
        }
    }
}
