use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{Hash, Hasher};

use crate::diagnostics::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::values::{Cx, Site, caseless_eq};
use crate::yaml::Node;

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
    let caseless = !site.chain().any(|(m, _)| m.is_case_sensitive());
    // foldhash rather than SipHash: hashing was most of this lint's cost; its seed is still
    // random per process.
    let mut first: HashMap<Key<'_>, &Node, foldhash::fast::RandomState> =
        HashMap::with_capacity_and_hasher(site.values.len(), Default::default());
    for v in site.values {
        let Some(text) = v.as_str() else { continue };
        if v.is_null() {
            continue;
        }
        match first.entry(Key { text, caseless }) {
            Entry::Occupied(orig) => out.push(
                Diagnostic::new(
                    &DUPLICATE_VALUE,
                    cx.span(v),
                    format!("duplicate value `{}` in {}", cx.show(v), site.describe()),
                )
                .with_label("listed again here")
                .with_secondary(cx.span(orig.get()), "first listed here")
                .with_help(
                    "remove the repeated value, or replace it with the value that was meant",
                ),
            ),
            Entry::Vacant(e) => {
                e.insert(v);
            }
        }
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
