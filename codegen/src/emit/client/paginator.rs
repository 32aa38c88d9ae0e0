//! Paginators, from `@paginated`.

use super::super::{doc, ident, rust_type};
use super::required_setters_in;
use crate::ir::{Element, Ir, Member, Operation, Paginated, ShapeKind, Structure};
use proc_macro2::TokenStream;
use quote::quote;

fn member<'a>(s: &'a Structure, wire: &str) -> Option<&'a Member> {
    s.members.iter().find(|m| m.wire_name == wire)
}

/// The output member that holds a page's items, and its element, when the
/// model names one and it is a list (the paginator then has `items()`).
pub fn items_member<'a>(op: &'a Operation, p: &Paginated, ir: &'a Ir) -> Option<(&'a Member, &'a Element)> {
    let m = member(&op.output, p.items.as_deref()?)?;
    match &ir.shape(&m.target).kind {
        ShapeKind::List(e) => Some((m, e)),
        _ => None,
    }
}

/// The paginator of an operation and `into_paginator` on its fluent builder.
pub fn paginator(op: &Operation, p: &Paginated, ir: &Ir, crate_ident: &str) -> TokenStream {
    let required = required_setters_in(op, ir, crate_ident);
    let (input, output) = (ident(&op.input.names.ty), ident(&op.output.names.ty));
    let builder = ident(&op.input.names.builder);
    let paginator = ident(&op.names.paginator);
    let method = op.names.method.trim_start_matches("r#");
    // Lowering checked that both tokens are string members, or members of one map type.
    let (Some(in_token), Some(out_token)) = (member(&op.input, &p.input_token), member(&op.output, &p.output_token))
    else {
        return TokenStream::new();
    };
    let in_field = ident(&in_token.names.field);
    let out_field = ident(&out_token.names.field);
    let read_token = if out_token.is_optional() {
        quote!(output.#out_field.as_ref())
    } else {
        quote!(::std::option::Option::Some(&output.#out_field))
    };
    // A string token is the streams' default; a map token is named.
    let token = rust_type(ir, &in_token.target);
    let token_param = matches!(ir.shape(&in_token.target).kind, ShapeKind::Map { .. }).then(|| quote!(, #token));
    let page_size = p.page_size.as_ref().and_then(|w| member(&op.input, w)).map(|m| {
        let setter = ident(&m.names.setter);
        let t = rust_type(ir, &m.target);
        let d = format!(" Sets the page size (`{}`).", m.wire_name);
        quote! {
            #[doc = #d]
            pub fn page_size(mut self, size: #t) -> Self {
                self.inner = self.inner.#setter(size);
                self
            }
        }
    });
    let items = items_member(op, p, ir).map(|(m, e)| (m, rust_type(ir, &e.target)));
    let items_example = items.as_ref().map(|_| {
        format!(
            "\n// Or every item of every page:\nlet all = client.{method}(){required}.into_paginator().items().collect().await?;\nprintln!(\"{{}} items\", all.len());"
        )
    });
    let items_fn = items.map(|(m, item)| {
        let f = ident(&m.names.field);
        let take = if m.is_optional() { quote!(output.#f.unwrap_or_default()) } else { quote!(output.#f) };
        let d = format!(" Every item (`{}`) of every page, in order.", m.wire_name);
        quote! {
            #[doc = #d]
            pub fn items(self) -> ::smithy_rt::client::paginate::ItemStream<#input, #item #token_param> {
                fn take(output: #output) -> ::std::vec::Vec<#item> {
                    #take
                }
                self.send().items(take)
            }
        }
    });
    let example = format!(
        "```no_run\n# async fn example(client: {crate_ident}::Client) -> Result<(), {crate_ident}::Error> {{\nlet mut pages = client.{method}(){required}.into_paginator().send();\nwhile let Some(page) = pages.next().await {{\n    let page = page?;\n    println!(\"{{:?}}\", page);\n}}{}\n# Ok(())\n# }}\n```",
        items_example.unwrap_or_default()
    );
    let paginator_doc = doc(&format!(
        "Pages of `{}`, following `{}` until the service returns none.\n\nA service that returns a token it was already sent ends the pages with [`SdkError::Pagination`](::smithy_rt::client::SdkError::Pagination) instead of looping.\n\n{example}",
        op.name, p.output_token
    ));
    let into_doc = format!(" Sends this request page by page; see [`{}`].", op.names.paginator);
    quote! {
        #[cfg(feature = "client")]
        impl #builder<crate::Client> {
            #[doc = #into_doc]
            pub fn into_paginator(self) -> #paginator {
                #paginator { inner: self }
            }
        }

        #paginator_doc
        #[cfg(feature = "client")]
        #[derive(Clone, Debug)]
        pub struct #paginator {
            inner: #builder<crate::Client>,
        }

        #[cfg(feature = "client")]
        impl #paginator {
            #page_size

            /// The pages, in order, as a `Stream` (also usable with its own `next()`).
            pub fn send(self) -> ::smithy_rt::client::paginate::PageStream<#input #token_param> {
                fn next_token(output: &#output) -> ::std::option::Option<&#token> {
                    #read_token
                }
                fn input_token(input: &#input) -> ::std::option::Option<&#token> {
                    input.#in_field.as_ref()
                }
                fn set_token(input: &mut #input, token: ::std::option::Option<#token>) {
                    input.#in_field = token;
                }
                let (client, input) = self.inner.into_parts();
                ::smithy_rt::client::paginate::PageStream::new(
                    client.runtime().clone(),
                    input,
                    ::smithy_rt::client::paginate::PageAccess { input_token, next_token, set_token },
                )
            }

            #items_fn
        }
    }
}
