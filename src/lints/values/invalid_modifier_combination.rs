use crate::diagnostics::Diagnostic;
use crate::lints::values::{Cx, Gate, Hook as ValueHook, Mod, Site, bits};
use crate::lints::{Hook, declare_lint};
use crate::sigma::Modifier;

declare_lint! {
    /// ## What it does
    /// Reports modifier chains that the specification or pySigma reject, whatever the
    /// values:
    ///
    /// - `exists` after another modifier, or followed by one other than `all` or `neq`, or
    ///   without a field name;
    /// - `re` or `cidr` after another modifier (pySigma applies them only to unmodified
    ///   values), or followed by a modifier that cannot take a regular expression or a
    ///   network (`re|base64`, `cidr|contains`);
    /// - the `re` flags `i`, `m`, `s` (`ignorecase`, `multiline`, `dotall`) without `re`
    ///   before them;
    /// - `gt`, `gte`, `lt`, `lte` and the time parts (`hour`, …) combined with anything but
    ///   `all` or `neq`: they take a number and produce a comparison;
    /// - `fieldref` after `contains`, `startswith` or `endswith` (a field name with
    ///   wildcards), or followed by an encoding;
    /// - two of `contains`, `startswith`, `endswith` (`startswith|endswith` silently acts as
    ///   `contains`);
    /// - `base64` or `base64offset` after `contains`, `startswith` or `endswith`, which would
    ///   encode the wildcards (pySigma: "Base64 encoding of strings with wildcards is not
    ///   allowed");
    /// - `base64offset` without `contains` (pySigma validator `invalid_modifier_combinations`);
    /// - `wide`, `utf16le`, `utf16be` or `utf16` after `utf16` with no Base64 step between:
    ///   `utf16` puts a byte order mark first, which the second encoding cannot encode (pySigma
    ///   refuses every value; rsigma refuses two UTF-16 encodings);
    /// - `windash` with `all` (same validator: the dash variants end up in the `all` list).
    ///
    /// Only the first problem of a chain is reported.
    ///
    /// ## Why is this bad?
    /// pySigma refuses these rules or the SigmaHQ validators flag them as high severity, and
    /// where a backend accepts them the generated query does not mean what the rule says.
    /// The severity is error: the rule is broken.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         CommandLine|contains|base64offset: 'IEX (New-Object'
    ///         Image|startswith|endswith: 'C:\Windows\Temp\'
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         CommandLine|base64offset|contains: 'IEX (New-Object'
    ///         Image|startswith: 'C:\Windows\Temp\'
    ///     condition: selection
    /// ```
    pub static INVALID_MODIFIER_COMBINATION = "SC402", "invalid-modifier-combination", Error;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Values(ValueHook::Site(Gate::Known, check_site))];

/// Whether a chain of these known modifiers passes every check of [`problem`] below: each
/// check needs one of the modifiers it names, two different position modifiers, or `windash`
/// with `all`. Most keys (`contains`, `endswith|all`, …) are decided here without a `Vec`.
fn surely_fine(mask: u64) -> bool {
    use Mod::*;
    const RISKY: u64 = bits(&[
        Exists,
        Re,
        Cidr,
        I,
        M,
        S,
        Gt,
        Gte,
        Lt,
        Lte,
        Minute,
        Hour,
        Day,
        Week,
        Month,
        Year,
        Fieldref,
        Base64,
        Base64offset,
        Utf16,
    ]);
    const POSITIONS: u64 = bits(&[Contains, Startswith, Endswith]);
    const WINDASH_ALL: u64 = bits(&[Windash, All]);
    mask & RISKY == 0 && (mask & POSITIONS).count_ones() <= 1 && mask & WINDASH_ALL != WINDASH_ALL
}

struct Problem<'m, 'a> {
    at: &'m Modifier<'a>,
    other: Option<(&'m Modifier<'a>, String)>,
    message: String,
    help: String,
}

/// Whether the site's modifiers combine validly (see [`Site::combinable`]).
pub(super) fn combination_ok(site: &Site<'_, '_>) -> bool {
    problem(site).is_none()
}

/// Reports the first invalid combination.
pub(super) fn check_site(_cx: &Cx<'_, '_>, site: &Site<'_, '_>, out: &mut Vec<Diagnostic>) {
    if site.combinable() {
        return;
    }
    let Some(p) = problem(site) else {
        return;
    };
    let mut d = Diagnostic::new(&INVALID_MODIFIER_COMBINATION, p.at.span.clone(), p.message)
        .with_help(p.help);
    if let Some((other, label)) = p.other {
        d = d.with_secondary(other.span.clone(), label);
    }
    out.push(d);
}

