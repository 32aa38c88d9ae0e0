//! Waiters, from `smithy.waiters#waitable`: the input's builder with the
//! waiter's type as its sink, and `wait` / `wait_with`. The acceptors'
//! JMESPath was compiled into member accesses when the IR was built; each
//! acceptor becomes a function that returns what it saw when it matches, so
//! a failure names the value (`Fleets[].State is ["STOPPED"]`).

use super::super::{doc, ident};
use super::required_setters_in;
use crate::ir::{
    AcceptorState, Comparator, Compiled, CompiledPath, Ir, Leaf, Matcher, Operation, PathCompare, PathExpr,
    PathExprKind, PathLiteral, PathMatcher, PathType, ShapeKind, Simple, Waiter,
};
use crate::model::ShapeId;
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
                let (check, from_input) = match &pm.compiled {
                    Compiled::Members(c) => (path_check(pm, c), c.from_input),
                    Compiled::Expression(e) => (Expr { ir }.check(pm, e), false),
                };
                let root = if from_input { quote!(input) } else { quote!(output) };
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
fn path_check(pm: &PathMatcher, compiled: &CompiledPath) -> TokenStream {
    let mut values = quote!(::std::iter::once(root));
    for step in &compiled.steps {
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
    match (&compiled.leaf, pm.comparator) {
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

/// A value of a waiter expression in Rust: known to be there (`T`), or
/// JMESPath's null as `None` (`Option<T>`). Structures are `&T`, strings and
/// enums `&str`, numbers `f64`, lists `Vec` of their elements.
enum Val {
    Some(TokenStream),
    Opt(TokenStream),
}

impl Val {
    fn opt(self) -> TokenStream {
        match self {
            Val::Some(t) => quote!(Some(#t)),
            Val::Opt(t) => t,
        }
    }
}

/// Writes a typed waiter expression ([`PathExpr`]) as Rust over the typed
/// output: closures over iterators, null as `None`, nothing parsed when it
/// runs.
struct Expr<'a> {
    ir: &'a Ir,
}

impl Expr<'_> {
    /// The acceptor's body: `Some(what it saw)` when it matches.
    fn check(&self, pm: &PathMatcher, e: &PathExpr) -> TokenStream {
        let seen = quote!(::smithy_rt::client::waiter::Seen);
        let value = self.value(e, &quote!(root));
        let expected = &pm.expected;
        let body = match pm.comparator {
            Comparator::BooleanEquals => {
                let b = expected == "true";
                match value {
                    Val::Some(x) if b => quote!((#x).then_some(#seen::Bool(true))),
                    Val::Some(x) => quote!((!(#x)).then_some(#seen::Bool(false))),
                    Val::Opt(x) => quote!((#x == Some(#b)).then_some(#seen::Bool(#b))),
                }
            }
            Comparator::StringEquals => {
                let value = value.opt();
                quote! {
                    let value = #value;
                    value
                        .filter(|v| *v == #expected)
                        .map(|v| #seen::String(::std::borrow::ToOwned::to_owned(v)))
                }
            }
            Comparator::AllStringEquals | Comparator::AnyStringEquals => {
                let value = value.opt();
                let test = if pm.comparator == Comparator::AnyStringEquals {
                    quote!(l.iter().any(|v| *v == #expected))
                } else {
                    quote!(!l.is_empty() && l.iter().all(|v| *v == #expected))
                };
                quote! {
                    let values = #value;
                    values
                        .filter(|l| #test)
                        .map(|l| #seen::Strings(l.into_iter().map(::std::borrow::ToOwned::to_owned).collect()))
                }
            }
        };
        let uses_some = mentions(&body, "Some");
        let import = uses_some.then(|| {
            quote!(
                use ::std::option::Option::Some;
            )
        });
        quote!({
            #import
            #body
        })
    }

    fn value(&self, e: &PathExpr, cur: &TokenStream) -> Val {
        match &e.kind {
            PathExprKind::Current => Val::Some(cur.clone()),
            PathExprKind::Field { of, field, optional, boxed, target } => {
                let f = ident(field);
                match self.value(of, cur) {
                    Val::Some(base) => self.field(&base, &f, *optional, *boxed, target),
                    Val::Opt(base) => match self.field(&quote!(v), &f, *optional, *boxed, target) {
                        Val::Some(x) => Val::Opt(quote!(#base.map(|v| #x))),
                        Val::Opt(x) => Val::Opt(quote!(#base.and_then(|v| #x))),
                    },
                }
            }
            PathExprKind::Literal(PathLiteral::String(s)) => Val::Some(quote!(#s)),
            PathExprKind::Literal(PathLiteral::Number(n)) => {
                let n = proc_macro2::Literal::f64_suffixed(*n);
                Val::Some(quote!(#n))
            }
            PathExprKind::Literal(PathLiteral::Boolean(b)) => Val::Some(quote!(#b)),
            PathExprKind::Not(a) => match self.value(a, cur) {
                Val::Some(a) => Val::Some(quote!(!(#a))),
                Val::Opt(a) => Val::Some(quote!(#a != Some(true))),
            },
            PathExprKind::And(a, b) => match (self.value(a, cur), self.value(b, cur)) {
                (Val::Some(a), Val::Some(b)) => Val::Some(quote!((#a) && (#b))),
                (a, b) => {
                    let (a, b) = (a.opt(), b.opt());
                    Val::Opt(quote!(match #a { Some(true) => #b, other => other }))
                }
            },
            PathExprKind::Or(a, b) => match (self.value(a, cur), self.value(b, cur)) {
                (Val::Some(a), Val::Some(b)) => Val::Some(quote!((#a) || (#b))),
                (a, b) => {
                    let (a, b) = (a.opt(), b.opt());
                    Val::Opt(quote!(match #a { Some(true) => Some(true), _ => #b }))
                }
            },
            PathExprKind::Compare(op, a, b) => {
                let sym = match op {
                    PathCompare::Eq => quote!(==),
                    PathCompare::Ne => quote!(!=),
                    PathCompare::Lt => quote!(<),
                    PathCompare::Le => quote!(<=),
                    PathCompare::Gt => quote!(>),
                    PathCompare::Ge => quote!(>=),
                };
                match (self.value(a, cur), self.value(b, cur)) {
                    (Val::Some(a), Val::Some(b)) => Val::Some(quote!(#a #sym #b)),
                    (a, b) if matches!(op, PathCompare::Eq | PathCompare::Ne) => {
                        let (a, b) = (a.opt(), b.opt());
                        Val::Some(quote!(#a #sym #b))
                    }
                    (Val::Opt(a), Val::Some(b)) => Val::Opt(quote!(#a.map(|a| a #sym #b))),
                    (Val::Some(a), Val::Opt(b)) => Val::Opt(quote!(#b.map(|b| #a #sym b))),
                    (Val::Opt(a), Val::Opt(b)) => Val::Opt(quote!(#a.zip(#b).map(|(a, b)| a #sym b))),
                }
            }
            PathExprKind::Length(a) => {
                let len = if a.ty.is_string() { quote!(chars().count()) } else { quote!(len()) };
                let arg = self.raw_list(a, cur).map(|(v, _)| v).unwrap_or_else(|| self.value(a, cur));
                match arg {
                    Val::Some(x) => Val::Some(quote!(#x.#len as f64)),
                    Val::Opt(x) => Val::Opt(quote!(#x.map(|x| x.#len as f64))),
                }
            }
            PathExprKind::Contains(a, b) => {
                let search = |l: TokenStream, x: TokenStream| {
                    if a.ty.is_string() {
                        quote!(#l.contains(#x))
                    } else {
                        quote!(#l.contains(&#x))
                    }
                };
                match (self.value(a, cur), self.value(b, cur)) {
                    (Val::Some(l), Val::Some(x)) => Val::Some(search(l, x)),
                    (Val::Opt(l), Val::Some(x)) => {
                        let s = search(quote!(l), x);
                        Val::Opt(quote!(#l.map(|l| #s)))
                    }
                    (Val::Some(l), Val::Opt(x)) => {
                        let s = search(l, quote!(x));
                        Val::Some(quote!(#x.is_some_and(|x| #s)))
                    }
                    (Val::Opt(l), Val::Opt(x)) => {
                        let s = search(quote!(l), quote!(x));
                        Val::Opt(quote!(#l.map(|l| #x.is_some_and(|x| #s))))
                    }
                }
            }
            PathExprKind::Project { list, flatten, filter, each } => {
                let nested = matches!(&list.ty, PathType::List(e) if matches!(**e, PathType::List(_)));
                let (source, iter) = match self.raw_list(list, cur) {
                    Some((v, elem)) => (v, self.iter_ref(&quote!(l), &elem)),
                    None => (self.value(list, cur), quote!(l.into_iter())),
                };
                let mut chain = iter;
                if *flatten && nested {
                    chain = quote!(#chain.flatten());
                }
                if let Some(f) = filter {
                    let cond = match self.value(f, &quote!(v)) {
                        Val::Some(c) => c,
                        Val::Opt(c) => quote!(#c == Some(true)),
                    };
                    chain = quote!(#chain.filter(|&v| #cond));
                }
                match self.value(each, &quote!(v)) {
                    Val::Some(x) if matches!(each.kind, PathExprKind::Current) => drop(x),
                    Val::Some(x) => chain = quote!(#chain.map(|v| #x)),
                    Val::Opt(x) => chain = quote!(#chain.filter_map(|v| #x)),
                }
                let chain = quote!(#chain.collect::<::std::vec::Vec<_>>());
                match source {
                    Val::Some(l) => Val::Some(quote!({ let l = #l; #chain })),
                    Val::Opt(l) => Val::Opt(quote!(#l.map(|l| #chain))),
                }
            }
        }
    }

    /// A list member as it is held (`&Vec<T>`), and its element's shape, so
    /// it is iterated or measured without being copied into a `Vec` first.
    fn raw_list(&self, e: &PathExpr, cur: &TokenStream) -> Option<(Val, ShapeId)> {
        let PathExprKind::Field { of, field, optional, target, .. } = &e.kind else { return None };
        let ShapeKind::List(elem) = &self.ir.shape(target).kind else { return None };
        let f = ident(field);
        let get = |base: &TokenStream| if *optional { quote!(#base.#f.as_ref()) } else { quote!(&#base.#f) };
        let v = match self.value(of, cur) {
            Val::Some(base) if *optional => Val::Opt(get(&base)),
            Val::Some(base) => Val::Some(get(&base)),
            Val::Opt(base) if *optional => Val::Opt(quote!(#base.and_then(|v| v.#f.as_ref()))),
            Val::Opt(base) => Val::Opt(quote!(#base.map(|v| &v.#f))),
        };
        Some((v, elem.target.clone()))
    }

    /// A member's value read through `base` (a reference to its structure).
    fn field(&self, base: &TokenStream, f: &proc_macro2::Ident, optional: bool, boxed: bool, target: &ShapeId) -> Val {
        let place = quote!(#base.#f);
        match (&self.ir.shape(target).kind, optional) {
            (ShapeKind::Structure(_), true) if boxed => Val::Opt(quote!(#place.as_deref())),
            (ShapeKind::Structure(_), true) => Val::Opt(quote!(#place.as_ref())),
            (ShapeKind::Structure(_), false) if boxed => Val::Some(quote!(&*#place)),
            (ShapeKind::Structure(_), false) => Val::Some(quote!(&#place)),
            (ShapeKind::Simple(Simple::String), true) => Val::Opt(quote!(#place.as_deref())),
            (ShapeKind::Simple(Simple::String) | ShapeKind::Enum(_), false) => Val::Some(quote!(#place.as_str())),
            (ShapeKind::Enum(_), true) => Val::Opt(quote!(#place.as_ref().map(|x| x.as_str()))),
            (ShapeKind::Simple(Simple::Boolean | Simple::Double), true) => Val::Opt(place),
            (ShapeKind::Simple(Simple::Boolean | Simple::Double), false) => Val::Some(place),
            (ShapeKind::Simple(Simple::Long), true) => Val::Opt(quote!(#place.map(|x| x as f64))),
            (ShapeKind::Simple(Simple::Long), false) => Val::Some(quote!(#place as f64)),
            (ShapeKind::Simple(_), true) => Val::Opt(quote!(#place.map(f64::from))),
            (ShapeKind::Simple(_), false) => Val::Some(quote!(f64::from(#place))),
            (_, true) => {
                let lifted = self.lift_ref(&quote!(x), target);
                Val::Opt(quote!(#place.as_ref().map(|x| #lifted)))
            }
            (_, false) => Val::Some(self.lift_ref(&place, target)),
        }
    }

    /// The value of `x`, a `&T` of shape `target` (or a place of it).
    fn lift_ref(&self, x: &TokenStream, target: &ShapeId) -> TokenStream {
        match &self.ir.shape(target).kind {
            ShapeKind::Simple(Simple::String) | ShapeKind::Enum(_) => quote!(#x.as_str()),
            ShapeKind::Simple(Simple::Boolean | Simple::Double) => quote!(*#x),
            ShapeKind::Simple(Simple::Long) => quote!(*#x as f64),
            ShapeKind::Simple(_) => quote!(f64::from(*#x)),
            ShapeKind::List(e) => {
                let iter = self.iter_ref(x, &e.target);
                quote!(#iter.collect::<::std::vec::Vec<_>>())
            }
            _ => x.clone(),
        }
    }

    /// An iterator over the values of `l`, a `&Vec<T>` of elements `elem`.
    fn iter_ref(&self, l: &TokenStream, elem: &ShapeId) -> TokenStream {
        match &self.ir.shape(elem).kind {
            ShapeKind::Structure(_) => quote!(#l.iter()),
            _ => {
                let lifted = self.lift_ref(&quote!(x), elem);
                quote!(#l.iter().map(|x| #lifted))
            }
        }
    }
}

/// Whether `tokens` contain the identifier `name`.
fn mentions(tokens: &TokenStream, name: &str) -> bool {
    tokens.clone().into_iter().any(|t| match t {
        proc_macro2::TokenTree::Ident(i) => i == name,
        proc_macro2::TokenTree::Group(g) => mentions(&g.stream(), name),
        _ => false,
    })
}
