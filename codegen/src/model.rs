//! Loading: the Smithy 2.0 JSON AST as typed data, each piece with its location.
//!
//! This pass knows the AST's structure (shapes, members, targets, traits) and
//! nothing else: it does not resolve targets or interpret trait values. Trait
//! values stay JSON here; [`crate::check`] and [`crate::lower`] read them with
//! their locations, and nothing after lowering sees JSON at all.

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
        let value: Value = serde_json::from_str(text).map_err(|e| {
            let (line, column) = (e.line(), e.column());
            let what = e.to_string();
            let what = what.strip_suffix(&format!(" at line {line} column {column}")).unwrap_or(&what);
            ModelError::at(&root, format!("invalid JSON at line {line}, column {column}: {what}"))
        })?;
        let mut diags = Diagnostics::default();
        let mut shapes = BTreeMap::new();
        let Some(doc) = object(&value, &root, &mut diags) else {
            return diags.finish(Model { file: file.to_owned(), shapes });
        };
        match doc.get("smithy").and_then(Value::as_str) {
            Some("2.0" | "2") => {}
            Some(v) => diags.error(&root.child("smithy"), format!("Smithy IDL version {v:?} is not supported; expected \"2.0\"")),
            None => diags.error(&root.child("smithy"), "expected the IDL version as a string, \"smithy\": \"2.0\""),
        }
        let shapes_loc = root.child("shapes");
        if let Some(map) = doc.get("shapes").and_then(|v| object(v, &shapes_loc, &mut diags)) {
            for (id, v) in map {
                let loc = shapes_loc.child(id);
                if !is_absolute_shape_id(id) {
                    diags.error(&loc, format!("{id:?} is not an absolute shape ID (namespace#Name)"));
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

fn is_absolute_shape_id(id: &str) -> bool {
    let Some((ns, name)) = id.split_once('#') else { return false };
    let ident = |s: &str| {
        let mut chars = s.chars();
        matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    ns.split('.').all(ident) && ident(name)
}

fn object<'a>(v: &'a Value, loc: &Location, diags: &mut Diagnostics) -> Option<&'a Map<String, Value>> {
    let o = v.as_object();
    if o.is_none() {
        diags.error(loc, format!("expected an object, found {}", kind_of(v)));
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
    let o = object(v, loc, diags)?;
    match o.get("target") {
        Some(Value::String(t)) if is_absolute_shape_id(t) => Some(ShapeId(t.clone())),
        Some(Value::String(t)) => {
            diags.error(&loc.child("target"), format!("{t:?} is not an absolute shape ID (namespace#Name)"));
            None
        }
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
        if let Some(map) = object(v, &loc, diags) {
            for (id, value) in map {
                let l = loc.child(id);
                if !is_absolute_shape_id(id) {
                    diags.error(&l, format!("trait {id:?} is not an absolute shape ID"));
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

fn members(o: &Map<String, Value>, loc: &Location, diags: &mut Diagnostics) -> Vec<Member> {
    let loc = loc.child("members");
    match o.get("members") {
        None => Vec::new(),
        Some(v) => object(v, &loc, diags)
            .map(|map| map.iter().filter_map(|(n, v)| member(n, v, loc.child(n), diags)).collect())
            .unwrap_or_default(),
    }
}

fn load_shape(id: ShapeId, v: &Value, loc: Location, diags: &mut Diagnostics) -> Option<Shape> {
    let o = object(v, &loc, diags)?;
    let type_name = match o.get("type") {
        Some(Value::String(t)) => t.clone(),
        _ => {
            diags.error(&loc.child("type"), "expected the shape's \"type\" as a string");
            return None;
        }
    };
    if o.contains_key("mixins") {
        diags.error(&loc.child("mixins"), "mixins are not supported; give the generator a flattened model (the JSON AST that `smithy build` writes)");
    }
    let kind = match type_name.as_str() {
        "blob" | "boolean" | "string" | "byte" | "short" | "integer" | "long" | "float" | "double" | "bigInteger"
        | "bigDecimal" | "timestamp" | "document" => ShapeKind::Simple(type_name.clone()),
        "enum" | "intEnum" => ShapeKind::Enum { int: type_name == "intEnum", members: members(o, &loc, diags) },
        "list" | "set" => {
            let l = loc.child("member");
            ShapeKind::List { member: member("member", o.get("member").unwrap_or(&Value::Null), l, diags)? }
        }
        "map" => {
            let k = member("key", o.get("key").unwrap_or(&Value::Null), loc.child("key"), diags);
            let v = member("value", o.get("value").unwrap_or(&Value::Null), loc.child("value"), diags);
            ShapeKind::Map { key: k?, value: v? }
        }
        "structure" | "union" => ShapeKind::Structure { union: type_name == "union", members: members(o, &loc, diags) },
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
        "service" => ShapeKind::Service {
            version: o.get("version").and_then(Value::as_str).unwrap_or_default().to_owned(),
            operations: targets(o, "operations", &loc, diags),
            resources: targets(o, "resources", &loc, diags),
            errors: targets(o, "errors", &loc, diags),
        },
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
            ShapeKind::Resource { operations, resources: targets(o, "resources", &loc, diags) }
        }
        "apply" => return None,
        other => {
            diags.error(&loc.child("type"), format!("unknown shape type {other:?}"));
            return None;
        }
    };
    Some(Shape { traits: traits(o, &loc, diags), id, type_name, kind, location: loc })
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
                "m.json#/shapes/NoNamespace: \"NoNamespace\" is not an absolute shape ID (namespace#Name)",
                "m.json#/smithy: Smithy IDL version \"1.0\" is not supported; expected \"2.0\"",
            ]
        );
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
