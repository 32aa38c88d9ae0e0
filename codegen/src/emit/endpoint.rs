//! The crate's `endpoint` module: the service's endpoint rule set compiled
//! into Rust (`Params` and `resolve`), and `tests/endpoint_rules.rs`, one
//! test per case of the model's `smithy.rules#endpointTests`.
//!
//! Each rule becomes nested `if`s, one per condition (consecutive boolean
//! conditions joined with `&&`), around a `return`; a condition that binds
//! a value (`assign`, or `isSet` of a reference) becomes `if let Some(..)`.
//! The rules are tried in order, as the rules language says, and every
//! decision (types, names, what is set where) was made by
//! [`crate::lower::rules`].

use super::{doc, ident};
use crate::ir::rules::*;
use proc_macro2::{Literal as Lit, TokenStream};
use quote::quote;

/// `src/endpoint.rs`.
pub fn endpoint_rs(rules: &RuleSet, service_title: &str) -> TokenStream {
    let params = &rules.params;
    let fields = params.iter().map(|p| {
        let f = ident(&p.field);
        let ty = field_type(p);
        let mut text = if p.docs.is_empty() { format!("`{}`.", p.name) } else { p.docs.clone() };
        text.push_str(&format!("\n\nThe rule set's parameter `{}`", p.name));
        match p.built_in {
            Some(b) => text.push_str(&format!(", set from the client's configuration ({})", built_in_source(b))),
            None => text.push_str(", set by the operations that need it"),
        }
        if let Some(d) = &p.default {
            text.push_str(&format!("; by default `{}`", literal_text(d)));
        }
        if p.required {
            text.push_str("; required");
        }
        text.push('.');
        if let Some(msg) = &p.deprecated {
            text.push_str(&format!("\n\nDeprecated: {msg}"));
        }
        let docs = doc(&text);
        quote! { #docs pub #f: #ty, }
    });
    let defaults = params.iter().map(|p| {
        let f = ident(&p.field);
        let v = match &p.default {
            None => quote! { None },
            Some(l) => literal_value(l),
        };
        quote! { #f: #v, }
    });
    let setters = params.iter().map(|p| {
        let f = ident(&p.field);
        let docs = doc(&format!("Sets `{}`.", p.name));
        let wrap = |v: TokenStream| {
            if p.optional() {
                quote! { Some(#v) }
            } else {
                v
            }
        };
        match p.ty {
            ParamType::String => {
                let v = wrap(quote! { value.into() });
                quote! { #docs pub fn #f(mut self, value: impl Into<String>) -> Self { self.#f = #v; self } }
            }
            ParamType::Boolean => {
                let v = wrap(quote! { value });
                quote! { #docs pub fn #f(mut self, value: bool) -> Self { self.#f = #v; self } }
            }
            ParamType::StringArray => {
                let v = wrap(quote! { value.into_iter().map(Into::into).collect() });
                quote! {
                    #docs
                    pub fn #f(mut self, value: impl IntoIterator<Item = impl Into<String>>) -> Self {
                        self.#f = #v;
                        self
                    }
                }
            }
        }
    });
    // Each field from its built-in where it has one, else its default.
    let mut any_built_in = false;
    let from_built_ins: Vec<TokenStream> = params
        .iter()
        .map(|p| {
            let f = ident(&p.field);
            let default = match &p.default {
                None => quote! { None },
                Some(l) => literal_value(l),
            };
            let source = match p.built_in {
                Some(BuiltIn::Region) => quote! { region },
                Some(BuiltIn::UseFips) => quote! { use_fips },
                Some(BuiltIn::UseDualStack) => quote! { use_dual_stack },
                Some(BuiltIn::Endpoint) => quote! { endpoint },
                Some(BuiltIn::AccountId) => quote! { account_id },
                Some(BuiltIn::AccountIdEndpointMode) => quote! { account_id_endpoint_mode },
                None => return quote! { #f: #default, },
            };
            let flag = matches!(p.built_in, Some(BuiltIn::UseFips | BuiltIn::UseDualStack));
            let value = match (p.ty, p.optional(), flag) {
                (ParamType::Boolean, false, true) => quote! { built_ins.#source },
                (ParamType::Boolean, true, true) => quote! { Some(built_ins.#source) },
                (ParamType::String, true, false) => quote! { built_ins.#source.map(str::to_owned) },
                (ParamType::String, false, false) => quote! {
                    match built_ins.#source { Some(value) => value.to_owned(), None => #default }
                },
                // A built-in of another type than its configuration's: the default.
                _ => return quote! { #f: #default, },
            };
            any_built_in = true;
            quote! { #f: #value, }
        })
        .collect();
    let from_built_ins = if any_built_in {
        quote! { Params { #(#from_built_ins)* } }
    } else {
        quote! { let _ = built_ins; Params::default() }
    };
    // `Default` derived where every default is the type's own (clippy's
    // `derivable_impls`), written out otherwise.
    let derivable = params.iter().all(|p| match &p.default {
        None => true,
        Some(Literal::Bool(b)) => !b,
        Some(Literal::String(s)) => s.is_empty(),
        Some(Literal::StringArray(items)) => items.is_empty(),
    });
    let (derive_default, default_impl) = if derivable {
        (quote! { Default, }, quote! {})
    } else {
        (
            quote! {},
            quote! {
                impl Default for Params {
                    fn default() -> Self {
                        Params { #(#defaults)* }
                    }
                }
            },
        )
    };
    let required = params.iter().filter(|p| p.required && p.optional()).map(|p| {
        let f = ident(&p.field);
        let message = format!("the endpoint parameter {} is required", p.name);
        let value = match p.ty {
            ParamType::Boolean => quote! { params.#f },
            _ => quote! { params.#f.as_deref() },
        };
        quote! {
            let Some(#f) = #value else {
                return Err(EndpointError::new(#message));
            };
        }
    });
    let e = Emitter { params };
    let (body, always) = e.rules(&rules.rules, true);
    let fallback = (!always).then(|| {
        quote! { Err(EndpointError::new("no endpoint rule matches these parameters")) }
    });
    let module_docs = super::inner_doc(&format!(
        "Where requests go: {service_title}'s endpoint rule set (`smithy.rules#endpointRuleSet`), \
         compiled.\n\n[`resolve`] gives the endpoint for [`Params`]; the client fills them from its \
         configuration once ([`Params::from_built_ins`]) and, for the operations that set parameters, \
         per call. The partitions (regions, DNS suffixes) come from `smithy_rt::rules::partition`."
    ));
    quote! {
        #module_docs

        use ::smithy_rt::rules::{BuiltIns, Endpoint, EndpointError};

        /// The parameters of the endpoint rules; unset ones have the rule set's defaults.
        #[derive(Debug, Clone, #derive_default PartialEq)]
        #[non_exhaustive]
        pub struct Params {
            #(#fields)*
        }

        #default_impl

        impl Params {
            #(#setters)*

            /// The parameters whose values come from configuration (a `builtIn`),
            /// from `built_ins`; the others keep their defaults.
            pub fn from_built_ins(built_ins: &BuiltIns<'_>) -> Self {
                #from_built_ins
            }
        }

        /// The endpoint for `params`, or the rule set's error for them.
        pub fn resolve(params: &Params) -> Result<Endpoint, EndpointError> {
            #(#required)*
            #body
            #fallback
        }

        /// [`resolve`] with only the parameters that come from configuration.
        pub fn resolve_built_ins(
            built_ins: &BuiltIns<'_>,
        ) -> Result<Endpoint, EndpointError> {
            resolve(&Params::from_built_ins(built_ins))
        }
    }
}

/// The tokens of an operation's `ENDPOINT_RULES`: the client's built-ins,
/// then the parameters the operation sets.
pub fn operation_rules(rules: &RuleSet, context: &[ContextParam]) -> TokenStream {
    let sets = context.iter().map(|c| match c {
        ContextParam::Static(i, l) => {
            let p = &rules.params[*i];
            let f = ident(&p.field);
            let v = literal_value(l);
            let v = if p.optional() {
                quote! { ::std::option::Option::Some(#v) }
            } else {
                v
            };
            quote! { params.#f = #v; }
        }
        ContextParam::Member(i, field, optional) => {
            let p = &rules.params[*i];
            let f = ident(&p.field);
            let m = ident(field);
            let v = match (p.ty, optional) {
                (ParamType::Boolean, true) => quote! { input.#m },
                (ParamType::Boolean, false) => quote! { ::std::option::Option::Some(input.#m) },
                (_, true) => quote! { input.#m.clone() },
                (_, false) => quote! { ::std::option::Option::Some(input.#m.clone()) },
            };
            if p.optional() {
                quote! { params.#f = #v; }
            } else {
                quote! { if let ::std::option::Option::Some(value) = #v { params.#f = value; } }
            }
        }
    });
    let input = if context.iter().any(|c| matches!(c, ContextParam::Member(..))) {
        quote! { input }
    } else {
        quote! { _input }
    };
    quote! {
        ::std::option::Option::Some(|#input, built_ins| {
            let mut params = crate::endpoint::Params::from_built_ins(built_ins);
            #(#sets)*
            crate::endpoint::resolve(&params)
        })
    }
}

/// `tests/endpoint_rules.rs`.
pub fn tests_rs(rules: &RuleSet, crate_ident: &str) -> TokenStream {
    let krate = ident(crate_ident);
    let cases = rules.tests.iter().enumerate().map(|(n, case)| {
        let name = ident(&format!("case_{}", n + 1));
        let docs = doc(if case.docs.is_empty() { "A case of the model's endpoint tests." } else { &case.docs });
        let label = Lit::string(&format!("case {}: {}", n + 1, case.docs));
        let sets = case.params.iter().map(|(i, l)| {
            let f = ident(&rules.params[*i].field);
            let v = match l {
                Literal::String(s) => quote! { #s },
                Literal::Bool(b) => quote! { #b },
                Literal::StringArray(items) => quote! { [#(#items),*] as [&str; _] },
            };
            quote! { .#f(#v) }
        });
        let expected = match &case.expect {
            Expect::Endpoint { url, headers, properties } => {
                let headers =
                    headers.iter().flat_map(|(name, values)| values.iter().map(move |v| quote! { .header(#name, #v) }));
                let properties = properties.iter().map(|(name, v)| {
                    let v = super::document_tokens(v);
                    quote! { .property(#name, #v) }
                });
                quote! { Ok(Endpoint::new(#url) #(#headers)* #(#properties)*) }
            }
            Expect::Error(message) => quote! { Err(EndpointError::new(#message)) },
        };
        quote! {
            #docs
            #[test]
            fn #name() {
                let params = Params::default() #(#sets)*;
                let expected = #expected;
                let resolved = resolve(&params);
                assert_eq!(resolved, expected, "{}", #label);
            }
        }
    });
    let endpoints = rules.tests.iter().any(|c| matches!(c.expect, Expect::Endpoint { .. }));
    let errors = rules.tests.iter().any(|c| matches!(c.expect, Expect::Error(_)));
    let imports = match (endpoints, errors) {
        (true, true) => quote! { use ::smithy_rt::rules::{Endpoint, EndpointError}; },
        (true, false) => quote! { use ::smithy_rt::rules::Endpoint; },
        (false, true) => quote! { use ::smithy_rt::rules::EndpointError; },
        (false, false) => quote! {},
    };
    let docs = super::inner_doc(
        "The endpoint rule set's own test cases (`smithy.rules#endpointTests`): each gives parameters \
         and the endpoint or error the rules must give for them.",
    );
    quote! {
        #docs

        use ::#krate::endpoint::{resolve, Params};
        #imports

        #(#cases)*
    }
}

fn field_type(p: &Param) -> TokenStream {
    let ty = match p.ty {
        ParamType::String => quote! { String },
        ParamType::Boolean => quote! { bool },
        ParamType::StringArray => quote! { Vec<String> },
    };
    if p.optional() {
        quote! { Option<#ty> }
    } else {
        ty
    }
}

fn literal_value(l: &Literal) -> TokenStream {
    match l {
        Literal::String(s) => quote! { ::std::borrow::ToOwned::to_owned(#s) },
        Literal::Bool(b) => quote! { #b },
        Literal::StringArray(items) => quote! { vec![#(#items.to_owned()),*] },
    }
}

fn literal_text(l: &Literal) -> String {
    match l {
        Literal::String(s) => format!("{s:?}"),
        Literal::Bool(b) => b.to_string(),
        Literal::StringArray(items) => format!("{items:?}"),
    }
}

fn built_in_source(b: BuiltIn) -> &'static str {
    match b {
        BuiltIn::Region => "the region",
        BuiltIn::UseFips => "`use_fips`, `AWS_USE_FIPS_ENDPOINT`, the profile's `use_fips_endpoint`",
        BuiltIn::UseDualStack => {
            "`use_dual_stack`, `AWS_USE_DUALSTACK_ENDPOINT`, the profile's `use_dualstack_endpoint`"
        }
        BuiltIn::Endpoint => "the configured endpoint URL",
        BuiltIn::AccountId => "the credentials' account, when they name one",
        BuiltIn::AccountIdEndpointMode => {
            "`account_id_endpoint_mode`, `AWS_ACCOUNT_ID_ENDPOINT_MODE`, the profile's `account_id_endpoint_mode`"
        }
    }
}

/// One step of a condition chain.
enum Step {
    /// `if <cond> {` (consecutive ones joined with `&&`).
    If(TokenStream),
    /// `if let Some(<name>) = <expr> {`.
    IfLet(TokenStream, TokenStream),
    /// `let <name> = <expr>;`.
    Let(TokenStream, TokenStream),
}

struct Emitter<'a> {
    params: &'a [Param],
}

impl Emitter<'_> {
    /// The rules, tried in order, and whether they always return (the last
    /// one tried has no condition that can fail). With `tail`, the last
    /// rule's value is the block's value instead of a `return`.
    fn rules(&self, rules: &[Rule], tail: bool) -> (TokenStream, bool) {
        let mut out = TokenStream::new();
        for rule in rules {
            let steps = self.steps(&rule.conditions);
            // A rule whose conditions cannot fail is the last one tried.
            let last = steps.iter().all(|s| matches!(s, Step::Let(..)));
            let body = self.body(&rule.then, tail && last);
            out.extend(wrap(steps, body));
            if last {
                return (out, true);
            }
        }
        (out, false)
    }

    /// A rule's result: a `return` (or, with `tail`, the value).
    fn body(&self, then: &RuleBody, tail: bool) -> TokenStream {
        let value = match then {
            RuleBody::Endpoint(e) => {
                let url = self.expr(&e.url);
                let headers = e.headers.iter().flat_map(|(name, values)| {
                    values.iter().map(move |v| {
                        let v = self.expr(v);
                        quote! { .header(#name, #v) }
                    })
                });
                let properties = e.properties.iter().map(|(name, v)| {
                    let v = self.value(v);
                    quote! { .property(#name, #v) }
                });
                quote! { Ok(Endpoint::new(#url) #(#headers)* #(#properties)*) }
            }
            RuleBody::Error(message) => {
                let m = self.expr(message);
                quote! { Err(EndpointError::new(#m)) }
            }
            RuleBody::Tree(rules) => {
                let (inner, always) = self.rules(rules, tail);
                let exhausted = (!always).then(|| {
                    let e = quote! {
                        Err(EndpointError::new(
                            "no endpoint rule matches these parameters (a tree rule's conditions held, none of its rules matched)"
                        ))
                    };
                    if tail {
                        e
                    } else {
                        quote! { return #e; }
                    }
                });
                return quote! { #inner #exhausted };
            }
        };
        if tail {
            value
        } else {
            quote! { return #value; }
        }
    }

    fn steps(&self, conditions: &[Condition]) -> Vec<Step> {
        let mut steps: Vec<Step> = Vec::new();
        for c in conditions {
            let e = self.expr(&c.expr);
            let step = match (&c.bind, c.expr.ty.optional, c.expr.ty.ty) {
                (Some(l), true, _) => {
                    let n = ident(&l.ident);
                    Step::IfLet(quote! { #n }, e)
                }
                (None, true, _) => Step::If(quote! { #e.is_some() }),
                (Some(l), false, Ty::Bool) => {
                    let n = ident(&l.ident);
                    steps.push(Step::Let(quote! { #n }, e));
                    Step::If(quote! { #n })
                }
                (None, false, Ty::Bool) => match &c.expr.kind {
                    ExprKind::Bool(true) => continue,
                    _ => Step::If(e),
                },
                (Some(l), false, _) => {
                    let n = ident(&l.ident);
                    Step::Let(quote! { #n }, e)
                }
                (None, false, _) => continue,
            };
            match (steps.last_mut(), step) {
                (Some(Step::If(prev)), Step::If(next)) => *prev = quote! { #prev && #next },
                (_, step) => steps.push(step),
            }
        }
        steps
    }

    /// The expression in its natural Rust form: `&str` for [`Ty::Str`],
    /// `String` for [`Ty::String`], `Option<..>` of those when optional.
    fn expr(&self, e: &Expr) -> TokenStream {
        match &e.kind {
            ExprKind::Param(i) => {
                let p = &self.params[*i];
                let f = ident(&p.field);
                match (p.ty, p.optional()) {
                    (ParamType::Boolean, _) => quote! { params.#f },
                    (_, true) => quote! { params.#f.as_deref() },
                    (ParamType::String, false) => quote! { params.#f.as_str() },
                    (ParamType::StringArray, false) => quote! { params.#f.as_slice() },
                }
            }
            ExprKind::Local(name) => {
                let n = ident(name);
                quote! { #n }
            }
            ExprKind::Bool(b) => quote! { #b },
            ExprKind::Int(i) => {
                let i = Lit::i64_unsuffixed(*i);
                quote! { #i }
            }
            ExprKind::Template(parts) => match parts.as_slice() {
                [TemplatePart::Literal(s)] => quote! { #s },
                parts => {
                    let parts = parts.iter().map(|p| match p {
                        TemplatePart::Literal(s) => quote! { #s },
                        TemplatePart::Value(v) => self.str(v),
                    });
                    quote! { [#(#parts),*].concat() }
                }
            },
            ExprKind::Call(f, args) => self.call(*f, args),
            ExprKind::GetAttr(of, steps) => {
                let mut out = self.expr(of);
                for s in steps {
                    match s {
                        PathStep::Field(name) => {
                            let m = ident(&attr_method(name));
                            out = quote! { #out.#m() };
                        }
                        PathStep::Index(0) => out = quote! { #out.first().map(String::as_str) },
                        PathStep::Index(i) => {
                            let i = Lit::usize_unsuffixed(*i);
                            out = quote! { #out.get(#i).map(String::as_str) };
                        }
                    }
                }
                out
            }
        }
    }

    /// A text expression as `&str`.
    fn str(&self, e: &Expr) -> TokenStream {
        let t = self.expr(e);
        if e.ty.ty == Ty::String {
            quote! { #t.as_str() }
        } else {
            t
        }
    }

    fn call(&self, f: Function, args: &[Expr]) -> TokenStream {
        let rt = quote! { ::smithy_rt::rules };
        match f {
            Function::IsSet => {
                if args[0].ty.optional {
                    let a = self.expr(&args[0]);
                    quote! { #a.is_some() }
                } else {
                    quote! { true }
                }
            }
            Function::Not => self.negate(&args[0]),
            Function::BooleanEquals => match (&args[0].kind, &args[1].kind) {
                (_, ExprKind::Bool(b)) => self.bool_is(&args[0], *b),
                (ExprKind::Bool(b), _) => self.bool_is(&args[1], *b),
                _ => {
                    let (a, b) = (self.operand(&args[0]), self.operand(&args[1]));
                    quote! { #a == #b }
                }
            },
            Function::StringEquals => self.string_equals(&args[0], &args[1], true),
            Function::IsValidHostLabel => {
                let (a, b) = (self.str(&args[0]), self.expr(&args[1]));
                quote! { #rt::is_valid_host_label(#a, #b) }
            }
            Function::IsVirtualHostableS3Bucket => {
                let (a, b) = (self.str(&args[0]), self.expr(&args[1]));
                quote! { #rt::is_virtual_hostable_s3_bucket(#a, #b) }
            }
            Function::ParseUrl => {
                let a = self.str(&args[0]);
                quote! { #rt::parse_url(#a) }
            }
            Function::UriEncode => {
                let a = self.str(&args[0]);
                quote! { #rt::uri_encode(#a) }
            }
            Function::Partition => {
                let a = self.str(&args[0]);
                quote! { #rt::partition(#a) }
            }
            Function::ParseArn => {
                let a = self.str(&args[0]);
                quote! { #rt::parse_arn(#a) }
            }
            Function::Substring => {
                let a = self.str(&args[0]);
                let n = |e: &Expr| match e.kind {
                    ExprKind::Int(i) => Lit::usize_unsuffixed(usize::try_from(i).unwrap_or(0)),
                    _ => Lit::usize_unsuffixed(0),
                };
                let (start, stop, reverse) = (n(&args[1]), n(&args[2]), self.expr(&args[3]));
                quote! { #rt::substring(#a, #start, #stop, #reverse) }
            }
        }
    }

    /// `a == b` (or `a != b`), as `is_empty()` when one side is `""`.
    fn string_equals(&self, a: &Expr, b: &Expr, equal: bool) -> TokenStream {
        let empty = |e: &Expr| matches!(&e.kind, ExprKind::Template(p) if matches!(p.as_slice(), [TemplatePart::Literal(s)] if s.is_empty()));
        let other = match (empty(a), empty(b)) {
            (true, _) => Some(b),
            (_, true) => Some(a),
            _ => None,
        };
        if let Some(e) = other {
            let e = self.str(e);
            return if equal {
                quote! { #e.is_empty() }
            } else {
                quote! { !#e.is_empty() }
            };
        }
        let (a, b) = (self.str(a), self.str(b));
        if equal {
            quote! { #a == #b }
        } else {
            quote! { #a != #b }
        }
    }

    /// A boolean operand of `==` or `!=`: in parentheses if it is itself a comparison.
    fn operand(&self, e: &Expr) -> TokenStream {
        let t = self.expr(e);
        let comparison = match &e.kind {
            ExprKind::Call(Function::StringEquals, _) => true,
            ExprKind::Call(Function::BooleanEquals, args) => {
                !matches!((&args[0].kind, &args[1].kind), (_, ExprKind::Bool(_)) | (ExprKind::Bool(_), _))
            }
            _ => false,
        };
        if comparison {
            quote! { (#t) }
        } else {
            t
        }
    }

    /// `e == value` for a boolean `e`, without comparing to a constant.
    fn bool_is(&self, e: &Expr, value: bool) -> TokenStream {
        if let ExprKind::Bool(b) = e.kind {
            let r = b == value;
            return quote! { #r };
        }
        if value {
            self.expr(e)
        } else {
            self.negate(e)
        }
    }

    /// `!e`, simplified where `e` is itself a negation or a comparison.
    fn negate(&self, e: &Expr) -> TokenStream {
        match &e.kind {
            ExprKind::Call(Function::Not, args) => self.expr(&args[0]),
            ExprKind::Call(Function::BooleanEquals, args) => match (&args[0].kind, &args[1].kind) {
                (_, ExprKind::Bool(b)) => self.bool_is(&args[0], !*b),
                (ExprKind::Bool(b), _) => self.bool_is(&args[1], !*b),
                _ => {
                    let (a, b) = (self.operand(&args[0]), self.operand(&args[1]));
                    quote! { #a != #b }
                }
            },
            ExprKind::Call(Function::StringEquals, args) => self.string_equals(&args[0], &args[1], false),
            ExprKind::Call(Function::IsSet, args) if args[0].ty.optional => {
                let a = self.expr(&args[0]);
                quote! { #a.is_none() }
            }
            _ => {
                let a = self.expr(e);
                quote! { !#a }
            }
        }
    }

    /// A property value as a `smithy_rt::Document`.
    fn value(&self, v: &Value) -> TokenStream {
        match v {
            Value::String(e) => {
                let e = self.expr(e);
                quote! { ::smithy_rt::Document::from(#e) }
            }
            Value::Bool(b) => quote! { ::smithy_rt::Document::from(#b) },
            Value::Int(i) => quote! { ::smithy_rt::Document::from(#i) },
            Value::Array(items) => {
                let items = items.iter().map(|i| self.value(i));
                quote! { ::smithy_rt::Document::from(::std::vec::Vec::from([#(#items),*])) }
            }
            Value::Object(entries) => {
                let entries = entries.iter().map(|(k, v)| {
                    let v = self.value(v);
                    quote! { (#k.to_owned(), #v) }
                });
                quote! { ::smithy_rt::Document::from(::std::collections::BTreeMap::from([#(#entries),*])) }
            }
        }
    }
}

/// The `smithy_rt::rules` accessor for attribute `name` (`dnsSuffix` → `dns_suffix`).
fn attr_method(name: &str) -> String {
    match name {
        "supportsFIPS" => "supports_fips".to_owned(),
        "isIp" => "is_ip".to_owned(),
        other => crate::names::snake_raw(other),
    }
}

/// `steps` around `body`, innermost last.
fn wrap(steps: Vec<Step>, body: TokenStream) -> TokenStream {
    steps.into_iter().rev().fold(body, |inner, step| match step {
        Step::If(c) => quote! { if #c { #inner } },
        Step::IfLet(n, e) => quote! { if let Some(#n) = #e { #inner } },
        Step::Let(n, e) => quote! { let #n = #e; #inner },
    })
}
