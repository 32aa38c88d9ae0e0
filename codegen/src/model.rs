//! Loading: the Smithy 2.0 JSON AST as typed data, each piece with its location.
//!
//! This pass knows the AST's structure (shapes, members, targets, traits) and
//! nothing else: it does not resolve targets or interpret trait values. Trait
//! values stay JSON here; [`crate::check`] and [`crate::lower`] read them with
//! their locations, and nothing after lowering sees JSON at all.
//!
//! The text is untrusted: [`parse_json`] refuses duplicate object keys and
//! over-deep nesting with a line and column; shape IDs, member names and enum
//! member names must be Smithy identifiers ([`is_identifier`]); a field of the
//! wrong JSON type is an error at its JSON pointer, never silently skipped.

use crate::diag::{Diagnostics, Location, ModelError};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A shape ID, `namespace#Name` (members are never shape IDs here).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShapeId(pub String);

impl ShapeId {
    /// The part after `#`.
    pub fn name(&self) -> &str {
        self.0.rsplit_once('#').map_or(self.0.as_str(), |(_, n)| n)
    }

    /// The part before `#`.
    pub fn namespace(&self) -> &str {
        self.0.split_once('#').map_or("", |(ns, _)| ns)
    }
}

impl std::fmt::Display for ShapeId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A trait application: its value and where it is.
#[derive(Debug, Clone)]
pub struct TraitValue {
    /// The trait's value as written.
    pub value: Value,
    /// The location of the value.
    pub location: Location,
}

/// The traits applied to a shape or member, by absolute trait ID.
pub type Traits = BTreeMap<String, TraitValue>;

/// A member of an aggregate shape.
#[derive(Debug, Clone)]
pub struct Member {
    /// The member name, as on the wire unless a protocol trait renames it.
    pub name: String,
    /// The shape the member targets.
    pub target: ShapeId,
    /// The member's own traits.
    pub traits: Traits,
    /// Where the member is defined.
    pub location: Location,
}

/// A list of shape references, each with the location of its `target`'s object.
pub type Refs = Vec<(ShapeId, Location)>;

/// What kind of shape this is and what it contains.
#[derive(Debug, Clone)]
pub enum ShapeKind {
    /// `blob`, `boolean`, `string`, `byte`, `short`, `integer`, `long`,
    /// `float`, `double`, `bigInteger`, `bigDecimal`, `timestamp`, `document`.
    Simple(String),
    /// `enum` or `intEnum`.
    Enum {
        /// Whether it is an `intEnum`.
        int: bool,
        /// The values (members target `smithy.api#Unit`).
        members: Vec<Member>,
    },
    /// `list` (and Smithy 1.0's `set`).
    List {
        /// The element member.
        member: Member,
    },
    /// `map`.
    Map {
        /// The key member.
        key: Member,
        /// The value member.
        value: Member,
    },
    /// `structure` or `union`.
    Structure {
        /// Whether it is a `union`.
        union: bool,
        /// Members in model order.
        members: Vec<Member>,
    },
    /// `operation`.
    Operation {
        /// The input structure, if any.
        input: Option<(ShapeId, Location)>,
        /// The output structure, if any.
        output: Option<(ShapeId, Location)>,
        /// The declared errors.
        errors: Refs,
    },
    /// `service`.
    Service {
        /// The API version.
        version: String,
        /// Operations bound directly.
        operations: Refs,
        /// Resources bound directly.
        resources: Refs,
        /// Errors every operation may return.
        errors: Refs,
    },
    /// `resource`.
    Resource {
        /// Its lifecycle and other operations.
        operations: Refs,
        /// Child resources.
        resources: Refs,
    },
}

/// A shape of the model.
#[derive(Debug, Clone)]
pub struct Shape {
    /// The shape's ID.
    pub id: ShapeId,
    /// The AST `type` as written.
    pub type_name: String,
    /// Its kind and contents.
    pub kind: ShapeKind,
    /// Traits applied to the shape.
    pub traits: Traits,
    /// Where the shape is defined.
    pub location: Location,
}

/// A loaded model: every shape of the file, by ID.
#[derive(Debug, Clone)]
pub struct Model {
    /// The file name used in messages and generated headers.
    pub file: String,
    /// The shapes, sorted by ID.
    pub shapes: BTreeMap<ShapeId, Shape>,
}

