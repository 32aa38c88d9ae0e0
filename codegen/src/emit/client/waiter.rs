//! Waiters, from `smithy.waiters#waitable`: the input's builder with the
//! waiter's type as its sink, and `wait`. The acceptors' JMESPath was
//! compiled into member accesses when the IR was built.

use super::super::{doc, ident};
use super::required_setters;
use crate::ir::{AcceptorState, Comparator, Ir, Leaf, Matcher, Operation, PathMatcher, Waiter};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// A waiter's sink type, its builder alias, and `wait`.
pub fn waiter(op: &Operation, w: &Waiter, ir: &Ir, crate_ident: &str) -> TokenStream {
    let (input, output) = (ident(&op.input.names.ty), ident(&op.output.names.ty));
    let builder = ident(&op.input.names.builder);
    let error = ident(&op.names.error);
    let (sink, alias) = (ident(&w.sink), ident(&w.alias));
    let name = &w.name;
    let (min, max) = (w.min_delay, w.max_delay);
    let mut acceptor_fns = Vec::new();
    let mut checks = Vec::new();
    for (i, a) in w.acceptors.iter().enumerate() {
        let (state, state_word) = match a.state {
            AcceptorState::Success => (quote!(Success), "success"),
            AcceptorState::Failure => (quote!(Failure), "failure"),
            AcceptorState::Retry => (quote!(Retry), "retry"),
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
                format!("the error code is {}", crate::docs::code(code)),
            ),
            Matcher::Output(pm) | Matcher::InputOutput(pm) => {
                let check = path_check(pm);
                let root = if pm.compiled.from_input { quote!(input) } else { quote!(output) };
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
                    format!(
                        "{} {} {}",
                        crate::docs::code(&pm.path),
                        pm.comparator.model_name(),
                        crate::docs::code(&pm.expected)
                    ),
                )
            }
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
    let summary = if w.docs.is_empty() {
        format!("Waits with `{}` until the `{name}` waiter's acceptors reach a terminal state.", op.name)
    } else {
        w.docs.clone()
    };
    let alias_doc = doc(&format!(
        "{summary}\n\nPolls `{}` with Smithy's waiter backoff (between {min} s and {max} s, with jitter) until an acceptor matches or the maximum wait passes; start one with `client.{}()`. It is [`{}`] with [`{}`] as its sink: the same setters, and [`wait`]({}::wait).\n\n```no_run\n# async fn example(client: {crate_ident}::Client) -> Result<(), Box<dyn std::error::Error>> {{\nlet outcome = client.{}(){}.wait(std::time::Duration::from_secs(600)).await?;\nprintln!(\"matched acceptor {{}} after {{}} polls\", outcome.acceptor, outcome.attempts);\n# Ok(())\n# }}\n```",
        op.name, w.method, op.input.names.builder, w.sink, op.input.names.builder, w.method, required_setters(op, ir),
    ));
    let sink_doc = format!(" The sink of [`{}`]: the client that polls for the `{name}` waiter.", w.alias);
    quote! {
        #[doc = #sink_doc]
        #[cfg(feature = "client")]
        #[derive(Clone, Debug)]
        pub struct #sink(pub(crate) crate::Client);

        #alias_doc
        #[cfg(feature = "client")]
        pub type #alias = #builder<#sink>;

        #[cfg(feature = "client")]
        impl #builder<#sink> {
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
                let (#sink(client), input) = self.into_parts();
                ::smithy_rt::client::waiter::wait(client.runtime(), &input, &SPEC, max_wait).await
            }
        }
    }
}

/// The Rust expression that evaluates a compiled JMESPath matcher on `root`.
fn path_check(pm: &PathMatcher) -> TokenStream {
    let mut values = quote!(::std::iter::once(root));
    for step in &pm.compiled.steps {
        let f = ident(&step.field);
        values =
            if step.optional { quote!(#values.filter_map(|v| v.#f.as_ref())) } else { quote!(#values.map(|v| &v.#f)) };
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
        (Leaf::String | Leaf::Enum(_), Comparator::AnyStringEquals) => quote!(#values.any(|v| v.as_str() == #expected)),
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
