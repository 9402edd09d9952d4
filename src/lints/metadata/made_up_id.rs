use crate::diagnostics::Diagnostic;
use crate::lints::metadata::top_string;
use crate::lints::{DocContext, declare_lint};

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

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some((node, id)) = top_string(ctx.doc, "id") else {
        return;
    };
    // Malformed ids are the schema's (SC104).
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
    const MIN: usize = 8;
    let v = hex.as_bytes();
    let value = |i: usize| char::from(v[i]).to_digit(16);
    for step in [0, 1] {
        let mut start = 0;
        for i in 1..=v.len() {
            let continues = i < v.len()
                && matches!((value(i - 1), value(i)), (Some(a), Some(b)) if a + step == b);
            if !continues {
                if i - start >= MIN {
                    return hex.get(start..i);
                }
                start = i;
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::patterned_run;

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