impl Model {
    /// Parses `text`, the contents of the model file `file`.
    pub fn parse(file: &str, text: &str) -> Result<Model, ModelError> {
        let root = Location::root(file);
        let value = parse_json(text).map_err(|e| ModelError::at(&root, e.to_string()))?;
        let mut diags = Diagnostics::default();
        let mut shapes = BTreeMap::new();
        let Some(doc) = value.as_object() else {
            // The pointer of the whole document is empty, so say where it starts.
            let start = text.len() - text.trim_start_matches([' ', '\t', '\n', '\r']).len();
            let (line, column) = line_column(text, start + 1);
            diags.error(
                &root,
                format!(
                    "at line {line}, column {column}: expected the model as a JSON object {{\"smithy\": \"2.0\", \"shapes\": {{...}}}}, found {}",
                    kind_of(&value)
                ),
            );
            return diags.finish(Model { file: file.to_owned(), shapes });
        };
        if let Some(v) = doc.get("metadata") {
            object_of(v, &root.child("metadata"), "an object of metadata", &mut diags);
        }
        match doc.get("smithy").and_then(Value::as_str) {
            Some("2.0" | "2") => {}
            Some(v) => diags
                .error(&root.child("smithy"), format!("Smithy IDL version {v:?} is not supported; expected \"2.0\"")),
            None => diags.error(&root.child("smithy"), "expected the IDL version as a string, \"smithy\": \"2.0\""),
        }
        let shapes_loc = root.child("shapes");
        if let Some(map) = doc.get("shapes").and_then(|v| object(v, &shapes_loc, &mut diags)) {
            for (id, v) in map {
                let loc = shapes_loc.child(id);
                if let Some(why) = shape_id_problem(id) {
                    diags.error(&loc, why);
                    continue;
                }
                if let Some(shape) = load_shape(ShapeId(id.clone()), v, loc, &mut diags) {
                    shapes.insert(shape.id.clone(), shape);
                }
            }
        }
        diags.finish(Model { file: file.to_owned(), shapes })
    }

    /// Reads and parses the model at `path`; `display` names it in messages.
    pub fn load(path: &std::path::Path, display: &str) -> Result<Model, ModelError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| ModelError::at(&Location::root(display), format!("cannot read the model: {e}")))?;
        Self::parse(display, &text)
    }
}

/// What a Smithy identifier is, for messages.
const IDENTIFIER: &str =
    "a Smithy identifier (optional leading underscores, an ASCII letter, then ASCII letters, digits or underscores)";

/// Whether `s` is a Smithy 2.0 identifier:
/// `identifier = *"_" ALPHA *(ALPHA / DIGIT / "_")`. Shape names, member
/// names (enum members included) and each part of a namespace are identifiers.
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.trim_start_matches('_').chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic()) && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether `s` is a Smithy namespace: identifiers separated by `.`.
pub fn is_namespace(s: &str) -> bool {
    s.split('.').all(is_identifier)
}

/// Whether `id` is an absolute shape ID, `namespace#Name` (no member part).
pub fn is_absolute_shape_id(id: &str) -> bool {
    shape_id_problem(id).is_none()
}

/// Why `id` is not an absolute shape ID, as a message naming what was
/// expected; `None` when it is one.
pub fn shape_id_problem(id: &str) -> Option<String> {
    let shown = shown(id);
    let Some((ns, name)) = id.split_once('#') else {
        return Some(format!(
            "{shown} is not an absolute shape ID (namespace#Name): expected a namespace, `#` and a shape name"
        ));
    };
    if !is_namespace(ns) {
        return Some(format!(
            "{shown} is not an absolute shape ID (namespace#Name): the namespace {} is not dot-separated identifiers, each {IDENTIFIER}",
            self::shown(ns)
        ));
    }
    if !is_identifier(name) {
        return Some(format!(
            "{shown} is not an absolute shape ID (namespace#Name): the shape name {} is not {IDENTIFIER}",
            self::shown(name)
        ));
    }
    None
}

/// `s` quoted for a message, cut short when long (the pointer has it whole).
fn shown(s: &str) -> String {
    const MAX: usize = 64;
    match s.char_indices().nth(MAX) {
        None => format!("{s:?}"),
        Some((i, _)) => format!("{:?}... ({} bytes)", &s[..i], s.len()),
    }
}

/// A JSON syntax error, or a duplicate object key, with its line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// The line, from 1.
    pub line: usize,
    /// The column in bytes, as serde_json counts it (the byte just read).
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid JSON at line {}, column {}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for JsonError {}

/// Parses JSON text as serde_json does (same [`Value`], key order kept, the
/// same recursion limit of 128 nested arrays and objects), but refuses a
/// duplicate key in any object instead of keeping the last one.
///
/// serde_json parses first, so syntax errors, numbers out of range and
/// over-deep nesting are its errors; the text is then known to be valid and
/// a scan of it, without recursion, finds the first duplicate key.
pub fn parse_json(text: &str) -> Result<Value, JsonError> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let (line, column) = (e.line(), e.column());
        let what = e.to_string();
        let what = what.strip_suffix(&format!(" at line {line} column {column}")).unwrap_or(&what).to_owned();
        JsonError { line, column, message: what }
    })?;
    if let Some((end, key)) = first_duplicate_key(text) {
        let (line, column) = line_column(text, end);
        return Err(JsonError { line, column, message: format!("duplicate key {}", shown(&key)) });
    }
    Ok(value)
}

/// The line and column serde_json reports once it has read the bytes of
/// `text` before `offset`: lines from 1, the column in bytes since the line's start.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text.as_bytes()[..offset.min(text.len())];
    let start_of_line = before.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    (1 + before[..start_of_line].iter().filter(|b| **b == b'\n').count(), before.len() - start_of_line)
}

