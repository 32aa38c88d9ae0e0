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
    let error_enum = error_enum(op, ir, &error);
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
         The setters are those of [`{}`]; [`send`](Self::send) validates the input with the \
         client's validation mode and sends it.",
        op.name,
        op.snake,
        op.snake,
        op.input.name
    ));
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

            /// Sends the input: the client validates it with its validation
            /// mode (reporting every missing required member and every
            /// violated constraint at once), then signs and sends it,
            /// retrying as configured.
            pub async fn send(self) -> ::std::result::Result<#output, ::smithy_rt::client::SdkError<#error>> {
                let input = self.input.build_unchecked();
                self.client.invoke(&input).await
            }
        }
    }
}

fn error_enum(op: &Operation, ir: &Ir, error: &proc_macro2::Ident) -> TokenStream {
    let variants: Vec<_> = op.errors.iter().map(|e| ident(e)).collect();
    let codes: Vec<&String> = op.errors.iter().collect();
    let messages: Vec<String> = op
        .errors
        .iter()
        .map(|e| {
            ir.structure(e)
                .and_then(|s| s.members.iter().find(|m| m.wire_name.eq_ignore_ascii_case("message")))
                .map_or_else(|| "Message".to_owned(), |m| m.wire_name.clone())
        })
        .collect();
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
    let union_impls = error_union_impls(error, &variants, &quote!(crate::error::));
    let from_response = if op.errors.is_empty() {
        quote!(Self::Unhandled(response.into_unhandled()))
    } else {
        quote! {
            match response.code() {
                #(
                    #codes => match response.parse_error_body::<crate::error::#variants>(#messages) {
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

        }

        #union_impls

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
        let example = format!(
            "```no_run\n# async fn example(client: {krate}::Client) -> Result<(), {krate}::Error> {{\nlet output = client.{}(){}.send().await?;\nprintln!(\"{{output:?}}\");\n# Ok(())\n# }}\n```",
            op.snake,
            required_setters(op),
            krate = crate_name.replace('-', "_"),
        );
        let d = doc(&format!(
            "{}\n\nSee [`{}`](crate::operation::{}).\n\n{example}",
            first_paragraph(&op.docs, &op.name),
            op.name,
            op.snake
        ));
        quote! {
            #d
            pub fn #m(&self) -> crate::operation::#module::#fluent {
                crate::operation::#module::#fluent::new(self.clone())
            }
        }
    });
    let waiter_methods = ir.operations.iter().flat_map(|op| op.waiters.iter().map(move |w| (op, w))).map(|(op, w)| {
        let m = format_ident!("wait_until_{}", names::snake_raw(&w.name));
        let module = ident(&names::escape(&op.snake));
        let waiter = format_ident!("{}Waiter", w.name);
        let d = format!(" Waits until the `{}` waiter's success state (polling `{}`).", w.name, op.name);
        quote! {
            #[doc = #d]
            pub fn #m(&self) -> crate::operation::#module::#waiter {
                crate::operation::#module::#waiter::new(self.clone())
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

            #runtime

            #(#methods)*
            #(#waiter_methods)*
        }
    }
}

/// The crate-level error and the union of every modelled error, for `error/mod.rs`.
pub fn crate_error(ir: &Ir) -> TokenStream {
    let variants: Vec<_> = ir.errors.iter().map(|e| ident(&e.name)).collect();
    let docs = ir.errors.iter().map(|e| format!(" [`{0}`].", e.name));
    let union_impls = error_union_impls(&format_ident!("ServiceError"), &variants, &TokenStream::new());
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

        #union_impls

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

            /// The service's error code, when the service answered with an error.
            pub fn code(&self) -> ::std::option::Option<&str> {
                self.0.code()
            }

            /// The service's error message, if any.
            pub fn message(&self) -> ::std::option::Option<&str> {
                self.0.message()
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

/// `code()`, `message()`, `Display` and `Error` for an enum with one variant
/// per error structure (found under `path`) and `Unhandled`.
fn error_union_impls(name: &proc_macro2::Ident, variants: &[proc_macro2::Ident], path: &TokenStream) -> TokenStream {
    quote! {
        #[cfg(feature = "client")]
        impl #name {
            /// The error code.
            pub fn code(&self) -> ::std::option::Option<&str> {
                match self {
                    #( Self::#variants(_) => ::std::option::Option::Some(#path #variants::CODE), )*
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
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #( Self::#variants(e) => ::std::fmt::Display::fmt(e, f), )*
                    Self::Unhandled(e) => ::std::fmt::Display::fmt(e, f),
                }
            }
        }

        #[cfg(feature = "client")]
        impl ::std::error::Error for #name {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    #( Self::#variants(e) => ::std::option::Option::Some(e), )*
                    Self::Unhandled(e) => ::std::option::Option::Some(e),
                }
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

/// Paginator and waiters of an operation, when the model gives them.
pub fn paginator_and_waiters(op: &Operation, ir: &Ir, crate_ident: &str) -> TokenStream {
    let paginator = op.paginated.as_ref().map(|p| paginator(op, p, ir, crate_ident));
    let waiters = op.waiters.iter().map(|w| waiter(op, w, crate_ident));
    quote! {
        #paginator
        #(#waiters)*
    }
}

fn member<'a>(s: &'a crate::ir::Structure, wire: &str) -> Option<&'a crate::ir::Member> {
    s.members.iter().find(|m| m.wire_name == wire)
}

