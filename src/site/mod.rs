//! `sigscope site`: the detection catalogue as a static site.
//!
//! A linear pipeline, like zola: **collect** (lint every file, parse the rules into the
//! catalogue model) → **views** (plain structs in [`views`], the only thing templates see) →
//! **render** (tera, autoescape on) → **write** (into a directory we own, at paths made of our
//! own slugs). The output works from `file://` with no network: all CSS and JavaScript are
//! local and the search index is a script, not a fetched JSON file.

mod attack;
mod collect;
mod compare;
mod exports;
mod highlight;
mod index;
mod logic;
mod markdown;
mod output;
mod pages;
mod render;
mod slug;
pub mod views;

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::check::check_paths_extracting;
use crate::settings::Settings;
use crate::source::{escape_controls, escape_json_controls};

pub use output::MARKER;

#[derive(Debug, Clone)]
pub struct Options {
    pub title: String,
    /// Absolute URL the site will be served from; used for canonical links and the Navigator
    /// layer's links to rule pages.
    pub base_url: Option<String>,
    /// Repository web URL for "view source" and "edit" links.
    pub repo_url: Option<String>,
    pub branch: String,
    /// Directory whose templates and assets replace the embedded ones.
    pub templates: Option<PathBuf>,
    /// List deprecated rules in the index, statistics and coverage too (they always get pages
    /// and the deprecated list).
    pub include_deprecated: bool,
    /// Replace the contents of a non-empty output directory that sigscope did not create.
    pub force: bool,
    /// Techniques to mark on the ATT&CK matrix as covered targets or gaps.
    pub targets: Option<crate::coverage::Targets>,
    /// A git revision, or an older copy of the pack root, to list the changes since on a
    /// "Changes" page.
    pub compare: Option<String>,
    pub settings: Settings,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            title: "Detection catalogue".to_owned(),
            base_url: None,
            repo_url: None,
            branch: "main".to_owned(),
            templates: None,
            include_deprecated: false,
            force: false,
            targets: None,
            compare: None,
            settings: Settings::default(),
        }
    }
}

/// What the build is doing, for a progress display. The library never prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Linting and parsing the rules.
    Checking,
    /// Rendering `total` pages; one [`Progress::Page`] follows per page.
    Rendering {
        total: usize,
    },
    Page,
    /// Writing exports.
    Exporting,
}

/// What a build produced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub rules: usize,
    pub listed: usize,
    pub deprecated: usize,
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    pub search_index_bytes: u64,
    pub findings: usize,
    /// Files that hold no Sigma document (other YAML, test fixtures): they get no page.
    pub skipped: usize,
    /// What the caller should tell the user (the library never prints).
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SiteError {
    /// A path given on the command line does not exist.
    MissingPath(PathBuf),
    /// The output directory cannot be used.
    Output(String),
    /// A bad option value.
    Option(String),
    Template(String),
    Io {
        path: PathBuf,
        message: String,
    },
}

impl fmt::Display for SiteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingPath(p) => write!(f, "path `{}` does not exist", p.display()),
            Self::Output(m) | Self::Option(m) => f.write_str(m),
            Self::Template(m) => write!(f, "template error: {m}"),
            Self::Io { path, message } => write!(f, "{}: {message}", path.display()),
        }
    }
}

impl std::error::Error for SiteError {}

fn check_url(name: &str, url: Option<&str>) -> Result<(), SiteError> {
    match url {
        Some(u) if markdown::safe_href(u).is_none_or(|u| u.starts_with("mailto:")) => Err(
            SiteError::Option(format!("{name} `{u}` must be an absolute http(s) URL")),
        ),
        _ => Ok(()),
    }
}

