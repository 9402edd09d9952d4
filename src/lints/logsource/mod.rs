//! SC6xx: the log source. The schema checks that `logsource` is a non-empty mapping with string
//! `category`, `product`, `service` and `definition`; these lints check the names in it.

pub mod logsource_without_selector;
pub mod misspelled_logsource_key;
pub mod non_lowercase_logsource_value;
pub mod unknown_logsource_value;

use crate::lint::Lint;
use crate::lints::metadata::{misspelled_taxonomy, string_value, top_string};
use crate::lints::{DocCheck, doc_check};
use crate::sigma::SigmaDoc;
use crate::yaml::Entry;

pub static LINTS: &[&Lint] = &[
    &logsource_without_selector::LOGSOURCE_WITHOUT_SELECTOR,
    &misspelled_logsource_key::MISSPELLED_LOGSOURCE_KEY,
    &non_lowercase_logsource_value::NON_LOWERCASE_LOGSOURCE_VALUE,
    &unknown_logsource_value::UNKNOWN_LOGSOURCE_VALUE,
];

pub static CHECKS: &[DocCheck] = &[
    doc_check!(logsource_without_selector, LOGSOURCE_WITHOUT_SELECTOR),
    doc_check!(misspelled_logsource_key, MISSPELLED_LOGSOURCE_KEY),
    doc_check!(non_lowercase_logsource_value, NON_LOWERCASE_LOGSOURCE_VALUE),
    doc_check!(unknown_logsource_value, UNKNOWN_LOGSOURCE_VALUE),
];

/// The keys the specification defines inside `logsource`.
pub const LOGSOURCE_KEYS: &[&str] = &["category", "product", "service", "definition"];

/// The keys that select log data; `definition` is only prose.
pub const SELECTOR_KEYS: &[&str] = &["category", "product", "service"];

/// Categories of the Sigma taxonomy appendix (v2.1.0), plus those SigmaHQ rules use.
pub const CATEGORIES: &[&str] = &[
    "antivirus",
    "appliance",
    "application",
    "authentication",
    "clipboard_capture",
    "create_remote_thread",
    "create_stream_hash",
    "database",
    "dns",
    "dns_query",
    "driver_load",
    "file_access",
    "file_block_executable",
    "file_block_shredding",
    "file_change",
    "file_delete",
    "file_delete_detected",
    "file_event",
    "file_executable_detected",
    "file_rename",
    "firewall",
    "image_load",
    "network",
    "network_connection",
    "pipe_created",
    "process_access",
    "process_creation",
    "process_tampering",
    "process_termination",
    "proxy",
    "ps_classic_provider_start",
    "ps_classic_script",
    "ps_classic_start",
    "ps_module",
    "ps_script",
    "raw_access_thread",
    "registry_add",
    "registry_delete",
    "registry_event",
    "registry_rename",
    "registry_set",
    "sysmon_error",
    "sysmon_status",
    "webserver",
    "wmi_event",
];

/// Products of the Sigma taxonomy appendix (v2.1.0), plus those SigmaHQ rules use.
pub const PRODUCTS: &[&str] = &[
    "antivirus",
    "apache",
    "aws",
    "azure",
    "bitbucket",
    "cisco",
    "django",
    "dns",
    "fortigate",
    "fortios",
    "gcp",
    "github",
    "huawei",
    "juniper",
    "jvm",
    "kubernetes",
    "linux",
    "m365",
    "macos",
    "modsecurity",
    "nodejs",
    "okta",
    "onelogin",
    "opencanary",
    "paloalto",
    "python",
    "qualys",
    "rpc_firewall",
    "ruby_on_rails",
    "spring",
    "sql",
    "velocity",
    "windows",
    "zeek",
];

