//! `sigscope site`: builds packs into temp dirs and checks pages, links, escaping, the Navigator
//! layer, determinism and the output-directory rules.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use sigscope::site::{self, Options, SiteError, Summary};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn build(paths: &[PathBuf], out: &Path, opts: &Options) -> Result<Summary, SiteError> {
    site::build(paths, out, opts, &|_| {})
}

fn build_rules(opts: &Options) -> (tempfile::TempDir, PathBuf, Summary) {
    let dir = tempfile::tempdir().expect("test setup");
    let out = dir.path().join("site");
    let summary = build(&[root().join("rules")], &out, opts).expect("test setup");
    (dir, out, summary)
}

/// Every file under `dir`, as `/`-separated relative paths, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("test setup") {
            let p = e.expect("test setup").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .expect("test setup")
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).expect("test setup"));
            }
        }
    }
    out
}

fn text(files: &BTreeMap<String, Vec<u8>>, rel: &str) -> String {
    String::from_utf8(
        files
            .get(rel)
            .unwrap_or_else(|| panic!("missing {rel}"))
            .clone(),
    )
    .expect("test setup")
}

/// A start tag: name and attributes (values with `&amp;`, `&quot;`, `&#39;`, `&lt;`, `&gt;`
/// decoded).
#[derive(Debug)]
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

fn decode(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// A small tag scanner for our own output: attribute values are double-quoted or bare words.
/// Also returns the text between `<script …>` and `</script>`.
fn tags(html: &str) -> (Vec<Tag>, Vec<String>) {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut scripts = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off + 1;
        if i >= b.len() || !b[i].is_ascii_alphabetic() {
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let name = html[start..i].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                i += 1;
                break;
            }
            if b[i] == b'/' {
                i += 1;
                continue;
            }
            let a = i;
            while i < b.len() && !matches!(b[i], b'=' | b'>' | b' ' | b'\n' | b'\t' | b'/') {
                i += 1;
            }
            let attr = html[a..i].to_ascii_lowercase();
            let mut value = String::new();
            if i < b.len() && b[i] == b'=' {
                i += 1;
                if b[i] == b'"' {
                    let end = html[i + 1..].find('"').expect("test setup") + i + 1;
                    value = decode(&html[i + 1..end]);
                    i = end + 1;
                } else {
                    let a = i;
                    while i < b.len() && !matches!(b[i], b'>' | b' ' | b'\n') {
                        i += 1;
                    }
                    value = decode(&html[a..i]);
                }
            }
            attrs.push((attr, value));
        }
        if name == "script" {
            let end = html[i..].find("</script>").expect("test setup") + i;
            scripts.push(html[i..end].to_owned());
        }
        out.push(Tag { name, attrs });
    }
    (out, scripts)
}

const ALLOWED_TAGS: &[&str] = &[
    "html",
    "head",
    "meta",
    "title",
    "link",
    "body",
    "a",
    "header",
    "nav",
    "ul",
    "ol",
    "li",
    "main",
    "footer",
    "p",
    "script",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "span",
    "div",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "code",
    "pre",
    "em",
    "strong",
    "br",
    "dl",
    "dt",
    "dd",
    "details",
    "summary",
    "meter",
    "article",
    "aside",
    "form",
    "label",
    "input",
    "button",
    "select",
    "option",
    "noscript",
    "blockquote",
    "hr",
    "del",
    "b",
    "i",
];

/// Markup safety of one page: only known tags, no event handlers or inline styles, scripts only
/// our own files, links only http(s), mailto, relative or fragments, and the CSP meta tag.
fn assert_safe_page(rel: &str, html: &str) {
    assert!(
        html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'self';"),
        "{rel}: no CSP"
    );
    let (tags, scripts) = tags(html);
    for t in &tags {
        assert!(
            ALLOWED_TAGS.contains(&t.name.as_str()),
            "{rel}: unexpected <{}>",
            t.name
        );
        for (a, v) in &t.attrs {
            assert!(
                !a.starts_with("on"),
                "{rel}: event handler {a}={v:?} on <{}>",
                t.name
            );
            assert!(a != "style", "{rel}: inline style on <{}>", t.name);
            assert!(a != "srcdoc" && a != "formaction", "{rel}: {a}");
            if a == "href" || a == "src" || a == "action" {
                let lower = v.trim().to_ascii_lowercase();
                let ok = lower.starts_with("https://")
                    || lower.starts_with("http://")
                    || lower.starts_with("mailto:")
                    || !lower.contains(':');
                assert!(ok, "{rel}: unsafe {a}={v:?}");
            }
        }
        if t.name == "script" {
            let src = t
                .attrs
                .iter()
                .find(|(a, _)| a == "src")
                .map(|(_, v)| v.as_str());
            assert!(
                matches!(src, Some(s) if s.ends_with("assets/site.js") || s.ends_with("assets/search-index.js") || s.ends_with("assets/fp.js")),
                "{rel}: script {src:?}"
            );
        }
    }
    for s in scripts {
        assert!(s.trim().is_empty(), "{rel}: inline script {s:?}");
    }
}

/// No broken internal link: every relative `href`/`src` names a written file, and every
/// fragment names an `id` on its target page.
fn assert_links(files: &BTreeMap<String, Vec<u8>>) -> usize {
    let mut ids: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut links: Vec<(String, String)> = Vec::new();
    for (rel, bytes) in files {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = std::str::from_utf8(bytes).expect("test setup");
        let (tags, _) = tags(html);
        let set = ids.entry(rel).or_default();
        for t in tags {
            for (a, v) in t.attrs {
                match a.as_str() {
                    "id" => {
                        set.insert(v);
                    }
                    "href" | "src" => links.push((rel.clone(), v)),
                    _ => {}
                }
            }
        }
    }
    let mut checked = 0;
    for (from, link) in &links {
        let l = link.to_ascii_lowercase();
        if l.starts_with("http://") || l.starts_with("https://") || l.starts_with("mailto:") {
            continue;
        }
        let (path, fragment) = match link.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (link.as_str(), None),
        };
        let target = if path.is_empty() {
            from.clone()
        } else {
            let mut parts: Vec<&str> = from.split('/').collect();
            parts.pop();
            for seg in path.split('/') {
                match seg {
                    ".." => {
                        assert!(parts.pop().is_some(), "{from}: {link} leaves the site");
                    }
                    "." | "" => {}
                    s => parts.push(s),
                }
            }
            parts.join("/")
        };
        assert!(
            files.contains_key(&target),
            "{from}: broken link {link} ({target})"
        );
        if let Some(f) = fragment
            && target.ends_with(".html")
            && !f.is_empty()
            && !from.ends_with("rules/index.html")
        {
            assert!(
                ids.get(target.as_str()).is_some_and(|s| s.contains(f)),
                "{from}: broken fragment {link}"
            );
        }
        checked += 1;
    }
    checked
}

