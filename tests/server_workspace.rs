//! `sigscope server` with a workspace, driven over stdio as an editor drives it: the index of
//! the workspace folders (progress, pack-wide lints in the open file, watched files), navigation
//! through it, `source.fixAll`, lint links and bursts of changes.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Child, ChildStdin, Command};
use std::sync::mpsc::Receiver;
use std::time::Duration;

use serde_json::{Value, json};

/// A hang guard only: every answer comes long before it.
const HANG: Duration = Duration::from_secs(120);

const RULE: &str = include_str!("fixtures/config/rule.yml");

/// A detection rule of the template with this id and `name`, and a valid level.
fn rule(id: &str, name: &str) -> String {
    RULE.replace("9b2f6c4e-7d1a-4e8b-b3c5-2a9e0f71d0NN", id)
        .replace("Variant NN", &format!("Variant {name}"))
        .replace("tokenNN", name)
        .replace("level: meduim", &format!("level: high\nname: {name}"))
}

const CORRELATION: &str = "title: Many Certutil Downloads
id: cd08150f-bf4c-413a-a709-265762e992c9
status: test
description: Detects many certutil downloads from one host.
author: sigscope contributors
date: 2026-01-15
correlation:
    type: event_count
    rules:
        - certutil_download_b
    group-by:
        - Computer
    timespan: 1h
    condition:
        gte: 10
level: high
";

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    /// Messages read while waiting for another.
    pending: Vec<Value>,
}

impl Client {
    /// A server whose workspace is `root`, for a client that takes progress tokens and
    /// registers file watchers.
    fn start(root: &Path) -> Self {
        let (child, stdin, messages) = common::lsp::spawn(root);
        let mut client = Self {
            child,
            stdin,
            messages,
            pending: Vec::new(),
        };
        let init = client.request(
            1,
            "initialize",
            json!({
                "rootUri": uri_of(root),
                "workspaceFolders": [{ "uri": uri_of(root), "name": "pack" }],
                "capabilities": {
                    "window": { "workDoneProgress": true },
                    "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } },
                },
            }),
        );
        assert_eq!(
            init["result"]["capabilities"]["codeActionProvider"]["codeActionKinds"],
            json!(["quickfix", "source.fixAll.sigscope"])
        );
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

    /// The first message (read before or now) that `wanted` accepts.
    fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.pending.iter().position(&wanted) {
            return self.pending.remove(i);
        }
        loop {
            let msg = self.next();
            if wanted(&msg) {
                return msg;
            }
            self.pending.push(msg);
        }
    }

    fn request(&mut self, id: i64, method: &str, params: Value) -> Value {
        let msg = json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params });
        self.send_raw(msg.to_string().as_bytes());
        self.wait_for(|m| m.get("method").is_none() && m["id"] == id)
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let msg = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        msg["params"]["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .clone()
    }

    /// Waits for the end of the indexing; returns the progress values seen, in order.
    fn indexed(&mut self) -> Vec<Value> {
        let mut seen = Vec::new();
        loop {
            let msg = self.wait_for(|m| m["method"] == "$/progress");
            let value = msg["params"]["value"].clone();
            seen.push(value.clone());
            if value["kind"] == "end" {
                return seen;
            }
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

fn uri_of(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn with_code<'a>(diagnostics: &'a [Value], code: &str) -> Vec<&'a Value> {
    diagnostics.iter().filter(|d| d["code"] == code).collect()
}

fn workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

const ID: &str = "0e95725d-7320-415d-80f7-004da920fc11";

#[test]
fn the_open_file_shows_a_duplicate_id_in_another_file_of_the_workspace() {
    let dir = workspace(&[
        ("rules/a.yml", &rule(ID, "certutil_download_a")),
        ("rules/b.yml", &rule(ID, "certutil_download_b")),
        (
            "rules/c.yml",
            &rule(
                "5638f7c0-ac70-491d-8465-2a65075e0d86",
                "certutil_download_c",
            ),
        ),
    ]);
    let mut client = Client::start(dir.path());
    let progress = client.indexed();
    assert_eq!(progress[0]["kind"], "begin", "{progress:#?}");
    assert_eq!(progress[0]["title"], "Indexing Sigma rules");
    assert_eq!(
        progress.last().expect("end")["message"],
        "3 rules in 3 files"
    );
    // The token was created, and the watchers registered, before either was used.
    let create = client.wait_for(|m| m["method"] == "window/workDoneProgress/create");
    assert_eq!(create["params"]["token"], "sigscope/index/1");
    let register = client.wait_for(|m| m["method"] == "client/registerCapability");
    assert_eq!(
        register["params"]["registrations"][0]["registerOptions"]["watchers"],
        json!([{ "globPattern": "**/*.{yml,yaml}" }, { "globPattern": "**/sigscope.toml" }])
    );

    let b = dir.path().join("rules/b.yml");
    let text = std::fs::read_to_string(&b).expect("b.yml");
    let diagnostics = client.open(&uri_of(&b), &text);
    let sc801 = with_code(&diagnostics, "SC801");
    assert_eq!(sc801.len(), 1, "{diagnostics:#?}");
    assert_eq!(
        sc801[0]["range"],
        json!({ "start": { "line": 1, "character": 4 }, "end": { "line": 1, "character": 40 } })
    );
    assert_eq!(
        sc801[0]["relatedInformation"],
        json!([{
            "location": {
                "uri": uri_of(&dir.path().join("rules/a.yml")),
                "range": { "start": { "line": 1, "character": 4 }, "end": { "line": 1, "character": 40 } },
            },
            "message": "also used here",
        }])
    );
    // Given another id in the editor, unsaved, the duplicate is gone.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri_of(&b), "version": 2 },
            "contentChanges": [{ "text": text.replace(ID, "aedafa2a-b083-4967-a1e4-5062c8b15049") }],
        }),
    );
    let after = client.diagnostics(&uri_of(&b));
    assert!(with_code(&after, "SC801").is_empty(), "{after:#?}");
    client.shutdown();
}

