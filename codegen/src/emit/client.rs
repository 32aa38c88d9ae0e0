//! The client: what differs per operation, on top of `smithy_rt::client`.
//!
//! The request pipeline (serialise, validate, sign, send, retry, parse, map
//! errors) is written once in the runtime and is generic over
//! `smithy_rt::client::Operation`. Each operation contributes only its name,
//! its error enum and a fluent builder; everything here sits behind the
//! generated crate's `client` cargo feature.

use super::structure::setters;
use super::{doc, ident};
use crate::ir::{Ir, Operation, Protocol};
use crate::names;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The items an operation module adds for the client.
pub fn operation(op: &Operation, ir: &Ir) -> TokenStream {
    let input = ident(&op.input.name);
    let output = ident(&op.output.name);
    let builder = format_ident!("{}Builder", op.input.name);
    let error = format_ident!("{}Error", op.name);
    let fluent = format_ident!("{}FluentBuilder", op.name);
    let error_enum = error_enum(op, &error);
    let setters = op.input.members.iter().flat_map(setters).map(|s| {
        let (name, doc, params, args) = (s.name, s.doc, s.params, s.args);
        quote! {
            #[doc = #doc]
            pub fn #name(mut self, #params) -> Self {
                self.input = self.input.#name(#args);
                self
            }
        }
    });
    let fluent_doc = doc(&format!(
        "Builds and sends a `{}` request; start one with [`Client::{}`](crate::Client::{}).\n\n\
         The setters are those of [`{}`]; [`send`](Self::send) builds the input, validates it \
         with the client's validation mode, and sends it.",
        op.name,
        op.snake,
        op.snake,
        op.input.name
    ));
    let _ = ir;
    quote! {
        #[cfg(feature = "client")]
        impl ::smithy_rt::client::Operation for #input {
            const NAME: &'static str = NAME;
            type Output = #output;
            type Error = #error;

            fn validate(
                &self,
                mode: ::smithy_rt::validate::ValidationMode,
            ) -> ::std::result::Result<(), ::smithy_rt::validate::ValidationErrors> {
                #input::validate(self, mode)
            }
        }

        #error_enum

        #fluent_doc
        #[cfg(feature = "client")]
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct #fluent {
            client: crate::Client,
            input: #builder,
        }

        #[cfg(feature = "client")]
        impl #fluent {
            pub(crate) fn new(client: crate::Client) -> Self {
                Self { client, input: ::std::default::Default::default() }
            }

            /// The input as set so far.
            pub fn as_input(&self) -> &#builder {
                &self.input
            }

            #(#setters)*

            /// Builds the input, then validates, signs and sends it (retrying as configured).
            pub async fn send(self) -> ::std::result::Result<#output, ::smithy_rt::client::SdkError<#error>> {
                let input = self.input.build()?;
                self.client.invoke(&input).await
            }
        }
    }
}

fn error_enum(op: &Operation, error: &proc_macro2::Ident) -> TokenStream {
    let variants: Vec<_> = op.errors.iter().map(|e| ident(e)).collect();
    let codes: Vec<&String> = op.errors.iter().collect();
    let is_fns = op.errors.iter().map(|e| {
        let f = format_ident!("is_{}", names::snake_raw(e));
        let v = ident(e);
        let d = format!(" Whether this is a [`{e}`](crate::error::{e}).");
        quote! {
            #[doc = #d]
            pub fn #f(&self) -> bool {
                ::std::matches!(self, Self::#v(_))
            }
        }
    });
    let enum_doc = doc(&format!(
        "The errors `{}` can return: one variant per error the model declares, and \
         `Unhandled` for any other error code (its code, message and request id are kept).",
        op.name
    ));
    let variant_docs = op.errors.iter().map(|e| format!(" [`{e}`](crate::error::{e})."));
    let from_response = if op.errors.is_empty() {
        quote!(Self::Unhandled(response.into_unhandled()))
    } else {
        quote! {
            match response.code() {
                #(
                    #codes => match response.parse_body::<crate::error::#variants>() {
                        ::std::result::Result::Ok(e) => Self::#variants(e),
                        ::std::result::Result::Err(_) => Self::Unhandled(response.into_unhandled()),
                    },
                )*
                _ => Self::Unhandled(response.into_unhandled()),
            }
        }
    };
    quote! {
        #enum_doc
        #[cfg(feature = "client")]
        #[derive(::std::fmt::Debug)]
        #[non_exhaustive]
        pub enum #error {
            #( #[doc = #variant_docs] #variants(crate::error::#variants), )*
            /// An error the model does not declare for this operation.
            Unhandled(::smithy_rt::client::UnhandledError),
        }

        #[cfg(feature = "client")]
        impl #error {
            #(#is_fns)*

            /// The error code.
            pub fn code(&self) -> ::std::option::Option<&str> {
                match self {
                    #( Self::#variants(_) => ::std::option::Option::Some(crate::error::#variants::CODE), )*
                    Self::Unhandled(e) => e.code(),
                }
            }

            /// The message the service sent, if any.
            pub fn message(&self) -> ::std::option::Option<&str> {
                match self {
                    #( Self::#variants(e) => e.message(), )*
                    Self::Unhandled(e) => e.message(),
                }
            }
        }

        #[cfg(feature = "client")]
        impl ::std::fmt::Display for #error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #( Self::#variants(e) => ::std::fmt::Display::fmt(e, f), )*
                    Self::Unhandled(e) => ::std::fmt::Display::fmt(e, f),
                }
            }
        }

        #[cfg(feature = "client")]
        impl ::std::error::Error for #error {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    #( Self::#variants(e) => ::std::option::Option::Some(e), )*
                    Self::Unhandled(e) => ::std::option::Option::Some(e),
                }
            }
        }

        #[cfg(feature = "client")]
        impl ::smithy_rt::client::ServiceError for #error {
            fn from_response(response: ::smithy_rt::client::ErrorResponse) -> Self {
                #from_response
            }
        }

        #[cfg(feature = "client")]
        impl ::std::convert::From<#error> for crate::error::ServiceError {
            fn from(e: #error) -> Self {
                match e {
                    #( #error::#variants(e) => Self::#variants(e), )*
                    #error::Unhandled(e) => Self::Unhandled(e),
                }
            }
        }
    }
}

