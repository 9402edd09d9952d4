//! `sigscope server` driven over stdio as an editor drives it: JSON-RPC with `Content-Length`
//! framing, answers checked against `sigscope check --format json` on the same file.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command};
use std::sync::mpsc::Receiver;
use std::time::Duration;

use serde_json::{Value, json};

const SEED: &str = "rules/seed/malicious_link_t1204_001.yml";

/// A hang guard only: every answer comes long before it.
const HANG: Duration = Duration::from_secs(120);

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    /// Notifications read while waiting for a response.
    pending: Vec<Value>,
}

impl Client {
    fn start() -> Self {
        let (child, stdin, messages) = common::lsp::spawn(Path::new(env!("CARGO_MANIFEST_DIR")));
        let mut client = Self {
            child,
            stdin,
            messages,
            pending: Vec::new(),
        };
        let init = client.request(1, "initialize", json!({ "capabilities": {} }));
        assert_eq!(init["result"]["capabilities"]["textDocumentSync"], 1);
        client.notify("initialized", json!({}));
        client
    }

    fn send_raw(&mut self, body: &[u8]) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).expect("write");
        self.stdin.write_all(body).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        let msg = json!({ "jsonrpc": "2.0", "method": method, "params": params });
        self.send_raw(msg.to_string().as_bytes());
    }

    fn next(&mut self) -> Value {
        self.messages
            .recv_timeout(HANG)
            .expect("a message from the server")
    }

    /// The response to request `id`.
    fn request(&mut self, id: i64, method: &str, params: Value) -> Value {
        let msg = json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params });
        self.send_raw(msg.to_string().as_bytes());
        self.response(&json!(id))
    }

    fn response(&mut self, id: &Value) -> Value {
        loop {
            let msg = self.next();
            if msg.get("method").is_none() && &msg["id"] == id {
                return msg;
            }
            self.pending.push(msg);
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        self.versioned_diagnostics(uri).0
    }

    /// The next diagnostics published for `uri`, and the document version they are of.
    fn versioned_diagnostics(&mut self, uri: &str) -> (Vec<Value>, Value) {
        let is_ours = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        };
        if let Some(i) = self.pending.iter().position(is_ours) {
            return diagnostics_of(self.pending.remove(i));
        }
        loop {
            let msg = self.next();
            if is_ours(&msg) {
                return diagnostics_of(msg);
            }
            self.pending.push(msg);
        }
    }

    fn open(&mut self, uri: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "yaml", "version": 1, "text": text } }),
        );
        self.diagnostics(uri)
    }

    fn shutdown(mut self) {
        let answer = self.request(99, "shutdown", Value::Null);
        assert_eq!(answer["result"], Value::Null);
        self.notify("exit", Value::Null);
        let status = self.child.wait().expect("wait");
        assert_eq!(status.code(), Some(0));
    }
}

fn diagnostics_of(msg: Value) -> (Vec<Value>, Value) {
    let diagnostics = msg["params"]["diagnostics"]
        .as_array()
        .expect("diagnostics");
    (diagnostics.clone(), msg["params"]["version"].clone())
}

fn seed_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED)
}

fn uri_of(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn with_code<'a>(diagnostics: &'a [Value], code: &str) -> Vec<&'a Value> {
    diagnostics.iter().filter(|d| d["code"] == code).collect()
}

/// `sigscope check --format json` on the seed rule: the finding of `code`.
fn checked(code: &str) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_sigscope"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", SEED, "--format", "json"])
        .output()
        .expect("run check");
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let found: Vec<_> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == code)
        .cloned()
        .collect();
    assert_eq!(found.len(), 1, "{report:#}");
    found[0].clone()
}