#[test]
fn a_rule_created_on_disk_resolves_a_correlation_and_definition_goes_to_it() {
    let dir = workspace(&[
        ("rules/a.yml", &rule(ID, "certutil_download_a")),
        ("rules/many.yml", CORRELATION),
    ]);
    let mut client = Client::start(dir.path());
    client.indexed();
    let many = dir.path().join("rules/many.yml");
    let uri = uri_of(&many);
    let diagnostics = client.open(&uri, CORRELATION);
    let sc806 = with_code(&diagnostics, "SC806");
    assert_eq!(sc806.len(), 1, "{diagnostics:#?}");
    assert_eq!(
        sc806[0]["range"],
        json!({ "start": { "line": 9, "character": 10 }, "end": { "line": 9, "character": 29 } })
    );

    // The rule is written, and the editor says so.
    let b = dir.path().join("rules/b.yml");
    std::fs::write(
        &b,
        rule(
            "5638f7c0-ac70-491d-8465-2a65075e0d86",
            "certutil_download_b",
        ),
    )
    .expect("write b.yml");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri_of(&b), "type": 1 }] }),
    );
    let after = client.diagnostics(&uri);
    assert!(with_code(&after, "SC806").is_empty(), "{after:#?}");

    // From the entry to the rule's `name`, in its file.
    let answer = client.request(
        2,
        "textDocument/definition",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 9, "character": 15 } }),
    );
    assert_eq!(
        answer["result"],
        json!({ "uri": uri_of(&b), "range": { "start": { "line": 22, "character": 6 }, "end": { "line": 22, "character": 25 } } })
    );
    let hover = client.request(
        3,
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 9, "character": 15 } }),
    );
    assert_eq!(
        hover["result"]["contents"]["value"],
        "**Certutil Download Variant certutil_download_b**"
    );

    // Deleted again: unresolved again.
    std::fs::remove_file(&b).expect("remove b.yml");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri_of(&b), "type": 3 }] }),
    );
    let after = client.diagnostics(&uri);
    assert_eq!(with_code(&after, "SC806").len(), 1, "{after:#?}");
    client.shutdown();
}

#[test]
fn fix_all_applies_every_safe_fix_in_one_edit() {
    let text = rule(ID, "certutil_download_a")
        .replace("date: 2026-10-01", "date: 2026/10/01")
        .replace("level: high", "level: High");
    let dir = workspace(&[("a.yml", &text)]);
    let path = dir.path().join("a.yml");
    let uri = uri_of(&path);
    let mut client = Client::start(dir.path());
    client.indexed();
    let diagnostics = client.open(&uri, &text);
    assert_eq!(
        with_code(&diagnostics, "SC108").len(),
        1,
        "{diagnostics:#?}"
    );
    assert_eq!(
        with_code(&diagnostics, "SC103").len(),
        1,
        "{diagnostics:#?}"
    );
    let answer = client.request(
        2,
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
            "context": { "diagnostics": [], "only": ["source.fixAll"] },
        }),
    );
    let actions = answer["result"].as_array().expect("actions");
    assert_eq!(actions.len(), 1, "{answer:#?}");
    assert_eq!(actions[0]["kind"], "source.fixAll.sigscope");
    assert_eq!(
        actions[0]["title"],
        "Fix all safe sigscope findings (2 fixes)"
    );
    // From the first change to the last: `2026/10/01` … `High`.
    assert_eq!(
        actions[0]["edit"]["changes"][&uri],
        json!([{
            "range": { "start": { "line": 7, "character": 10 }, "end": { "line": 21, "character": 8 } },
            "newText": text[text.find("/10/01").expect("date") ..text.find("High").expect("level") + 1]
                .replace("/10/01", "-10-01")
                .replace("\nlevel: H", "\nlevel: h"),
        }])
    );
    // `sigscope check --fix` writes the same text.
    let fixed = Command::new(env!("CARGO_BIN_EXE_sigscope"))
        .current_dir(dir.path())
        .args(["check", "a.yml", "--fix"])
        .output()
        .expect("run check --fix");
    assert!(fixed.status.code().is_some(), "{fixed:?}");
    let written = std::fs::read_to_string(&path).expect("fixed a.yml");
    let edit = &actions[0]["edit"]["changes"][&uri][0];
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let start = lines[..7].concat().len() + 10;
    let end = lines[..21].concat().len() + 8;
    let applied = format!(
        "{}{}{}",
        &text[..start],
        edit["newText"].as_str().expect("text"),
        &text[end..]
    );
    assert_eq!(applied, written);
    // Quick fixes alone: no fix-all.
    let answer = client.request(
        3,
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
            "context": { "diagnostics": [], "only": ["quickfix"] },
        }),
    );
    assert_eq!(answer["result"], json!([]));
    client.shutdown();
}

