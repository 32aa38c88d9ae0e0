//! Waiters, from `smithy.waiters#waitable`: the input's builder with the
//! waiter's type as its sink, and `wait` / `wait_with`. The acceptors'
//! JMESPath was compiled into member accesses when the IR was built; each
//! acceptor becomes a function that returns what it saw when it matches, so
//! a failure names the value (`Fleets[].State is ["STOPPED"]`).

use super::super::{doc, ident};
use super::required_setters_in;
use crate::ir::{AcceptorState, Comparator, Ir, Leaf, Matcher, Operation, PathMatcher, Waiter};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// A waiter's sink type, its builder alias, `wait` and `wait_with`.
pub fn waiter(op: &Operation, w: &Waiter, ir: &Ir, crate_ident: &str) -> TokenStream {
    let (input, output) = (ident(&op.input.names.ty), ident(&op.output.names.ty));
    let builder = ident(&op.input.names.builder);
    let error = ident(&op.names.error);
    let (sink, alias) = (ident(&w.sink), ident(&w.alias));
    let name = &w.name;
    let (min, max) = (w.min_delay, w.max_delay);
    let mut acceptor_fns = Vec::new();
    let mut acceptors = Vec::new();
    for (i, a) in w.acceptors.iter().enumerate() {
        let (state, state_word) = match a.state {
            AcceptorState::Success => (quote!(Success), "success"),
            AcceptorState::Failure => (quote!(Failure), "failure"),
            AcceptorState::Retry => (quote!(Retry), "retry"),
        };
        let seen = quote!(::smithy_rt::client::waiter::Seen);
        let (body, matcher, what) = match &a.matcher {
            Matcher::Success(true) => (
                quote!(result.is_ok().then_some(#seen::Succeeded)),
                quote!(Success(true)),
                "the operation succeeds".to_owned(),
            ),
            Matcher::Success(false) => (
                quote! {
                    match result {
                        ::std::result::Result::Err(e) => ::std::option::Option::Some(
                            #seen::Failed(e.code().map(::std::borrow::ToOwned::to_owned)),
                        ),
                        ::std::result::Result::Ok(_) => ::std::option::Option::None,
                    }
                },
                quote!(Success(false)),
                "the operation fails".to_owned(),
            ),
            Matcher::ErrorType(code) => (
                quote! {
                    match result {
                        ::std::result::Result::Err(e) if e.code() == ::std::option::Option::Some(#code) => {
                            ::std::option::Option::Some(#seen::Failed(::std::option::Option::Some(
                                ::std::borrow::ToOwned::to_owned(#code),
                            )))
                        }
                        _ => ::std::option::Option::None,
                    }
                },
                quote!(ErrorType(#code)),
                format!("the error code is {}", crate::docs::code(code)),
            ),
            Matcher::Output(pm) | Matcher::InputOutput(pm) => {
                let check = path_check(pm);
                let root = if pm.compiled.from_input { quote!(input) } else { quote!(output) };
                let variant =
                    if matches!(a.matcher, Matcher::Output(_)) { quote!(Output) } else { quote!(InputOutput) };
                let comparator = match pm.comparator {
                    Comparator::StringEquals => quote!(StringEquals),
                    Comparator::BooleanEquals => quote!(BooleanEquals),
                    Comparator::AllStringEquals => quote!(AllStringEquals),
                    Comparator::AnyStringEquals => quote!(AnyStringEquals),
                };
                let (path, expected) = (&pm.path, &pm.expected);
                (
                    quote! {
                        match result {
                            ::std::result::Result::Ok(output) => {
                                let root = #root;
                                let _ = output;
                                #check
                            }
                            ::std::result::Result::Err(_) => ::std::option::Option::None,
                        }
                    },
                    quote! {
                        #variant {
                            path: #path,
                            comparator: ::smithy_rt::client::waiter::Comparator::#comparator,
                            expected: #expected,
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
        let d = format!(" Acceptor {i} ({state_word}): {what}; what it saw, when it matches.");
        let f = format_ident!("acceptor_{}", i);
        acceptor_fns.push(quote! {
            #[doc = #d]
            fn #f(
                input: &#input,
                result: &::smithy_rt::client::waiter::Poll<#input>,
            ) -> ::std::option::Option<::smithy_rt::client::waiter::Seen> {
                let _ = input;
                #body
            }
        });
        acceptors.push(quote! {
            ::smithy_rt::client::waiter::Acceptor {
                state: ::smithy_rt::client::waiter::AcceptorState::#state,
                matcher: ::smithy_rt::client::waiter::Matcher::#matcher,
                check: #f,
            }
        });
    }
    let summary = if w.docs.is_empty() {
        format!("Waits with `{}` until the `{name}` waiter's acceptors reach a terminal state.", op.name)
    } else {
        w.docs.clone()
    };
    let setters = required_setters_in(op, ir, crate_ident);
    let alias_doc = doc(&format!(
        "{summary}\n\nPolls `{}` with Smithy's waiter backoff (between {min} s and {max} s, with jitter) until an acceptor matches or the maximum wait passes; start one with `client.{}()`. It is [`{}`] with [`{}`] as its sink: the same setters, and [`wait`]({}::wait), or [`wait_with`]({}::wait_with) to change the delays or bound the number of polls.\n\n```no_run\n# async fn example(client: {crate_ident}::Client) -> Result<(), Box<dyn std::error::Error>> {{\nlet outcome = client.{}(){setters}.wait(std::time::Duration::from_secs(600)).await?;\nprintln!(\"matched acceptor {{}} after {{}} polls\", outcome.acceptor(), outcome.attempts());\n# Ok(())\n# }}\n```",
        op.name, w.method, op.input.names.builder, w.sink, op.input.names.builder, op.input.names.builder, w.method,
    ));
    let wait_with_doc = doc(&format!(
        "Polls as `config` says: its maximum wait, and the delays and maximum number of polls it sets instead of the model's (between {min} s and {max} s, no maximum).\n\n```no_run\n# async fn example(client: {crate_ident}::Client) -> Result<(), Box<dyn std::error::Error>> {{\nuse {crate_ident}::waiter::WaiterConfig;\nuse std::time::Duration;\n\nlet config = WaiterConfig::new(Duration::from_secs(300)).min_delay(Duration::from_secs(5)).max_delay(Duration::from_secs(5)).max_attempts(40);\nlet outcome = client.{}(){setters}.wait_with(config).await?;\nprintln!(\"{{}}\", outcome.matched());\n# Ok(())\n# }}\n```",
        w.method,
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
            /// Polls until a terminal state or until `max_wait` has passed,
            /// with the model's delays.
            pub async fn wait(
                self,
                max_wait: ::std::time::Duration,
            ) -> ::std::result::Result<
                ::smithy_rt::client::waiter::WaiterOutcome<#output, #error>,
                ::smithy_rt::client::waiter::WaiterError<#output, #error>,
            > {
                self.wait_with(::smithy_rt::client::waiter::WaiterConfig::new(max_wait)).await
            }

            #wait_with_doc
            pub async fn wait_with(
                self,
                config: ::smithy_rt::client::waiter::WaiterConfig,
            ) -> ::std::result::Result<
                ::smithy_rt::client::waiter::WaiterOutcome<#output, #error>,
                ::smithy_rt::client::waiter::WaiterError<#output, #error>,
            > {
                #(#acceptor_fns)*
                const SPEC: ::smithy_rt::client::waiter::WaiterSpec<#input> = ::smithy_rt::client::waiter::WaiterSpec {
                    name: #name,
                    min_delay: ::std::time::Duration::from_secs(#min),
                    max_delay: ::std::time::Duration::from_secs(#max),
                    acceptors: &[#(#acceptors),*],
                };
                let (#sink(client), input) = self.into_parts();
                ::smithy_rt::client::waiter::wait(client.runtime(), &input, &SPEC, config).await
            }
        }
    }
}

/// The Rust expression that evaluates a compiled JMESPath matcher on `root`:
/// `Some(what it saw)` when it matches, else `None`. Nothing is allocated
/// unless it matches.
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
    let seen = quote!(::smithy_rt::client::waiter::Seen);
    let strings = quote!(#seen::Strings(#values.map(|v| ::std::borrow::ToOwned::to_owned(v.as_str())).collect()));
    match (&pm.compiled.leaf, pm.comparator) {
        (Leaf::Boolean, _) if expected == "true" => quote!(#values.next().filter(|v| **v).map(|v| #seen::Bool(*v))),
        (Leaf::Boolean, _) => quote!(#values.next().filter(|v| !**v).map(|v| #seen::Bool(*v))),
        (Leaf::String | Leaf::Enum(_), Comparator::StringEquals) => quote! {
            #values
                .next()
                .filter(|v| v.as_str() == #expected)
                .map(|v| #seen::String(::std::borrow::ToOwned::to_owned(v.as_str())))
        },
        (Leaf::String | Leaf::Enum(_), Comparator::AnyStringEquals) => quote! {
            if #values.any(|v| v.as_str() == #expected) {
                ::std::option::Option::Some(#strings)
            } else {
                ::std::option::Option::None
            }
        },
        (Leaf::String | Leaf::Enum(_), _) => quote!({
            let mut any = false;
            let all = #values.all(|v| {
                any = true;
                v.as_str() == #expected
            });
            if any && all {
                ::std::option::Option::Some(#strings)
            } else {
                ::std::option::Option::None
            }
        }),
    }
}
