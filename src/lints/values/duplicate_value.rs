use std::hash::{Hash, Hasher};

use crate::diagnostics::Diagnostic;
use crate::lints::values::{CASE_SENSITIVE, Cx, Gate, Hook as ValueHook, Site, caseless_eq};
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a value that appears twice in one value list (of a field or of keywords),
    /// with a label on its first occurrence. Values are compared ignoring letter case, as
    /// Sigma matches them, unless a modifier makes them case-sensitive (`cased`, `re`,
    /// `base64`, `base64offset`, the UTF-16 encodings, `fieldref`, `expand`). A number and
    /// the same number quoted count as the same value.
    ///
    /// ## Why is this bad?
    /// The second copy adds nothing to the OR (or the `all`); it is usually a copy-paste slip
    /// where another value was meant, for example a second file name that was never edited.
    /// The SigmaHQ validator `sigmahq_field_duplicate_value` reports it as high severity.
    /// The severity is warning: the rule works, but one intended value is probably missing.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         Image|endswith:
    ///             - '\certutil.exe'
    ///             - '\bitsadmin.exe'
    ///             - '\CertUtil.exe'
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         Image|endswith:
    ///             - '\certutil.exe'
    ///             - '\bitsadmin.exe'
    ///     condition: selection
    /// ```
    pub static DUPLICATE_VALUE = "SC421", "duplicate-value", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Values(ValueHook::Site(Gate::Known, check_site))];

/// A value compared with or without letter case, hashed consistently with its equality.
struct Key<'a> {
    text: &'a str,
    caseless: bool,
}

impl Hash for Key<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        if !self.caseless {
            self.text.hash(state);
        } else if self.text.is_ascii() {
            // Most values: the chunks `hash_lowercase` makes of ASCII text, lowercased a chunk
            // at a time instead of a character at a time.
            let b = self.text.as_bytes();
            if b.is_empty() {
                state.write(&[]);
            }
            for chunk in b.chunks(ASCII_CHUNK) {
                let mut buf = [0u8; ASCII_CHUNK];
                let buf = &mut buf[..chunk.len()];
                buf.copy_from_slice(chunk);
                buf.make_ascii_lowercase();
                state.write(buf);
            }
            state.write_u8(0xff);
        } else {
            hash_lowercase(self.text, state);
        }
    }
}

/// The chunk length `hash_lowercase` gives ASCII text: it starts a new chunk of its 64-byte
/// buffer when fewer than 4 bytes are left.
const ASCII_CHUNK: usize = 61;

/// The lowercased text as UTF-8, fed to the hasher in chunks rather than one call per
/// character (hashing was most of this lint's cost). The chunking depends only on the
/// lowercased text, so keys equal under `caseless_eq` hash alike.
fn hash_lowercase<H: Hasher>(text: &str, state: &mut H) {
    let mut buf = [0u8; 64];
    let mut n = 0;
    let mut push = |c: char, state: &mut H| {
        if n + 4 > buf.len() {
            state.write(&buf[..n]);
            n = 0;
        }
        n += c.encode_utf8(&mut buf[n..]).len();
    };
    for ch in text.chars() {
        if ch.is_ascii() {
            push(ch.to_ascii_lowercase(), state);
        } else {
            for c in ch.to_lowercase() {
                push(c, state);
            }
        }
    }
    state.write(&buf[..n]);
    state.write_u8(0xff);
}

impl PartialEq for Key<'_> {
    fn eq(&self, other: &Self) -> bool {
        if self.caseless {
            caseless_eq(self.text, other.text)
        } else {
            self.text == other.text
        }
    }
}

impl Eq for Key<'_> {}

pub(super) fn check_site(cx: &Cx<'_, '_>, site: &Site<'_, '_>, out: &mut Vec<Diagnostic>) {
    if site.values.len() < 2 {
        return;
    }
    let caseless = site.mask & CASE_SENSITIVE == 0;
    let text = |i: usize| {
        let v = site.values[i];
        v.as_str().filter(|_| !v.is_null())
    };
    duplicates(site.values.len(), text, caseless, |i, first| {
        let (v, orig) = (site.values[i], site.values[first]);
        out.push(
            Diagnostic::new(
                &DUPLICATE_VALUE,
                cx.span(v),
                format!("duplicate value `{}` in {}", cx.show(v), site.describe()),
            )
            .with_label("listed again here")
            .with_secondary(cx.span(orig), "first listed here")
            .with_help("remove the repeated value, or replace it with the value that was meant"),
        );
    });
}

