//! Checking: everything the emitters rely on, verified and decided before
//! any code exists.
//!
//! - exactly one service, speaking a protocol of [`crate::protocol`]'s table;
//! - every target resolves (to a model shape or a prelude shape), and every
//!   shape the service reaches has a type the generator handles;
//! - every trait is known and is read once into a typed value
//!   ([`crate::traits::read`]): wrong shape kind, wrong value type,
//!   out-of-range defaults, bad or catastrophic patterns are located errors;
//! - no list or map contains itself;
//! - every Rust name is made ([`crate::names`]) and the complete set,
//!   generated names included, is made of identifiers and free of
//!   collisions.
//!
//! Every problem is reported, each with its file and JSON pointer.

use crate::diag::{Diagnostics, Location, ModelError};
use crate::ir::{MemberNames, OperationNames, Simple, TypeNames, UnionVariantNames};
use crate::model::{Member, Model, Shape, ShapeId, ShapeKind};
use crate::names;
use crate::traits::{self, DefaultTrait, Holder, Owner, Traits};
use std::collections::{BTreeMap, BTreeSet};

/// The prelude's shapes: name, type, and whether it has `@default`.
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
    ("Unit", "structure", false),
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

/// The simple type of a Smithy type name, or why the generator refuses it.
pub fn simple_type(type_name: &str) -> Result<Option<Simple>, &'static str> {
    Ok(Some(match type_name {
        "string" => Simple::String,
        "boolean" => Simple::Boolean,
        "byte" => Simple::Byte,
        "short" => Simple::Short,
        "integer" => Simple::Integer,
        "long" => Simple::Long,
        "float" => Simple::Float,
        "double" => Simple::Double,
        "timestamp" => Simple::Timestamp,
        "blob" => Simple::Blob,
        "document" => Simple::Document,
        "bigInteger" => Simple::BigInteger,
        "bigDecimal" => Simple::BigDecimal,
        _ => return Ok(None),
    }))
}

/// A `@pattern` prepared for the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedPattern {
    /// The ECMA-262 pattern the crate compiles.
    pub enforced: String,
    /// Why it differs from the model's.
    pub note: Option<String>,
    /// For a pattern a backtracking matcher could need exponential time
    /// for: the same pattern in regex-lite's syntax, matched in linear time.
    pub linear: Option<String>,
}

/// Every Rust name of the crate, decided once.
#[derive(Debug, Default)]
pub struct Names {
    /// Named types: structures of `crate::types`, errors, enums.
    pub types: BTreeMap<ShapeId, TypeNames>,
    /// Members of every structure (operation inputs and outputs included).
    pub members: BTreeMap<ShapeId, Vec<MemberNames>>,
    /// Enum variants, and whether each had to be renamed.
    pub variants: BTreeMap<ShapeId, Vec<(String, bool)>>,
    /// The variants and methods of each union's members.
    pub union_variants: BTreeMap<ShapeId, Vec<UnionVariantNames>>,
    /// The variant of each error in error enums.
    pub error_variants: BTreeMap<ShapeId, String>,
    /// Each operation's names, and its input's and output's type names.
    pub operations: BTreeMap<ShapeId, (OperationNames, TypeNames, TypeNames)>,
    /// Each waiter's sink type, builder alias and client method, by
    /// operation and waiter name.
    pub waiters: BTreeMap<(ShapeId, String), (String, String, String)>,
    /// The crate-level check function of lists, maps and simple shapes.
    pub check_fns: BTreeMap<ShapeId, String>,
}

/// A checked model: the service, every shape it reaches, typed traits and names.
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
    /// Typed traits of every shape in the closure and of the service.
    pub traits: BTreeMap<ShapeId, Traits>,
    /// Typed traits of every member, by shape and member name.
    pub member_traits: BTreeMap<(ShapeId, String), Traits>,
    /// Every pattern, by the model's text.
    pub patterns: BTreeMap<String, PreparedPattern>,
    /// The protocol the client speaks by default (the first of `protocols`).
    pub protocol: &'static crate::protocol::Protocol,
    /// The protocols of the table the service supports, preferred first.
    pub protocols: Vec<&'static crate::protocol::Protocol>,
    /// Every Rust name.
    pub names: Names,
}

static NO_TRAITS: std::sync::OnceLock<Traits> = std::sync::OnceLock::new();

