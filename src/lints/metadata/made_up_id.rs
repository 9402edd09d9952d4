use crate::diagnostics::Diagnostic;
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a rule `id` that no UUID generator produced: its version digit (the first of the
    /// third group) is not 1 to 8, its variant digit (the first of the fourth group) is not 8,
    /// 9, a or b, or it holds a run of eight or more ascending or repeated digits such as
    /// `12345678` or `aaaaaaaa`.
    ///
    /// Well-formed UUIDs of any version are not reported here; see SC202 for those that are
    /// not random (version 4).
    ///
    /// ## Why is this bad?
    /// The id is how tools, correlation rules, filters and `related` entries refer to a rule;
    /// it is only unique because generators draw it at random. An id that was typed by hand,
    /// edited, or invented by a text generator (`a1b2c3d4-e5f6-a7b8-c9d0-e1f2a3b4c5d6`) can
    /// collide with another rule's id, and nothing warns when it does. It is a warning rather
    /// than an error because the rule itself still works.
    ///
    /// ## Example
    /// ```yaml
    /// title: Suspicious Hidden Start Flag
    /// id: 5a6b7c8d-9e0f-1a2b-3c4d-5e6f7a8b9c0d
    /// ```
    ///
    /// ## Use instead
    /// Generate a random UUID (`uuidgen`, `python -c 'import uuid; print(uuid.uuid4())'`):
    /// ```yaml
    /// title: Suspicious Hidden Start Flag
    /// id: 3f1c9d52-7a4e-4b8f-9c2d-6e0a1b5f8d47
    /// ```
    pub static MADE_UP_ID = "SC201", "made-up-id", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some((node, id)) = ctx.doc.meta.id.string() else {
        return;
    };
    // Malformed ids are the schema's (SC107).
    let Ok(uuid) = uuid::Uuid::try_parse(id.trim()) else {
        return;
    };
    if let Some(reason) = made_up(&uuid) {
        out.push(diag(node.span.clone(), id, &reason));
    }
}

/// Why the UUID cannot come from a generator, if it cannot.
pub(crate) fn made_up(uuid: &uuid::Uuid) -> Option<String> {
    if uuid.is_nil() || uuid.is_max() {
        return Some(String::from("it is the all-zero or all-one UUID"));
    }
    let mut buf = [0; uuid::fmt::Simple::LENGTH];
    let hex = uuid.simple().encode_lower(&mut buf);
    let digit = |i: usize| hex.as_bytes()[i] as char;
    if !matches!(digit(12), '1'..='8') {
        Some(format!(
            "its version digit `{}` (first of the third group) is not 1 to 8",
            digit(12)
        ))
    } else if !matches!(digit(16), '8' | '9' | 'a' | 'b') {
        Some(format!(
            "its variant digit `{}` (first of the fourth group) is not 8, 9, a or b",
            digit(16)
        ))
    } else {
        patterned_run(hex).map(|run| format!("it contains the pattern `{run}`"))
    }
}

fn diag(span: std::ops::Range<usize>, id: &str, reason: &str) -> Diagnostic {
    Diagnostic::new(
        &MADE_UP_ID,
        span,
        format!("`id` `{id}` was not drawn by a UUID generator: {reason}"),
    )
    .with_label("looks typed or made up")
    .with_help("replace it with a random UUID, e.g. from `uuidgen`, and keep the old id under `related` with `type: renamed` if it was published")
}

/// The first run of eight or more hex digits that each repeat the previous one (`11111111`) or
/// follow it (`12345678`, `6789abcd`). A random id has one with a probability of about one in
/// ten million.
fn patterned_run(hex: &str) -> Option<&str> {
    let v = hex.as_bytes();
    if !has_run(v) {
        return None;
    }
    let value = |i: usize| char::from(v[i]).to_digit(16);
    for step in [0, 1] {
        let mut start = 0;
        for i in 1..=v.len() {
            let continues = i < v.len()
                && matches!((value(i - 1), value(i)), (Some(a), Some(b)) if a + step == b);
            if !continues {
                if i - start >= MIN_RUN {
                    return hex.get(start..i);
                }
                start = i;
            }
        }
    }
    None
}