/// Lists up to this long are compared pair by pair, without a map.
const SMALL: usize = 32;

/// Calls `report(i, first)` for each text that equals an earlier one, in order, with the
/// index of the first text equal to it; `None` texts are skipped.
fn duplicates<'t>(
    n: usize,
    text: impl Fn(usize) -> Option<&'t str>,
    caseless: bool,
    report: impl FnMut(usize, usize),
) {
    if n <= SMALL {
        duplicates_small(n, text, caseless, report);
    } else {
        duplicates_hashed(n, text, caseless, report);
    }
}

/// Pairwise: the first earlier equal text is the one a map would have kept.
fn duplicates_small<'t>(
    n: usize,
    text: impl Fn(usize) -> Option<&'t str>,
    caseless: bool,
    mut report: impl FnMut(usize, usize),
) {
    let mut texts: [(&str, bool); SMALL] = [("", false); SMALL];
    let mut present = [false; SMALL];
    for i in 0..n {
        let Some(t) = text(i) else { continue };
        let key = (t, t.is_ascii());
        texts[i] = key;
        present[i] = true;
        let equal = |j: &usize| present[*j] && same(texts[*j], key, caseless);
        if let Some(first) = (0..i).find(equal) {
            report(i, first);
        }
    }
}

/// [`Key`] equality, with the ASCII case of both texts known: two ASCII texts are equal
/// ignoring case exactly when their bytes are, and `eq_ignore_ascii_case` implies
/// `caseless_eq` for any texts.
fn same((a, a_ascii): (&str, bool), (b, b_ascii): (&str, bool), caseless: bool) -> bool {
    if !caseless {
        return a == b;
    }
    a.eq_ignore_ascii_case(b) || (!(a_ascii && b_ascii) && caseless_eq(a, b))
}

/// Longer lists: the texts sorted by the hash of their [`Key`], so that equal texts end up
/// side by side, each run of equal hashes in list order.
fn duplicates_hashed<'t>(
    n: usize,
    text: impl Fn(usize) -> Option<&'t str>,
    caseless: bool,
    mut report: impl FnMut(usize, usize),
) {
    let mut keyed: Vec<(u64, usize)> = (0..n)
        .filter_map(|i| {
            let text = text(i)?;
            let mut h = Fx(0);
            Key { text, caseless }.hash(&mut h);
            Some((h.0, i))
        })
        .collect();
    keyed.sort_unstable();
    let mut found: Vec<(usize, usize)> = Vec::new();
    for run in keyed.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1) {
        for (k, &(_, i)) in run.iter().enumerate().skip(1) {
            let key = |j: usize| text(j).map(|t| (t, t.is_ascii())).unwrap_or_default();
            if let Some(&(_, first)) = run[..k]
                .iter()
                .find(|(_, j)| same(key(*j), key(i), caseless))
            {
                found.push((i, first));
            }
        }
    }
    found.sort_unstable();
    for (i, first) in found {
        report(i, first);
    }
}

