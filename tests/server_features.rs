//! `sigscope server`'s hover, completion, document symbols and rename, driven over stdio as an
//! editor drives them, with exact ranges in UTF-16 code units.

mod common;

use common::lsp::{Client, range};
use serde_json::{Value, json};

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

/// The labels of a completion, in the order the editor sorts them, and the items.
fn complete(client: &mut Client, line: u32, character: u32) -> (Vec<String>, Vec<Value>) {
    let result = client.at("textDocument/completion", URI, line, character);
    let mut items = result.as_array().cloned().unwrap_or_default();
    items.sort_by_key(|i| {
        i["sortText"]
            .as_str()
            .or(i["label"].as_str())
            .unwrap_or_default()
            .to_owned()
    });
    let labels = items
        .iter()
        .map(|i| i["label"].as_str().unwrap_or_default().to_owned())
        .collect();
    (labels, items)
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

#[test]
fn attack_tags_complete_with_their_names() {
    let mut client = open(&RULE.replace("  - attack.t1059.001", "  - attack.t1059"));
    let (labels, items) = complete(&mut client, 8, 16);
    assert_eq!(labels[0], "attack.t1059", "{labels:?}");
    assert!(
        labels.contains(&"attack.t1059.001".to_owned()),
        "{labels:?}"
    );
    assert!(
        labels.iter().all(|l| l.starts_with("attack.t1059")),
        "{labels:?}"
    );
    let powershell = &items[labels
        .iter()
        .position(|l| l == "attack.t1059.001")
        .unwrap_or_default()];
    assert_eq!(powershell["detail"], "T1059.001 PowerShell");
    assert_eq!(powershell["textEdit"]["range"], range((8, 4), (8, 16)));
    // Tactics by their short names.
    let mut client2 = open(&RULE.replace("  - attack.t1059.001", "  - attack.st"));
    let (labels, items) = complete(&mut client2, 8, 13);
    assert_eq!(labels, ["attack.stealth"]);
    assert_eq!(items[0]["detail"], "TA0005 Stealth (ATT&CK tactic)");
    client.shutdown();
    client2.shutdown();
}

#[test]
fn log_source_values_follow_the_product() {
    let mut client = open(&RULE.replace("  category: process_creation", "  category: pro"));
    let (labels, items) = complete(&mut client, 11, 15);
    assert_eq!(
        labels,
        [
            "process_access",
            "process_creation",
            "process_tampering",
            "process_termination"
        ]
    );
    assert_eq!(items[1]["textEdit"]["range"], range((11, 12), (11, 15)));
    assert_eq!(
        items[1]["documentation"],
        "EventID: 1; Channel: Microsoft-Windows-Sysmon/Operational"
    );
    // Without a product, the categories of every product: `proxy` too.
    let mut other = open(
        &RULE
            .replace("  product: windows\n", "")
            .replace("  category: process_creation", "  category: pro"),
    );
    let (labels, _) = complete(&mut other, 10, 15);
    assert!(labels.contains(&"proxy".to_owned()), "{labels:?}");
    // The keys of `logsource`.
    let mut keys = open(&RULE.replace("  category: process_creation", "  ser"));
    let (labels, items) = complete(&mut keys, 11, 5);
    assert_eq!(labels, ["service"]);
    assert_eq!(items[0]["textEdit"]["range"], range((11, 2), (11, 5)));
    for c in [client, other, keys] {
        c.shutdown();
    }
}

#[test]
fn status_and_level_values_complete_in_order() {
    let mut client = open(
        &RULE
            .replace("status: test", "status: ")
            .replace("level: high", "level: "),
    );
    let (labels, items) = complete(&mut client, 2, 8);
    assert_eq!(
        labels,
        [
            "stable",
            "test",
            "experimental",
            "deprecated",
            "unsupported"
        ]
    );
    assert_eq!(items[0]["textEdit"]["range"], range((2, 8), (2, 8)));
    let (labels, _) = complete(&mut client, 19, 7);
    assert_eq!(
        labels,
        ["informational", "low", "medium", "high", "critical"]
    );
    client.shutdown();
}

#[test]
fn fields_of_the_log_source_complete_under_a_selection() {
    let mut client = open(&RULE.replace("    Image|endswith: '\\cmd.exe'", "    Comm"));
    let (labels, items) = complete(&mut client, 15, 8);
    assert_eq!(labels, ["CommandLine"]);
    assert_eq!(
        items[0]["detail"],
        "field of product: windows, category: process_creation"
    );
    assert_eq!(items[0]["textEdit"]["range"], range((15, 4), (15, 8)));
    // In a list of mappings too.
    let mut list = open(&RULE.replace(
        "    Image|endswith: '\\cmd.exe'",
        "    ParentImage: x\n  sel2:\n    - Image: a\n      Parent",
    ));
    let (labels, _) = complete(&mut list, 18, 12);
    assert_eq!(
        labels,
        [
            "ParentCommandLine",
            "ParentImage",
            "ParentProcessGuid",
            "ParentProcessId",
            "ParentSpoofed",
            "ParentUser"
        ]
    );
    client.shutdown();
    list.shutdown();
}

#[test]
fn conditions_complete_identifiers_and_keywords() {
    let mut client = open(&RULE.replace("not filter_a\n", "not fi\n"));
    let (labels, items) = complete(&mut client, 18, 33);
    assert_eq!(labels, ["filter_a"]);
    assert_eq!(items[0]["textEdit"]["range"], range((18, 31), (18, 33)));
    // Inside a word: the whole word is replaced.
    let (labels, items) = complete(&mut client, 18, 15);
    assert_eq!(labels, ["selection"]);
    assert_eq!(items[0]["textEdit"]["range"], range((18, 13), (18, 22)));
    let (labels, _) = complete(&mut client, 18, 13);
    assert_eq!(
        labels,
        [
            "selection",
            "filter_a",
            "and",
            "or",
            "not",
            "1 of",
            "all of",
            "them"
        ]
    );
    client.shutdown();
}

/// A document symbol and its children, one line each: indentation, name, detail, kind, range
/// and selection range as `line:character`.
fn outline(symbols: &Value, depth: usize, out: &mut Vec<String>) {
    let at = |r: &Value| {
        format!(
            "{}:{}-{}:{}",
            r["start"]["line"], r["start"]["character"], r["end"]["line"], r["end"]["character"]
        )
    };
    for s in symbols.as_array().into_iter().flatten() {
        out.push(format!(
            "{}{} ({}) [{}] {} sel {}",
            "  ".repeat(depth),
            s["name"].as_str().unwrap_or_default(),
            s["detail"].as_str().unwrap_or_default(),
            s["kind"],
            at(&s["range"]),
            at(&s["selectionRange"]),
        ));
        outline(&s["children"], depth + 1, out);
    }
}

fn symbols(client: &mut Client) -> Vec<String> {
    let answer = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": URI } }),
    );
    let mut out = Vec::new();
    outline(&answer["result"], 0, &mut out);
    out
}