#[test]
fn builds_the_example_pack() {
    let opts = Options {
        title: "Example rules".into(),
        base_url: Some("https://detections.example.org/catalogue/".into()),
        repo_url: Some("https://github.com/example/rules".into()),
        ..Options::default()
    };
    let (_dir, out, summary) = build_rules(&opts);
    assert_eq!(summary.rules, 22);
    let files = files(&out);
    for rel in [
        site::MARKER,
        "index.html",
        "rules/index.html",
        "attack/index.html",
        "logsources/index.html",
        "lints/index.html",
        "lints/sc301.html",
        "catalogue.json",
        "rules.csv",
        "attack-layer.json",
        "assets/style.css",
        "assets/site.js",
        "assets/search-index.js",
        "attack/t1204.001.html",
        "attack/ta0002.html",
        "logsources/product-windows.html",
        "logsources/category-process-creation.html",
        "rules/b0b8607f-2a9e-42bf-8bc6-c607f3632b0b.html",
        "rules/b0b8607f-2a9e-42bf-8bc6-c607f3632b0b.yml",
        "rules/falsepositives.html",
    ] {
        assert!(files.contains_key(rel), "missing {rel}");
    }
    // Every path is one of ours.
    for rel in files.keys() {
        assert!(
            rel == site::MARKER
                || rel
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_./".contains(&b)),
            "{rel}"
        );
    }
    for (rel, bytes) in &files {
        if rel.ends_with(".html") {
            assert_safe_page(rel, std::str::from_utf8(bytes).expect("test setup"));
        }
    }
    let checked = assert_links(&files);
    assert!(checked > 10_000, "only {checked} links checked");

    let rule = text(&files, "rules/b0b8607f-2a9e-42bf-8bc6-c607f3632b0b.html");
    for needle in [
        "<h1>Web Browser Spawning Script Interpreter or Proxy Binary</h1>",
        "User Execution: Malicious Link",
        "Command and Scripting Interpreter",
        "href=\"../attack/t1204.001.html\"",
        "href=\"https://attack.mitre.org/techniques/T1204/001\"",
        "ends with",
        "<a class=\"sel\" href=\"#sel-0\">selection_parent</a>",
        "href=\"https://github.com/example/rules/blob/main/rules/windows/process_creation/",
        "href=\"https://github.com/example/rules/edit/main/rules/windows/process_creation/",
        "Browser extensions or helper applications",
        "<link rel=\"canonical\" href=\"https://detections.example.org/catalogue/rules/b0b8607f-2a9e-42bf-8bc6-c607f3632b0b.html\">",
        "download>Download YAML</a>",
    ] {
        assert!(rule.contains(needle), "rule page lacks {needle:?}");
    }
    // The broken seed rule shows its findings, linked to the lint pages.
    let seed = files
        .iter()
        .find(|(k, v)| {
            k.ends_with(".html")
                && String::from_utf8_lossy(v).contains("Malicious Link (T1204.001)</h1>")
        })
        .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
        .expect("seed rule page");
    assert!(seed.contains("href=\"../lints/sc301.html\""), "{seed}");
    // Lint summaries' code spans are rendered, not shown as backticks.
    let lints = text(&files, "lints/index.html");
    assert!(
        lints.contains(
            "<td>Reports a file that <code>--fix</code> fixed but could not write back.</td>"
        ),
        "{lints}"
    );
    assert!(!lints.contains('`'), "{lints}");
    // The correlation links the rules it correlates.
    let corr = files
        .iter()
        .find(|(k, v)| {
            k.ends_with(".html")
                && k.starts_with("rules/")
                && String::from_utf8_lossy(v).contains("<h2 id=\"h-corr\">")
        })
        .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
        .expect("correlation page");
    assert!(corr.contains("Correlated rules"));
    assert!(!corr.contains("not in this catalogue"), "{corr}");

    let index = text(&files, "rules/index.html");
    assert_eq!(index.matches("<tr data-i=").count(), 22);
    let search = text(&files, "assets/search-index.js");
    assert!(search.starts_with("window.SIGSCOPE_INDEX = {"));
    assert!(search.contains("certutil"));
    let csv = text(&files, "rules.csv");
    assert_eq!(csv.lines().count(), 23);
    let cat: serde_json::Value =
        serde_json::from_str(&text(&files, "catalogue.json")).expect("test setup");
    assert_eq!(cat["rules"].as_array().expect("test setup").len(), 22);
    let r = cat["rules"]
        .as_array()
        .expect("test setup")
        .iter()
        .find(|r| r["id"] == "b0b8607f-2a9e-42bf-8bc6-c607f3632b0b")
        .expect("test setup");
    assert_eq!(r["attack"]["techniques"][0]["name"], "Malicious Link");
    assert_eq!(r["logsource"]["product"], "windows");
}