#[test]
fn codes_link_to_the_catalogue_when_its_url_is_configured() {
    let text = rule(ID, "certutil_download_a").replace("date: 2026-10-01", "date: 2026/10/01");
    let dir = workspace(&[
        ("a.yml", &text),
        (
            "sigscope.toml",
            "[site]\nbase-url = \"https://detections.acme.example/\"\n",
        ),
    ]);
    let uri = uri_of(&dir.path().join("a.yml"));
    let mut client = Client::start(dir.path());
    client.indexed();
    let diagnostics = client.open(&uri, &text);
    let sc108 = with_code(&diagnostics, "SC108");
    assert_eq!(
        sc108[0]["codeDescription"],
        json!({ "href": "https://detections.acme.example/lints/sc108.html" }),
        "{diagnostics:#?}"
    );
    client.shutdown();

    // Without it, no link.
    let plain = workspace(&[("a.yml", &text)]);
    let uri = uri_of(&plain.path().join("a.yml"));
    let mut client = Client::start(plain.path());
    client.indexed();
    let diagnostics = client.open(&uri, &text);
    assert_eq!(
        with_code(&diagnostics, "SC108")[0].get("codeDescription"),
        None
    );
    client.shutdown();
}

#[test]
fn a_burst_of_changes_is_answered_and_ends_with_the_last_version() {
    let text = rule(ID, "certutil_download_a");
    let dir = workspace(&[("a.yml", &text)]);
    let uri = uri_of(&dir.path().join("a.yml"));
    let mut client = Client::start(dir.path());
    client.indexed();
    client.open(&uri, &text);
    let changes = 1000;
    for version in 2..changes + 2 {
        // Every other version tests only that `CommandLine` exists (SC416), the last one too.
        let text = if version % 2 == 1 {
            text.replace(
                "CommandLine|contains: 'certutil_download_a'",
                "CommandLine: '*'",
            )
        } else {
            text.clone()
        };
        client.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
        );
    }
    let last = changes + 1;
    let answer = client.request(
        2,
        "textDocument/definition",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 0 } }),
    );
    assert_eq!(answer["result"], Value::Null);
    let mut versions = Vec::new();
    let diagnostics = loop {
        let msg = client.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        let version = msg["params"]["version"].as_i64().expect("version");
        versions.push(version);
        if version == last {
            break msg["params"]["diagnostics"].clone();
        }
    };
    // Never an older version after a newer one.
    assert!(versions.windows(2).all(|w| w[0] < w[1]), "{versions:?}");
    let diagnostics = diagnostics.as_array().expect("diagnostics").clone();
    assert_eq!(
        with_code(&diagnostics, "SC416").len(),
        1,
        "{diagnostics:#?}"
    );
    client.shutdown();
}

#[test]
fn a_huge_document_and_a_file_outside_the_workspace_are_checked_alone() {
    let text = rule(ID, "certutil_download_a");
    let dir = workspace(&[("rules/a.yml", &text)]);
    let elsewhere = workspace(&[]);
    let mut client = Client::start(dir.path());
    client.indexed();

    // 50 MB in the editor: the size limit of `check` applies, and the server keeps answering.
    let huge_uri = uri_of(&dir.path().join("rules/huge.yml"));
    let huge = format!(
        "title: Huge\ndescription: '{}'\n",
        "x".repeat(50 * 1024 * 1024)
    );
    let diagnostics = client.open(&huge_uri, &huge);
    assert_eq!(
        diagnostics.iter().map(|d| &d["code"]).collect::<Vec<_>>(),
        [&json!("SC005")],
        "{diagnostics:#?}"
    );

    // A copy of a workspace rule opened from outside the workspace is checked on its own; the
    // same text inside the workspace is a copied file (SC811).
    let codes = |diagnostics: Vec<Value>| -> Vec<Value> {
        diagnostics.iter().map(|d| d["code"].clone()).collect()
    };
    let outside = uri_of(&elsewhere.path().join("a.yml"));
    assert_eq!(codes(client.open(&outside, &text)), Vec::<Value>::new());
    let inside = uri_of(&dir.path().join("rules/copy.yml"));
    assert_eq!(codes(client.open(&inside, &text)), [json!("SC811")]);

    let answer = client.request(
        2,
        "textDocument/hover",
        json!({ "textDocument": { "uri": huge_uri }, "position": { "line": 0, "character": 0 } }),
    );
    assert!(answer.get("error").is_none(), "{answer:#?}");
    client.shutdown();
}