/// Setter calls for the operation's required string members, so that a doc
/// example builds a valid request: `.name("Name")`.
fn required_setters(op: &Operation) -> String {
    op.input
        .members
        .iter()
        .filter(|m| m.required && m.ty.ty == crate::ir::Type::String)
        .map(|m| format!(".{}(\"{}\")", m.field, m.wire_name))
        .collect()
}

fn paginator(op: &Operation, p: &crate::ir::Paginated, ir: &Ir, crate_ident: &str) -> TokenStream {
    use crate::ir::Type;
    let required = required_setters(op);
    let (input, output) = (ident(&op.input.name), ident(&op.output.name));
    let builder = format_ident!("{}Builder", op.input.name);
    let fluent = format_ident!("{}FluentBuilder", op.name);
    let paginator = format_ident!("{}Paginator", op.name);
    let (Some(in_token), Some(out_token)) = (member(&op.input, &p.input_token), member(&op.output, &p.output_token)) else {
        return TokenStream::new();
    };
    let in_field = ident(&in_token.field);
    let out_field = ident(&out_token.field);
    let read_token = if out_token.is_optional() {
        quote!(output.#out_field.as_deref())
    } else {
        quote!(::std::option::Option::Some(output.#out_field.as_str()))
    };
    let page_size = p.page_size.as_ref().and_then(|w| member(&op.input, w)).map(|m| {
        let setter = ident(&m.field);
        let t = super::rust_type(&m.ty.ty);
        let d = format!(" Sets the page size (`{}`).", m.wire_name);
        quote! {
            #[doc = #d]
            pub fn page_size(mut self, size: #t) -> Self {
                self.input = self.input.#setter(size);
                self
            }
        }
    });
    let items = p.items.as_ref().and_then(|w| member(&op.output, w)).and_then(|m| match &m.ty.ty {
        Type::List(e) => Some((m, super::rust_type(&e.ty))),
        _ => None,
    });
    let items_example = items.as_ref().map(|(m, _)| {
        format!(
            "\n// Or every item of every page:\nlet all = client.{}(){required}.into_paginator().items().collect().await?;\nprintln!(\"{{}} {}\", all.len());",
            op.snake,
            m.wire_name
        )
    });
    let items_fn = items.map(|(m, item)| {
        let f = ident(&m.field);
        let take = if m.is_optional() { quote!(output.#f.unwrap_or_default()) } else { quote!(output.#f) };
        let d = format!(" Every item (`{}`) of every page, in order.", m.wire_name);
        quote! {
            #[doc = #d]
            pub fn items(self) -> ::smithy_rt::client::paginate::ItemStream<#input, #item> {
                fn take(output: #output) -> ::std::vec::Vec<#item> {
                    #take
                }
                self.send().items(take)
            }
        }
    });
    let example = format!(
        "```no_run\n# async fn example(client: {crate_ident}::Client) -> Result<(), {crate_ident}::Error> {{\nlet mut pages = client.{}(){required}.into_paginator().send();\nwhile let Some(page) = pages.next().await {{\n    let page = page?;\n    println!(\"{{:?}}\", page);\n}}{}\n# Ok(())\n# }}\n```",
        op.snake,
        items_example.unwrap_or_default()
    );
    let doc_text = format!(
        "Pages of `{}`, following `{}` until the service returns none.\n\nA service that returns a token it was already sent ends the pages with [`SdkError::Pagination`](::smithy_rt::client::SdkError::Pagination) instead of looping.\n\n{example}",
        op.name, p.output_token
    );
    let paginator_doc = doc(&doc_text);
    let _ = ir;
    quote! {
        #[cfg(feature = "client")]
        impl #fluent {
            /// Sends this request page by page; see [`#paginator`].
            pub fn into_paginator(self) -> #paginator {
                #paginator { client: self.client, input: self.input }
            }
        }

        #paginator_doc
        #[cfg(feature = "client")]
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct #paginator {
            client: crate::Client,
            input: #builder,
        }

        #[cfg(feature = "client")]
        impl #paginator {
            #page_size

            /// The pages, in order, as a `Stream` (also usable with its own `next()`).
            pub fn send(self) -> ::smithy_rt::client::paginate::PageStream<#input> {
                fn next_token(output: &#output) -> ::std::option::Option<&str> {
                    #read_token
                }
                fn input_token(input: &#input) -> ::std::option::Option<&str> {
                    input.#in_field.as_deref()
                }
                fn set_token(input: &mut #input, token: ::std::option::Option<::std::string::String>) {
                    input.#in_field = token;
                }
                ::smithy_rt::client::paginate::PageStream::new(
                    self.client.runtime().clone(),
                    self.input.build_unchecked(),
                    ::smithy_rt::client::paginate::PageAccess { input_token, next_token, set_token },
                )
            }

            #items_fn
        }
    }
}

