//! Error enums: one per operation, with a variant per error the model
//! declares and `Unhandled`, and the crate-level `ServiceError` and `Error`.
//!
//! A response's code is mapped to a variant through one generic function of
//! the runtime (`ErrorResponse::parse_modeled`); `code()`, `message()` and
//! `Display` go through one `inner()` match per enum. An enum's `Display` is
//! the inner error's, so it returns no `source()`: the chain would show the
//! same line twice.

use super::super::{doc, ident};
use crate::ir::{Ir, Operation, Retry, Structure};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// The error enum of an operation.
pub fn operation_error(op: &Operation, ir: &Ir) -> TokenStream {
    let errors: Vec<&Structure> = op.errors.iter().filter_map(|e| ir.structure(e)).collect();
    let name = ident(&op.names.error);
    let enum_doc = format!(
        "The errors `{}` can return: one variant per error the model declares, and \
         `Unhandled` for any other error code (its code, message and request id are kept).",
        op.name
    );
    let body = error_enum(&name, &errors, &enum_doc, false);
    let variants: Vec<Ident> = errors.iter().map(|e| ident(&e.variant)).collect();
    // A query-compatible service's code is the `@awsQueryError` code when
    // the `x-amzn-query-error` header carries it, the shape name otherwise.
    let codes = op.errors.iter().filter_map(|e| Some((e, ir.structure(e)?))).map(|(e, s)| {
        let ty = ident(&s.names.ty);
        match ir.service.error_behaviour.get(e).and_then(|b| b.query_code.as_deref()) {
            Some(query) => quote!(crate::error::#ty::CODE | #query),
            None => quote!(crate::error::#ty::CODE),
        }
    });
    let from_response = if errors.is_empty() {
        quote!(Self::Unhandled(response.into_unhandled()))
    } else {
        quote! {
            match response.code() {
                #( #codes => response.parse_modeled(Self::#variants, Self::Unhandled), )*
                _ => Self::Unhandled(response.into_unhandled()),
            }
        }
    };
    let retries: Vec<TokenStream> = op
        .errors
        .iter()
        .filter_map(|e| {
            let s = ir.structure(e)?;
            let kind = match ir.service.error_behaviour.get(e)?.retry? {
                Retry::Transient => quote!(Transient),
                Retry::Throttling => quote!(Throttling),
            };
            let v = ident(&s.variant);
            Some(quote!(Self::#v(_) => ::std::option::Option::Some(::smithy_rt::client::ModeledRetry::#kind),))
        })
        .collect();
    let modeled_retry = (!retries.is_empty()).then(|| {
        quote! {
            /// The errors the model marks `@retryable`, which the client retries.
            fn modeled_retry(&self) -> ::std::option::Option<::smithy_rt::client::ModeledRetry> {
                match self {
                    #(#retries)*
                    _ => ::std::option::Option::None,
                }
            }
        }
    });
    quote! {
            #body

            #[cfg(feature = "client")]
            impl ::smithy_rt::client::ServiceError for #name {
                fn from_response(response: ::smithy_rt::client::ErrorResponse) -> Self {
    #from_response
                }

                #modeled_retry
            }

            #[cfg(feature = "client")]
            impl ::std::convert::From<#name> for crate::error::ServiceError {
                fn from(e: #name) -> Self {
                    match e {
                        #( #name::#variants(e) => Self::#variants(e), )*
                        #name::Unhandled(e) => Self::Unhandled(e),
                    }
                }
            }
        }
}

/// An enum of `errors` and `Unhandled`, with `is_*`, `code()`,
/// `message()`, `Display` and `Error`.
fn error_enum(name: &Ident, errors: &[&Structure], enum_doc: &str, local: bool) -> TokenStream {
    let link = |ty: &str| if local { format!("[`{ty}`]") } else { format!("[`{ty}`](crate::error::{ty})") };
    let enum_doc = doc(enum_doc);
    let variants: Vec<Ident> = errors.iter().map(|e| ident(&e.variant)).collect();
    let types: Vec<Ident> = errors.iter().map(|e| ident(&e.names.ty)).collect();
    let variant_docs = errors.iter().map(|e| format!(" {}.", link(&e.names.ty)));
    let inner = if errors.is_empty() {
        quote!(let Self::Unhandled(e) = self; e)
    } else {
        quote!(match self { #( Self::#variants(e) => e, )* Self::Unhandled(e) => e, })
    };
    let is_fns = errors.iter().map(|e| {
        let f = is_fn(e);
        let v = ident(&e.variant);
        let d = format!(" Whether this is a {}.", link(&e.names.ty));
        quote! {
            #[doc = #d]
            pub fn #f(&self) -> bool {
                ::std::matches!(self, Self::#v(_))
            }
        }
    });
    quote! {
        #enum_doc
        #[cfg(feature = "client")]
        #[derive(Debug)]
        #[non_exhaustive]
        // Boxing variants by size would change the API whenever an error grew.
        #[allow(clippy::large_enum_variant, reason = "a variant holds its error unboxed")]
        pub enum #name {
            #( #[doc = #variant_docs] #variants(crate::error::#types), )*
            /// An error code the model does not declare here.
            Unhandled(::smithy_rt::client::UnhandledError),
        }

        #[cfg(feature = "client")]
        impl #name {
            #(#is_fns)*

            /// The error code.
            pub fn code(&self) -> ::std::option::Option<&str> {
                ::smithy_rt::client::ErrorMeta::code(self.inner())
            }

            /// The message the service sent, if any.
            pub fn message(&self) -> ::std::option::Option<&str> {
                ::smithy_rt::client::ErrorMeta::message(self.inner())
            }

            fn inner(&self) -> &dyn ::smithy_rt::client::ErrorMeta {
                #inner
            }
        }

        #[cfg(feature = "client")]
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(self.inner(), f)
            }
        }

        #[cfg(feature = "client")]
        impl ::std::error::Error for #name {}
    }
}

/// The `is_*` method of the error `e` in every enum that holds it and in
/// the crate's `Error`, named from the variant the IR decided for it.
fn is_fn(e: &Structure) -> Ident {
    ident(&crate::names::is_variant_fn(&e.variant))
}

/// The crate-level error and the union of every modelled error, for `error/mod.rs`.
pub fn crate_error(ir: &Ir) -> TokenStream {
    let errors = ir.errors();
    let service_error = error_enum(
        &ident("ServiceError"),
        &errors,
        "Any error the model declares, or one it does not (`Unhandled`). Every operation's error enum converts into it.",
        true,
    );
    let is_fns = errors.iter().map(|e| {
        let f = is_fn(e);
        let d = format!(" Whether the service answered with a [`{}`].", e.names.ty);
        quote! {
            #[doc = #d]
            pub fn #f(&self) -> bool {
                self.0.service_error().is_some_and(ServiceError::#f)
            }
        }
    });
    quote! {
        #service_error

        /// Any failure of any operation, so that `?` works across operations:
        /// every `SdkError<OperationError>` and every builder's `BuildError`
        /// converts into it. One pointer wide.
        #[cfg(feature = "client")]
        #[derive(Debug)]
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

            /// The operation that failed (`CreateFleet`); `None` for a
            /// builder's error converted with `?`.
            pub fn operation(&self) -> ::std::option::Option<&'static str> {
                self.0.operation()
            }

            #(#is_fns)*
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
