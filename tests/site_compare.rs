//! `sigscope site --compare REF`: the "Changes" page against a git revision and against an
//! older directory, through the binary, and the errors it stops with.

mod common;

use std::path::Path;
use std::process::Command;

use common::{rule, write};

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// The binary in `dir`, with git unable to find a repository above `ceiling`.
fn site(dir: &Path, ceiling: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_sigscope"))
        .current_dir(dir)
        .arg("site")
        .args(args)
        .env("GIT_CEILING_DIRECTORIES", ceiling)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("run sigscope");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The pack before: rules 1 to 5.
fn old_pack(dir: &Path) {
    for n in 1..=5 {
        write(dir, &format!("r{n:02}.yml"), &rule(n));
    }
}

/// The pack after: 1 unchanged, 2 retitled, 3 with another detection, 4 deprecated, 5
/// removed, 6 added.
fn new_pack(dir: &Path) {
    write(dir, "r01.yml", &rule(1));
    write(
        dir,
        "r02.yml",
        &rule(2).replace("Variant 02", "Variant 02 Renamed"),
    );
    write(
        dir,
        "r03.yml",
        &rule(3).replace(
            "    condition: selection",
            "    filter:\n        User: SYSTEM\n    condition: selection and not filter",
        ),
    );
    write(
        dir,
        "r04.yml",
        &rule(4).replace("status: test", "status: deprecated"),
    );
    std::fs::remove_file(dir.join("r05.yml")).expect("test setup");
    write(dir, "r06.yml", &rule(6));
}

/// The titles listed in a section of the Changes page.
fn section(html: &str, id: &str) -> Vec<String> {
    let Some(start) = html.find(&format!("<h2 id=\"{id}\">")) else {
        return Vec::new();
    };
    let body = &html[start..];
    let body = &body[..body.find("</section>").expect("section end")];
    let mut out = Vec::new();
    for piece in body.split("<li>").skip(1) {
        let title = if let Some(a) = piece.strip_prefix("<a href=\"") {
            let a = &a[a.find("\">").expect("link") + 2..];
            a[..a.find("</a>").expect("link end")].to_owned()
        } else if let Some(g) = piece.strip_prefix("<span class=\"gone\">") {
            g[..g.find("</span>").expect("span end")].to_owned()
        } else {
            continue;
        };
        out.push(title);
    }
    out
}

fn main_of(html: &str) -> &str {
    let start = html.find("<main id=\"main\">").expect("main");
    let end = html.find("</main>").expect("main end");
    &html[start..end + "</main>".len()]
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn assert_entries(html: &str) {
    assert_eq!(section(html, "added"), ["Certutil Download Variant 06"]);
    assert_eq!(section(html, "removed"), ["Certutil Download Variant 05"]);
    assert_eq!(
        section(html, "deprecated"),
        ["Certutil Download Variant 04"]
    );
    assert_eq!(section(html, "detection"), ["Certutil Download Variant 03"]);
    assert_eq!(
        section(html, "metadata"),
        ["Certutil Download Variant 02 Renamed"]
    );
    for unchanged in ["Variant 01<", "Variant 07", "Variant 08"] {
        assert!(!html.contains(unchanged), "{unchanged}: {html}");
    }
    // Each entry links to the new rule's page.
    assert!(html.contains(
        "<a href=\"../rules/9b2f6c4e-7d1a-4e8b-b3c5-2a9e0f71d003.html\">Certutil Download Variant 03</a>"
    ));
    // Changed lines are marked in words, not by colour alone.
    assert!(html.contains(
        "<del><span class=\"sign\" aria-hidden=\"true\">-</span><span class=\"sr\">removed: </span>    condition: selection</del>"
    ));
    assert!(html.contains(
        "<ins><span class=\"sign\" aria-hidden=\"true\">+</span><span class=\"sr\">added: </span>    condition: selection and not filter</ins>"
    ));
    assert!(html.contains("<li>title: <del><span class=\"sr\">was </span>Certutil Download Variant 02</del> → <ins><span class=\"sr\">now </span>Certutil Download Variant 02 Renamed</ins></li>"));
    assert!(html.contains("<li>status: <del><span class=\"sr\">was </span>test</del> → <ins><span class=\"sr\">now </span>deprecated</ins></li>"));
}

/// What git says about the repository: status, HEAD, index and every tracked file's contents.
fn repository_state(repo: &Path) -> String {
    let mut s = git(repo, &["status", "--porcelain=v1", "--untracked-files=all"]);
    s += &git(repo, &["rev-parse", "HEAD"]);
    s += &git(repo, &["ls-files", "--stage"]);
    s += &git(repo, &["diff"]);
    s
}

#[test]
fn changes_since_a_git_revision() {
    let tmp = tempfile::tempdir().expect("test setup");
    let repo = tmp.path().join("repo");
    let rules = repo.join("rules");
    old_pack(&rules);
    // Symbolic links: one to a rule elsewhere in the repository (read at its target as of the
    // revision: unchanged), one out of the repository (not versioned: not a change).
    #[cfg(unix)]
    {
        write(&repo, "shared/r07.yml", &rule(7));
        std::os::unix::fs::symlink("../shared/r07.yml", rules.join("r07.yml")).expect("test setup");
        write(tmp.path(), "outside.yml", &rule(8));
        std::os::unix::fs::symlink("../../outside.yml", rules.join("r08.yml")).expect("test setup");
    }
    git(&repo, &["init", "-q", "-b", "main"]);
    git(&repo, &["config", "user.name", "Test"]);
    git(&repo, &["config", "user.email", "test@example.com"]);
    git(&repo, &["config", "commit.gpgsign", "false"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "old"]);
    new_pack(&rules);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "new"]);
    // An uncommitted edit, staged, and an untracked file: the build must leave both as they are.
    write(
        &rules,
        "r01.yml",
        &rule(1).replace("level: meduim", "level: high"),
    );
    git(&repo, &["add", "rules/r01.yml"]);
    write(&repo, "notes.txt", "draft\n");
    let before = repository_state(&repo);

    let out = tmp.path().join("site");
    let r = site(
        &repo,
        tmp.path(),
        &[
            "rules",
            "-o",
            out.to_str().expect("utf-8"),
            "--compare",
            "HEAD~1",
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(repository_state(&repo), before);

    let html = read(&out.join("rules/changes.html"));
    // r01's uncommitted level change is a change since HEAD~1 too.
    assert_eq!(
        section(&html, "metadata"),
        [
            "Certutil Download Variant 01",
            "Certutil Download Variant 02 Renamed"
        ]
    );
    assert!(html.contains("<li>level: <del><span class=\"sr\">was </span>meduim</del>"));

    // Without the working-tree edit, exactly the committed changes.
    write(&rules, "r01.yml", &rule(1));
    let r = site(
        &repo,
        tmp.path(),
        &[
            "rules",
            "-o",
            out.to_str().expect("utf-8"),
            "--compare",
            "HEAD~1",
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let html = read(&out.join("rules/changes.html"));
    assert_entries(&html);
    insta::assert_snapshot!("changes_page", main_of(&html));

    // The navigation and the home page link the page.
    let home = read(&out.join("index.html"));
    assert!(
        home.contains("<a href=\"rules/changes.html\">Changes</a>"),
        "{home}"
    );
    assert!(home.contains(
        "<a class=\"stat\" href=\"rules/changes.html\"><span class=\"big\">5</span> changes since HEAD~1</a>"
    ));
    let rule_page = read(&out.join("rules/9b2f6c4e-7d1a-4e8b-b3c5-2a9e0f71d001.html"));
    assert!(rule_page.contains("<a href=\"../rules/changes.html\">Changes</a>"));

    // The same pack named from inside `rules/`, through a symbolic link to the repository.
    #[cfg(unix)]
    {
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&repo, &link).expect("test setup");
        let out2 = tmp.path().join("site2");
        let r = site(
            &link.join("rules"),
            tmp.path(),
            &[
                ".",
                "-o",
                out2.to_str().expect("utf-8"),
                "--compare",
                "main~1",
            ],
        );
        assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
        assert_entries(&read(&out2.join("rules/changes.html")));
    }

    // Without --compare there is no page and no link.
    let r = site(
        &repo,
        tmp.path(),
        &["rules", "-o", out.to_str().expect("utf-8")],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(!out.join("rules/changes.html").exists());
    assert!(!read(&out.join("index.html")).contains("changes.html"));
}

#[test]
fn changes_since_an_older_directory() {
    let tmp = tempfile::tempdir().expect("test setup");
    let old = tmp.path().join("old");
    let rules = tmp.path().join("rules");
    old_pack(&old);
    old_pack(&rules);
    new_pack(&rules);
    let out = tmp.path().join("site");
    let r = site(
        tmp.path(),
        tmp.path(),
        &["rules", "-o", "site", "--compare", "old"],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let html = read(&out.join("rules/changes.html"));
    assert_entries(&html);
    let main = main_of(&html).replace(
        "the directory <code>old</code>",
        "the git revision <code>HEAD~1</code>",
    );
    insta::assert_snapshot!("changes_page", main);
}

#[test]
fn a_rule_moved_into_a_deprecated_folder_is_deprecated() {
    let tmp = tempfile::tempdir().expect("test setup");
    write(&tmp.path().join("old/rules"), "r01.yml", &rule(1));
    write(&tmp.path().join("old/rules"), "r02.yml", &rule(2));
    write(&tmp.path().join("new/rules"), "r01.yml", &rule(1));
    write(&tmp.path().join("new/deprecated"), "r02.yml", &rule(2));
    let r = site(
        &tmp.path().join("new"),
        tmp.path(),
        &[
            "rules",
            "deprecated",
            "-o",
            "../site",
            "--compare",
            "../old",
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let html = read(&tmp.path().join("site/rules/changes.html"));
    assert_eq!(
        section(&html, "deprecated"),
        ["Certutil Download Variant 02"]
    );
    assert!(html.contains(
        "<li>path: <del><span class=\"sr\">was </span>rules/r02.yml</del> → <ins><span class=\"sr\">now </span>deprecated/r02.yml</ins></li>"
    ));
    for id in ["added", "removed", "detection", "metadata"] {
        assert_eq!(section(&html, id), Vec::<String>::new(), "{id}");
    }
}

#[test]
fn unknown_revision_and_no_repository_stop_with_exit_2() {
    let tmp = tempfile::tempdir().expect("test setup");
    let repo = tmp.path().join("repo");
    write(&repo.join("rules"), "r01.yml", &rule(1));
    // Not a repository yet.
    let r = site(
        &repo,
        tmp.path(),
        &["rules", "-o", "../site", "--compare", "HEAD~1"],
    );
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr
            .contains("--compare `HEAD~1` reads the pack at that git revision, but `rules` is not in a git repository"),
        "{}",
        r.stderr
    );
    assert!(!tmp.path().join("site").exists());

    git(&repo, &["init", "-q", "-b", "main"]);
    git(&repo, &["config", "user.name", "Test"]);
    git(&repo, &["config", "user.email", "test@example.com"]);
    git(&repo, &["config", "commit.gpgsign", "false"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "one"]);
    let before = repository_state(&repo);
    for reference in ["no-such-branch", "HEAD~1", "--output=x"] {
        let arg = format!("--compare={reference}");
        let r = site(&repo, tmp.path(), &["rules", "-o", "../site", &arg]);
        assert_eq!(r.code, 2, "{reference}: {}{}", r.stdout, r.stderr);
        assert!(
            r.stderr.contains(&format!(
                "--compare `{reference}` reads the pack at that git revision, but"
            )),
            "{}",
            r.stderr
        );
        assert!(!tmp.path().join("site").exists());
    }
    let r = site(
        &repo,
        tmp.path(),
        &["rules", "-o", "../site", "--compare", "no-such-branch"],
    );
    assert!(
        r.stderr.contains("has no commit of that name"),
        "{}",
        r.stderr
    );
    assert!(!repo.join("x").exists());
    assert_eq!(repository_state(&repo), before);
}