fn waiter(op: &Operation, w: &crate::ir::Waiter, crate_ident: &str) -> TokenStream {
    use crate::ir::{AcceptorState, Matcher};
    let required = required_setters(op);
    let (input, output) = (ident(&op.input.name), ident(&op.output.name));
    let builder = format_ident!("{}Builder", op.input.name);
    let error = format_ident!("{}Error", op.name);
    let waiter = format_ident!("{}Waiter", w.name);
    let method = format!("wait_until_{}", names::snake_raw(&w.name));
    let name = &w.name;
    let (min, max) = (w.min_delay, w.max_delay);
    let mut acceptor_fns = Vec::new();
    let mut checks = Vec::new();
    for (i, a) in w.acceptors.iter().enumerate() {
        let state = match a.state {
            AcceptorState::Success => quote!(Success),
            AcceptorState::Failure => quote!(Failure),
            AcceptorState::Retry => quote!(Retry),
        };
        let (body, what) = match &a.matcher {
            Matcher::Success(true) => (quote!(result.is_ok()), "the operation succeeds".to_owned()),
            Matcher::Success(false) => (quote!(result.is_err()), "the operation fails".to_owned()),
            Matcher::ErrorType(code) => (
                quote! {
                    match result {
                        ::std::result::Result::Err(e) => e.code() == ::std::option::Option::Some(#code),
                        ::std::result::Result::Ok(_) => false,
                    }
                },
                format!("the error code is `{code}`"),
            ),
            Matcher::Output(pm) | Matcher::InputOutput(pm) => {
                let check = path_check(pm);
                let root = if pm.compiled.from_input { quote!(input) } else { quote!(output) };
                let comparator = match pm.comparator {
                    crate::ir::Comparator::StringEquals => "stringEquals",
                    crate::ir::Comparator::BooleanEquals => "booleanEquals",
                    crate::ir::Comparator::AllStringEquals => "allStringEquals",
                    crate::ir::Comparator::AnyStringEquals => "anyStringEquals",
                };
                (
                    quote! {
                        match result {
                            ::std::result::Result::Ok(output) => {
                                let root = #root;
                                let _ = output;
                                #check
                            }
                            ::std::result::Result::Err(_) => false,
                        }
                    },
                    format!("`{}` {comparator} `{}`", pm.path, pm.expected),
                )
            }
        };
        let state_word = match a.state {
            AcceptorState::Success => "success",
            AcceptorState::Failure => "failure",
            AcceptorState::Retry => "retry",
        };
        let d = format!(" Acceptor {i} ({state_word}): {what}.");
        let f = format_ident!("acceptor_{}", i);
        acceptor_fns.push(quote! {
            #[doc = #d]
            fn #f(input: &#input, result: &::smithy_rt::client::waiter::Poll<#input>) -> bool {
                let _ = input;
                #body
            }
        });
        checks.push(quote! {
            if #f(input, result) {
                return ::std::option::Option::Some((::smithy_rt::client::waiter::AcceptorState::#state, #i));
            }
        });
    }
    let setters = op.input.members.iter().flat_map(setters).map(|s| {
        let (sname, sdoc, params, args) = (s.name, s.doc, s.params, s.args);
        quote! {
            #[doc = #sdoc]
            pub fn #sname(mut self, #params) -> Self {
                self.input = self.input.#sname(#args);
                self
            }
        }
    });
    let summary = if w.docs.is_empty() { format!("Waits with `{}` until the `{name}` waiter's acceptors reach a terminal state.", op.name) } else { w.docs.clone() };
    let doc_text = format!(
        "{summary}\n\nPolls `{}` with Smithy's waiter backoff (between {min} s and {max} s, with jitter) until an acceptor matches or the maximum wait passes; start one with `client.{method}()`.\n\n```no_run\n# async fn example(client: {crate_ident}::Client) -> Result<(), Box<dyn std::error::Error>> {{\nlet outcome = client.{method}(){required}.wait(std::time::Duration::from_secs(600)).await?;\nprintln!(\"matched acceptor {{}} after {{}} polls\", outcome.acceptor, outcome.attempts);\n# Ok(())\n# }}\n```",
        op.name
    );
    let waiter_doc = doc(&doc_text);
    let _ = output;
    quote! {
        #waiter_doc
        #[cfg(feature = "client")]
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct #waiter {
            client: crate::Client,
            input: #builder,
        }

        #[cfg(feature = "client")]
        impl #waiter {
            pub(crate) fn new(client: crate::Client) -> Self {
                Self { client, input: ::std::default::Default::default() }
            }

            #(#setters)*

            /// Polls until a terminal state or until `max_wait` has passed.
            pub async fn wait(
                self,
                max_wait: ::std::time::Duration,
            ) -> ::std::result::Result<
                ::smithy_rt::client::waiter::WaiterOutcome<#output, #error>,
                ::smithy_rt::client::waiter::WaiterError<#output, #error>,
            > {
                fn acceptors(
                    input: &#input,
                    result: &::smithy_rt::client::waiter::Poll<#input>,
                ) -> ::std::option::Option<(::smithy_rt::client::waiter::AcceptorState, usize)> {
                    #(#checks)*
                    ::std::option::Option::None
                }
                #(#acceptor_fns)*
                const SPEC: ::smithy_rt::client::waiter::WaiterSpec<#input> = ::smithy_rt::client::waiter::WaiterSpec {
                    name: #name,
                    min_delay: ::std::time::Duration::from_secs(#min),
                    max_delay: ::std::time::Duration::from_secs(#max),
                    acceptors,
                };
                let input = self.input.build_unchecked();
                ::smithy_rt::client::waiter::wait(self.client.runtime(), &input, &SPEC, max_wait).await
            }
        }
    }
}

