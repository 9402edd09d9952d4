use std::net::{Ipv4Addr, Ipv6Addr};

use crate::diagnostics::Diagnostic;
use crate::lints::values::{Cx, Gate, Hook as ValueHook, Mod, Site};
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a `cidr` value that is not an IPv4 or IPv6 network as Python's
    /// `ipaddress.ip_network` (which pySigma uses) reads it: a bad address (`10.0.300.0/8`,
    /// leading zeros as in `010.0.0.0/8`, `fe80:::/10`), a prefix length out of range
    /// (`10.0.0.0/33`, `::/129`), or host bits set (`192.168.1.10/24` where
    /// `192.168.1.0/24` is meant). An address without a prefix is a single host and is fine.
    ///
    /// ## Why is this bad?
    /// pySigma refuses the rule ("Invalid CIDR expression"); other tools guess, for example
    /// by masking the host bits or by matching nothing. The severity is error: the rule is
    /// broken.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         DestinationIp|cidr:
    ///             - '10.0.0.0/33'
    ///             - '192.168.1.10/24'
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         DestinationIp|cidr:
    ///             - '10.0.0.0/8'
    ///             - '192.168.1.0/24'
    ///     condition: selection
    /// ```
    pub static INVALID_CIDR = "SC410", "invalid-cidr", Error;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Values(ValueHook::Site(Gate::Combinable, check_site))];

pub(super) fn check_site(cx: &Cx<'_, '_>, site: &Site<'_, '_>, out: &mut Vec<Diagnostic>) {
    if !site.has(Mod::Cidr) {
        return;
    }
    for v in site.strings() {
        let Some(s) = v.as_str() else { continue };
        if let Err((problem, help)) = check_network(s) {
            out.push(
                Diagnostic::new(
                    &INVALID_CIDR,
                    cx.span(v),
                    format!("invalid CIDR network `{s}`: {problem}"),
                )
                .with_help(help),
            );
        }
    }
}

/// Checks a network like Python's `ipaddress.ip_network(s)` (strict). The error is the
/// problem and a help text.
fn check_network(s: &str) -> Result<(), (String, String)> {
    let (addr, prefix) = match s.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (s, None),
    };
    let help_form = || String::from("write a network like `10.0.0.0/8` or `fd00::/8`");
    if let Ok(ip) = addr.parse::<Ipv4Addr>() {
        let bits = match prefix {
            None => 32,
            Some(p) => match prefix_len(p, 32) {
                Some(b) => b,
                None => match p.parse::<Ipv4Addr>().ok().and_then(mask_len) {
                    Some(b) => b,
                    None => {
                        return Err((
                            format!("the prefix length `{p}` is not between 0 and 32"),
                            String::from("IPv4 prefix lengths are 0 to 32, e.g. `10.0.0.0/8`"),
                        ));
                    }
                },
            },
        };
        let value = u32::from(ip);
        let mask = if bits == 0 {
            0
        } else {
            u32::MAX << (32 - bits)
        };
        if value & !mask != 0 {
            let net = Ipv4Addr::from(value & mask);
            return Err((
                String::from("host bits are set"),
                format!("write the network address: `{net}/{bits}`"),
            ));
        }
        return Ok(());
    }
    if let Ok(ip) = addr.parse::<Ipv6Addr>() {
        let bits = match prefix {
            None => 128,
            Some(p) => prefix_len(p, 128).ok_or_else(|| {
                (
                    format!("the prefix length `{p}` is not between 0 and 128"),
                    String::from("IPv6 prefix lengths are 0 to 128, e.g. `fd00::/8`"),
                )
            })?,
        };
        let value = u128::from(ip);
        let mask = if bits == 0 {
            0
        } else {
            u128::MAX << (128 - bits)
        };
        if value & !mask != 0 {
            let net = Ipv6Addr::from(value & mask);
            return Err((
                String::from("host bits are set"),
                format!("write the network address: `{net}/{bits}`"),
            ));
        }
        return Ok(());
    }
    let what = if addr.contains(':') { "IPv6" } else { "IPv4" };
    Err((
        format!("`{addr}` is not a valid {what} address"),
        help_form(),
    ))
}

/// A decimal prefix length up to `max`, as Python accepts it (ASCII digits only).
fn prefix_len(p: &str, max: u32) -> Option<u32> {
    if p.is_empty() || p.len() > 3 || !p.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    p.parse::<u32>().ok().filter(|b| *b <= max)
}

/// The prefix length of a netmask (`255.255.0.0`) or hostmask (`0.0.255.255`), which Python
/// also accepts after the `/`.
fn mask_len(mask: Ipv4Addr) -> Option<u32> {
    let m = u32::from(mask);
    if m.leading_ones() + m.trailing_zeros() == 32 {
        return Some(m.leading_ones());
    }
    if m.leading_zeros() + m.trailing_ones() == 32 {
        return Some(m.leading_zeros());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::check_network;

    #[test]
    fn networks() {
        for ok in [
            "10.0.0.0/8",
            "0.0.0.0/0",
            "192.168.1.10",
            "10.0.0.0/255.0.0.0",
            "::/0",
            "fe80::/10",
            "2001:db8::1",
            "::1/128",
        ] {
            assert!(check_network(ok).is_ok(), "{ok}");
        }
        for bad in [
            "10.0.0.0/33",
            "10.0.300.0/8",
            "192.168.1.10/24",
            "010.0.0.0/8",
            "::/129",
            "fe80:::/10",
            "abc",
            "10.0.0.0/",
            "10.0.0.0/+8",
            "*",
        ] {
            assert!(check_network(bad).is_err(), "{bad}");
        }
        let (_, help) = check_network("192.168.1.10/24").unwrap_err();
        assert!(help.contains("192.168.1.0/24"), "{help}");
    }
}
