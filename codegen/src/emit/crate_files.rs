//! The crate around the types: manifest, `lib.rs` and module indexes.

use super::{ident, inner_doc};
use crate::ir::{Ir, Operation, TypeNames};
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

/// The operation a first example calls: the one with the most required
/// members (the first of those in model order), so the example shows
/// nested builders; `None` for a model without operations.
fn showcase(ir: &Ir) -> Option<&Operation> {
    let required = |op: &Operation| op.input.members.iter().filter(|m| m.required).count();
    ir.operations.iter().rev().max_by_key(|op| required(op))
}

/// "Getting started", the crate root's first section, made from the model:
/// the manifest lines, a client from the environment, a complete call of
/// the operation with the most required members that passes the client's default validation, one modelled
/// error handled, a paginator's items, a waiter, a local endpoint, and a
/// test with the replay transport (which runs as a doctest).
pub fn getting_started(ir: &Ir, krate: &str) -> String {
    use super::client::{paginator::items_member, required_setter_calls, required_setters_in};
    let name = krate.replace('_', "-");
    let mut t = String::from("# Getting started\n\nIn `Cargo.toml` (the client is async and runs on Tokio):\n\n");
    t.push_str(&format!(
        "```toml\n[dependencies]\n{name} = {{ version = \"0.1.0\" }}\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n```\n\n"
    ));
    let Some(op) = showcase(ir) else {
        t.push_str("The model has no operations: the crate is its types.\n");
        return t;
    };
    // `client\n.method()\n.setter(..)…` with each call on its own line, `indent` deep.
    let chain = |o: &Operation, indent: &str| {
        let calls = std::iter::once(format!(".{}()", o.names.method.trim_start_matches("r#")))
            .chain(required_setter_calls(o, ir, krate))
            .chain([".send()".to_owned(), ".await".to_owned()]);
        let mut text = "client".to_owned();
        for c in calls {
            text.push_str(&format!("\n{indent}    {c}"));
        }
        text
    };
    t.push_str(&format!(
        "A client reads its region, credentials and endpoint from the environment and the shared AWS files, as the AWS CLI does; every operation is a method with a setter per member:\n\n\
         ```no_run\n#[tokio::main]\nasync fn main() -> Result<(), {krate}::Error> {{\n    let client = {krate}::Client::from_env();\n    \
         let output = {}?;\n    println!(\"{{output:?}}\");\n    Ok(())\n}}\n```\n\n\
         `{krate}::Error` takes any operation's error, so `?` works across calls; it has the service's `code()`, `message()` and `request_id()`.\n\n",
        chain(op, "    ")
    ));
    let with_errors = std::iter::once(op).chain(&ir.operations).find(|o| !o.errors.is_empty());
    if let Some(eop) = with_errors {
        if let crate::ir::ShapeKind::Structure(err) = &ir.shape(&eop.errors[0]).kind {
            let (module, enum_name) = (eop.names.module.trim_start_matches("r#"), &eop.names.error);
            t.push_str(&format!(
                "A modelled error is a variant of the operation's error enum:\n\n\
                 ```no_run\nuse {krate}::operation::{module}::{enum_name};\n\n\
                 # async fn example(client: {krate}::Client) -> Result<(), {krate}::Error> {{\n\
                 let result = {};\nmatch result {{\n    Ok(output) => println!(\"{{output:?}}\"),\n    \
                 Err(err) => match err.service_error() {{\n        Some({enum_name}::{}(e)) => println!(\"{{e}}\"),\n        \
                 _ => return Err(err.into()),\n    }},\n}}\n# Ok(())\n# }}\n```\n\n",
                chain(eop, ""),
                err.variant,
            ));
        }
    }
    let paged = ir.operations.iter().find_map(|o| Some((o, items_member(o, o.paginated.as_ref()?, ir)?)));
    if let Some((pop, (items, _))) = paged {
        t.push_str(&format!(
            "A paginated operation's items (`{}`), page after page:\n\n\
             ```no_run\n# async fn example(client: {krate}::Client) -> Result<(), {krate}::Error> {{\n\
             let mut items = client.{}(){}.into_paginator().items();\nwhile let Some(item) = items.next().await {{\n    \
             println!(\"{{:?}}\", item?);\n}}\n# Ok(())\n# }}\n```\n\n",
            items.iter().map(|m| m.wire_name.as_str()).collect::<Vec<_>>().join(".").replace('`', "'"),
            pop.names.method.trim_start_matches("r#"),
            required_setters_in(pop, ir, krate),
        ));
    }
    if let Some((wop, w)) = ir.operations.iter().find_map(|o| Some((o, o.waiters.first()?))) {
        t.push_str(&format!(
            "A waiter polls until the resource reaches a state (`{}`, polling `{}`):\n\n\
             ```no_run\n# async fn example(client: {krate}::Client) -> Result<(), Box<dyn std::error::Error>> {{\n\
             let outcome = client.{}(){}.wait(std::time::Duration::from_secs(600)).await?;\nprintln!(\"{{outcome:?}}\");\n# Ok(())\n# }}\n```\n\n",
            w.name,
            wop.name,
            w.method,
            required_setters_in(wop, ir, krate),
        ));
    }
    let env_name = &ir.service.env_name;
    t.push_str(&format!(
        "To try it against a local endpoint (an emulator, a recording proxy), set `AWS_ENDPOINT_URL_{env_name}` or `AWS_ENDPOINT_URL` \
         (`AWS_ENDPOINT_URL=http://127.0.0.1:4566 cargo run`), or `config::ConfigBuilder::endpoint_url`. \
         Requests are still signed, so any credentials do, for example `AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test`.\n\n"
    ));
    // The reply and the check follow the protocol the client speaks by default.
    let (reply, check) = match ir.service.protocol.operation {
        smithy_protocols::OperationOnWire::TargetHeader { name } => (
            "json_response(200, \"{}\")".to_owned(),
            format!("assert_eq!(request.headers()[{name:?}], format!(\"{{}}.{}\", {krate}::TARGET_PREFIX));", op.name),
        ),
        smithy_protocols::OperationOnWire::ServicePath => (
            "cbor_response(200, vec![0xa0]) /* an empty CBOR map */".to_owned(),
            format!(
                "assert_eq!(request.uri().path(), format!(\"/service/{{}}/operation/{}\", {krate}::TARGET_PREFIX));",
                op.name
            ),
        ),
    };
    let helper = reply.split('(').next().unwrap_or_default();
    t.push_str(&format!(
        "Code that calls the service is tested without it: the replay transport answers with canned responses and records the requests.\n\n\
         ```\nuse {krate}::config::test_util::{{{helper}, ReplayTransport}};\nuse {krate}::config::{{Config, Credentials}};\n\n\
         # #[tokio::main(flavor = \"current_thread\")]\n# async fn main() -> Result<(), {krate}::Error> {{\n\
         // In your crate: #[tokio::test] async fn ...\n\
         let transport = ReplayTransport::new([{reply}]);\nlet client = {krate}::Client::new(\n    Config::builder()\n        \
         .region(\"us-east-1\")\n        .credentials(Credentials::new(\"AKIDTEST\", \"test-secret\", None, None))\n        \
         .http_transport(transport.clone())\n        .build(),\n);\n\
         {}?;\n\n\
         let request = transport.last_request().expect(\"one request was sent\");\n\
         {check}\n# Ok(())\n# }}\n```\n\n",
        chain(op, ""),
    ));
    t
}

