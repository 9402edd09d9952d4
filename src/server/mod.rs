//! `sigscope server`: a Language Server (LSP 3.17) over a byte stream, on the same pipeline as
//! `check` on standard input. It reads framed JSON-RPC messages from a reader and writes its
//! answers to a writer; `main.rs` gives it standard input and output.
//!
//! Three threads: one reads messages, one checks documents ([`worker`]), and the main loop owns
//! the state and the output. The main loop takes every message queued before acting, so a burst
//! of changes to a document is one check of its newest text; a check of a text that changed
//! meanwhile is never published. On `initialized` the workspace folders are indexed in the
//! background ([`index`]) and each open document is then checked against the rest of its pack.

mod complete;
mod hover;
mod index;
mod knowledge;
mod outline;
mod position;
mod symbols;
mod worker;

use std::collections::{HashMap, HashSet};
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{Sender, channel};

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    Cancel, DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument,
    DidOpenTextDocument, DidSaveTextDocument, Exit, Initialized, Notification as _,
    Progress as ProgressNotification, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, GotoDefinition, HoverRequest, Initialize,
    PrepareRenameRequest, RegisterCapability, Rename, Request as _, Shutdown,
    WorkDoneProgressCreate,
};
use lsp_types::{
    CancelParams, CodeAction, CodeActionKind, CodeActionOptions, CodeActionOrCommand,
    CodeActionParams, CodeActionProviderCapability, CodeDescription, CompletionOptions,
    CompletionParams, DiagnosticRelatedInformation, DiagnosticSeverity,
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, DocumentSymbolParams, FileChangeType,
    GotoDefinitionParams, GotoDefinitionResponse, Hover, HoverContents, HoverParams,
    HoverProviderCapability, InitializeResult, Location, MarkupContent, MarkupKind, NumberOrString,
    OneOf, ProgressParams, ProgressParamsValue, PublishDiagnosticsParams, RenameOptions,
    RenameParams, ServerCapabilities, ServerInfo, TextDocumentPositionParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextEdit, Uri, WorkDoneProgress,
    WorkDoneProgressBegin, WorkDoneProgressEnd, WorkDoneProgressReport, WorkspaceEdit,
};
use serde_json::{Value, json};

use crate::check::check_text_in_pack;
use crate::config::Configs;
use crate::diagnostics::{Applicability, Diagnostic, Fix};
use crate::lint::{Lint, Severity};
use crate::sigma::summary::DocSummary;
use crate::source::SourceFile;
use index::{Index, IndexedFile};
use position::LineIndex;

/// What ends a session: the client's `exit`, after `shutdown` or not, or the end of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// `exit` after `shutdown`, or the input closed after `shutdown`: exit code 0.
    Clean,
    /// `exit` without `shutdown`, or the input closed without either: exit code 1 (LSP).
    Abrupt,
}

/// What the main loop acts on: the reader's messages, the checker's and the indexer's results.
#[derive(Debug)]
enum Event {
    Input(io::Result<Frame>),
    Checked(Box<worker::Checked>),
    /// Progress of the walk of generation `.0`: how many rules were read.
    Indexing(u64, usize),
    /// The walk of generation `.0` is over.
    Indexed(u64, Result<Vec<IndexedFile>, String>),
}

/// How many rules are read between two progress reports.
const PROGRESS_STEP: usize = 250;

/// Serves one client until it exits or the input ends. `configs` gives each document the
/// `sigscope.toml` closest to its path, as `check --stdin-filename` does. Fails only when the
/// input or output fails.
pub fn serve(
    input: impl BufRead + Send + 'static,
    output: impl Write,
    configs: Configs,
) -> io::Result<Ending> {
    let (events_tx, events) = channel::<Event>();
    let reader = events_tx.clone();
    // Not joined: a client may keep its end open after `exit`.
    std::thread::Builder::new()
        .name("sigscope-read".to_owned())
        .spawn(move || {
            let mut input = input;
            loop {
                let frame = read_frame(&mut input);
                let more = matches!(frame, Ok(Frame::Body(_) | Frame::Malformed(_)));
                if reader.send(Event::Input(frame)).is_err() || !more {
                    return;
                }
            }
        })?;
    let (jobs, jobs_rx) = channel::<worker::Job>();
    let checked = events_tx.clone();
    std::thread::Builder::new()
        .name("sigscope-check".to_owned())
        .spawn(move || worker::run(&jobs_rx, &checked))?;
    let mut server = Server::new(output, configs, events_tx, Some(jobs));
    loop {
        let Ok(first) = events.recv() else {
            // Cannot happen: the server holds a sender.
            return Ok(Ending::Abrupt);
        };
        let batch: Vec<Event> = std::iter::once(first).chain(events.try_iter()).collect();
        let cancelled = cancelled_in(&batch);
        for event in batch {
            if let Some(ending) = server.event(event, &cancelled)? {
                return Ok(ending);
            }
        }
        server.schedule()?;
    }
}

