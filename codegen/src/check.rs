//! Checking: everything the emitters rely on, verified before any code exists.
//!
//! - exactly one service, speaking a protocol we generate;
//! - every target resolves (to a model shape or a prelude shape);
//! - every shape the service reaches has a supported type and known traits
//!   whose values have the right form;
//! - no two names collide after case conversion (types, modules, members,
//!   enum variants, operations).
//!
//! Every problem is reported, each with its file and JSON pointer.

use crate::diag::{Diagnostics, Location, ModelError};
use crate::model::{Member, Model, Shape, ShapeId, ShapeKind, Traits};
use crate::names;
use crate::traits::{self, Support};
use std::collections::{BTreeMap, BTreeSet};

/// The prelude's simple shapes: name, type, and whether it has `@default`.
const PRELUDE: &[(&str, &str, bool)] = &[
    ("String", "string", false),
    ("Blob", "blob", false),
    ("BigInteger", "bigInteger", false),
    ("BigDecimal", "bigDecimal", false),
    ("Timestamp", "timestamp", false),
    ("Document", "document", false),
    ("Boolean", "boolean", false),
    ("PrimitiveBoolean", "boolean", true),
    ("Byte", "byte", false),
    ("PrimitiveByte", "byte", true),
    ("Short", "short", false),
    ("PrimitiveShort", "short", true),
    ("Integer", "integer", false),
    ("PrimitiveInteger", "integer", true),
    ("Long", "long", false),
    ("PrimitiveLong", "long", true),
    ("Float", "float", false),
    ("PrimitiveFloat", "float", true),
    ("Double", "double", false),
    ("PrimitiveDouble", "double", true),
];

/// The unit shape, used for "no input" or "no output".
pub const UNIT: &str = "smithy.api#Unit";

/// The type of a prelude shape, and whether it carries a zero `@default`.
pub fn prelude(id: &ShapeId) -> Option<(&'static str, bool)> {
    if id.namespace() != "smithy.api" {
        return None;
    }
    PRELUDE.iter().find(|(n, _, _)| *n == id.name()).map(|(_, t, d)| (*t, *d))
}

/// A checked model: the service and every shape it reaches.
#[derive(Debug)]
pub struct Checked<'m> {
    /// The model.
    pub model: &'m Model,
    /// The service shape.
    pub service: &'m Shape,
    /// The operations of the service, including those of its resources.
    pub operations: Vec<&'m Shape>,
    /// Every model shape the service reaches (prelude shapes excluded).
    pub closure: BTreeSet<ShapeId>,
}

/// Shape types that generated code can represent.
fn supported_type(t: &str) -> Result<(), &'static str> {
    match t {
        "boolean" | "string" | "byte" | "short" | "integer" | "long" | "float" | "double" | "timestamp" | "enum"
        | "list" | "set" | "map" | "structure" | "operation" | "service" | "resource" => Ok(()),
        "blob" => Err("blob shapes are not supported yet"),
        "document" => Err("document shapes are not supported yet"),
        "bigInteger" | "bigDecimal" => Err("arbitrary-precision numbers are not supported yet"),
        "intEnum" => Err("intEnum shapes are not supported yet"),
        "union" => Err("union shapes are not supported yet"),
        _ => Err("unknown shape type"),
    }
}

/// Checks `model`; see the module documentation for what is checked.
pub fn check(model: &Model) -> Result<Checked<'_>, ModelError> {
    let mut diags = Diagnostics::default();
    let root = Location::root(&model.file);

    let services: Vec<&Shape> = model.shapes.values().filter(|s| matches!(s.kind, ShapeKind::Service { .. })).collect();
    let service = match services.as_slice() {
        [one] => *one,
        [] => return Err(ModelError::at(&root.child("shapes"), "the model has no service shape")),
        many => {
            let ids: Vec<_> = many.iter().map(|s| s.id.0.as_str()).collect();
            return Err(ModelError::at(
                &root.child("shapes"),
                format!("the model has {} service shapes ({}); expected exactly one", many.len(), ids.join(", ")),
            ));
        }
    };

    // Every target anywhere in the file must resolve.
    for shape in model.shapes.values() {
        for (target, loc) in references(shape) {
            if target.0 != UNIT && prelude(target).is_none() && !model.shapes.contains_key(target) {
                diags.error(&loc, format!("target {target} is not defined in the model or the Smithy prelude"));
            }
        }
    }

    // The closure of the service.
    let mut closure = BTreeSet::new();
    let mut stack = vec![service.id.clone()];
    let mut operations = Vec::new();
    while let Some(id) = stack.pop() {
        let Some(shape) = model.shapes.get(&id) else { continue };
        if !closure.insert(id) {
            continue;
        }
        if matches!(shape.kind, ShapeKind::Operation { .. }) {
            operations.push(shape);
        }
        for (t, _) in references(shape) {
            if model.shapes.contains_key(t) && !closure.contains(t) {
                stack.push(t.clone());
            }
        }
    }
    operations.sort_by(|a, b| a.id.name().cmp(b.id.name()));

    for id in &closure {
        let shape = &model.shapes[id];
        check_shape(model, shape, &mut diags);
    }
    check_service(service, &mut diags);
    check_names(model, &closure, &operations, &mut diags);
    diags.finish(Checked { model, service, operations, closure })
}