#[test]
fn navigator_layer_has_the_required_fields() {
    let opts = Options {
        base_url: Some("https://detections.example.org/catalogue".into()),
        ..Options::default()
    };
    let (_dir, out, _) = build_rules(&opts);
    let layer: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("attack-layer.json")).expect("test setup"))
            .expect("test setup");
    assert!(layer["name"].is_string());
    assert_eq!(layer["domain"], "enterprise-attack");
    assert_eq!(layer["versions"]["layer"], "4.5");
    let nav = layer["versions"]["navigator"].as_str().expect("test setup");
    let parts: Vec<u32> = nav
        .split('.')
        .map(|p| p.parse().expect("test setup"))
        .collect();
    assert!(parts >= vec![4, 9, 0], "navigator {nav}");
    assert_eq!(layer["versions"]["attack"], "19");
    let g = &layer["gradient"];
    assert!(g["colors"].as_array().expect("test setup").len() >= 2);
    assert!(
        g["maxValue"].as_f64().expect("test setup") > g["minValue"].as_f64().expect("test setup")
    );
    let techniques = layer["techniques"].as_array().expect("test setup");
    assert!(techniques.len() > 10);
    let id = regex::Regex::new(r"^T\d{4}(\.\d{3})?$").expect("test setup");
    let mut scored = 0;
    for t in techniques {
        let tid = t["techniqueID"].as_str().expect("test setup");
        assert!(id.is_match(tid), "{tid}");
        if let Some(score) = t["score"].as_u64() {
            scored += 1;
            assert!(score > 0);
            let links = t["links"].as_array().expect("test setup");
            assert!(!links.is_empty(), "{tid} has no links");
            for l in links {
                assert!(l["label"].is_string());
                let url = l["url"].as_str().expect("test setup");
                assert!(
                    url.starts_with("https://detections.example.org/catalogue/rules/"),
                    "{url}"
                );
                assert!(url.ends_with(".html"));
            }
        }
    }
    assert!(scored > 10);
    let t1204 = techniques
        .iter()
        .find(|t| t["techniqueID"] == "T1204.001")
        .expect("test setup");
    assert!(t1204["score"].as_u64().expect("test setup") >= 2);
}

/// The hostile pack plus two files whose names are markup and a path.
fn hostile_pack() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("test setup");
    let pack = dir.path().join("pack");
    copy_dir(&root().join("tests/fixtures/site/hostile"), &pack);
    let body = std::fs::read_to_string(pack.join("sub/traversal_id.yml")).expect("test setup");
    std::fs::write(
        pack.join("<img src=x onerror=alert(1)>.yml"),
        body.replace("../../../../tmp/pwned", "<script>alert(1)</script>"),
    )
    .expect("test setup");
    std::fs::write(
        pack.join("..%2F..%2Fescape.yml"),
        body.replace("../../../../tmp/pwned", "..\\..\\escape"),
    )
    .expect("test setup");
    (dir, pack)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("test setup");
    for e in std::fs::read_dir(from).expect("test setup") {
        let p = e.expect("test setup").path();
        let dest = to.join(p.file_name().expect("test setup"));
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).expect("test setup");
        }
    }
}