#[test]
fn document_symbols_outline_the_rule() {
    let mut client = open(RULE);
    assert_eq!(
        symbols(&mut client),
        [
            "Ünïcode rule 😀 (rule) [2] 0:0-19:11 sel 0:7-0:22",
            "  logsource (product: windows, category: process_creation) [3] 9:0-11:28 sel 9:0-9:9",
            "    product (windows) [7] 10:2-10:18 sel 10:2-10:9",
            "    category (process_creation) [7] 11:2-11:28 sel 11:2-11:10",
            "  detection () [19] 12:0-18:39 sel 12:0-12:9",
            "    selection () [13] 13:2-15:30 sel 13:2-13:11",
            "    filter_a () [13] 16:2-17:11 sel 16:2-16:10",
            "    condition (selection and not filter_a) [25] 18:2-18:39 sel 18:2-18:11",
        ]
    );
    client.shutdown();

    let mut client = open(
        "title: Many failures\ncorrelation:\n  type: event_count\n  rules:\n    - failed_logon\n  group-by:\n    - User\n  timespan: 5m\n  condition:\n    gte: 10\n",
    );
    assert_eq!(
        symbols(&mut client),
        [
            "Many failures (correlation) [2] 0:0-9:11 sel 0:7-0:20",
            "  correlation () [19] 1:0-9:11 sel 1:0-1:11",
            "    type (event_count) [22] 2:2-2:19 sel 2:2-2:6",
            "    rules () [18] 3:2-4:18 sel 3:2-3:7",
            "      failed_logon () [15] 4:6-4:18 sel 4:6-4:18",
            "    group-by () [18] 5:2-6:10 sel 5:2-5:10",
            "      User () [15] 6:6-6:10 sel 6:6-6:10",
            "    timespan (5m) [7] 7:2-7:14 sel 7:2-7:10",
            "    condition () [25] 8:2-9:11 sel 8:2-8:11",
        ]
    );
    client.shutdown();
}