/// Every shape reference a shape makes, with its location.
pub fn references(shape: &Shape) -> Vec<(&ShapeId, Location)> {
    fn members(ms: &[Member]) -> Vec<(&ShapeId, Location)> {
        ms.iter().map(|m| (&m.target, m.location.child("target"))).collect()
    }
    fn list(v: &[(ShapeId, Location)]) -> Vec<(&ShapeId, Location)> {
        v.iter().map(|(t, l)| (t, l.child("target"))).collect()
    }
    match &shape.kind {
        ShapeKind::Simple(_) | ShapeKind::Enum { .. } => Vec::new(),
        ShapeKind::List { member } => members(std::slice::from_ref(member)),
        ShapeKind::Map { key, value } => {
            vec![(&key.target, key.location.child("target")), (&value.target, value.location.child("target"))]
        }
        ShapeKind::Structure { members: ms, .. } => members(ms),
        ShapeKind::Operation { input, output, errors } => {
            let mut v: Vec<_> = input.iter().chain(output.iter()).map(|(t, l)| (t, l.child("target"))).collect();
            v.extend(list(errors));
            v
        }
        ShapeKind::Service { operations, resources, errors, .. } => {
            let mut v = list(operations);
            v.extend(list(resources));
            v.extend(list(errors));
            v
        }
        ShapeKind::Resource { operations, resources } => {
            let mut v = list(operations);
            v.extend(list(resources));
            v
        }
    }
}

fn check_traits(traits: &Traits, owner: &str, diags: &mut Diagnostics) {
    for (id, t) in traits {
        match traits::classify(id) {
            None => diags.error(
                &t.location,
                format!("unsupported trait {id} on {owner}: the generator does not know this trait, so it cannot tell whether ignoring it would make the generated code wrong"),
            ),
            Some(Support::Unsupported(why)) => {
                diags.error(&t.location, format!("unsupported trait {id} on {owner}: {why}"))
            }
            Some(Support::NoEffect(_)) => {}
            Some(Support::Applied) => check_trait_value(id, t, diags),
        }
    }
}

fn check_trait_value(id: &str, t: &crate::model::TraitValue, diags: &mut Diagnostics) {
    match id {
        "smithy.api#documentation" | "smithy.api#pattern" | "smithy.api#title" => {
            traits::string(t, diags);
        }
        "smithy.api#length" => {
            traits::length(t, diags);
        }
        "smithy.api#range" => {
            traits::range(t, diags);
        }
        "smithy.api#error" => {
            traits::error(t, diags);
        }
        "smithy.api#timestampFormat" => {
            traits::timestamp_format(t, diags);
        }
        "smithy.api#deprecated" => {
            traits::deprecated(t, diags);
        }
        "smithy.api#enumValue" if !t.value.is_string() => {
            diags.error(&t.location, format!("expected the enum value as a string, found {}", t.value));
        }
        "smithy.api#required" | "smithy.api#clientOptional" | "smithy.api#input" | "smithy.api#output"
        | "smithy.api#sensitive" | "smithy.api#idempotencyToken" | "smithy.api#uniqueItems"
        | "aws.protocols#awsJson1_0" | "aws.protocols#awsJson1_1" => {
            traits::marker(t, diags);
        }
        "smithy.api#paginated" => {
            for k in ["inputToken", "outputToken", "items", "pageSize"] {
                traits::field_str(t, k, diags);
            }
        }
        _ => {}
    }
}

