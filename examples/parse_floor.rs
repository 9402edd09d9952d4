//! The parse floor for `bench/run`: the least work any Sigma linter built on our YAML parser
//! must do. It walks the paths exactly as `sigscope check` does (`sigscope::walk::collect`),
//! reads every file and runs `sigscope::yaml::parse` — the parser `check` uses: the fast path
//! of `src/yaml/fast.rs`, saphyr-parser for the files it leaves — over it, on all cores, and
//! nothing else: no schema, no lints, no report. The fast path builds the spanned tree as it
//! scans, so there is no cheaper tree-less step to measure.
//!
//!   cargo run --release --example parse_floor -- [--saphyr] PATH...
//!
//! `--saphyr` runs saphyr-parser's event stream alone over every file instead (no tree), the
//! floor before the fast path existed, for comparison.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::PathBuf;
use std::process::ExitCode;

use rayon::prelude::*;
use saphyr_parser::Parser;
use sigscope::walk::{self, Input};

// The same allocator as `sigscope` (src/main.rs), so the floor is measured on equal terms.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let mut saphyr = false;
    let mut paths = Vec::new();
    for arg in std::env::args_os().skip(1) {
        if arg == "--saphyr" {
            saphyr = true;
        } else {
            paths.push(PathBuf::from(arg));
        }
    }
    if paths.is_empty() {
        eprintln!("usage: parse_floor [--saphyr] PATH...");
        return ExitCode::from(2);
    }
    let inputs = walk::collect(&paths);
    if let Some(missing) = inputs.iter().find(|i| matches!(i, Input::Missing(_))) {
        eprintln!("path `{}` does not exist", missing.path().display());
        return ExitCode::from(2);
    }
    // (files, bytes, events or nodes) summed over all files, so nothing is optimised away.
    let (files, bytes, units) = inputs
        .par_iter()
        .map(|input| {
            let Input::File(path) = input else {
                return (0, 0, 0);
            };
            let Some(text) = read(path) else {
                return (0, 0, 0);
            };
            let units = if saphyr {
                let mut n = 0;
                let mut parser = Parser::new_from_str(&text);
                while let Some(Ok(_)) = parser.next_event() {
                    n += 1;
                }
                n
            } else {
                let parsed = sigscope::yaml::parse(&text);
                parsed.documents.len() + parsed.errors.len()
            };
            (1, text.len(), units)
        })
        .reduce(|| (0, 0, 0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2));
    let what = if saphyr { "events" } else { "documents" };
    println!("{files} files, {bytes} bytes, {units} {what}");
    ExitCode::SUCCESS
}

/// Reads a file the way `sigscope check` does (`src/check.rs`): one `read` of the size the
/// file had when opened, no second call to see its end.
fn read(path: &std::path::Path) -> Option<String> {
    use std::io::Read;
    let file = std::fs::File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    let mut bytes = Vec::with_capacity(usize::try_from(len).ok()?);
    file.take(len).read_to_end(&mut bytes).ok()?;
    String::from_utf8(bytes).ok()
}
