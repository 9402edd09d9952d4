//! Templates: the embedded defaults, optionally overridden from `--templates DIR`, rendered with
//! tera with HTML autoescaping on.

use std::path::Path;

use serde::Serialize;
use tera::{Context, Tera};

use super::SiteError;
use super::views::Layout;

/// The embedded templates, by name.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("home.html", include_str!("../../templates/home.html")),
    ("rules.html", include_str!("../../templates/rules.html")),
    ("rule.html", include_str!("../../templates/rule.html")),
    (
        "rulelist.html",
        include_str!("../../templates/rulelist.html"),
    ),
    (
        "deprecated.html",
        include_str!("../../templates/deprecated.html"),
    ),
    ("matrix.html", include_str!("../../templates/matrix.html")),
    (
        "technique.html",
        include_str!("../../templates/technique.html"),
    ),
    ("tactic.html", include_str!("../../templates/tactic.html")),
    (
        "logsources.html",
        include_str!("../../templates/logsources.html"),
    ),
    (
        "logsource.html",
        include_str!("../../templates/logsource.html"),
    ),
    ("lints.html", include_str!("../../templates/lints.html")),
    ("lint.html", include_str!("../../templates/lint.html")),
    (
        "falsepositives.html",
        include_str!("../../templates/falsepositives.html"),
    ),
    ("changes.html", include_str!("../../templates/changes.html")),
];

/// Static files copied to `assets/`, by name.
pub const ASSETS: &[(&str, &str)] = &[
    (
        "style.css",
        include_str!("../../templates/assets/style.css"),
    ),
    ("site.js", include_str!("../../templates/assets/site.js")),
    ("fp.js", include_str!("../../templates/assets/fp.js")),
];

#[derive(Debug)]
pub struct Renderer {
    tera: Tera,
    assets: Vec<(String, String)>,
}

impl Renderer {
    /// Loads the embedded templates; a file of the same name in `overrides` replaces one, and
    /// other `*.html` files there are added (for new partials). `overrides/assets/style.css`
    /// and `site.js` replace the embedded assets.
    pub fn new(overrides: Option<&Path>) -> Result<Self, SiteError> {
        let mut templates: Vec<(String, String)> = TEMPLATES
            .iter()
            .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
            .collect();
        let mut assets: Vec<(String, String)> = ASSETS
            .iter()
            .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
            .collect();
        if let Some(dir) = overrides {
            let read = |p: &Path| {
                std::fs::read_to_string(p).map_err(|e| SiteError::Io {
                    path: p.to_path_buf(),
                    message: e.to_string(),
                })
            };
            let entries = std::fs::read_dir(dir).map_err(|e| SiteError::Io {
                path: dir.to_path_buf(),
                message: e.to_string(),
            })?;
            let mut names: Vec<String> = entries
                .filter_map(Result::ok)
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| n.ends_with(".html"))
                .collect();
            names.sort();
            for name in names {
                let text = read(&dir.join(&name))?;
                match templates.iter_mut().find(|(n, _)| *n == name) {
                    Some(slot) => slot.1 = text,
                    None => templates.push((name, text)),
                }
            }
            for (name, text) in &mut assets {
                let p = dir.join("assets").join(&*name);
                if p.is_file() {
                    *text = read(&p)?;
                }
            }
        }
        let mut tera = Tera::new();
        tera.autoescape_on([".html"]);
        tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| SiteError::Template(error_text(&e)))?;
        Ok(Self { tera, assets })
    }

    pub fn assets(&self) -> &[(String, String)] {
        &self.assets
    }

    pub fn render(
        &self,
        template: &str,
        site: &Layout,
        page: &impl Serialize,
    ) -> Result<String, SiteError> {
        let mut ctx = Context::new();
        ctx.insert("site", site);
        ctx.insert("page", page);
        self.tera
            .render(template, &ctx)
            .map_err(|e| SiteError::Template(format!("{template}: {}", error_text(&e))))
    }
}

fn error_text(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}
