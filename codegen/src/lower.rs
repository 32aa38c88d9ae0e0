//! Lowering: a checked model becomes the [`Ir`].
//!
//! Names are made ([`crate::names`]), documentation is converted
//! ([`crate::docs`]), member targets become [`Type`]s, constraints are merged
//! (a member's trait overrides its target's), nullability is decided, and
//! cycles of structures are broken with boxes. Trait values are read with
//! [`crate::traits`], so a malformed one is reported here too, never panicked on.

use crate::check::{prelude, Checked, UNIT};
use crate::diag::{Diagnostics, ModelError};
use crate::docs::to_rustdoc;
use crate::ir::*;
use crate::model::{Member as AstMember, Shape, ShapeId, ShapeKind, TraitValue, Traits};
use crate::{names, pattern, traits};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Lowers a checked model.
pub fn lower(checked: &Checked<'_>) -> Result<Ir, ModelError> {
    Lowerer::new(checked).run()
}

struct Lowerer<'a> {
    checked: &'a Checked<'a>,
    /// Shapes that responses carry: outputs, errors, and what they reach.
    response_side: BTreeSet<ShapeId>,
    diags: Diagnostics,
    warnings: Vec<String>,
    /// Direct structure-to-structure edges, for finding cycles.
    edges: BTreeMap<&'a ShapeId, BTreeSet<&'a ShapeId>>,
}

impl<'a> Lowerer<'a> {
    fn new(checked: &'a Checked<'a>) -> Self {
        let mut edges: BTreeMap<&ShapeId, BTreeSet<&ShapeId>> = BTreeMap::new();
        for id in &checked.closure {
            let shape = &checked.model.shapes[id];
            if let ShapeKind::Structure { members, .. } = &shape.kind {
                for m in members {
                    if matches!(checked.model.shapes.get(&m.target).map(|s| &s.kind), Some(ShapeKind::Structure { .. })) {
                        edges.entry(id).or_default().insert(&m.target);
                    }
                }
            }
        }
        let mut response_side = BTreeSet::new();
        let mut stack: Vec<&ShapeId> = Vec::new();
        for op in &checked.operations {
            if let ShapeKind::Operation { output, errors, .. } = &op.kind {
                stack.extend(output.iter().map(|(t, _)| t));
                stack.extend(errors.iter().map(|(t, _)| t));
            }
        }
        if let ShapeKind::Service { errors, .. } = &checked.service.kind {
            stack.extend(errors.iter().map(|(t, _)| t));
        }
        while let Some(id) = stack.pop() {
            let Some(shape) = checked.model.shapes.get(id) else { continue };
            if response_side.insert(id.clone()) {
                stack.extend(crate::check::references(shape).into_iter().map(|(t, _)| t));
            }
        }
        Self { checked, response_side, diags: Diagnostics::default(), warnings: Vec::new(), edges }
    }