#[test]
fn hostile_text_cannot_inject_markup_or_escape_the_output() {
    let (dir, pack) = hostile_pack();
    let out = dir.path().join("out");
    let opts = Options {
        repo_url: Some("https://git.example/org/rules".into()),
        base_url: Some("https://cat.example/".into()),
        ..Options::default()
    };
    // The `..%2F…` file is named: a hidden file is not walked.
    let paths = [pack.clone(), pack.join("..%2F..%2Fescape.yml")];
    let summary = build(&paths, &out, &opts).expect("test setup");
    assert_eq!(summary.rules, 6, "{summary:?}");
    // Nothing was written outside the output directory.
    let outside: Vec<_> = std::fs::read_dir(dir.path())
        .expect("test setup")
        .map(|e| {
            e.expect("test setup")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(
        outside.iter().collect::<BTreeSet<_>>(),
        ["out", "pack"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect::<BTreeSet<_>>()
            .iter()
            .collect()
    );
    let files = files(&out);
    for rel in files.keys() {
        assert!(
            rel == site::MARKER
                || rel
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_./".contains(&b)),
            "unsafe output path {rel}"
        );
    }
    for (rel, bytes) in &files {
        if rel.ends_with(".html") {
            let html = std::str::from_utf8(bytes).expect("test setup");
            assert_safe_page(rel, html);
            assert!(!html.contains("<script>"), "{rel}: raw <script>");
            assert!(
                !html.to_ascii_lowercase().contains("href=\"javascript"),
                "{rel}"
            );
        }
    }
    assert_links(&files);

    let page = text(&files, "rules/6f0f7a4e-7b0e-4a55-9a50-3c0c6a1b2d01.html");
    // The text is all there, as text.
    for needle in [
        "<h1>&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Hostile Title</h1>",
        "<span class=\"nolink\">javascript:alert(&#39;ref&#39;)</span>",
        "<span class=\"nolink\">JaVaScRiPt:alert(&#39;ref2&#39;)</span>",
        "<span class=\"nolink\">data:text/html,&lt;script&gt;alert(&#39;data&#39;)&lt;/script&gt;</span>",
        "<a href=\"https://example.org/ok?a=1&amp;b=&quot;2&quot;\" rel=\"noopener noreferrer nofollow\">",
        "&lt;script&gt;alert(&#39;fp&#39;)&lt;/script&gt;",
        "&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(&quot;value&quot;)&lt;/script&gt;",
        "&lt;b onmouseover=&quot;alert(&#39;author&#39;)&quot;&gt;Mallory&lt;/b&gt;",
    ] {
        assert!(page.contains(needle), "hostile page lacks {needle:?}");
    }
    // Selection anchors are ours, not the identifier names.
    assert!(page.contains("id=\"sel-0\""));
    assert!(!page.contains("id=\"selection_"));
    // The log source slug is ours.
    assert!(files.contains_key("logsources/product-svg-onload-alert-product.html"));
    assert!(files.contains_key("logsources/service-etc.html"));
    // Ids that are not UUIDs and duplicate UUIDs get file-name slugs.
    for rel in [
        "rules/x-traversal-id.html",
        "rules/x-duplicate-a.html",
        "rules/x-duplicate-b.html",
        "rules/x-img-src-x-onerror-alert-1.html",
        "rules/x-2f-2fescape.html",
    ] {
        assert!(
            files.contains_key(rel),
            "missing {rel}: {:?}",
            files
                .keys()
                .filter(|k| k.starts_with("rules/x"))
                .collect::<Vec<_>>()
        );
    }
    // The README's HTML is text and its unsafe links are gone.
    let home = text(&files, "index.html");
    assert!(
        home.contains("&lt;script&gt;alert('readme')&lt;/script&gt;"),
        "{home}"
    );
    assert!(home.contains("<h3>Hostile pack"));
    assert!(!home.contains("<iframe"));
    assert!(home.contains("href=\"https://example.org/ok\""));
    // Deprecated rules are listed apart and not in the index.
    let deprecated = text(&files, "rules/deprecated.html");
    assert!(deprecated.contains("Same Id A"));
    assert!(!text(&files, "rules/index.html").contains("Same Id A"));
    // The raw download is the file as written.
    assert_eq!(
        files["rules/x-traversal-id.yml"],
        std::fs::read(pack.join("sub/traversal_id.yml")).expect("test setup")
    );
    // Exports neutralise spreadsheet formulas and keep text as data.
    let csv = text(&files, "rules.csv");
    assert!(!csv.contains(",\"="), "{csv}");
    let _: serde_json::Value =
        serde_json::from_str(&text(&files, "catalogue.json")).expect("test setup");
    let search = text(&files, "assets/search-index.js");
    let json = search
        .strip_prefix("window.SIGSCOPE_INDEX = ")
        .and_then(|s| s.strip_suffix(";\n"))
        .expect("test setup");
    let _: serde_json::Value = serde_json::from_str(json).expect("test setup");
}

#[test]
fn output_is_deterministic() {
    let (dir, pack) = hostile_pack();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    let opts = Options {
        include_deprecated: true,
        ..Options::default()
    };
    build(&[pack.clone(), root().join("rules")], &a, &opts).expect("test setup");
    build(&[pack, root().join("rules")], &b, &opts).expect("test setup");
    let (fa, fb) = (files(&a), files(&b));
    assert_links(&fa);
    assert!(text(&fa, "rules/index.html").contains("Same Id A"));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (k, v) in &fa {
        assert!(v == &fb[k], "{k} differs between two builds");
    }
}

#[test]
fn refuses_to_wipe_a_directory_it_did_not_build() {
    let dir = tempfile::tempdir().expect("test setup");
    let out = dir.path().join("out");
    std::fs::create_dir(&out).expect("test setup");
    std::fs::write(out.join("precious.txt"), "keep me").expect("test setup");
    let rules = [root().join("rules/windows")];
    let err = build(&rules, &out, &Options::default()).unwrap_err();
    assert!(
        matches!(err, SiteError::Output(ref m) if m.contains("--force")),
        "{err}"
    );
    assert!(out.join("precious.txt").exists());

    let forced = Options {
        force: true,
        ..Options::default()
    };
    build(&rules, &out, &forced).expect("test setup");
    assert!(!out.join("precious.txt").exists());
    assert!(out.join(site::MARKER).exists());

    // A site we built is replaced without --force, and stale files go.
    std::fs::write(out.join("stale.html"), "old").expect("test setup");
    build(&rules, &out, &Options::default()).expect("test setup");
    assert!(!out.join("stale.html").exists());
    assert!(out.join("index.html").exists());

    // Never the rules themselves, even with --force.
    let pack = dir.path().join("pack");
    copy_dir(&root().join("rules/windows"), &pack);
    let err = build(std::slice::from_ref(&pack), &pack, &forced).unwrap_err();
    assert!(matches!(err, SiteError::Output(_)), "{err}");
    let err = build(std::slice::from_ref(&pack), dir.path(), &forced).unwrap_err();
    assert!(matches!(err, SiteError::Output(_)), "{err}");
    assert!(pack.read_dir().expect("test setup").count() > 0);
}

#[test]
fn rejects_bad_options_before_touching_the_output() {
    let dir = tempfile::tempdir().expect("test setup");
    let out = dir.path().join("out");
    for opts in [
        Options {
            base_url: Some("javascript:alert(1)".into()),
            ..Options::default()
        },
        Options {
            repo_url: Some("file:///etc".into()),
            ..Options::default()
        },
    ] {
        let err = build(&[root().join("rules")], &out, &opts).unwrap_err();
        assert!(matches!(err, SiteError::Option(_)), "{err}");
    }
    let err = build(&[root().join("no-such-dir")], &out, &Options::default()).unwrap_err();
    assert!(matches!(err, SiteError::MissingPath(_)), "{err}");
    assert!(!out.exists());
}

#[test]
fn templates_can_be_overridden() {
    let dir = tempfile::tempdir().expect("test setup");
    let tpl = dir.path().join("tpl");
    std::fs::create_dir_all(tpl.join("assets")).expect("test setup");
    std::fs::write(
        tpl.join("rule.html"),
        "{% extends \"base.html\" %}{% block content %}<h1 class=\"custom\">{{ page.rule.title }}</h1>{% endblock content %}",
    )
    .expect("test setup");
    std::fs::write(tpl.join("assets/style.css"), "body { color: red; }").expect("test setup");
    let out = dir.path().join("out");
    let opts = Options {
        templates: Some(tpl.clone()),
        ..Options::default()
    };
    build(
        &[root().join("rules/windows/process_creation")],
        &out,
        &opts,
    )
    .expect("test setup");
    let page = std::fs::read_to_string(out.join("rules/b0b8607f-2a9e-42bf-8bc6-c607f3632b0b.html"))
        .expect("test setup");
    assert!(
        page.contains("<h1 class=\"custom\">Web Browser Spawning"),
        "{page}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("assets/style.css")).expect("test setup"),
        "body { color: red; }"
    );
    // A broken override is an error, and the output is left alone.
    std::fs::write(tpl.join("rule.html"), "{% if %}").expect("test setup");
    let out2 = dir.path().join("out2");
    let err = build(&[root().join("rules")], &out2, &opts).unwrap_err();
    assert!(matches!(err, SiteError::Template(_)), "{err}");
    assert!(!out2.exists());
}

#[test]
fn rule_page_snapshot() {
    let (_dir, out, _) = build_rules(&Options::default());
    let page = std::fs::read_to_string(out.join("rules/b0b8607f-2a9e-42bf-8bc6-c607f3632b0b.html"))
        .expect("test setup");
    insta::assert_snapshot!("rule_page", page);
}

/// The whole SigmaHQ corpus builds without errors; prints time and sizes.
#[test]
#[cfg_attr(not(shared_corpus), ignore = "needs ../shared/corpus/sigmahq (absent)")]
fn sigmahq_corpus_builds() {
    let corpus = common::shared("corpus/sigmahq");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .expect("test setup")
        .map(|e| e.expect("test setup").path())
        .filter(|p| {
            p.is_dir()
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("rules") || n == "deprecated")
        })
        .collect();
    paths.sort();
    let dir = tempfile::tempdir().expect("test setup");
    let out = dir.path().join("site");
    let start = Instant::now();
    let summary = build(&paths, &out, &Options::default()).expect("test setup");
    let elapsed = start.elapsed();
    println!(
        "corpus: {} rules ({} deprecated), {} pages, {} files, {:.1} MiB, search index {:.2} MiB, {:.2?} ({} build)",
        summary.rules,
        summary.deprecated,
        summary.pages,
        summary.files,
        summary.bytes as f64 / 1_048_576.0,
        summary.search_index_bytes as f64 / 1_048_576.0,
        elapsed,
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );
    assert!(summary.rules > 3500, "{summary:?}");
    // The index page holds one page of rows; the search index script holds every rule once.
    assert!(summary.search_index_bytes < 3 * 1024 * 1024, "{summary:?}");
    let index_page = std::fs::metadata(out.join("rules/index.html")).expect("index page");
    assert!(index_page.len() < 100 * 1024, "{} bytes", index_page.len());
    assert!(out.join("attack/index.html").is_file());
}

/// With Chromium installed, the index page's script runs from `file://` under our CSP (the
/// full browser test is `tests/browser`, run by `.ci/run`).
#[test]
fn chromium_runs_the_index_script_from_file_urls() {
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if !chromium.is_file() {
        println!(
            "skipped: no Chromium at {} (set CHROMIUM)",
            chromium.display()
        );
        return;
    }
    let (dir, out, _) = build_rules(&Options::default());
    let url = format!(
        "file://{}#q=certutil",
        out.join("rules/index.html").display()
    );
    let output = std::process::Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=3000",
            "--dump-dom",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(&url)
        .output()
        .expect("test setup");
    let dom = String::from_utf8_lossy(&output.stdout);
    assert!(
        dom.contains("<form id=\"filters\" class=\"filters\" role=\"search\">"),
        "the script did not run: {}\n{dom}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(dom.contains("2 of 22 rules match"), "{dom}");
}

/// A condition nested as deep as the parser allows and a selection with 30,000 values render
/// (the tree needs no template recursion; long lists are cut with a note).
#[test]
fn deep_conditions_and_long_value_lists_render() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pack = dir.path().join("pack");
    std::fs::create_dir(&pack).expect("pack dir");
    let cond = format!(
        "{}{}sel{}",
        "not ".repeat(30),
        "(".repeat(30),
        ")".repeat(30)
    );
    let values: String = (0..30_000)
        .map(|i| format!("            - 'value{i}'\n"))
        .collect();
    std::fs::write(
        pack.join("deep.yml"),
        format!(
            "title: Deep\nid: 11111111-2222-4333-8444-555555555555\nstatus: test\nlogsource:\n    product: windows\n    category: process_creation\ndetection:\n    sel:\n        CommandLine|contains:\n{values}    condition: {cond}\nlevel: low\n"
        ),
    )
    .expect("write rule");
    let out = dir.path().join("out");
    build(std::slice::from_ref(&pack), &out, &Options::default()).expect("build");
    let page = std::fs::read_to_string(out.join("rules/11111111-2222-4333-8444-555555555555.html"))
        .expect("rule page");
    assert_eq!(page.matches("<li class=\"op-not\">").count(), 30);
    assert!(page.contains("and 29800 more in the YAML."));
    assert!(page.contains("more lines are in the YAML file."));
    assert!(page.len() < 1_000_000, "{} bytes", page.len());
}

/// Links planted in a previous site are replaced, never written through.
#[cfg(unix)]
#[test]
fn rebuild_does_not_follow_links_in_the_output() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    let rules = [root().join("rules/windows/process_creation")];
    build(&rules, &out, &Options::default()).expect("first build");
    let victim = dir.path().join("victim");
    std::fs::create_dir(&victim).expect("victim dir");
    std::fs::write(victim.join("keep.txt"), "keep").expect("victim file");
    std::fs::remove_dir_all(out.join("lints")).expect("remove lints");
    std::os::unix::fs::symlink(&victim, out.join("lints")).expect("dir link");
    std::fs::remove_file(out.join("index.html")).expect("remove index");
    std::os::unix::fs::symlink(victim.join("keep.txt"), out.join("index.html")).expect("file link");
    build(&rules, &out, &Options::default()).expect("rebuild");
    assert_eq!(std::fs::read_dir(&victim).expect("victim").count(), 1);
    assert_eq!(
        std::fs::read_to_string(victim.join("keep.txt")).expect("keep"),
        "keep"
    );
    assert!(
        std::fs::symlink_metadata(out.join("lints"))
            .expect("lints")
            .is_dir()
    );
    assert!(
        std::fs::read_to_string(out.join("index.html"))
            .expect("index")
            .contains("<!DOCTYPE html>")
    );
}

/// `sigscope site --target …`: the matrix outlines covered targets and gaps, and lists the gaps
/// with links to their technique pages; a build without targets has neither.
#[test]
fn matrix_shows_targets_and_gaps() {
    let pack = root().join("tests/fixtures/coverage/pack");
    let dir = tempfile::tempdir().expect("test setup");
    let out = dir.path().join("site");
    let targets = sigscope::coverage::Targets {
        sources: vec!["T1059,T1105,T1003.001".into()],
        ids: ["T1059", "T1105", "T1003.001"]
            .into_iter()
            .map(String::from)
            .collect(),
    };
    let opts = Options {
        targets: Some(targets),
        ..Options::default()
    };
    build(std::slice::from_ref(&pack), &out, &opts).expect("test setup");
    let all = files(&out);
    assert_links(&all);
    let matrix = text(&all, "attack/index.html");
    assert!(matrix.contains("Targets: 2 of 3 covered"), "{matrix}");
    // T1059 is covered through T1059.001; T1003.001 has no rule.
    let cell = |id: &str| {
        let at = matrix
            .find(&format!("title=\"{id}: "))
            .unwrap_or_else(|| panic!("{id} on the matrix"));
        let start = matrix[..at].rfind("<li class=\"").expect("its cell");
        matrix[start..at].to_string()
    };
    assert!(cell("T1059").contains(" t-hit"), "{}", cell("T1059"));
    assert!(cell("T1105").contains(" t-hit"), "{}", cell("T1105"));
    assert!(
        cell("T1003.001").contains(" t-gap"),
        "{}",
        cell("T1003.001")
    );
    assert!(!cell("T1505").contains(" t-"), "{}", cell("T1505"));
    let gaps = &matrix[matrix.find("<ul class=\"gaps\">").expect("the gap list")..];
    let gaps = &gaps[..gaps.find("</ul>").expect("its end")];
    assert!(
        gaps.contains("href=\"../attack/t1003.001.html\">T1003.001</a>"),
        "{gaps}"
    );
    assert!(!gaps.contains("T1059") && !gaps.contains("T1105"), "{gaps}");
    let plain = dir.path().join("plain");
    build(&[pack], &plain, &Options::default()).expect("test setup");
    let matrix = std::fs::read_to_string(plain.join("attack/index.html")).expect("test setup");
    assert!(!matrix.contains("t-hit") && !matrix.contains("Targets:"));
}

/// The `deploy` fixture pack copied into a temp dir (optionally inside a git work tree), built
/// with `opts`.
fn deploy_site(git: bool, opts: &Options) -> (tempfile::TempDir, PathBuf, Summary) {
    let dir = tempfile::tempdir().expect("test setup");
    let top = dir.path().join("repo");
    if git {
        std::fs::create_dir_all(top.join(".git")).expect("test setup");
    }
    let pack = top.join("pack");
    copy_dir(&root().join("tests/fixtures/site/deploy"), &pack);
    let out = dir.path().join("site");
    let summary = build(&[pack], &out, opts).expect("test setup");
    (dir, out, summary)
}

/// The text from `start` up to and including the next `end`.
fn fragment<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let a = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in page"));
    let b = html[a..].find(end).expect("fragment end") + a + end.len();
    &html[a..b]
}

