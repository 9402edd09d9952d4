//! File discovery: explicit files are taken as given, directories are walked in sorted order
//! for `*.yml`/`*.yaml`. Problems with one path (missing, a loop, a permission error) become an
//! [`Input`] of their own for that path; nothing stops the walk.

use std::collections::HashSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

/// One thing to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    /// A path we found but cannot read as a rule file, with the reason.
    Unreadable {
        path: PathBuf,
        reason: String,
    },
    /// A path given to the walk that does not exist.
    Missing(PathBuf),
}

impl Input {
    pub fn path(&self) -> &Path {
        match self {
            Self::File(p) | Self::Unreadable { path: p, .. } | Self::Missing(p) => p,
        }
    }
}

pub fn is_rule_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yml") || e.eq_ignore_ascii_case("yaml"))
}

/// Expands the command-line paths into the files to check, each once, in a stable order.
pub fn collect(paths: &[PathBuf]) -> Vec<Input> {
    collect_excluding(paths, &|_| false)
}

/// [`collect`], leaving out every file and directory (named or found) for which `excluded`
/// holds (`exclude` globs).
pub fn collect_excluding(
    paths: &[PathBuf],
    excluded: &(dyn Fn(&Path) -> bool + Sync),
) -> Vec<Input> {
    let mut out = Vec::new();
    for_each_excluding(paths, excluded, &mut |input| out.push(input));
    out
}

/// [`collect_excluding`], handing each input to `sink` as soon as it is found (in the same
/// order), so that checking can start while the walk goes on.
pub fn for_each_excluding(
    paths: &[PathBuf],
    excluded: &(dyn Fn(&Path) -> bool + Sync),
    sink: &mut dyn FnMut(Input),
) {
    let mut seen: HashSet<OsString, foldhash::fast::RandomState> = HashSet::default();
    // A walk names each path once, so only overlapping roots can name one twice.
    let dedup = roots_overlap(paths);
    // `rules/x.yml` and `./rules/x.yml` are one file; compare the normalised spelling. The
    // normalised path is rebuilt from its components, so equal paths have equal bytes, and
    // hashing the bytes is much cheaper than hashing a `Path` component by component.
    let mut push = |input: Input| {
        if !dedup {
            sink(input);
            return;
        }
        let path = input.path();
        let key = if is_normal(path) {
            path.as_os_str().to_owned()
        } else {
            normalise(path).into_os_string()
        };
        if seen.insert(key) {
            sink(input);
        }
    };
    for path in paths {
        // A dangling symlink exists as a link: report it as unreadable, not as missing. A
        // missing path is reported even when excluded: it is a mistake on the command line.
        let link_meta = match std::fs::symlink_metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                push(Input::Missing(path.clone()));
                continue;
            }
            Err(e) => {
                push(Input::Unreadable {
                    path: path.clone(),
                    reason: e.to_string(),
                });
                continue;
            }
        };
        if excluded(path) {
            continue;
        }
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => walk_dir(path, excluded, &mut push),
            Ok(m) if m.is_file() => push(Input::File(path.clone())),
            Ok(_) => push(not_regular(path)),
            Err(e) => {
                let reason = if link_meta.file_type().is_symlink() {
                    format!("broken symbolic link: {e}")
                } else {
                    e.to_string()
                };
                push(Input::Unreadable {
                    path: path.clone(),
                    reason,
                });
            }
        }
    }
}

/// Whether a root, normalised, is another or lies inside another (`rules` and
/// `./rules/x.yml`, or one folder named twice): only then can the walk meet one normalised
/// path twice. Roots that meet only through symbolic links have different paths, and the
/// de-duplication tells paths apart, not files.
fn roots_overlap(paths: &[PathBuf]) -> bool {
    let mut roots: Vec<PathBuf> = paths.iter().map(|p| normalise(p)).collect();
    // Sorted by components, a root inside another sorts right after it or after another
    // root inside it: comparing neighbours finds every overlap in O(n log n).
    roots.sort();
    roots.windows(2).any(|w| w[1].starts_with(&w[0]))
}

