//! Renderers for a check [`Report`](crate::check::Report). They return text; printing is the
//! binary's job.

pub mod human;
pub mod json;