const FAILED_LOGON: &str = "rules/0e95725d-7320-415d-80f7-004da920fc11.html";

#[test]
fn false_positives_are_merged_with_stable_text_anchors() {
    let (_dir, out, _) = deploy_site(false, &Options::default());
    let files = files(&out);
    let page = text(&files, "rules/falsepositives.html");
    // "Legitimate admin activity", "some legitimate admin activities." and "Admin  Activity"
    // are one entry, anchored by its text; "Unknown" is no entry.
    let entry = fragment(&page, "<li id=\"fp-admin-activity\">", "</details></li>");
    assert!(entry.contains(">3 rules<"), "{entry}");
    for title in [
        "Failed Logon",
        "Explicit Credentials Logon",
        "Admin Tool Started",
    ] {
        assert!(entry.contains(&format!(">{title}</a>")), "{title}: {entry}");
    }
    assert!(
        entry.contains("<a class=\"tid\" href=\"../attack/t1110.html\">T1110</a> (1)"),
        "{entry}"
    );
    // An entry of one rule is a line, not a collapsed list.
    assert_eq!(
        fragment(&page, "<li id=\"fp-backup-software\">", "</li>"),
        "<li id=\"fp-backup-software\"><span class=\"fp\">Backup software</span> — <a href=\"3a1b7c2e-5d4f-4e8a-9b6c-1f2e3d4c5b6a.html\">Explicit Credentials Logon</a> <a class=\"tid\" href=\"../attack/t1021.html\">T1021</a></li>"
    );
    assert!(!page.to_lowercase().contains(">unknown<"), "{page}");
    assert_eq!(page.matches("<details>").count(), 1, "{page}");
    // The filter box is there for the script to show; the page works without it.
    assert!(page.contains("<p class=\"fp-search\" id=\"fp-search\" hidden>"));
    assert!(page.contains("<script src=\"../assets/fp.js\"></script>"));
    assert!(files.contains_key("assets/fp.js"));
    insta::assert_snapshot!("fp_entry", entry);

    // A rule page links to its entry by the same anchor.
    let rule = text(&files, FAILED_LOGON);
    assert!(
        rule.contains("<a class=\"muted\" href=\"../rules/falsepositives.html#fp-admin-activity\">also named by 2 other rules</a>"),
        "{rule}"
    );
}

