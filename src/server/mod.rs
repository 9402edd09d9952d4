//! `sigscope server`: a Language Server (LSP 3.17) over a byte stream, on the same pipeline as
//! `check` on standard input. It reads framed JSON-RPC messages from a reader and writes its
//! answers to a writer; `main.rs` gives it standard input and output.
//!
//! Documents are synchronised in full and checked on every change, one message at a time.

mod complete;
mod hover;
mod knowledge;
mod outline;
mod position;
mod symbols;

use std::collections::HashMap;
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, Exit, Notification as _,
    PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, GotoDefinition, HoverRequest, Initialize,
    PrepareRenameRequest, Rename, Request as _, Shutdown,
};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, CompletionOptions, CompletionParams,
    DiagnosticRelatedInformation, DiagnosticSeverity, DidChangeTextDocumentParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DocumentSymbolParams,
    GotoDefinitionParams, HoverParams, HoverProviderCapability, InitializeResult, Location,
    NumberOrString, OneOf, PublishDiagnosticsParams, RenameOptions, RenameParams,
    ServerCapabilities, ServerInfo, TextDocumentPositionParams, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextEdit, Uri, WorkspaceEdit,
};
use serde_json::{Value, json};

use crate::check::check_text;
use crate::config::Configs;
use crate::diagnostics::{Applicability, Diagnostic, Fix};
use crate::lint::{Lint, Severity};
use crate::source::SourceFile;
use position::LineIndex;

/// What ends a session: the client's `exit`, after `shutdown` or not, or the end of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// `exit` after `shutdown`, or the input closed after `shutdown`: exit code 0.
    Clean,
    /// `exit` without `shutdown`, or the input closed without either: exit code 1 (LSP).
    Abrupt,
}

/// Serves one client until it exits or the input ends. `configs` gives each document the
/// `sigscope.toml` closest to its path, as `check --stdin-filename` does. Fails only when the
/// input or output fails.
pub fn serve(input: impl BufRead, output: impl Write, configs: &Configs) -> io::Result<Ending> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut server = Server {
        out: output,
        configs,
        cwd,
        docs: HashMap::new(),
        initialized: false,
        shut_down: false,
    };
    let mut input = input;
    loop {
        let body = match read_frame(&mut input)? {
            Frame::End => {
                return Ok(if server.shut_down {
                    Ending::Clean
                } else {
                    Ending::Abrupt
                });
            }
            Frame::Malformed(why) => {
                server.error_without_id(ErrorCode::ParseError, &why)?;
                continue;
            }
            Frame::Body(body) => body,
        };
        match parse_message(&body) {
            Ok(Message::Request(req)) => server.request(req)?,
            Ok(Message::Notification(n)) if n.method == Exit::METHOD => {
                return Ok(if server.shut_down {
                    Ending::Clean
                } else {
                    Ending::Abrupt
                });
            }
            Ok(Message::Notification(n)) => server.notification(n)?,
            // We send no requests, so no response is awaited.
            Ok(Message::Response(_)) => {}
            Err((Some(id), why)) => {
                server.respond(Response::new_err(id, ErrorCode::InvalidRequest as i32, why))?
            }
            Err((None, why)) => {
                let code = if serde_json::from_slice::<Value>(&body).is_ok() {
                    ErrorCode::InvalidRequest
                } else {
                    ErrorCode::ParseError
                };
                server.error_without_id(code, &why)?;
            }
        }
    }
}

enum Frame {
    Body(Vec<u8>),
    /// A header block without a usable `Content-Length`; its body cannot be found.
    Malformed(String),
    End,
}

/// Largest message accepted; a longer `Content-Length` is refused rather than allocated.
const MAX_MESSAGE: usize = 256 * 1024 * 1024;

fn read_frame(input: &mut impl BufRead) -> io::Result<Frame> {
    let mut length: Option<Result<usize, String>> = None;
    let mut seen_header = false;
    loop {
        let mut line = Vec::new();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(Frame::End);
        }
        let line = String::from_utf8_lossy(&line);
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if !seen_header {
                continue;
            }
            break;
        }
        seen_header = true;
        if let Some((name, value)) = line.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = Some(
                value
                    .trim()
                    .parse::<usize>()
                    .map_err(|_| format!("bad `Content-Length` header: `{}`", value.trim())),
            );
        }
    }
    let length = match length {
        None => return Ok(Frame::Malformed("no `Content-Length` header".to_owned())),
        Some(Err(why)) => return Ok(Frame::Malformed(why)),
        Some(Ok(n)) if n > MAX_MESSAGE => {
            return Ok(Frame::Malformed(format!(
                "message of {n} bytes is over the limit of {MAX_MESSAGE}"
            )));
        }
        Some(Ok(n)) => n,
    };
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Frame::Body(body))
}