/// The first key that appears twice in one object of `text`, which must be
/// valid JSON: the byte offset just past the second occurrence's closing
/// quote (where serde_json would report it) and the key, unescaped.
fn first_duplicate_key(text: &str) -> Option<(usize, String)> {
    enum Frame {
        Object(std::collections::HashSet<String>),
        Array,
    }
    let bytes = text.as_bytes();
    let mut stack = Vec::new();
    let mut expect_key = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => {
                stack.push(Frame::Object(Default::default()));
                expect_key = true;
            }
            b'[' => {
                stack.push(Frame::Array);
                expect_key = false;
            }
            b'}' | b']' => {
                stack.pop();
                expect_key = false;
            }
            b',' => expect_key = matches!(stack.last(), Some(Frame::Object(_))),
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let end = (i + 1).min(bytes.len());
                if std::mem::take(&mut expect_key) {
                    let raw = text.get(start..end).unwrap_or_default();
                    let key = serde_json::from_str::<String>(raw).unwrap_or_else(|_| raw.to_owned());
                    if let Some(Frame::Object(keys)) = stack.last_mut() {
                        if keys.contains(&key) {
                            return Some((end, key));
                        }
                        keys.insert(key);
                    }
                }
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn object<'a>(v: &'a Value, loc: &Location, diags: &mut Diagnostics) -> Option<&'a Map<String, Value>> {
    object_of(v, loc, "an object", diags)
}

/// `v` as an object, or an error saying `expected {what}`.
fn object_of<'a>(v: &'a Value, loc: &Location, what: &str, diags: &mut Diagnostics) -> Option<&'a Map<String, Value>> {
    let o = v.as_object();
    if o.is_none() {
        diags.error(loc, format!("expected {what}, found {}", kind_of(v)));
    }
    o
}

/// A short description of a JSON value's kind, for messages.
pub fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn target(v: &Value, loc: &Location, diags: &mut Diagnostics) -> Option<ShapeId> {
    let o = object_of(v, loc, "an object with a \"target\" shape ID", diags)?;
    match o.get("target") {
        Some(Value::String(t)) => match shape_id_problem(t) {
            None => Some(ShapeId(t.clone())),
            Some(why) => {
                diags.error(&loc.child("target"), why);
                None
            }
        },
        Some(other) => {
            diags.error(&loc.child("target"), format!("expected a shape ID string, found {}", kind_of(other)));
            None
        }
        None => {
            diags.error(loc, "expected an object with a \"target\" shape ID");
            None
        }
    }
}

fn targets(o: &Map<String, Value>, key: &str, loc: &Location, diags: &mut Diagnostics) -> Vec<(ShapeId, Location)> {
    let loc = loc.child(key);
    match o.get(key) {
        None => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .filter_map(|(i, v)| {
                let l = loc.child(i);
                target(v, &l, diags).map(|t| (t, l))
            })
            .collect(),
        Some(other) => {
            diags.error(&loc, format!("expected an array of shape references, found {}", kind_of(other)));
            Vec::new()
        }
    }
}

fn traits(o: &Map<String, Value>, loc: &Location, diags: &mut Diagnostics) -> Traits {
    let loc = loc.child("traits");
    let mut out = Traits::new();
    if let Some(v) = o.get("traits") {
        if let Some(map) = object_of(v, &loc, "an object of traits (trait shape ID to value)", diags) {
            for (id, value) in map {
                let l = loc.child(id);
                if let Some(why) = shape_id_problem(id) {
                    diags.error(&l, format!("trait {why}"));
                    continue;
                }
                out.insert(id.clone(), TraitValue { value: value.clone(), location: l });
            }
        }
    }
    out
}

fn member(name: &str, v: &Value, loc: Location, diags: &mut Diagnostics) -> Option<Member> {
    let t = target(v, &loc, diags)?;
    let o = v.as_object()?;
    Some(Member { name: name.to_owned(), target: t, traits: traits(o, &loc, diags), location: loc })
}

/// The `members` of a structure, union or enum; `what` names them in messages.
fn members(o: &Map<String, Value>, loc: &Location, what: &str, diags: &mut Diagnostics) -> Vec<Member> {
    let loc = loc.child("members");
    let Some(v) = o.get("members") else { return Vec::new() };
    let Some(map) = object_of(v, &loc, &format!("an object of {what}s (name to {{\"target\": ...}})"), diags) else {
        return Vec::new();
    };
    map.iter()
        .filter_map(|(n, v)| {
            let l = loc.child(n);
            if !is_identifier(n) {
                diags.error(&l, format!("{what} name {} is not {IDENTIFIER}", shown(n)));
                return None;
            }
            member(n, v, l, diags)
        })
        .collect()
}

/// The fixed member `key` of a list (`member`) or map (`key`, `value`).
fn fixed_member(
    o: &Map<String, Value>,
    key: &str,
    type_name: &str,
    loc: &Location,
    diags: &mut Diagnostics,
) -> Option<Member> {
    let l = loc.child(key);
    match o.get(key) {
        Some(v) => member(key, v, l, diags),
        None => {
            diags.error(&l, format!("a {type_name} needs \"{key}\": an object with a \"target\" shape ID"));
            None
        }
    }
}

