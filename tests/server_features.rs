//! `sigscope server`'s hover, driven over stdio as an
//! editor drives them, with exact ranges in UTF-16 code units.

mod common;

use common::lsp::{Client, range};
use serde_json::Value;

/// A rule with characters outside ASCII before the spans on lines 0, 3 and 14: `Fïeld😀` is
/// 6 characters but 7 UTF-16 code units.
const RULE: &str = "title: Ünïcode rule 😀
id: 0c2b7f0a-6a3d-4c7e-9f0e-2d1b7a0c9e11
status: test
description: Détecte 😀 things
author: sigscope
date: 2026-01-02
tags:
  - attack.execution
  - attack.t1059.001
logsource:
  product: windows
  category: process_creation
detection:
  selection:
    Fïeld😀|contains: x
    Image|endswith: '\\cmd.exe'
  filter_a:
    User: a
  condition: selection and not filter_a
level: high
";

const URI: &str = "file:///nowhere/features/rule.yml";

fn open(text: &str) -> Client {
    let mut client = Client::start();
    client.open(URI, text);
    client
}

/// The Markdown of a hover and its range.
fn hover(client: &mut Client, line: u32, character: u32) -> (String, Value) {
    let result = client.at("textDocument/hover", URI, line, character);
    let value = result["contents"]["value"]
        .as_str()
        .unwrap_or_else(|| panic!("a hover at {line}:{character}: {result}"))
        .to_owned();
    (value, result["range"].clone())
}

#[test]
fn hover_explains_modifiers_log_sources_and_values() {
    let mut client = open(RULE);
    // `contains` after `Fïeld😀|`: UTF-16 columns 12 to 20 (characters 11 to 19).
    let (text, at) = hover(&mut client, 14, 14);
    assert_eq!(
        text,
        "**`|contains`** (value modifier): the value may be anywhere in the field"
    );
    assert_eq!(at, range((14, 12), (14, 20)));

    let (text, at) = hover(&mut client, 11, 15);
    assert!(
        text.starts_with(
            "**category: process_creation**\n\nThis log source: EventID: 1; Channel: Microsoft-Windows-Sysmon/Operational\n\nThe taxonomy lists "
        ),
        "{text}"
    );
    assert_eq!(at, range((11, 12), (11, 28)));
    let (text, _) = hover(&mut client, 10, 12);
    assert!(
        text.starts_with("**product: windows**: Windows operating system logs"),
        "{text}"
    );

    let (text, at) = hover(&mut client, 2, 9);
    assert_eq!(
        text,
        "**status: test**: a mostly stable rule that could require some slight adjustments depending on the environment"
    );
    assert_eq!(at, range((2, 8), (2, 12)));
    let (text, at) = hover(&mut client, 19, 7);
    assert!(
        text.starts_with("**level: high**: relevant event that should trigger an internal alert"),
        "{text}"
    );
    assert_eq!(at, range((19, 7), (19, 11)));
    client.shutdown();
}

#[test]
fn hover_on_a_condition_identifier_shows_its_search_identifier() {
    let mut client = open(RULE);
    let (text, at) = hover(&mut client, 18, 15);
    assert_eq!(
        text,
        "```yaml\nselection:\n  Fïeld😀|contains: x\n  Image|endswith: '\\cmd.exe'\n```"
    );
    assert_eq!(at, range((18, 13), (18, 22)));
    let (text, at) = hover(&mut client, 18, 32);
    assert_eq!(text, "```yaml\nfilter_a:\n  User: a\n```");
    assert_eq!(at, range((18, 31), (18, 39)));
    // `and` names nothing.
    assert_eq!(client.at("textDocument/hover", URI, 18, 24), Value::Null);
    client.shutdown();
}

#[test]
fn hover_on_a_finding_gives_its_lint_documentation() {
    let mut client = open(RULE);
    // SC605 on `Fïeld😀`, UTF-16 columns 4 to 11.
    let (text, at) = hover(&mut client, 14, 6);
    assert!(
        text.starts_with("**SC605** `unknown-field`\n\nReports a field name"),
        "{text}"
    );
    assert!(text.contains("\n\n**Why is this bad?** "), "{text}");
    assert!(!text.contains("## Example"), "{text}");
    assert!(
        text.ends_with("`sigscope explain SC605` shows an example and what to write instead."),
        "{text}"
    );
    assert_eq!(at, range((14, 4), (14, 11)));
    client.shutdown();
}
