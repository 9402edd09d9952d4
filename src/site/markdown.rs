//! Markdown and links from untrusted text.
//!
//! Markdown goes through pulldown-cmark with raw HTML turned into text, then through ammonia
//! with a scheme allowlist (`http`, `https`, `mailto`, relative) and no images (the site makes
//! no network requests). Free-text links are kept only when [`safe_href`] accepts them.

use std::collections::HashSet;
use std::sync::LazyLock;

use pulldown_cmark::{Event, Options, Parser};

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("noopener noreferrer nofollow"))
        .rm_tags(["img"]);
    b
});

/// Renders Markdown to sanitized HTML. Raw HTML in the input is shown as text.
pub fn to_html(markdown: &str) -> String {
    to_html_nested(markdown, 0)
}

/// Renders one line of Markdown (a lint's summary) to sanitized inline HTML: code spans,
/// emphasis and links are kept; paragraphs, headings, lists and other blocks are reduced to their
/// text, so the result fits inside a table cell.
pub fn to_inline_html(markdown: &str) -> String {
    use pulldown_cmark::{Tag, TagEnd};
    fn inline(e: Event<'_>) -> Option<Event<'_>> {
        match e {
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. })
            | Event::End(
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link,
            )
            | Event::Text(_)
            | Event::Code(_) => Some(e),
            Event::Html(h) | Event::InlineHtml(h) => Some(Event::Text(h)),
            // A block's end keeps its words apart from the next block's.
            Event::SoftBreak | Event::HardBreak | Event::End(_) => Some(Event::Text(" ".into())),
            _ => None,
        }
    }
    let events = Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH).filter_map(inline);
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    CLEANER.clean(html.trim_end()).to_string()
}

/// Like [`to_html`], with every heading `shift` levels deeper (a README's `#` under a page's
/// own `<h2>` becomes `<h3>`).
pub fn to_html_nested(markdown: &str, shift: usize) -> String {
    to_html_linking(markdown, shift, &|dest| Some(dest.to_owned()))
}

/// Whether a link destination is relative (no scheme, not `//host`): it means something only
/// next to the Markdown file.
fn is_relative(dest: &str) -> bool {
    let scheme = dest.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
    });
    !scheme && !dest.starts_with("//")
}

/// Like [`to_html_nested`], with each relative link's destination replaced by what `resolve`
/// makes of it; a relative link it cannot resolve is shown as its text, so a page never links
/// to a file that is not there.
pub fn to_html_linking(
    markdown: &str,
    shift: usize,
    resolve: &dyn Fn(&str) -> Option<String>,
) -> String {
    use pulldown_cmark::{HeadingLevel, Tag, TagEnd};
    let deeper = |l: HeadingLevel| {
        HeadingLevel::try_from((l as usize + shift).min(6)).unwrap_or(HeadingLevel::H6)
    };
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    // Links do not nest in Markdown: one flag tracks a dropped link until its end.
    let mut dropped = false;
    let events = Parser::new_ext(markdown, opts).filter_map(move |e| match e {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if is_relative(&dest_url) => match resolve(&dest_url) {
            Some(to) => Some(Event::Start(Tag::Link {
                link_type,
                dest_url: to.into(),
                title,
                id,
            })),
            None => {
                dropped = true;
                None
            }
        },
        Event::End(TagEnd::Link) if dropped => {
            dropped = false;
            None
        }
        e => Some(e),
    });
    let events = events.map(|e| match e {
        Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: deeper(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(deeper(level))),
        other => other,
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    CLEANER.clean(&html).to_string()
}

/// The link target for a free-text URL when it is an absolute `http(s)` URL with a host or a
/// `mailto:` address, with no whitespace or control characters; `None` otherwise (the text is
/// then shown as text, not as a link).
pub fn safe_href(url: &str) -> Option<&str> {
    let url = url.trim();
    if url.is_empty() || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else if lower.starts_with("mailto:") {
        return (url.len() > 7 && url.contains('@')).then_some(url);
    } else {
        return None;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    (!host.is_empty()).then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_text() {
        let h = to_html("hi <script>alert(1)</script> <img src=x onerror=alert(1)>");
        assert!(!h.contains("<script"), "{h}");
        assert!(!h.contains("<img"), "{h}");
        assert!(h.contains("&lt;script&gt;"), "{h}");
    }

    #[test]
    fn inline() {
        assert_eq!(
            to_inline_html("Reports a `re` value, *not* <b>this</b>."),
            "Reports a <code>re</code> value, <em>not</em> &lt;b&gt;this&lt;/b&gt;."
        );
        assert_eq!(
            to_inline_html("# A\n- b `<i>`"),
            "A b <code>&lt;i&gt;</code>"
        );
        let h = to_inline_html("[a](javascript:alert(1)) [b](https://x.org)");
        assert!(!h.contains("javascript:"), "{h}");
        assert!(h.contains("href=\"https://x.org\""), "{h}");
    }

    #[test]
    fn nested_headings() {
        assert_eq!(to_html_nested("# A\n### B", 2), "<h3>A</h3>\n<h5>B</h5>\n");
    }

    #[test]
    fn relative_links_resolve_or_become_text() {
        let h = to_html_linking(
            "[a](x.yml) [b](missing.md) [c](https://x.org/y) [d](#top)",
            0,
            &|d| (d == "x.yml").then(|| "rules/abc.html".to_owned()),
        );
        assert!(h.contains("<a href=\"rules/abc.html\""), "{h}");
        assert!(!h.contains("missing.md") && h.contains(" b "), "{h}");
        assert!(h.contains("href=\"https://x.org/y\""), "{h}");
        assert!(!h.contains("#top") && h.ends_with(" d</p>\n"), "{h}");
    }

    #[test]
    fn link_schemes() {
        let h = to_html(
            "[a](javascript:alert(1)) [b](https://x.org) [c](data:text/html,hi) [d](../x.html) ![i](https://x.org/i.png)",
        );
        assert!(!h.contains("javascript:"), "{h}");
        assert!(!h.contains("data:"), "{h}");
        assert!(h.contains("href=\"https://x.org\""), "{h}");
        assert!(h.contains("href=\"../x.html\""), "{h}");
        assert!(h.contains("noopener"), "{h}");
        assert!(!h.contains("<img"), "{h}");
    }

    #[test]
    fn hrefs() {
        assert_eq!(safe_href(" https://a.b/c "), Some("https://a.b/c"));
        assert_eq!(safe_href("HTTP://a"), Some("HTTP://a"));
        assert_eq!(safe_href("mailto:a@b.c"), Some("mailto:a@b.c"));
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,x",
            "https://",
            "https:///x",
            "https://a b",
            "//evil.org",
            "vbscript:x",
            "https://a\u{0}b",
            "",
        ] {
            assert_eq!(safe_href(bad), None, "{bad:?}");
        }
    }
}
