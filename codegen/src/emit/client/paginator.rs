//! Paginators, from `@paginated`.

use super::super::{doc, ident, rust_type};
use super::required_setters_in;
use crate::ir::{Element, Ir, Member, Operation, Paginated, ShapeKind, Structure};
use proc_macro2::TokenStream;
use quote::quote;

fn member<'a>(s: &'a Structure, wire: &str) -> Option<&'a Member> {
    s.members.iter().find(|m| m.wire_name == wire)
}

/// The members along `path` (`.`-separated wire names) from `s`: the
/// first in `s`, each next one in the structure the previous one targets.
/// Lowering checked that the path exists.
pub fn member_path<'a>(s: &'a Structure, path: &str, ir: &'a Ir) -> Option<Vec<&'a Member>> {
    let mut segments = path.split('.');
    let mut out = vec![member(s, segments.next()?)?];
    for segment in segments {
        let next = ir.structure(&out.last()?.target)?;
        out.push(member(next, segment)?);
    }
    Some(out)
}

/// The output members that lead to a page's items, and the items' element,
/// when the model names them and they are a list (the paginator then has
/// `items()`).
pub fn items_member<'a>(op: &'a Operation, p: &Paginated, ir: &'a Ir) -> Option<(Vec<&'a Member>, &'a Element)> {
    let path = member_path(&op.output, p.items.as_deref()?, ir)?;
    match &ir.shape(&path.last()?.target).kind {
        ShapeKind::List(e) => Some((path, e)),
        _ => None,
    }
}

/// Statements that walk `path` from `v0` (a reference when `by_ref`, else
/// owned) to the last member's structure, in a function returning `Option`:
/// a missing optional member ends the walk with `None`. The last one holds
/// the value reached, as `(statements, name)`.
fn walk(path: &[&Member], by_ref: bool) -> (TokenStream, proc_macro2::Ident) {
    let mut steps = TokenStream::new();
    let mut at = ident("v0");
    for (i, m) in path.iter().enumerate() {
        let f = ident(&m.names.field);
        let next = ident(&format!("v{}", i + 1));
        let step = match (by_ref, m.is_optional(), m.boxed) {
            (true, true, _) => quote! { let #next = #at.#f.as_ref()?; },
            (true, false, _) => quote! { let #next = &#at.#f; },
            (false, true, false) => quote! { let #next = #at.#f?; },
            (false, true, true) => quote! { let #next = *#at.#f?; },
            (false, false, false) => quote! { let #next = #at.#f; },
            (false, false, true) => quote! { let #next = *#at.#f; },
        };
        steps.extend(step);
        at = next;
    }
    (steps, at)
}

/// The paginator of an operation and `into_paginator` on its fluent builder.
pub fn paginator(op: &Operation, p: &Paginated, ir: &Ir, crate_ident: &str) -> TokenStream {
    let required = required_setters_in(op, ir, crate_ident);
    let (input, output) = (ident(&op.input.names.ty), ident(&op.output.names.ty));
    let builder = ident(&op.input.names.builder);
    let paginator = ident(&op.names.paginator);
    let method = op.names.method.trim_start_matches("r#");
    // Lowering checked that both tokens are string members, or members of one map type.
    let (Some(in_token), Some(out_path)) =
        (member(&op.input, &p.input_token), member_path(&op.output, &p.output_token, ir))
    else {
        return TokenStream::new();
    };
    let in_field = ident(&in_token.names.field);
    let read_token = match out_path.as_slice() {
        [out_token] => {
            let out_field = ident(&out_token.names.field);
            if out_token.is_optional() {
                quote!(output.#out_field.as_ref())
            } else {
                quote!(::std::option::Option::Some(&output.#out_field))
            }
        }
        [along @ .., last] => {
            let (steps, at) = walk(along, true);
            let f = ident(&last.names.field);
            let value =
                if last.is_optional() { quote!(#at.#f.as_ref()) } else { quote!(::std::option::Option::Some(&#at.#f)) };
            quote! { let v0 = output; #steps #value }
        }
        [] => return TokenStream::new(),
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
    let items = items_member(op, p, ir).map(|(path, e)| (path, rust_type(ir, &e.target)));
    let items_example = items.as_ref().map(|_| {
        format!(
            "\n// Or every item of every page:\nlet all = client.{method}(){required}.into_paginator().items().collect().await?;\nprintln!(\"{{}} items\", all.len());"
        )
    });
    let items_fn = items.map(|(path, item)| {
        let (along, m) = path.split_at(path.len() - 1);
        let m = m[0];
        let f = ident(&m.names.field);
        let take = match (along.is_empty(), m.is_optional()) {
            (true, true) => quote!(output.#f.unwrap_or_default()),
            (true, false) => quote!(output.#f),
            (false, optional) => {
                let (steps, at) = walk(along, false);
                let value = if optional { quote!(#at.#f) } else { quote!(::std::option::Option::Some(#at.#f)) };
                quote! {
                    fn along(v0: #output) -> ::std::option::Option<::std::vec::Vec<#item>> {
                        #steps
                        #value
                    }
                    along(output).unwrap_or_default()
                }
            }
        };
        let d = format!(" Every item (`{}`) of every page, in order.", p.items.as_deref().unwrap_or_default());
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
