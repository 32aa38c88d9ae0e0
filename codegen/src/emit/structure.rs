//! Structures: the struct, its builder, and for errors `Display`, `Error`
//! and `ModeledError`.
//!
//! Setters are written once per structure. An operation input's builder is
//! generic over a *sink*, what receives the built input: `()` for a plain
//! builder, the `Client` for the fluent builder (`send`), a waiter's type for
//! a waiter (`wait`); so the fluent builder and every waiter reuse these
//! setters instead of repeating them.

use super::validate::Used;
use super::{doc, field_type, ident, protocol, rust_type, value_type};
use crate::ir::{DefaultValue, Ir, Member, Nullability, ShapeKind, Simple, Structure, StructureKind, TypeUse};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote, ToTokens};

/// What `Debug` prints instead of a `@sensitive` value.
pub const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// The struct, its builder and their impls.
pub fn emit(s: &Structure, ir: &Ir, used: &Used) -> TokenStream {
    let name = ident(&s.names.ty);
    let builder = ident(&s.names.builder);
    let docs = doc(&struct_docs(s));
    let shadowed = protocol::option_shadowed(ir);
    let fields = s.members.iter().map(|m| {
        let attrs = protocol::member_attrs(ir, s, m, shadowed);
        let (f, t, d) = (ident(&m.names.field), field_type(ir, m), doc(&member_docs(ir, m)));
        let deprecated = m.deprecated.as_ref().map(deprecated_attr);
        quote! { #d #deprecated #attrs pub #f: #t, }
    });
    let output = s.kind == StructureKind::Output;
    let meta_field = output.then(|| {
        quote! {
            #[serde(skip)]
            _meta: ::smithy_rt::OutputMeta,
        }
    });
    let accessors = accessors(s, ir);
    let allow = (!accessors.is_empty()).then(|| allow_deprecated(s));
    let output_impls = output.then(|| output_impls(&name));
    let debug_derive = (!s.has_sensitive).then(|| quote!(Debug,));
    let default_derive = s.derive_default.then(|| quote!(Default,));
    let debug_impls = s.has_sensitive.then(|| debug_impl(s, &name, false));
    let builder_items = builder_items(s, ir, &name, &builder);
    let defaults = default_fns(s, ir);
    let error_impls = matches!(s.kind, StructureKind::Error(_)).then(|| error_impls(s, &name));
    let validate = s.validated.then(|| super::validate::emit(s, ir, used));
    let new_doc = format!(" Starts a [`{}`].", s.names.builder);
    // The input of an operation without one is written as a unit value (see
    // `Structure::unit`), and read from anything.
    let unit_input = s.unit && s.kind == StructureKind::Input;
    let serde_derive = (!unit_input).then(|| quote!(::serde::Serialize, ::serde::Deserialize));
    let serde_impls = unit_input.then(|| {
        quote! {
            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    serializer.serialize_unit()
                }
            }

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    <::serde::de::IgnoredAny as ::serde::Deserialize>::deserialize(deserializer)?;
                    ::std::result::Result::Ok(#name {})
                }
            }
        }
    });
    quote! {
        #docs
        #[derive(Clone, PartialEq, #default_derive #debug_derive #serde_derive)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #meta_field
        }

        #allow
        impl #name {
            #[doc = #new_doc]
            pub fn builder() -> #builder {
                ::std::default::Default::default()
            }
            #(#accessors)*
        }

        #serde_impls
        #output_impls
        #builder_items
        #debug_impls
        #error_impls
        #validate
        #defaults
    }
}

fn struct_docs(s: &Structure) -> String {
    let mut docs = if s.docs.is_empty() {
        format!("The `{}` structure (the model does not document it).", s.model_name)
    } else {
        s.docs.clone()
    };
    if matches!(s.kind, StructureKind::Input) {
        let note = "Every member is an `Option`, whatever the model says: Smithy lets a service relax `@required` on \
                    an input, and a client must keep working. The builder's `build()` reports required members \
                    that are missing.";
        docs = format!("{docs}\n\n{note}");
    }
    docs
}