/// The requests that a `$/cancelRequest` of the same batch cancels.
fn cancelled_in(batch: &[Event]) -> HashSet<RequestId> {
    batch
        .iter()
        .filter_map(|e| match e {
            Event::Input(Ok(Frame::Body(body))) => {
                let value: Value = serde_json::from_slice(body).ok()?;
                (value.get("method")?.as_str()? == Cancel::METHOD).then_some(())?;
                let p: CancelParams = serde_json::from_value(value.get("params")?.clone()).ok()?;
                Some(match p.id {
                    NumberOrString::Number(n) => RequestId::from(n),
                    NumberOrString::String(s) => RequestId::from(s),
                })
            }
            _ => None,
        })
        .collect()
}

#[derive(Debug)]
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

/// What the client said it supports, from `initialize`.
#[derive(Debug, Default)]
struct ClientCaps {
    /// `window.workDoneProgress`: the server may create progress tokens.
    progress: bool,
    /// `workspace.didChangeWatchedFiles.dynamicRegistration`.
    watch: bool,
    /// The workspace folders (or the root), absolute.
    roots: Vec<PathBuf>,
}

struct Server<W> {
    out: W,
    configs: Arc<Configs>,
    cwd: PathBuf,
    /// Open documents by URI.
    docs: HashMap<String, Document>,
    initialized: bool,
    shut_down: bool,
    /// The workspace's rule files; shared with the checks under way, copied when it changes
    /// while one holds it.
    index: Arc<Index>,
    /// The generation of the walk under way and its progress token.
    indexing: Option<(u64, Option<String>)>,
    generation: u64,
    /// Files changed on disk during a walk, read again when it is over.
    pending_changes: Vec<PathBuf>,
    events: Sender<Event>,
    /// `None` once the checking thread is gone: documents are then checked on this one.
    jobs: Option<Sender<worker::Job>>,
    /// Documents changed since their last check was scheduled.
    dirty: Vec<String>,
    client: ClientCaps,
    next_request: u64,
}

struct Document {
    uri: Uri,
    path: PathBuf,
    text: String,
    version: i32,
    /// Which change `text` is; shared with the checker, which drops the jobs of older ones.
    seq: u64,
    latest: Arc<AtomicU64>,
    /// The change that `findings` and `summaries` are of.
    checked: Option<u64>,
    /// The findings of the last check.
    findings: Vec<Finding>,
    /// What the last check made of each Sigma document, for navigation through the index.
    summaries: Vec<DocSummary>,
}

#[derive(Debug)]
struct Finding {
    lsp: lsp_types::Diagnostic,
    lint: Option<&'static Lint>,
    fix: Option<Fix>,
    /// 0-based line of the start of the span, as suppressions count lines (`\n` only).
    line: usize,
}

impl Finding {
    /// A finding without a lint: why the document could not be checked.
    fn failure(message: &str) -> Self {
        Self {
            lsp: lsp_types::Diagnostic {
                range: lsp_types::Range::default(),
                severity: Some(DiagnosticSeverity::ERROR),
                source: Some("sigscope".to_owned()),
                message: message.to_owned(),
                ..lsp_types::Diagnostic::default()
            },
            lint: None,
            fix: None,
            line: 0,
        }
    }
}

impl<W: Write> Server<W> {
    fn new(
        out: W,
        configs: Configs,
        events: Sender<Event>,
        jobs: Option<Sender<worker::Job>>,
    ) -> Self {
        Self {
            out,
            configs: Arc::new(configs),
            cwd: std::env::current_dir().unwrap_or_default(),
            docs: HashMap::new(),
            initialized: false,
            shut_down: false,
            index: Arc::new(Index::default()),
            indexing: None,
            generation: 0,
            pending_changes: Vec::new(),
            events,
            jobs,
            dirty: Vec::new(),
            client: ClientCaps::default(),
            next_request: 0,
        }
    }

    fn respond(&mut self, response: Response) -> io::Result<()> {
        Message::Response(response).write(&mut self.out)?;
        self.out.flush()
    }

