//! Lowering: a checked model becomes the [`Ir`].
//!
//! Lowering reads only what [`crate::check`] decided: typed traits and
//! names. It keeps shapes' identity (a member refers to its target's id and
//! carries only its own constraint traits), converts documentation
//! ([`crate::docs`]), decides nullability, boxes members that close a cycle
//! of structures, and resolves pagination and waiter paths against the
//! structures, reporting paths that do not resolve.

use crate::check::{prelude, simple_type, Checked, UNIT};
use crate::diag::{Diagnostics, Location, ModelError};
use crate::docs::to_rustdoc;
use crate::ir::*;
use crate::model::{Member as AstMember, Shape as AstShape, ShapeId, ShapeKind as AstKind};
use crate::traits::{DefaultTrait, MatcherTrait, Traits};
use std::collections::{BTreeMap, BTreeSet};

pub mod jmespath;
pub mod rules;

/// Lowers a checked model.
pub fn lower(checked: &Checked<'_>) -> Result<Ir, ModelError> {
    Lowerer::new(checked).run()
}

struct Lowerer<'a> {
    c: &'a Checked<'a>,
    /// Shapes that responses carry: outputs, errors, and what they reach.
    response_side: BTreeSet<ShapeId>,
    /// Shapes that requests carry: inputs and what they reach.
    request_side: BTreeSet<ShapeId>,
    diags: Diagnostics,
    /// Direct structure-to-structure edges, for finding cycles.
    edges: BTreeMap<&'a ShapeId, BTreeSet<&'a ShapeId>>,
    /// Pattern indexes by the model's text.
    pattern_index: BTreeMap<String, usize>,
    patterns: Vec<Pattern>,
}

fn reach(c: &Checked<'_>, roots: Vec<&ShapeId>) -> BTreeSet<ShapeId> {
    let mut out = BTreeSet::new();
    let mut stack = roots;
    while let Some(id) = stack.pop() {
        let Some(shape) = c.model.shapes.get(id) else { continue };
        if out.insert(id.clone()) {
            stack.extend(crate::check::references(shape).into_iter().map(|(t, _)| t));
        }
    }
    out
}

impl<'a> Lowerer<'a> {
    fn new(c: &'a Checked<'a>) -> Self {
        let mut edges: BTreeMap<&ShapeId, BTreeSet<&ShapeId>> = BTreeMap::new();
        for id in &c.closure {
            if let AstKind::Structure { members, .. } = &c.model.shapes[id].kind {
                for m in members {
                    if matches!(c.model.shapes.get(&m.target).map(|s| &s.kind), Some(AstKind::Structure { .. })) {
                        edges.entry(id).or_default().insert(&m.target);
                    }
                }
            }
        }
        let mut responses = Vec::new();
        let mut requests = Vec::new();
        for op in &c.operations {
            if let AstKind::Operation { input, output, errors } = &op.kind {
                requests.extend(input.iter().map(|(t, _)| t));
                responses.extend(output.iter().map(|(t, _)| t));
                responses.extend(errors.iter().map(|(t, _)| t));
            }
        }
        if let AstKind::Service { errors, .. } = &c.service.kind {
            responses.extend(errors.iter().map(|(t, _)| t));
        }
        Self {
            response_side: reach(c, responses),
            request_side: reach(c, requests),
            c,
            diags: Diagnostics::default(),
            edges,
            pattern_index: BTreeMap::new(),
            patterns: Vec::new(),
        }
    }

    fn docs(t: &Traits) -> String {
        t.documentation.as_deref().map(to_rustdoc).unwrap_or_default()
    }

    fn run(mut self) -> Result<Ir, ModelError> {
        let c = self.c;
        let service = self.service();
        let mut shapes = BTreeMap::new();
        // Every shape a member targets.
        let mut targets = BTreeSet::new();
        for id in &c.closure {
            for m in crate::check::members_of(&c.model.shapes[id]) {
                if m.target.0 != UNIT {
                    targets.insert(m.target.clone());
                }
            }
        }
        for id in &targets {
            if let Some(shape) = self.shape(id) {
                shapes.insert(id.clone(), shape);
            }
        }
        // `check` refuses every target lowering cannot represent; a member
        // whose target is still missing would silently become a `String`.
        for id in &c.closure {
            for m in crate::check::members_of(&c.model.shapes[id]) {
                if m.target.0 != UNIT
                    && !shapes.contains_key(&m.target)
                    && !matches!(c.model.shapes[id].kind, AstKind::Enum { .. })
                {
                    self.diags.error(
                        &m.location.child("target"),
                        format!("internal error: {} has no representation in the IR", m.target),
                    );
                }
            }
        }
        // Errors are named types even when no member targets them.
        for id in c.names.error_variants.keys() {
            if !shapes.contains_key(id) {
                if let Some(shape) = self.shape(id) {
                    shapes.insert(id.clone(), shape);
                }
            }
        }
        let mut ir = Ir {
            source: c.model.file.clone(),
            service,
            shapes,
            operations: Vec::new(),
            patterns: Vec::new(),
            option_shadowed: false,
            left_out: Vec::new(),
        };
        self.assign_check_fns(&mut ir);
        let service_errors: Vec<ShapeId> = match &c.service.kind {
            AstKind::Service { errors, .. } => errors.iter().map(|(t, _)| t.clone()).collect(),
            _ => Vec::new(),
        };
        for op in c.operations.clone() {
            let lowered = self.operation(op, &service_errors, &ir);
            ir.operations.push(lowered);
        }
        ir.service.endpoint_discovery = self.endpoint_discovery(&ir);
        ir.patterns = std::mem::take(&mut self.patterns);
        ir.option_shadowed = ir.defines_option();
        self.diags.finish(ir)
    }