#[test]
fn rule_and_log_source_pages_say_what_deploying_takes() {
    let (_dir, out, _) = deploy_site(false, &Options::default());
    let files = files(&out);
    let rule = text(&files, FAILED_LOGON);
    let needs = fragment(&rule, "<section class=\"needs\"", "</section>");
    assert!(
        needs.contains("<code>EventID</code>, <code>LogonType</code>, <code>TargetUserName</code>"),
        "{needs}"
    );
    // The log source is on the metadata card, once; the section says what it requires.
    assert!(!needs.contains("logsources/"), "{needs}");
    assert!(
        rule.contains("<a href=\"../logsources/service-security.html\">security</a>"),
        "{rule}"
    );
    assert!(
        needs.contains("Requirements: audit policy &quot;Logon&quot; must log failures"),
        "{needs}"
    );
    assert!(!needs.contains("Keywords"), "{needs}");
    insta::assert_snapshot!("rule_needs", needs);

    let keywords = text(&files, "rules/3a1b7c2e-5d4f-4e8a-9b6c-1f2e3d4c5b6a.html");
    let needs = fragment(&keywords, "<section class=\"needs\"", "</section>");
    assert!(needs.contains("searches the whole event text"), "{needs}");

    let ls = text(&files, "logsources/service-security.html");
    let fields = fragment(&ls, "<h2>Fields used</h2>", "</ul>");
    assert!(
        fields.contains("<span>EventID</span><meter min=\"0\" max=\"100\" value=\"100\"></meter><span class=\"n\">2</span>"),
        "{fields}"
    );
    assert!(fields.contains("<span>TargetServerName</span>"), "{fields}");
    assert!(ls.contains("<h2>Requirements</h2>"), "{ls}");
}