const MIN_RUN: usize = 8;

/// Hex digit values (either case), 0xFF for any other byte.
const HEX_VALUE: [u8; 256] = {
    let mut t = [0xFF; 256];
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        t[b'a' as usize + i] = 10 + i as u8;
        t[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    t
};

/// Whether [`patterned_run`] finds a run: one pass that follows both kinds of run at once,
/// where the search that names the run makes two (almost every id has none).
fn has_run(v: &[u8]) -> bool {
    let (mut same, mut up) = (1, 1);
    for w in v.windows(2) {
        let (a, b) = (HEX_VALUE[usize::from(w[0])], HEX_VALUE[usize::from(w[1])]);
        let digits = a != 0xFF && b != 0xFF;
        same = if digits && a == b { same + 1 } else { 1 };
        up = if digits && a + 1 == b { up + 1 } else { 1 };
        if same >= MIN_RUN || up >= MIN_RUN {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::{has_run, patterned_run};

    /// The two-pass search, as it was before [`has_run`] screened its input.
    fn runs_by_two_passes(hex: &str) -> bool {
        let v = hex.as_bytes();
        let value = |i: usize| char::from(v[i]).to_digit(16);
        [0, 1].into_iter().any(|step| {
            let mut start = 0;
            (1..=v.len()).any(|i| {
                let continues = i < v.len()
                    && matches!((value(i - 1), value(i)), (Some(a), Some(b)) if a + step == b);
                let found = !continues && i - start >= super::MIN_RUN;
                if !continues {
                    start = i;
                }
                found
            })
        })
    }

    #[test]
    fn the_one_pass_screen_agrees_with_the_two_pass_search() {
        // Each symbol repeats the last, steps up from it or is drawn at random, so runs of
        // both kinds and of every length up to and past eight occur.
        const NEXT: &[u8] = b"0123456789abcdef";
        let alphabets: [&[u8]; 3] = [b"0123456789abcdef", b"0123456789ABCDEF", b"09aAfFx-"];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize
        };
        let (mut same, mut up) = (0, 0);
        for alphabet in alphabets {
            for _ in 0..20_000 {
                let len = next() % 24 + 16;
                let mut s: Vec<u8> = Vec::with_capacity(len);
                for _ in 0..len {
                    let last = s.last().copied();
                    let c = match (next() % 4, last) {
                        (0, Some(c)) => c,
                        (1, Some(c)) => {
                            match NEXT.iter().position(|&d| d == c.to_ascii_lowercase()) {
                                Some(i) if i + 1 < NEXT.len() => NEXT[i + 1],
                                _ => alphabet[next() % alphabet.len()],
                            }
                        }
                        _ => alphabet[next() % alphabet.len()],
                    };
                    s.push(c);
                }
                let s = String::from_utf8(s).unwrap();
                let expected = runs_by_two_passes(&s);
                assert_eq!(has_run(s.as_bytes()), expected, "{s}");
                assert_eq!(patterned_run(&s).is_some(), expected, "{s}");
                if let Some(run) = patterned_run(&s) {
                    if run.as_bytes()[0] == run.as_bytes()[1] {
                        same += 1;
                    } else {
                        up += 1;
                    }
                }
            }
        }
        assert!(
            same > 100 && up > 100,
            "too few inputs with a run: {same} same, {up} up"
        );
        for s in [
            "0123456", "01234567", "fedcba98", "9999999", "99999999", "6789abcd", "6789ABCD",
        ] {
            assert_eq!(has_run(s.as_bytes()), runs_by_two_passes(s), "{s}");
        }
    }

    #[test]
    fn runs() {
        assert_eq!(
            patterned_run("8a1b2c3d4e5f6789abcdef1234567890"),
            Some("6789abcdef")
        );
        assert_eq!(
            patterned_run("00000000aaaa4bbb8ccc000000000000"),
            Some("00000000")
        );
        assert_eq!(patterned_run("929a690ebef04204a928ef5e620d6fcc"), None);
        assert_eq!(patterned_run("0123456"), None);
        assert_eq!(patterned_run("x01234567"), Some("01234567"));
    }
}
