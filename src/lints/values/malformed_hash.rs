use std::ops::Range;

use crate::diagnostics::Diagnostic;
use crate::lints::values::{Cx, Gate, Hook as ValueHook, Mod, Site, Tok, sigma_tokens};
use crate::lints::{Hook, declare_lint};
use crate::yaml::{Node, Resolved};

declare_lint! {
    /// ## What it does
    /// Reports a value of the Sysmon fields `Hashes` and `Hash` that is not
    /// `ALGORITHM=hexdigits`. That is an algorithm Sysmon does not log, such as `SHA512`; a hash
    /// of the wrong length for its algorithm (MD5 and IMPHASH 32 hex digits, SHA1 40, SHA256
    /// 64); a character that is not a hex digit; a text without `=`; or a number. The finding
    /// points at the bad part of the value. SigmaHQ's validator `sigmahq_invalid_hash_kv`.
    ///
    /// Each piece between wildcards is checked on its own, as SigmaHQ does. Unlike SigmaHQ,
    /// the algorithm name is compared ignoring case (`md5=` matches like `MD5=`), and an
    /// algorithm with nothing after `=` (`Hash|contains: 'IMPHASH='`, "an imphash was logged")
    /// is accepted, and so is a whole hash without its algorithm where it may match inside the
    /// field (`Hashes|contains: '<sha1>'`). Regular expressions and values under modifiers that
    /// encode or reinterpret them (`base64`, `utf16`, `cidr`, `fieldref`, …) are not concerned.
    ///
    /// ## Why is this bad?
    /// Sysmon writes the field as `SHA1=…,MD5=…,SHA256=…,IMPHASH=…` with full-length
    /// hashes. A truncated or mistyped hash, or an algorithm Sysmon never writes, matches
    /// nothing, so the rule silently misses what it was written for. The severity is warning:
    /// the rule loads and runs, but that value never matches.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         Hashes|contains:
    ///             - 'SHA512=4fae81eb7018069e75a087c38af783df'
    ///             - 'SHA256=4fae81eb7018069e75a087c38af783df'
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         Hashes|contains:
    ///             - 'MD5=4fae81eb7018069e75a087c38af783df'
    ///             - 'SHA256=b5acf14cdac40be590318dee95425d0746e85b1b7b1cbd14da66f21f2522bf4d'
    ///     condition: selection
    /// ```
    pub static MALFORMED_HASH = "SC432", "malformed-hash", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Values(ValueHook::Site(Gate::NotRegex, check_site))];

/// The algorithms Sysmon writes in `Hashes`, with their length in hex digits.
const ALGORITHMS: &[(&str, usize)] = &[("MD5", 32), ("SHA1", 40), ("SHA256", 64), ("IMPHASH", 32)];

const FORM: &str =
    "write `MD5=`, `SHA1=`, `SHA256=` or `IMPHASH=` followed by the whole hash in hex";

pub(super) fn check_site(cx: &Cx<'_, '_>, site: &Site<'_, '_>, out: &mut Vec<Diagnostic>) {
    if !matches!(site.field_name(), "Hashes" | "Hash") || site.field.is_none() {
        return;
    }
    // Encoded, compared or referenced values are not the text Sysmon writes.
    let transformed = site.find(|m| {
        m.is_base64()
            || m.is_utf16()
            || m.is_numeric()
            || matches!(
                m,
                Mod::Cidr | Mod::Exists | Mod::Fieldref | Mod::Expand | Mod::Windash
            )
    });
    if transformed.is_some() {
        return;
    }
    for &v in site.values {
        let Some(s) = v.as_scalar() else { continue };
        match s.resolved {
            Resolved::String => check_string(cx, site, v, &s.value, out),
            Resolved::Null => {}
            _ => out.push(
                Diagnostic::new(
                    &MALFORMED_HASH,
                    cx.span(v),
                    format!(
                        "`{}` in `{}` is not an `ALGORITHM=hash` text",
                        cx.show(v),
                        site.key_text()
                    ),
                )
                .with_help(FORM),
            ),
        }
    }
}

fn check_string(
    cx: &Cx<'_, '_>,
    site: &Site<'_, '_>,
    v: &Node,
    s: &str,
    out: &mut Vec<Diagnostic>,
) {
    let mut piece: Option<Range<usize>> = None;
    for (tok, r) in sigma_tokens(s).chain(std::iter::once((Tok::Star, s.len()..s.len()))) {
        match tok {
            Tok::Star | Tok::Question => {
                if let Some(p) = piece.take() {
                    check_piece(cx, site, v, s, p, out);
                }
            }
            Tok::Lit | Tok::Escaped => {
                piece = Some(piece.map_or(r.clone(), |p| p.start..r.end));
            }
        }
    }
}

fn check_piece(
    cx: &Cx<'_, '_>,
    site: &Site<'_, '_>,
    v: &Node,
    s: &str,
    piece: Range<usize>,
    out: &mut Vec<Diagnostic>,
) {
    let text = &s[piece.clone()];
    let key = site.key_text();
    let mut push = |range: Range<usize>, message: String, help: String| {
        out.push(
            Diagnostic::new(&MALFORMED_HASH, cx.inner_span(v, range), message).with_help(help),
        );
    };
    // A whole hash without its algorithm matches inside the field (`Hashes|contains: '<sha1>'`).
    let partial = site.has(Mod::Contains) || piece.len() < s.len();
    if partial && is_hash(text) {
        return;
    }
    let mut parts = text.split('=');
    let (Some(name), Some(hash), None) = (parts.next(), parts.next(), parts.next()) else {
        push(
            piece,
            format!("`{text}` in `{key}` is not one `ALGORITHM=hash` pair"),
            FORM.to_owned(),
        );
        return;
    };
    let Some(&(algorithm, digits)) = ALGORITHMS
        .iter()
        .find(|(a, _)| a.eq_ignore_ascii_case(name))
    else {
        push(
            piece.start..piece.start + name.len(),
            format!("`{name}` in `{key}` is not a hash algorithm Sysmon logs"),
            FORM.to_owned(),
        );
        return;
    };
    let at = piece.start + name.len() + 1;
    if hash.is_empty() {
        return;
    }
    if let Some((i, c)) = hash.char_indices().find(|(_, c)| !c.is_ascii_hexdigit()) {
        push(
            at + i..at + i + c.len_utf8(),
            format!("`{c}` in the {algorithm} hash `{hash}` of `{key}` is not a hex digit"),
            format!("write the {algorithm} hash with the digits `0-9` and `a-f` only"),
        );
    } else if hash.len() != digits {
        push(
            at..at + hash.len(),
            format!(
                "the {algorithm} hash `{hash}` in `{key}` has {} hex digits, not {digits}",
                hash.len()
            ),
            format!("write the whole {algorithm} hash, {digits} hex digits"),
        );
    }
}

/// Hex digits of the length of one of the [`ALGORITHMS`].
fn is_hash(s: &str) -> bool {
    ALGORITHMS.iter().any(|(_, n)| s.len() == *n) && s.bytes().all(|b| b.is_ascii_hexdigit())
}
