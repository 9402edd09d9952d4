use std::ops::Range;

use crate::diagnostics::Diagnostic;
use crate::lints::values::{Cx, Gate, Hook as ValueHook, Mod, Site, bits, placeholders};
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a character that `wide`, `utf16le`, `utf16be` or `utf16` cannot encode, such
    /// as `é` or `€` in `CommandLine|wide|base64offset|contains: 'café'`, at its place in the
    /// value.
    ///
    /// pySigma encodes the value to UTF-16 and reads the bytes back as UTF-8 text, which works
    /// for ASCII and for the characters whose two UTF-16 bytes happen to be valid UTF-8 (most
    /// Cyrillic and Greek letters are), and fails for the others (Latin accents, `€`, emoji).
    /// A Base64 step before the encoding leaves only ASCII to encode and is fine, and so are
    /// the `%placeholders%` of an earlier `expand`.
    ///
    /// ## Why is this bad?
    /// pySigma refuses to load the rule (`SigmaValueError`: "Wide modifier only allowed for
    /// ascii strings", "UTF-16BE modifier only allowed for valid Unicode strings"), so it is
    /// converted for no backend. The severity is error.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         CommandLine|wide|base64offset|contains: 'Invoke-Café'
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         CommandLine|wide|base64offset|contains: 'Invoke-Caf'
    ///     condition: selection
    /// ```
    pub static UNENCODABLE_UTF16_VALUE = "SC427", "unencodable-utf16-value", Error;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Values(ValueHook::Site(Gate::Combinable, check_site))];

pub(super) fn check_site(cx: &Cx<'_, '_>, site: &Site<'_, '_>, out: &mut Vec<Diagnostic>) {
    if site.mask & bits(&[Mod::Utf16, Mod::Utf16le, Mod::Utf16be, Mod::Wide]) == 0 {
        return;
    }
    let chain: Vec<_> = site.chain().collect();
    let Some(k) = chain.iter().position(|(m, _)| m.is_utf16()) else {
        return;
    };
    if chain[..k].iter().any(|(m, _)| m.is_base64()) {
        return;
    }
    let (m, enc) = chain[k];
    let expand = chain[..k].iter().any(|(m, _)| *m == Mod::Expand);
    for v in site.strings() {
        let Some(s) = v.as_str() else { continue };
        if s.is_ascii() {
            continue;
        }
        let Some(r) = unencodable(s, m == Mod::Utf16be, expand) else {
            continue;
        };
        let c = &s[r.clone()];
        out.push(
            Diagnostic::new(
                &UNENCODABLE_UTF16_VALUE,
                cx.inner_span(v, r),
                format!(
                    "`{c}` in a value of {} cannot be encoded by `{}`: pySigma refuses the rule",
                    site.describe(),
                    enc.name
                ),
            )
            .with_label("pySigma cannot encode this character")
            .with_secondary(enc.span.clone(), "encodes the value to UTF-16")
            .with_help(format!(
                "match only the ASCII part of the value, or write the Base64 of the UTF-16 text yourself without `{}`",
                enc.name
            )),
        );
    }
}

/// The first character of `s` that pySigma's UTF-16 modifiers cannot encode: they turn the
/// value's text into UTF-16 (big-endian for `utf16be`) and read the bytes as UTF-8. ASCII
/// characters encode to self-contained bytes, so each run of other characters is read on its
/// own. With `expand` before the encoding, placeholders are no text.
fn unencodable(s: &str, big_endian: bool, expand: bool) -> Option<Range<usize>> {
    let skip: Vec<Range<usize>> = if expand {
        placeholders(s).collect()
    } else {
        Vec::new()
    };
    let mut run: Vec<(usize, char)> = Vec::new();
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !c.is_ascii() && !skip.iter().any(|r| r.contains(&i)) {
            run.push((i, c));
        }
        let ends = chars
            .peek()
            .is_none_or(|&(j, n)| n.is_ascii() || skip.iter().any(|r| r.contains(&j)));
        if ends && !run.is_empty() {
            if let Some(r) = bad_in_run(&run, big_endian) {
                return Some(r);
            }
            run.clear();
        }
    }
    None
}

/// The character of a run whose UTF-16 bytes start the first invalid UTF-8 sequence.
fn bad_in_run(run: &[(usize, char)], big_endian: bool) -> Option<Range<usize>> {
    let mut bytes = Vec::with_capacity(run.len() * 4);
    let mut unit_of = Vec::with_capacity(run.len());
    let mut buf = [0u16; 2];
    for &(_, c) in run {
        unit_of.push(bytes.len() / 2);
        for u in c.encode_utf16(&mut buf) {
            bytes.extend(if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            });
        }
    }
    let bad = std::str::from_utf8(&bytes).err()?.valid_up_to() / 2;
    let k = unit_of.partition_point(|&u| u <= bad) - 1;
    let (i, c) = run[k];
    Some(i..i + c.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bad(s: &str, be: bool) -> Option<&str> {
        unencodable(s, be, false).map(|r| &s[r])
    }

    /// Checked against pySigma 2.0.1's `SigmaWideModifier` and `SigmaUTF16BEModifier`.
    #[test]
    fn only_what_pysigma_cannot_encode() {
        assert_eq!(bad("café", false), Some("é"));
        assert_eq!(bad("café", true), Some("é"));
        assert_eq!(bad("Привет", false), None);
        assert_eq!(bad("Привет", true), None);
        assert_eq!(bad("a € b", true), Some("€"));
        assert_eq!(bad("x😀", false), Some("😀"));
        assert_eq!(bad("plain", false), None);
        assert_eq!(unencodable("%né% x", false, true), None);
        assert_eq!(unencodable("%né% é", false, true), Some(6..8));
    }
}