/// Lexical normalisation (`./a/../b` → `b`); symlinks are not resolved, so a linked file
/// named twice under different names is checked under each name.
pub(crate) fn normalise(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Whether [`normalise`] would give `path` back byte for byte: no `.` or `..` component, no
/// doubled or trailing separator. Walked paths are, so most paths skip the rebuild.
fn is_normal(path: &Path) -> bool {
    let b = path.as_os_str().as_encoded_bytes();
    !b.is_empty()
        && b != b"."
        && !b.starts_with(b"./")
        && !b.ends_with(b"/")
        && !b.ends_with(b"/.")
        && !b.ends_with(b"/..")
        && !b.windows(2).any(|w| w == b"//")
        && !b.windows(3).any(|w| w == b"/./")
        && memchr::memmem::find(b, b"/../").is_none()
}

fn not_regular(path: &Path) -> Input {
    Input::Unreadable {
        path: path.to_path_buf(),
        reason: String::from("not a regular file"),
    }
}

fn walk_dir(root: &Path, excluded: &dyn Fn(&Path) -> bool, push: &mut dyn FnMut(Input)) {
    let walker = WalkDir::new(root)
        .follow_links(true)
        // The entries sorted are those of one directory, so their paths differ only in the
        // file name: comparing the whole path's bytes orders them by name, without the
        // component parsing `file_name()` costs on every comparison.
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
        .into_iter()
        // Hidden files and folders (`.git`, `.github`, `.gitlab-ci.yml`,
        // `.pre-commit-config.yaml`) are never rules; the root itself is kept.
        .filter_entry(|e| {
            e.depth() == 0
                || (!e.file_name().as_encoded_bytes().starts_with(b".") && !excluded(e.path()))
        });
    for entry in walker {
        match entry {
            Ok(e) => {
                let ft = e.file_type();
                if ft.is_dir() || !is_rule_file(e.path()) {
                    continue;
                }
                if ft.is_file() {
                    push(Input::File(e.into_path()));
                } else {
                    push(not_regular(e.path()));
                }
            }
            Err(err) => {
                let Some(path) = err.path().map(Path::to_path_buf) else {
                    continue;
                };
                let is_link =
                    std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
                let reason = if let Some(anc) = err.loop_ancestor() {
                    format!("symbolic link loop back to `{}`", anc.display())
                } else if let Some(io) = err.io_error() {
                    if is_link {
                        format!("broken symbolic link: {io}")
                    } else {
                        io.to_string()
                    }
                } else {
                    err.to_string()
                };
                // A broken link or unreadable entry that is not named like a rule is not ours.
                if err.loop_ancestor().is_some()
                    || is_rule_file(&path)
                    || err.depth() == 0
                    || is_dir_like(&path)
                {
                    push(Input::Unreadable { path, reason });
                }
            }
        }
    }
}

/// An unreadable directory may hide rules, so it is reported whatever its name.
fn is_dir_like(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_overlap_when_one_is_or_holds_another() {
        let overlap = |roots: &[&str]| {
            let roots: Vec<PathBuf> = roots.iter().map(PathBuf::from).collect();
            roots_overlap(&roots)
        };
        assert!(!overlap(&[]));
        assert!(!overlap(&["rules"]));
        assert!(!overlap(&["rules", "rules-dfir", "rules-compliance/x.yml"]));
        assert!(!overlap(&["a/b.yml", "a/c.yml", "/a/b.yml", "../a"]));
        assert!(overlap(&["rules", "rules"]));
        assert!(overlap(&["rules", "./rules/x.yml"]));
        assert!(overlap(&["rules/windows/x.yml", "rules-dfir", "rules"]));
        assert!(overlap(&["a/b/../c", "a/c/d.yml"]));
        assert!(overlap(&["rules", "."]));
        // By bytes `a/b-x` sorts between `a/b` and `a/b/c`; by components it does not.
        assert!(overlap(&["a/b/c", "a/b-x", "a/b"]));
    }

    #[test]
    fn a_path_called_normal_is_its_own_normal_form() {
        let paths = [
            "a/b.yml",
            "/a/b.yml",
            "a//b.yml",
            "./a.yml",
            "a/./b.yml",
            "a/../b.yml",
            "../a.yml",
            "../../a.yml",
            "..a/b.yml",
            "a/..b/c.yml",
            "a/b/",
            "a/b/.",
            "a/b/..",
            ".",
            "..",
            "/",
            "//a",
            ".a/b.yml",
            "a/.b.yml",
            "a/b.yml/",
            "a/.../b",
        ];
        for p in paths {
            let p = Path::new(p);
            if is_normal(p) {
                assert_eq!(normalise(p).as_os_str(), p.as_os_str());
            }
        }
        assert!(is_normal(Path::new("rules/windows/x.yml")));
        assert!(is_normal(Path::new("/abs/rules/x.yml")));
        assert!(!is_normal(Path::new("./rules/x.yml")));
    }
}