impl Checked<'_> {
    /// The typed traits of shape `id` (prelude shapes have none).
    pub fn traits_of(&self, id: &ShapeId) -> &Traits {
        self.traits.get(id).unwrap_or_else(|| NO_TRAITS.get_or_init(Traits::default))
    }

    /// The typed traits of member `name` of `shape`.
    pub fn member_traits_of(&self, shape: &ShapeId, name: &str) -> &Traits {
        self.member_traits
            .get(&(shape.clone(), name.to_owned()))
            .unwrap_or_else(|| NO_TRAITS.get_or_init(Traits::default))
    }

    /// The Smithy type of `id` (model or prelude).
    pub fn type_name(&self, id: &ShapeId) -> Option<&str> {
        match self.model.shapes.get(id) {
            Some(s) => Some(s.type_name.as_str()),
            None => prelude(id).map(|p| p.0),
        }
    }
}

/// The members of a shape (structure and enum members, list member, map key and value).
pub fn members_of(shape: &Shape) -> Vec<&Member> {
    match &shape.kind {
        ShapeKind::Structure { members, .. } | ShapeKind::Enum { members, .. } => members.iter().collect(),
        ShapeKind::List { member } => vec![member],
        ShapeKind::Map { key, value } => vec![key, value],
        _ => Vec::new(),
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
            if prelude(target).is_none() && !model.shapes.contains_key(target) {
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

    let mut c = Checked {
        model,
        service,
        operations,
        closure,
        traits: BTreeMap::new(),
        member_traits: BTreeMap::new(),
        patterns: BTreeMap::new(),
        protocol: &crate::protocol::AWS_JSON_1_1,
        protocols: Vec::new(),
        names: Names::default(),
    };
    let ids: Vec<ShapeId> = c.closure.iter().cloned().collect();
    for id in &ids {
        let shape = &model.shapes[id];
        check_shape(&mut c, shape, &mut diags);
    }
    for id in &ids {
        check_defaults(&c, &model.shapes[id], &mut diags);
    }
    check_service(&mut c, &mut diags);
    check_collections(&c, &mut diags);
    prepare_patterns(&mut c, &mut diags);
    if diags.is_empty() {
        c.names = assign_names(&c, &mut diags);
    }
    diags.finish(c)
}

/// Every shape reference a shape makes, with its location.
pub fn references(shape: &Shape) -> Vec<(&ShapeId, Location)> {
    fn list(v: &[(ShapeId, Location)]) -> Vec<(&ShapeId, Location)> {
        v.iter().map(|(t, l)| (t, l.child("target"))).collect()
    }
    match &shape.kind {
        ShapeKind::Simple(_) => Vec::new(),
        ShapeKind::Enum { .. } => Vec::new(),
        ShapeKind::List { .. } | ShapeKind::Map { .. } | ShapeKind::Structure { .. } => {
            members_of(shape).into_iter().map(|m| (&m.target, m.location.child("target"))).collect()
        }
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

fn check_shape(c: &mut Checked<'_>, shape: &Shape, diags: &mut Diagnostics) {
    let model = c.model;
    let owner = format!("shape {}", shape.id);
    let holder = Holder::of_type(&shape.type_name);
    match simple_type(&shape.type_name) {
        Err(why) => diags.error(&shape.location.child("type"), format!("{owner}: {why} (type {:?})", shape.type_name)),
        Ok(_) if shape.type_name == "intEnum" => {
            diags.error(&shape.location.child("type"), format!("{owner}: intEnum shapes are not supported yet"))
        }
        Ok(_) => {}
    }
    let t = traits::read(&shape.traits, Owner { what: &owner, holder, member: false, enum_member: false }, diags);
    c.traits.insert(shape.id.clone(), t);
    let is_enum = matches!(shape.kind, ShapeKind::Enum { .. });
    let is_union = matches!(shape.kind, ShapeKind::Structure { union: true, .. });
    for m in members_of(shape) {
        let what = format!("member {}${}", shape.id, m.name);
        let target_type = c.type_name(&m.target).map(str::to_owned);
        let holder = if is_enum { Holder::Enum } else { target_type.as_deref().map_or(Holder::Other, Holder::of_type) };
        let mt = traits::read(&m.traits, Owner { what: &what, holder, member: true, enum_member: is_enum }, diags);
        c.member_traits.insert((shape.id.clone(), m.name.clone()), mt);
        let tloc = m.location.child("target");
        if is_enum {
            if m.target.0 != UNIT {
                diags.error(&tloc, format!("enum members must target {UNIT}"));
            }
            continue;
        }
        match model.shapes.get(&m.target) {
            Some(target) => {
                if let ShapeKind::Operation { .. } | ShapeKind::Service { .. } | ShapeKind::Resource { .. } =
                    target.kind
                {
                    diags.error(&tloc, format!("a member cannot target the {} shape {}", target.type_name, target.id));
                }
            }
            None => match prelude(&m.target) {
                // A union member that holds no value.
                Some((_, _)) if m.target.0 == UNIT && is_union => {}
                Some((_, _)) if m.target.0 == UNIT => {
                    diags.error(&tloc, format!("{what}: only a union's members can target {UNIT}"));
                }
                Some((ty, _)) => {
                    if let Err(why) = simple_type(ty) {
                        diags.error(&tloc, format!("{what}: targets {}: {why}", m.target));
                    }
                }
                None => {}
            },
        }
    }
    if is_union {
        for m in members_of(shape) {
            for t in [traits::id::REQUIRED, traits::id::DEFAULT] {
                if m.traits.contains_key(t) {
                    diags.error(
                        &m.location.child("traits").child(t),
                        format!(
                            "member {}${}: a union's members cannot have @{}",
                            shape.id,
                            m.name,
                            t.trim_start_matches("smithy.api#")
                        ),
                    );
                }
            }
        }
    }
    match &shape.kind {
        ShapeKind::Structure { union: true, members } if members.is_empty() => {
            diags.error(&shape.location.child("members"), format!("{owner}: a union needs at least one member"));
        }
        ShapeKind::Enum { members, .. } if members.is_empty() => {
            diags.error(&shape.location.child("members"), format!("{owner}: an enum needs at least one member"));
        }
        ShapeKind::Enum { members, .. } => {
            let mut seen = BTreeMap::new();
            for m in members {
                let value = c.member_traits_of(&shape.id, &m.name).enum_value.clone().unwrap_or_else(|| m.name.clone());
                if let Some(prev) = seen.insert(value.clone(), m.name.clone()) {
                    diags.error(
                        &m.location,
                        format!("{owner}: members {prev} and {} both have the value {value:?}", m.name),
                    );
                }
            }
        }
        ShapeKind::Map { key, .. } if !matches!(c.type_name(&key.target), Some("string" | "enum")) => {
            diags.error(&key.location.child("target"), format!("{owner}: map keys must be strings or string enums"));
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
                    if !s.traits.contains_key(traits::id::ERROR) {
                        diags.error(&loc.child("target"), format!("{owner}: {t} is not a structure with @error"));
                    }
                }
            }
        }
        _ => {}
    }
}

/// `@default` values of enum type must be one of the enum's values.
fn check_defaults(c: &Checked<'_>, shape: &Shape, diags: &mut Diagnostics) {
    let ShapeKind::Structure { members, .. } = &shape.kind else { return };
    for m in members {
        let Some(DefaultTrait::String(v)) = &c.member_traits_of(&shape.id, &m.name).default else { continue };
        let Some(target) = c.model.shapes.get(&m.target) else { continue };
        let ShapeKind::Enum { members: values, .. } = &target.kind else { continue };
        let known: Vec<String> = values
            .iter()
            .map(|e| c.member_traits_of(&target.id, &e.name).enum_value.clone().unwrap_or_else(|| e.name.clone()))
            .collect();
        if !known.contains(v) {
            let loc = m.traits.get(traits::id::DEFAULT).map_or_else(|| m.location.clone(), |t| t.location.clone());
            diags.error(
                &loc,
                format!("@default {v:?} is not a value of {}; its values are {}", target.id, known.join(", ")),
            );
        }
    }
}

fn check_service(c: &mut Checked<'_>, diags: &mut Diagnostics) {
    let service = c.service;
    let owner = format!("shape {}", service.id);
    let t = traits::read(
        &service.traits,
        Owner { what: &owner, holder: Holder::Service, member: false, enum_member: false },
        diags,
    );
    c.protocols = t.protocols.clone();
    match t.protocols.first() {
        Some(p) => c.protocol = p,
        None => {
            let found: Vec<&str> = service
                .traits
                .keys()
                .filter(|k| k.starts_with("aws.protocols#") || k.starts_with("smithy.protocols#"))
                .map(String::as_str)
                .collect();
            let supported: Vec<&str> = crate::protocol::ALL.iter().map(|p| p.trait_id).collect();
            diags.error(
                &service.location.child("traits"),
                format!(
                    "service {}: no supported protocol; expected {}, found {}",
                    service.id,
                    supported.join(" or "),
                    if found.is_empty() { "none".to_owned() } else { found.join(", ") }
                ),
            );
        }
    }
    if let ShapeKind::Service { errors, .. } = &service.kind {
        for (e, loc) in errors {
            if c.model.shapes.get(e).is_some_and(|s| !s.traits.contains_key(traits::id::ERROR)) {
                diags
                    .error(&loc.child("target"), format!("service {}: {e} is not a structure with @error", service.id));
            }
        }
    }
    if t.aws_service.is_none() && !service.traits.contains_key(traits::id::AWS_SERVICE) {
        diags.error(
            &service.location.child("traits"),
            format!("service {}: expected the aws.api#service trait (sdkId, endpointPrefix)", service.id),
        );
    }
    if t.sigv4.is_none() && !service.traits.contains_key(traits::id::SIGV4) {
        diags.error(
            &service.location.child("traits"),
            format!("service {}: expected the aws.auth#sigv4 trait", service.id),
        );
    }
    c.traits.insert(service.id.clone(), t);
}

/// A list or map that contains itself through lists and maps alone has no
/// finite Rust type (a structure in between is fine).
fn check_collections(c: &Checked<'_>, diags: &mut Diagnostics) {
    let collection = |id: &ShapeId| {
        matches!(c.model.shapes.get(id).map(|s| &s.kind), Some(ShapeKind::List { .. } | ShapeKind::Map { .. }))
    };
    for id in c.closure.iter().filter(|id| collection(id)) {
        // Depth-first through collection-to-collection edges from `id`.
        let mut seen = BTreeSet::new();
        let mut stack: Vec<(&ShapeId, Location)> =
            members_of(&c.model.shapes[id]).into_iter().map(|m| (&m.target, m.location.child("target"))).collect();
        while let Some((t, loc)) = stack.pop() {
            if t == id {
                diags.error(&loc, format!("shape {id}: a list or map that contains itself (through lists and maps alone) has no finite type; put a structure in between"));
                break;
            }
            if collection(t) && seen.insert(t) {
                stack.extend(members_of(&c.model.shapes[t]).into_iter().map(|m| (&m.target, loc.clone())));
            }
        }
    }
}

fn prepare_patterns(c: &mut Checked<'_>, diags: &mut Diagnostics) {
    let mut found: Vec<(String, Location)> = Vec::new();
    for t in c.traits.values().chain(c.member_traits.values()) {
        if let Some((p, loc)) = &t.pattern {
            found.push((p.clone(), loc.clone()));
        }
    }
    found.sort();
    for (model, loc) in found {
        if c.patterns.contains_key(&model) {
            continue;
        }
        let prepared = match crate::pattern::prepare(&model) {
            crate::pattern::Prepared::AsIs => PreparedPattern { enforced: model.clone(), note: None, linear: None },
            crate::pattern::Prepared::Translated { translated, changes } => PreparedPattern {
                note: Some(format!(
                    "The model's pattern is written in Java's regex dialect; it is enforced as the ECMA-262 pattern `{translated}` ({}).",
                    changes.join("; ")
                )),
                enforced: translated,
                linear: None,
            },
            crate::pattern::Prepared::Unsupported { reason } => {
                diags.error(&loc, format!("pattern {model:?} is not a regular expression the generated crate can enforce: {reason}"));
                continue;
            }
        };
        let mut prepared = prepared;
        if let Some(why) = crate::pattern::exponential_backtracking(&prepared.enforced) {
            // Matched in linear time instead, when regex-lite can say the same.
            match crate::pattern::to_linear(&prepared.enforced) {
                Ok(linear) => prepared.linear = Some(linear),
                Err(e) => {
                    diags.error(&loc, format!("pattern {model:?} could take exponential time to match ({why}) and cannot be matched in linear time either ({e}); rewrite it so that no repetition can match the same text in more than one way"));
                    continue;
                }
            }
        }
        c.patterns.insert(model, prepared);
    }
}

/// Records names in one Rust namespace and reports collisions and names
/// that are not identifiers.
struct Scope<'d> {
    what: String,
    seen: BTreeMap<String, String>,
    diags: &'d mut Diagnostics,
}

impl<'d> Scope<'d> {
    fn new(what: impl Into<String>, diags: &'d mut Diagnostics) -> Self {
        Self { what: what.into(), seen: BTreeMap::new(), diags }
    }

    fn reserve(mut self, names: &[&str]) -> Self {
        for n in names {
            self.seen.insert((*n).to_owned(), format!("the generated `{n}`"));
        }
        self
    }

    /// Records `name` for `owner`; `false` (and a diagnostic) when it is
    /// not an identifier or another owner has it.
    fn add(&mut self, name: &str, owner: &str, loc: &Location) -> bool {
        if name.len() > names::MAX_NAME {
            self.diags.error(loc, format!("{owner}: its Rust name in {} would be {} characters long; names of at most {} characters are supported (they become file names)", self.what, name.len(), names::MAX_NAME));
            return false;
        }
        if !names::is_ident(name) {
            self.diags.error(
                loc,
                format!(
                    "{owner}: cannot make a Rust name for it in {} (got `{name}`); use a name with letters",
                    self.what
                ),
            );
            return false;
        }
        let key = name.strip_prefix("r#").unwrap_or(name).to_owned();
        match self.seen.insert(key.clone(), owner.to_owned()) {
            Some(prev) if prev != owner => {
                self.diags.error(loc, format!("{owner} and {prev} both become `{key}` in {}", self.what));
                false
            }
            _ => true,
        }
    }
}

fn assign_names(c: &Checked<'_>, diags: &mut Diagnostics) -> Names {
    let model = c.model;
    let mut names = Names::default();
    // Structures reached through members live in `crate::types`.
    let mut member_targets = BTreeSet::new();
    for id in &c.closure {
        for m in members_of(&model.shapes[id]) {
            member_targets.insert(m.target.clone());
        }
    }
    let errors: BTreeSet<&ShapeId> = c.closure.iter().filter(|id| c.traits_of(id).error.is_some()).collect();

    {
        let mut types = Scope::new("crate::types", diags);
        let mut type_files = BTreeMap::new();
        for id in &c.closure {
            let shape = &model.shapes[id];
            let named = match &shape.kind {
                ShapeKind::Enum { .. } => true,
                ShapeKind::Structure { .. } => member_targets.contains(id) && !errors.contains(id),
                _ => false,
            };
            if !named {
                continue;
            }
            let ty = names::type_name(id.name());
            let (module, file) = names::module(id.name(), names::TYPE_MODULES);
            types.add(&ty, &id.0, &shape.location);
            if let Some(prev) = type_files.insert(file.to_lowercase(), id.0.clone()) {
                types
                    .diags
                    .error(&shape.location, format!("{} and {prev} both become the file `types/{file}.rs`", id.0));
            }
            names.types.insert(id.clone(), names::type_names(ty, module, file));
        }
    }
    {
        let mut scope = Scope::new("crate::error", diags).reserve(names::ERROR_TYPES);
        let mut files = BTreeMap::new();
        for id in &errors {
            let shape = &model.shapes[*id];
            let (ty, _) = names::avoid(names::type_name(id.name()), names::ERROR_TYPES);
            let (module, file) = names::module(id.name(), names::ERROR_MODULES);
            scope.add(&ty, &id.0, &shape.location);
            if let Some(prev) = files.insert(file.to_lowercase(), id.0.clone()) {
                scope
                    .diags
                    .error(&shape.location, format!("{} and {prev} both become the file `error/{file}.rs`", id.0));
            }
            let (variant, _) = names::avoid(ty.clone(), names::ERROR_VARIANTS);
            names.error_variants.insert((*id).clone(), variant);
            names.types.insert((*id).clone(), names::type_names(ty, module, file));
        }
    }
    // Members of every structure; variants of every enum.
    for id in &c.closure {
        let shape = &model.shapes[id];
        match &shape.kind {
            ShapeKind::Structure { members, .. } => {
                let model_names: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
                let made = names::members(&model_names);
                let mut fields = Scope::new(format!("the fields of {id}"), diags).reserve(names::BUILDER_FIELDS);
                let ok: Vec<bool> = members
                    .iter()
                    .zip(&made)
                    .map(|(m, n)| fields.add(&n.field, &format!("member {id}${}", m.name), &m.location))
                    .collect();
                let mut methods =
                    Scope::new(format!("the builder methods of {id}"), diags).reserve(names::BUILDER_METHODS);
                for ((m, n), _) in members.iter().zip(&made).zip(&ok).filter(|(_, ok)| **ok) {
                    let owner = format!("member {id}${}", m.name);
                    if methods.add(&n.setter, &owner, &m.location) {
                        methods.add(&n.set_setter, &owner, &m.location);
                    }
                }
                let mut getters = Scope::new(format!("the accessors of {id}"), diags).reserve(names::STRUCT_METHODS);
                for ((m, n), _) in members.iter().zip(&made).zip(&ok).filter(|(_, ok)| **ok) {
                    getters.add(&n.getter, &format!("member {id}${}", m.name), &m.location);
                }
                names.members.insert(id.clone(), made);
                if let ShapeKind::Structure { union: true, .. } = &shape.kind {
                    let made = names::union_variants(&model_names);
                    let mut methods = Scope::new(format!("the methods of {id}"), diags).reserve(names::UNION_METHODS);
                    for (m, n) in members.iter().zip(&made) {
                        let owner = format!("member {id}${}", m.name);
                        methods.add(&n.as_fn, &owner, &m.location);
                        methods.add(&n.is_fn, &owner, &m.location);
                    }
                    let mut variants =
                        Scope::new(format!("the variants of {id}"), diags).reserve(&[names::UNKNOWN_VARIANT]);
                    for (m, n) in members.iter().zip(&made) {
                        variants.add(&n.variant, &format!("member {id}${}", m.name), &m.location);
                    }
                    names.union_variants.insert(id.clone(), made);
                }
            }
            ShapeKind::Enum { members, .. } => {
                let mut scope = Scope::new(format!("the variants of {id}"), diags).reserve(&[names::UNKNOWN_VARIANT]);
                let made: Vec<(String, bool)> = members.iter().map(|m| names::variant_name(&m.name)).collect();
                for (m, (v, _)) in members.iter().zip(&made) {
                    scope.add(v, &format!("member {id}${}", m.name), &m.location);
                }
                names.variants.insert(id.clone(), made);
            }
            _ => {}
        }
    }
    // Operations: their modules, client methods, and the items of each module.
    let mut modules = Scope::new("crate::operation", diags);
    let mut ops = Vec::new();
    for op in &c.operations {
        let (module, file) = names::module(op.id.name(), &[]);
        modules.add(&module, &op.id.0, &op.location);
        ops.push((op, module, file));
    }
    let mut client = Scope::new("the methods of Client", diags).reserve(names::CLIENT_METHODS);
    let mut op_names = Vec::new();
    for (op, module, file) in ops {
        let name = names::type_name(op.id.name());
        let (method, _) = names::avoid(names::snake(op.id.name()), names::CLIENT_METHODS);
        client.add(&method, &op.id.0, &op.location);
        let (on, input, output) = names::operation_items(&name, method, module, file);
        let mut waiters = Vec::new();
        for w in &c.traits_of(&op.id).waiters {
            let items = names::waiter_items(&w.name);
            client.add(&items.2, &format!("waiter {}", w.name), &w.location);
            waiters.push((w.name.clone(), w.location.clone(), items));
        }
        op_names.push((op, on, input, output, waiters));
    }
    for (op, on, input, output, waiters) in op_names {
        let mut items = Scope::new(format!("crate::operation::{}", on.file), client.diags).reserve(&["NAME"]);
        for n in [&input.ty, &input.builder, &output.ty, &output.builder, &on.error, &on.fluent, &on.paginator] {
            items.add(n, &format!("operation {}", op.id), &op.location);
        }
        for (w, loc, (sink, alias, method)) in waiters {
            items.add(&sink, &format!("waiter {w}"), &loc);
            items.add(&alias, &format!("waiter {w}"), &loc);
            names.waiters.insert((op.id.clone(), w), (sink, alias, method));
        }
        names.operations.insert(op.id.clone(), (on, input, output));
    }
    // Check functions of lists, maps and simple model shapes: private, so
    // made unique by construction.
    let mut used = BTreeSet::new();
    for id in &c.closure {
        if matches!(
            model.shapes[id].kind,
            ShapeKind::List { .. } | ShapeKind::Map { .. } | ShapeKind::Simple(_) | ShapeKind::Enum { .. }
        ) {
            let base = names::snake_raw(id.name());
            let base = if names::is_ident(&base) && !names::is_keyword(&base) {
                base
            } else {
                format!("shape_{}", used.len())
            };
            let mut n = 1;
            let mut name = names::check_fn(&base, n);
            while !used.insert(name.clone()) {
                n += 1;
                name = names::check_fn(&base, n);
            }
            names.check_fns.insert(id.clone(), name);
        }
    }
    names
}
