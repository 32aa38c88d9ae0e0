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
    let camel = shape_name.to_upper_camel_case();
    // `Self` is the one keyword in UpperCamelCase, and cannot be raw.
    if camel == "Self" {
        return format!("Self{RENAME_SUFFIX}");
    }
    escape(&camel)
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

/// The suffix of a service's `AWS_ENDPOINT_URL_<name>` variable, as the AWS
/// SDKs make it: the SDK id upper-cased, every other character `_`.
pub fn env_name(sdk_id: &str) -> String {
    sdk_id.to_uppercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect()
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

/// Methods of every union besides `as_*` and `is_*` per member, and the
/// methods of the standard traits it implements.
pub const UNION_METHODS: &[&str] =
    &["is_unknown", "validate_into", "clone", "eq", "ne", "fmt", "default", "serialize", "deserialize"];

/// The names of a union's members: a variant each (as enum values are
/// named, so `Unknown` stays the catch-all's), and its `as_`/`is_` methods.
/// Names that still collide are left for the caller to report.
pub fn union_variants(model_names: &[&str]) -> Vec<crate::ir::UnionVariantNames> {
    model_names
        .iter()
        .map(|n| {
            let (variant, _) = variant_name(n);
            let base = snake_raw(&variant);
            crate::ir::UnionVariantNames { as_fn: format!("as_{base}"), is_fn: format!("is_{base}"), variant }
        })
        .collect()
}

/// Whether `s` (maybe `r#`-prefixed) is a non-empty Rust identifier.
pub fn is_ident(s: &str) -> bool {
    let raw = s.strip_prefix("r#").unwrap_or(s);
    let mut chars = raw.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    first_ok
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && raw != "_"
        && !(s.starts_with("r#") && NOT_RAW.contains(&raw))
}

/// The suffix that moves a model name out of the way of a generated name
/// (`Build` member → `build_value` setter; `Unhandled` error → `UnhandledValue` variant).
pub const RENAME_SUFFIX: &str = "Value";

/// The names of a named type in `module` (its file `file`): the type and its builder.
pub fn type_names(ty: String, module: String, file: String) -> crate::ir::TypeNames {
    crate::ir::TypeNames { builder: format!("{ty}Builder"), ty, module, file }
}

/// The items of an operation's module, from the operation's type name:
/// its names, and the type names of its input and output.
pub fn operation_items(
    name: &str,
    method: String,
    module: String,
    file: String,
) -> (crate::ir::OperationNames, crate::ir::TypeNames, crate::ir::TypeNames) {
    let input = type_names(format!("{name}Input"), module.clone(), file.clone());
    let output = type_names(format!("{name}Output"), module.clone(), file.clone());
    let op = crate::ir::OperationNames {
        method,
        error: format!("{name}Error"),
        fluent: format!("{name}FluentBuilder"),
        paginator: format!("{name}Paginator"),
        module,
        file,
    };
    (op, input, output)
}

/// A waiter's sink type, builder alias and client method.
pub fn waiter_items(waiter: &str) -> (String, String, String) {
    let ty = type_name(waiter);
    (ty.clone(), format!("{ty}Waiter"), format!("wait_until_{}", snake_raw(waiter)))
}

/// The `is_*` method of an error enum for the variant `variant`
/// (`is_resource_not_found_exception`).
pub fn is_variant_fn(variant: &str) -> String {
    format!("is_{}", snake_raw(variant))
}

/// The `static` that holds the crate's `i`-th distinct pattern.
pub fn pattern_static(i: usize) -> String {
    format!("PATTERN_{i}")
}

/// The check function of a shape whose snake-case name is `base`, the
/// `n`-th (from 1) of that base.
pub fn check_fn(base: &str, n: usize) -> String {
    if n == 1 {
        format!("check_{base}")
    } else {
        format!("check_{base}_{n}")
    }
}

/// The longest Rust name the generator makes: longer ones could not be
/// file names on common file systems (255 bytes), with room for suffixes.
pub const MAX_NAME: usize = 200;

/// Methods of every builder besides the setters.
pub const BUILDER_METHODS: &[&str] =
    &["build", "build_unchecked", "into_parts", "with_sink", "send", "wait", "wait_with", "into_paginator", "as_input"];

/// The methods of std's binary operator traits: a setter `add(self, x) ->
/// Self` would read as `Add::add` (clippy's `should_implement_trait`), so a
/// member named `Add` gets `add_value`.
pub const OPERATOR_METHODS: &[&str] = &["add", "sub", "mul", "div", "rem", "shl", "shr", "bitand", "bitor", "bitxor"];

/// Private fields of every builder besides the members'.
pub const BUILDER_FIELDS: &[&str] = &["sink"];

/// Private fields of every structure besides the members' (an output's
/// request id).
pub const STRUCT_FIELDS: &[&str] = &["_request_id"];

/// Methods of every structure besides one accessor per member, and the
/// methods of the standard traits it implements or that users call on any
/// value: an accessor with one of these names would shadow them.
pub const STRUCT_METHODS: &[&str] = &[
    "builder",
    "validate",
    "validate_into",
    "request_id",
    "clone",
    "clone_from",
    "eq",
    "ne",
    "fmt",
    "default",
    "serialize",
    "deserialize",
    "to_owned",
    "to_string",
    "into",
    "try_into",
    "borrow",
    "borrow_mut",
    "type_id",
];

/// Methods of the generated `Client` besides one per operation and waiter.
pub const CLIENT_METHODS: &[&str] = &["new", "from_env", "config", "invoke", "runtime", "clone", "fmt"];

/// Items of `crate::types` and `crate::error` besides the shapes' modules.
pub const TYPE_MODULES: &[&str] = &["builders", "types"];

/// Items of `crate::error` besides the shapes' modules.
pub const ERROR_MODULES: &[&str] = &["builders", "error"];

/// Types of `crate::error` besides the error shapes.
pub const ERROR_TYPES: &[&str] = &["ServiceError", "Error"];

/// Variants of every error enum besides one per error.
pub const ERROR_VARIANTS: &[&str] = &["Unhandled"];

/// `name`, or `name` with [`RENAME_SUFFIX`] (`_value` in snake case) when
/// it is one of `reserved`; and whether it was renamed.
pub fn avoid(name: String, reserved: &[&str]) -> (String, bool) {
    let raw = name.strip_prefix("r#").unwrap_or(&name);
    if reserved.contains(&raw) {
        let snake = raw.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c == '_');
        let renamed =
            if snake { format!("{}_value", raw.trim_end_matches('_')) } else { format!("{raw}{RENAME_SUFFIX}") };
        (renamed, true)
    } else {
        (name, false)
    }
}

