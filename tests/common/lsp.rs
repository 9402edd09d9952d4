//! A language-server client for the tests: `sigscope server` over stdio with `Content-Length`
//! framing, as an editor drives it.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::{Value, json};

/// A hang guard only: every answer comes long before it.
const HANG: Duration = Duration::from_secs(120);

pub struct Client {
    pub child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    /// Notifications read while waiting for a response.
    pending: Vec<Value>,
    next_id: i64,
}

impl Client {
    /// `sigscope server` in the crate's folder, initialized.
    pub fn start() -> Self {
        let (child, stdin, messages) = spawn(Path::new(env!("CARGO_MANIFEST_DIR")));
        let mut client = Self {
            child,
            stdin,
            messages,
            pending: Vec::new(),
            next_id: 1,
        };
        let init = client.request("initialize", json!({ "capabilities": {} }));
        assert_eq!(init["result"]["capabilities"]["textDocumentSync"], 1);
        client.notify("initialized", json!({}));
        client
    }

    pub fn send_raw(&mut self, body: &[u8]) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).expect("write");
        self.stdin.write_all(body).expect("write");
        self.stdin.flush().expect("flush");
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        let msg = json!({ "jsonrpc": "2.0", "method": method, "params": params });
        self.send_raw(msg.to_string().as_bytes());
    }

    pub fn next(&mut self) -> Value {
        self.messages
            .recv_timeout(HANG)
            .expect("a message from the server")
    }

    /// The response to a request, with an id of its own.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let msg = json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params });
        self.send_raw(msg.to_string().as_bytes());
        loop {
            let msg = self.next();
            if msg.get("method").is_none() && msg["id"] == json!(id) {
                return msg;
            }
            self.pending.push(msg);
        }
    }

    /// The `result` of a request at `line`:`character` of `uri`.
    pub fn at(&mut self, method: &str, uri: &str, line: u32, character: u32) -> Value {
        self.request(
            method,
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
        )["result"]
            .clone()
    }

    /// The next diagnostics published for `uri`.
    pub fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let is_ours = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        };
        let msg = match self.pending.iter().position(is_ours) {
            Some(i) => self.pending.remove(i),
            None => loop {
                let msg = self.next();
                if is_ours(&msg) {
                    break msg;
                }
                self.pending.push(msg);
            },
        };
        msg["params"]["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .clone()
    }

    /// Opens a document and waits for its diagnostics.
    pub fn open(&mut self, uri: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "yaml", "version": 1, "text": text } }),
        );
        self.diagnostics(uri)
    }

    pub fn shutdown(mut self) {
        let answer = self.request("shutdown", Value::Null);
        assert_eq!(answer["result"], Value::Null);
        self.notify("exit", Value::Null);
        let status = self.child.wait().expect("wait");
        assert_eq!(status.code(), Some(0));
    }
}

/// An LSP range.
pub fn range(start: (u32, u32), end: (u32, u32)) -> Value {
    json!({
        "start": { "line": start.0, "character": start.1 },
        "end": { "line": end.0, "character": end.1 },
    })
}

/// `sigscope server` started in `dir`, and the messages it writes, unframed, on a channel.
pub fn spawn(dir: &Path) -> (Child, ChildStdin, Receiver<Value>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sigscope"))
        .arg("server")
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn sigscope server");
    let stdin = child.stdin.take().expect("stdin");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, messages) = channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        loop {
            let mut length = None;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(n) = line.strip_prefix("Content-Length: ") {
                    length = Some(n.parse::<usize>().expect("length"));
                }
            }
            let mut body = vec![0; length.expect("a Content-Length header")];
            reader.read_exact(&mut body).expect("body");
            if tx
                .send(serde_json::from_slice(&body).expect("JSON"))
                .is_err()
            {
                return;
            }
        }
    });
    (child, stdin, messages)
}