    /// The service's endpoint discovery, checked against what the AWS SDKs
    /// read from the discovery operation's answer: `Endpoints`, a list of
    /// structures with `Address` (a string) and `CachePeriodInMinutes` (a long).
    fn endpoint_discovery(&mut self, ir: &Ir) -> Option<EndpointDiscovery> {
        let c = self.c;
        let t = c.traits_of(&c.service.id);
        let discovered: Vec<&Operation> = ir.operations.iter().filter(|op| op.discovered_endpoint.is_some()).collect();
        let Some((op_id, error, loc)) = &t.endpoint_discovery else {
            if let Some(op) = discovered.first() {
                let loc = c.operations.iter().find(|o| o.id.name() == op.name).map(|o| o.location.clone());
                self.diags.error(
                    &loc.unwrap_or_else(|| c.service.location.clone()),
                    format!(
                        "operation {} discovers its endpoint, but the service has no aws.api#clientEndpointDiscovery",
                        op.name
                    ),
                );
            }
            return None;
        };
        let fail = |this: &mut Self, msg: String| {
            this.diags.error(loc, format!("aws.api#clientEndpointDiscovery: {msg}"));
            None
        };
        let Some(index) = c.operations.iter().position(|o| o.id.0 == *op_id) else {
            return fail(self, format!("the discovery operation {op_id} is not an operation of the service"));
        };
        let op = &ir.operations[index];
        fn field<'s>(s: &'s Structure, name: &str) -> Option<&'s Member> {
            s.members.iter().find(|m| m.wire_name == name)
        }
        let Some(endpoints) = field(&op.output, "Endpoints") else {
            return fail(self, format!("the output of {} has no member Endpoints", op.name));
        };
        let endpoint = match &ir.shape(&endpoints.target).kind {
            ShapeKind::List(e) => ir.structure(&e.target),
            _ => None,
        };
        let Some(endpoint) = endpoint else {
            return fail(self, format!("{}.Endpoints is not a list of structures", op.output.model_name));
        };
        let typed = |m: Option<&Member>, ty: Simple| {
            m.filter(|m| matches!(ir.shape(&m.target).kind, ShapeKind::Simple(s) if s == ty))
                .map(|m| (m.names.field.clone(), m.is_optional()))
        };
        let (Some(address), Some(cache_minutes)) = (
            typed(field(endpoint, "Address"), Simple::String),
            typed(field(endpoint, "CachePeriodInMinutes"), Simple::Long),
        ) else {
            return fail(
                self,
                format!("{} needs Address (a string) and CachePeriodInMinutes (a long)", endpoint.model_name),
            );
        };
        let invalid_endpoint_code = error.as_ref().map(|e| ShapeId(e.clone()).name().to_owned());
        Some(EndpointDiscovery {
            operation: index,
            endpoints: (endpoints.names.field.clone(), endpoints.is_optional()),
            address,
            cache_minutes,
            invalid_endpoint_code,
        })
    }

    fn service(&mut self) -> Service {
        let s = self.c.service;
        let t = self.c.traits_of(&s.id);
        let sdk_id = t.aws_service.as_ref().map(|a| a.sdk_id.clone()).unwrap_or_default();
        let endpoint_prefix = t.aws_service.as_ref().and_then(|a| a.endpoint_prefix.clone());
        let version = match &s.kind {
            AstKind::Service { version, .. } => version.clone(),
            _ => String::new(),
        };
        Service {
            shape_name: s.id.name().to_owned(),
            endpoint_prefix: endpoint_prefix.unwrap_or_else(|| crate::names::snake_raw(&sdk_id).replace('_', "-")),
            title: t.title.clone().unwrap_or_else(|| sdk_id.clone()),
            env_name: crate::names::env_name(&sdk_id),
            sdk_id,
            version,
            signing_name: t.sigv4.clone().unwrap_or_default(),
            protocol: self.c.protocol,
            protocols: self.c.protocols.clone(),
            docs: Self::docs(t),
            query_compatible: t.query_compatible,
            error_behaviour: self.error_behaviour(t.query_compatible),
            endpoint_discovery: None,
            endpoint_rules: self.endpoint_rules(t),
        }
    }

    /// The service's endpoint rule set, checked; a model that describes its
    /// endpoints only by `aws.endpoints#*` patterns is refused, since the
    /// URL the client would otherwise build may not be the service's.
    fn endpoint_rules(&mut self, t: &Traits) -> Option<crate::ir::rules::RuleSet> {
        match (&t.endpoint_rule_set, &t.endpoint_patterns) {
            (Some(rule_set), _) => rules::read(rule_set, t.endpoint_tests.as_ref(), &mut self.diags),
            (None, Some(loc)) => {
                self.diags.error(
                    loc,
                    "the service's endpoints are described by aws.endpoints patterns only; \
                     the client needs its smithy.rules#endpointRuleSet",
                );
                None
            }
            (None, None) => None,
        }
    }

    /// The rule parameters operation `op` sets: its
    /// `smithy.rules#staticContextParams` and the input members marked
    /// `smithy.rules#contextParam`, each checked against the rule set.
    fn endpoint_context(
        &mut self,
        ot: &Traits,
        input_id: Option<&ShapeId>,
        input: &Structure,
        ir: &Ir,
    ) -> Vec<crate::ir::rules::ContextParam> {
        use crate::ir::rules::{ContextParam, Literal, ParamType};
        let params = ir.service.endpoint_rules.as_ref().map(|r| r.params.as_slice()).unwrap_or_default();
        let mut out = Vec::new();
        let find = |this: &mut Self, name: &str, loc: &Location| {
            let i = params.iter().position(|p| p.name == name);
            if i.is_none() {
                this.diags.error(loc, format!("the endpoint rule set has no parameter {name:?}"));
            }
            i
        };
        if let Some((value, loc)) = &ot.static_context_params {
            match value.as_object() {
                Some(obj) => {
                    for (name, v) in obj {
                        let loc = loc.child(name);
                        let Some(i) = find(self, name, &loc) else { continue };
                        let literal = match (params[i].ty, v.get("value")) {
                            (ParamType::String, Some(serde_json::Value::String(s))) => Literal::String(s.clone()),
                            (ParamType::Boolean, Some(serde_json::Value::Bool(b))) => Literal::Bool(*b),
                            _ => {
                                self.diags
                                    .error(&loc, format!("expected {{\"value\": ...}} of type {:?}", params[i].ty));
                                continue;
                            }
                        };
                        out.push(ContextParam::Static(i, literal));
                    }
                }
                None => self.diags.error(loc, "expected an object of parameter values"),
            }
        }
        for m in &input.members {
            let Some(id) = input_id else { break };
            let Some((name, loc)) = &self.c.member_traits_of(id, &m.wire_name).context_param else { continue };
            let Some(i) = find(self, name, loc) else { continue };
            let ty = self.c.type_name(&m.target);
            let fits = match params[i].ty {
                ParamType::String => ty == Some("string"),
                ParamType::Boolean => ty == Some("boolean"),
                ParamType::StringArray => false,
            };
            if !fits {
                self.diags.error(
                    loc,
                    format!("input member {} cannot set the {:?} parameter {name:?}", m.wire_name, params[i].ty),
                );
                continue;
            }
            out.push(ContextParam::Member(i, m.names.field.clone(), m.is_optional()));
        }
        out
    }

    /// `@retryable` and `@awsQueryError` of every error that has them.
    fn error_behaviour(&self, query_compatible: bool) -> BTreeMap<ShapeId, ErrorBehaviour> {
        let c = self.c;
        c.names
            .error_variants
            .keys()
            .filter_map(|id| {
                let t = c.traits_of(id);
                let b = ErrorBehaviour {
                    retry: t.retryable,
                    // A code equal to the shape's name adds nothing (SQS's `OverLimit`).
                    query_code: t.query_error_code.clone().filter(|code| query_compatible && code != id.name()),
                };
                (b != ErrorBehaviour::default()).then(|| (id.clone(), b))
            })
            .collect()
    }

    /// `@endpoint`'s `hostPrefix`, parsed into literals and labels, each
    /// label a required string member of the input marked `@hostLabel`;
    /// every problem is reported at the trait.
    fn host_prefix(
        &mut self,
        op: &AstShape,
        ot: &Traits,
        input_id: Option<&ShapeId>,
        input: &Structure,
    ) -> Vec<HostSegment> {
        let Some((template, location)) = &ot.host_prefix else { return Vec::new() };
        let what = format!("operation {}: host prefix {template:?}", op.id);
        let mut segments = Vec::new();
        let mut rest = template.as_str();
        let mut ok = true;
        while !rest.is_empty() {
            let (literal, after) = match rest.find(['{', '}']) {
                Some(i) => rest.split_at(i),
                None => (rest, ""),
            };
            if let Some(c) = literal.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.'))) {
                self.diags.error(
                    location,
                    format!("{what}: {c:?} cannot be part of a host name (letters, digits, '-' and '.')"),
                );
                ok = false;
            }
            if !literal.is_empty() {
                segments.push(HostSegment::Literal(literal.to_owned()));
            }
            if after.is_empty() {
                break;
            }
            let Some(label) = after.strip_prefix('{').and_then(|a| a.split_once('}')).filter(|(l, _)| !l.contains('{'))
            else {
                self.diags.error(location, format!("{what}: unbalanced braces; a label is written {{MemberName}}"));
                return Vec::new();
            };
            let (name, after) = label;
            rest = after;
            let member = input.members.iter().find(|m| m.wire_name == name);
            let Some(member) = member else {
                self.diags.error(
                    location,
                    format!("{what}: label {{{name}}} names no member of the input {}", input.model_name),
                );
                ok = false;
                continue;
            };
            let marked = input_id.is_some_and(|id| self.c.member_traits_of(id, name).host_label);
            let string = self.c.type_name(&member.target) == Some("string");
            for (problem, why) in [
                (!marked, "is not marked @hostLabel"),
                (!string, "is not a string"),
                (!member.required, "is not @required"),
            ] {
                if problem {
                    self.diags.error(location, format!("{what}: label {{{name}}}: input member {name} {why}"));
                    ok = false;
                }
            }
            segments.push(HostSegment::Label { wire_name: name.to_owned(), field: member.names.field.clone() });
        }
        // With every label standing for one letter, the prefix must make valid
        // DNS labels (the last one is joined with the endpoint's host).
        let sample: String = segments
            .iter()
            .map(|s| match s {
                HostSegment::Literal(l) => l.as_str(),
                HostSegment::Label { .. } => "a",
            })
            .collect();
        let mut pieces: Vec<&str> = sample.split('.').collect();
        let joined = pieces.pop().unwrap_or_default();
        let whole = |l: &&str| (1..=63).contains(&l.len()) && !l.starts_with('-') && !l.ends_with('-');
        let valid = pieces.iter().all(whole) && joined.len() <= 63 && !joined.starts_with('-');
        if ok && (sample.is_empty() || !valid) {
            self.diags.error(
                location,
                format!("{what}: does not make valid DNS labels (1 to 63 letters, digits and '-', not starting or ending with '-', separated by '.')"),
            );
        }
        segments
    }

    /// How `op` is authenticated: its `@auth`, else the service's, else
    /// every auth scheme the service applies; SigV4 if the list has it
    /// (optional with `@optionalAuth`), unsigned if the list is empty, and
    /// an error if it names only schemes the client does not implement.
    fn auth(&mut self, op: &AstShape, ot: &Traits) -> Auth {
        let st = self.c.traits_of(&self.c.service.id);
        let (list, location) = match ot.auth.as_ref().or(st.auth.as_ref()) {
            Some((list, location)) => (list.clone(), location.clone()),
            None => (st.auth_schemes.clone(), self.c.service.location.clone()),
        };
        for (i, scheme) in list.iter().enumerate() {
            if !st.auth_schemes.contains(scheme) {
                self.diags.error(
                    &location.child(i),
                    format!(
                        "operation {}: @auth names {scheme}, which is not an auth scheme of service {} (it applies: {})",
                        op.id,
                        self.c.service.id,
                        st.auth_schemes.join(", ")
                    ),
                );
            }
        }
        if list.is_empty() {
            Auth::Anonymous
        } else if list.iter().any(|s| s == crate::traits::id::SIGV4) {
            if ot.optional_auth {
                Auth::OptionalSigV4
            } else {
                Auth::SigV4
            }
        } else {
            self.diags.error(
                &location,
                format!(
                    "operation {}: its auth schemes ({}) do not include aws.auth#sigv4, the only scheme the client implements",
                    op.id,
                    list.join(", ")
                ),
            );
            Auth::SigV4
        }
    }

    fn constraints(&mut self, t: &Traits) -> Constraints {
        Constraints {
            length: t.length,
            range: t.range,
            pattern: t.pattern.as_ref().and_then(|(p, _)| self.pattern(p)),
            unique_items: t.unique_items,
        }
    }

    fn pattern(&mut self, model: &str) -> Option<usize> {
        if let Some(i) = self.pattern_index.get(model) {
            return Some(*i);
        }
        let prepared = self.c.patterns.get(model)?;
        let i = self.patterns.len();
        self.patterns.push(Pattern {
            model: model.to_owned(),
            enforced: prepared.enforced.clone(),
            note: prepared.note.clone(),
            linear: prepared.linear.clone(),
            static_name: crate::names::pattern_static(i),
        });
        self.pattern_index.insert(model.to_owned(), i);
        Some(i)
    }

    fn element(&mut self, owner: &ShapeId, m: &AstMember) -> Element {
        let t = self.c.member_traits_of(owner, &m.name).clone();
        Element {
            target: m.target.clone(),
            constraints: self.constraints(&t),
            timestamp_format: t.timestamp_format.or_else(|| self.c.traits_of(&m.target).timestamp_format),
        }
    }

    fn shape(&mut self, id: &ShapeId) -> Option<Shape> {
        let c = self.c;
        let Some(ast) = c.model.shapes.get(id) else {
            let (ty, _) = prelude(id)?;
            let simple = simple_type(ty).ok().flatten()?;
            return Some(Shape {
                id: id.clone(),
                docs: String::new(),
                kind: ShapeKind::Simple(simple),
                constraints: Constraints::default(),
                sensitive: false,
                sparse: false,
                check_fn: None,
            });
        };
        let t = c.traits_of(id).clone();
        let kind = match &ast.kind {
            AstKind::Simple(ty) => ShapeKind::Simple(simple_type(ty).ok().flatten()?),
            AstKind::Enum { members, .. } => {
                let names = c.names.types.get(id)?.clone();
                let made = c.names.variants.get(id).cloned().unwrap_or_default();
                let variants = members
                    .iter()
                    .zip(made)
                    .map(|(m, (name, renamed))| {
                        let mt = c.member_traits_of(id, &m.name);
                        let value = mt.enum_value.clone().unwrap_or_else(|| m.name.clone());
                        let mut docs = Self::docs(mt);
                        if renamed {
                            let note = format!(
                                "The model names this value `{}`; the variant is called `{name}` so that it cannot be mistaken for a keyword or for the catch-all `Unknown` variant.",
                                m.name
                            );
                            docs = if docs.is_empty() { note } else { format!("{docs}\n\n{note}") };
                        }
                        Variant { name, value, docs, deprecated: mt.deprecated.clone() }
                    })
                    .collect();
                ShapeKind::Enum(Enum { model_name: id.name().to_owned(), names, docs: Self::docs(&t), variants })
            }
            AstKind::List { member } => ShapeKind::List(self.element(id, member)),
            AstKind::Map { key, value } => {
                ShapeKind::Map { key: self.element(id, key), value: self.element(id, value) }
            }
            AstKind::Structure { union: true, .. } => ShapeKind::Union(self.union(ast)?),
            AstKind::Structure { .. } => {
                let names = c.names.types.get(id)?.clone();
                let kind = match t.error {
                    Some(f) => StructureKind::Error(f),
                    None => StructureKind::Plain,
                };
                ShapeKind::Structure(self.structure(ast, id.name(), names, kind))
            }
            _ => return None,
        };
        Some(Shape {
            id: id.clone(),
            docs: Self::docs(&t),
            constraints: self.constraints(&t),
            sensitive: t.sensitive,
            sparse: t.sparse,
            kind,
            check_fn: None,
        })
    }

    /// Gives a check function to every request-side list, map, enum and
    /// simple shape that has something to check.
    fn assign_check_fns(&self, ir: &mut Ir) {
        let ids: Vec<ShapeId> = ir.shapes.keys().cloned().collect();
        let mut memo: BTreeMap<ShapeId, bool> = BTreeMap::new();
        for id in &ids {
            let needs = needs_check(ir, id, &mut memo, 0);
            if needs && self.request_side.contains(id) {
                if let Some(name) = self.c.names.check_fns.get(id) {
                    if let Some(s) = ir.shapes.get_mut(id) {
                        if !matches!(s.kind, ShapeKind::Structure(_)) {
                            s.check_fn = Some(name.clone());
                        }
                    }
                }
            }
        }
    }

    fn operation(&mut self, op: &'a AstShape, service_errors: &[ShapeId], ir: &Ir) -> Operation {
        let c = self.c;
        let AstKind::Operation { input, output, errors } = &op.kind else { unreachable_kind() };
        let name = op.id.name().to_owned();
        let (names, input_names, output_names) =
            c.names.operations.get(&op.id).cloned().unwrap_or_else(|| unreachable_kind());
        let io = |this: &mut Self, target: &Option<(ShapeId, Location)>, suffix: &str, names: TypeNames, kind| {
            let model_name = format!("{name}{suffix}");
            match target.as_ref().filter(|(t, _)| t.0 != UNIT).and_then(|(t, _)| c.model.shapes.get(t)) {
                Some(shape) => {
                    let mut s = this.structure(shape, &model_name, names, kind);
                    if s.docs.is_empty() {
                        s.docs = format!("The {} of the `{name}` operation.", suffix.to_lowercase());
                    }
                    s
                }
                None => Structure {
                    model_name: model_name.clone(),
                    names,
                    kind,
                    docs: format!("The {} of the `{name}` operation (it has no members).", suffix.to_lowercase()),
                    members: Vec::new(),
                    has_sensitive: false,
                    lenient: kind != StructureKind::Input,
                    validated: kind == StructureKind::Input,
                    message_member: None,
                    variant: String::new(),
                    derive_default: true,
                    unit: true,
                },
            }
        };
        let input_s = io(self, input, "Input", input_names, StructureKind::Input);
        let output_s = io(self, output, "Output", output_names, StructureKind::Output);
        let mut error_ids: Vec<ShapeId> = Vec::new();
        for t in errors.iter().map(|(t, _)| t).chain(service_errors.iter()) {
            if !error_ids.contains(t) {
                error_ids.push(t.clone());
            }
        }
        let ot = c.traits_of(&op.id);
        let paginated = self.paginated(op, ot, &input_s, &output_s);
        let waiters = self.waiters(op, ot, &input_s, &output_s, ir);
        let auth = self.auth(op, ot);
        let input_id = input.as_ref().map(|(t, _)| t.clone());
        let host_prefix = self.host_prefix(op, ot, input_id.as_ref(), &input_s);
        let endpoint_context = self.endpoint_context(ot, input_id.as_ref(), &input_s, ir);
        Operation {
            names,
            docs: Self::docs(ot),
            name,
            input: input_s,
            output: output_s,
            errors: error_ids,
            paginated,
            waiters,
            deprecated: ot.deprecated.clone(),
            auth,
            host_prefix,
            discovered_endpoint: ot.discovered_endpoint,
            endpoint_context,
        }
    }

    fn structure(&mut self, shape: &'a AstShape, model_name: &str, names: TypeNames, kind: StructureKind) -> Structure {
        let c = self.c;
        let AstKind::Structure { members, .. } = &shape.kind else { unreachable_kind() };
        let made = c.names.members.get(&shape.id).cloned().unwrap_or_default();
        let members: Vec<Member> = members.iter().zip(made).map(|(m, n)| self.member(shape, m, n, kind)).collect();
        let protocol = c.protocol;
        let message_member = matches!(kind, StructureKind::Error(_))
            .then(|| {
                members.iter().position(|m| {
                    protocol.errors.is_message_member(&m.wire_name)
                        && matches!(
                            c.model
                                .shapes
                                .get(&m.target)
                                .map(|s| s.type_name.as_str())
                                .or(prelude(&m.target).map(|p| p.0)),
                            Some("string")
                        )
                })
            })
            .flatten();
        let t = c.traits_of(&shape.id);
        Structure {
            model_name: model_name.to_owned(),
            kind,
            docs: Self::docs(t),
            has_sensitive: members.iter().any(|m| m.sensitive),
            lenient: match kind {
                StructureKind::Input => false,
                StructureKind::Output | StructureKind::Error(_) => true,
                StructureKind::Plain => self.response_side.contains(&shape.id),
            },
            validated: match kind {
                StructureKind::Input => true,
                StructureKind::Plain => self.request_side.contains(&shape.id),
                _ => false,
            },
            message_member,
            variant: c.names.error_variants.get(&shape.id).cloned().unwrap_or_default(),
            derive_default: !members.iter().any(|m| m.boxed && m.nullability == Nullability::Required),
            unit: false,
            names,
            members,
        }
    }

    fn union(&mut self, shape: &'a AstShape) -> Option<Union> {
        let c = self.c;
        let AstKind::Structure { members, .. } = &shape.kind else { unreachable_kind() };
        let names = c.names.types.get(&shape.id)?.clone();
        let made = c.names.members.get(&shape.id).cloned().unwrap_or_default();
        let members: Vec<Member> =
            members.iter().zip(made).map(|(m, n)| self.member(shape, m, n, StructureKind::Input)).collect();
        Some(Union {
            model_name: shape.id.name().to_owned(),
            names,
            docs: Self::docs(c.traits_of(&shape.id)),
            has_sensitive: members.iter().any(|m| m.sensitive),
            validated: self.request_side.contains(&shape.id),
            variants: c.names.union_variants.get(&shape.id).cloned().unwrap_or_default(),
            members,
        })
    }

    fn member(&mut self, owner: &'a AstShape, m: &'a AstMember, names: MemberNames, kind: StructureKind) -> Member {
        let c = self.c;
        let mt = c.member_traits_of(&owner.id, &m.name).clone();
        let tt = c.traits_of(&m.target);
        let element = self.element(&owner.id, m);
        let target_is_structure =
            matches!(c.model.shapes.get(&m.target).map(|s| &s.kind), Some(AstKind::Structure { .. }));
        let boxed = target_is_structure && self.reaches(&m.target, &owner.id);
        let default = mt.default.clone().or_else(|| tt.default.clone());
        let prelude_default = prelude(&m.target).is_some_and(|(_, d)| d);
        let nullability = if kind == StructureKind::Input || mt.client_optional {
            Nullability::Optional
        } else if let Some(d) = default {
            match d {
                DefaultTrait::Null => Nullability::Optional,
                DefaultTrait::Bool(false) | DefaultTrait::Empty => Nullability::Default(DefaultValue::Zero),
                DefaultTrait::Bool(b) => Nullability::Default(DefaultValue::Bool(b)),
                DefaultTrait::Int(0) => Nullability::Default(DefaultValue::Zero),
                DefaultTrait::Int(i) => Nullability::Default(DefaultValue::Int(i)),
                DefaultTrait::Float(f) => {
                    Nullability::Default(if f == 0.0 { DefaultValue::Zero } else { DefaultValue::Float(f) })
                }
                DefaultTrait::String(s) if s.is_empty() && !matches!(c.type_name(&m.target), Some("enum")) => {
                    Nullability::Default(DefaultValue::Zero)
                }
                DefaultTrait::String(s) => Nullability::Default(DefaultValue::String(s)),
                DefaultTrait::Bytes(b) => Nullability::Default(DefaultValue::Bytes(b)),
                DefaultTrait::Timestamp(s, n) => Nullability::Default(DefaultValue::Timestamp(s, n)),
                DefaultTrait::Document(serde_json::Value::Null) => Nullability::Default(DefaultValue::Zero),
                DefaultTrait::Document(v) => Nullability::Default(DefaultValue::Document(v.to_string())),
                DefaultTrait::Number(n) if n == "0" => Nullability::Default(DefaultValue::Zero),
                DefaultTrait::Number(n) => Nullability::Default(DefaultValue::Number(n)),
            }
        } else if prelude_default {
            Nullability::Default(DefaultValue::Zero)
        } else if mt.required && boxed {
            // A required member that closes a cycle is held in an `Option`:
            // a zero value of it would have to contain itself.
            Nullability::Optional
        } else if mt.required {
            Nullability::Required
        } else {
            Nullability::Optional
        };
        let mut docs = Self::docs(&mt);
        if docs.is_empty() && !matches!(c.model.shapes.get(&m.target).map(|s| &s.kind), Some(AstKind::Simple(_)) | None)
        {
            docs = Self::docs(tt);
        }
        Member {
            wire_name: m.name.clone(),
            names,
            docs,
            target: element.target,
            constraints: element.constraints,
            timestamp_format: element.timestamp_format,
            required: mt.required,
            nullability,
            boxed,
            sensitive: mt.sensitive || tt.sensitive,
            deprecated: mt.deprecated.clone(),
            idempotency_token: mt.idempotency_token,
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

    fn paginated(&mut self, op: &AstShape, ot: &Traits, input: &Structure, output: &Structure) -> Option<Paginated> {
        let (p, loc) = ot.paginated.as_ref()?;
        let defaults =
            self.c.traits_of(&self.c.service.id).paginated.as_ref().map(|(d, _)| d.clone()).unwrap_or_default();
        let input_token = p.input_token.clone().or(defaults.input_token);
        let output_token = p.output_token.clone().or(defaults.output_token);
        let items = p.items.clone().or(defaults.items);
        let page_size = p.page_size.clone().or(defaults.page_size);
        let (Some(input_token), Some(output_token)) = (input_token, output_token) else {
            self.diags.error(
                loc,
                format!(
                    "operation {}: @paginated needs inputToken and outputToken (on the operation or the service)",
                    op.id
                ),
            );
            return None;
        };
        // `inputToken` and `pageSize` name input members; `outputToken` and
        // `items` are paths of output members (`Result.NextToken`), each
        // segment but the last a structure.
        let top =
            |s: &'_ Structure, name: &str| s.members.iter().find(|m| m.wire_name == name).map(|m| m.target.clone());
        let path_target = |this: &Self, path: &str| -> Result<ShapeId, String> {
            let mut segments = path.split('.');
            let first = segments.next().unwrap_or_default();
            let mut target =
                top(output, first).ok_or_else(|| format!("{first:?} is not a member of {}", output.model_name))?;
            let mut at = first.to_owned();
            for segment in segments {
                let AstKind::Structure { union: false, members } = this
                    .c
                    .model
                    .shapes
                    .get(&target)
                    .map(|s| &s.kind)
                    .ok_or_else(|| format!("{at} is not a structure"))?
                else {
                    return Err(format!("{at} is not a structure"));
                };
                let m = members
                    .iter()
                    .find(|m| m.name == segment)
                    .ok_or_else(|| format!("{segment:?} is not a member of {at}"))?;
                target = m.target.clone();
                at = format!("{at}.{segment}");
            }
            Ok(target)
        };
        // A token is a string, or a map (DynamoDB's `ExclusiveStartKey`).
        let token_type = |this: &Self, target: &ShapeId| match this.c.type_name(target) {
            Some("string") => Some(None),
            Some("map") => Some(Some(target.clone())),
            _ => None,
        };
        let mut ok = true;
        let mut types = Vec::new();
        let input_target = top(input, &input_token);
        let output_target = path_target(self, &output_token);
        for (target, path, key) in [
            (
                input_target.ok_or_else(|| format!("{input_token:?} is not a member of {}", input.model_name)),
                &input_token,
                "inputToken",
            ),
            (output_target, &output_token, "outputToken"),
        ] {
            match target {
                Err(why) => {
                    self.diags.error(&loc.child(key), format!("operation {}: {key} {path:?}: {why}", op.id));
                    ok = false;
                }
                Ok(t) => match token_type(self, &t) {
                    Some(ty) => types.push(ty),
                    None => {
                        self.diags.error(
                            &loc.child(key),
                            format!("operation {}: {key} {path:?} must be a string or map member (other token types are not supported yet)", op.id),
                        );
                        ok = false;
                    }
                },
            }
        }
        if ok && types[0] != types[1] {
            self.diags.error(
                &loc.child("outputToken"),
                format!(
                    "operation {}: inputToken {input_token:?} and outputToken {output_token:?} have different types",
                    op.id
                ),
            );
            ok = false;
        }
        if let Some(p) = &items {
            if let Err(why) = path_target(self, p) {
                self.diags.error(&loc.child("items"), format!("operation {}: items {p:?}: {why}", op.id));
                ok = false;
            }
        }
        if let Some(p) = page_size.as_ref().filter(|p| top(input, p).is_none()) {
            self.diags.error(
                &loc.child("pageSize"),
                format!("operation {}: pageSize {p:?} is not a member of {}", op.id, input.model_name),
            );
            ok = false;
        }
        ok.then_some(Paginated { input_token, output_token, items, page_size })
    }

    fn waiters(&mut self, op: &AstShape, ot: &Traits, input: &Structure, output: &Structure, ir: &Ir) -> Vec<Waiter> {
        let mut out = Vec::new();
        for w in &ot.waiters {
            let Some((sink, alias, method)) = self.c.names.waiters.get(&(op.id.clone(), w.name.clone())).cloned()
            else {
                continue;
            };
            let mut acceptors = Vec::new();
            for (i, a) in w.acceptors.iter().enumerate() {
                let what = format!("waiter {}, acceptor {i}", w.name);
                let matcher = match &a.matcher {
                    MatcherTrait::Success(b) => Matcher::Success(*b),
                    MatcherTrait::ErrorType(e) => Matcher::ErrorType(e.clone()),
                    MatcherTrait::Path { input_output, path, expected, comparator } => {
                        let ploc = a.location.child(if *input_output { "inputOutput" } else { "output" });
                        let Some(pm) = self.path_matcher(
                            &what,
                            path,
                            expected,
                            *comparator,
                            *input_output,
                            input,
                            output,
                            ir,
                            &ploc,
                        ) else {
                            continue;
                        };
                        if *input_output {
                            Matcher::InputOutput(pm)
                        } else {
                            Matcher::Output(pm)
                        }
                    }
                };
                acceptors.push(Acceptor { state: a.state, matcher });
            }
            out.push(Waiter {
                name: w.name.clone(),
                sink,
                alias,
                method,
                docs: w.docs.as_deref().map(to_rustdoc).unwrap_or_default(),
                min_delay: w.min_delay,
                max_delay: w.max_delay,
                acceptors,
            });
        }
        out
    }

    /// Checks a JMESPath matcher against the model and compiles its path.
    /// Supported: member names separated by `.`, each optionally followed by
    /// `[]`; for `inputOutput`, starting at `input.` or `output.`.
    /// Whether a waiter's `expected` is a value of the enum `e` its path
    /// ends at; reports it at the acceptor's `expected` when it is not.
    fn expected_is_a_value(
        &mut self,
        what: &str,
        path: &str,
        expected: &str,
        e: &ShapeId,
        ir: &Ir,
        loc: &Location,
    ) -> bool {
        let Some(en) = ir.enum_(e) else { return true };
        if en.variants.iter().any(|v| v.value == expected) {
            return true;
        }
        let values: Vec<&str> = en.variants.iter().map(|v| v.value.as_str()).collect();
        self.diags.error(
            &loc.child("expected"),
            format!(
                "{what}: expects {expected:?} at `{path}`, which is not a value of {}; valid values: {}",
                en.model_name,
                values.join(", ")
            ),
        );
        false
    }

    #[allow(clippy::too_many_arguments, reason = "the context a located diagnostic needs")]
    fn path_matcher(
        &mut self,
        what: &str,
        path: &str,
        expected: &str,
        comparator: Comparator,
        input_output: bool,
        input: &Structure,
        output: &Structure,
        ir: &Ir,
        loc: &Location,
    ) -> Option<PathMatcher> {
        let ploc = loc.child("path");
        let fail = |this: &mut Self, msg: String| {
            this.diags.error(&ploc, format!("{what}: path `{path}`: {msg}"));
            None
        };
        let member_path = path.split('.').all(|seg| {
            let name = seg.strip_suffix("[]").unwrap_or(seg);
            name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
        if !member_path {
            if input_output {
                return fail(
                    self,
                    "an inputOutput path may use member names and `[]` list projections only, starting at `input.` or `output.`"
                        .into(),
                );
            }
            return self.expression_matcher(what, path, expected, comparator, output, ir, loc);
        }
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
                return fail(
                    self,
                    format!(
                        "`{seg}` is not supported; waiter paths may use member names and `[]` list projections only"
                    ),
                );
            }
            let Some(m) = current.members.iter().find(|m| m.wire_name == name) else {
                let names: Vec<&str> = current.members.iter().map(|m| m.wire_name.as_str()).collect();
                return fail(
                    self,
                    format!("{} has no member `{name}`; its members are {}", current.model_name, names.join(", ")),
                );
            };
            let mut target = &m.target;
            if project {
                let ShapeKind::List(e) = &ir.shape(target).kind else {
                    return fail(
                        self,
                        format!("`{name}[]` projects a list, but {}.{name} is not a list", current.model_name),
                    );
                };
                target = &e.target;
                array = true;
            }
            let last = i + 1 == count;
            let mut step = PathStep { field: m.names.field.clone(), optional: m.is_optional(), project };
            if last {
                let (t, flattened) = match &ir.shape(target).kind {
                    ShapeKind::List(e) if !project => (&e.target, true),
                    _ => (target, false),
                };
                if flattened {
                    step.project = true;
                    array = true;
                }
                leaf = Some(match &ir.shape(t).kind {
                    ShapeKind::Simple(Simple::String) => Leaf::String,
                    ShapeKind::Enum(_) => Leaf::Enum(t.clone()),
                    ShapeKind::Simple(Simple::Boolean) => Leaf::Boolean,
                    _ => {
                        return fail(
                            self,
                            "the path must end at a string, an enum, a boolean, or a list of them".into(),
                        )
                    }
                });
            } else {
                let ShapeKind::Structure(next) = &ir.shape(target).kind else {
                    return fail(
                        self,
                        format!("cannot select a member of {}.{name}, which is not a structure", current.model_name),
                    );
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
        if comparator == Comparator::BooleanEquals && !matches!(expected, "true" | "false") {
            self.diags.error(
                &loc.child("expected"),
                format!("{what}: booleanEquals expects \"true\" or \"false\", not {expected:?}"),
            );
            return None;
        }
        if let Leaf::Enum(e) = &leaf {
            if !self.expected_is_a_value(what, path, expected, e, ir, loc) {
                return None;
            }
        }
        Some(PathMatcher {
            path: path.to_owned(),
            expected: expected.to_owned(),
            comparator,
            compiled: Compiled::Members(CompiledPath { from_input, steps, leaf, array }),
        })
    }

    /// Checks a matcher whose path is more than member names: parsed and
    /// typed against the output by [`jmespath::compile`].
    #[allow(clippy::too_many_arguments, reason = "the context a located diagnostic needs")]
    fn expression_matcher(
        &mut self,
        what: &str,
        path: &str,
        expected: &str,
        comparator: Comparator,
        output: &Structure,
        ir: &Ir,
        loc: &Location,
    ) -> Option<PathMatcher> {
        let ploc = loc.child("path");
        let compiled = match jmespath::compile(path, output, ir) {
            Ok(c) => c,
            Err(e) => {
                let rest = &path[e.at..];
                let near = match rest.char_indices().nth(30) {
                    _ if rest.is_empty() => "the end".to_owned(),
                    Some((cut, _)) => format!("`{}`...", &rest[..cut]),
                    None => format!("`{rest}`"),
                };
                self.diags.error(&ploc, format!("{what}: path `{path}`: at byte {} ({near}): {}", e.at, e.message));
                return None;
            }
        };
        let want = match comparator {
            Comparator::BooleanEquals => "a boolean",
            Comparator::StringEquals => "a string",
            Comparator::AllStringEquals | Comparator::AnyStringEquals => "a list of strings",
        };
        let leaf = match (&compiled.ty, comparator) {
            (PathType::Boolean, Comparator::BooleanEquals) => None,
            (t, Comparator::StringEquals) if t.is_string() => Some(t),
            (PathType::List(t), Comparator::AllStringEquals | Comparator::AnyStringEquals) if t.is_string() => {
                Some(&**t)
            }
            (t, _) => {
                let got = t.describe();
                self.diags.error(&ploc, format!("{what}: path `{path}` gives {got}, but its comparator needs {want}"));
                return None;
            }
        };
        if comparator == Comparator::BooleanEquals && !matches!(expected, "true" | "false") {
            self.diags.error(
                &loc.child("expected"),
                format!("{what}: booleanEquals expects \"true\" or \"false\", not {expected:?}"),
            );
            return None;
        }
        if let Some(PathType::Enum(e)) = leaf {
            if !self.expected_is_a_value(what, path, expected, e, ir, loc) {
                return None;
            }
        }
        Some(PathMatcher {
            path: path.to_owned(),
            expected: expected.to_owned(),
            comparator,
            compiled: Compiled::Expression(compiled),
        })
    }
}

/// Whether a value of shape `id` has anything to check.
pub fn needs_check(ir: &Ir, id: &ShapeId, memo: &mut BTreeMap<ShapeId, bool>, depth: usize) -> bool {
    if let Some(v) = memo.get(id) {
        return *v;
    }
    if depth > 64 {
        return false;
    }
    let shape = ir.shape(id);
    let element = |e: &Element, memo: &mut BTreeMap<ShapeId, bool>| {
        !e.constraints.is_empty() || needs_check(ir, &e.target, memo, depth + 1)
    };
    let v = match &shape.kind {
        ShapeKind::Simple(_) => !shape.constraints.is_empty(),
        ShapeKind::Enum(_) | ShapeKind::Structure(_) | ShapeKind::Union(_) => true,
        ShapeKind::List(e) => !shape.constraints.is_empty() || element(e, memo),
        ShapeKind::Map { key, value } => !shape.constraints.is_empty() || element(key, memo) || element(value, memo),
    };
    memo.insert(id.clone(), v);
    v
}

/// Lowering only runs on checked models, where each shape's kind and names
/// were decided before the call; reaching this is a bug in the generator.
fn unreachable_kind() -> ! {
    unreachable!("lowering was called with a shape check() did not decide; check() guarantees this cannot happen")
}
