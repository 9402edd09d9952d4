//! SC1xx: the document against sigscope's JSON Schemas for Sigma v2.1 (see `schema/`). Raised
//! by `crate::schema`, which maps each schema keyword to one of these codes.

pub mod invalid_enum_value;
pub mod invalid_format;
pub mod invalid_length;
pub mod missing_required_key;
pub mod schema_violation;
pub mod unknown_key;
pub mod wrong_type;