/// A small multiplicative hasher (as rustc's `FxHasher`): keys are hashed once per run
/// here, not per probe, and need no protection from crafted collisions, which only cost
/// comparisons.
struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0xf135_7aea_2e62_a9c5;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes(c.try_into().unwrap_or_default());
            self.0 = (self.0.rotate_left(26) ^ w).wrapping_mul(K);
        }
        let mut tail = [0u8; 8];
        let rest = chunks.remainder();
        tail[..rest.len()].copy_from_slice(rest);
        self.0 = (self.0.rotate_left(26) ^ u64::from_le_bytes(tail) ^ ((rest.len() as u64) << 59))
            .wrapping_mul(K);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn caseless_keys_equal_means_hashes_equal() {
        let state = std::collections::hash_map::RandomState::new();
        let long = "A".repeat(70) + "É" + &"b".repeat(130);
        let pairs = [
            ("ABC", "abc"),
            ("\\CertUtil.EXE", "\\certutil.exe"),
            ("\u{212A}elvin", "kelvin"),
            ("\u{130}x", "i\u{307}x"),
            (long.as_str(), &long.to_lowercase()),
            (&"é".repeat(40), &"É".repeat(40)),
            (
                &("\u{212A}".to_owned() + &"A".repeat(130)),
                &("k".to_owned() + &"a".repeat(130)),
            ),
            (
                &("\u{212A}".to_owned() + &"A".repeat(60)),
                &("k".to_owned() + &"a".repeat(60)),
            ),
            ("", ""),
        ];
        for (a, b) in pairs {
            let (ka, kb) = (
                Key {
                    text: a,
                    caseless: true,
                },
                Key {
                    text: b,
                    caseless: true,
                },
            );
            assert!(ka == kb, "{a} == {b}");
            assert_eq!(state.hash_one(&ka), state.hash_one(&kb), "{a} / {b}");
        }
    }

    /// Pairwise comparison finds what the map finds, on texts that differ in ASCII and
    /// Unicode case, length and ASCII-ness.
    #[test]
    fn small_lists_agree_with_the_map() {
        let words = [
            "abc",
            "ABC",
            "aBc",
            "ab",
            "\u{212A}elvin",
            "kelvin",
            "KELVIN",
            "\u{130}x",
            "i\u{307}x",
            "ÉTÉ",
            "été",
            "",
            "x",
            "X",
            "straße",
            "STRASSE",
        ];
        for seed in 0..400usize {
            let n = 2 + seed % 30;
            let long = 2 + seed % 90;
            let texts_long: Vec<Option<&str>> = (0..long)
                .map(|i| {
                    words
                        .get((i * 5 + seed * 11 + i * i * seed) % (words.len() + 1))
                        .copied()
                })
                .collect();
            for caseless in [true, false] {
                let mut brute = Vec::new();
                for i in 0..long {
                    let Some(t) = texts_long[i] else { continue };
                    let eq = |u: &str| if caseless { caseless_eq(u, t) } else { u == t };
                    if let Some(f) = (0..i).find(|j| texts_long[*j].is_some_and(eq)) {
                        brute.push((i, f));
                    }
                }
                let mut hashed = Vec::new();
                duplicates_hashed(
                    long,
                    |i| texts_long[i],
                    caseless,
                    |i, f| hashed.push((i, f)),
                );
                assert_eq!(brute, hashed, "{texts_long:?}");
            }
            let texts: Vec<Option<&str>> = (0..n)
                .map(|i| {
                    let k = (i * 7 + seed * 13 + i * i * seed) % (words.len() + 1);
                    words.get(k).copied()
                })
                .collect();
            for caseless in [true, false] {
                let (mut small, mut hashed) = (Vec::new(), Vec::new());
                duplicates_small(n, |i| texts[i], caseless, |i, f| small.push((i, f)));
                duplicates_hashed(n, |i| texts[i], caseless, |i, f| hashed.push((i, f)));
                assert_eq!(small, hashed, "{texts:?}");
            }
        }
    }

    /// What a hasher is given, call by call.
    #[derive(Default)]
    struct Writes(Vec<Vec<u8>>);

    impl Hasher for Writes {
        fn write(&mut self, bytes: &[u8]) {
            self.0.push(bytes.to_vec());
        }
        fn finish(&self) -> u64 {
            0
        }
    }

    #[test]
    fn ascii_keys_hash_as_the_character_loop_does() {
        let alphabet = b"aZ\\.*?0_-Kk ";
        for len in 0..=200 {
            for shift in 0..3 {
                let text: String = (0..len)
                    .map(|i| char::from(alphabet[(i * 7 + shift) % alphabet.len()]))
                    .collect();
                let (mut fast, mut slow) = (Writes::default(), Writes::default());
                let key = Key {
                    text: &text,
                    caseless: true,
                };
                key.hash(&mut fast);
                hash_lowercase(&text, &mut slow);
                assert_eq!(fast.0, slow.0, "{text}");
            }
        }
    }
}