/// Checks the form of `key`, an object whose values are shape references
/// (a resource's `identifiers` and `properties`), which nothing reads yet.
fn reference_map(o: &Map<String, Value>, key: &str, loc: &Location, diags: &mut Diagnostics) {
    let loc = loc.child(key);
    if let Some(map) = o.get(key).and_then(|v| object_of(v, &loc, "an object of names to shape references", diags)) {
        for (name, v) in map {
            target(v, &loc.child(name), diags);
        }
    }
}

/// Checks the form of a service's `rename`: shape IDs to new names.
fn rename(o: &Map<String, Value>, loc: &Location, diags: &mut Diagnostics) {
    let loc = loc.child("rename");
    let Some(map) = o.get("rename").and_then(|v| object_of(v, &loc, "an object of shape IDs to new names", diags))
    else {
        return;
    };
    for (id, v) in map {
        let l = loc.child(id);
        if let Some(why) = shape_id_problem(id) {
            diags.error(&l, why);
        }
        match v {
            Value::String(n) if is_identifier(n) => {}
            Value::String(n) => diags.error(&l, format!("the new name {} is not {IDENTIFIER}", shown(n))),
            other => diags.error(&l, format!("expected the new name as a string, found {}", kind_of(other))),
        }
    }
}

fn load_shape(id: ShapeId, v: &Value, loc: Location, diags: &mut Diagnostics) -> Option<Shape> {
    let o = object(v, &loc, diags)?;
    let type_name = match o.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(other) => {
            diags.error(
                &loc.child("type"),
                format!("expected the shape's \"type\" as a string, found {}", kind_of(other)),
            );
            return None;
        }
        None => {
            diags.error(&loc.child("type"), "expected the shape's \"type\" as a string, found nothing");
            return None;
        }
    };
    if o.contains_key("mixins") {
        diags.error(
            &loc.child("mixins"),
            "mixins are not supported; give the generator a flattened model (the JSON AST that `smithy build` writes)",
        );
    }
    let kind = match type_name.as_str() {
        "blob" | "boolean" | "string" | "byte" | "short" | "integer" | "long" | "float" | "double" | "bigInteger"
        | "bigDecimal" | "timestamp" | "document" => ShapeKind::Simple(type_name.clone()),
        "enum" | "intEnum" => {
            ShapeKind::Enum { int: type_name == "intEnum", members: members(o, &loc, "enum member", diags) }
        }
        "list" | "set" => ShapeKind::List { member: fixed_member(o, "member", &type_name, &loc, diags)? },
        "map" => {
            let k = fixed_member(o, "key", "map", &loc, diags);
            let v = fixed_member(o, "value", "map", &loc, diags);
            ShapeKind::Map { key: k?, value: v? }
        }
        "structure" | "union" => {
            ShapeKind::Structure { union: type_name == "union", members: members(o, &loc, "member", diags) }
        }
        "operation" => {
            let one = |key: &str, diags: &mut Diagnostics| {
                let l = loc.child(key);
                o.get(key).and_then(|v| target(v, &l, diags)).map(|t| (t, l))
            };
            ShapeKind::Operation {
                input: one("input", diags),
                output: one("output", diags),
                errors: targets(o, "errors", &loc, diags),
            }
        }
        "service" => {
            let version = match o.get("version") {
                None => String::new(),
                Some(Value::String(v)) => v.clone(),
                Some(other) => {
                    diags.error(
                        &loc.child("version"),
                        format!("expected the service version as a string, found {}", kind_of(other)),
                    );
                    String::new()
                }
            };
            rename(o, &loc, diags);
            ShapeKind::Service {
                version,
                operations: targets(o, "operations", &loc, diags),
                resources: targets(o, "resources", &loc, diags),
                errors: targets(o, "errors", &loc, diags),
            }
        }
        "resource" => {
            let mut operations = Vec::new();
            for key in ["create", "put", "read", "update", "delete", "list"] {
                let l = loc.child(key);
                if let Some(t) = o.get(key).and_then(|v| target(v, &l, diags)) {
                    operations.push((t, l));
                }
            }
            operations.extend(targets(o, "operations", &loc, diags));
            operations.extend(targets(o, "collectionOperations", &loc, diags));
            reference_map(o, "identifiers", &loc, diags);
            reference_map(o, "properties", &loc, diags);
            ShapeKind::Resource { operations, resources: targets(o, "resources", &loc, diags) }
        }
        "apply" => return None,
        other => {
            diags.error(&loc.child("type"), format!("unknown shape type {other:?}"));
            return None;
        }
    };
    let shape = Shape { traits: traits(o, &loc, diags), id, type_name, kind, location: loc };
    Some(if shape.type_name == "string" { legacy_enum(shape, diags) } else { shape })
}

