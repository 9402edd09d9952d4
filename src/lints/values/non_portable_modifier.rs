use crate::diagnostics::Diagnostic;
use crate::lints::values::{Cx, Gate, Hook as ValueHook, Mod, Site, bits};
use crate::lints::{Hook, declare_lint};
use crate::sigma::Modifier;

declare_lint! {
    /// ## What it does
    /// Reports a modifier or a combination of modifiers that pySigma or rsigma refuses although
    /// the specification does not forbid it:
    ///
    /// - `utf16le`, which the specification lists but pySigma 2.x does not know ("Unknown
    ///   modifier"); its name there is `wide`;
    /// - `re` with `contains`, `startswith` or `endswith`, and `re` with `expand`, which
    ///   pySigma reads (as `.*pattern.*`, or with placeholders in the pattern) and rsigma
    ///   refuses;
    /// - `fieldref` with `contains`, `startswith` or `endswith`, which rsigma refuses;
    /// - two different UTF-16 encodings (`wide` and `utf16be`), or `base64` with
    ///   `base64offset`, which rsigma refuses.
    ///
    /// Only the first of these in a key is reported, and only when the chain is otherwise
    /// valid (`invalid-modifier-combination` has nothing to say).
    ///
    /// ## Why is this bad?
    /// The tool that refuses the modifier refuses the whole rule, which is then converted or
    /// evaluated nowhere it runs. The severity is warning: the rule is valid Sigma and other
    /// tools read it.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         CommandLine|re|contains: 'powershell.*-enc'
    ///         ParentCommandLine|utf16le|base64offset|contains: 'IEX'
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         CommandLine|re: '.*powershell.*-enc.*'
    ///         ParentCommandLine|wide|base64offset|contains: 'IEX'
    ///     condition: selection
    /// ```
    pub static NON_PORTABLE_MODIFIER = "SC429", "non-portable-modifier", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Values(ValueHook::Site(Gate::Combinable, check_site))];

/// Modifiers of which one at least is in every chain reported here.
const CANDIDATES: u64 = bits(&[
    Mod::Re,
    Mod::Fieldref,
    Mod::Utf16,
    Mod::Utf16le,
    Mod::Utf16be,
    Mod::Wide,
    Mod::Base64offset,
]);

pub(super) fn check_site(_cx: &Cx<'_, '_>, site: &Site<'_, '_>, out: &mut Vec<Diagnostic>) {
    if site.mask & CANDIDATES == 0 {
        return;
    }
    let chain: Vec<(Mod, &Modifier<'_>)> = site.chain().collect();
    let field = match site.field_name() {
        "" => "Field",
        f => f,
    };
    let find = |pred: &dyn Fn(Mod) -> bool| chain.iter().find(|(m, _)| pred(*m)).map(|(_, w)| *w);
    let d = if let Some(w) = chain
        .iter()
        .find(|(m, _)| *m == Mod::Utf16le)
        .map(|(_, w)| *w)
    {
        Diagnostic::new(
            &NON_PORTABLE_MODIFIER,
            w.span.clone(),
            format!(
                "`utf16le` in `{}` is unknown to pySigma 2.x, which refuses the rule",
                site.key_text()
            ),
        )
        .with_help("write `wide`, pySigma's name for the same encoding (rsigma reads both)")
    } else if let (Some(re), Some(other)) = (
        find(&|m| m == Mod::Re),
        find(&|m| m.is_position() || m == Mod::Expand),
    ) {
        let help = if other.name == "expand" {
            String::from(
                "if rsigma must run the rule, write the values into the pattern instead of a placeholder",
            )
        } else {
            format!(
                "drop `{}` and write in the pattern where it may match more, e.g. `.*` around it",
                other.name
            )
        };
        pair(site, other, re, help)
    } else if let (Some(fr), Some(pos)) =
        (find(&|m| m == Mod::Fieldref), find(&|m| m.is_position()))
    {
        pair(
            site,
            pos,
            fr,
            format!("if rsigma must run the rule, compare whole values: `{field}|fieldref`"),
        )
    } else if let Some((first, second)) = two_utf16(&chain) {
        pair(
            site,
            second,
            first,
            format!(
                "keep one UTF-16 encoding: `{}` or `{}`",
                first.name, second.name
            ),
        )
    } else if let (Some(b64), Some(b64o)) = (
        find(&|m| m == Mod::Base64),
        find(&|m| m == Mod::Base64offset),
    ) {
        let (first, second) = if b64.span.start < b64o.span.start {
            (b64, b64o)
        } else {
            (b64o, b64)
        };
        pair(
            site,
            second,
            first,
            String::from("keep one of `base64` and `base64offset`"),
        )
    } else {
        return;
    };
    out.push(d);
}

/// The finding for two modifiers rsigma refuses together, at the later one.
fn pair(site: &Site<'_, '_>, at: &Modifier<'_>, with: &Modifier<'_>, help: String) -> Diagnostic {
    let (first, second) = if with.span.start < at.span.start {
        (with, at)
    } else {
        (at, with)
    };
    Diagnostic::new(
        &NON_PORTABLE_MODIFIER,
        second.span.clone(),
        format!(
            "rsigma refuses `{}` with `{}` in `{}`",
            first.name,
            second.name,
            site.key_text()
        ),
    )
    .with_secondary(
        first.span.clone(),
        format!("`{}` is applied here", first.name),
    )
    .with_help(help)
}

/// Two UTF-16 encodings that rsigma tells apart (`wide` and `utf16le` are one).
fn two_utf16<'m, 'a>(
    chain: &[(Mod, &'m Modifier<'a>)],
) -> Option<(&'m Modifier<'a>, &'m Modifier<'a>)> {
    let mut encodings = chain.iter().filter(|(m, _)| m.is_utf16());
    let &(m1, first) = encodings.next()?;
    encodings
        .find(|(m, _)| m.canonical() != m1.canonical())
        .map(|&(_, second)| (first, second))
}
