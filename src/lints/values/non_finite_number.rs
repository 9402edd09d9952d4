use crate::diagnostics::Diagnostic;
use crate::lints::values::value_type_mismatch::VALUE_TYPE_MISMATCH;
use crate::lints::values::{Cx, Gate, Hook as ValueHook, Site};
use crate::lints::{Hook, declare_lint};
use crate::yaml::Resolved;

declare_lint! {
    /// ## What it does
    /// Reports a detection value or keyword written `.inf`, `-.inf`, `+.inf` or `.nan` (also
    /// `.Inf`, `.INF`, `.NaN`, `.NAN`) without quotes. YAML 1.1 and 1.2 both read these as
    /// floating-point infinity and not-a-number, not as text.
    ///
    /// It takes the place of `value-type-mismatch` on the same value.
    ///
    /// ## Why is this bad?
    /// pySigma refuses to load the rule (`SigmaValueError`: "Invalid number"), whatever the
    /// modifiers, and Sigma has no use for an infinite number. If the text was meant (a file
    /// extension, a word in a command line), the quotes are missing. The severity is error.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         TargetFilename|endswith:
    ///             - .nan
    ///             - .inf
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         TargetFilename|endswith:
    ///             - '.nan'
    ///             - '.inf'
    ///     condition: selection
    /// ```
    pub static NON_FINITE_NUMBER = "SC428", "non-finite-number", Error,
        replaces = [VALUE_TYPE_MISMATCH];
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Values(ValueHook::Site(Gate::Always, check_site))];

pub(super) fn check_site(cx: &Cx<'_, '_>, site: &Site<'_, '_>, out: &mut Vec<Diagnostic>) {
    for v in site.scalars() {
        let Some(s) = v.as_scalar() else { continue };
        let Resolved::Float(f) = s.resolved else {
            continue;
        };
        if f.is_finite() {
            continue;
        }
        let what = if f.is_nan() {
            "not-a-number"
        } else {
            "an infinite number"
        };
        let text = cx.show(v);
        out.push(
            Diagnostic::new(
                &NON_FINITE_NUMBER,
                cx.span(v),
                format!(
                    "`{text}` in {} is {what} in YAML, which pySigma refuses to load",
                    site.describe()
                ),
            )
            .with_label(format!("{what}, not text"))
            .with_help(format!("quote it if the text was meant: `'{text}'`")),
        );
    }
}