fn rename(client: &mut Client, line: u32, character: u32, new_name: &str) -> Value {
    client.request(
        "textDocument/rename",
        json!({
            "textDocument": { "uri": URI },
            "position": { "line": line, "character": character },
            "newName": new_name,
        }),
    )
}

#[test]
fn rename_updates_the_key_and_the_condition() {
    let mut client = open(RULE);
    let prepared = client.at("textDocument/prepareRename", URI, 18, 15);
    assert_eq!(
        prepared,
        json!({ "range": range((18, 13), (18, 22)), "placeholder": "selection" })
    );
    let expected = json!({ "changes": { URI: [
        { "range": range((13, 2), (13, 11)), "newText": "sel_main" },
        { "range": range((18, 13), (18, 22)), "newText": "sel_main" },
    ] } });
    // From the condition and from the key.
    assert_eq!(rename(&mut client, 18, 15, "sel_main")["result"], expected);
    assert_eq!(rename(&mut client, 13, 4, "sel_main")["result"], expected);
    // Nothing to rename over `title`.
    assert_eq!(
        client.at("textDocument/prepareRename", URI, 0, 2),
        Value::Null
    );
    client.shutdown();
}

#[test]
fn rename_refuses_a_taken_or_invalid_name_and_a_changed_pattern() {
    let mut client = open(&RULE.replace("not filter_a\n", "not 1 of filter_*\n"));
    let refused = |answer: Value| {
        assert_eq!(answer["error"]["code"], -32803, "{answer}");
        answer["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(
        refused(rename(&mut client, 13, 4, "filter_a")),
        "`filter_a` already names a search identifier of this detection"
    );
    assert_eq!(
        refused(rename(&mut client, 16, 4, "legit_a")),
        "`filter_*` in the condition matches `filter_a` and would not match `legit_a`: renaming would change what the rule detects"
    );
    assert_eq!(
        refused(rename(&mut client, 13, 4, "filter_main")),
        "`filter_*` in the condition does not match `selection` and would match `filter_main`: renaming would change what the rule detects"
    );
    assert_eq!(
        refused(rename(&mut client, 13, 4, "Not")),
        "`Not` is reserved (`not`): a condition could not name it"
    );
    assert!(
        refused(rename(&mut client, 13, 4, "sel main"))
            .starts_with("`sel main` is not a search identifier")
    );
    assert_eq!(
        refused(client.request(
            "textDocument/prepareRename",
            json!({ "textDocument": { "uri": URI }, "position": { "line": 18, "character": 36 } }),
        )),
        "`filter_*` is a pattern: rename one of the search identifiers it matches"
    );
    // Within the pattern: only the key changes.
    assert_eq!(
        rename(&mut client, 16, 4, "filter_b")["result"],
        json!({ "changes": { URI: [{ "range": range((16, 2), (16, 10)), "newText": "filter_b" }] } })
    );
    client.shutdown();
}
