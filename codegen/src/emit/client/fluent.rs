//! Fluent builders: the input's builder with the client as its sink, and
//! `send`. The setters are the input builder's own.

use super::super::{doc, ident};
use crate::ir::{Auth, HostSegment, Ir, Operation};
use proc_macro2::TokenStream;
use quote::quote;

/// The fluent builder alias and `send` of an operation.
pub fn fluent(op: &Operation, ir: &Ir) -> TokenStream {
    let (input, output) = (ident(&op.input.names.ty), ident(&op.output.names.ty));
    let builder = ident(&op.input.names.builder);
    let error = ident(&op.names.error);
    let fluent = ident(&op.names.fluent);
    let method = op.names.method.trim_start_matches("r#");
    let fluent_doc = doc(&format!(
        "Builds and sends a `{}` request; start one with [`Client::{method}`](crate::Client::{method}).\n\n\
         It is [`{}`] with the client as its sink: the same setters, and [`send`]({}::send).",
        op.name, op.input.names.builder, op.input.names.builder
    ));
    let auth = ident(match op.auth {
        Auth::SigV4 => "SigV4",
        Auth::OptionalSigV4 => "OptionalSigV4",
        Auth::Anonymous => "Anonymous",
    });
    let host_prefix = (!op.host_prefix.is_empty()).then(|| {
        let segments = op.host_prefix.iter().map(|s| match s {
            HostSegment::Literal(text) => quote!(::smithy_rt::client::HostPrefixSegment::Literal(#text)),
            HostSegment::Label { wire_name, .. } => quote!(::smithy_rt::client::HostPrefixSegment::Label(#wire_name)),
        });
        let mut labels: Vec<(&str, &str)> = op
            .host_prefix
            .iter()
            .filter_map(|s| match s {
                HostSegment::Label { wire_name, field } => Some((wire_name.as_str(), field.as_str())),
                HostSegment::Literal(_) => None,
            })
            .collect();
        labels.sort();
        labels.dedup();
        let arms = labels.iter().map(|(wire, field)| {
            let field = ident(field);
            quote!(#wire => self.#field.as_deref(),)
        });
        // A prefix without labels (`data.`) reads no member.
        let host_label = (!labels.is_empty()).then(|| {
            quote! {
                fn host_label(&self, member: &str) -> ::std::option::Option<&str> {
                    match member {
                        #(#arms)*
                        _ => ::std::option::Option::None,
                    }
                }
            }
        });
        quote! {
            const HOST_PREFIX: &'static [::smithy_rt::client::HostPrefixSegment] = &[#(#segments),*];
            #host_label
        }
    });
    let discovery = op.discovered_endpoint.zip(ir.service.endpoint_discovery.as_ref()).map(|(required, d)| {
        let kind = ident(if required { "Required" } else { "Optional" });
        let code = match &d.invalid_endpoint_code {
            Some(c) => quote!(::std::option::Option::Some(#c)),
            None => quote!(::std::option::Option::None),
        };
        quote! {
            const ENDPOINT_DISCOVERY: ::smithy_rt::client::EndpointDiscovery = ::smithy_rt::client::EndpointDiscovery::#kind {
                discover: crate::client::discover_endpoint,
                invalid_endpoint_code: #code,
            };
        }
    });
    let endpoint_rules = ir.service.endpoint_rules.as_ref().filter(|_| !op.endpoint_context.is_empty()).map(|r| {
        let resolve = crate::emit::endpoint::operation_rules(r, &op.endpoint_context);
        quote! {
            const ENDPOINT_RULES: ::std::option::Option<
                fn(&Self, &::smithy_rt::rules::BuiltIns<'_>)
                    -> ::std::result::Result<::smithy_rt::rules::Endpoint, ::smithy_rt::rules::EndpointError>,
            > = #resolve;
        }
    });
    quote! {
        #fluent_doc
        #[cfg(feature = "client")]
        pub type #fluent = #builder<crate::Client>;

        #[cfg(feature = "client")]
        impl ::smithy_rt::client::Operation for #input {
            const NAME: &'static str = NAME;
            type Output = #output;
            type Error = #error;
            const AUTH: ::smithy_rt::client::AuthMode = ::smithy_rt::client::AuthMode::#auth;
            #discovery
            #endpoint_rules

            fn validate(
                &self,
                mode: ::smithy_rt::validate::ValidationMode,
            ) -> ::std::result::Result<(), ::smithy_rt::validate::ValidationErrors> {
                #input::validate(self, mode)
            }

            #host_prefix
        }

        #[cfg(feature = "client")]
        impl #builder<crate::Client> {
            /// Sends the input: the client validates it with its validation
            /// mode (reporting every missing required member and every
            /// violated constraint at once), then signs and sends it,
            /// retrying as configured.
            pub async fn send(self) -> ::std::result::Result<#output, ::smithy_rt::client::SdkError<#error>> {
                let (client, input) = self.into_parts();
                client.invoke(&input).await
            }
        }
    }
}
