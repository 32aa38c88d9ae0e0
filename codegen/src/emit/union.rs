//! Unions: a Rust enum with a variant per member and `Unknown` for a member
//! a later model adds, its accessors, and its wire form through
//! `smithy_rt::union` (exactly one member set; `__type` and `null`
//! members ignored on read).

use super::structure::{deprecated_attr, member_docs, REDACTED};
use super::validate::Used;
use super::{doc, ident, protocol, value_type};
use crate::ir::{Ir, Member, Union, UnionVariantNames, UNIT_TARGET};
use proc_macro2::TokenStream;
use quote::quote;

fn holds_value(m: &Member) -> bool {
    m.target.0 != UNIT_TARGET
}

/// The enum and its impls.
pub fn emit(u: &Union, ir: &Ir, used: &Used) -> TokenStream {
    let name = ident(&u.names.ty);
    let docs = doc(&union_docs(u));
    let pairs: Vec<(&Member, &UnionVariantNames)> = u.members.iter().zip(&u.variants).collect();
    let variants = pairs.iter().map(|(m, v)| {
        let variant = ident(&v.variant);
        let d = doc(&variant_docs(ir, m));
        let deprecated = m.deprecated.as_ref().map(deprecated_attr);
        if holds_value(m) {
            let t = value_type(ir, m);
            quote!(#d #deprecated #variant(#t),)
        } else {
            quote!(#d #deprecated #variant,)
        }
    });
    let unknown_doc = doc(&format!(
        "A member this crate's model does not know: a newer `{}` set it. Reading keeps the call working; \
         sending it back is an error, since there is nothing to send.\n\n\
         It is also the [`Default`], the value Smithy's client error correction gives a required union \
         a response leaves out.",
        u.model_name
    ));
    let accessors = pairs.iter().map(|(m, v)| accessor(ir, m, v));
    let allow = pairs.iter().any(|(m, _)| m.deprecated.is_some()).then(
        || quote!(#[allow(deprecated, reason = "generated code reads and writes every member, deprecated ones too")]),
    );
    let debug_derive = (!u.has_sensitive).then(|| quote!(Debug,));
    let debug_impl = u.has_sensitive.then(|| debug_impl(u, &pairs));
    let validate = u.validated.then(|| {
        let checks = super::validate::union_checks(u, ir, used);
        quote! {
            /// Checks the value of the member that is set, as part of a larger value, at `path`.
            #[doc(hidden)]
            #[allow(clippy::only_used_in_recursion, reason = "a recursive shape may pass the collector only to itself")]
            pub fn validate_into(
                &self,
                path: &::smithy_rt::validate::Path<'_>,
                c: &mut ::smithy_rt::validate::Collector,
            ) {
                #checks
            }
        }
    });
    let model_name = &u.model_name;
    let writes = pairs.iter().map(|(m, v)| {
        let (variant, wire) = (ident(&v.variant), &m.wire_name);
        if !holds_value(m) {
            return quote!(Self::#variant => ::smithy_rt::union::serialize(serializer, #wire, &::smithy_rt::union::Empty),);
        }
        match protocol::codec(ir, &m.element(), false) {
            Some(c) => {
                let c: syn::Type = syn::parse_str(&c).expect("a codec path is a type");
                quote! {
                    Self::#variant(value) => ::smithy_rt::union::serialize(
                        serializer,
                        #wire,
                        &::smithy_rt::codec::Ser::<#c, _>::new(value),
                    ),
                }
            }
            None => quote!(Self::#variant(value) => ::smithy_rt::union::serialize(serializer, #wire, value),),
        }
    });
    let reads = pairs.iter().map(|(m, v)| {
        let (variant, wire) = (ident(&v.variant), &m.wire_name);
        if !holds_value(m) {
            return quote!(#wire => map.next_value::<::std::option::Option<::serde::de::IgnoredAny>>()?.map(|_| Self::#variant),);
        }
        let t = value_type(ir, m);
        match protocol::codec(ir, &m.element(), true) {
            Some(c) => {
                let c: syn::Type = syn::parse_str(&c).expect("a codec path is a type");
                let wrap = if m.boxed { quote!(::std::boxed::Box::new(v.0)) } else { quote!(v.0) };
                let inner = super::rust_type(ir, &m.target);
                quote! {
                    #wire => map
                        .next_value::<::std::option::Option<::smithy_rt::codec::De<#c, #inner>>>()?
                        .map(|v| Self::#variant(#wrap)),
                }
            }
            None => quote!(#wire => map.next_value::<::std::option::Option<#t>>()?.map(Self::#variant),),
        }
    });
    quote! {
        #docs
        #[derive(Clone, PartialEq, Default, #debug_derive)]
        #[non_exhaustive]
        #[allow(
            clippy::large_enum_variant,
            reason = "a variant holds its member's value; boxing by size would change the API whenever a member grew"
        )]
        pub enum #name {
            #(#variants)*
            #unknown_doc
            #[default]
            Unknown,
        }

        #allow
        impl #name {
            #(#accessors)*

            /// Whether this is the `Unknown` variant: a member this crate's model does not know.
            pub fn is_unknown(&self) -> bool {
                ::std::matches!(self, Self::Unknown)
            }

            #validate
        }

        #allow
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #(#writes)*
                    Self::Unknown => ::std::result::Result::Err(::smithy_rt::union::unknown::<S>(#model_name)),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::smithy_rt::union::deserialize(deserializer)
            }
        }

        #allow
        impl ::smithy_rt::union::Union for #name {
            const NAME: &'static str = #model_name;

            fn read_member<'de, A: ::serde::de::MapAccess<'de>>(
                name: &str,
                map: &mut A,
            ) -> ::std::result::Result<::std::option::Option<Self>, A::Error> {
                ::std::result::Result::Ok(match name {
                    #(#reads)*
                    _ => map.next_value::<::std::option::Option<::serde::de::IgnoredAny>>()?.map(|_| Self::Unknown),
                })
            }
        }

        #debug_impl
    }
}

fn union_docs(u: &Union) -> String {
    let base = if u.docs.is_empty() {
        format!("The `{}` union (the model does not document it).", u.model_name)
    } else {
        u.docs.clone()
    };
    format!("{base}\n\nA union: exactly one member is set. A member added to the service later reads as `Unknown`.")
}

fn variant_docs(ir: &Ir, m: &Member) -> String {
    if holds_value(m) {
        member_docs(ir, m)
    } else if m.docs.is_empty() {
        format!("`{}`, a member that holds no value.", m.wire_name.replace('`', "'"))
    } else {
        format!("{}\n\nIt holds no value.", m.docs)
    }
}

fn accessor(ir: &Ir, m: &Member, v: &UnionVariantNames) -> TokenStream {
    let variant = ident(&v.variant);
    let is_fn = ident(&v.is_fn);
    let is_doc = format!(" Whether this is the `{}` variant.", v.variant);
    let is = if holds_value(m) {
        quote!(::std::matches!(self, Self::#variant(_)))
    } else {
        quote!(::std::matches!(self, Self::#variant))
    };
    let as_fn = holds_value(m).then(|| {
        let as_fn = ident(&v.as_fn);
        let t = super::rust_type(ir, &m.target);
        let value = if m.boxed { quote!(&**value) } else { quote!(value) };
        let as_doc = format!(" The value of the `{}` member, when it is the one set.", m.wire_name.replace('`', "'"));
        quote! {
            #[doc = #as_doc]
            pub fn #as_fn(&self) -> ::std::option::Option<&#t> {
                match self {
                    Self::#variant(value) => ::std::option::Option::Some(#value),
                    _ => ::std::option::Option::None,
                }
            }
        }
    });
    quote! {
        #as_fn
        #[doc = #is_doc]
        pub fn #is_fn(&self) -> bool {
            #is
        }
    }
}

fn debug_impl(u: &Union, pairs: &[(&Member, &UnionVariantNames)]) -> TokenStream {
    let name = ident(&u.names.ty);
    let arms = pairs.iter().map(|(m, v)| {
        let variant = ident(&v.variant);
        let label = &v.variant;
        match (holds_value(m), m.sensitive) {
            (false, _) => quote!(Self::#variant => f.write_str(#label),),
            (true, true) => quote!(Self::#variant(_) => f.debug_tuple(#label).field(&#REDACTED).finish(),),
            (true, false) => quote!(Self::#variant(value) => f.debug_tuple(#label).field(value).finish(),),
        }
    });
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#arms)*
                    Self::Unknown => f.write_str("Unknown"),
                }
            }
        }
    }
}