/// A message, or why it is not one with the id to answer, when one can be found.
fn parse_message(body: &[u8]) -> Result<Message, (Option<RequestId>, String)> {
    serde_json::from_slice::<Message>(body).map_err(|e| {
        let id = serde_json::from_slice::<Value>(body)
            .ok()
            .and_then(|v| v.get("id").cloned())
            .and_then(|id| serde_json::from_value::<RequestId>(id).ok());
        (id, format!("not a JSON-RPC message: {e}"))
    })
}

struct Server<'c, W> {
    out: W,
    configs: &'c Configs,
    cwd: PathBuf,
    /// Open documents by URI.
    docs: HashMap<String, Document>,
    initialized: bool,
    shut_down: bool,
}

struct Document {
    uri: Uri,
    path: PathBuf,
    text: String,
    /// The findings of the last check of `text`.
    findings: Vec<Finding>,
}

struct Finding {
    lsp: lsp_types::Diagnostic,
    lint: Option<&'static Lint>,
    fix: Option<Fix>,
    /// 0-based line of the start of the span, as suppressions count lines (`\n` only).
    line: usize,
}

impl<W: Write> Server<'_, W> {
    fn respond(&mut self, response: Response) -> io::Result<()> {
        Message::Response(response).write(&mut self.out)?;
        self.out.flush()
    }

    fn notify(&mut self, method: &str, params: impl serde::Serialize) -> io::Result<()> {
        Message::Notification(Notification::new(method.to_owned(), params)).write(&mut self.out)?;
        self.out.flush()
    }

    /// JSON-RPC's answer to a message whose id cannot be read: an error with a null id.
    fn error_without_id(&mut self, code: ErrorCode, message: &str) -> io::Result<()> {
        let text = json!({
            "jsonrpc": "2.0",
            "id": null,
            "error": { "code": code as i32, "message": message },
        })
        .to_string();
        write!(self.out, "Content-Length: {}\r\n\r\n{text}", text.len())?;
        self.out.flush()
    }

    fn request(&mut self, req: Request) -> io::Result<()> {
        let id = req.id.clone();
        if req.method == Initialize::METHOD {
            self.initialized = true;
            return self.respond(Response::new_ok(id, initialize_result()));
        }
        if !self.initialized {
            return self.respond(Response::new_err(
                id,
                ErrorCode::ServerNotInitialized as i32,
                "the server is not initialized: send `initialize` first".to_owned(),
            ));
        }
        if self.shut_down {
            return self.respond(Response::new_err(
                id,
                ErrorCode::InvalidRequest as i32,
                "the server is shut down: only `exit` is expected".to_owned(),
            ));
        }
        let result = match req.method.as_str() {
            Shutdown::METHOD => {
                self.shut_down = true;
                Ok(Value::Null)
            }
            HoverRequest::METHOD => params::<HoverParams>(req.params).map(|p| {
                let at = p.text_document_position_params;
                let answer = self
                    .docs
                    .get(at.text_document.uri.as_str())
                    .and_then(|doc| {
                        let findings: Vec<_> = doc
                            .findings
                            .iter()
                            .filter_map(|f| Some((f.lsp.range, f.lint?)))
                            .collect();
                        let parsed = crate::yaml::parse(&doc.text);
                        let settings = &self.configs.run().settings;
                        hover::hover(&doc.text, &parsed, settings, &findings, at.position)
                    });
                serde_json::to_value(answer).unwrap_or_default()
            }),
            GotoDefinition::METHOD => params::<GotoDefinitionParams>(req.params).map(|p| {
                let at = p.text_document_position_params;
                let answer = self
                    .docs
                    .get(at.text_document.uri.as_str())
                    .and_then(|doc| {
                        let parsed = crate::yaml::parse(&doc.text);
                        symbols::definition(&doc.text, &parsed, &doc.uri, at.position)
                    });
                serde_json::to_value(answer).unwrap_or_default()
            }),
            Completion::METHOD => params::<CompletionParams>(req.params).map(|p| {
                let at = p.text_document_position;
                let answer = self
                    .docs
                    .get(at.text_document.uri.as_str())
                    .and_then(|doc| {
                        complete::completion(&doc.text, &self.configs.run().settings, at.position)
                    });
                serde_json::to_value(answer).unwrap_or_default()
            }),
            DocumentSymbolRequest::METHOD => params::<DocumentSymbolParams>(req.params).map(|p| {
                let answer = self.docs.get(p.text_document.uri.as_str()).map(|doc| {
                    let parsed = crate::yaml::parse(&doc.text);
                    symbols::document_symbols(&doc.text, &parsed)
                });
                serde_json::to_value(answer).unwrap_or_default()
            }),
            PrepareRenameRequest::METHOD => params::<TextDocumentPositionParams>(req.params)
                .and_then(|at| {
                    let Some(doc) = self.docs.get(at.text_document.uri.as_str()) else {
                        return Ok(Value::Null);
                    };
                    let parsed = crate::yaml::parse(&doc.text);
                    symbols::prepare_rename(&doc.text, &parsed, at.position)
                        .map(|answer| serde_json::to_value(answer).unwrap_or_default())
                        .map_err(|why| (ErrorCode::RequestFailed, why))
                }),
            Rename::METHOD => params::<RenameParams>(req.params).and_then(|p| {
                let at = p.text_document_position;
                let Some(doc) = self.docs.get(at.text_document.uri.as_str()) else {
                    return Ok(Value::Null);
                };
                let parsed = crate::yaml::parse(&doc.text);
                symbols::rename(&doc.text, &parsed, &doc.uri, at.position, &p.new_name)
                    .map(|answer| serde_json::to_value(answer).unwrap_or_default())
                    .map_err(|why| (ErrorCode::RequestFailed, why))
            }),
            CodeActionRequest::METHOD => params::<CodeActionParams>(req.params)
                .map(|p| serde_json::to_value(self.code_actions(&p)).unwrap_or_default()),
            method => Err((
                ErrorCode::MethodNotFound,
                format!("unknown method `{method}`"),
            )),
        };
        self.respond(match result {
            Ok(value) => Response::new_ok(id, value),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        })
    }

    fn notification(&mut self, n: Notification) -> io::Result<()> {
        if !self.initialized || self.shut_down {
            return Ok(());
        }
        // Notifications get no answer: one that cannot be read is ignored.
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(p) = params::<DidOpenTextDocumentParams>(n.params) {
                    let doc = p.text_document;
                    self.set_text(doc.uri, doc.text, doc.version)?;
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(mut p) = params::<DidChangeTextDocumentParams>(n.params)
                    && let Some(change) = p.content_changes.pop()
                    && change.range.is_none()
                {
                    self.set_text(p.text_document.uri, change.text, p.text_document.version)?;
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) = params::<DidCloseTextDocumentParams>(n.params) {
                    self.docs.remove(p.text_document.uri.as_str());
                    self.publish(p.text_document.uri, Vec::new(), None)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn publish(
        &mut self,
        uri: Uri,
        diagnostics: Vec<lsp_types::Diagnostic>,
        version: Option<i32>,
    ) -> io::Result<()> {
        self.notify(
            PublishDiagnostics::METHOD,
            PublishDiagnosticsParams {
                uri,
                diagnostics,
                version,
            },
        )
    }

    fn set_text(&mut self, uri: Uri, text: String, version: i32) -> io::Result<()> {
        let path = path_of(&uri, &self.cwd);
        let findings = check_document(self.configs, &path, &text);
        let diagnostics = findings.iter().map(|f| f.lsp.clone()).collect();
        self.docs.insert(
            uri.as_str().to_owned(),
            Document {
                uri: uri.clone(),
                path,
                text,
                findings,
            },
        );
        self.publish(uri, diagnostics, Some(version))
    }

    fn code_actions(&self, p: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let Some(doc) = self.docs.get(p.text_document.uri.as_str()) else {
            return Vec::new();
        };
        if let Some(only) = &p.context.only
            && !only
                .iter()
                .any(|k| CodeActionKind::QUICKFIX.as_str().starts_with(k.as_str()))
        {
            return Vec::new();
        }
        let index = LineIndex::new(&doc.text);
        let mut actions = Vec::new();
        for f in doc
            .findings
            .iter()
            .filter(|f| overlaps(&f.lsp.range, &p.range))
        {
            let Some(lint) = f.lint else { continue };
            if let Some(fix) = &f.fix {
                let edits = fix
                    .edits
                    .iter()
                    .map(|e| TextEdit::new(index.range(&e.span), e.content.clone()))
                    .collect();
                let safe = fix.applicability == Applicability::Safe;
                actions.push(quickfix(
                    format!(
                        "{}: {}{}",
                        lint.code,
                        fix.message,
                        if safe { "" } else { " (unsafe)" }
                    ),
                    f,
                    &doc.uri,
                    edits,
                    safe,
                ));
            }
            if let Some(edit) = ignore_edit(self.configs, doc, &index, f, lint) {
                actions.push(quickfix(
                    format!("Ignore {} on this line", lint.code),
                    f,
                    &doc.uri,
                    vec![edit],
                    false,
                ));
            }
        }
        actions
    }
}

fn params<P: serde::de::DeserializeOwned>(value: Value) -> Result<P, (ErrorCode, String)> {
    serde_json::from_value(value)
        .map_err(|e| (ErrorCode::InvalidParams, format!("bad params: {e}")))
}

fn initialize_result() -> InitializeResult {
    InitializeResult {
        capabilities: ServerCapabilities {
            text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(vec!["|".to_owned(), ".".to_owned()]),
                ..CompletionOptions::default()
            }),
            definition_provider: Some(OneOf::Left(true)),
            document_symbol_provider: Some(OneOf::Left(true)),
            rename_provider: Some(OneOf::Right(RenameOptions {
                prepare_provider: Some(true),
                work_done_progress_options: Default::default(),
            })),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                ..CodeActionOptions::default()
            })),
            ..ServerCapabilities::default()
        },
        server_info: Some(ServerInfo {
            name: "sigscope".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
    }
}

