//! SC0xx: the file and its YAML. These are raised by reading and parsing, before any Sigma check.

pub mod duplicate_key;
pub mod empty_file;
pub mod file_too_large;
pub mod invalid_utf8;
pub mod malformed_suppression;
pub mod nesting_too_deep;
pub mod not_a_mapping;
pub mod unreadable_file;
pub mod unsupported_yaml;
pub mod unused_suppression;
pub mod yaml_syntax;

use crate::lint::Lint;

pub static LINTS: &[&Lint] = &[
    &yaml_syntax::YAML_SYNTAX,
    &duplicate_key::DUPLICATE_KEY,
    &unsupported_yaml::UNSUPPORTED_YAML,
    &nesting_too_deep::NESTING_TOO_DEEP,
    &file_too_large::FILE_TOO_LARGE,
    &invalid_utf8::INVALID_UTF8,
    &empty_file::EMPTY_FILE,
    &not_a_mapping::NOT_A_MAPPING,
    &unreadable_file::UNREADABLE_FILE,
    &unused_suppression::UNUSED_SUPPRESSION,
    &malformed_suppression::MALFORMED_SUPPRESSION,
];