fn check_shape(model: &Model, shape: &Shape, diags: &mut Diagnostics) {
    let owner = format!("shape {}", shape.id);
    if let Err(why) = supported_type(&shape.type_name) {
        diags.error(&shape.location.child("type"), format!("{owner}: {why} (type {:?})", shape.type_name));
    }
    check_traits(&shape.traits, &owner, diags);
    let member_list: Vec<&Member> = match &shape.kind {
        ShapeKind::Structure { members, .. } | ShapeKind::Enum { members, .. } => members.iter().collect(),
        ShapeKind::List { member } => vec![member],
        ShapeKind::Map { key, value } => vec![key, value],
        _ => Vec::new(),
    };
    for m in &member_list {
        check_traits(&m.traits, &format!("member {}${}", shape.id, m.name), diags);
        if let Some(target) = model.shapes.get(&m.target) {
            let expected_enum = matches!(shape.kind, ShapeKind::Enum { .. });
            if let ShapeKind::Operation { .. } | ShapeKind::Service { .. } | ShapeKind::Resource { .. } = target.kind {
                diags.error(
                    &m.location.child("target"),
                    format!("a member cannot target the {} shape {}", target.type_name, target.id),
                );
            } else if expected_enum {
                diags.error(&m.location.child("target"), format!("enum members must target {UNIT}"));
            }
        }
    }
    match &shape.kind {
        ShapeKind::Enum { members, .. } if members.is_empty() => {
            diags.error(&shape.location.child("members"), format!("{owner}: an enum needs at least one member"));
        }
        ShapeKind::Map { key, .. } => {
            let key_type = model.shapes.get(&key.target).map(|s| s.type_name.as_str()).or(prelude(&key.target).map(|p| p.0));
            if !matches!(key_type, Some("string" | "enum")) {
                diags.error(&key.location.child("target"), format!("{owner}: map keys must be strings or string enums"));
            }
        }
        ShapeKind::Operation { input, output, errors } => {
            for (t, loc) in input.iter().chain(output.iter()) {
                let ok = t.0 == UNIT || model.shapes.get(t).is_some_and(|s| s.type_name == "structure");
                if !ok {
                    diags.error(&loc.child("target"), format!("{owner}: input and output must target structures"));
                }
            }
            for (t, loc) in errors {
                if let Some(s) = model.shapes.get(t) {
                    if !s.traits.contains_key("smithy.api#error") {
                        diags.error(&loc.child("target"), format!("{owner}: {t} is not a structure with @error"));
                    }
                }
            }
        }
        _ => {}
    }
}

fn check_service(service: &Shape, diags: &mut Diagnostics) {
    let protocols: Vec<&String> = service.traits.keys().filter(|k| k.starts_with("aws.protocols#")).collect();
    if !service.traits.contains_key("aws.protocols#awsJson1_0") && !service.traits.contains_key("aws.protocols#awsJson1_1")
    {
        let found = if protocols.is_empty() { "none".to_owned() } else { protocols.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ") };
        diags.error(
            &service.location.child("traits"),
            format!("service {}: no supported protocol; expected aws.protocols#awsJson1_0 or aws.protocols#awsJson1_1, found {found}", service.id),
        );
    }
    match service.traits.get("aws.api#service") {
        None => diags.error(&service.location.child("traits"), format!("service {}: expected the aws.api#service trait (sdkId, endpointPrefix)", service.id)),
        Some(t) => {
            if traits::field_str(t, "sdkId", diags) == Some(None) {
                diags.error(&t.location, "expected \"sdkId\"");
            }
            traits::field_str(t, "endpointPrefix", diags);
        }
    }
    match service.traits.get("aws.auth#sigv4") {
        None => diags.error(&service.location.child("traits"), format!("service {}: expected the aws.auth#sigv4 trait", service.id)),
        Some(t) => {
            if traits::field_str(t, "name", diags) == Some(None) {
                diags.error(&t.location, "expected the signing \"name\"");
            }
        }
    }
}

fn check_names(model: &Model, closure: &BTreeSet<ShapeId>, operations: &[&Shape], diags: &mut Diagnostics) {
    let mut collide = |what: &str, key: String, item: (&str, &Location), seen: &mut BTreeMap<String, String>| {
        if let Some(prev) = seen.insert(key.clone(), item.0.to_owned()) {
            if prev != item.0 {
                diags.error(item.1, format!("{what} {} and {prev} both become `{key}` in Rust", item.0));
            }
        }
    };
    // Types share the `types` module and its files; errors have their own.
    let mut types = BTreeMap::new();
    let mut files = BTreeMap::new();
    let mut errors = BTreeMap::new();
    for id in closure {
        let shape = &model.shapes[id];
        let named = matches!(shape.kind, ShapeKind::Structure { .. } | ShapeKind::Enum { .. });
        if !named {
            continue;
        }
        let ty = names::type_name(id.name());
        let item = (id.0.as_str(), &shape.location);
        if shape.traits.contains_key("smithy.api#error") {
            collide("error shapes", ty, item, &mut errors);
        } else {
            collide("shapes", ty.clone(), item, &mut types);
            collide("shapes (file names)", names::snake_raw(id.name()), item, &mut files);
        }
        let members: &[Member] = match &shape.kind {
            ShapeKind::Structure { members, .. } | ShapeKind::Enum { members, .. } => members,
            _ => &[],
        };
        let mut fields = BTreeMap::new();
        for m in members {
            let key = if matches!(shape.kind, ShapeKind::Enum { .. }) {
                names::variant_name(&m.name).0
            } else {
                names::snake(&m.name)
            };
            collide("members", key, (&format!("{}${}", id, m.name), &m.location), &mut fields);
        }
    }
    let mut ops = BTreeMap::new();
    for op in operations {
        collide("operations", names::snake(op.id.name()), (op.id.0.as_str(), &op.location), &mut ops);
    }
}
