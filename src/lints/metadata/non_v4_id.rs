use crate::diagnostics::Diagnostic;
use crate::lints::metadata::made_up_id::made_up;
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a rule `id` that is a well-formed UUID of a version other than 4, most often a
    /// time-based version 1 UUID (`0a13e132-651d-11eb-ae93-0242ac130002`).
    ///
    /// Ids that no generator produced are reported by SC201 instead.
    ///
    /// ## Why is this bad?
    /// The specification asks for randomly generated (version 4) UUIDs. A version 1 UUID embeds
    /// the time it was made and the network address of the machine that made it, and ids made
    /// in a row on one machine differ in a few digits only, so a copy-and-edit slip is hard to
    /// see. The id is still unique, so this is style: info.
    ///
    /// ## Example
    /// ```yaml
    /// id: 0a13e132-651d-11eb-ae93-0242ac130002
    /// ```
    ///
    /// ## Use instead
    /// New rules should use a random UUID; an id that is already published is best left as it
    /// is (or renamed, keeping the old id under `related` with `type: renamed`):
    /// ```yaml
    /// id: 929a690e-bef0-4204-a928-ef5e620d6fcc
    /// ```
    pub static NON_V4_ID = "SC202", "non-v4-id", Info;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some((node, id)) = ctx.doc.meta.id.string() else {
        return;
    };
    let Ok(uuid) = uuid::Uuid::try_parse(id.trim()) else {
        return;
    };
    let mut buf = [0; uuid::fmt::Simple::LENGTH];
    let version = uuid.simple().encode_lower(&mut buf).as_bytes()[12];
    // Made-up ids are SC201's; the version is the cheaper test, and most ids pass it.
    if version == b'4' || made_up(&uuid).is_some() {
        return;
    }
    let what = match version {
        b'1' => " (time-based: it records when and on which machine it was made)",
        b'3' | b'5' => " (derived from a name by hashing)",
        b'6' | b'7' => " (time-ordered)",
        _ => "",
    };
    out.push(
        Diagnostic::new(
            &NON_V4_ID,
            node.span.clone(),
            format!(
                "`id` is a version {} UUID{what}, not a random version 4 UUID",
                version as char
            ),
        )
        .with_help(
            "use random version 4 UUIDs for new rules, e.g. from `uuidgen`; keep published ids as they are",
        ),
    );
}
