//! `sigscope site`: the detection catalogue as a static site.
//!
//! A linear pipeline, like zola: **collect** (lint every file, parse the rules into the
//! catalogue model) → **views** (plain structs in [`views`], the only thing templates see) →
//! **render** (tera, autoescape on) → **write** (into a directory we own, at paths made of our
//! own slugs). The output works from `file://` with no network: all CSS and JavaScript are
//! local and the search index is a script, not a fetched JSON file.

mod attack;
mod collect;
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
    output::prepare(out, paths, opts.force)?;

    progress(Progress::Checking);
    let (report, drafts) = check_paths_extracting(paths, &opts.settings, &collect::draft);
    let cat = collect::collect(&report, drafts);
    let attack = attack::AttackData::new(&opts.settings.attack);
    let ix = index::Index::new(&cat, &attack, opts);
    let readme = readme(paths);

    for dir in ["assets", "rules", "attack", "logsources", "lints"] {
        output::mkdir(out, dir)?;
    }
    let jobs = pages::jobs(&ix);
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
        };
        let html = match job {
            pages::Job::Home => {
                renderer.render(template, &layout, &pages::home(&ix, readme.as_deref()))
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
    })
}

/// The pack's README: `README.md` in the first directory given, if any.
fn readme(paths: &[PathBuf]) -> Option<String> {
    let dir = paths.iter().find(|p| p.is_dir())?;
    let text = std::fs::read_to_string(dir.join("README.md")).ok()?;
    // A README is a page of prose; a huge one is not rendered.
    (text.len() <= 256 * 1024).then_some(text)
}