/// `src/client.rs`: the service description and the `Client`.
pub fn client_rs(ir: &Ir, crate_name: &str) -> TokenStream {
    let s = &ir.service;
    let (sdk_id, target, signing, prefix) = (&s.sdk_id, &s.shape_name, &s.signing_name, &s.endpoint_prefix);
    let env_name = s.sdk_id.to_uppercase().replace([' ', '-'], "_");
    let protocol = match s.protocol {
        Protocol::AwsJson1_0 => quote!(AwsJson1_0),
        Protocol::AwsJson1_1 => quote!(AwsJson1_1),
    };
    let methods = ir.operations.iter().map(|op| {
        let m = ident(&names::escape(&op.snake));
        let module = ident(&names::escape(&op.snake));
        let fluent = format_ident!("{}FluentBuilder", op.name);
        let d = doc(&format!("{}\n\nSee [`{}`](crate::operation::{}).", first_paragraph(&op.docs, &op.name), op.name, op.snake));
        quote! {
            #d
            pub fn #m(&self) -> crate::operation::#module::#fluent {
                crate::operation::#module::#fluent::new(self.clone())
            }
        }
    });
    let client_doc = doc(&format!(
        "A client for {}.\n\nCheap to clone (clones share connections and the retry quota). \
         Each operation has a fluent builder (`client.{}().….send().await`), and any input can \
         be sent whole with [`invoke`](Self::invoke).",
        s.title,
        ir.operations.first().map_or("operation", |o| o.snake.as_str())
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
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
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

            #(#methods)*
        }
    }
}

/// The crate-level error and the union of every modelled error, for `error/mod.rs`.
pub fn crate_error(ir: &Ir) -> TokenStream {
    let variants: Vec<_> = ir.errors.iter().map(|e| ident(&e.name)).collect();
    let docs = ir.errors.iter().map(|e| format!(" [`{0}`].", e.name));
    quote! {
        /// Any error the model declares, or one it does not (`Unhandled`).
        /// Every operation's error enum converts into it.
        #[cfg(feature = "client")]
        #[derive(::std::fmt::Debug)]
        #[non_exhaustive]
        pub enum ServiceError {
            #( #[doc = #docs] #variants(#variants), )*
            /// An error code the model does not declare.
            Unhandled(::smithy_rt::client::UnhandledError),
        }

        #[cfg(feature = "client")]
        impl ::std::fmt::Display for ServiceError {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #( Self::#variants(e) => ::std::fmt::Display::fmt(e, f), )*
                    Self::Unhandled(e) => ::std::fmt::Display::fmt(e, f),
                }
            }
        }

        #[cfg(feature = "client")]
        impl ::std::error::Error for ServiceError {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    #( Self::#variants(e) => ::std::option::Option::Some(e), )*
                    Self::Unhandled(e) => ::std::option::Option::Some(e),
                }
            }
        }

        /// Any failure of any operation, so that `?` works across operations:
        /// every `SdkError<OperationError>` and every builder's `BuildError`
        /// converts into it. One pointer wide.
        #[cfg(feature = "client")]
        #[derive(::std::fmt::Debug)]
        pub struct Error(::std::boxed::Box<::smithy_rt::client::SdkError<ServiceError>>);

        #[cfg(feature = "client")]
        impl Error {
            /// The underlying error, with the service's error as a [`ServiceError`].
            pub fn as_sdk_error(&self) -> &::smithy_rt::client::SdkError<ServiceError> {
                &self.0
            }

            /// The underlying error, by value.
            pub fn into_sdk_error(self) -> ::smithy_rt::client::SdkError<ServiceError> {
                *self.0
            }

            /// The service's error, when the service answered with one.
            pub fn service_error(&self) -> ::std::option::Option<&ServiceError> {
                self.0.service_error()
            }

            /// The request id of the response, if there was one.
            pub fn request_id(&self) -> ::std::option::Option<&str> {
                self.0.request_id()
            }
        }

        #[cfg(feature = "client")]
        impl ::std::fmt::Display for Error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.0, f)
            }
        }

        #[cfg(feature = "client")]
        impl ::std::error::Error for Error {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                ::std::error::Error::source(&*self.0)
            }
        }

        #[cfg(feature = "client")]
        impl ::std::convert::From<::smithy_rt::BuildError> for Error {
            fn from(e: ::smithy_rt::BuildError) -> Self {
                Self(::std::boxed::Box::new(e.into()))
            }
        }

        #[cfg(feature = "client")]
        impl<E: ::std::convert::Into<ServiceError>> ::std::convert::From<::smithy_rt::client::SdkError<E>> for Error {
            fn from(e: ::smithy_rt::client::SdkError<E>) -> Self {
                Self(::std::boxed::Box::new(e.map_service_error(::std::convert::Into::into)))
            }
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
