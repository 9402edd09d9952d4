use crate::diagnostics::Diagnostic;
use crate::lints::pack::{Found, Pack, groups, more};
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a rule file whose name (`proc_creation_win_x.yml`) is also the name of a rule
    /// file in another folder of the pack.
    ///
    /// One file keeps the name (the first in input order,
    /// preferring rules that are not `deprecated` or `unsupported`); every other one is
    /// reported at its first line.
    ///
    /// ## Why is this bad?
    /// Rule file names are meant to be unique across a pack: SigmaHQ's CI rejects duplicates,
    /// tools that flatten a pack into one folder (SIEM content imports, archives) overwrite
    /// one file with the other, and a rule moved to a new folder while the old copy was kept
    /// shows up this way. The severity is warning.
    ///
    /// ## Example
    /// ```text
    /// rules/windows/process_creation/proc_creation_win_renamed_paexec.yml
    /// deprecated/windows/proc_creation_win_renamed_paexec.yml
    /// ```
    ///
    /// ## Use instead
    /// Delete the stale copy, or name each file after what its rule detects:
    /// ```text
    /// deprecated/windows/proc_creation_win_renamed_paexec_legacy.yml
    /// ```
    pub static DUPLICATE_FILE_NAME = "SC804", "duplicate-file-name", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Pack(check)];

pub fn check(pack: &Pack<'_>, out: &mut Found) {
    // One entry per file: its first document.
    let keys = pack.docs.iter().enumerate().filter_map(|(i, d)| {
        if d.doc.index != 0 {
            return None;
        }
        Some((i, d.path.file_name()?.to_string_lossy()))
    });
    for mut group in groups(keys) {
        pack.drop_copies(&mut group);
        if group.len() < 2 {
            continue;
        }
        pack.active_first(&mut group);
        let first = &pack.docs[group[0]];
        for &i in &group[1..] {
            let pd = &pack.docs[i];
            let name = pd
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let first_path = first.path.to_string_lossy().replace('\\', "/");
            let message = if group.len() == 2 {
                format!("file name `{name}` is also used by `{first_path}`")
            } else {
                format!("file name `{name}` is used by {} files", group.len())
            };
            let d = Diagnostic::new(&DUPLICATE_FILE_NAME, 0..0, message).with_label("this file");
            let (d, left) = pack.label_group(d, i, &group, |_| 0..0, "also used here");
            out.push((
                pd.file,
                d.with_help(format!(
                    "rename the file after what its rule detects, or delete the stale copy{}",
                    more(left)
                )),
            ));
        }
    }
}