#[test]
fn correlations_read_as_sentences() {
    let (_dir, out, _) = deploy_site(false, &Options::default());
    let files = files(&out);
    let page = text(&files, "rules/9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f.html");
    let words = fragment(&page, "<p class=\"corr-words\">", "</p>");
    assert_eq!(
        words,
        "<p class=\"corr-words\">Fires on more than 3 distinct values of TargetUserName in the events of <a href=\"../rules/0e95725d-7320-415d-80f7-004da920fc11.html\"><em>Failed Logon</em></a> per IpAddress within 5 minutes.</p>"
    );
    assert!(!page.contains("gt: 3"), "{page}");
    let page = text(&files, "rules/1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d.html");
    let words = fragment(&page, "<p class=\"corr-words\">", "</p>");
    insta::assert_snapshot!("correlation_words_ordered", words);
    assert!(words.contains("</em></a>, then <a"), "{words}");
    assert!(
        words.ends_with("in this order per TargetUserName and Computer within 1 hour.</p>"),
        "{words}"
    );
}

#[test]
fn only_sigma_documents_become_pages() {
    let (_dir, out, summary) = deploy_site(false, &Options::default());
    assert_eq!(summary.rules, 5, "{summary:?}");
    assert!(summary.skipped >= 1, "{summary:?}");
    let files = files(&out);
    let rule_pages = files
        .keys()
        .filter(|k| k.starts_with("rules/") && k.ends_with(".yml"))
        .count();
    assert_eq!(rule_pages, 5);
    for (rel, bytes) in &files {
        let html = String::from_utf8_lossy(bytes);
        assert!(!html.contains("untitled"), "{rel}");
        assert!(
            !html.contains("pipeline.yml") || rel.starts_with("lints/"),
            "{rel}"
        );
    }
    assert!(assert_links(&files) > 100);
    for (rel, bytes) in &files {
        if rel.ends_with(".html") {
            assert_safe_page(rel, &String::from_utf8_lossy(bytes));
        }
    }
    let lints = text(&files, "lints/index.html");
    assert!(
        lints.contains(&format!("<p class=\"note\">{} file", summary.skipped)),
        "{lints}"
    );
}

#[test]
fn paths_are_relative_to_the_pack_or_the_repository() {
    let (dir, out, summary) = deploy_site(false, &Options::default());
    assert!(summary.warnings.is_empty(), "{summary:?}");
    let pages = files(&out);
    let abs = dir.path().to_string_lossy().into_owned();
    for (rel, bytes) in &pages {
        assert!(!String::from_utf8_lossy(bytes).contains(&abs), "{rel}");
    }
    let rule = text(&pages, FAILED_LOGON);
    assert!(
        rule.contains("<code class=\"path\">windows/logon_failed.yml</code>"),
        "{rule}"
    );

    // --repo-url outside a git work tree: no source links, and a warning saying why.
    let repo = Options {
        repo_url: Some("https://example.org/acme/rules".into()),
        ..Options::default()
    };
    let (_dir, out, summary) = deploy_site(false, &repo);
    assert_eq!(
        summary.warnings,
        [format!(
            "--repo-url: no source links for {} files: neither inside a git work tree nor under the current directory",
            summary.rules + summary.skipped
        )]
    );
    assert!(!text(&files(&out), FAILED_LOGON).contains("View source"));

    // Inside one: paths from the repository root, links to them.
    let (_dir, out, summary) = deploy_site(true, &repo);
    assert!(summary.warnings.is_empty(), "{summary:?}");
    let files = files(&out);
    let rule = text(&files, FAILED_LOGON);
    assert!(
        rule.contains("<code class=\"path\">pack/windows/logon_failed.yml</code>"),
        "{rule}"
    );
    assert!(
        rule.contains(
            "href=\"https://example.org/acme/rules/blob/main/pack/windows/logon_failed.yml\""
        ),
        "{rule}"
    );
}

#[test]
fn readme_links_go_to_pages_or_the_repository_or_are_text() {
    let (_dir, out, _) = deploy_site(false, &Options::default());
    let home = text(&files(&out), "index.html");
    let readme = fragment(&home, "Deploy pack", "</p>");
    assert!(
        readme.contains(
            "<a href=\"rules/0e95725d-7320-415d-80f7-004da920fc11.html\" rel=\"noopener noreferrer nofollow\">the failed logon rule</a>"
        ),
        "{readme}"
    );
    assert!(readme.contains(" the Windows rules,"), "{readme}");
    assert!(readme.contains("\nthe guide, <a"), "{readme}");
    assert!(readme.contains(" a section."), "{readme}");
    assert!(
        readme.contains("href=\"https://example.org/sigma\""),
        "{readme}"
    );
    assert!(
        !readme.contains("docs/guide.md") && !readme.contains("#usage"),
        "{readme}"
    );

    let repo = Options {
        repo_url: Some("https://example.org/acme/rules".into()),
        ..Options::default()
    };
    let (_dir, out, _) = deploy_site(true, &repo);
    let home = text(&files(&out), "index.html");
    let readme = fragment(&home, "Deploy pack", "</p>");
    assert!(
        readme.contains("<a href=\"https://example.org/acme/rules/blob/main/pack/windows\" rel=\"noopener noreferrer nofollow\">the Windows rules</a>"),
        "{readme}"
    );
    // A file that is not there stays text even with a repository.
    assert!(!readme.contains("guide.md"), "{readme}");
}

/// `assets/search-index.js` as JSON.
fn search_index(out: &Path) -> serde_json::Value {
    let js = std::fs::read_to_string(out.join("assets/search-index.js")).expect("search index");
    let json = js
        .strip_prefix("window.SIGSCOPE_INDEX = ")
        .and_then(|s| s.strip_suffix(";\n"))
        .expect("search index shape");
    serde_json::from_str(json).expect("search index JSON")
}

/// The rows and field masks a token's postings name, decoded as documented in exports.rs:
/// varints of five bits a character in `A–Za–z0–9+/`, pairs of (row delta from -1, mask).
fn postings(index: &serde_json::Value, token: &str) -> Vec<(usize, u64)> {
    const B64: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let tokens: Vec<&str> = index["t"].as_str().expect("t").split(' ').collect();
    let lists: Vec<&str> = index["p"].as_str().expect("p").split(' ').collect();
    assert_eq!(tokens.len(), lists.len());
    assert!(tokens.windows(2).all(|w| w[0] < w[1]), "tokens not sorted");
    let Some(k) = tokens.iter().position(|t| *t == token) else {
        return Vec::new();
    };
    let mut nums = Vec::new();
    let (mut v, mut shift) = (0u64, 0);
    for c in lists[k].chars() {
        let d = B64.find(c).expect("posting alphabet") as u64;
        v |= (d & 31) << shift;
        if d & 32 == 0 {
            nums.push(v);
            (v, shift) = (0, 0);
        } else {
            shift += 5;
        }
    }
    let mut row = 0;
    nums.chunks(2)
        .map(|p| {
            row += p[0] as usize;
            (row - 1, p[1])
        })
        .collect()
}