#[test]
fn diagnostics_follow_the_document_and_match_check() {
    let text = std::fs::read_to_string(seed_path()).expect("seed rule");
    let uri = uri_of(&seed_path());
    let mut client = Client::start();
    let diagnostics = client.open(&uri, &text);
    let sc301 = with_code(&diagnostics, "SC301");
    assert_eq!(sc301.len(), 1, "{diagnostics:#?}");
    let d = sc301[0];
    // The seed rule is ASCII: LSP characters are check's columns, 0-based.
    let expected = checked("SC301");
    let at = |line: &str, column: &str| {
        json!({
            "line": expected[line].as_u64().expect("line") - 1,
            "character": expected[column].as_u64().expect("column") - 1,
        })
    };
    assert_eq!(
        d["range"],
        json!({ "start": at("line", "column"), "end": at("end_line", "end_column") })
    );
    assert_eq!(
        d["range"],
        json!({ "start": { "line": 18, "character": 13 }, "end": { "line": 18, "character": 16 } })
    );
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "sigscope");
    assert_eq!(d["data"]["fix"]["applicability"], "unsafe");
    assert_eq!(
        d["relatedInformation"][0]["location"],
        json!({ "uri": uri, "range": { "start": { "line": 19, "character": 13 }, "end": { "line": 19, "character": 22 } } })
    );
    assert_eq!(
        d["relatedInformation"][0]["message"],
        "this condition is true for every event"
    );

    let fixed = text.replace("EventID: '*'", "EventID|exists: true");
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{ "text": fixed }] }),
    );
    let (after, version) = client.versioned_diagnostics(&uri);
    assert_eq!(version, json!(2));
    assert!(with_code(&after, "SC301").is_empty(), "{after:#?}");
    assert_eq!(with_code(&after, "SC107").len(), 1, "{after:#?}");

    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert!(client.diagnostics(&uri).is_empty());
    client.shutdown();
}

#[test]
fn code_actions_carry_the_fix_and_the_suppression() {
    let text = std::fs::read_to_string(seed_path()).expect("seed rule");
    let uri = uri_of(&seed_path());
    let mut client = Client::start();
    let diagnostics = client.open(&uri, &text);
    let d = with_code(&diagnostics, "SC301")[0].clone();
    let answer = client.request(
        2,
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": d["range"],
            "context": { "diagnostics": [d] },
        }),
    );
    let actions = answer["result"].as_array().expect("actions").clone();
    let titles: Vec<_> = actions.iter().map(|a| a["title"].clone()).collect();
    assert_eq!(
        titles,
        [
            json!("SC301: write `EventID|exists: true` (unsafe)"),
            json!("Ignore SC301 on this line"),
        ]
    );
    // The unsafe fix is offered, not preferred.
    assert_eq!(actions[0]["isPreferred"], Value::Null);
    assert_eq!(
        actions[0]["edit"]["changes"][&uri],
        json!([{
            "range": { "start": { "line": 18, "character": 4 }, "end": { "line": 18, "character": 16 } },
            "newText": "EventID|exists: true",
        }])
    );
    assert_eq!(
        actions[1]["edit"]["changes"][&uri],
        json!([{
            "range": { "start": { "line": 18, "character": 16 }, "end": { "line": 18, "character": 16 } },
            "newText": "  # sigscope: ignore[SC301]",
        }])
    );

    // The suppression it inserts works: applied, SC301 is gone and nothing new appears.
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines[18].push_str("  # sigscope: ignore[SC301]");
    let suppressed = lines.join("\n") + "\n";
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{ "text": suppressed }] }),
    );
    let after = client.diagnostics(&uri);
    assert_eq!(after.len(), diagnostics.len() - 1, "{after:#?}");
    assert!(with_code(&after, "SC301").is_empty());

    // A safe fix is preferred.
    let date = with_code(&diagnostics, "SC108")[0].clone();
    let answer = client.request(
        3,
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": date["range"], "context": { "diagnostics": [] } }),
    );
    assert_eq!(answer["result"][0]["title"], "SC108: write `2026-04-19`");
    assert_eq!(answer["result"][0]["isPreferred"], true);
    client.shutdown();
}

#[test]
fn hover_names_the_technique_and_the_lint() {
    let text = std::fs::read_to_string(seed_path()).expect("seed rule");
    let uri = uri_of(&seed_path());
    let mut client = Client::start();
    client.open(&uri, &text);
    // Line 11 of the file: `  - attack.t1204.001`.
    let hover = client.request(
        2,
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 10, "character": 12 } }),
    );
    let value = hover["result"]["contents"]["value"]
        .as_str()
        .expect("markdown");
    assert!(
        value.starts_with("**T1204.001 Malicious Link** (ATT&CK technique)\n\nAn adversary may rely upon a user clicking a malicious link in order to gain execution.\n\n"),
        "{value}"
    );
    assert_eq!(
        hover["result"]["range"],
        json!({ "start": { "line": 10, "character": 4 }, "end": { "line": 10, "character": 20 } })
    );
    // Over SC301's span: the lint's summary.
    let hover = client.request(
        3,
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 18, "character": 14 } }),
    );
    let value = hover["result"]["contents"]["value"]
        .as_str()
        .expect("markdown");
    assert!(value.starts_with("**SC301** `"), "{value}");
    // Nothing to say over `title`.
    let hover = client.request(
        4,
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 2 } }),
    );
    assert_eq!(hover["result"], Value::Null);
    client.shutdown();
}

