//! The checking thread: checks documents off the main loop, so that the server keeps reading and
//! answering while a large document is checked. Of the checks queued for one document only the
//! newest is run, and a check whose document changed meanwhile is dropped.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender};

use crate::config::Configs;
use crate::sigma::summary::DocSummary;

use super::index::Index;
use super::{Event, Finding, check_document};

/// One check to run.
#[derive(Debug)]
pub struct Job {
    /// The document's URI.
    pub key: String,
    /// Which change of the document this text is.
    pub seq: u64,
    pub path: PathBuf,
    pub text: String,
    pub configs: Arc<Configs>,
    pub index: Arc<Index>,
    /// The newest change of the document: the job is stale when it is past `seq`.
    pub latest: Arc<AtomicU64>,
}

impl Job {
    fn stale(&self) -> bool {
        self.latest.load(Ordering::Acquire) != self.seq
    }
}

/// The result of a job.
#[derive(Debug)]
pub struct Checked {
    pub key: String,
    pub seq: u64,
    pub findings: Vec<Finding>,
    pub docs: Vec<DocSummary>,
}

/// Runs jobs until the main loop drops its sender or stops listening.
pub fn run(jobs: &Receiver<Job>, events: &Sender<Event>) {
    while let Ok(first) = jobs.recv() {
        let mut queued: Vec<Job> = std::iter::once(first).chain(jobs.try_iter()).collect();
        // Newest first: the older jobs of the same document are dropped unrun.
        queued.reverse();
        let mut seen = HashSet::new();
        for job in queued {
            if !seen.insert(job.key.clone()) || job.stale() {
                continue;
            }
            let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                check_document(&job.configs, &job.index, &job.path, &job.text)
            }));
            let (findings, docs) = checked.unwrap_or_else(|_| (vec![Finding::failure(
                "sigscope failed while checking this document: please report it with the rule",
            )], Vec::new()));
            if job.stale() {
                continue;
            }
            let done = Checked {
                key: job.key,
                seq: job.seq,
                findings,
                docs,
            };
            if events.send(Event::Checked(Box::new(done))).is_err() {
                return;
            }
        }
    }
}
