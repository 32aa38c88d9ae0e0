//! Reads and type checks a service's endpoint rule set and its tests
//! (`smithy.rules#endpointRuleSet`, `smithy.rules#endpointTests`) into
//! [`RuleSet`].
//!
//! The checks are those of the rules language: every reference names a
//! parameter or a name an earlier condition of an enclosing rule bound;
//! every function is one the runtime provides, called with arguments of
//! the right types; a value that may be unset reaches a function only after
//! `isSet` or an `assign` proved it set. Anything else is a located error,
//! so a rule set that would need a function the runtime lacks is refused
//! when the crate is generated, not when a request is made.

use crate::diag::{Diagnostics, Location};
use crate::ir::rules::*;
use crate::model::kind_of;
use serde_json::{Map, Value as Json};

/// Names the rules themselves use for the resolver's own variables.
const RESERVED_LOCALS: &[&str] = &["params", "smithy_rt", "self", "crate", "super", "std"];

/// The rule set of `rule_set` (and the cases of `tests`), or `None` after
/// reporting every problem.
pub fn read(rule_set: &(Json, Location), tests: Option<&(Json, Location)>, diags: &mut Diagnostics) -> Option<RuleSet> {
    let (value, loc) = rule_set;
    let before = diags.len();
    let mut c = Checker { diags, params: Vec::new(), scope: Vec::new() };
    let obj = c.object(value, loc, "the rule set, an object {\"version\", \"parameters\", \"rules\"}")?;
    c.keys(obj, loc, &["version", "parameters", "rules", "documentation"]);
    match obj.get("version").and_then(Json::as_str) {
        Some(v) if v == "1.0" || v.starts_with("1.") => {}
        Some(v) => c.diags.error(&loc.child("version"), format!("rule set version {v:?} is not supported (1.x)")),
        None => c.diags.error(&loc.child("version"), "expected the rule set's \"version\" as a string"),
    }
    c.parameters(obj.get("parameters"), &loc.child("parameters"));
    let required: Vec<(String, Local)> = c
        .params
        .iter()
        .filter(|p| p.required && p.optional())
        .map(|p| (p.name.clone(), Local { ident: p.field.clone(), ty: param_type(p).ty }))
        .collect();
    c.scope.extend(required);
    let rules = match obj.get("rules") {
        Some(Json::Array(rules)) => c.rules(rules, &loc.child("rules")),
        _ => {
            c.diags.error(&loc.child("rules"), "expected \"rules\", an array of rules");
            Vec::new()
        }
    };
    let tests = tests.map(|t| c.tests(t)).unwrap_or_default();
    let params = std::mem::take(&mut c.params);
    (diags.len() == before).then_some(RuleSet { params, rules, tests })
}

/// The type of a reference to parameter `p` (a required parameter without
/// a default is checked once, at the start, and then is never unset).
fn param_type(p: &Param) -> Type {
    let ty = match p.ty {
        ParamType::String => Ty::Str,
        ParamType::Boolean => Ty::Bool,
        ParamType::StringArray => Ty::StringArray,
    };
    Type { ty, optional: p.optional() && !p.required }
}

struct Checker<'d> {
    diags: &'d mut Diagnostics,
    params: Vec<Param>,
    /// Names bound by the conditions of the rules being read, innermost last.
    scope: Vec<(String, Local)>,
}

