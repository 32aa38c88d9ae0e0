//! Structures: the struct, its builder, and for errors `Display` and `Error`.

use super::{doc, field_type, ident, protocol, rust_type, value_type};
use crate::ir::{DefaultValue, Ir, Member, Nullability, Structure, StructureKind, Type};
use crate::write::EmitError;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

/// What `Debug` prints instead of a `@sensitive` value.
pub const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// The struct, its builder and their impls.
pub fn emit(s: &Structure, ir: &Ir) -> Result<TokenStream, EmitError> {
    let name = ident(&s.name);
    let builder = format_ident!("{}Builder", s.name);
    let docs = doc(&struct_docs(s));
    let mut fields = Vec::new();
    for m in &s.members {
        let attrs = protocol::member_attrs(ir.service.protocol, s, m)?;
        let (f, t, d) = (ident(&m.field), field_type(m), doc(&member_docs(m)));
        let deprecated = m.deprecated.as_ref().map(deprecated_attr);
        fields.push(quote! { #d #deprecated #attrs pub #f: #t, });
    }
    let debug_derive = (!s.has_sensitive).then(|| quote!(::std::fmt::Debug,));
    let debug_impls = s.has_sensitive.then(|| {
        let a = debug_impl(s, &name, false);
        let b = debug_impl(s, &builder, true);
        quote!(#a #b)
    });
    let builder_struct = builder_struct(s, &builder, debug_derive.is_some());
    let builder_impl = builder_impl(s, &name, &builder);
    let defaults = default_fns(s);
    let error_impls = matches!(s.kind, StructureKind::Error(_)).then(|| error_impls(s, &name));
    let validate = matches!(s.kind, StructureKind::Input | StructureKind::Plain).then(|| super::validate::emit(s));
    let builder_doc = format!(" A builder for [`{}`].", s.name);
    let new_doc = format!(" Starts a [`{}Builder`].", s.name);
    Ok(quote! {
        #docs
        #[derive(::std::clone::Clone, ::std::cmp::PartialEq, ::std::default::Default, #debug_derive ::serde::Serialize, ::serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #[doc = #new_doc]
            pub fn builder() -> #builder {
                ::std::default::Default::default()
            }
        }

        #[doc = #builder_doc]
        #builder_struct
        #builder_impl
        #debug_impls
        #error_impls
        #validate
        #defaults
    })
}

fn struct_docs(s: &Structure) -> String {
    let mut docs = if s.docs.is_empty() { format!("The `{}` structure (the model does not document it).", s.model_name) } else { s.docs.clone() };
    if matches!(s.kind, StructureKind::Input) {
        let note = "Every member is an `Option`, whatever the model says: Smithy lets a service relax `@required` on \
                    an input, and a client must keep working. The builder's `build()` reports required members \
                    that are missing.";
        docs = if docs.is_empty() { note.to_owned() } else { format!("{docs}\n\n{note}") };
    }
    docs
}

fn member_docs(m: &Member) -> String {
    let mut parts = Vec::new();
    if !m.docs.is_empty() {
        parts.push(m.docs.clone());
    }
    if parts.is_empty() {
        parts.push(format!("`{}` (the model does not document this member).", m.wire_name));
    }
    let mut facts = Vec::new();
    if m.required {
        facts.push("required".to_owned());
    }
    constraint_facts(&m.ty, "", &mut facts, &mut parts);
    if !facts.is_empty() {
        let mut line = facts.join("; ");
        line[..1].make_ascii_uppercase();
        parts.push(format!("{line}."));
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
fn constraint_facts(t: &crate::ir::TypeUse, of: &str, facts: &mut Vec<String>, notes: &mut Vec<String>) {
    let c = &t.constraints;
    let unit = match t.ty {
        Type::List(_) => "items",
        Type::Map(..) => "entries",
        _ => "characters",
    };
    if let Some(b) = c.length {
        let fact = match (b.min, b.max) {
            (Some(a), Some(z)) if a == z => Some(format!("exactly {a} {unit}")),
            (Some(a), Some(z)) => Some(format!("{a} to {z} {unit}")),
            (Some(a), None) => Some(format!("at least {a} {unit}")),
            (None, Some(z)) => Some(format!("at most {z} {unit}")),
            (None, None) => None,
        };
        facts.extend(fact.map(|f| format!("{of}{f}")));
    }
    if let Some(b) = c.range {
        let n = |v: f64| if v.fract() == 0.0 { format!("{}", v as i64) } else { v.to_string() };
        let fact = match (b.min, b.max) {
            (Some(a), Some(z)) => Some(format!("between {} and {} inclusive", n(a), n(z))),
            (Some(a), None) => Some(format!("at least {}", n(a))),
            (None, Some(z)) => Some(format!("at most {}", n(z))),
            (None, None) => None,
        };
        facts.extend(fact.map(|f| format!("{of}{f}")));
    }
    if let Some(p) = &c.pattern {
        facts.push(format!("{of}pattern `{}`", p.model.replace('`', "\\`")));
        if let Some(note) = &p.note {
            notes.push(note.clone());
        }
    }
    if c.unique_items {
        facts.push(format!("{of}unique items"));
    }
    match &t.ty {
        Type::List(e) => constraint_facts(e, "each item: ", facts, notes),
        Type::Map(k, v) => {
            constraint_facts(k, "each key: ", facts, notes);
            constraint_facts(v, "each value: ", facts, notes);
        }
        _ => {}
    }
}

/// Generated code that touches every member also touches deprecated ones.
pub fn allow_deprecated(s: &Structure) -> Option<TokenStream> {
    s.members
        .iter()
        .any(|m| m.deprecated.is_some())
        .then(|| quote!(#[allow(deprecated, reason = "generated code sets and checks every member, deprecated ones too")]))
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
    format!("default_{}_{}", owner.snake, m.field_raw)
}

fn default_fns(s: &Structure) -> TokenStream {
    let fns = s.members.iter().filter_map(|m| {
        let Nullability::Default(v) = &m.nullability else { return None };
        let value = match v {
            DefaultValue::Zero => return None,
            DefaultValue::Bool(b) => quote!(#b),
            DefaultValue::Int(i) => match m.ty.ty {
                Type::Byte => Literal::i8_suffixed(*i as i8).into_token_stream(),
                Type::Short => Literal::i16_suffixed(*i as i16).into_token_stream(),
                Type::Integer => Literal::i32_suffixed(*i as i32).into_token_stream(),
                Type::Float => Literal::f32_suffixed(*i as f32).into_token_stream(),
                Type::Double => Literal::f64_suffixed(*i as f64).into_token_stream(),
                _ => Literal::i64_suffixed(*i).into_token_stream(),
            },
            DefaultValue::Float(f) => match m.ty.ty {
                Type::Float => Literal::f32_suffixed(*f as f32).into_token_stream(),
                _ => Literal::f64_suffixed(*f).into_token_stream(),
            },
            DefaultValue::String(v) => match &m.ty.ty {
                Type::Enum(_) => {
                    let t = rust_type(&m.ty.ty);
                    quote!(<#t as ::std::convert::From<&str>>::from(#v))
                }
                _ => quote!(::std::string::String::from(#v)),
            },
        };
        let f = format_ident!("{}", default_fn_name(s, m));
        let t = value_type(m);
        let d = format!(" The model's `@default` for `{}.{}`.", s.model_name, m.wire_name);
        Some(quote! { #[doc = #d] fn #f() -> #t { #value } })
    });
    quote!(#(#fns)*)
}

use quote::ToTokens;

fn builder_struct(s: &Structure, builder: &proc_macro2::Ident, derive_debug: bool) -> TokenStream {
    let fields = s.members.iter().map(|m| {
        let (f, t) = (ident(&m.field), value_type(m));
        quote!(#f: ::std::option::Option<#t>,)
    });
    let debug = derive_debug.then(|| quote!(::std::fmt::Debug,));
    quote! {
        #[derive(::std::clone::Clone, ::std::cmp::PartialEq, ::std::default::Default, #debug)]
        pub struct #builder { #(#fields)* }
    }
}

fn builder_impl(s: &Structure, name: &proc_macro2::Ident, builder: &proc_macro2::Ident) -> TokenStream {
    let setters = s.members.iter().flat_map(setters).map(|s| builder_setter(&s));
    let model = &s.model_name;
    let checks = (s.kind == StructureKind::Input).then(|| {
        let c = s.members.iter().filter(|m| m.required).map(|m| {
            let (f, w) = (ident(&m.field), &m.wire_name);
            quote! {
                if self.#f.is_none() {
                    return ::std::result::Result::Err(::smithy_rt::BuildError::missing(#model, #w));
                }
            }
        });
        quote!(#(#c)*)
    });
    let values = s.members.iter().map(|m| {
        let f = ident(&m.field);
        let w = &m.wire_name;
        let value = match &m.nullability {
            // A token the caller leaves empty is a fresh UUID.
            Nullability::Optional if m.idempotency_token && m.ty.ty == Type::String => {
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
    let build_doc = format!(" Builds the [`{}`].", s.name);
    // Always a `Result`, even when nothing can be missing today: a model
    // update that makes a member `@required` must not change the signature.
    let missing_doc = " Fails with the name of the first required member that is missing.";
    let build = quote! {
        #[doc = #build_doc]
        #[doc = ""]
        #[doc = #missing_doc]
        pub fn build(self) -> ::std::result::Result<#name, ::smithy_rt::BuildError> {
            #checks
            ::std::result::Result::Ok(#name { #(#values)* })
        }
    };
    // Operation inputs can also be built without the required check, for the
    // client's fluent builders: the client's validation mode then decides.
    let unchecked = (s.kind == StructureKind::Input).then(|| {
        let fields = s.members.iter().map(|m| {
            let f = ident(&m.field);
            if m.idempotency_token && m.ty.ty == Type::String {
                quote!(#f: self.#f.or_else(|| ::std::option::Option::Some(::smithy_rt::idempotency_token())),)
            } else {
                quote!(#f: self.#f,)
            }
        });
        quote! {
            #[cfg(feature = "client")]
            pub(crate) fn build_unchecked(self) -> #name {
                #name { #(#fields)* }
            }
        }
    });
    let allow = allow_deprecated(s);
    quote! {
        #allow
        impl #builder {
            #(#setters)*
            #build
            #unchecked
        }
    }
}

/// One builder method: its name, documentation, parameters, what it does to
/// the builder, and the arguments that forward it (for fluent builders).
pub struct Setter {
    /// The method name.
    pub name: proc_macro2::Ident,
    /// Its documentation line.
    pub doc: String,
    /// The parameters after `mut self`.
    pub params: TokenStream,
    /// The statement that updates `self`, a builder.
    pub body: TokenStream,
    /// The parameter names, to forward the call.
    pub args: TokenStream,
}

/// The builder methods of a member: one that sets (or appends to, or
/// inserts into) it, and `set_*`, which replaces or clears it.
pub fn setters(m: &Member) -> [Setter; 2] {
    let f = ident(&m.field);
    let set = format_ident!("set_{}", m.field_raw);
    let t = value_type(m);
    let wire = &m.wire_name;
    let replace = Setter {
        name: set.clone(),
        doc: format!(" Sets or clears `{wire}`."),
        params: quote!(input: ::std::option::Option<#t>),
        body: quote!(self.#f = input;),
        args: quote!(input),
    };
    let one = match (&m.ty.ty, m.boxed) {
        (Type::List(e), _) => {
            let e = rust_type(&e.ty);
            Setter {
                name: f.clone(),
                doc: format!(" Appends one item to `{wire}`; [`Self::{set}`] replaces the whole list."),
                params: quote!(item: impl ::std::convert::Into<#e>),
                body: quote!(self.#f.get_or_insert_with(::std::vec::Vec::new).push(item.into());),
                args: quote!(item),
            }
        }
        (Type::Map(k, v), _) => {
            let (k, v) = (rust_type(&k.ty), rust_type(&v.ty));
            Setter {
                name: f.clone(),
                doc: format!(" Inserts one entry into `{wire}`; [`Self::{set}`] replaces the whole map."),
                params: quote!(key: impl ::std::convert::Into<#k>, value: impl ::std::convert::Into<#v>),
                body: quote!(self.#f.get_or_insert_with(::std::collections::BTreeMap::new).insert(key.into(), value.into());),
                args: quote!(key, value),
            }
        }
        (ty, boxed) => {
            let inner = rust_type(ty);
            let wrap = if boxed { quote!(::std::boxed::Box::new(input.into())) } else { quote!(input.into()) };
            Setter {
                name: f.clone(),
                doc: format!(" Sets `{wire}`."),
                params: quote!(input: impl ::std::convert::Into<#inner>),
                body: quote!(self.#f = ::std::option::Option::Some(#wrap);),
                args: quote!(input),
            }
        }
    };
    [one, replace]
}

fn builder_setter(s: &Setter) -> TokenStream {
    let Setter { name, doc, params, body, .. } = s;
    quote! {
        #[doc = #doc]
        pub fn #name(mut self, #params) -> Self {
            #body
            self
        }
    }
}

fn debug_impl(s: &Structure, name: &proc_macro2::Ident, builder: bool) -> TokenStream {
    let label = name.to_string();
    let fields = s.members.iter().map(|m| {
        let f = ident(&m.field);
        let label = &m.field_raw;
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
    let allow = allow_deprecated(s);
    quote! {
        #allow
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#label) #(#fields)* .finish()
            }
        }
    }
}

fn error_impls(s: &Structure, name: &proc_macro2::Ident) -> TokenStream {
    let code = &s.model_name;
    let code_doc = format!(" The error code the service sends: `{code}`.");
    let message = s.members.iter().find(|m| m.wire_name.eq_ignore_ascii_case("message") && m.ty.ty == Type::String);
    let message_fn = match message {
        Some(m) => {
            let f = ident(&m.field);
            let get = if m.is_optional() { quote!(self.#f.as_deref()) } else { quote!(::std::option::Option::Some(self.#f.as_str())) };
            quote!(#get)
        }
        None => quote!(::std::option::Option::None),
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
                f.write_str(Self::CODE)?;
                if let ::std::option::Option::Some(message) = self.message() {
                    ::std::write!(f, ": {}", message)?;
                }
                ::std::result::Result::Ok(())
            }
        }

        impl ::std::error::Error for #name {}
    }
}