/// `lib.rs`: crate documentation, lints, modules, service constants.
pub fn lib_rs(ir: &Ir, krate: &str) -> TokenStream {
    let s = &ir.service;
    let mut text = format!("# {}\n\n", crate::docs::plain(&s.title));
    text.push_str(&getting_started(ir, krate));
    text.push_str("# The service\n\n");
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
    if !ir.left_out.is_empty() {
        text.push_str(
            "

# Operations left out

The model has these operations; this crate does not:

",
        );
        for (op, why) in &ir.left_out {
            text.push_str(&format!(
                "- {}: {why}.
",
                crate::docs::code(op)
            ));
        }
    }
    let docs = inner_doc(&text);
    let paginator_mod = ir.operations.iter().any(|op| op.paginated.is_some()).then(|| {
        quote! {
            /// A paginator's pages and items, as `Stream`s with their own `next()`.
            #[cfg(feature = "client")]
            pub mod paginator {
                pub use ::smithy_rt::client::paginate::{ItemStream, PageStream};
            }
        }
    });
    let (version, prefix, signing, target) = (&s.version, &s.endpoint_prefix, &s.signing_name, &s.shape_name);
    let content_type = s.protocol.content_type;
    let protocol_name = s.protocol.name;
    let protocol_doc =
        format!(" The wire protocol a client speaks unless configured otherwise: Smithy's `{}`.", s.protocol.trait_id);
    let protocol_names = s.protocols.iter().map(|p| p.name);
    // Only a crate with waiters names their types.
    let endpoint_mod = ir.service.endpoint_rules.is_some().then(|| quote! { pub mod endpoint; });
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

        #endpoint_mod
        pub mod error;
        pub mod operation;
        pub mod types;

        #[cfg(feature = "client")]
        pub mod client;

        mod validation;

        /// Types from the run-time support crate that appear in this crate's API.
        pub mod primitives {
            pub use ::smithy_rt::{BigDecimal, BigInteger, BuildError, Document, OperationOutput, OutputMeta, Timestamp, UnknownVariant};
            pub use ::smithy_rt::validate::{Constraint, ValidationErrors, ValidationMode, Violation};
            /// What `validate_into` takes: where a value sits, and the
            /// violations found so far.
            pub use ::smithy_rt::validate::{Collector, Path};
        }

        #paginator_mod
        #waiter_mod

        /// Client configuration: region, credentials, endpoint, wire protocol,
        /// retries, timeouts, validation mode and HTTP transport.
        #[cfg(feature = "client")]
        pub mod config {
            pub use ::smithy_rt::client::{
                provide_credentials_fn, AwsCredentialsProvider, BoxFuture, Config, ConfigBuilder, ConfigSummary,
                Credentials, CredentialsCache, CredentialsError, CredentialsErrorKind, DefaultCredentialsChain, Env,
                EnvironmentCredentials, FixedTime, HttpRequest, HttpResponse, HttpTransport, HyperTransport,
                ProfileCredentials, Protocol, ProvideCredentials, ProxyConfig, RetryConfig, Sleep, SystemClock, TimeSource,
                TimeoutConfig, TokioSleep, DEFAULT_MAX_RESPONSE_BODY,
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
            /// What every operation error offers, and the error response it
            /// is read from.
            pub use ::smithy_rt::client::{ErrorMeta, ErrorResponse};
        }

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
        /// The service shape's name: the prefix of awsJson's `X-Amz-Target`
        /// header, and the `<name>` of rpcv2Cbor's `/service/<name>/operation/...` paths.
        pub const TARGET_PREFIX: &str = #target;
        #[doc = #protocol_doc]
        pub const PROTOCOL: &str = #protocol_name;
        /// Every wire protocol the service supports, in the order a client prefers them.
        pub const PROTOCOLS: &[&str] = &[#(#protocol_names),*];
        /// The `Content-Type` of requests and responses in [`PROTOCOL`].
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
    let unions = ir.unions();
    items.extend(unions.iter().map(|u| (&u.names, false)));
    let body = reexports(items);
    let what = if unions.is_empty() { "Structures and enums" } else { "Structures, unions and enums" };
    let what = format!(" {what} shared by the operations.");
    quote! {
        #![doc = #what]
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
