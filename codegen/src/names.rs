//! Rust names for model names, made in one place.
//!
//! Case conversion uses `heck`; keywords become raw identifiers (`r#type`),
//! except the few that cannot be raw (`self`, `Self`, `super`, `crate`), which
//! get a trailing underscore. Every function here is pure, so the same model
//! always gives the same names.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords of every Rust edition up to 2024, strict and reserved.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be written as raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Whether `s` is a Rust keyword.
pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// Makes `s` usable as an identifier: `r#` for keywords, `_` suffix where
/// `r#` is not allowed, and a leading `_` when it would start with a digit.
pub fn escape(s: &str) -> String {
    let s = if s.starts_with(|c: char| c.is_ascii_digit()) { format!("_{s}") } else { s.to_owned() };
    if NOT_RAW.contains(&s.as_str()) {
        format!("{s}_")
    } else if is_keyword(&s) {
        format!("r#{s}")
    } else {
        s
    }
}

/// A type name (structure, enum, error): `UpperCamelCase`.
pub fn type_name(shape_name: &str) -> String {
    escape(&shape_name.to_upper_camel_case())
}

/// A field, method or module name: `snake_case`, escaped.
pub fn snake(name: &str) -> String {
    escape(&name.to_snake_case())
}

/// A field or method name without escaping, for building longer names such
/// as `set_type` or `is_resource_not_found_exception`.
pub fn snake_raw(name: &str) -> String {
    name.to_snake_case()
}

/// The name of the variant that holds values a model does not know.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// A variant name for an enum member, and whether it had to be changed from
/// the plain case conversion (documented on the variant when it was).
///
/// `UNKNOWN` would collide with the catch-all variant and becomes
/// `UnknownValue`; `SELF` would be the keyword `Self` and becomes `SelfValue`.
pub fn variant_name(member_name: &str) -> (String, bool) {
    let camel = member_name.to_upper_camel_case();
    let camel = if camel.is_empty() { "Empty".to_owned() } else { camel };
    match camel.as_str() {
        UNKNOWN_VARIANT | "Self" => (format!("{camel}Value"), true),
        _ if camel.starts_with(|c: char| c.is_ascii_digit()) => (format!("V{camel}"), true),
        _ if is_keyword(&camel) => (format!("{camel}Value"), true),
        _ => (camel, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn awkward_names() {
        let cases: &[(&str, &str, &str)] = &[
            // model name, type name, snake name
            ("VpcConfig", "VpcConfig", "vpc_config"),
            ("allowFleet", "AllowFleet", "allow_fleet"),
            ("MaxUserDurationInSeconds", "MaxUserDurationInSeconds", "max_user_duration_in_seconds"),
            ("ImageARN", "ImageArn", "image_arn"),
            ("S3Bucket", "S3Bucket", "s3_bucket"),
            ("type", "Type", "r#type"),
            ("Type", "Type", "r#type"),
            ("self", "Self_", "self_"),
            ("Self", "Self_", "self_"),
            ("super", "Super", "super_"),
            ("crate", "Crate", "crate_"),
            ("async", "Async", "r#async"),
            ("gen", "Gen", "r#gen"),
            ("Match", "Match", "r#match"),
            ("String", "String", "string"),
            ("Option", "Option", "option"),
            ("Result", "Result", "result"),
            ("2fa", "_2fa", "_2fa"),
            ("snake_case_name", "SnakeCaseName", "snake_case_name"),
            ("HTTPSProxy", "HttpsProxy", "https_proxy"),
        ];
        for (model, ty, sn) in cases {
            assert_eq!(type_name(model), *ty, "type name of {model}");
            assert_eq!(snake(model), *sn, "snake name of {model}");
        }
    }

    #[test]
    fn variant_names_avoid_catch_all_and_keywords() {
        assert_eq!(variant_name("ALWAYS_ON"), ("AlwaysOn".to_owned(), false));
        assert_eq!(variant_name("UNKNOWN"), ("UnknownValue".to_owned(), true));
        assert_eq!(variant_name("Unknown"), ("UnknownValue".to_owned(), true));
        assert_eq!(variant_name("SELF"), ("SelfValue".to_owned(), true));
        assert_eq!(variant_name("TYPE"), ("Type".to_owned(), false));
        assert_eq!(variant_name("stream.standard.medium"), ("StreamStandardMedium".to_owned(), false));
        assert_eq!(variant_name("4XLARGE"), ("V4xlarge".to_owned(), true));
    }
}