/// Checks one document's text with the configuration of its path, as `check --stdin-filename`.
fn check_document(configs: &Configs, path: &Path, text: &str) -> Vec<Finding> {
    let own = match configs.for_file(path) {
        Ok(own) => own,
        Err(e) => {
            // The document cannot be checked as configured: say so where it will be seen.
            let lsp = lsp_types::Diagnostic {
                range: lsp_types::Range::default(),
                severity: Some(DiagnosticSeverity::ERROR),
                source: Some("sigscope".to_owned()),
                message: format!("cannot use the configuration of this file: {e}"),
                ..lsp_types::Diagnostic::default()
            };
            return vec![Finding {
                lsp,
                lint: None,
                fix: None,
                line: 0,
            }];
        }
    };
    let report = check_text(path, text.as_bytes().to_vec(), &own.settings);
    let Some(file) = report.files.into_iter().next() else {
        return Vec::new();
    };
    let index = LineIndex::new(text);
    file.diagnostics
        .into_iter()
        .map(|d| Finding {
            lsp: to_lsp(&d, &index, path),
            line: file.source.line_col(d.span.start).line - 1,
            lint: Some(d.lint),
            fix: d.fix,
        })
        .collect()
}

fn to_lsp(d: &Diagnostic, index: &LineIndex<'_>, path: &Path) -> lsp_types::Diagnostic {
    let message = match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    };
    let related: Vec<_> = d
        .secondary
        .iter()
        .filter_map(|label| {
            let (uri, range) = match &label.path {
                None => (uri_of(path)?, index.range(&label.span)),
                Some(other) => {
                    let text = std::fs::read_to_string(other).ok()?;
                    (uri_of(other)?, LineIndex::new(&text).range(&label.span))
                }
            };
            Some(DiagnosticRelatedInformation {
                location: Location { uri, range },
                message: label.message.to_string(),
            })
        })
        .collect();
    lsp_types::Diagnostic {
        range: index.range(&d.span),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.lint.code.to_owned())),
        source: Some("sigscope".to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        data: Some(json!({
            "name": d.lint.name,
            "fix": d.fix.as_ref().map(|f| json!({
                "message": f.message,
                "applicability": f.applicability,
            })),
        })),
        ..lsp_types::Diagnostic::default()
    }
}

