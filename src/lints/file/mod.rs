//! SC0xx: the file and its YAML. These are raised by reading and parsing, before any Sigma check.

pub mod duplicate_key;
pub mod empty_file;
pub mod file_too_large;
pub mod invalid_utf8;
pub mod nesting_too_deep;
pub mod not_a_mapping;
pub mod unreadable_file;
pub mod unsupported_yaml;
pub mod yaml_syntax;