impl Checker<'_> {
    fn object<'v>(&mut self, v: &'v Json, loc: &Location, what: &str) -> Option<&'v Map<String, Json>> {
        let o = v.as_object();
        if o.is_none() {
            self.diags.error(loc, format!("expected {what}, found {}", kind_of(v)));
        }
        o
    }

    fn keys(&mut self, obj: &Map<String, Json>, loc: &Location, known: &[&str]) {
        for k in obj.keys().filter(|k| !known.contains(&k.as_str())) {
            self.diags.error(&loc.child(k), format!("unexpected key {k:?}; expected {}", known.join(", ")));
        }
    }

    fn string(&mut self, obj: &Map<String, Json>, key: &str, loc: &Location) -> Option<String> {
        match obj.get(key) {
            None => None,
            Some(Json::String(s)) => Some(s.clone()),
            Some(v) => {
                self.diags.error(&loc.child(key), format!("expected a string, found {}", kind_of(v)));
                None
            }
        }
    }

    fn parameters(&mut self, value: Option<&Json>, loc: &Location) {
        let Some(obj) = value.and_then(|v| self.object(v, loc, "the parameters, an object")) else { return };
        for (name, p) in obj {
            let loc = loc.child(name);
            let Some(p) = self.object(p, &loc, "a parameter, an object {\"type\", ...}") else { continue };
            self.keys(p, &loc, &["type", "builtIn", "required", "default", "documentation", "deprecated"]);
            let ty = match p.get("type").and_then(Json::as_str).map(str::to_ascii_lowercase).as_deref() {
                Some("string") => ParamType::String,
                Some("boolean") => ParamType::Boolean,
                Some("stringarray") => ParamType::StringArray,
                _ => {
                    self.diags
                        .error(&loc.child("type"), "expected the type \"String\", \"Boolean\" or \"stringArray\"");
                    continue;
                }
            };
            let built_in = match self.string(p, "builtIn", &loc).as_deref() {
                None => None,
                Some("AWS::Region") => Some(BuiltIn::Region),
                Some("AWS::UseFIPS") => Some(BuiltIn::UseFips),
                Some("AWS::UseDualStack") => Some(BuiltIn::UseDualStack),
                Some("SDK::Endpoint") => Some(BuiltIn::Endpoint),
                Some("AWS::Auth::AccountId") => Some(BuiltIn::AccountId),
                Some("AWS::Auth::AccountIdEndpointMode") => Some(BuiltIn::AccountIdEndpointMode),
                // Other built-ins (S3's, STS's) have no configuration here:
                // the parameter keeps its default.
                Some(_) => None,
            };
            let required = match p.get("required") {
                None => false,
                Some(Json::Bool(b)) => *b,
                Some(v) => {
                    self.diags.error(&loc.child("required"), format!("expected true or false, found {}", kind_of(v)));
                    false
                }
            };
            let default = match p.get("default") {
                None => None,
                Some(v) => match literal(v, ty) {
                    Some(l) => Some(l),
                    None => {
                        self.diags.error(
                            &loc.child("default"),
                            format!("expected a default of type {ty:?}, found {}", kind_of(v)),
                        );
                        continue;
                    }
                },
            };
            let deprecated =
                p.get("deprecated").map(|d| d.get("message").and_then(Json::as_str).unwrap_or("deprecated").to_owned());
            let field = crate::names::snake(name);
            let raw = field.strip_prefix("r#").unwrap_or(&field);
            if !crate::names::is_ident(raw) || name.is_empty() {
                self.diags.error(&loc, format!("parameter name {name:?} does not make a Rust identifier"));
                continue;
            }
            let field = match raw {
                // Methods of the generated `Params`.
                "builder" | "from_built_ins" | "default" | "clone" | "fmt" | "eq" => format!("{raw}_value"),
                _ => field,
            };
            if let Some(other) = self.params.iter().find(|q| q.field == field) {
                self.diags
                    .error(&loc, format!("parameters {:?} and {name:?} both make the Rust field {field}", other.name));
                continue;
            }
            let docs = self.string(p, "documentation", &loc).unwrap_or_default();
            self.params.push(Param { name: name.clone(), field, ty, built_in, default, required, docs, deprecated });
        }
    }

    fn rules(&mut self, rules: &[Json], loc: &Location) -> Vec<Rule> {
        rules.iter().enumerate().filter_map(|(i, r)| self.rule(r, &loc.child(i))).collect()
    }

    fn rule(&mut self, value: &Json, loc: &Location) -> Option<Rule> {
        let obj = self.object(value, loc, "a rule, an object {\"type\", \"conditions\", ...}")?;
        let kind = self.string(obj, "type", loc);
        let body_key = match kind.as_deref() {
            Some("endpoint") => "endpoint",
            Some("error") => "error",
            Some("tree") => "rules",
            _ => {
                self.diags.error(&loc.child("type"), "expected the rule type \"endpoint\", \"error\" or \"tree\"");
                return None;
            }
        };
        self.keys(obj, loc, &["type", "conditions", body_key, "documentation"]);
        let depth = self.scope.len();
        let conditions = match obj.get("conditions") {
            Some(Json::Array(cs)) => {
                let loc = loc.child("conditions");
                cs.iter().enumerate().filter_map(|(i, c)| self.condition(c, &loc.child(i))).collect()
            }
            None => Vec::new(),
            Some(v) => {
                self.diags
                    .error(&loc.child("conditions"), format!("expected an array of conditions, found {}", kind_of(v)));
                Vec::new()
            }
        };
        let body_loc = loc.child(body_key);
        let then = match (body_key, obj.get(body_key)) {
            ("endpoint", Some(e)) => self.endpoint(e, &body_loc).map(RuleBody::Endpoint),
            ("error", Some(e)) => self.text(e, &body_loc).map(RuleBody::Error),
            ("rules", Some(Json::Array(rules))) => Some(RuleBody::Tree(self.rules(rules, &body_loc))),
            _ => {
                self.diags.error(&body_loc, format!("expected the rule's {body_key:?}"));
                None
            }
        };
        self.scope.truncate(depth);
        Some(Rule { docs: self.string(obj, "documentation", loc), conditions, then: then? })
    }

    fn condition(&mut self, value: &Json, loc: &Location) -> Option<Condition> {
        let obj = self.object(value, loc, "a condition, an object {\"fn\", \"argv\", \"assign\"?}")?;
        self.keys(obj, loc, &["fn", "argv", "assign"]);
        if !obj.contains_key("fn") {
            self.diags.error(loc, "expected a condition to call a function (\"fn\")");
            return None;
        }
        let assign = self.string(obj, "assign", loc);
        // `isSet(Ref)` proves the reference set for the rest of the rule.
        let narrowed = match (obj.get("fn").and_then(Json::as_str), obj.get("argv")) {
            (Some("isSet"), Some(Json::Array(argv))) if argv.len() == 1 => {
                argv[0].get("ref").and_then(Json::as_str).map(str::to_owned)
            }
            _ => None,
        };
        let expr = self.expr(value, loc)?;
        if let (Some(name), None) = (&narrowed, &assign) {
            let arg = self.reference(name, &loc.child("argv").child(0))?;
            if !arg.ty.optional {
                // Always set: the condition always holds.
                return Some(Condition { expr, bind: None });
            }
            let local = self.bind(name, arg.ty.ty, loc);
            return Some(Condition { expr: arg, bind: Some(local) });
        }
        let bind = assign.map(|name| self.bind(&name, expr.ty.ty, &loc.child("assign")));
        Some(Condition { expr, bind })
    }

    /// Binds `name` in the current rule's scope to a new local.
    fn bind(&mut self, name: &str, ty: Ty, loc: &Location) -> Local {
        let base = crate::names::snake_raw(name);
        let base =
            if crate::names::is_ident(&base) && !crate::names::is_keyword(&base) { base } else { "value".to_owned() };
        if self.params.iter().any(|p| p.name == name) && !self.scope.iter().any(|(n, _)| n == name) {
            // Narrowing a parameter: the local shadows nothing the rules see.
        } else if self.scope.iter().any(|(n, _)| n == name) {
            self.diags.error(loc, format!("{name:?} is already bound by an enclosing condition"));
        }
        let mut ident = base.clone();
        let mut n = 1;
        while RESERVED_LOCALS.contains(&ident.as_str()) || self.scope.iter().any(|(_, l)| l.ident == ident) {
            n += 1;
            ident = format!("{base}_{n}");
        }
        let local = Local { ident, ty };
        self.scope.push((name.to_owned(), local.clone()));
        local
    }

    fn reference(&mut self, name: &str, loc: &Location) -> Option<Expr> {
        if let Some((_, l)) = self.scope.iter().rev().find(|(n, _)| n == name) {
            return Some(Expr { kind: ExprKind::Local(l.ident.clone()), ty: Type { ty: l.ty, optional: false } });
        }
        if let Some(i) = self.params.iter().position(|p| p.name == name) {
            return Some(Expr { kind: ExprKind::Param(i), ty: param_type(&self.params[i]) });
        }
        self.diags
            .error(loc, format!("reference {name:?} names no parameter and nothing an enclosing condition assigned"));
        None
    }

    /// An expression that must be text that is set (a URL, an error message).
    fn text(&mut self, value: &Json, loc: &Location) -> Option<Expr> {
        let e = self.expr(value, loc)?;
        self.expect(&e, Ty::Str, loc).then_some(e)
    }

    /// Whether `e` is a set value of type `want` (text matches text); reports otherwise.
    fn expect(&mut self, e: &Expr, want: Ty, loc: &Location) -> bool {
        let same = e.ty.ty == want || (want.is_text() && e.ty.ty.is_text());
        if !same {
            self.diags.error(loc, format!("expected a value of type {want:?}, found {:?}", e.ty.ty));
            return false;
        }
        if e.ty.optional {
            self.diags.error(
                loc,
                "this value may be unset here: prove it set first with an isSet(..) condition or an \"assign\"",
            );
            return false;
        }
        true
    }

    fn expr(&mut self, value: &Json, loc: &Location) -> Option<Expr> {
        let set = |ty: Ty| Type { ty, optional: false };
        match value {
            Json::Bool(b) => Some(Expr { kind: ExprKind::Bool(*b), ty: set(Ty::Bool) }),
            Json::Number(n) => match n.as_i64() {
                Some(i) => Some(Expr { kind: ExprKind::Int(i), ty: set(Ty::Int) }),
                None => {
                    self.diags.error(loc, format!("expected an integer, found {n}"));
                    None
                }
            },
            Json::String(s) => self.template(s, loc),
            Json::Object(obj) if obj.contains_key("ref") => {
                self.keys(obj, loc, &["ref"]);
                match obj.get("ref") {
                    Some(Json::String(name)) => self.reference(name, &loc.child("ref")),
                    _ => {
                        self.diags.error(&loc.child("ref"), "expected the name of a parameter or assigned value");
                        None
                    }
                }
            }
            Json::Object(obj) if obj.contains_key("fn") => self.call(obj, loc),
            v => {
                self.diags.error(
                    loc,
                    format!(
                        "expected an expression (string, boolean, integer, {{\"ref\"}} or {{\"fn\"}}), found {}",
                        kind_of(v)
                    ),
                );
                None
            }
        }
    }

    fn call(&mut self, obj: &Map<String, Json>, loc: &Location) -> Option<Expr> {
        let name = self.string(obj, "fn", loc)?;
        let argv = match obj.get("argv") {
            Some(Json::Array(a)) => a,
            _ => {
                self.diags.error(&loc.child("argv"), "expected \"argv\", an array of arguments");
                return None;
            }
        };
        let argv_loc = loc.child("argv");
        let (function, arity) = match name.as_str() {
            "isSet" => (Function::IsSet, 1),
            "not" => (Function::Not, 1),
            "booleanEquals" => (Function::BooleanEquals, 2),
            "stringEquals" => (Function::StringEquals, 2),
            "isValidHostLabel" => (Function::IsValidHostLabel, 2),
            "parseURL" => (Function::ParseUrl, 1),
            "substring" => (Function::Substring, 4),
            "uriEncode" => (Function::UriEncode, 1),
            "aws.partition" => (Function::Partition, 1),
            "aws.parseArn" => (Function::ParseArn, 1),
            "aws.isVirtualHostableS3Bucket" => (Function::IsVirtualHostableS3Bucket, 2),
            "getAttr" => return self.get_attr(argv, &argv_loc),
            _ => {
                self.diags.error(&loc.child("fn"), format!("the rules function {name:?} is not supported"));
                return None;
            }
        };
        if argv.len() != arity {
            self.diags.error(&argv_loc, format!("{name} takes {arity} argument(s), found {}", argv.len()));
            return None;
        }
        let mut args = Vec::with_capacity(arity);
        for (i, a) in argv.iter().enumerate() {
            args.push(self.expr(a, &argv_loc.child(i))?);
        }
        let set = |ty: Ty| Type { ty, optional: false };
        let maybe = |ty: Ty| Type { ty, optional: true };
        let want: &[Ty] = match function {
            Function::IsSet => &[],
            Function::Not => &[Ty::Bool],
            Function::BooleanEquals => &[Ty::Bool, Ty::Bool],
            Function::StringEquals => &[Ty::Str, Ty::Str],
            Function::IsValidHostLabel | Function::IsVirtualHostableS3Bucket => &[Ty::Str, Ty::Bool],
            Function::ParseUrl | Function::UriEncode | Function::Partition | Function::ParseArn => &[Ty::Str],
            Function::Substring => &[Ty::Str, Ty::Int, Ty::Int, Ty::Bool],
        };
        let mut ok = true;
        for (i, (a, w)) in args.iter().zip(want).enumerate() {
            ok &= self.expect(a, *w, &argv_loc.child(i));
        }
        if function == Function::Substring {
            for i in [1, 2] {
                if !matches!(args[i].kind, ExprKind::Int(n) if n >= 0) {
                    self.diags.error(&argv_loc.child(i), "expected a non-negative integer constant");
                    ok = false;
                }
            }
        }
        if !ok {
            return None;
        }
        let ty = match function {
            Function::IsSet
            | Function::Not
            | Function::BooleanEquals
            | Function::StringEquals
            | Function::IsValidHostLabel
            | Function::IsVirtualHostableS3Bucket => set(Ty::Bool),
            Function::ParseUrl => maybe(Ty::Url),
            Function::Substring => maybe(Ty::String),
            Function::UriEncode => set(Ty::String),
            Function::Partition => maybe(Ty::Partition),
            Function::ParseArn => maybe(Ty::Arn),
        };
        Some(Expr { kind: ExprKind::Call(function, args), ty })
    }

    fn get_attr(&mut self, argv: &[Json], loc: &Location) -> Option<Expr> {
        if argv.len() != 2 {
            self.diags.error(loc, format!("getAttr takes 2 arguments, found {}", argv.len()));
            return None;
        }
        let of = self.expr(&argv[0], &loc.child(0))?;
        let Some(path) = argv[1].as_str() else {
            self.diags.error(&loc.child(1), "expected the path as a string constant");
            return None;
        };
        let (ty, steps) = self.path(of.ty, path, &loc.child(1))?;
        Some(Expr { kind: ExprKind::GetAttr(Box::new(of), steps), ty })
    }

    /// The type at `path` (`dnsSuffix`, `resourceId[2]`) of a value of type `of`.
    fn path(&mut self, of: Type, path: &str, loc: &Location) -> Option<(Type, Vec<PathStep>)> {
        if of.optional {
            self.diags
                .error(loc, "getAttr of a value that may be unset: prove it set first with isSet(..) or \"assign\"");
            return None;
        }
        let mut ty = of;
        let mut steps = Vec::new();
        for part in path.split('.') {
            let (field, index) = match part.split_once('[') {
                Some((f, rest)) => (f, Some(rest)),
                None => (part, None),
            };
            if !field.is_empty() {
                let next = match (ty.ty, field) {
                    (Ty::Partition, "name" | "dnsSuffix" | "dualStackDnsSuffix" | "implicitGlobalRegion") => Ty::Str,
                    (Ty::Partition, "supportsFIPS" | "supportsDualStack") => Ty::Bool,
                    (Ty::Arn, "partition" | "service" | "region" | "accountId") => Ty::Str,
                    (Ty::Arn, "resourceId") => Ty::StringArray,
                    (Ty::Url, "scheme" | "authority" | "path" | "normalizedPath") => Ty::Str,
                    (Ty::Url, "isIp") => Ty::Bool,
                    _ => {
                        self.diags.error(loc, format!("a value of type {:?} has no attribute {field:?}", ty.ty));
                        return None;
                    }
                };
                if ty.optional {
                    self.diags.error(loc, format!("attribute {field:?} of a value that may be unset"));
                    return None;
                }
                ty = Type { ty: next, optional: false };
                steps.push(PathStep::Field(field.to_owned()));
            }
            if let Some(rest) = index {
                let Some(i) = rest.strip_suffix(']').and_then(|n| n.parse::<usize>().ok()) else {
                    self.diags.error(loc, format!("expected an index such as [0] in {path:?}"));
                    return None;
                };
                if ty.ty != Ty::StringArray || ty.optional {
                    self.diags.error(loc, format!("[{i}] of a value that is not a list of strings that is set"));
                    return None;
                }
                ty = Type { ty: Ty::Str, optional: true };
                steps.push(PathStep::Index(i));
            }
        }
        if steps.is_empty() {
            self.diags.error(loc, "expected a non-empty path");
            return None;
        }
        Some((ty, steps))
    }

    /// A string: a template when it has `{...}`, text otherwise.
    fn template(&mut self, s: &str, loc: &Location) -> Option<Expr> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = s;
        while let Some(i) = rest.find(['{', '}']) {
            literal.push_str(&rest[..i]);
            let after = &rest[i..];
            if let Some(r) = after.strip_prefix("{{") {
                literal.push('{');
                rest = r;
            } else if let Some(r) = after.strip_prefix("}}") {
                literal.push('}');
                rest = r;
            } else if after.starts_with('}') {
                self.diags.error(loc, format!("unbalanced '}}' in template {s:?} (write }}}} for a brace)"));
                return None;
            } else {
                let Some(end) = after.find('}') else {
                    self.diags.error(loc, format!("unclosed '{{' in template {s:?}"));
                    return None;
                };
                let inner = &after[1..end];
                let value = match inner.split_once('#') {
                    None => self.reference(inner, loc)?,
                    Some((name, path)) => {
                        let of = self.reference(name, loc)?;
                        let (ty, steps) = self.path(of.ty, path, loc)?;
                        Expr { kind: ExprKind::GetAttr(Box::new(of), steps), ty }
                    }
                };
                if !self.expect(&value, Ty::Str, loc) {
                    return None;
                }
                if !literal.is_empty() {
                    parts.push(TemplatePart::Literal(std::mem::take(&mut literal)));
                }
                parts.push(TemplatePart::Value(value));
                rest = &after[end + 1..];
            }
        }
        literal.push_str(rest);
        if !literal.is_empty() || parts.is_empty() {
            parts.push(TemplatePart::Literal(literal));
        }
        if let [TemplatePart::Value(_)] = parts.as_slice() {
            // `"{Region}"` is the value itself.
            if let Some(TemplatePart::Value(v)) = parts.pop() {
                return Some(v);
            }
        }
        let ty = if matches!(parts.as_slice(), [TemplatePart::Literal(_)]) { Ty::Str } else { Ty::String };
        Some(Expr { kind: ExprKind::Template(parts), ty: Type { ty, optional: false } })
    }

    fn endpoint(&mut self, value: &Json, loc: &Location) -> Option<EndpointValue> {
        let obj = self.object(value, loc, "an endpoint, an object {\"url\", \"properties\"?, \"headers\"?}")?;
        self.keys(obj, loc, &["url", "properties", "headers"]);
        let url = match obj.get("url") {
            Some(u) => self.text(u, &loc.child("url"))?,
            None => {
                self.diags.error(loc, "expected the endpoint's \"url\"");
                return None;
            }
        };
        let mut headers = Vec::new();
        if let Some(h) = obj.get("headers") {
            let hloc = loc.child("headers");
            let h = self.object(h, &hloc, "headers, an object of arrays")?;
            for (name, values) in h {
                let vloc = hloc.child(name);
                let Some(values) = values.as_array() else {
                    self.diags.error(&vloc, "expected an array of header values");
                    return None;
                };
                if http_token(name).is_none() {
                    self.diags.error(&vloc, format!("{name:?} is not a header name"));
                    return None;
                }
                let mut vs = Vec::new();
                for (i, v) in values.iter().enumerate() {
                    vs.push(self.text(v, &vloc.child(i))?);
                }
                headers.push((name.clone(), vs));
            }
        }
        let mut properties = Vec::new();
        if let Some(p) = obj.get("properties") {
            let ploc = loc.child("properties");
            let p = self.object(p, &ploc, "properties, an object")?;
            for (name, v) in p {
                properties.push((name.clone(), self.value(v, &ploc.child(name), 0)?));
            }
        }
        Some(EndpointValue { url, headers, properties })
    }

    /// A property value (bounded in depth: a hostile model cannot make the
    /// generator recurse without end).
    fn value(&mut self, v: &Json, loc: &Location, depth: usize) -> Option<Value> {
        if depth > 32 {
            self.diags.error(loc, "property values nest deeper than 32 levels");
            return None;
        }
        Some(match v {
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => {
                    self.diags.error(loc, format!("expected an integer, found {n}"));
                    return None;
                }
            },
            Json::String(_) => Value::String(self.text(v, loc)?),
            Json::Object(obj) if obj.contains_key("fn") || obj.contains_key("ref") => Value::String(self.text(v, loc)?),
            Json::Array(items) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    out.push(self.value(item, &loc.child(i), depth + 1)?);
                }
                Value::Array(out)
            }
            Json::Object(obj) => {
                let mut out = Vec::new();
                for (k, item) in obj {
                    out.push((k.clone(), self.value(item, &loc.child(k), depth + 1)?));
                }
                Value::Object(out)
            }
            Json::Null => {
                self.diags.error(loc, "expected a property value, found null");
                return None;
            }
        })
    }

    fn tests(&mut self, (value, loc): &(Json, Location)) -> Vec<TestCase> {
        let Some(obj) = self.object(value, loc, "the endpoint tests, an object {\"testCases\"}") else {
            return Vec::new();
        };
        self.keys(obj, loc, &["version", "testCases"]);
        let Some(Json::Array(cases)) = obj.get("testCases") else {
            self.diags.error(&loc.child("testCases"), "expected \"testCases\", an array");
            return Vec::new();
        };
        let loc = loc.child("testCases");
        cases.iter().enumerate().filter_map(|(i, c)| self.test(c, &loc.child(i))).collect()
    }

    fn test(&mut self, value: &Json, loc: &Location) -> Option<TestCase> {
        let obj = self.object(value, loc, "a test case, an object")?;
        self.keys(obj, loc, &["documentation", "params", "expect", "operationInputs"]);
        let mut params = Vec::new();
        if let Some(p) = obj.get("params") {
            let ploc = loc.child("params");
            for (name, v) in self.object(p, &ploc, "the parameters, an object")? {
                let Some(i) = self.params.iter().position(|q| &q.name == name) else {
                    self.diags.error(&ploc.child(name), format!("the rule set has no parameter {name:?}"));
                    return None;
                };
                let Some(l) = literal(v, self.params[i].ty) else {
                    self.diags.error(&ploc.child(name), format!("expected a value of type {:?}", self.params[i].ty));
                    return None;
                };
                params.push((i, l));
            }
        }
        let eloc = loc.child("expect");
        let expect = self.object(obj.get("expect").unwrap_or(&Json::Null), &eloc, "\"expect\", an object")?;
        let expect = match (expect.get("endpoint"), expect.get("error")) {
            (Some(e), None) => {
                let e = self.object(e, &eloc.child("endpoint"), "an endpoint")?;
                let Some(url) = e.get("url").and_then(Json::as_str) else {
                    self.diags.error(&eloc.child("endpoint"), "expected the endpoint's \"url\"");
                    return None;
                };
                let mut headers = Vec::new();
                for (name, values) in e.get("headers").and_then(Json::as_object).into_iter().flatten() {
                    let values = values.as_array().into_iter().flatten().filter_map(Json::as_str);
                    headers.push((name.clone(), values.map(str::to_owned).collect()));
                }
                let properties = e
                    .get("properties")
                    .and_then(Json::as_object)
                    .map(|p| p.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                    .unwrap_or_default();
                Expect::Endpoint { url: url.to_owned(), headers, properties }
            }
            (None, Some(Json::String(message))) => Expect::Error(message.clone()),
            _ => {
                self.diags.error(&eloc, "expected exactly one of \"endpoint\" and \"error\" (a string)");
                return None;
            }
        };
        let docs = obj.get("documentation").and_then(Json::as_str).unwrap_or_default().to_owned();
        Some(TestCase { docs, params, expect })
    }
}

/// `v` as a constant of type `ty`.
fn literal(v: &Json, ty: ParamType) -> Option<Literal> {
    match (ty, v) {
        (ParamType::String, Json::String(s)) => Some(Literal::String(s.clone())),
        (ParamType::Boolean, Json::Bool(b)) => Some(Literal::Bool(*b)),
        (ParamType::StringArray, Json::Array(items)) => {
            items.iter().map(|i| i.as_str().map(str::to_owned)).collect::<Option<Vec<_>>>().map(Literal::StringArray)
        }
        _ => None,
    }
}

/// `name` if it is an HTTP header name (an RFC 9110 token).
fn http_token(name: &str) -> Option<&str> {
    let ok = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    ok.then_some(name)
}
