use crate::diagnostics::Diagnostic;
use crate::lints::pack::{Found, Pack, groups, more};
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a rule file that is copied byte for byte elsewhere in the pack, once for every
    /// set of copies, naming every other place. The finding is on the last copy in input order:
    /// with `--staged` or `--pack`, the file being committed.
    ///
    /// The copies are not also reported as duplicate ids, names, titles, file names or logic
    /// of one another (SC801–SC805): that is one problem, reported once.
    ///
    /// ## Why is this bad?
    /// Every copy is loaded: the converter builds the same rule several times, the SIEM alerts
    /// several times on one event, and an edit to one copy silently leaves the others behind.
    /// Copies usually come from a folder copied for a test, a merge that kept both sides, or a
    /// rule filed under two categories.
    ///
    /// ## Example
    /// ```text
    /// rules/windows/proc_creation_win_certutil_download.yml
    /// rules/windows/old/proc_creation_win_certutil_download.yml   (the same bytes)
    /// ```
    ///
    /// ## Use instead
    /// Keep one copy. To file a rule under two categories, tag it (`tags:`) rather than copy it.
    pub static COPIED_RULE = "SC811", "copied-rule", Error;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Pack(check)];

pub fn check(pack: &Pack<'_>, out: &mut Found) {
    // Each file's first document stands for the file.
    let firsts: Vec<usize> = (0..pack.docs.len())
        .filter(|&i| i == 0 || pack.docs[i - 1].file != pack.docs[i].file)
        .collect();
    for group in groups(firsts.iter().map(|&i| (i, pack.copy_class(i)))) {
        let reported = group[group.len() - 1];
        let first_path = pack.docs[group[0]]
            .path
            .to_string_lossy()
            .replace('\\', "/");
        let message = if group.len() == 2 {
            format!("this file is a copy of `{first_path}`, byte for byte")
        } else {
            format!(
                "this file is one of {} copies of the same rule file, byte for byte",
                group.len()
            )
        };
        let d = Diagnostic::new(&COPIED_RULE, 0..0, message).with_label("this copy");
        let (d, left) = pack.label_group(d, reported, &group, |_| 0..0, "copy");
        out.push((
            pack.docs[reported].file,
            d.with_help(format!(
                "keep one copy and delete the others; a pack loads every copy{}",
                more(left)
            )),
        ));
    }
}
