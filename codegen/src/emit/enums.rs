//! String enums that keep values the model does not know.

use super::{doc, ident};
use crate::ir::Enum;
use crate::names::UNKNOWN_VARIANT;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The enum with `as_str`, `VALUES`, `From<&str>`, `FromStr`, `Display` and serde.
pub fn emit(e: &Enum) -> TokenStream {
    let name = ident(&e.names.ty);
    let unknown = format_ident!("{}", UNKNOWN_VARIANT);
    let docs = doc(&if e.docs.is_empty() {
        format!("The `{}` enum (the model does not document it).", e.model_name)
    } else {
        e.docs.clone()
    });
    let variants = e.variants.iter().map(|v| {
        let n = ident(&v.name);
        let mut text = format!("`{}`", v.value);
        if !v.docs.is_empty() {
            text = format!("`{}`: {}", v.value, v.docs);
        }
        if let Some(d) = &v.deprecated {
            text.push_str(&format!(
                "\n\n**Deprecated**{}",
                d.message.as_ref().map(|m| format!(": {m}")).unwrap_or_else(|| ".".into())
            ));
        }
        let d = doc(&text);
        quote!(#d #n,)
    });
    let names: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let values: Vec<_> = e.variants.iter().map(|v| v.value.as_str()).collect();
    let type_doc = format!(
        " Every value the model knows, in model order. A value outside this list parses as [`{}::Unknown`].",
        e.names.ty
    );
    quote! {
        #docs
        #[doc = ""]
        #[doc = " A value that this crate's model does not know (a newer service may send one) is kept in"]
        #[doc = " the `Unknown` variant and written back unchanged."]
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value the model does not know, kept as it was received.
            #unknown(::smithy_rt::UnknownVariant),
        }

        impl #name {
            #[doc = #type_doc]
            pub const VALUES: &'static [&'static str] = &[#(#values),*];

            /// The value as it is written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#names => #values, )*
                    Self::#unknown(value) => value.as_str(),
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #values => Self::#names, )*
                    other => Self::#unknown(::smithy_rt::UnknownVariant::new(other)),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// The empty unknown value: what a required member that a response left
        /// out becomes (Smithy 2.0 client error correction).
        impl ::std::default::Default for #name {
            fn default() -> Self {
                Self::#unknown(::smithy_rt::UnknownVariant::default())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::smithy_rt::serde_util::deserialize_str(deserializer).map(|value| Self::from(value.as_ref()))
            }
        }
    }
}
