//! The client: what differs per operation, on top of `smithy_rt::client`.
//!
//! The request pipeline (serialise, validate, sign, send, retry, parse, map
//! errors) is written once in the runtime and is generic over
//! `smithy_rt::client::Operation`. Each operation contributes its error enum
//! ([`errors`]), `send` on its input builder ([`fluent`]), and, when the
//! model says so, a paginator ([`paginator`]) and waiters ([`waiter`]);
//! everything here sits behind the generated crate's `client` cargo feature.

pub mod errors;
pub mod fluent;
pub mod paginator;
pub mod waiter;

use super::{doc, ident};
use crate::ir::{Ir, Operation, ShapeKind, Simple};
use proc_macro2::TokenStream;
use quote::quote;

/// The variant of `smithy_rt::client::Protocol` that speaks `p`.
fn runtime_protocol(p: &'static crate::protocol::Protocol) -> &'static str {
    use crate::protocol::{AWS_JSON_1_0, AWS_JSON_1_1, RPC_V2_CBOR};
    [(&AWS_JSON_1_0, "AwsJson1_0"), (&AWS_JSON_1_1, "AwsJson1_1"), (&RPC_V2_CBOR, "RpcV2Cbor")]
        .into_iter()
        .find(|(q, _)| std::ptr::eq(*q, p))
        .map(|(_, v)| v)
        .expect("every protocol of the table has a runtime variant")
}

/// `src/client.rs`: the service description and the `Client`.
pub fn client_rs(ir: &Ir, crate_name: &str) -> TokenStream {
    let s = &ir.service;
    let (sdk_id, target, signing, prefix) = (&s.sdk_id, &s.shape_name, &s.signing_name, &s.endpoint_prefix);
    let env_name = &s.env_name;
    let query_compatible = s.query_compatible;
    let endpoint_rules = match &s.endpoint_rules {
        Some(_) => quote! { ::std::option::Option::Some(crate::endpoint::resolve_built_ins) },
        None => quote! { ::std::option::Option::None },
    };
    let protocols = s.protocols.iter().map(|p| {
        let variant = ident(runtime_protocol(p));
        quote!(::smithy_rt::client::Protocol::#variant)
    });
    let krate = crate_name.replace('-', "_");
    let methods = ir.operations.iter().map(|op| {
        let m = ident(&op.names.method);
        let module = ident(&op.names.module);
        let (fluent, builder) = (ident(&op.names.fluent), ident(&op.input.names.builder));
        let example = format!(
            "```no_run\n# async fn example(client: {krate}::Client) -> Result<(), {krate}::Error> {{\nlet output = client.{}(){}.send().await?;\nprintln!(\"{{output:?}}\");\n# Ok(())\n# }}\n```",
            op.names.method.trim_start_matches("r#"),
            required_setters_in(op, ir, &krate),
        );
        let d = doc(&format!(
            "{}\n\nSee [`{}`](crate::operation::{}).\n\n{example}",
            first_paragraph(&op.docs, &op.name),
            op.name,
            op.names.module.trim_start_matches("r#")
        ));
        quote! {
            #d
            pub fn #m(&self) -> crate::operation::#module::#fluent {
                crate::operation::#module::#builder::with_sink(self.clone())
            }
        }
    });
    let waiter_methods = ir.operations.iter().flat_map(|op| op.waiters.iter().map(move |w| (op, w))).map(|(op, w)| {
        let m = ident(&w.method);
        let module = ident(&op.names.module);
        let (alias, sink, builder) = (ident(&w.alias), ident(&w.sink), ident(&op.input.names.builder));
        let d = format!(" Waits until the `{}` waiter's success state (polling `{}`).", w.name, op.name);
        quote! {
            #[doc = #d]
            pub fn #m(&self) -> crate::operation::#module::#alias {
                crate::operation::#module::#builder::with_sink(crate::operation::#module::#sink(self.clone()))
            }
        }
    });
    let needs_runtime = ir.operations.iter().any(|op| op.paginated.is_some() || !op.waiters.is_empty());
    let runtime = needs_runtime.then(|| {
        quote! {
            /// The runtime client underneath, for paginators and waiters.
            pub(crate) fn runtime(&self) -> &::smithy_rt::client::Client {
                &self.inner
            }
        }
    });
    let discover = s.endpoint_discovery.as_ref().and_then(|d| discover_fn(ir, d));
    let client_doc = doc(&format!(
        "A client for {}.\n\nCheap to clone (clones share connections and the retry quota). \
         Each operation has a fluent builder (`client.{}().….send().await`), and any input can \
         be sent whole with [`invoke`](Self::invoke).",
        crate::docs::plain(&s.title),
        ir.operations.first().map_or("operation", |o| o.names.method.trim_start_matches("r#"))
    ));
    quote! {
        //! The client: configuration, the service's description, and a method per operation.

        /// What the client is generic over: an operation's input
        /// ([`Operation`], which [`Client::invoke`] takes), its error type
        /// ([`ServiceError`], read from an error response), and the service's
        /// description ([`ServiceMeta`], as [`SERVICE`]).
        pub use ::smithy_rt::client::{Operation, Protocol, ServiceError, ServiceMeta};

        /// What the runtime needs to know about this service.
        pub static SERVICE: ::smithy_rt::client::ServiceMeta = ::smithy_rt::client::ServiceMeta {
            sdk_id: #sdk_id,
            target_prefix: #target,
            signing_name: #signing,
            endpoint_prefix: #prefix,
            env_name: #env_name,
            protocols: &[#(#protocols),*],
            crate_name: #crate_name,
            crate_version: ::std::env!("CARGO_PKG_VERSION"),
            query_compatible: #query_compatible,
            endpoint_rules: #endpoint_rules,
        };

        #discover

        #client_doc
        #[derive(Clone, Debug)]
        pub struct Client {
            inner: ::smithy_rt::client::Client,
        }

        impl Client {
            /// A client with this configuration.
            pub fn new(config: ::smithy_rt::client::Config) -> Self {
                Self { inner: ::smithy_rt::client::Client::new(&SERVICE, config) }
            }

            /// A client configured from the environment and the shared AWS
            /// config files (region, credentials, endpoint overrides).
            pub fn from_env() -> Self {
                Self::new(::smithy_rt::client::Config::from_env())
            }

            /// The client's configuration.
            pub fn config(&self) -> &::smithy_rt::client::Config {
                self.inner.config()
            }

            /// Sends any operation's input whole: validates, signs, sends and
            /// retries as configured, and parses the output or the error.
            pub async fn invoke<O: ::smithy_rt::client::Operation>(
                &self,
                input: &O,
            ) -> ::std::result::Result<O::Output, ::smithy_rt::client::SdkError<O::Error>> {
                self.inner.invoke(input).await
            }

            #runtime

            #(#methods)*
            #(#waiter_methods)*
        }
    }
}

/// The first paragraph of an operation's documentation, for a method's summary.
fn first_paragraph(docs: &str, name: &str) -> String {
    let first = docs.split("\n\n").next().unwrap_or_default().trim();
    if first.is_empty() {
        format!("Starts a `{name}` request.")
    } else {
        first.to_owned()
    }
}

/// Setter calls for the operation's required members, so that a doc
/// example builds a request that passes the client's default validation:
/// `.name("Name").compute_capacity(appstream::types::ComputeCapacity::builder().desired_instances(1).build()?)`.
/// Strings are the member's wire name padded to the minimum length (the
/// default validation checks minimums, not maximums or patterns) and
/// written as Rust string literals, so any wire name is safe in the
/// example's code; numbers are the minimum (or 1), enums their first value,
/// lists and maps their minimum number of entries (at least one), nested
/// structures built with their own required members. The example's
/// function returns `Result<_, krate::Error>`, so a builder that can fail
/// is followed by `?`.
///
/// Paths name the crate `krate`: a doc example is a crate of its own.
pub fn required_setters_in(op: &Operation, ir: &Ir, krate: &str) -> String {
    required_setter_calls(op, ir, krate).concat()
}

/// The calls of [`required_setters_in`], one per top-level setter, for
/// examples that put each on its own line.
pub fn required_setter_calls(op: &Operation, ir: &Ir, krate: &str) -> Vec<String> {
    op.input.members.iter().filter(|m| m.required).map(|m| setter_call(ir, m, krate, 0)).collect()
}

/// How deep example values nest before a member is left out (a cycle of
/// required structures is broken by an `Option`, so this is only a guard).
const EXAMPLE_DEPTH: usize = 6;

fn setter_call(ir: &Ir, m: &crate::ir::Member, krate: &str, depth: usize) -> String {
    let setter = &m.names.setter;
    let t = ir.member_type(m);
    let count = |unit_min: Option<u64>| unit_min.unwrap_or(1).clamp(1, 3);
    match &ir.shape(&m.target).kind {
        ShapeKind::List(e) => {
            let n = count(t.constraints.length.and_then(|b| b.min));
            let item = example_value(ir, &e.target, &e.constraints, &m.wire_name, krate, depth + 1);
            (0..n).map(|_| format!(".{setter}({item})")).collect()
        }
        ShapeKind::Map { key, value } => {
            let n = count(t.constraints.length.and_then(|b| b.min));
            (0..n)
                .map(|i| {
                    let k = example_value(ir, &key.target, &key.constraints, &format!("key{i}"), krate, depth + 1);
                    let v = example_value(ir, &value.target, &value.constraints, &m.wire_name, krate, depth + 1);
                    format!(".{setter}({k}, {v})")
                })
                .collect()
        }
        _ => format!(".{setter}({})", example_value(ir, &m.target, &m.constraints, &m.wire_name, krate, depth)),
    }
}

/// `discover_endpoint`: the service's discovery call, for the operations
/// whose endpoint is discovered (their `Operation::ENDPOINT_DISCOVERY`).
fn discover_fn(ir: &Ir, d: &crate::ir::EndpointDiscovery) -> Option<TokenStream> {
    let op = ir.operations.get(d.operation)?;
    let (module, input) = (ident(&op.names.module), ident(&op.input.names.ty));
    let (endpoints, address, minutes) = (ident(&d.endpoints.0), ident(&d.address.0), ident(&d.cache_minutes.0));
    let list = if d.endpoints.1 {
        quote!(output.#endpoints.as_deref().unwrap_or_default())
    } else {
        quote!(output.#endpoints)
    };
    let address = if d.address.1 {
        quote!(endpoint.#address.clone().unwrap_or_default())
    } else {
        quote!(endpoint.#address.clone())
    };
    let minutes =
        if d.cache_minutes.1 { quote!(endpoint.#minutes.unwrap_or_default()) } else { quote!(endpoint.#minutes) };
    let name = &op.name;
    let none = format!("{name} answered no endpoint");
    let doc = format!(" Discovers the endpoint with `{name}` (see [`::smithy_rt::client::discovery`]); the first endpoint of its answer is used.");
    Some(quote! {
        #[doc = #doc]
        #[cfg(feature = "client")]
        pub(crate) fn discover_endpoint(
            client: &::smithy_rt::client::Client,
        ) -> ::smithy_rt::client::BoxFuture<
            '_,
            ::std::result::Result<::smithy_rt::client::DiscoveredEndpoint, ::smithy_rt::client::discovery::DiscoveryError>,
        > {
            ::std::boxed::Box::pin(async move {
                let output = client.invoke(&crate::operation::#module::#input::default()).await?;
                let endpoint = #list.first().ok_or(#none)?;
                ::std::result::Result::Ok(::smithy_rt::client::DiscoveredEndpoint::new(#address, #minutes))
            })
        }
    })
}

/// A Rust expression for a value of shape `id` that satisfies the minimums
/// of `own` and of the shape itself.
fn example_value(
    ir: &Ir,
    id: &crate::model::ShapeId,
    own: &crate::ir::Constraints,
    name: &str,
    krate: &str,
    depth: usize,
) -> String {
    let shape = ir.shape(id);
    let c = own.over(&shape.constraints);
    let min_len = c.length.and_then(|b| b.min).unwrap_or(0) as usize;
    let min = c.range.and_then(|b| b.min);
    match &shape.kind {
        ShapeKind::Simple(Simple::String) => {
            let mut text: String = name.to_owned();
            while text.chars().count() < min_len {
                text.push('x');
            }
            format!("{text:?}")
        }
        ShapeKind::Simple(Simple::Blob) => {
            let mut bytes = name.as_bytes().to_vec();
            bytes.resize(bytes.len().max(min_len), b'x');
            format!("{}.to_vec()", proc_macro2::Literal::byte_string(&bytes))
        }
        ShapeKind::Simple(Simple::Boolean) => "true".to_owned(),
        ShapeKind::Simple(Simple::Float | Simple::Double) => format!("{:?}", min.unwrap_or(1.0)),
        ShapeKind::Simple(Simple::Timestamp) => format!("{krate}::primitives::Timestamp::UNIX_EPOCH"),
        ShapeKind::Simple(Simple::Document) => format!("{krate}::primitives::Document::from({name:?})"),
        ShapeKind::Simple(s @ (Simple::BigInteger | Simple::BigDecimal)) => {
            let ty = if *s == Simple::BigInteger { "BigInteger" } else { "BigDecimal" };
            format!("{krate}::primitives::{ty}::from({}i64)", min.map_or(1, |v| v.ceil() as i64))
        }
        ShapeKind::Simple(_) => format!("{}", min.map_or(1, |v| v.ceil() as i64)),
        ShapeKind::Enum(e) => match e.variants.first() {
            Some(v) => format!("{krate}::types::{}::{}", e.names.ty, v.name),
            None => format!("{krate}::types::{}::from(\"\")", e.names.ty),
        },
        ShapeKind::Structure(st) => {
            let inner: String = if depth >= EXAMPLE_DEPTH {
                String::new()
            } else {
                st.members.iter().filter(|m| m.required).map(|m| setter_call(ir, m, krate, depth + 1)).collect()
            };
            let fallible = st.members.iter().any(|m| m.nullability == crate::ir::Nullability::Required);
            format!("{krate}::types::{}::builder(){inner}.build(){}", st.names.ty, if fallible { "?" } else { "" })
        }
        ShapeKind::Union(u) => match u.members.iter().zip(&u.variants).next() {
            Some((m, v)) if m.target.0 == crate::ir::UNIT_TARGET => {
                format!("{krate}::types::{}::{}", u.names.ty, v.variant)
            }
            Some((m, v)) => {
                let value = example_value(ir, &m.target, &m.constraints, &m.wire_name, krate, depth + 1);
                // A variant holds the value itself, not what converts into it.
                let value = match ir.shape(&m.target).kind {
                    ShapeKind::Simple(Simple::String) => format!("{value}.to_owned()"),
                    _ => value,
                };
                let value = if m.boxed { format!("::std::boxed::Box::new({value})") } else { value };
                format!("{krate}::types::{}::{}({value})", u.names.ty, v.variant)
            }
            None => format!("{krate}::types::{}::Unknown", u.names.ty),
        },
        ShapeKind::List(_) | ShapeKind::Map { .. } => "::std::default::Default::default()".to_owned(),
    }
}