pub(super) fn member_docs(ir: &Ir, m: &Member) -> String {
    let mut parts = Vec::new();
    if !m.docs.is_empty() {
        parts.push(m.docs.clone());
    }
    if parts.is_empty() {
        parts.push(format!("`{}` (the model does not document this member).", m.wire_name.replace('`', "'")));
    }
    let mut facts = Vec::new();
    if m.required {
        facts.push("required".to_owned());
    }
    constraint_facts(ir, &ir.member_type(m), "", &mut facts, &mut parts);
    if !facts.is_empty() {
        let mut line = facts.join("; ");
        line[..1].make_ascii_uppercase();
        parts.push(format!("{line}."));
    }
    if m.required && m.boxed && m.is_optional() {
        parts.push("The model requires it, but it closes a cycle of structures, so it is held in an `Option` (a zero value of it would contain itself).".to_owned());
    }
    if m.sensitive {
        parts.push("Sensitive: `Debug` output shows a placeholder instead of this value.".to_owned());
    }
    if m.idempotency_token {
        parts.push("An idempotency token: when left unset, `build()` fills it with a fresh random UUID.".to_owned());
    }
    if let Some(d) = &m.deprecated {
        let mut s = "**Deprecated**".to_owned();
        if let Some(since) = &d.since {
            s.push_str(&format!(" since {since}"));
        }
        if let Some(msg) = &d.message {
            s.push_str(&format!(": {msg}"));
        } else {
            s.push('.');
        }
        parts.push(s);
    }
    parts.join("\n\n")
}

/// Describes the constraints on a value (and its elements) in words, and
/// adds each pattern's note as its own paragraph.
fn constraint_facts(ir: &Ir, t: &TypeUse, of: &str, facts: &mut Vec<String>, notes: &mut Vec<String>) {
    use crate::ir::Type;
    let c = &t.constraints;
    let (one, many) = match t.ty {
        Type::List(_) => ("item", "items"),
        Type::Map(..) => ("entry", "entries"),
        Type::Blob => ("byte", "bytes"),
        _ => ("character", "characters"),
    };
    let unit = |n| if n == 1 { one } else { many };
    if let Some(b) = c.length {
        let fact = match (b.min, b.max) {
            (Some(a), Some(z)) if a == z => Some(format!("exactly {a} {}", unit(z))),
            (Some(a), Some(z)) => Some(format!("{a} to {z} {}", unit(z))),
            (Some(a), None) => Some(format!("at least {a} {}", unit(a))),
            (None, Some(z)) => Some(format!("at most {z} {}", unit(z))),
            (None, None) => None,
        };
        facts.extend(fact.map(|f| format!("{of}{f}")));
    }
    if let Some(b) = c.range {
        let n = |v: f64| if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { v.to_string() };
        let fact = match (b.min, b.max) {
            (Some(a), Some(z)) => Some(format!("between {} and {} inclusive", n(a), n(z))),
            (Some(a), None) => Some(format!("at least {}", n(a))),
            (None, Some(z)) => Some(format!("at most {}", n(z))),
            (None, None) => None,
        };
        facts.extend(fact.map(|f| format!("{of}{f}")));
    }
    if let Some(p) = c.pattern.and_then(|i| ir.patterns.get(i)) {
        facts.push(format!("{of}pattern {}", crate::docs::code(&p.model)));
        if let Some(note) = &p.note {
            notes.push(note.clone());
        }
    }
    if c.unique_items {
        facts.push(format!("{of}unique items"));
    }
    match &t.ty {
        Type::List(e) => constraint_facts(ir, e, "each item: ", facts, notes),
        Type::Map(k, v) => {
            constraint_facts(ir, k, "each key: ", facts, notes);
            constraint_facts(ir, v, "each value: ", facts, notes);
        }
        _ => {}
    }
}