/// Builds the site for the rules under `paths` into `out`.
pub fn build(
    paths: &[PathBuf],
    out: &Path,
    opts: &Options,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Summary, SiteError> {
    check_url("--base-url", opts.base_url.as_deref())?;
    check_url("--repo-url", opts.repo_url.as_deref())?;
    for p in paths {
        if std::fs::symlink_metadata(p).is_err() {
            return Err(SiteError::MissingPath(p.clone()));
        }
    }
    // Templates first: a broken override should fail before the output is touched.
    let renderer = render::Renderer::new(opts.templates.as_deref())?;
    let old = opts
        .compare
        .as_deref()
        .map(|r| compare::load(r, paths, opts.settings.max_file_size))
        .transpose()?;
    output::prepare(out, paths, opts.force)?;

    progress(Progress::Checking);
    let roots = compare::Roots::new(paths);
    let (report, extracted) = check_paths_extracting(paths, &opts.settings, &|source, doc| {
        let snapshot = old.is_some().then(|| compare::Snapshot {
            path: roots.key(&source.path),
            ..compare::snapshot(&source.text, doc)
        });
        (collect::draft(source, doc), snapshot)
    });
    let (drafts, snapshots): (Vec<Vec<_>>, Vec<Vec<_>>) = extracted
        .into_iter()
        .map(|file| file.into_iter().unzip::<_, _, Vec<_>, Vec<_>>())
        .unzip();
    let locator = collect::Locator::new(paths, opts.repo_url.is_some());
    let cat = collect::collect(&report, drafts, &locator);
    // One snapshot per rule, in the catalogue's order.
    let new: Vec<compare::Snapshot> = snapshots
        .into_iter()
        .flatten()
        .flatten()
        .zip(&cat.rules)
        .map(|(s, r)| compare::Snapshot {
            doc: r.doc_index,
            ..s
        })
        .collect();
    let changes = old.map(|old| compare::compare(&new, old));
    let change_counts = changes.as_ref().map(compare::counts);
    let mut warnings = Vec::new();
    if opts.repo_url.is_some() {
        for (why, n) in locator.missing_repo_paths(&cat.files) {
            let s = if n == 1 { "" } else { "s" };
            warnings.push(format!(
                "--repo-url: no source links for {n} file{s}: {why}"
            ));
        }
    }
    let attack = attack::AttackData::new(&opts.settings.attack);
    let ix = index::Index::new(&cat, &attack, opts);
    let readme = readme(paths).map(|(dir, text)| {
        markdown::to_html_linking(&text, 2, &|dest| readme_link(&ix, &locator, &dir, dest))
    });

    for dir in ["assets", "rules", "attack", "logsources", "lints"] {
        output::mkdir(out, dir)?;
    }
    let mut jobs = pages::jobs(&ix);
    if changes.is_some() {
        jobs.push(pages::Job::Changes);
    }
    progress(Progress::Rendering { total: jobs.len() });
    let bytes = AtomicUsize::new(0);
    let written: Mutex<HashSet<String>> = Mutex::new(HashSet::from([MARKER.to_owned()]));
    let write = |rel: &str, data: &[u8]| -> Result<(), SiteError> {
        bytes.fetch_add(data.len(), Ordering::Relaxed);
        if let Ok(mut w) = written.lock() {
            w.insert(rel.to_owned());
        }
        output::write(out, rel, data)
    };
    jobs.par_iter().try_for_each(|job| {
        let (rel, template, section) = job.target(&ix);
        let depth = rel.matches('/').count();
        let layout = views::Layout {
            title: opts.title.clone(),
            root: if depth == 0 { "" } else { "../" },
            section,
            page_title: pages::page_title(&ix, job),
            generator: format!("sigscope {}", env!("CARGO_PKG_VERSION")),
            attack_version: attack.version.clone(),
            canonical: opts
                .base_url
                .as_deref()
                .map(|b| format!("{}/{rel}", b.trim_end_matches('/'))),
            has_deprecated: !ix.deprecated.is_empty(),
            changes: change_counts.clone(),
        };
        let html = match job {
            pages::Job::Home => {
                renderer.render(template, &layout, &pages::home(&ix, readme.clone()))
            }
            pages::Job::RuleIndex => renderer.render(template, &layout, &pages::rule_index(&ix)),
            pages::Job::RuleList => renderer.render(template, &layout, &pages::rule_list(&ix)),
            pages::Job::Rule(i) => {
                let r = &cat.rules[*i];
                write(
                    &format!("rules/{}.yml", r.slug),
                    cat.files[r.file].text.as_bytes(),
                )?;
                renderer.render(template, &layout, &pages::rule(&ix, *i))
            }
            pages::Job::Deprecated => renderer.render(template, &layout, &pages::deprecated(&ix)),
            pages::Job::Matrix => renderer.render(template, &layout, &pages::matrix(&ix)),
            pages::Job::Technique(id) => {
                renderer.render(template, &layout, &pages::technique(&ix, id))
            }
            pages::Job::Tactic(n) => renderer.render(template, &layout, &pages::tactic(&ix, *n)),
            pages::Job::Logsources => renderer.render(template, &layout, &pages::logsources(&ix)),
            pages::Job::Logsource(kind, name) => {
                renderer.render(template, &layout, &pages::logsource(&ix, kind, name))
            }
            pages::Job::Lints => renderer.render(template, &layout, &pages::lints_index(&ix)),
            pages::Job::Lint(l) => renderer.render(template, &layout, &pages::lint(&ix, l)),
            pages::Job::FalsePositives => {
                renderer.render(template, &layout, &pages::false_positives(&ix))
            }
            pages::Job::Changes => match &changes {
                Some(c) => renderer.render(template, &layout, &compare::view(&ix, &new, c)),
                None => Ok(String::new()),
            },
        }?;
        // Autoescaping covers HTML, not the control characters rule text may carry.
        write(&rel, escape_controls(&html).as_bytes())?;
        progress(Progress::Page);
        Ok(())
    })?;

    progress(Progress::Exporting);
    for (name, text) in renderer.assets() {
        write(&format!("assets/{name}"), text.as_bytes())?;
    }
    let search = escape_json_controls(exports::search_index(&ix));
    write("assets/search-index.js", search.as_bytes())?;
    write(
        "catalogue.json",
        escape_json_controls(exports::catalogue_json(&ix)).as_bytes(),
    )?;
    write("rules.csv", escape_controls(&exports::csv(&ix)).as_bytes())?;
    write(
        "attack-layer.json",
        escape_json_controls(exports::navigator_layer(&ix)).as_bytes(),
    )?;

    let written = written.into_inner().unwrap_or_default();
    output::remove_stale(out, &written)?;

    let pages = jobs.len();
    Ok(Summary {
        rules: cat.rules.len(),
        listed: ix.listed.len(),
        deprecated: ix.deprecated.len(),
        pages,
        files: written.len(),
        bytes: bytes.load(Ordering::Relaxed) as u64,
        search_index_bytes: search.len() as u64,
        findings: cat.files.iter().map(|f| f.findings.len()).sum(),
        skipped: cat.files.iter().filter(|f| f.rules.is_empty()).count(),
        warnings,
    })
}

/// The pack's README: `README.md` in the first directory given, if any, with that directory.
fn readme(paths: &[PathBuf]) -> Option<(PathBuf, String)> {
    let dir = paths.iter().find(|p| p.is_dir())?;
    let text = std::fs::read_to_string(dir.join("README.md")).ok()?;
    // A README is a page of prose; a huge one is not rendered.
    (text.len() <= 256 * 1024).then(|| (dir.clone(), text))
}

/// Where a relative link of the README goes on the site (the README is on the home page): a
/// rule file's page, else with `--repo-url` the file in the repository; `None` (shown as text)
/// for anything else, such as a fragment of the README itself.
fn readme_link(
    ix: &index::Index<'_>,
    locator: &collect::Locator,
    dir: &Path,
    dest: &str,
) -> Option<String> {
    let path = dest.split(['#', '?']).next().unwrap_or_default();
    if path.is_empty() || path.starts_with('/') {
        return None;
    }
    let target = dir.join(path);
    let (shown, repo) = locator.locate(&target);
    if let Some(file) = ix.cat.files.iter().find(|f| f.path == shown)
        && let Some(&first) = file.rules.first()
    {
        return Some(ix.rule_href(first));
    }
    let base = ix.opts.repo_url.as_deref().and_then(markdown::safe_href)?;
    let repo = repo.ok().filter(|p| !p.is_empty() && target.exists())?;
    let encoded = pages::repo_path(&repo)?;
    let branch = pages::repo_path(&ix.opts.branch).unwrap_or_else(|| "main".to_owned());
    Some(format!(
        "{}/blob/{branch}/{encoded}",
        base.trim_end_matches('/')
    ))
}