fn quickfix(
    title: String,
    f: &Finding,
    uri: &Uri,
    edits: Vec<TextEdit>,
    preferred: bool,
) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![f.lsp.clone()]),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }),
        is_preferred: preferred.then_some(true),
        ..CodeAction::default()
    })
}

/// The edit that adds `# sigscope: ignore[CODE]` for a finding: at the end of its line, or on a
/// line of its own above it. Each is tried on the text and kept only if the check of the result
/// then lacks exactly the findings of that code on that line (a comment inside a quoted string
/// or a block scalar would be content, not a suppression).
fn ignore_edit(
    configs: &Configs,
    doc: &Document,
    index: &LineIndex<'_>,
    f: &Finding,
    lint: &Lint,
) -> Option<TextEdit> {
    let source = SourceFile::new(&doc.path, doc.text.as_str());
    let line_start = source.line_start(f.line)?;
    let line_end = doc.text[line_start..]
        .find('\n')
        .map_or(doc.text.len(), |i| line_start + i);
    let line_end = line_end - usize::from(doc.text[..line_end].ends_with('\r'));
    let indent = doc.text[line_start..line_end].len()
        - doc.text[line_start..line_end]
            .trim_start_matches([' ', '\t'])
            .len();
    let newline = if doc.text[line_end..].starts_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let comment = format!("# sigscope: ignore[{}]", lint.code);
    let candidates = [
        (line_end, format!("  {comment}")),
        (
            line_start,
            format!(
                "{}{comment}{newline}",
                &doc.text[line_start..line_start + indent]
            ),
        ),
    ];
    let expected = doc.findings.len()
        - doc
            .findings
            .iter()
            .filter(|g| g.line == f.line && g.lint.is_some_and(|l| l.code == lint.code))
            .count();
    candidates.into_iter().find_map(|(at, insert)| {
        let mut text = doc.text.clone();
        text.insert_str(at, &insert);
        let after = check_document(configs, &doc.path, &text);
        let still = after.iter().any(|g| {
            g.lint.is_some_and(|l| l.code == lint.code)
                && g.line == f.line + usize::from(at == line_start)
        });
        (!still && after.len() == expected).then(|| TextEdit::new(index.range(&(at..at)), insert))
    })
}