/// The Rust expression that evaluates a compiled JMESPath matcher on `root`.
fn path_check(pm: &crate::ir::PathMatcher) -> TokenStream {
    use crate::ir::{Comparator, Leaf};
    let mut values = quote!(::std::iter::once(root));
    for step in &pm.compiled.steps {
        let f = ident(&step.field);
        values = if step.optional {
            quote!(#values.filter_map(|v| v.#f.as_ref()))
        } else {
            quote!(#values.map(|v| &v.#f))
        };
        if step.project {
            values = quote!(#values.flat_map(|v| v.iter()));
        }
    }
    let expected = &pm.expected;
    match (&pm.compiled.leaf, pm.comparator) {
        (Leaf::Boolean, _) if expected == "true" => quote!(#values.next().is_some_and(|v| *v)),
        (Leaf::Boolean, _) => quote!(#values.next().is_some_and(|v| !*v)),
        (Leaf::String | Leaf::Enum(_), Comparator::StringEquals) => {
            quote!(#values.next().is_some_and(|v| v.as_str() == #expected))
        }
        (Leaf::String | Leaf::Enum(_), Comparator::AnyStringEquals) => {
            quote!(#values.any(|v| v.as_str() == #expected))
        }
        (Leaf::String | Leaf::Enum(_), _) => quote!({
            let mut any = false;
            let all = #values.all(|v| {
                any = true;
                v.as_str() == #expected
            });
            any && all
        }),
    }
}