/// A string shape with Smithy 1.0's `@enum` trait, as the `enum` shape it
/// means: each entry's `value` becomes a member's `@enumValue`, its `name`
/// (or, without one, the value made an identifier) the member's name, its
/// `documentation` and `deprecated` the member's traits. Real models still
/// carry the trait; Smithy 2.0 defines the two forms as equivalent.
fn legacy_enum(mut shape: Shape, diags: &mut Diagnostics) -> Shape {
    let Some(t) = shape.traits.remove("smithy.api#enum") else { return shape };
    let Some(entries) = t.value.as_array() else {
        diags.error(&t.location, format!("expected @enum's entries as an array, found {}", kind_of(&t.value)));
        return shape;
    };
    let mut members = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let loc = t.location.child(i);
        let field = |key: &str| entry.get(key).and_then(Value::as_str);
        let Some(value) = field("value") else {
            diags.error(&loc.child("value"), "expected an @enum entry's \"value\" as a string");
            continue;
        };
        let name = match field("name") {
            Some(n) if is_identifier(n) => n.to_owned(),
            Some(n) => {
                diags.error(&loc.child("name"), format!("@enum entry name {} is not {IDENTIFIER}", shown(n)));
                continue;
            }
            None => identifier_for(value),
        };
        let trait_at = |value: Value, at: &str| TraitValue { value, location: loc.child(at) };
        let mut traits = Traits::new();
        traits.insert("smithy.api#enumValue".to_owned(), trait_at(Value::String(value.to_owned()), "value"));
        if let Some(d) = field("documentation") {
            traits
                .insert("smithy.api#documentation".to_owned(), trait_at(Value::String(d.to_owned()), "documentation"));
        }
        if entry.get("deprecated").and_then(Value::as_bool) == Some(true) {
            traits.insert("smithy.api#deprecated".to_owned(), trait_at(Value::Object(Map::new()), "deprecated"));
        }
        let target = ShapeId("smithy.api#Unit".to_owned());
        members.push(Member { name, target, traits, location: loc });
    }
    shape.type_name = "enum".to_owned();
    shape.kind = ShapeKind::Enum { int: false, members };
    shape
}