fn overlaps(a: &lsp_types::Range, b: &lsp_types::Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// The path a document is checked as: its file for a `file:` URI, else a name in the working
/// directory (an unsaved buffer gets the configuration of the workspace).
fn path_of(uri: &Uri, cwd: &Path) -> PathBuf {
    let text = uri.as_str();
    if let Some(rest) = text.strip_prefix("file://") {
        // Skip the authority (empty or `localhost`).
        let path = rest.find('/').map_or("", |i| &rest[i..]);
        let decoded = percent_decode(path);
        #[cfg(windows)]
        let decoded = match decoded.strip_prefix('/') {
            Some(p) if p.as_bytes().get(1) == Some(&b':') => p.to_owned(),
            _ => decoded,
        };
        return PathBuf::from(decoded);
    }
    let name = text.rsplit(['/', ':']).next().unwrap_or_default();
    cwd.join(if name.is_empty() {
        "untitled.yml"
    } else {
        name
    })
}

fn uri_of(path: &Path) -> Option<Uri> {
    let absolute = std::path::absolute(path).ok()?;
    let text = absolute.to_string_lossy().replace('\\', "/");
    let mut encoded = String::from("file://");
    if !text.starts_with('/') {
        encoded.push('/');
    }
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~:".contains(&b) {
            encoded.push(char::from(b));
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    encoded.parse().ok()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_become_paths() {
        let uri: Uri = "file:///tmp/a%20b/r%C3%A8gle.yml"
            .parse()
            .unwrap_or_else(|_| unreachable!());
        #[cfg(not(windows))]
        assert_eq!(
            path_of(&uri, Path::new("/x")),
            PathBuf::from("/tmp/a b/règle.yml")
        );
        let untitled: Uri = "untitled:Untitled-1"
            .parse()
            .unwrap_or_else(|_| unreachable!());
        assert_eq!(
            path_of(&untitled, Path::new("/x")),
            PathBuf::from("/x/Untitled-1")
        );
    }
}
