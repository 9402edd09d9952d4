//! What each value modifier of Sigma v2.1 does, in words: for the catalogue and the language
//! server.

/// What a modifier does, in words (Sigma v2.1 modifiers appendix).
pub fn meaning(name: &str) -> Option<&'static str> {
    Some(match name {
        "all" => "every value must match (AND) instead of any value (OR)",
        "startswith" => "the value must be at the start of the field",
        "endswith" => "the value must be at the end of the field",
        "contains" => "the value may be anywhere in the field",
        "exists" => "tests whether the field is present in the event",
        "cased" => "matches case-sensitively (Sigma is case-insensitive by default)",
        "neq" => "the field must differ from the value",
        "windash" => "a leading - also matches /, en dash, em dash and horizontal bar",
        "re" => "the value is a regular expression (PCRE subset)",
        "i" => "regular expression: case-insensitive",
        "m" => "regular expression: ^ and $ match at line breaks",
        "s" => "regular expression: . also matches a line break",
        "base64" => "the value is searched for Base64-encoded",
        "base64offset" => "the value is searched for Base64-encoded at each of three byte offsets",
        "utf16le" | "wide" => "the value is encoded as UTF-16 little-endian first",
        "utf16be" => "the value is encoded as UTF-16 big-endian first",
        "utf16" => "the value is encoded as UTF-16 with a byte order mark first",
        "lt" => "numeric: the field is less than the value",
        "lte" => "numeric: the field is less than or equal to the value",
        "gt" => "numeric: the field is greater than the value",
        "gte" => "numeric: the field is greater than or equal to the value",
        "minute" => "compares the minute (0–59) of a date field",
        "hour" => "compares the hour (0–23) of a date field",
        "day" => "compares the day of the month (1–31) of a date field",
        "week" => "compares the week of the year (1–52) of a date field",
        "month" => "compares the month (1–12) of a date field",
        "year" => "compares the year of a date field",
        "cidr" => "the value is a network range in CIDR notation",
        "expand" => "the value is a placeholder that the conversion pipeline expands",
        "fieldref" => "the value names another field of the same event to compare with",
        _ => return None,
    })
}
