use crate::diagnostics::Diagnostic;
use crate::lints::metadata::string_value;
use crate::lints::metadata::unconventional_file_name::{
    file_name, has_later_document, is_first_document,
};
use crate::lints::{DocContext, Hook, declare_lint};
use crate::sigma::Kind;

declare_lint! {
    /// ## What it does
    /// With `--profile sigmahq`: reports a detection rule whose file name does not start with
    /// the prefix SigmaHQ's filename convention gives its log source: `proc_creation_win_` for
    /// Windows `process_creation`, `win_security_` for the Windows `security` service, `lnx_`
    /// for other Linux rules, and so on. The table is the one pySigma-validators-sigmahq 0.20
    /// uses (`sigmahq_filename_prefix`): the exact category/product/service triple first, then
    /// the product alone. Log sources outside the table, correlations, files that combine a
    /// correlation with its rules, and the later documents of a multi-document file are not
    /// checked: the file name is judged once, by its first rule.
    ///
    /// ## Why is this bad?
    /// The prefix tells a reader (and `ls`) which log the rule needs. It is info, not a
    /// warning: SigmaHQ's own CI turns this validator off, because older rules predate the
    /// table and new log sources are added to it only later.
    ///
    /// ## Example
    /// ```yaml
    /// # file: win_certutil_download.yml
    /// logsource:
    ///     category: process_creation
    ///     product: windows
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: proc_creation_win_certutil_download.yml
    /// logsource:
    ///     category: process_creation
    ///     product: windows
    /// ```
    pub static MISMATCHED_FILE_PREFIX = "SC232", "mismatched-file-prefix", Info, profile = SigmaHq;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

/// `(category, product, service, prefix)`.
type Row = (
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
    &'static str,
);

/// SigmaHQ's file-name prefixes per log source (the data pySigma-validators-sigmahq 0.20 uses).
#[rustfmt::skip]
const PREFIXES: &[Row] = &[
    (None, Some("aws"), None, "aws"),
    (None, Some("azure"), None, "azure_"),
    (None, Some("bitbucket"), Some("audit"), "bitbucket_audit_"),
    (None, Some("cisco"), None, "cisco_"),
    (Some("application"), Some("django"), None, "appframework_django_"),
    (None, Some("fortios"), None, "fortios_"),
    (None, Some("gcp"), None, "gcp_"),
    (None, Some("github"), None, "github_"),
    (None, Some("huawei"), None, "huawei_"),
    (None, Some("juniper"), None, "juniper_"),
    (Some("application"), Some("jvm"), None, "java_"),
    (Some("application"), Some("kubernetes"), Some("audit"), "kubernetes_audit_"),
    (None, Some("kubernetes"), Some("audit"), "kubernetes_audit_"),
    (Some("file_event"), Some("linux"), None, "file_event_lnx_"),
    (Some("network_connection"), Some("linux"), None, "net_connection_lnx_"),
    (None, Some("linux"), Some("auditd"), "lnx_auditd_"),
    (None, Some("linux"), Some("auth"), "lnx_auth_"),
    (None, Some("linux"), Some("clamav"), "lnx_clamav"),
    (None, Some("linux"), Some("cron"), "lnx_cron_"),
    (None, Some("linux"), Some("guacamole"), "lnx_guacamole_"),
    (None, Some("linux"), None, "lnx_"),
    (None, Some("linux"), Some("sshd"), "lnx_sshd_"),
    (None, Some("linux"), Some("sudo"), "lnx_sudo"),
    (None, Some("linux"), Some("syslog"), "lnx_syslog_"),
    (None, Some("linux"), Some("vsftpd"), "lnx_vsftpd_"),
    (Some("process_creation"), Some("linux"), None, "proc_creation_lnx_"),
    (None, Some("m365"), None, "microsoft365_"),
    (Some("file_event"), Some("macos"), None, "file_event_macos_"),
    (None, Some("macos"), None, "macos_"),
    (Some("process_creation"), Some("macos"), None, "proc_creation_macos_"),
    (Some("application"), Some("nodejs"), None, "nodejs_"),
    (Some("antivirus"), None, None, "av_"),
    (Some("database"), None, None, "db_"),
    (Some("dns"), None, None, "net_dns_"),
    (Some("firewall"), None, None, "net_firewall_"),
    (None, None, Some("apache"), "web_apache_"),
    (None, None, Some("nginx"), "web_nginx_"),
    (Some("proxy"), None, None, "proxy_"),
    (Some("webserver"), None, None, "web_"),
    (None, Some("okta"), None, "okta_"),
    (None, Some("onelogin"), None, "onelogin_"),
    (Some("application"), Some("opencanary"), None, "opencanary_"),
    (Some("appliance"), Some("paloalto"), Some("globalprotect"), "paloalto_globalprotect_"),
    (Some("file_event"), Some("paloalto"), Some("globalprotect"), "file_event_paloalto_globalprotect_"),
    (Some("application"), Some("python"), None, "app_python_"),
    (Some("application"), Some("rpc_firewall"), None, "rpc_firewall_"),
    (Some("application"), Some("ruby_on_rails"), None, "appframework_ruby_"),
    (Some("application"), Some("spring"), None, "spring_"),
    (Some("application"), Some("velocity"), None, "velocity_"),
    (Some("create_remote_thread"), Some("windows"), None, "create_remote_thread_win_"),
    (Some("create_stream_hash"), Some("windows"), None, "create_stream_hash_"),
    (Some("dns_query"), Some("windows"), None, "dns_query_win_"),
    (Some("driver_load"), Some("windows"), None, "driver_load_win_"),
    (Some("file_access"), Some("windows"), None, "file_access_win_"),
    (Some("file_change"), Some("windows"), None, "file_change_win_"),
    (Some("file_delete"), Some("windows"), None, "file_delete_win_"),
    (Some("file_event"), Some("windows"), None, "file_event_win_"),
    (Some("file_executable_detected"), Some("windows"), None, "file_executable_detected_win_"),
    (Some("file_rename"), Some("windows"), None, "file_rename_win_"),
    (Some("image_load"), Some("windows"), None, "image_load_"),
    (Some("network_connection"), Some("windows"), None, "net_connection_win_"),
    (None, Some("windows"), Some("applocker"), "win_applocker_"),
    (None, Some("windows"), Some("appmodel-runtime"), "win_appmodel_runtime_"),
    (None, Some("windows"), Some("appxdeployment-server"), "win_appxdeployment_server_"),
    (None, Some("windows"), Some("appxpackaging-om"), "win_appxpackaging_om_"),
    (None, Some("windows"), Some("bits-client"), "win_bits_client_"),
    (None, Some("windows"), Some("capi2"), "win_capi2_"),
    (None, Some("windows"), Some("certificateservicesclient-lifecycle-system"), "win_certificateservicesclient_lifecycle_system_"),
    (None, Some("windows"), Some("codeintegrity-operational"), "win_codeintegrity_"),
    (None, Some("windows"), Some("diagnosis-scripted"), "win_diagnosis_scripted"),
    (None, Some("windows"), Some("dns-client"), "win_dns_client"),
    (None, Some("windows"), Some("dns-server"), "win_dns_server"),
    (None, Some("windows"), Some("dns-server-analytic"), "win_dns_analytic_"),
    (None, Some("windows"), Some("firewall-as"), "win_firewall_as_"),
    (None, Some("windows"), Some("ldap"), "win_ldap_"),
    (None, Some("windows"), Some("lsa-server"), "win_lsa_server_"),
    (None, Some("windows"), Some("msexchange-management"), "win_exchange_"),
    (None, Some("windows"), None, "win_"),
    (None, Some("windows"), Some("openssh"), "win_sshd_openssh_"),
    (None, Some("windows"), Some("powershell-classic"), "posh_pc_"),
    (None, Some("windows"), Some("security"), "win_security_"),
    (None, Some("windows"), Some("security-mitigations"), "win_security_mitigations_"),
    (None, Some("windows"), Some("shell-core"), "win_shell_core"),
    (None, Some("windows"), Some("smbclient-connectivity"), "win_smbclient_connectivity_"),
    (None, Some("windows"), Some("smbclient-security"), "win_smbclient_security_"),
    (None, Some("windows"), Some("sysmon"), "sysmon_"),
    (None, Some("windows"), Some("system"), "win_system_"),
    (None, Some("windows"), Some("taskscheduler"), "win_taskscheduler_"),
    (None, Some("windows"), Some("terminalservices-localsessionmanager"), "win_terminalservices_"),
    (None, Some("windows"), Some("windefend"), "win_defender_"),
    (None, Some("windows"), Some("wmi"), "win_wmi_"),
    (Some("pipe_created"), Some("windows"), None, "pipe_created_"),
    (Some("process_access"), Some("windows"), None, "proc_access_win_"),
    (Some("process_creation"), Some("windows"), None, "proc_creation_win_"),
    (Some("process_tampering"), Some("windows"), None, "proc_tampering_"),
    (Some("ps_classic_provider_start"), Some("windows"), None, "posh_pc_"),
    (Some("ps_classic_start"), Some("windows"), None, "posh_pc_"),
    (Some("ps_module"), Some("windows"), None, "posh_pm_"),
    (Some("ps_script"), Some("windows"), None, "posh_ps_"),
    (Some("raw_access_thread"), Some("windows"), None, "raw_access_thread_"),
    (Some("registry_add"), Some("windows"), None, "registry_add_"),
    (Some("registry_delete"), Some("windows"), None, "registry_delete_"),
    (Some("registry_event"), Some("windows"), None, "registry_event_"),
    (Some("registry_set"), Some("windows"), None, "registry_set_"),
    (Some("sysmon_error"), Some("windows"), None, "sysmon_"),
    (Some("sysmon_status"), Some("windows"), None, "sysmon_"),
    (Some("wmi_event"), Some("windows"), None, "sysmon_wmi_"),
    (None, Some("zeek"), None, "zeek_"),
];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    // A house-style lint: no work unless `--profile sigmahq` (or a selection) turns it on.
    if ctx.doc.kind != Kind::Detection {
        return;
    }
    let Some(name) = file_name(&ctx.source.path) else {
        return;
    };
    let Some(logsource) = ctx.doc.logsource else {
        return;
    };
    let (category, product, service) = (
        logsource.category.node().and_then(string_value),
        logsource.product.node().and_then(string_value),
        logsource.service.node().and_then(string_value),
    );
    let Some(prefix) = expected_prefix(category, product, service) else {
        return;
    };
    if name.starts_with(prefix) {
        return;
    }
    // A file holding a correlation and the rules it uses may mix log sources; SigmaHQ skips
    // it. Only the first document scans the file, so many-document files stay linear.
    if !is_first_document(ctx) || (has_later_document(ctx) && is_combined_file(ctx.text())) {
        return;
    }
    out.push(
        Diagnostic::new(
            &MISMATCHED_FILE_PREFIX,
            logsource.entry.key.span.clone(),
            format!(
                "file name `{name}` does not start with `{prefix}`, the prefix for this log source"
            ),
        )
        .with_label("log source declared here")
        .with_help(format!(
            "rename the file to `{prefix}…`, as SigmaHQ's filename convention asks"
        )),
    );
}

/// The prefix for a log source: the exact triple, else the product alone.
fn expected_prefix(
    category: Option<&str>,
    product: Option<&str>,
    service: Option<&str>,
) -> Option<&'static str> {
    PREFIXES
        .iter()
        .find(|(c, p, s, _)| *c == category && *p == product && *s == service)
        .or_else(|| {
            product?;
            PREFIXES
                .iter()
                .find(|(c, p, s, _)| c.is_none() && *p == product && s.is_none())
        })
        .map(|(_, _, _, prefix)| *prefix)
}

/// SigmaHQ's test for a file that combines a correlation with its rules.
fn is_combined_file(text: &str) -> bool {
    (text.contains("\n---\n") || text.starts_with("---\n"))
        && text.contains("correlation:")
        && text.contains("logsource:")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        let p = expected_prefix(Some("process_creation"), Some("windows"), None);
        assert_eq!(p, Some("proc_creation_win_"));
        assert_eq!(
            expected_prefix(None, Some("windows"), Some("security")),
            Some("win_security_")
        );
        assert_eq!(
            expected_prefix(Some("foo"), Some("linux"), None),
            Some("lnx_")
        );
        assert_eq!(expected_prefix(Some("foo"), None, None), None);
    }
}