/// Generated code that touches every member also touches deprecated ones.
pub fn allow_deprecated(s: &Structure) -> Option<TokenStream> {
    s.members.iter().any(|m| m.deprecated.is_some()).then(
        || quote!(#[allow(deprecated, reason = "generated code sets and checks every member, deprecated ones too")]),
    )
}

/// `#[deprecated]` with the model's message. Smithy's `since` is free-form
/// (often a date), and Rust's `since` must be a version, so it goes in the note.
pub fn deprecated_attr(d: &crate::ir::Deprecated) -> TokenStream {
    let note = match (&d.since, &d.message) {
        (Some(since), Some(message)) => Some(format!("deprecated since {since}: {message}")),
        (Some(since), None) => Some(format!("deprecated since {since}")),
        (None, Some(message)) => Some(message.clone()),
        (None, None) => None,
    };
    match note {
        Some(note) => quote!(#[deprecated(note = #note)]),
        None => quote!(#[deprecated]),
    }
}

/// The free function that supplies a non-zero `@default` value.
pub fn default_fn_name(owner: &Structure, m: &Member) -> String {
    format!("default_{}_{}", owner.names.file, m.names.label)
}

fn simple_of(ir: &Ir, m: &Member) -> Option<Simple> {
    match ir.shape(&m.target).kind {
        ShapeKind::Simple(s) => Some(s),
        _ => None,
    }
}

fn default_fns(s: &Structure, ir: &Ir) -> TokenStream {
    let fns = s.members.iter().filter_map(|m| {
        let Nullability::Default(v) = &m.nullability else { return None };
        let simple = simple_of(ir, m);
        // `check` verified that each value fits its type.
        let value = match v {
            DefaultValue::Zero => return None,
            DefaultValue::Bool(b) => quote!(#b),
            DefaultValue::Int(i) => match simple {
                Some(Simple::Byte) => Literal::i8_suffixed(i8::try_from(*i).ok()?).into_token_stream(),
                Some(Simple::Short) => Literal::i16_suffixed(i16::try_from(*i).ok()?).into_token_stream(),
                Some(Simple::Integer) => Literal::i32_suffixed(i32::try_from(*i).ok()?).into_token_stream(),
                Some(Simple::Float) => Literal::f32_suffixed(*i as f32).into_token_stream(),
                Some(Simple::Double) => Literal::f64_suffixed(*i as f64).into_token_stream(),
                Some(Simple::Timestamp) => return None,
                _ => Literal::i64_suffixed(*i).into_token_stream(),
            },
            DefaultValue::Float(f) => match simple {
                Some(Simple::Float) if (*f as f32).is_finite() => Literal::f32_suffixed(*f as f32).into_token_stream(),
                _ if f.is_finite() => Literal::f64_suffixed(*f).into_token_stream(),
                _ => return None,
            },
            DefaultValue::String(v) => match &ir.shape(&m.target).kind {
                ShapeKind::Enum(_) => {
                    let t = rust_type(ir, &m.target);
                    quote!(<#t as ::std::convert::From<&str>>::from(#v))
                }
                _ => quote!(::std::string::String::from(#v)),
            },
            DefaultValue::Bytes(b) => {
                let b = Literal::byte_string(b);
                quote!(#b.to_vec())
            }
            DefaultValue::Timestamp(secs, nanos) => quote!(::smithy_rt::Timestamp::constant(#secs, #nanos)),
            DefaultValue::Document(json) => document_value(json)?,
            DefaultValue::Number(text) => match simple {
                Some(Simple::BigInteger) => quote!(::smithy_rt::BigInteger::from_model(#text)),
                _ => quote!(::smithy_rt::BigDecimal::from_model(#text)),
            },
        };
        let f = format_ident!("{}", default_fn_name(s, m));
        let t = value_type(ir, m);
        let d = format!(" The model's `@default` for `{}.{}`.", s.model_name, m.wire_name);
        Some(quote! { #[doc = #d] fn #f() -> #t { #value } })
    });
    quote!(#(#fns)*)
}

/// The expression of a document default (a scalar, `[]` or `{}`, as `check` allows).
fn document_value(json: &str) -> Option<TokenStream> {
    serde_json::from_str(json).ok().map(|value| super::document_tokens(&value))
}

/// Whether a member's value is `Copy` (numbers, booleans, timestamps), so
/// its accessor returns it by value.
fn is_copy(ir: &Ir, m: &Member) -> bool {
    simple_of(ir, m).is_some_and(Simple::is_copy)
}

/// One accessor per member, as the AWS SDKs have them: strings as `&str`,
/// lists as slices (empty when absent), numbers, booleans and timestamps by
/// value, anything else by reference.
fn accessors(s: &Structure, ir: &Ir) -> Vec<TokenStream> {
    let message_getter = s.message_member.and_then(|i| s.members.get(i)).map(|m| m.names.getter.as_str());
    let fns = s.members.iter().filter_map(|m| {
        // An error's `message()` is already the accessor of its message member.
        if matches!(s.kind, StructureKind::Error(_)) && message_getter == Some("message") && m.names.getter == "message"
        {
            return None;
        }
        let (f, getter) = (ident(&m.names.field), ident(&m.names.getter));
        let kind = &ir.shape(&m.target).kind;
        let sparse = ir.shape(&m.target).sparse;
        let elem = |e: &crate::ir::Element| {
            let t = rust_type(ir, &e.target);
            if sparse {
                quote!(::std::option::Option<#t>)
            } else {
                t
            }
        };
        let (ty, body) = match (m.is_optional(), kind) {
            (_, ShapeKind::List(e)) => {
                let e = elem(e);
                let body =
                    if m.is_optional() { quote!(self.#f.as_deref().unwrap_or_default()) } else { quote!(&self.#f) };
                (quote!(&[#e]), body)
            }
            (true, _) if is_string(ir, m) => (quote!(::std::option::Option<&str>), quote!(self.#f.as_deref())),
            (false, _) if is_string(ir, m) => (quote!(&str), quote!(&self.#f)),
            (true, ShapeKind::Simple(Simple::Blob)) => {
                (quote!(::std::option::Option<&[u8]>), quote!(self.#f.as_deref()))
            }
            (false, ShapeKind::Simple(Simple::Blob)) => (quote!(&[u8]), quote!(&self.#f)),
            (true, _) if is_copy(ir, m) => {
                let t = rust_type(ir, &m.target);
                (quote!(::std::option::Option<#t>), quote!(self.#f))
            }
            (false, _) if is_copy(ir, m) => (rust_type(ir, &m.target), quote!(self.#f)),
            (true, _) => {
                let t = rust_type(ir, &m.target);
                let body = if m.boxed { quote!(self.#f.as_deref()) } else { quote!(self.#f.as_ref()) };
                (quote!(::std::option::Option<&#t>), body)
            }
            (false, _) => {
                let t = rust_type(ir, &m.target);
                let body = if m.boxed { quote!(&*self.#f) } else { quote!(&self.#f) };
                (quote!(&#t), body)
            }
        };
        let absent = if m.is_optional() && matches!(kind, ShapeKind::List(_)) {
            " An empty slice when it is absent."
        } else {
            ""
        };
        let d = format!(" `{}`: see [the field](#structfield.{}).{absent}", m.wire_name, m.names.label);
        let deprecated = m.deprecated.as_ref().map(deprecated_attr);
        Some(quote! {
            #[doc = #d]
            #deprecated
            pub fn #getter(&self) -> #ty {
                #body
            }
        })
    });
    fns.collect()
}

/// An output's request id: an inherent method and the runtime's trait.
fn output_impls(name: &proc_macro2::Ident) -> TokenStream {
    quote! {
        impl #name {
            /// The request id of the response this output came from (`x-amzn-RequestId`), when it sent one; quote it to AWS Support.
            pub fn request_id(&self) -> ::std::option::Option<&str> {
                self._meta.request_id()
            }
        }

        impl ::smithy_rt::OperationOutput for #name {
            fn meta(&self) -> &::smithy_rt::OutputMeta {
                &self._meta
            }
            fn meta_mut(&mut self) -> &mut ::smithy_rt::OutputMeta {
                &mut self._meta
            }
        }
    }
}

fn is_string(ir: &Ir, m: &Member) -> bool {
    simple_of(ir, m) == Some(Simple::String)
}

fn builder_items(s: &Structure, ir: &Ir, name: &proc_macro2::Ident, builder: &proc_macro2::Ident) -> TokenStream {
    let input = s.kind == StructureKind::Input;
    let fields: Vec<TokenStream> = s
        .members
        .iter()
        .map(|m| {
            let (f, t) = (ident(&m.names.field), value_type(ir, m));
            quote!(#f: ::std::option::Option<#t>,)
        })
        .collect();
    let debug = (!s.has_sensitive).then(|| quote!(Debug,));
    let builder_doc = if input {
        format!(
            " A builder for [`{}`].\n\n The parameter `S` is what receives the input: `()` for a plain builder, the client for a fluent builder, a waiter's type for a waiter. The setters are the same for all.",
            s.names.ty
        )
    } else {
        format!(" A builder for [`{}`].", s.names.ty)
    };
    let (generics, impl_generics, sink_field) = if input {
        (quote!(<S = ()>), quote!(<S>), quote!(sink: S,))
    } else {
        (TokenStream::new(), TokenStream::new(), TokenStream::new())
    };
    let struct_item = quote! {
        #[doc = #builder_doc]
        #[derive(Clone, PartialEq, Default, #debug)]
        pub struct #builder #generics { #sink_field #(#fields)* }
    };
    let setters = s.members.iter().map(|m| setters(ir, m));
    let model = &s.model_name;
    let checks = s.members.iter().filter(|m| input && m.required).map(|m| {
        let (f, w) = (ident(&m.names.field), &m.wire_name);
        quote! {
            if self.#f.is_none() {
                return ::std::result::Result::Err(::smithy_rt::BuildError::missing(#model, #w));
            }
        }
    });
    let token = |m: &Member| m.idempotency_token && is_string(ir, m);
    let values = s.members.iter().map(|m| {
        let f = ident(&m.names.field);
        let w = &m.wire_name;
        let value = match &m.nullability {
            // A token the caller leaves empty is a fresh UUID.
            Nullability::Optional if token(m) => {
                quote!(self.#f.or_else(|| ::std::option::Option::Some(::smithy_rt::idempotency_token())))
            }
            Nullability::Optional => quote!(self.#f),
            Nullability::Required => quote!(self.#f.ok_or(::smithy_rt::BuildError::missing(#model, #w))?),
            Nullability::Default(DefaultValue::Zero) => quote!(self.#f.unwrap_or_default()),
            Nullability::Default(_) => {
                let d = format_ident!("{}", default_fn_name(s, m));
                quote!(self.#f.unwrap_or_else(#d))
            }
        };
        quote!(#f: #value,)
    });
    let build_doc = format!(" Builds the [`{}`].", s.names.ty);
    let meta = (s.kind == StructureKind::Output).then(|| quote!(_meta: ::std::default::Default::default(),));
    // As the AWS SDKs do: an input's builder always returns a `Result` (the
    // client reports missing members the same way, whatever the model says
    // today); any other builder does only when a member can be missing.
    let can_fail = input || s.members.iter().any(|m| m.nullability == Nullability::Required);
    let build = if can_fail {
        let missing_doc = " Fails with the name of the first required member that is missing.";
        quote! {
            #[doc = #build_doc]
            #[doc = ""]
            #[doc = #missing_doc]
            pub fn build(self) -> ::std::result::Result<#name, ::smithy_rt::BuildError> {
                #(#checks)*
                ::std::result::Result::Ok(#name { #(#values)* #meta })
            }
        }
    } else {
        quote! {
            #[doc = #build_doc]
            pub fn build(self) -> #name {
                #name { #(#values)* #meta }
            }
        }
    };
    // Operation inputs are also taken apart without the required check, for
    // the client: its validation mode then decides.
    let client_fns = input.then(|| {
        let names: Vec<_> = s.members.iter().map(|m| ident(&m.names.field)).collect();
        let taken = s.members.iter().map(|m| {
            let f = ident(&m.names.field);
            if token(m) {
                quote!(#f: self.#f.or_else(|| ::std::option::Option::Some(::smithy_rt::idempotency_token())),)
            } else {
                quote!(#f: self.#f,)
            }
        });
        quote! {
            /// A builder with nothing set that hands its input to `sink`.
            #[cfg(feature = "client")]
            pub(crate) fn with_sink(sink: S) -> Self {
                Self { sink, #( #names: ::std::option::Option::None, )* }
            }

            /// The sink and the input as set, required members unchecked.
            #[cfg(feature = "client")]
            pub(crate) fn into_parts(self) -> (S, #name) {
                (self.sink, #name { #(#taken)* })
            }
        }
    });
    let allow = allow_deprecated(s);
    let debug_impl = s.has_sensitive.then(|| debug_impl(s, builder, true));
    quote! {
        #struct_item
        #allow
        impl #impl_generics #builder #impl_generics {
            #(#setters)*
            #build
            #client_fns
        }
        #debug_impl
    }
}

/// The builder methods of a member: one that sets (or appends to, or
/// inserts into) it, and `set_*`, which replaces or clears it.
fn setters(ir: &Ir, m: &Member) -> TokenStream {
    let f = ident(&m.names.field);
    let one = ident(&m.names.setter);
    let set = ident(&m.names.set_setter);
    let t = value_type(ir, m);
    let wire = &m.wire_name;
    let plain = m.names.setter.strip_prefix("r#").unwrap_or(&m.names.setter);
    let set_doc = format!(" Sets or clears `{wire}`; see [`{plain}`](#method.{plain}).");
    // The setter a user reaches for first carries the member's documentation
    // and constraints, so an editor's hover says what to pass.
    let member_doc = doc(&member_docs(ir, m));
    let sparse = ir.shape(&m.target).sparse;
    let first = match (&ir.shape(&m.target).kind, m.boxed) {
        (ShapeKind::List(e), _) => {
            let e = rust_type(ir, &e.target);
            // A sparse list's item is an `Option`: this appends a value; `null`s go in through the `set_` setter.
            let pushed = if sparse { quote!(::std::option::Option::Some(item.into())) } else { quote!(item.into()) };
            let d = format!(" Appends one item to `{wire}`; [`Self::{}`] replaces the whole list.", m.names.set_setter);
            quote! {
                #[doc = #d]
                #[doc = ""]
                #member_doc
                pub fn #one(mut self, item: impl ::std::convert::Into<#e>) -> Self {
                    self.#f.get_or_insert_with(::std::vec::Vec::new).push(#pushed);
                    self
                }
            }
        }
        (ShapeKind::Map { key, value }, _) => {
            let (k, v) = (rust_type(ir, &key.target), rust_type(ir, &value.target));
            let inserted =
                if sparse { quote!(::std::option::Option::Some(value.into())) } else { quote!(value.into()) };
            let d =
                format!(" Inserts one entry into `{wire}`; [`Self::{}`] replaces the whole map.", m.names.set_setter);
            quote! {
                #[doc = #d]
                #[doc = ""]
                #member_doc
                pub fn #one(mut self, key: impl ::std::convert::Into<#k>, value: impl ::std::convert::Into<#v>) -> Self {
                    self.#f.get_or_insert_with(::std::collections::BTreeMap::new).insert(key.into(), #inserted);
                    self
                }
            }
        }
        (_, boxed) => {
            let inner = rust_type(ir, &m.target);
            let wrap = if boxed { quote!(::std::boxed::Box::new(input.into())) } else { quote!(input.into()) };
            let d = format!(" Sets `{wire}`.");
            quote! {
                #[doc = #d]
                #[doc = ""]
                #member_doc
                pub fn #one(mut self, input: impl ::std::convert::Into<#inner>) -> Self {
                    self.#f = ::std::option::Option::Some(#wrap);
                    self
                }
            }
        }
    };
    quote! {
        #first
        #[doc = #set_doc]
        pub fn #set(mut self, input: ::std::option::Option<#t>) -> Self {
            self.#f = input;
            self
        }
    }
}

fn debug_impl(s: &Structure, name: &proc_macro2::Ident, builder: bool) -> TokenStream {
    let label = name.to_string();
    let fields = s.members.iter().map(|m| {
        let f = ident(&m.names.field);
        let label = &m.names.label;
        if m.sensitive {
            let shown = if builder || m.is_optional() {
                quote!(&self.#f.as_ref().map(|_| #REDACTED))
            } else {
                quote!(&#REDACTED)
            };
            quote!(.field(#label, #shown))
        } else {
            quote!(.field(#label, &self.#f))
        }
    });
    let meta = (!builder && s.kind == StructureKind::Output).then(|| quote!(.field("_meta", &self._meta)));
    let allow = allow_deprecated(s);
    let generic = builder && s.kind == StructureKind::Input;
    let (g, args) = if generic { (quote!(<S>), quote!(<S>)) } else { (TokenStream::new(), TokenStream::new()) };
    quote! {
        #allow
        impl #g ::std::fmt::Debug for #name #args {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#label) #(#fields)* #meta .finish()
            }
        }
    }
}

fn error_impls(s: &Structure, name: &proc_macro2::Ident) -> TokenStream {
    let code = &s.model_name;
    let code_doc = format!(" The error code the service sends: `{code}`.");
    let message = s.message_member.and_then(|i| s.members.get(i));
    let (message_fn, message_member) = match message {
        Some(m) => {
            let f = ident(&m.names.field);
            let get = if m.is_optional() {
                quote!(self.#f.as_deref())
            } else {
                quote!(::std::option::Option::Some(self.#f.as_str()))
            };
            let w = &m.wire_name;
            (get, quote!(::std::option::Option::Some(#w)))
        }
        None => (quote!(::std::option::Option::None), quote!(::std::option::Option::None)),
    };
    quote! {
        impl #name {
            #[doc = #code_doc]
            pub const CODE: &'static str = #code;

            /// The message the service sent with the error, if any.
            pub fn message(&self) -> ::std::option::Option<&str> {
                #message_fn
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::smithy_rt::fmt_error(f, Self::CODE, self.message())
            }
        }

        impl ::std::error::Error for #name {}

        impl ::smithy_rt::ModeledError for #name {
            const CODE: &'static str = #name::CODE;
            const MESSAGE_MEMBER: ::std::option::Option<&'static str> = #message_member;

            fn message(&self) -> ::std::option::Option<&str> {
                #name::message(self)
            }
        }
    }
}