/// A module name and its file name (without `.rs`), which always agree:
/// `mod r#type;` is `type.rs`, `mod self_;` is `self_.rs`.
pub fn module(model_name: &str, reserved: &[&str]) -> (String, String) {
    let (m, _) = avoid(snake(model_name), reserved);
    let file = m.strip_prefix("r#").unwrap_or(&m).to_owned();
    (m, file)
}

/// The Rust names of a structure's members, in order: fields, setters and
/// `set_` setters, none equal to a builder's own methods or fields,
/// accessors, none equal to a structure's own methods, and no
/// plain setter equal to another member's `set_` setter (`SetName` beside
/// `Name` gets `set_name_value`). Names that still collide (`FooBar` and
/// `foo_bar`) are left for the caller to report.
pub fn members(model_names: &[&str]) -> Vec<crate::ir::MemberNames> {
    let reserved_setters: Vec<&str> = BUILDER_METHODS.iter().chain(OPERATOR_METHODS).copied().collect();
    let reserved_fields: Vec<&str> = BUILDER_FIELDS.iter().chain(STRUCT_FIELDS).copied().collect();
    let fields: Vec<String> = model_names.iter().map(|n| avoid(snake(n), &reserved_fields).0).collect();
    let set_names: Vec<String> =
        fields.iter().map(|f| format!("set_{}", f.strip_prefix("r#").unwrap_or(f).trim_end_matches('_'))).collect();
    fields
        .iter()
        .enumerate()
        .map(|(i, field)| {
            let (mut setter, _) = avoid(field.clone(), &reserved_setters);
            let clashes =
                |s: &str| set_names.iter().enumerate().any(|(j, n)| j != i && n == s.strip_prefix("r#").unwrap_or(s));
            if clashes(&setter) {
                setter = format!("{}_value", setter.strip_prefix("r#").unwrap_or(&setter));
            }
            let raw = setter.strip_prefix("r#").unwrap_or(&setter).trim_end_matches('_');
            let set_setter = format!("set_{raw}");
            let label = field.strip_prefix("r#").unwrap_or(field).to_owned();
            let (getter, _) = avoid(field.clone(), STRUCT_METHODS);
            crate::ir::MemberNames { field: field.clone(), setter, set_setter, getter, label }
        })
        .collect()
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
            ("self", "SelfValue", "self_"),
            ("Self", "SelfValue", "self_"),
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
    fn accessors_never_shadow_a_structures_own_methods() {
        let made = members(&["Builder", "RequestId", "Clone", "Validate", "Name", "Type", "_meta"]);
        let getters: Vec<&str> = made.iter().map(|m| m.getter.as_str()).collect();
        assert_eq!(
            getters,
            ["builder_value", "request_id_value", "clone_value", "validate_value", "name", "r#type", "meta"]
        );
        // The builder's setters keep the plain names: builders have no such methods.
        assert_eq!(made[1].setter, "request_id");
    }

    #[test]
    fn setters_never_read_as_operator_methods() {
        // ecs's KernelCapabilities has a member `add`.
        let made = members(&["add", "Sub", "Name"]);
        let setters: Vec<&str> = made.iter().map(|m| m.setter.as_str()).collect();
        assert_eq!(setters, ["add_value", "sub_value", "name"]);
        assert_eq!((made[0].getter.as_str(), made[0].set_setter.as_str()), ("add", "set_add_value"));
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
