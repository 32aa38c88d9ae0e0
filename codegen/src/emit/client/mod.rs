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

/// `src/client.rs`: the service description and the `Client`.
pub fn client_rs(ir: &Ir, crate_name: &str) -> TokenStream {
    let s = &ir.service;
    let (sdk_id, target, signing, prefix) = (&s.sdk_id, &s.shape_name, &s.signing_name, &s.endpoint_prefix);
    let env_name: String =
        s.sdk_id.to_uppercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    let protocol = {
        let name = s.protocol.name;
        let mut chars = name.chars();
        let variant: String = chars.next().map(|c| c.to_ascii_uppercase()).into_iter().chain(chars).collect();
        ident(&variant)
    };
    let krate = crate_name.replace('-', "_");
    let methods = ir.operations.iter().map(|op| {
        let m = ident(&op.names.method);
        let module = ident(&op.names.module);
        let (fluent, builder) = (ident(&op.names.fluent), ident(&op.input.names.builder));
        let example = format!(
            "```no_run\n# async fn example(client: {krate}::Client) -> Result<(), {krate}::Error> {{\nlet output = client.{}(){}.send().await?;\nprintln!(\"{{output:?}}\");\n# Ok(())\n# }}\n```",
            op.names.method.trim_start_matches("r#"),
            required_setters(op, ir),
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
    let client_doc = doc(&format!(
        "A client for {}.\n\nCheap to clone (clones share connections and the retry quota). \
         Each operation has a fluent builder (`client.{}().….send().await`), and any input can \
         be sent whole with [`invoke`](Self::invoke).",
        crate::docs::plain(&s.title),
        ir.operations.first().map_or("operation", |o| o.names.method.trim_start_matches("r#"))
    ));
    quote! {
        //! The client: configuration, the service's description, and a method per operation.

        /// What the runtime needs to know about this service.
        pub static SERVICE: ::smithy_rt::client::ServiceMeta = ::smithy_rt::client::ServiceMeta {
            sdk_id: #sdk_id,
            target_prefix: #target,
            signing_name: #signing,
            endpoint_prefix: #prefix,
            env_name: #env_name,
            protocol: ::smithy_rt::client::Protocol::#protocol,
            crate_name: #crate_name,
            crate_version: ::std::env!("CARGO_PKG_VERSION"),
        };

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

/// Setter calls for the operation's required string members, so that a doc
/// example builds a valid request: `.name("Name")`. The value is written as
/// a Rust string literal, so any wire name is safe in the example's code.
pub fn required_setters(op: &Operation, ir: &Ir) -> String {
    op.input
        .members
        .iter()
        .filter(|m| m.required && matches!(ir.shape(&m.target).kind, ShapeKind::Simple(Simple::String)))
        .map(|m| format!(".{}({:?})", m.names.setter, m.wire_name))
        .collect()
}