fn write_rule(pack: &Path, n: usize, title: &str, author: &str, values: &[String]) {
    let values: String = values
        .iter()
        .map(|v| format!("            - '{v}'\n"))
        .collect();
    std::fs::write(
        pack.join(format!("r{n:04}.yml")),
        format!(
            "title: {title}\nid: 00000000-0000-4000-8000-{n:012}\nstatus: test\ndescription: Rule {n}\nauthor: {author}\ndate: 2024-01-01\nlogsource:\n    product: windows\n    category: process_creation\ndetection:\n    sel:\n        CommandLine|contains:\n{values}    condition: sel\nlevel: low\n"
        ),
    )
    .expect("write rule");
}

/// Every detection value is searchable, however long the rule (the old index kept ~557
/// characters a rule), and each token says which field it came from.
#[test]
fn search_index_holds_every_detection_value() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pack = dir.path().join("pack");
    std::fs::create_dir(&pack).expect("pack dir");
    let mut values: Vec<String> = (0..300).map(|i| format!("filler-value-{i}")).collect();
    values.push("C:\\Tools\\Invoke-Mimikatz.ps1".to_owned());
    write_rule(&pack, 1, "Alpha Rule", "Someone", &values);
    write_rule(
        &pack,
        2,
        "Beta Invoke-Mimikatz Rule",
        "Someone",
        &["x".to_owned()],
    );
    let out = dir.path().join("out");
    build(std::slice::from_ref(&pack), &out, &Options::default()).expect("build");
    let index = search_index(&out);
    let rows = index["r"].as_array().expect("rows");
    let row_of = |title: &str| rows.iter().position(|r| r[1] == title).expect("row");
    let (alpha, beta) = (row_of("Alpha Rule"), row_of("Beta Invoke-Mimikatz Rule"));
    // Bits: value 1, field name 2, title 16 (exports.rs `Where`).
    assert_eq!(
        postings(&index, "invoke-mimikatz.ps1"),
        vec![(alpha, 1)],
        "the last of 301 values"
    );
    assert_eq!(postings(&index, "invoke-mimikatz"), vec![(beta, 16)]);
    assert_eq!(postings(&index, "filler-value-299"), vec![(alpha, 1)]);
    assert_eq!(
        postings(&index, "commandline"),
        vec![(alpha.min(beta), 2), (alpha.max(beta), 2)]
    );
    // The rows are not shipped again as HTML text in the index.
    assert!(!index.to_string().contains("<tr"));
}

/// One author written several ways is one filter value; different people stay apart.
#[test]
fn search_index_merges_author_spellings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pack = dir.path().join("pack");
    std::fs::create_dir(&pack).expect("pack dir");
    let authors = [
        "Florian Roth (Nextron Systems)",
        "Florian Roth",
        "florian  roth, Jane Doe (@jdoe)",
        "Someone Else, '@JDoe'",
        "Jane Doe @jdoe (Acme Corp)",
        "'@someone_else'",
        "Florian Roth, Nasreddine Bencherchali (Nextron Systems)",
    ];
    for (n, a) in authors.iter().enumerate() {
        write_rule(&pack, n, &format!("Rule {n}"), a, &["x".to_owned()]);
    }
    let out = dir.path().join("out");
    build(std::slice::from_ref(&pack), &out, &Options::default()).expect("build");
    let index = search_index(&out);
    let names: Vec<&str> = index["s"]["author"]
        .as_array()
        .expect("authors")
        .iter()
        .map(|v| v.as_str().expect("author"))
        .collect();
    assert_eq!(
        names,
        [
            "@someone_else",
            "Florian Roth",
            "Jane Doe",
            "Nasreddine Bencherchali",
            "Someone Else"
        ]
    );
    let by_title: BTreeMap<String, Vec<&str>> = index["r"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            let list = r[9]
                .as_array()
                .expect("authors")
                .iter()
                .map(|a| names[a.as_u64().expect("position") as usize])
                .collect();
            (r[1].as_str().expect("title").to_owned(), list)
        })
        .collect();
    assert_eq!(by_title["Rule 0"], ["Florian Roth"]);
    assert_eq!(by_title["Rule 2"], ["Florian Roth", "Jane Doe"]);
    assert_eq!(by_title["Rule 3"], ["Someone Else", "Jane Doe"]);
    assert_eq!(by_title["Rule 4"], ["Jane Doe"]);
    assert_eq!(by_title["Rule 5"], ["@someone_else"]);
    assert_eq!(
        by_title["Rule 6"],
        ["Florian Roth", "Nasreddine Bencherchali"]
    );
}

/// The index page carries the first 100 rows as HTML; `rules/all.html` links every rule, so
/// all stay reachable without JavaScript.
#[test]
fn rule_index_pages_and_lists_every_rule() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pack = dir.path().join("pack");
    std::fs::create_dir(&pack).expect("pack dir");
    for n in 0..150 {
        write_rule(&pack, n, &format!("Rule {n:03}"), "A", &["x".to_owned()]);
    }
    let out = dir.path().join("out");
    build(std::slice::from_ref(&pack), &out, &Options::default()).expect("build");
    let files = files(&out);
    assert_links(&files);
    let index = text(&files, "rules/index.html");
    assert_eq!(index.matches("<tr data-i=").count(), 100);
    assert!(index.contains("Rule 099</a>") && !index.contains("Rule 100</a>"));
    assert!(index.contains("<a href=\"all.html\">All 150 rules</a>"));
    assert!(index.contains("<script defer src=\"../assets/search-index.js\"></script>"));
    let all = text(&files, "rules/all.html");
    for n in 0..150 {
        assert!(
            all.contains(&format!(
                "<a href=\"../rules/00000000-0000-4000-8000-{n:012}.html\">Rule {n:03}</a>"
            )),
            "rule {n} not in all.html"
        );
    }
    assert_eq!(search_index(&out)["r"].as_array().expect("rows").len(), 150);
}