    fn notify(&mut self, method: &str, params: impl serde::Serialize) -> io::Result<()> {
        Message::Notification(Notification::new(method.to_owned(), params)).write(&mut self.out)?;
        self.out.flush()
    }

    /// Sends a request to the client; its answer is not awaited.
    fn send_request(&mut self, method: &str, params: impl serde::Serialize) -> io::Result<()> {
        self.next_request += 1;
        let id = RequestId::from(format!("sigscope/{}", self.next_request));
        Message::Request(Request::new(id, method.to_owned(), params)).write(&mut self.out)?;
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

    fn ending(&self) -> Ending {
        if self.shut_down {
            Ending::Clean
        } else {
            Ending::Abrupt
        }
    }

    /// Acts on one event; `Some` when the session is over.
    fn event(
        &mut self,
        event: Event,
        cancelled: &HashSet<RequestId>,
    ) -> io::Result<Option<Ending>> {
        let body = match event {
            Event::Input(frame) => match frame? {
                Frame::End => return Ok(Some(self.ending())),
                Frame::Malformed(why) => {
                    self.error_without_id(ErrorCode::ParseError, &why)?;
                    return Ok(None);
                }
                Frame::Body(body) => body,
            },
            Event::Checked(c) => {
                self.checked(*c)?;
                return Ok(None);
            }
            Event::Indexing(generation, rules) => {
                self.indexing_progress(generation, rules)?;
                return Ok(None);
            }
            Event::Indexed(generation, files) => {
                self.indexed(generation, files)?;
                return Ok(None);
            }
        };
        match parse_message(&body) {
            Ok(Message::Request(req)) if cancelled.contains(&req.id) => {
                self.respond(Response::new_err(
                    req.id,
                    ErrorCode::RequestCanceled as i32,
                    "the request was cancelled".to_owned(),
                ))?;
            }
            Ok(Message::Request(req)) => self.request(req)?,
            Ok(Message::Notification(n)) if n.method == Exit::METHOD => {
                return Ok(Some(self.ending()));
            }
            Ok(Message::Notification(n)) => self.notification(n)?,
            // The answers to our requests (progress tokens, registrations) need no action.
            Ok(Message::Response(_)) => {}
            Err((Some(id), why)) => {
                self.respond(Response::new_err(id, ErrorCode::InvalidRequest as i32, why))?
            }
            Err((None, why)) => {
                let code = if serde_json::from_slice::<Value>(&body).is_ok() {
                    ErrorCode::InvalidRequest
                } else {
                    ErrorCode::ParseError
                };
                self.error_without_id(code, &why)?;
            }
        }
        Ok(None)
    }

    fn request(&mut self, req: Request) -> io::Result<()> {
        let id = req.id.clone();
        if req.method == Initialize::METHOD {
            self.initialized = true;
            self.client = client_caps(&req.params, &self.cwd);
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
                self.fresh(p.text_document_position_params.text_document.uri.as_str());
                if let Some(found) = self.rule_hover(&p) {
                    return serde_json::to_value(found).unwrap_or_default();
                }
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
                self.fresh(p.text_document_position_params.text_document.uri.as_str());
                if let Some(found) = self.rule_definition(&p) {
                    return serde_json::to_value(found).unwrap_or_default();
                }
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
            CodeActionRequest::METHOD => params::<CodeActionParams>(req.params).map(|p| {
                self.fresh(p.text_document.uri.as_str());
                serde_json::to_value(self.code_actions(&p)).unwrap_or_default()
            }),
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
            Initialized::METHOD => self.start()?,
            DidOpenTextDocument::METHOD => {
                if let Ok(p) = params::<DidOpenTextDocumentParams>(n.params) {
                    let doc = p.text_document;
                    self.set_text(doc.uri, doc.text, doc.version);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(mut p) = params::<DidChangeTextDocumentParams>(n.params)
                    && let Some(change) = p.content_changes.pop()
                    && change.range.is_none()
                {
                    self.set_text(p.text_document.uri, change.text, p.text_document.version);
                }
            }
            DidSaveTextDocument::METHOD => {
                if let Ok(p) = params::<DidSaveTextDocumentParams>(n.params) {
                    // What the other open documents see of this one is its text already: a
                    // save is when they are checked against it again.
                    let saved = p.text_document.uri.as_str().to_owned();
                    self.recheck_open(Some(&saved));
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) = params::<DidCloseTextDocumentParams>(n.params) {
                    if let Some(doc) = self.docs.remove(p.text_document.uri.as_str()) {
                        // The newest change is no document's: its check under way is dropped.
                        doc.latest.fetch_add(1, Ordering::AcqRel);
                        self.dirty.retain(|k| k != doc.uri.as_str());
                        if self.index.covers(&doc.path) {
                            let disk = index::read(&doc.path, &self.configs);
                            self.set_entry(&doc.path, disk);
                            self.recheck_open(None);
                        }
                    }
                    self.publish(p.text_document.uri, Vec::new(), None)?;
                }
            }
            DidChangeWatchedFiles::METHOD => {
                if let Ok(p) = params::<DidChangeWatchedFilesParams>(n.params) {
                    self.files_changed(&p)?;
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

    fn set_text(&mut self, uri: Uri, text: String, version: i32) {
        let key = uri.as_str().to_owned();
        match self.docs.get_mut(&key) {
            Some(doc) => {
                doc.text = text;
                doc.version = version;
                doc.seq += 1;
                doc.latest.store(doc.seq, Ordering::Release);
            }
            None => {
                let path = path_of(&uri, &self.cwd);
                self.docs.insert(
                    key.clone(),
                    Document {
                        uri,
                        path,
                        text,
                        version,
                        seq: 1,
                        latest: Arc::new(AtomicU64::new(1)),
                        checked: None,
                        findings: Vec::new(),
                        summaries: Vec::new(),
                    },
                );
            }
        }
        if !self.dirty.contains(&key) {
            self.dirty.push(key);
        }
    }

    /// Hands the changed documents to the checker (or checks them here when it is gone).
    fn schedule(&mut self) -> io::Result<()> {
        for key in std::mem::take(&mut self.dirty) {
            let Some(doc) = self.docs.get(&key) else {
                continue;
            };
            if doc.checked == Some(doc.seq) {
                continue;
            }
            let job = worker::Job {
                key: key.clone(),
                seq: doc.seq,
                path: doc.path.clone(),
                text: doc.text.clone(),
                configs: Arc::clone(&self.configs),
                index: Arc::clone(&self.index),
                latest: Arc::clone(&doc.latest),
            };
            if let Some(jobs) = &self.jobs
                && let Err(unsent) = jobs.send(job)
            {
                self.jobs = None;
                let job = unsent.0;
                let (findings, docs) =
                    check_document(&job.configs, &job.index, &job.path, &job.text);
                self.checked(worker::Checked {
                    key: job.key,
                    seq: job.seq,
                    findings,
                    docs,
                })?;
            } else if self.jobs.is_none() {
                self.fresh(&key);
                self.publish_current(&key)?;
            }
        }
        Ok(())
    }

    /// A check is done: kept and published if its document has not changed since.
    fn checked(&mut self, c: worker::Checked) -> io::Result<()> {
        let Some(doc) = self.docs.get_mut(&c.key) else {
            return Ok(());
        };
        if doc.seq != c.seq || doc.checked == Some(c.seq) {
            return Ok(());
        }
        doc.findings = c.findings;
        doc.summaries = c.docs;
        doc.checked = Some(c.seq);
        self.index_open(&c.key);
        self.publish_current(&c.key)
    }

    fn publish_current(&mut self, key: &str) -> io::Result<()> {
        let Some(doc) = self.docs.get(key) else {
            return Ok(());
        };
        let diagnostics = doc.findings.iter().map(|f| f.lsp.clone()).collect();
        let (uri, version) = (doc.uri.clone(), doc.version);
        self.publish(uri, diagnostics, Some(version))
    }

    /// Makes sure the findings of an open document are of its newest text, checking it here if
    /// the checker has not yet: a request about it answers for the text the client sees. The
    /// diagnostics are published when the checker's result for the same text comes.
    fn fresh(&mut self, key: &str) {
        let Some(doc) = self.docs.get_mut(key) else {
            return;
        };
        if doc.checked == Some(doc.seq) {
            return;
        }
        let (findings, docs) = check_document(&self.configs, &self.index, &doc.path, &doc.text);
        doc.findings = findings;
        doc.summaries = docs;
        doc.checked = Some(doc.seq);
        // Published now: the checker's result for this text will be dropped as known.
        let _ = self.publish_current(key);
        self.index_open(key);
    }

    /// Puts an open document's text and summaries in the index in place of its file's.
    fn index_open(&mut self, key: &str) {
        let Some(doc) = self.docs.get(key) else {
            return;
        };
        if !self.index.covers(&doc.path) {
            return;
        }
        let entry = (!doc.summaries.is_empty()).then(|| IndexedFile {
            path: doc.path.clone(),
            text: Arc::from(doc.text.as_str()),
            docs: doc.summaries.clone(),
            identity: index::identity(&doc.path),
        });
        let path = doc.path.clone();
        self.set_entry(&path, entry);
    }

    fn set_entry(&mut self, path: &Path, entry: Option<IndexedFile>) {
        let index = Arc::make_mut(&mut self.index);
        match entry {
            Some(e) => {
                index.files.insert(path.to_path_buf(), Arc::new(e));
            }
            None => {
                index.files.remove(path);
            }
        }
    }

    /// Checks the open documents again (all but `except`): the pack they are checked against
    /// changed.
    fn recheck_open(&mut self, except: Option<&str>) {
        let keys: Vec<String> = self
            .docs
            .keys()
            .filter(|k| Some(k.as_str()) != except)
            .cloned()
            .collect();
        for key in keys {
            if let Some(doc) = self.docs.get_mut(&key) {
                // The same text checked again is a new change for the checker.
                doc.seq += 1;
                doc.latest.store(doc.seq, Ordering::Release);
            }
            if !self.dirty.contains(&key) {
                self.dirty.push(key);
            }
        }
    }

    /// `initialized`: index the workspace and watch its rule files.
    fn start(&mut self) -> io::Result<()> {
        if self.client.watch {
            let watchers = json!({
                "registrations": [{
                    "id": "sigscope/watch",
                    "method": DidChangeWatchedFiles::METHOD,
                    "registerOptions": { "watchers": [
                        { "globPattern": "**/*.{yml,yaml}" },
                        { "globPattern": "**/sigscope.toml" },
                    ] },
                }],
            });
            self.send_request(RegisterCapability::METHOD, watchers)?;
        }
        self.start_index()
    }

    /// Walks the workspace folders on a thread of its own; the open documents are checked
    /// against the pack when it is done.
    fn start_index(&mut self) -> io::Result<()> {
        if self.client.roots.is_empty() {
            return Ok(());
        }
        self.generation += 1;
        let generation = self.generation;
        let token = if self.client.progress {
            let token = format!("sigscope/index/{generation}");
            self.send_request(WorkDoneProgressCreate::METHOD, json!({ "token": token }))?;
            self.progress(
                &token,
                WorkDoneProgress::Begin(WorkDoneProgressBegin {
                    title: "Indexing Sigma rules".to_owned(),
                    message: Some("0 rules".to_owned()),
                    ..WorkDoneProgressBegin::default()
                }),
            )?;
            Some(token)
        } else {
            None
        };
        self.indexing = Some((generation, token));
        let roots = self.client.roots.clone();
        let configs = Arc::clone(&self.configs);
        let events = self.events.clone();
        std::thread::Builder::new()
            .name("sigscope-index".to_owned())
            .spawn(move || {
                let rules = AtomicUsize::new(0);
                let on_doc = || {
                    let n = rules.fetch_add(1, Ordering::Relaxed) + 1;
                    if n.is_multiple_of(PROGRESS_STEP) {
                        let _ = events.send(Event::Indexing(generation, n));
                    }
                };
                let files = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    index::build(&roots, &configs, &on_doc)
                }));
                let files = match files {
                    Ok(Ok(files)) => Ok(files),
                    Ok(Err(e)) => Err(format!("cannot index the workspace: {e}")),
                    Err(_) => Err("cannot index the workspace: sigscope failed".to_owned()),
                };
                let _ = events.send(Event::Indexed(generation, files));
            })?;
        Ok(())
    }

    fn progress(&mut self, token: &str, value: WorkDoneProgress) -> io::Result<()> {
        self.notify(
            ProgressNotification::METHOD,
            ProgressParams {
                token: NumberOrString::String(token.to_owned()),
                value: ProgressParamsValue::WorkDone(value),
            },
        )
    }

    fn indexing_progress(&mut self, generation: u64, rules: usize) -> io::Result<()> {
        if let Some((g, Some(token))) = self.indexing.clone()
            && g == generation
        {
            self.progress(
                &token,
                WorkDoneProgress::Report(WorkDoneProgressReport {
                    message: Some(format!("{rules} rules")),
                    ..WorkDoneProgressReport::default()
                }),
            )?;
        }
        Ok(())
    }

    fn indexed(
        &mut self,
        generation: u64,
        files: Result<Vec<IndexedFile>, String>,
    ) -> io::Result<()> {
        let Some((g, token)) = self.indexing.clone() else {
            return Ok(());
        };
        if g != generation {
            return Ok(());
        }
        self.indexing = None;
        let message = match files {
            Ok(files) => {
                let rules: usize = files.iter().map(|f| f.docs.len()).sum();
                let message = format!("{rules} rules in {} files", files.len());
                let mut index = Index {
                    roots: self.client.roots.clone(),
                    files: files
                        .into_iter()
                        .map(|f| (f.path.clone(), Arc::new(f)))
                        .collect(),
                    ready: true,
                };
                for path in std::mem::take(&mut self.pending_changes) {
                    match index::read(&path, &self.configs) {
                        Some(f) => index.files.insert(path, Arc::new(f)),
                        None => index.files.remove(&path),
                    };
                }
                self.index = Arc::new(index);
                let keys: Vec<String> = self.docs.keys().cloned().collect();
                for key in &keys {
                    self.index_open(key);
                }
                message
            }
            Err(why) => {
                self.notify("window/logMessage", json!({ "type": 1, "message": why }))?;
                why
            }
        };
        if let Some(token) = token {
            self.progress(
                &token,
                WorkDoneProgress::End(WorkDoneProgressEnd {
                    message: Some(message),
                }),
            )?;
        }
        self.recheck_open(None);
        Ok(())
    }

    /// `workspace/didChangeWatchedFiles`: rule files read again (open documents keep their
    /// editor text); a changed `sigscope.toml` reloads every configuration and the index.
    fn files_changed(&mut self, p: &DidChangeWatchedFilesParams) -> io::Result<()> {
        let mut config = false;
        let mut rules = Vec::new();
        for change in &p.changes {
            let path = path_of(&change.uri, &self.cwd);
            if path
                .file_name()
                .is_some_and(|n| n == crate::config::FILE_NAME)
            {
                config = true;
            } else if crate::walk::is_rule_file(&path) && self.index.covers(&path) {
                rules.push((path, change.typ));
            }
        }
        if config {
            match self.configs.reload() {
                Ok(configs) => self.configs = Arc::new(configs),
                Err(e) => {
                    self.notify(
                        "window/showMessage",
                        json!({ "type": 1, "message": format!("sigscope: {e}") }),
                    )?;
                }
            }
            Arc::make_mut(&mut self.index).ready = false;
            self.start_index()?;
            self.recheck_open(None);
            return Ok(());
        }
        if rules.is_empty() {
            return Ok(());
        }
        let open: HashSet<&Path> = self.docs.values().map(|d| d.path.as_path()).collect();
        let rules: Vec<(PathBuf, FileChangeType)> = rules
            .into_iter()
            .filter(|(path, _)| !open.contains(path.as_path()))
            .collect();
        if self.indexing.is_some() {
            self.pending_changes
                .extend(rules.into_iter().map(|(p, _)| p));
            return Ok(());
        }
        for (path, typ) in rules {
            let entry = if typ == FileChangeType::DELETED {
                None
            } else {
                index::read(&path, &self.configs)
            };
            self.set_entry(&path, entry);
        }
        self.recheck_open(None);
        Ok(())
    }

    /// From an entry of a correlation's or filter's `rules:` to the rule it names.
    fn rule_definition(&self, p: &GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
        let (_, location) = self.rule_at(&p.text_document_position_params)?;
        Some(GotoDefinitionResponse::Scalar(Location::new(
            location.uri,
            location.range,
        )))
    }

    /// Over an entry of a correlation's or filter's `rules:`: the title of the rule it names.
    fn rule_hover(&self, p: &HoverParams) -> Option<Hover> {
        let (range, location) = self.rule_at(&p.text_document_position_params)?;
        let title = location.title?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: format!("**{title}**"),
            }),
            range: Some(range),
        })
    }

    /// The `rules:` entry at a position (its range) and the rule it names, through the
    /// workspace index, or among this document's own rules.
    fn rule_at(
        &self,
        at: &lsp_types::TextDocumentPositionParams,
    ) -> Option<(lsp_types::Range, index::RuleLocation)> {
        let doc = self.docs.get(at.text_document.uri.as_str())?;
        let lines = LineIndex::new(&doc.text);
        let offset = lines.offset(at.position);
        let reference = doc
            .summaries
            .iter()
            .flat_map(|d| &d.references)
            .find(|r| r.span.start <= offset && offset <= r.span.end)?;
        let location = self.index.rule_location(&reference.value).or_else(|| {
            let own = Index {
                roots: Vec::new(),
                files: [(
                    doc.path.clone(),
                    Arc::new(IndexedFile {
                        path: doc.path.clone(),
                        text: Arc::from(doc.text.as_str()),
                        docs: doc.summaries.clone(),
                        identity: None,
                    }),
                )]
                .into(),
                ready: true,
            };
            own.rule_location(&reference.value)
        })?;
        Some((lines.range(&reference.span), location))
    }
    fn code_actions(&self, p: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let Some(doc) = self.docs.get(p.text_document.uri.as_str()) else {
            return Vec::new();
        };
        let asked = |kind: &str| {
            p.context.only.as_ref().is_none_or(|only| {
                only.iter().any(|k| {
                    kind == k.as_str()
                        || kind
                            .strip_prefix(k.as_str())
                            .is_some_and(|rest| rest.starts_with('.'))
                })
            })
        };
        let mut actions = Vec::new();
        // Only on request: it is not about the findings under the cursor.
        if p.context.only.is_some()
            && asked(FIX_ALL)
            && let Some(action) = self.fix_all(doc)
        {
            actions.push(action);
        }
        if !asked(CodeActionKind::QUICKFIX.as_str()) {
            return actions;
        }
        let index = LineIndex::new(&doc.text);
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
            if let Some(edit) = ignore_edit(&self.configs, &self.index, doc, &index, f, lint) {
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

    /// `source.fixAll.sigscope`: every safe fix of the document, applied as `check --fix`
    /// applies them (round after round), in one edit.
    fn fix_all(&self, doc: &Document) -> Option<CodeActionOrCommand> {
        let own = self.configs.for_file(&doc.path).ok()?;
        let fixed = crate::fix::fix_text(
            &doc.path,
            &doc.text,
            &own.settings,
            crate::fix::Options::default(),
            &|_| {},
        )?;
        let index = LineIndex::new(&doc.text);
        let (span, new_text) = changed_span(&doc.text, &fixed.fixed);
        Some(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!(
                "Fix all safe sigscope findings ({})",
                plural(fixed.count(), "fix", "fixes")
            ),
            kind: Some(CodeActionKind::new(FIX_ALL)),
            edit: Some(WorkspaceEdit {
                changes: Some(HashMap::from([(
                    doc.uri.clone(),
                    vec![TextEdit::new(index.range(&span), new_text.to_owned())],
                )])),
                ..WorkspaceEdit::default()
            }),
            ..CodeAction::default()
        }))
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
                code_action_kinds: Some(vec![
                    CodeActionKind::QUICKFIX,
                    CodeActionKind::new(FIX_ALL),
                ]),
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

/// What `initialize` says of the client: its workspace folders (`workspaceFolders`, else
/// `rootUri`, else `rootPath`) and whether it takes progress tokens and watcher registrations.
fn client_caps(params: &Value, cwd: &Path) -> ClientCaps {
    let uri_path = |v: &Value| -> Option<PathBuf> {
        let uri: Uri = v.as_str()?.parse().ok()?;
        uri.as_str()
            .starts_with("file:")
            .then(|| path_of(&uri, cwd))
    };
    let mut roots: Vec<PathBuf> = params["workspaceFolders"]
        .as_array()
        .map(|folders| folders.iter().filter_map(|f| uri_path(&f["uri"])).collect())
        .unwrap_or_default();
    if roots.is_empty() {
        roots.extend(uri_path(&params["rootUri"]));
    }
    if roots.is_empty()
        && let Some(root) = params["rootPath"].as_str()
    {
        roots.push(cwd.join(root));
    }
    let caps = &params["capabilities"];
    ClientCaps {
        progress: caps["window"]["workDoneProgress"] == true,
        watch: caps["workspace"]["didChangeWatchedFiles"]["dynamicRegistration"] == true,
        roots,
    }
}

/// The kind of the code action that applies every safe fix of a file.
const FIX_ALL: &str = "source.fixAll.sigscope";

/// Checks one document's text with the configuration of its path, as `check --stdin-filename`,
/// against the rest of its pack when the workspace index holds it: its findings and what the
/// pack-wide lints know of each of its Sigma documents.
fn check_document(
    configs: &Configs,
    index: &Index,
    path: &Path,
    text: &str,
) -> (Vec<Finding>, Vec<DocSummary>) {
    let own = match configs.for_file(path) {
        Ok(own) => own,
        // The document cannot be checked as configured: say so where it will be seen.
        Err(e) => {
            return (
                vec![Finding::failure(&format!(
                    "cannot use the configuration of this file: {e}"
                ))],
                Vec::new(),
            );
        }
    };
    let identity = index::identity(path);
    let others = index.others(path, identity);
    let resolve = index.ready && index.covers(path);
    let file = check_text_in_pack(
        path,
        text.as_bytes().to_vec(),
        &own.settings,
        identity,
        &others,
        resolve,
    );
    let lines = LineIndex::new(text);
    let lint_url = own.config.site_base_url.value.as_deref();
    let findings = file
        .diagnostics
        .into_iter()
        .map(|d| Finding {
            lsp: to_lsp(&d, &lines, path, index, lint_url),
            line: file.source.line_col(d.span.start).line - 1,
            lint: Some(d.lint),
            fix: d.fix,
        })
        .collect();
    (findings, file.docs)
}

/// The smallest edit that turns `old` into `new`: the span of `old` that differs and its
/// replacement.
fn changed_span<'n>(old: &str, new: &'n str) -> (std::ops::Range<usize>, &'n str) {
    let mut start = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(start) || !new.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = old[start..]
        .bytes()
        .rev()
        .zip(new[start..].bytes().rev())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - end) || !new.is_char_boundary(new.len() - end) {
        end -= 1;
    }
    (start..old.len() - end, &new[start..new.len() - end])
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `lint_url`: the base URL of a published catalogue (`[site] base-url`), whose lint pages the
/// codes link to.
fn to_lsp(
    d: &Diagnostic,
    index: &LineIndex<'_>,
    path: &Path,
    pack: &Index,
    lint_url: Option<&str>,
) -> lsp_types::Diagnostic {
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
                // The index has the text of another file as the label was made on it (an
                // open document's, unsaved).
                Some(other) => match pack.files.get(other.as_ref()) {
                    Some(f) => (uri_of(other)?, LineIndex::new(&f.text).range(&label.span)),
                    None => {
                        let text = std::fs::read_to_string(other).ok()?;
                        (uri_of(other)?, LineIndex::new(&text).range(&label.span))
                    }
                },
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
        code_description: lint_url.and_then(|base| {
            let href = format!(
                "{}/lints/{}.html",
                base.trim_end_matches('/'),
                d.lint.code.to_ascii_lowercase()
            );
            Some(CodeDescription {
                href: href.parse().ok()?,
            })
        }),
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
    pack: &Index,
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
        let (after, _) = check_document(configs, pack, &doc.path, &text);
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

pub(crate) fn uri_of(path: &Path) -> Option<Uri> {
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

    #[test]
    fn a_request_cancelled_in_its_batch_is_answered_as_cancelled() {
        use crate::config::{AttackData, Location, Overrides};
        let configs = Configs::load(&Location::None, &Overrides::default(), AttackData::Skip)
            .unwrap_or_else(|_| unreachable!());
        let (events, _) = channel();
        let mut server = Server::new(Vec::new(), configs, events, None);
        server.initialized = true;
        let frame = |v: Value| Event::Input(Ok(Frame::Body(v.to_string().into_bytes())));
        let hover = |id: i64| {
            frame(json!({
                "jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
                "params": { "textDocument": { "uri": "file:///a.yml" }, "position": { "line": 0, "character": 0 } },
            }))
        };
        let batch = vec![
            hover(5),
            frame(json!({ "jsonrpc": "2.0", "method": "$/cancelRequest", "params": { "id": 5 } })),
            hover(6),
            // Cancelling what is not pending does nothing.
            frame(json!({ "jsonrpc": "2.0", "method": "$/cancelRequest", "params": { "id": 77 } })),
        ];
        let cancelled = cancelled_in(&batch);
        for event in batch {
            assert!(matches!(server.event(event, &cancelled), Ok(None)));
        }
        let mut out = server.out.as_slice();
        let mut answers = Vec::new();
        while let Ok(Frame::Body(body)) = read_frame(&mut out) {
            answers.push(serde_json::from_slice::<Value>(&body).unwrap_or_default());
        }
        assert_eq!(answers.len(), 2, "{answers:#?}");
        assert_eq!(answers[0]["id"], 5);
        assert_eq!(answers[0]["error"]["code"], -32800);
        assert_eq!(answers[1]["id"], 6);
        assert_eq!(answers[1]["result"], Value::Null);
    }

    #[test]
    fn the_smallest_edit_spans_the_change() {
        assert_eq!(changed_span("a: 1\nb: 2\n", "a: 1\nb: 3\n"), (8..9, "3"));
        assert_eq!(changed_span("same", "same"), (4..4, ""));
        // Never inside a character: `é` and `è` share their first byte.
        assert_eq!(changed_span("xé", "xè"), (1..3, "è"));
    }
}