fn problem<'m, 'a>(site: &Site<'m, 'a>) -> Option<Problem<'m, 'a>> {
    if surely_fine(site.mask) {
        return None;
    }
    let chain: Vec<(Mod, &'m Modifier<'a>)> = site.chain().collect();
    let key = site.key_text();
    let field = site.field_name();
    let field_or = if field.is_empty() { "Field" } else { field };

    // `exists` comes first; pySigma and rsigma read `exists|all` and `exists|neq` (`not
    // exists(F)`), and refuse or misread anything else with it.
    if let Some(k) = chain.iter().position(|(m, _)| *m == Mod::Exists) {
        let (_, ex) = chain[k];
        if let Some(&(_, first)) = chain.first().filter(|_| k > 0) {
            return Some(Problem {
                at: ex,
                other: Some((first, format!("`{}` is applied before it", first.name))),
                message: format!(
                    "`exists` must come directly after the field name, not after `{}`",
                    first.name
                ),
                help: format!("write `{field_or}|exists: true`"),
            });
        }
        if let Some(&(_, other)) = chain[k + 1..].iter().find(|(m, _)| !m.is_list()) {
            return Some(Problem {
                at: ex,
                other: Some((other, format!("`{}` combined with it here", other.name))),
                message: format!(
                    "`exists` cannot be combined with `{}` in `{key}`",
                    other.name
                ),
                help: format!(
                    "write `{field_or}|exists: true` on its own, and test the value in another selection"
                ),
            });
        }
        if field.is_empty() {
            return Some(Problem {
                at: ex,
                other: None,
                message: String::from("`exists` needs a field name"),
                help: String::from("write `FieldName|exists: true`"),
            });
        }
    }

    // `re` and `cidr` apply only to unmodified values, and little may follow them.
    for (i, &(m, w)) in chain.iter().enumerate() {
        if !matches!(m, Mod::Re | Mod::Cidr) {
            continue;
        }
        if i > 0 {
            let (_, first) = chain[0];
            return Some(Problem {
                at: w,
                other: Some((first, format!("`{}` is applied before it", first.name))),
                message: format!(
                    "`{}` must come directly after the field name, not after `{}`",
                    w.name, first.name
                ),
                help: format!(
                    "move `{}` to the front, e.g. `{field_or}|{}|{}`",
                    w.name, w.name, first.name
                ),
            });
        }
        let allowed = |n: Mod| match m {
            Mod::Re => n.is_regex_flag() || n.is_position() || n.is_list() || n == Mod::Expand,
            _ => n.is_list(),
        };
        if let Some(&(_, bad)) = chain[1..].iter().find(|(n, _)| !allowed(*n)) {
            let what = if m == Mod::Re {
                "a regular expression (`re`)"
            } else {
                "a network (`cidr`)"
            };
            return Some(Problem {
                at: bad,
                other: Some((w, format!("`{}` makes the value {what}", w.name))),
                message: format!("`{}` cannot be applied to {what}", bad.name),
                help: if m == Mod::Re {
                    String::from(
                        "after `re` use only its flags `i`, `m`, `s`, or `contains`, `startswith`, `endswith`, `expand`, `all`",
                    )
                } else {
                    String::from("use `cidr` alone (or with `all`)")
                },
            });
        }
    }

    // Flags need `re` before them.
    if let Some(&(_, flag)) = chain.iter().find(|(m, _)| m.is_regex_flag()) {
        let re_first = chain.first().is_some_and(|(m, _)| *m == Mod::Re);
        if !re_first {
            return Some(Problem {
                at: flag,
                other: None,
                message: format!("`{}` is a flag of `re` but `{key}` has no `re`", flag.name),
                help: format!(
                    "write `{field_or}|re|{}` with a regular expression, or remove `{}`",
                    flag.name, flag.name
                ),
            });
        }
    }

    // Numbers: comparisons and time parts take a number and produce something no other
    // modifier but `all` and `neq` accepts.
    if let Some(k) = chain.iter().position(|(m, _)| m.is_numeric()) {
        let (_, num) = chain[k];
        if let Some(&(_, before)) = chain[..k].iter().find(|(m, _)| !m.is_list()) {
            return Some(Problem {
                at: num,
                other: Some((before, format!("`{}` makes the value text", before.name))),
                message: format!(
                    "`{}` takes a number and cannot follow `{}`",
                    num.name, before.name
                ),
                help: format!(
                    "write `{field_or}|{}: <number>` without `{}`",
                    num.name, before.name
                ),
            });
        }
        if let Some(&(_, after)) = chain[k + 1..].iter().find(|(m, _)| !m.is_list()) {
            let help = if chain[k + 1..].iter().any(|(m, _)| m.is_numeric()) {
                String::from(
                    "test each bound separately, e.g. in two selections: `Field|gt: 1` and `Field|lt: 10`",
                )
            } else {
                format!("use `{}` alone (or with `all`)", num.name)
            };
            return Some(Problem {
                at: after,
                other: Some((
                    num,
                    format!("`{}` turns the value into a comparison", num.name),
                )),
                message: format!("`{}` cannot be applied after `{}`", after.name, num.name),
                help,
            });
        }
    }

    // Field references: no wildcards before, only position and list modifiers after.
    if let Some(k) = chain.iter().position(|(m, _)| *m == Mod::Fieldref) {
        let (_, fr) = chain[k];
        if let Some(&(_, pos)) = chain[..k].iter().find(|(m, _)| m.is_position()) {
            return Some(Problem {
                at: fr,
                other: Some((pos, format!("`{}` adds wildcards to the value", pos.name))),
                message: format!(
                    "`fieldref` cannot follow `{}`: a field name must not contain wildcards",
                    pos.name
                ),
                help: format!(
                    "put `{}` after `fieldref`: `{field_or}|fieldref|{}`",
                    pos.name, pos.name
                ),
            });
        }
        if let Some(&(_, bad)) = chain[k + 1..]
            .iter()
            .find(|(m, _)| !(m.is_position() || m.is_list()))
        {
            return Some(Problem {
                at: bad,
                other: Some((fr, String::from("`fieldref` makes the value a field name"))),
                message: format!("`{}` cannot be applied to a field reference", bad.name),
                help: String::from(
                    "after `fieldref` use only `contains`, `startswith`, `endswith` or `all`",
                ),
            });
        }
    }

    // At most one of contains / startswith / endswith.
    let positions: Vec<&(Mod, &Modifier<'_>)> =
        chain.iter().filter(|(m, _)| m.is_position()).collect();
    if let Some(&&(m2, second)) = positions.iter().find(|(m, _)| *m != positions[0].0) {
        let (m1, first) = *positions[0];
        let (message, help) = if matches!(
            (m1, m2),
            (Mod::Startswith, Mod::Endswith) | (Mod::Endswith, Mod::Startswith)
        ) {
            (
                format!(
                    "`{}` and `{}` together match the value anywhere, like `contains`",
                    first.name, second.name
                ),
                String::from(
                    "keep one of them; to anchor both ends use `re` (`^prefix.*suffix$`) or two entries in a list of maps",
                ),
            )
        } else {
            (
                format!("`{}` conflicts with `{}`", second.name, first.name),
                format!("keep only one of `{}` and `{}`", first.name, second.name),
            )
        };
        return Some(Problem {
            at: second,
            other: Some((first, format!("`{}` is already applied here", first.name))),
            message,
            help,
        });
    }

    // Base64 of a value with wildcards.
    if let Some(k) = chain.iter().position(|(m, _)| m.is_base64()) {
        let (_, b64) = chain[k];
        if let Some(&(_, pos)) = chain[..k].iter().find(|(m, _)| m.is_position()) {
            return Some(Problem {
                at: b64,
                other: Some((pos, format!("`{}` adds wildcards to the value", pos.name))),
                message: format!(
                    "`{}` after `{}` would encode the wildcards; pySigma rejects it",
                    b64.name, pos.name
                ),
                help: format!(
                    "encode first, then match: `{field_or}|{}|{}`",
                    b64.name, pos.name
                ),
            });
        }
    }
    if let Some(&(_, b64o)) = chain.iter().find(|(m, _)| *m == Mod::Base64offset)
        && !site.has(Mod::Contains)
    {
        return Some(Problem {
            at: b64o,
            other: None,
            message: String::from(
                "`base64offset` without `contains` can never match: its encoded fragments are always surrounded by other characters",
            ),
            help: format!("add `contains`: `{field_or}|base64offset|contains`"),
        });
    }

    // pySigma's `utf16` puts U+FEFF first, which no UTF-16 encoding of it can read back.
    if let Some(k) = chain.iter().position(|(m, _)| *m == Mod::Utf16) {
        let (_, bom) = chain[k];
        let next = chain[k + 1..]
            .iter()
            .find(|(m, _)| m.is_utf16() || m.is_base64());
        if let Some(&(m, enc)) = next
            && m.is_utf16()
        {
            return Some(Problem {
                at: enc,
                other: Some((bom, String::from("`utf16` puts a byte order mark first"))),
                message: format!(
                    "`{}` after `utf16` cannot encode the byte order mark `utf16` puts first; pySigma rejects it",
                    enc.name
                ),
                help: format!(
                    "keep one UTF-16 encoding: `{field_or}|utf16|base64offset|contains` or `{field_or}|{}|base64offset|contains`",
                    enc.name
                ),
            });
        }
    }

    // windash + all (pySigma: WindowsDashCombinedWithAllModifierIssue).
    if let (Some(&(_, wd)), Some(&(_, all))) = (
        chain.iter().find(|(m, _)| *m == Mod::Windash),
        chain.iter().find(|(m, _)| *m == Mod::All),
    ) {
        return Some(Problem {
            at: all,
            other: Some((
                wd,
                String::from("`windash` expands each value into variants"),
            )),
            message: String::from("`windash` cannot be combined with `all`"),
            help: String::from(
                "backends that flatten the dash variants into the `all` list require every variant at once; write one selection per value instead",
            ),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lints::values::{MODIFIERS, chains_rule, for_each_field_site};

    /// The shortcut never passes a chain the full checks reject.
    #[test]
    fn surely_fine_chains_have_no_problem() {
        let names: Vec<&str> = MODIFIERS.iter().map(|(n, _)| *n).collect();
        let text = chains_rule(&names);
        let mut fine = 0;
        for_each_field_site(&text, |site| {
            if surely_fine(site.mask) {
                fine += 1;
                assert!(problem(site).is_none(), "{}", site.key_text());
            }
        });
        assert!(fine > 1000);
    }
}
