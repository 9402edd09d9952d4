//! sigscope: lint Sigma rule packs and publish them as a detection catalogue.
//!
//! The library never prints; `main.rs` parses arguments, calls [`check::check_paths`], renders
//! with [`report`] and maps the result to an exit code.

pub mod attack;
pub mod baseline;
pub mod check;
pub mod cli;
pub mod config;
pub mod coverage;
pub mod diagnostics;
pub mod fix;
pub mod lint;
pub mod lints;
pub mod report;
pub mod server;
pub mod settings;
pub mod sigma;
pub mod site;
pub mod source;
pub mod suppress;
pub mod walk;
pub mod yaml;
