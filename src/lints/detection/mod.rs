//! SC3xx: detection logic and the condition.

pub mod condition_syntax;
pub mod placeholder_logic;

use crate::lints::{DocCheck, Lint};

pub static LINTS: &[&Lint] = &[
    &placeholder_logic::PLACEHOLDER_LOGIC,
    &condition_syntax::CONDITION_SYNTAX,
];

pub static CHECKS: &[DocCheck] = &[condition_syntax::check, placeholder_logic::check];
