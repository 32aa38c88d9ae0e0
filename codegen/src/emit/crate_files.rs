//! The crate around the types: manifest, `lib.rs` and module indexes.

use super::{ident, inner_doc};
use crate::ir::{Ir, TypeNames};
use proc_macro2::TokenStream;
use quote::quote;

/// How nullability works in generated types; part of the crate docs.
const NULLABILITY: &str = "\
# Nullability

Members follow Smithy 2.0's rules, read from the client's side:

- Members of an operation **input** are always `Option`s. Smithy allows a service to relax \
`@required` on an input, so a client must not make it a compile-time obligation; the input \
builder's `build()` reports a missing `@required` member by name instead.
- Elsewhere, a `@required` member without `@clientOptional` is held without an `Option`; \
builders report it missing by name. If a response leaves it out (or sends `null`), it takes \
its type's zero value (empty string, `0`, `false`, empty list, the epoch, or an enum's empty \
unknown value), as Smithy's client error correction says. A structure that only requests \
carry is read strictly instead: a missing required member is an error naming it, which is \
what a server reading a request needs.
- A member with a `@default` is held without an `Option` and starts from that value.
- Every other member is an `Option`.

Unknown members in a response are ignored; unknown enum values are kept (see each enum's \
`Unknown` variant).";

/// `lib.rs`: crate documentation, lints, modules, service constants.
pub fn lib_rs(ir: &Ir) -> TokenStream {
    let s = &ir.service;
    let mut text = format!("# {}\n\n", crate::docs::plain(&s.title));
    if !s.docs.is_empty() {
        text.push_str(&s.docs);
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "Types for the {} API version {}, generated from its Smithy model.\n\n\
         - [`operation`]: a module per operation, with its input and output.\n\
         - [`types`]: structures and enums that operations share.\n\
         - [`error`]: the errors that operations declare.\n\n{NULLABILITY}",
        crate::docs::code(&s.sdk_id),
        crate::docs::code(&s.version)
    ));
    let docs = inner_doc(&text);
    let (version, prefix, signing, target) = (&s.version, &s.endpoint_prefix, &s.signing_name, &s.shape_name);
    let content_type = s.protocol.content_type;
    let protocol_name = s.protocol.name;
    let protocol_doc = format!(" The wire protocol: Smithy's `{}`.", s.protocol.trait_id);
    // Only a crate with waiters names their types.
    let waiter_mod = ir.operations.iter().any(|op| !op.waiters.is_empty()).then(|| {
        quote! {
            /// What waiters take and return: the per-call [`WaiterConfig`](waiter::WaiterConfig),
            /// the outcome, the error, and the acceptor that matched.
            #[cfg(feature = "client")]
            pub mod waiter {
                pub use ::smithy_rt::client::waiter::{
                    AcceptorMatch, AcceptorState, Comparator, Matcher, Seen, WaiterConfig, WaiterError, WaiterOutcome,
                };
            }
        }
    });
    quote! {
        #docs
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        pub mod error;
        pub mod operation;
        pub mod types;

        #[cfg(feature = "client")]
        pub mod client;

        mod validation;

        /// Types from the run-time support crate that appear in this crate's API.
        pub mod primitives {
            pub use ::smithy_rt::{BuildError, Timestamp, UnknownVariant};
            pub use ::smithy_rt::validate::{Constraint, ValidationErrors, ValidationMode, Violation};
        }

        /// Client configuration: region, credentials, endpoint, retries, timeouts,
        /// validation mode and HTTP transport.
        #[cfg(feature = "client")]
        pub mod config {
            pub use ::smithy_rt::client::{
                provide_credentials_fn, AwsCredentialsProvider, BoxFuture, Config, ConfigBuilder, ConfigSummary,
                Credentials, CredentialsCache, CredentialsError, CredentialsErrorKind, DefaultCredentialsChain, Env,
                EnvironmentCredentials, FixedTime, HttpTransport, ProfileCredentials, ProvideCredentials, ProxyConfig,
                RetryConfig, Sleep, TimeSource, TimeoutConfig,
            };
            /// The `aws-credential-types` crate, whose `ProvideCredentials` (what
            /// `aws-config`'s providers implement) the config builder also takes.
            pub use ::smithy_rt::client::aws_credential_types;
            /// Test doubles: a replay transport that answers with canned
            /// responses and records requests, and a sleep that records delays.
            pub use ::smithy_rt::client::test_util;
        }

        /// The parts of an [`SdkError`] a caller may match on.
        #[cfg(feature = "client")]
        pub mod error_kinds {
            pub use ::smithy_rt::client::{
                ConstructionError, ConstructionErrorKind, CredentialsError, CredentialsErrorKind, PaginationError,
                ResponseError, ResponseMeta, TimeoutError, TimeoutKind, TransportError, TransportErrorKind, UnhandledError,
                ValidationError,
            };
        }

        #waiter_mod

        #[cfg(feature = "client")]
        pub use client::Client;
        #[cfg(feature = "client")]
        pub use error::Error;
        #[cfg(feature = "client")]
        pub use ::smithy_rt::client::SdkError;

        /// The API version the model describes.
        pub const API_VERSION: &str = #version;
        /// The prefix of the service's endpoint host names.
        pub const ENDPOINT_PREFIX: &str = #prefix;
        /// The name requests are signed for (SigV4).
        pub const SIGNING_NAME: &str = #signing;
        /// The prefix of the `X-Amz-Target` header: the service shape's name.
        pub const TARGET_PREFIX: &str = #target;
        #[doc = #protocol_doc]
        pub const PROTOCOL: &str = #protocol_name;
        /// The `Content-Type` of requests and responses.
        pub const CONTENT_TYPE: &str = #content_type;
    }
}