/// Services of the Sigma taxonomy appendix (v2.1.0), plus those SigmaHQ rules use.
pub const SERVICES: &[&str] = &[
    "aaa",
    "access",
    "activitylogs",
    "apache",
    "application",
    "application-experience",
    "applocker",
    "appmodel-runtime",
    "appxdeployment-server",
    "appxpackaging-om",
    "audit",
    "auditd",
    "auditlogs",
    "auth",
    "bgp",
    "bitlocker",
    "bits-client",
    "capi2",
    "certificateservicesclient-lifecycle-system",
    "clamav",
    "cloudtrail",
    "codeintegrity-operational",
    "connection",
    "cron",
    "dce_rpc",
    "dhcp",
    "diagnosis-scripted",
    "dns",
    "dns-client",
    "dns-server",
    "dns-server-analytic",
    "dns-server-audit",
    "driver-framework",
    "duo",
    "error",
    "event",
    "exchange",
    "firewall-as",
    "gcp.audit",
    "globalprotect",
    "google_workspace.admin",
    "google_workspace.login",
    "guacamole",
    "http",
    "hyper-v-worker",
    "iis-configuration",
    "kerberos",
    "kernel-event-tracing",
    "kernel-shimengine",
    "ldap",
    "ldp",
    "lsa-server",
    "microsoft-servicebus-client",
    "msexchange-management",
    "netflow",
    "nginx",
    "ntfs",
    "ntlm",
    "okta",
    "onelogin.events",
    "openssh",
    "pim",
    "powershell",
    "powershell-classic",
    "printservice-admin",
    "printservice-operational",
    "rdp",
    "riskdetection",
    "security",
    "security-mitigations",
    "sense",
    "servicebus-client",
    "shell-core",
    "signinlogs",
    "smb_files",
    "smbclient-connectivity",
    "smbclient-security",
    "smbserver-connectivity",
    "sshd",
    "sslvpnd",
    "sudo",
    "syslog",
    "sysmon",
    "system",
    "taskscheduler",
    "terminalservices-localsessionmanager",
    "threat_detection",
    "threat_management",
    "vhdmp",
    "vsftpd",
    "windefend",
    "wmi",
    "x509",
];

/// The known values of a selector key.
pub fn known_values(key: &str) -> &'static [&'static str] {
    match key {
        "category" => CATEGORIES,
        "product" => PRODUCTS,
        "service" => SERVICES,
        _ => &[],
    }
}

/// The entries of the document's `logsource` mapping, or nothing when it has none.
pub(crate) fn entries<'a>(doc: &SigmaDoc<'a>) -> &'a [Entry] {
    doc.root
        .get("logsource")
        .and_then(|l| l.as_mapping())
        .unwrap_or_default()
}

/// Whether log source names follow the Sigma taxonomy: no `taxonomy` key, `sigma`, or a
/// misspelling of it (reported by SC220). Other taxonomies may name log sources their way.
pub(crate) fn uses_sigma_taxonomy(doc: &SigmaDoc<'_>) -> bool {
    match doc.root.get("taxonomy") {
        None => true,
        Some(_) => top_string(doc, "taxonomy")
            .is_some_and(|(_, t)| t == "sigma" || misspelled_taxonomy::is_sigma_misspelled(t)),
    }
}

/// The `category`, `product` and `service` entries with a string value, as `(entry, key,
/// value)`, for rules that follow the Sigma taxonomy; nothing for other taxonomies.
pub(crate) fn selector_values<'a>(
    doc: &SigmaDoc<'a>,
) -> impl Iterator<Item = (&'a Entry, &'a str, &'a str)> {
    let entries = if uses_sigma_taxonomy(doc) {
        entries(doc)
    } else {
        &[]
    };
    entries.iter().filter_map(|e| {
        let key = e.key.as_str().filter(|k| SELECTOR_KEYS.contains(k))?;
        Some((e, key, string_value(&e.value)?))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_lowercase_and_unique() {
        for table in [CATEGORIES, PRODUCTS, SERVICES] {
            assert!(table.windows(2).all(|w| w[0] < w[1]), "{table:?}");
            assert!(
                table
                    .iter()
                    .all(|v| *v == v.to_lowercase() && !v.contains(' '))
            );
        }
    }
}