    fn shape(&self, id: &ShapeId) -> Option<&'a Shape> {
        self.checked.model.shapes.get(id)
    }

    fn docs(&mut self, traits: &Traits) -> String {
        traits.get("smithy.api#documentation").and_then(|t| traits::string(t, &mut self.diags)).map(|d| to_rustdoc(&d)).unwrap_or_default()
    }

    fn run(mut self) -> Result<Ir, ModelError> {
        let service = self.service();
        let service_errors: Vec<ShapeId> = match &self.checked.service.kind {
            ShapeKind::Service { errors, .. } => errors.iter().map(|(t, _)| t.clone()).collect(),
            _ => Vec::new(),
        };

        // Which model structures are reached through members: they live in
        // `crate::types`. Operation inputs and outputs get their own copies.
        let mut member_targets = BTreeSet::new();
        for id in &self.checked.closure {
            let shape = &self.checked.model.shapes[id];
            let ms: Vec<&AstMember> = match &shape.kind {
                ShapeKind::Structure { members, .. } => members.iter().collect(),
                ShapeKind::List { member } => vec![member],
                ShapeKind::Map { key, value } => vec![key, value],
                _ => Vec::new(),
            };
            member_targets.extend(ms.into_iter().map(|m| m.target.clone()));
        }

        let mut structures = Vec::new();
        let mut enums = Vec::new();
        let mut errors = Vec::new();
        for id in &self.checked.closure {
            let shape = &self.checked.model.shapes[id];
            match &shape.kind {
                ShapeKind::Structure { .. } => {
                    if let Some(fault) = shape.traits.get("smithy.api#error").and_then(|t| traits::error(t, &mut self.diags)) {
                        let name = names::type_name(id.name());
                        errors.push(self.structure(shape, id.name(), name, StructureKind::Error(fault)));
                    } else if member_targets.contains(id) {
                        let name = names::type_name(id.name());
                        structures.push(self.structure(shape, id.name(), name, StructureKind::Plain));
                    }
                }
                ShapeKind::Enum { .. } => enums.push(self.enum_(shape)),
                _ => {}
            }
        }
        structures.sort_by(|a, b| a.name.cmp(&b.name));
        enums.sort_by(|a, b| a.name.cmp(&b.name));
        errors.sort_by(|a, b| a.name.cmp(&b.name));

        let mut operations = Vec::new();
        let known = Known { structures: &structures, enums: &enums };
        for op in self.checked.operations.clone() {
            operations.push(self.operation(op, &service_errors, &known));
        }

        self.warnings.sort();
        self.warnings.dedup();
        let warnings = std::mem::take(&mut self.warnings);
        let ir = Ir { source: self.checked.model.file.clone(), service, operations, structures, enums, errors, warnings };
        self.diags.finish(ir)
    }

    fn service(&mut self) -> Service {
        let s = self.checked.service;
        let get = |this: &mut Self, trait_id: &str, key: &str| {
            s.traits.get(trait_id).and_then(|t| traits::field_str(t, key, &mut this.diags)).flatten().unwrap_or_default()
        };
        let sdk_id = get(self, "aws.api#service", "sdkId");
        let endpoint_prefix = get(self, "aws.api#service", "endpointPrefix");
        let signing_name = get(self, "aws.auth#sigv4", "name");
        let title = s.traits.get("smithy.api#title").and_then(|t| traits::string(t, &mut self.diags)).unwrap_or_else(|| sdk_id.clone());
        let protocol = if s.traits.contains_key("aws.protocols#awsJson1_1") { Protocol::AwsJson1_1 } else { Protocol::AwsJson1_0 };
        let version = match &s.kind {
            ShapeKind::Service { version, .. } => version.clone(),
            _ => String::new(),
        };
        Service {
            shape_name: s.id.name().to_owned(),
            endpoint_prefix: if endpoint_prefix.is_empty() { names::snake_raw(&sdk_id).replace('_', "-") } else { endpoint_prefix },
            title,
            sdk_id,
            version,
            signing_name,
            protocol,
            docs: self.docs(&s.traits),
        }
    }

    fn operation(&mut self, op: &'a Shape, service_errors: &[ShapeId], known: &Known<'_>) -> Operation {
        let ShapeKind::Operation { input, output, errors } = &op.kind else { unreachable_kind() };
        let name = op.id.name().to_owned();
        let io = |this: &mut Self, target: &Option<(ShapeId, crate::diag::Location)>, suffix: &str, kind| {
            let model_name = format!("{name}{suffix}");
            let rust = names::type_name(&model_name);
            match target.as_ref().filter(|(t, _)| t.0 != UNIT).and_then(|(t, _)| this.shape(t)) {
                Some(shape) => {
                    let mut s = this.structure(shape, &model_name, rust, kind);
                    if s.docs.is_empty() {
                        s.docs = format!("The {} of the `{name}` operation.", suffix.to_lowercase());
                    }
                    s
                }
                None => Structure {
                    model_name: model_name.clone(),
                    snake: names::snake_raw(&model_name),
                    name: rust,
                    kind,
                    docs: String::new(),
                    members: Vec::new(),
                    has_sensitive: false,
                    lenient: kind != StructureKind::Input,
                },
            }
        };
        let input_s = io(self, input, "Input", StructureKind::Input);
        let output_s = io(self, output, "Output", StructureKind::Output);
        let error_names = errors
            .iter()
            .map(|(t, _)| t)
            .chain(service_errors.iter())
            .map(|t| names::type_name(t.name()))
            .fold(Vec::new(), |mut v, n| {
                if !v.contains(&n) {
                    v.push(n);
                }
                v
            });
        let paginated = self.paginated(op, &input_s, &output_s);
        let waiters = self.waiters(op, &input_s, &output_s, known);
        let deprecated = op.traits.get("smithy.api#deprecated").and_then(|t| traits::deprecated(t, &mut self.diags));
        Operation {
            snake: names::snake_raw(&name),
            docs: self.docs(&op.traits),
            name,
            input: input_s,
            output: output_s,
            errors: error_names,
            paginated,
            waiters,
            deprecated,
        }
    }

    fn structure(&mut self, shape: &'a Shape, model_name: &str, name: String, kind: StructureKind) -> Structure {
        let ShapeKind::Structure { members, .. } = &shape.kind else { unreachable_kind() };
        let members: Vec<Member> = members.iter().map(|m| self.member(shape, m, kind)).collect();
        Structure {
            model_name: model_name.to_owned(),
            snake: names::snake_raw(model_name),
            name,
            kind,
            docs: self.docs(&shape.traits),
            has_sensitive: members.iter().any(|m| m.sensitive),
            lenient: match kind {
                StructureKind::Input => false,
                StructureKind::Output | StructureKind::Error(_) => true,
                StructureKind::Plain => self.response_side.contains(&shape.id),
            },
            members,
        }
    }

    fn member(&mut self, owner: &'a Shape, m: &'a AstMember, kind: StructureKind) -> Member {
        let target = self.shape(&m.target);
        let ty = self.type_use(m);
        let has = |id: &str| m.traits.contains_key(id);
        let required = has("smithy.api#required");
        let default = m.traits.get("smithy.api#default").or_else(|| target.and_then(|t| t.traits.get("smithy.api#default")));
        let prelude_default = prelude(&m.target).is_some_and(|(_, d)| d);
        let nullability = if kind == StructureKind::Input || has("smithy.api#clientOptional") {
            Nullability::Optional
        } else if let Some(d) = default {
            match self.default_value(d, &ty.ty) {
                Some(v) => Nullability::Default(v),
                None => Nullability::Optional,
            }
        } else if prelude_default {
            Nullability::Default(DefaultValue::Zero)
        } else if required {
            Nullability::Required
        } else {
            Nullability::Optional
        };
        let mut docs = m.traits.get("smithy.api#documentation").map(|_| self.docs(&m.traits)).unwrap_or_default();
        if docs.is_empty() {
            if let Some(t) = target.filter(|t| !matches!(t.kind, ShapeKind::Simple(_))) {
                docs = self.docs(&t.traits);
            }
        }
        let deprecated = m.traits.get("smithy.api#deprecated").and_then(|t| traits::deprecated(t, &mut self.diags));
        let boxed = matches!(ty.ty, Type::Structure(_) | Type::Error(_)) && self.reaches(&m.target, &owner.id);
        Member {
            field: names::snake(&m.name),
            field_raw: names::snake_raw(&m.name),
            wire_name: m.name.clone(),
            docs,
            required,
            nullability,
            boxed,
            sensitive: has("smithy.api#sensitive") || target.is_some_and(|t| t.traits.contains_key("smithy.api#sensitive")),
            deprecated,
            idempotency_token: has("smithy.api#idempotencyToken"),
            ty,
        }
    }

    /// Whether structure `from` reaches structure `to` through direct members.
    fn reaches(&self, from: &ShapeId, to: &ShapeId) -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from];
        while let Some(id) = stack.pop() {
            if id == to {
                return true;
            }
            if seen.insert(id) {
                stack.extend(self.edges.get(id).into_iter().flatten().copied());
            }
        }
        false
    }

    fn type_use(&mut self, m: &'a AstMember) -> TypeUse {
        let target = self.shape(&m.target);
        let (ty, target_traits): (Type, Option<&Traits>) = match (prelude(&m.target), target) {
            (Some((t, _)), _) => (self.simple(t, &m.traits, None), None),
            (None, Some(shape)) => {
                let ty = match &shape.kind {
                    ShapeKind::Simple(t) => self.simple(t, &m.traits, Some(&shape.traits)),
                    ShapeKind::Enum { .. } => Type::Enum(names::type_name(shape.id.name())),
                    ShapeKind::Structure { .. } if shape.traits.contains_key("smithy.api#error") => {
                        Type::Error(names::type_name(shape.id.name()))
                    }
                    ShapeKind::Structure { .. } => Type::Structure(names::type_name(shape.id.name())),
                    ShapeKind::List { member } => Type::List(Box::new(self.type_use(member))),
                    ShapeKind::Map { key, value } => Type::Map(Box::new(self.type_use(key)), Box::new(self.type_use(value))),
                    _ => Type::String,
                };
                (ty, Some(&shape.traits))
            }
            (None, None) => (Type::String, None),
        };
        let pick = |id: &str| m.traits.get(id).or_else(|| target_traits.and_then(|t| t.get(id)));
        let constraints = Constraints {
            length: pick("smithy.api#length").and_then(|t| traits::length(t, &mut self.diags)),
            range: pick("smithy.api#range").and_then(|t| traits::range(t, &mut self.diags)),
            pattern: pick("smithy.api#pattern").and_then(|t| {
                let model = traits::string(t, &mut self.diags)?;
                Some(self.pattern(&m.target, model))
            }),
            unique_items: pick("smithy.api#uniqueItems").is_some(),
        };
        TypeUse { ty, constraints }
    }

    /// Compiles a `@pattern` now, as the generated crate will: as written,
    /// or translated from Java's dialect, or not at all (with a warning).
    fn pattern(&mut self, shape: &ShapeId, model: String) -> Pattern {
        match pattern::prepare(&model) {
            pattern::Prepared::AsIs => Pattern { enforced: Some(model.clone()), model, note: None },
            pattern::Prepared::Translated { translated, changes } => Pattern {
                note: Some(format!(
                    "The model's pattern is written in Java's regex dialect; it is enforced as the ECMA-262 pattern `{translated}` ({}).",
                    changes.join("; ")
                )),
                enforced: Some(translated),
                model,
            },
            pattern::Prepared::Unsupported { reason } => {
                self.warnings.push(format!("{shape}: pattern {model:?} is not enforced: {reason}"));
                Pattern {
                    note: Some(format!("The model's pattern `{model}` is not enforced: it cannot be compiled as an ECMA-262 regular expression ({reason}).")),
                    enforced: None,
                    model,
                }
            }
        }
    }

    fn simple(&mut self, t: &str, member_traits: &Traits, shape_traits: Option<&Traits>) -> Type {
        match t {
            "boolean" => Type::Boolean,
            "byte" => Type::Byte,
            "short" => Type::Short,
            "integer" => Type::Integer,
            "long" => Type::Long,
            "float" => Type::Float,
            "double" => Type::Double,
            "timestamp" => {
                let fmt = member_traits
                    .get("smithy.api#timestampFormat")
                    .or_else(|| shape_traits.and_then(|t| t.get("smithy.api#timestampFormat")))
                    .and_then(|t| traits::timestamp_format(t, &mut self.diags));
                Type::Timestamp(fmt)
            }
            _ => Type::String,
        }
    }

    fn default_value(&mut self, t: &TraitValue, ty: &Type) -> Option<DefaultValue> {
        let v = &t.value;
        let zero = match v {
            Value::Null => return None,
            Value::Bool(b) => !b,
            Value::Number(n) => n.as_f64() == Some(0.0),
            Value::String(s) => s.is_empty(),
            Value::Array(a) => a.is_empty(),
            Value::Object(o) => o.is_empty(),
        };
        let fits = match (ty, v) {
            (Type::Boolean, Value::Bool(_)) => true,
            (Type::Byte | Type::Short | Type::Integer | Type::Long, Value::Number(n)) => n.is_i64(),
            (Type::Float | Type::Double, Value::Number(_)) => true,
            (Type::String, Value::String(_)) => true,
            (Type::Enum(_), Value::String(_)) => !zero,
            (Type::List(_), Value::Array(a)) => a.is_empty(),
            (Type::Map(..), Value::Object(o)) => o.is_empty(),
            (Type::Timestamp(_), Value::Number(n)) => n.as_f64() == Some(0.0),
            _ => false,
        };
        if !fits {
            self.diags.error(&t.location, format!("@default value {v} is not supported for a member of this type"));
            return None;
        }
        Some(match v {
            _ if zero => DefaultValue::Zero,
            Value::Bool(b) => DefaultValue::Bool(*b),
            Value::Number(n) if n.is_i64() => DefaultValue::Int(n.as_i64().unwrap_or_default()),
            Value::Number(n) => DefaultValue::Float(n.as_f64().unwrap_or_default()),
            Value::String(s) => DefaultValue::String(s.clone()),
            _ => DefaultValue::Zero,
        })
    }

    fn enum_(&mut self, shape: &'a Shape) -> Enum {
        let ShapeKind::Enum { members, .. } = &shape.kind else { unreachable_kind() };
        let variants = members
            .iter()
            .map(|m| {
                let value = m
                    .traits
                    .get("smithy.api#enumValue")
                    .and_then(|t| t.value.as_str().map(str::to_owned))
                    .unwrap_or_else(|| m.name.clone());
                let (name, renamed) = names::variant_name(&m.name);
                let mut docs = self.docs(&m.traits);
                if renamed {
                    let note = format!(
                        "The model names this value `{}`; the variant is called `{name}` so that it cannot be mistaken for a keyword or for the catch-all `Unknown` variant.",
                        m.name
                    );
                    docs = if docs.is_empty() { note } else { format!("{docs}\n\n{note}") };
                }
                let deprecated = m.traits.get("smithy.api#deprecated").and_then(|t| traits::deprecated(t, &mut self.diags));
                Variant { name, value, docs, deprecated }
            })
            .collect();
        Enum {
            model_name: shape.id.name().to_owned(),
            name: names::type_name(shape.id.name()),
            snake: names::snake_raw(shape.id.name()),
            docs: self.docs(&shape.traits),
            variants,
        }
    }

    fn paginated(&mut self, op: &'a Shape, input: &Structure, output: &Structure) -> Option<Paginated> {
        let t = op.traits.get("smithy.api#paginated")?;
        let defaults = self.checked.service.traits.get("smithy.api#paginated");
        let mut get = |key: &str| {
            traits::field_str(t, key, &mut self.diags)
                .flatten()
                .or_else(|| defaults.and_then(|d| traits::field_str(d, key, &mut self.diags)).flatten())
        };
        let (input_token, output_token, items, page_size) = (get("inputToken"), get("outputToken"), get("items"), get("pageSize"));
        let (Some(input_token), Some(output_token)) = (input_token, output_token) else {
            self.diags.error(&t.location, format!("operation {}: @paginated needs inputToken and outputToken (on the operation or the service)", op.id));
            return None;
        };
        let has = |s: &Structure, path: &str| s.members.iter().any(|m| Some(m.wire_name.as_str()) == path.split('.').next());
        for (path, s, key) in [(&input_token, input, "inputToken"), (&output_token, output, "outputToken")] {
            if !has(s, path) {
                self.diags.error(&traits::at(t, key), format!("operation {}: {key} {path:?} is not a member of {}", op.id, s.model_name));
            }
        }
        if let Some(p) = items.as_ref().filter(|p| !has(output, p)) {
            self.diags.error(&traits::at(t, "items"), format!("operation {}: items {p:?} is not a member of {}", op.id, output.model_name));
        }
        if let Some(p) = page_size.as_ref().filter(|p| !has(input, p)) {
            self.diags.error(&traits::at(t, "pageSize"), format!("operation {}: pageSize {p:?} is not a member of {}", op.id, input.model_name));
        }
        Some(Paginated { input_token, output_token, items, page_size })
    }

    fn waiters(&mut self, op: &'a Shape, input: &Structure, output: &Structure, known: &Known<'_>) -> Vec<Waiter> {
        let Some(t) = op.traits.get("smithy.waiters#waitable") else { return Vec::new() };
        let Some(map) = t.value.as_object() else {
            self.diags.error(&t.location, "expected an object of waiters by name");
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, w) in map {
            let loc = t.location.child(name);
            let num = |this: &mut Self, key: &str, default: u64| match w.get(key) {
                None => default,
                Some(v) => v.as_u64().filter(|n| *n >= 1).unwrap_or_else(|| {
                    this.diags.error(&loc.child(key), format!("expected a whole number of seconds of at least 1, found {v}"));
                    default
                }),
            };
            let (min_delay, max_delay) = (num(self, "minDelay", 2), num(self, "maxDelay", 120));
            if min_delay > max_delay {
                self.diags.error(&loc, format!("waiter {name}: minDelay {min_delay} is greater than maxDelay {max_delay}"));
            }
            let docs = w.get("documentation").and_then(Value::as_str).map(to_rustdoc).unwrap_or_default();
            let mut acceptors = Vec::new();
            let list = w.get("acceptors").and_then(Value::as_array);
            if list.is_none_or(|l| l.is_empty()) {
                self.diags.error(&loc.child("acceptors"), format!("waiter {name}: expected a non-empty array of acceptors"));
            }
            for (i, a) in list.into_iter().flatten().enumerate() {
                let aloc = loc.child("acceptors").child(i);
                let what = format!("waiter {name}, acceptor {i}");
                let state = match a.get("state").and_then(Value::as_str) {
                    Some("success") => AcceptorState::Success,
                    Some("failure") => AcceptorState::Failure,
                    Some("retry") => AcceptorState::Retry,
                    _ => {
                        self.diags.error(&aloc.child("state"), format!("{what}: expected \"success\", \"failure\" or \"retry\""));
                        continue;
                    }
                };
                let m = a.get("matcher").and_then(Value::as_object).filter(|m| m.len() == 1);
                let mloc = aloc.child("matcher");
                let matcher = match m.and_then(|m| m.iter().next()) {
                    Some((k, v)) if k == "output" || k == "inputOutput" => {
                        let ploc = mloc.child(k);
                        let pm = self.path_matcher(&what, v, k == "inputOutput", input, output, known, &ploc);
                        match (k.as_str(), pm) {
                            ("output", Some(pm)) => Some(Matcher::Output(pm)),
                            (_, Some(pm)) => Some(Matcher::InputOutput(pm)),
                            _ => continue,
                        }
                    }
                    Some((k, v)) if k == "success" => v.as_bool().map(Matcher::Success),
                    Some((k, v)) if k == "errorType" => v.as_str().map(|s| {
                        Matcher::ErrorType(s.rsplit_once('#').map_or(s, |(_, n)| n).to_owned())
                    }),
                    _ => None,
                };
                match matcher {
                    Some(matcher) => acceptors.push(Acceptor { state, matcher }),
                    None => self.diags.error(
                        &mloc,
                        format!("{what}: expected exactly one of output {{path, expected, comparator}}, inputOutput {{...}}, success (a boolean) or errorType (a string)"),
                    ),
                }
            }
            let any_success = list.into_iter().flatten().any(|a| a.get("state").and_then(Value::as_str) == Some("success"));
            if !list.is_none_or(|l| l.is_empty()) && !any_success {
                self.diags.error(&loc.child("acceptors"), format!("waiter {name}: needs at least one acceptor with the success state"));
            }
            out.push(Waiter { name: name.clone(), docs, min_delay, max_delay, acceptors });
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    /// Checks a JMESPath matcher against the model and compiles its path.
    /// Supported: member names separated by `.`, each optionally followed by
    /// `[]`; for `inputOutput`, starting at `input.` or `output.`.
    #[allow(clippy::too_many_arguments, reason = "the context a located diagnostic needs")]
    fn path_matcher(
        &mut self,
        what: &str,
        v: &Value,
        input_output: bool,
        input: &Structure,
        output: &Structure,
        known: &Known<'_>,
        loc: &crate::diag::Location,
    ) -> Option<PathMatcher> {
        let field = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
        let (Some(path), Some(expected), Some(comparator)) = (field("path"), field("expected"), field("comparator")) else {
            self.diags.error(loc, format!("{what}: expected string members path, expected and comparator"));
            return None;
        };
        let comparator = match comparator.as_str() {
            "stringEquals" => Comparator::StringEquals,
            "booleanEquals" => Comparator::BooleanEquals,
            "allStringEquals" => Comparator::AllStringEquals,
            "anyStringEquals" => Comparator::AnyStringEquals,
            other => {
                self.diags.error(&loc.child("comparator"), format!("{what}: unknown comparator {other:?}; expected stringEquals, booleanEquals, allStringEquals or anyStringEquals"));
                return None;
            }
        };
        let ploc = loc.child("path");
        let fail = |this: &mut Self, msg: String| {
            this.diags.error(&ploc, format!("{what}: path `{path}`: {msg}"));
            None
        };
        let mut segments: Vec<&str> = path.split('.').collect();
        let mut from_input = false;
        let mut current = output;
        if input_output {
            match segments.first().copied() {
                Some("input") => {
                    from_input = true;
                    current = input;
                }
                Some("output") => {}
                _ => return fail(self, "an inputOutput path must start with `input.` or `output.`".into()),
            }
            segments.remove(0);
        }
        if segments.is_empty() {
            return fail(self, "expected a member name".into());
        }
        let mut steps = Vec::new();
        let mut array = false;
        let mut leaf = None;
        let count = segments.len();
        for (i, seg) in segments.iter().enumerate() {
            let (name, project) = match seg.strip_suffix("[]") {
                Some(n) => (n, true),
                None => (*seg, false),
            };
            let valid = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !valid {
                return fail(self, format!("`{seg}` is not supported; waiter paths may use member names and `[]` list projections only"));
            }
            let Some(m) = current.members.iter().find(|m| m.wire_name == name) else {
                let names: Vec<&str> = current.members.iter().map(|m| m.wire_name.as_str()).collect();
                return fail(self, format!("{} has no member `{name}`; its members are {}", current.model_name, names.join(", ")));
            };
            let mut ty = &m.ty.ty;
            if project {
                let Type::List(e) = ty else {
                    return fail(self, format!("`{name}[]` projects a list, but {}.{name} is not a list", current.model_name));
                };
                ty = &e.ty;
                array = true;
            }
            let last = i + 1 == count;
            let mut step = PathStep { field: m.field.clone(), optional: m.is_optional(), project };
            if last {
                let (t, flattened) = match ty {
                    Type::List(e) if !project => (&e.ty, true),
                    other => (other, false),
                };
                if flattened {
                    step.project = true;
                    array = true;
                }
                leaf = Some(match t {
                    Type::String => Leaf::String,
                    Type::Enum(n) => Leaf::Enum(n.clone()),
                    Type::Boolean => Leaf::Boolean,
                    _ => return fail(self, "the path must end at a string, an enum, a boolean, or a list of them".into()),
                });
            } else {
                let Type::Structure(n) = ty else {
                    return fail(self, format!("cannot select a member of {}.{name}, which is not a structure", current.model_name));
                };
                let Some(next) = known.structures.iter().find(|s| &s.name == n) else {
                    return fail(self, format!("structure {n} is not known"));
                };
                current = next;
            }
            steps.push(step);
        }
        let leaf = leaf?;
        let type_ok = match (comparator, &leaf) {
            (Comparator::BooleanEquals, Leaf::Boolean) => !array,
            (Comparator::StringEquals, Leaf::String | Leaf::Enum(_)) => !array,
            (Comparator::AllStringEquals | Comparator::AnyStringEquals, Leaf::String | Leaf::Enum(_)) => array,
            _ => false,
        };
        if !type_ok {
            let got = match (&leaf, array) {
                (Leaf::Boolean, false) => "a boolean",
                (Leaf::Boolean, true) => "an array of booleans",
                (_, false) => "a string",
                (_, true) => "an array of strings",
            };
            let want = match comparator {
                Comparator::BooleanEquals => "a boolean",
                Comparator::StringEquals => "a string",
                _ => "an array of strings",
            };
            return fail(self, format!("gives {got}, but its comparator needs {want}"));
        }
        if comparator == Comparator::BooleanEquals && !matches!(expected.as_str(), "true" | "false") {
            self.diags.error(&loc.child("expected"), format!("{what}: booleanEquals expects \"true\" or \"false\", not {expected:?}"));
            return None;
        }
        if let Leaf::Enum(e) = &leaf {
            if let Some(en) = known.enums.iter().find(|x| &x.name == e) {
                if !en.variants.iter().any(|v| v.value == expected) {
                    let values: Vec<&str> = en.variants.iter().map(|v| v.value.as_str()).collect();
                    self.diags.error(
                        &loc.child("expected"),
                        format!("{what}: expects {expected:?} at `{path}`, which is not a value of {}; valid values: {}", en.model_name, values.join(", ")),
                    );
                    return None;
                }
            }
        }
        Some(PathMatcher { path, expected, comparator, compiled: CompiledPath { from_input, steps, leaf, array } })
    }
}

/// What lowering has already produced, for resolving waiter paths.
struct Known<'k> {
    structures: &'k [Structure],
    enums: &'k [Enum],
}

/// Lowering only runs on checked models, where each shape's kind was matched
/// before the call; reaching this is a bug in the generator.
fn unreachable_kind() -> ! {
    unreachable!("lowering was called with a shape of another kind; check() guarantees this cannot happen")
}