/// `mod` declarations for one file per type, the types re-exported, and
/// their builders re-exported from a `builders` module (a builder's name may
/// equal another shape's name: `Image` has an `ImageBuilder`, and the model
/// has an `ImageBuilder` shape).
fn reexports(mut items: Vec<(&TypeNames, bool)>) -> TokenStream {
    items.sort_by(|a, b| a.0.file.cmp(&b.0.file));
    let mods = items.iter().map(|(n, _)| {
        let m = ident(&n.module);
        let t = ident(&n.ty);
        quote! {
            mod #m;
            pub use #m::#t;
        }
    });
    let builders = items.iter().filter(|(_, b)| *b).map(|(n, _)| {
        let m = ident(&n.module);
        let b = ident(&n.builder);
        quote!(pub use super::#m::#b;)
    });
    quote! {
        #(#mods)*

        /// Builders of the structures above.
        pub mod builders {
            #(#builders)*
        }
    }
}

/// `types/mod.rs`.
pub fn types_mod(ir: &Ir) -> TokenStream {
    let mut items: Vec<(&TypeNames, bool)> = ir.structures().into_iter().map(|s| (&s.names, true)).collect();
    items.extend(ir.enums().into_iter().map(|e| (&e.names, false)));
    let body = reexports(items);
    quote! {
        //! Structures and enums shared by the operations.
        #body
    }
}

/// `error/mod.rs`.
pub fn error_mod(ir: &Ir) -> TokenStream {
    let body = reexports(ir.errors().into_iter().map(|s| (&s.names, true)).collect());
    let crate_error = super::client::errors::crate_error(ir);
    quote! {
        //! The errors that operations declare. Each implements `std::error::Error`
        //! and displays its code and message.
        #body
        #crate_error
    }
}

/// `operation/mod.rs`.
pub fn operation_mod(ir: &Ir) -> TokenStream {
    let mods = ir.operations.iter().map(|op| {
        let m = ident(&op.names.module);
        quote!(pub mod #m;)
    });
    let names = ir.operations.iter().map(|op| op.name.as_str());
    quote! {
        //! One module per operation, with its input and output structures.
        #(#mods)*

        /// The name of every operation, sorted.
        pub const NAMES: &[&str] = &[#(#names),*];
    }
}
