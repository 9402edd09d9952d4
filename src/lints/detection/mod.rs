//! SC3xx: detection logic and the condition.

pub mod condition_syntax;
pub mod placeholder_logic;
