//! SC1xx: the document against sigscope's JSON Schemas for Sigma v2.1 (see `schema/`). Raised
//! by `crate::schema`, which maps each schema keyword to one of these codes.

pub mod invalid_enum_value;
pub mod invalid_format;
pub mod invalid_length;
pub mod missing_required_key;
pub mod schema_violation;
pub mod unknown_key;
pub mod wrong_type;

use crate::lints::Lint;

pub static LINTS: &[&Lint] = &[
    &schema_violation::SCHEMA_VIOLATION,
    &missing_required_key::MISSING_REQUIRED_KEY,
    &wrong_type::WRONG_TYPE,
    &invalid_enum_value::INVALID_ENUM_VALUE,
    &invalid_format::INVALID_FORMAT,
    &invalid_length::INVALID_LENGTH,
    &unknown_key::UNKNOWN_KEY,
];