/// A member name for an `@enum` value without a `name`: its letters, digits
/// and underscores, every other character an underscore, and a `V` before
/// anything but a letter (`t2.micro` → `t2_micro`, `4xlarge` → `V4xlarge`).
fn identifier_for(value: &str) -> String {
    let mut name: String = value.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name.insert(0, 'V');
    }
    if !is_identifier(&name) {
        name.push_str("Value");
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        Model::parse("m.json", text).unwrap_err().diagnostics.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn invalid_json_names_line_and_column() {
        let e = errors("{\n  \"smithy\": \"2.0\",\n  \"shapes\": {,}\n}");
        assert_eq!(e.len(), 1);
        assert!(e[0].starts_with("m.json: invalid JSON at line 3, column 14"), "{e:?}");
    }

    #[test]
    fn wrong_version_and_bad_ids_are_located() {
        let e = errors(r#"{"smithy": "1.0", "shapes": {"NoNamespace": {"type": "string"}}}"#);
        assert_eq!(
            e,
            [
                "m.json#/shapes/NoNamespace: \"NoNamespace\" is not an absolute shape ID (namespace#Name): expected a namespace, `#` and a shape name",
                "m.json#/smithy: Smithy IDL version \"1.0\" is not supported; expected \"2.0\"",
            ]
        );
    }

    #[test]
    fn a_string_with_the_legacy_enum_trait_is_an_enum() {
        let text = one_shape(
            r#"{"type": "string", "traits": {"smithy.api#enum": [
                {"value": "t2.micro"},
                {"value": "ON_DEMAND", "name": "OnDemand", "documentation": "Pay as you go.", "deprecated": true},
                {"value": "4xlarge"}
            ]}}"#,
        );
        let m = Model::parse("m.json", &text).unwrap();
        let s = &m.shapes[&ShapeId("a.b#S".into())];
        assert_eq!(s.type_name, "enum");
        assert!(!s.traits.contains_key("smithy.api#enum"));
        let ShapeKind::Enum { int: false, members } = &s.kind else { panic!("{:?}", s.kind) };
        let names: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["t2_micro", "OnDemand", "V4xlarge"]);
        let value = |i: usize| members[i].traits["smithy.api#enumValue"].value.as_str().unwrap().to_owned();
        assert_eq!([value(0), value(1), value(2)], ["t2.micro", "ON_DEMAND", "4xlarge"]);
        assert!(members[1].traits.contains_key("smithy.api#documentation"));
        assert!(members[1].traits.contains_key("smithy.api#deprecated"));
        assert_eq!(
            members[1].traits["smithy.api#enumValue"].location.to_string(),
            "m.json#/shapes/a.b#S/traits/smithy.api#enum/1/value"
        );
    }

    #[test]
    fn malformed_legacy_enum_entries_are_located() {
        let e = errors(&one_shape(
            r#"{"type": "string", "traits": {"smithy.api#enum": [{"name": "A"}, {"value": "b", "name": "not ok"}]}}"#,
        ));
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(e[0].starts_with("m.json#/shapes/a.b#S/traits/smithy.api#enum/0/value: "), "{e:?}");
        assert!(e[1].starts_with("m.json#/shapes/a.b#S/traits/smithy.api#enum/1/name: "), "{e:?}");
    }

    /// A model of one shape `a.b#S` whose JSON is `shape`.
    fn one_shape(shape: &str) -> String {
        format!(r#"{{"smithy": "2.0", "shapes": {{"a.b#S": {shape}}}}}"#)
    }

    #[test]
    fn duplicate_keys_are_refused_with_line_and_column() {
        let text = "{\"smithy\": \"2.0\", \"shapes\": {\n  \"a.b#S\": {\"type\": \"structure\", \"members\": {\n  \"M\": {\n    \"target\": \"smithy.api#String\",\n    \"target\": \"smithy.api#Integer\"}}}}}";
        assert_eq!(errors(text), ["m.json: invalid JSON at line 5, column 12: duplicate key \"target\""]);
        let text = "{\"smithy\": \"2.0\", \"shapes\": {\n  \"a.b#S\": {\"type\": \"string\"},\n  \"a.b#T\": {},\n  \"a.b#S\": {\"type\": \"integer\"}}}";
        assert_eq!(errors(text), ["m.json: invalid JSON at line 4, column 9: duplicate key \"a.b#S\""]);
        // At the top level, inside trait values (still JSON), and spelled with escapes.
        for (text, key) in [
            (r#"{"smithy": "2.0", "shapes": {}, "smithy": "2.0"}"#, "smithy"),
            (
                &one_shape(
                    r#"{"type": "string", "traits": {"smithy.api#documentation": "x", "smithy.api#documentation": "y"}}"#,
                ),
                "smithy.api#documentation",
            ),
            (&one_shape(r#"{"type": "string", "traits": {"a.b#t": [{"k": 1, "j": {}, "k": 2}]}}"#), "k"),
            (&one_shape(r#"{"type": "string", "t\u0079pe": "string"}"#), "type"),
        ] {
            let e = errors(text);
            assert_eq!(e.len(), 1, "{e:?}");
            assert!(e[0].starts_with("m.json: invalid JSON at line 1, column "), "{e:?}");
            assert!(e[0].ends_with(&format!(": duplicate key {key:?}")), "{e:?}");
        }
        // The same key in different objects, keys equal to values, and quotes
        // inside strings are not duplicates.
        let ok = one_shape(
            r#"{"type": "string", "traits": {"smithy.api#documentation": "\"type\": \"x\", {\"type\"", "a.b#t": [{"type": "type"}, {"type": 1}], "a.b#u": {"a": {"a": {"a": "a"}}}}}"#,
        );
        let m = Model::parse("m.json", &ok).unwrap();
        let traits = &m.shapes[&ShapeId("a.b#S".into())].traits;
        assert_eq!(traits["a.b#t"].value, serde_json::json!([{"type": "type"}, {"type": 1}]));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        for text in ["[".repeat(100_000), "{\"a\":".repeat(100_000), format!("{{\"smithy\": {}", "[".repeat(100_000))] {
            let e = errors(&text);
            assert_eq!(e.len(), 1, "{e:?}");
            assert!(e[0].starts_with("m.json: invalid JSON at line 1, column "), "{e:?}");
            assert!(e[0].ends_with("recursion limit exceeded"), "{e:?}");
        }
        // Within the limit, nesting is kept as written in trait values.
        let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
        Model::parse("m.json", &one_shape(&format!(r#"{{"type": "string", "traits": {{"a.b#t": {deep}}}}}"#))).unwrap();
    }

    #[test]
    fn a_document_that_is_not_an_object_names_where_it_starts() {
        assert_eq!(
            errors("\n  [1]"),
            ["m.json: at line 2, column 3: expected the model as a JSON object {\"smithy\": \"2.0\", \"shapes\": {...}}, found an array"]
        );
        assert_eq!(errors(""), ["m.json: invalid JSON at line 1, column 0: EOF while parsing a value"]);
    }

    #[test]
    fn identifiers_follow_the_smithy_grammar() {
        for ok in ["a", "A", "_a", "__a", "a_", "a1", "_a_1_", "Fleet", "S3Bucket"] {
            assert!(is_identifier(ok), "{ok:?}");
        }
        for bad in
            ["", "_", "__", "_1", "1a", "$", "-", "a-b", "a.b", "a b", "a#b", "a$b", "\u{1f600}", "é", "a\u{1f600}"]
        {
            assert!(!is_identifier(bad), "{bad:?}");
        }
        for ok in ["a#B", "a.b.c#_D", "com.amazonaws.appstream#Fleet", "_x._y#Z"] {
            assert!(is_absolute_shape_id(ok), "{ok:?}");
        }
        for bad in [
            "",
            "#",
            "a#",
            "#A",
            "a.#B",
            "a..b#C",
            ".a#B",
            "a#B#C",
            "a#B$m",
            "a#_",
            "a#_1",
            "1a#B",
            "a-b#C",
            "a#Fleet Started",
        ] {
            assert!(!is_absolute_shape_id(bad), "{bad:?}");
        }
    }

    #[test]
    fn shape_names_that_are_not_identifiers_are_located() {
        let e = errors(
            r#"{"smithy": "2.0", "shapes": {"a.b#_": {"type": "string"}, "a.b#_1": {"type": "string"}, "a..b#C": {"type": "string"}}}"#,
        );
        assert_eq!(
            e,
            [
                "m.json#/shapes/a..b#C: \"a..b#C\" is not an absolute shape ID (namespace#Name): the namespace \"a..b\" is not dot-separated identifiers, each a Smithy identifier (optional leading underscores, an ASCII letter, then ASCII letters, digits or underscores)",
                "m.json#/shapes/a.b#_: \"a.b#_\" is not an absolute shape ID (namespace#Name): the shape name \"_\" is not a Smithy identifier (optional leading underscores, an ASCII letter, then ASCII letters, digits or underscores)",
                "m.json#/shapes/a.b#_1: \"a.b#_1\" is not an absolute shape ID (namespace#Name): the shape name \"_1\" is not a Smithy identifier (optional leading underscores, an ASCII letter, then ASCII letters, digits or underscores)",
            ]
        );
        // Targets and trait IDs are shape IDs too.
        let e = errors(&one_shape(
            r#"{"type": "structure", "members": {"M": {"target": "a.b#_9"}}, "traits": {"a.b#": {}}}"#,
        ));
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(
            e[0].starts_with("m.json#/shapes/a.b#S/members/M/target: \"a.b#_9\" is not an absolute shape ID"),
            "{e:?}"
        );
        assert!(
            e[1].starts_with("m.json#/shapes/a.b#S/traits/a.b#: trait \"a.b#\" is not an absolute shape ID"),
            "{e:?}"
        );
        // A very long name is cut short in the message; the pointer has it whole.
        let long = format!("a.b#{}", "-".repeat(10_000));
        let e = errors(&format!(r#"{{"smithy": "2.0", "shapes": {{"{long}": {{"type": "string"}}}}}}"#));
        assert!(e[0].len() < 10_000 + 400, "{}", e[0].len());
        assert!(e[0].contains("... (10004 bytes)"), "{e:?}");
    }

    #[test]
    fn member_names_that_are_not_identifiers_are_located() {
        let e = errors(&one_shape(
            r#"{"type": "structure", "members": {
                "": {"target": "smithy.api#String"}, "_": {"target": "smithy.api#String"},
                "$": {"target": "smithy.api#String"}, "-": {"target": "smithy.api#String"},
                "\ud83d\ude00": {"target": "smithy.api#String"}, "a/b": {"target": "smithy.api#String"},
                "_ok": {"target": "smithy.api#String"}}}"#,
        ));
        let expected = "is not a Smithy identifier (optional leading underscores, an ASCII letter, then ASCII letters, digits or underscores)";
        assert_eq!(
            e,
            [
                format!("m.json#/shapes/a.b#S/members/: member name \"\" {expected}"),
                format!("m.json#/shapes/a.b#S/members/$: member name \"$\" {expected}"),
                format!("m.json#/shapes/a.b#S/members/-: member name \"-\" {expected}"),
                format!("m.json#/shapes/a.b#S/members/_: member name \"_\" {expected}"),
                format!("m.json#/shapes/a.b#S/members/a~1b: member name \"a/b\" {expected}"),
                format!("m.json#/shapes/a.b#S/members/\u{1f600}: member name \"\u{1f600}\" {expected}"),
            ]
        );
        let e = errors(&one_shape(
            r#"{"type": "enum", "members": {"Fleet Started": {"target": "smithy.api#Unit"}, "1Up": {"target": "smithy.api#Unit"}, "OK": {"target": "smithy.api#Unit"}}}"#,
        ));
        assert_eq!(
            e,
            [
                format!("m.json#/shapes/a.b#S/members/1Up: enum member name \"1Up\" {expected}"),
                format!("m.json#/shapes/a.b#S/members/Fleet Started: enum member name \"Fleet Started\" {expected}"),
            ]
        );
    }

    #[test]
    fn a_service_version_that_is_not_a_string_is_located() {
        for (v, kind) in
            [("1", "a number"), ("null", "null"), ("[\"1\"]", "an array"), ("{}", "an object"), ("true", "a boolean")]
        {
            let e = errors(&one_shape(&format!(r#"{{"type": "service", "version": {v}}}"#)));
            assert_eq!(
                e,
                [format!("m.json#/shapes/a.b#S/version: expected the service version as a string, found {kind}")]
            );
        }
        let m = Model::parse("m.json", &one_shape(r#"{"type": "service"}"#)).unwrap();
        assert!(
            matches!(&m.shapes[&ShapeId("a.b#S".into())].kind, ShapeKind::Service { version, .. } if version.is_empty())
        );
    }

    #[test]
    fn fields_of_the_wrong_json_type_are_located() {
        let cases: &[(&str, &str)] = &[
            (r#"{"type": 5}"#, "/type: expected the shape's \"type\" as a string, found a number"),
            (r#"{"traits": {}}"#, "/type: expected the shape's \"type\" as a string, found nothing"),
            (
                r#"{"type": "structure", "members": []}"#,
                "/members: expected an object of members (name to {\"target\": ...}), found an array",
            ),
            (
                r#"{"type": "enum", "members": "A"}"#,
                "/members: expected an object of enum members (name to {\"target\": ...}), found a string",
            ),
            (
                r#"{"type": "structure", "members": {"M": "smithy.api#String"}}"#,
                "/members/M: expected an object with a \"target\" shape ID, found a string",
            ),
            (
                r#"{"type": "structure", "members": {"M": {"target": 1}}}"#,
                "/members/M/target: expected a shape ID string, found a number",
            ),
            (
                r#"{"type": "structure", "members": {"M": {"target": "smithy.api#String", "traits": []}}}"#,
                "/members/M/traits: expected an object of traits (trait shape ID to value), found an array",
            ),
            (
                r#"{"type": "string", "traits": null}"#,
                "/traits: expected an object of traits (trait shape ID to value), found null",
            ),
            (r#"{"type": "list"}"#, "/member: a list needs \"member\": an object with a \"target\" shape ID"),
            (
                r#"{"type": "set", "member": []}"#,
                "/member: expected an object with a \"target\" shape ID, found an array",
            ),
            (
                r#"{"type": "map", "key": {"target": "smithy.api#String"}}"#,
                "/value: a map needs \"value\": an object with a \"target\" shape ID",
            ),
            (
                r#"{"type": "map", "key": 1, "value": {"target": "smithy.api#String"}}"#,
                "/key: expected an object with a \"target\" shape ID, found a number",
            ),
            (
                r#"{"type": "operation", "input": "a.b#In"}"#,
                "/input: expected an object with a \"target\" shape ID, found a string",
            ),
            (
                r#"{"type": "operation", "output": null}"#,
                "/output: expected an object with a \"target\" shape ID, found null",
            ),
            (
                r#"{"type": "operation", "errors": {"target": "a.b#E"}}"#,
                "/errors: expected an array of shape references, found an object",
            ),
            (
                r#"{"type": "operation", "errors": ["a.b#E"]}"#,
                "/errors/0: expected an object with a \"target\" shape ID, found a string",
            ),
            (
                r#"{"type": "service", "operations": {}}"#,
                "/operations: expected an array of shape references, found an object",
            ),
            (
                r#"{"type": "service", "resources": [{}]}"#,
                "/resources/0: expected an object with a \"target\" shape ID",
            ),
            (
                r#"{"type": "service", "errors": "a.b#E"}"#,
                "/errors: expected an array of shape references, found a string",
            ),
            (
                r#"{"type": "service", "rename": []}"#,
                "/rename: expected an object of shape IDs to new names, found an array",
            ),
            (
                r#"{"type": "service", "rename": {"a.b#X": 1}}"#,
                "/rename/a.b#X: expected the new name as a string, found a number",
            ),
            (
                r#"{"type": "resource", "read": []}"#,
                "/read: expected an object with a \"target\" shape ID, found an array",
            ),
            (
                r#"{"type": "resource", "collectionOperations": {}}"#,
                "/collectionOperations: expected an array of shape references, found an object",
            ),
            (
                r#"{"type": "resource", "identifiers": {"Id": "smithy.api#String"}}"#,
                "/identifiers/Id: expected an object with a \"target\" shape ID, found a string",
            ),
            (
                r#"{"type": "resource", "properties": []}"#,
                "/properties: expected an object of names to shape references, found an array",
            ),
            (r#""string""#, ": expected an object, found a string"),
        ];
        for (shape, expected) in cases {
            let e = errors(&one_shape(shape));
            let expected = format!("m.json#/shapes/a.b#S{expected}");
            assert_eq!(e, [expected], "{shape}");
        }
        let e = errors(r#"{"smithy": "2.0", "metadata": [], "shapes": []}"#);
        assert_eq!(
            e,
            [
                "m.json#/metadata: expected an object of metadata, found an array",
                "m.json#/shapes: expected an object, found an array"
            ]
        );
    }

    #[test]
    fn trait_values_stay_json() {
        let m = Model::parse(
            "m.json",
            &one_shape(r#"{"type": "string", "traits": {"smithy.api#length": {"min": "x", "max": -1e300}, "smithy.api#pattern": "^(a+)+$", "smithy.api#default": [null]}}"#),
        )
        .unwrap();
        let t = &m.shapes[&ShapeId("a.b#S".into())].traits;
        assert_eq!(t["smithy.api#length"].value, serde_json::json!({"min": "x", "max": -1e300}));
        assert_eq!(t["smithy.api#length"].location.pointer, "/shapes/a.b#S/traits/smithy.api#length");
        assert_eq!(t["smithy.api#pattern"].value, "^(a+)+$");
        assert_eq!(t["smithy.api#default"].value, serde_json::json!([null]));
    }

    #[test]
    fn member_without_target_is_located() {
        let e = errors(
            r#"{"smithy": "2.0", "shapes": {"a.b#S": {"type": "structure", "members": {"M": {"traits": {}}}}}}"#,
        );
        assert_eq!(e, ["m.json#/shapes/a.b#S/members/M: expected an object with a \"target\" shape ID"]);
    }

    #[test]
    fn member_order_is_kept() {
        let m = Model::parse(
            "m.json",
            r#"{"smithy": "2.0", "shapes": {"a.b#S": {"type": "structure", "members": {
                "Zed": {"target": "smithy.api#String"}, "Alpha": {"target": "smithy.api#String"}}}}}"#,
        )
        .unwrap();
        let ShapeKind::Structure { members, .. } = &m.shapes[&ShapeId("a.b#S".into())].kind else { panic!() };
        assert_eq!(members.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["Zed", "Alpha"]);
    }
}