#[test]
fn positions_count_utf16_code_units() {
    let text = std::fs::read_to_string(seed_path())
        .expect("seed rule")
        .replace("EventID: '*'", "EventID: ['é😀', '*']");
    let uri = uri_of(&seed_path());
    let mut client = Client::start();
    let diagnostics = client.open(&uri, &text);
    let d = with_code(&diagnostics, "SC301");
    // `    EventID: ['é😀', '` is 20 characters (check's column 21) and 21 UTF-16 code units:
    // the emoji is a surrogate pair.
    assert_eq!(
        d[0]["range"],
        json!({ "start": { "line": 18, "character": 21 }, "end": { "line": 18, "character": 24 } }),
        "{diagnostics:#?}"
    );
    client.shutdown();
}

#[test]
fn bad_messages_are_answered_and_the_server_goes_on() {
    let mut client = Client::start();
    client.send_raw(b"{ this is not json");
    let answer = client.next();
    assert_eq!(answer["id"], Value::Null);
    assert_eq!(answer["error"]["code"], -32700);
    client
        .send_raw(br#"{"jsonrpc":"2.0","id":7,"method":"textDocument/hover","params":{"nope":1}}"#);
    assert_eq!(client.response(&json!(7))["error"]["code"], -32602);
    let answer = client.request(8, "sigscope/unknown", json!({}));
    assert_eq!(answer["error"]["code"], -32601);
    client.notify("$/unknownNotification", json!({}));
    // Still answering.
    let answer = client.request(
        9,
        "textDocument/hover",
        json!({ "textDocument": { "uri": "file:///nowhere.yml" }, "position": { "line": 0, "character": 0 } }),
    );
    assert_eq!(answer["result"], Value::Null);
    client.shutdown();
}

#[test]
fn exit_without_shutdown_is_exit_code_1() {
    let mut client = Client::start();
    client.notify("exit", Value::Null);
    assert_eq!(client.child.wait().expect("wait").code(), Some(1));
}

#[test]
fn modifiers_complete_after_a_pipe() {
    let text = std::fs::read_to_string(seed_path())
        .expect("seed rule")
        .replace("EventID: '*'", "Image|endswith|wi");
    let uri = uri_of(&seed_path());
    let mut client = Client::start();
    client.open(&uri, &text);
    // After `    Image|endswith|wi` on line 19.
    let answer = client.request(
        2,
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 18, "character": 21 } }),
    );
    let items = answer["result"].as_array().expect("items");
    let labels: Vec<_> = items.iter().map(|i| i["label"].clone()).collect();
    assert_eq!(labels, [json!("wide"), json!("windash")]);
    assert_eq!(
        items[0]["textEdit"]["range"],
        json!({ "start": { "line": 18, "character": 19 }, "end": { "line": 18, "character": 21 } })
    );
    // Right after the first `|`: every modifier but those already written.
    let answer = client.request(
        3,
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 18, "character": 10 } }),
    );
    let labels: Vec<_> = answer["result"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["label"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(labels.contains(&"contains".to_owned()), "{labels:?}");
    // In a value: nothing (the condition's completes identifiers and keywords).
    let answer = client.request(
        4,
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 20 } }),
    );
    assert_eq!(answer["result"], Value::Null);
    client.shutdown();
}

#[test]
fn definition_goes_from_the_condition_to_the_selection() {
    let text = std::fs::read_to_string(seed_path()).expect("seed rule").replace(
        "  condition: selection\n",
        "  filter_a:\n    User: a\n  filter_b:\n    User: b\n  condition: selection and not 1 of filter_*\n",
    );
    let uri = uri_of(&seed_path());
    let mut client = Client::start();
    client.open(&uri, &text);
    // `selection` in the condition, on line 24 (0-based 23); its key is on line 18.
    let answer = client.request(
        2,
        "textDocument/definition",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 23, "character": 16 } }),
    );
    assert_eq!(
        answer["result"],
        json!([{ "uri": uri, "range": { "start": { "line": 17, "character": 2 }, "end": { "line": 17, "character": 11 } } }])
    );
    // The pattern `filter_*`: both filters.
    let answer = client.request(
        3,
        "textDocument/definition",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 23, "character": 40 } }),
    );
    let lines: Vec<_> = answer["result"]
        .as_array()
        .expect("locations")
        .iter()
        .map(|l| l["range"]["start"]["line"].clone())
        .collect();
    assert_eq!(lines, [json!(19), json!(21)]);
    // `and` names nothing.
    let answer = client.request(
        4,
        "textDocument/definition",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 23, "character": 24 } }),
    );
    assert_eq!(answer["result"], Value::Null);
    client.shutdown();
}
