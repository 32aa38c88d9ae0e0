//! Validators: `validate(mode)` on every structure that requests carry,
//! checking every constraint trait with Smithy's semantics.
//!
//! A constraint belongs to the shape that declares it, so its check is
//! written once: structures get a `validate_into` method; constrained lists,
//! maps, enums and simple shapes get a function in the crate's private
//! `validation` module, with one `static` per distinct pattern. A member
//! calls its target's check; only a member with constraint traits of its
//! own has its checks written inline (its traits override its target's,
//! trait by trait). What each check means lives in
//! `smithy_rt::validate::Collector`, written once.

use super::ident;
use crate::ir::{Bounds, Constraints, Element, Ir, ShapeKind, Simple, Structure};
use crate::model::ShapeId;
use crate::pattern::simple_form;
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use std::cell::RefCell;
use std::collections::BTreeSet;

/// The check functions and patterns that emitted code refers to, so that
/// `validation.rs` holds exactly those.
#[derive(Debug, Default)]
pub struct Used {
    fns: RefCell<BTreeSet<ShapeId>>,
    patterns: RefCell<BTreeSet<usize>>,
}

impl Used {
    /// Adds what `other` records to what `self` records.
    pub fn merge(&self, other: &Used) {
        self.fns.borrow_mut().extend(other.fns.borrow().iter().cloned());
        self.patterns.borrow_mut().extend(other.patterns.borrow().iter().copied());
    }
}

/// `validate` and `validate_into` for a structure.
pub fn emit(s: &Structure, ir: &Ir, used: &Used) -> TokenStream {
    let name = ident(&s.names.ty);
    let root = &s.model_name;
    let checks: Vec<TokenStream> = s.members.iter().map(|m| member(ir, m, used)).filter(|t| !t.is_empty()).collect();
    let doc = super::doc(&format!(
        "Checks this value's constraints; every violation is reported, located from `{root}`.\n\n\
         [`ValidationMode::Standard`](::smithy_rt::validate::ValidationMode::Standard) checks required \
         members, minimum lengths and minimum values; `Strict` checks every constraint."
    ));
    let path = if checks.is_empty() { quote!(_path) } else { quote!(path) };
    let collector = if checks.is_empty() { quote!(_c) } else { quote!(c) };
    let allow = super::structure::allow_deprecated(s);
    quote! {
        #allow
        impl #name {
            #doc
            pub fn validate(
                &self,
                mode: ::smithy_rt::validate::ValidationMode,
            ) -> ::std::result::Result<(), ::smithy_rt::validate::ValidationErrors> {
                let mut c = ::smithy_rt::validate::Collector::new(mode);
                if c.enabled() {
                    self.validate_into(&::smithy_rt::validate::Path::Root(#root), &mut c);
                }
                c.finish()
            }

            /// Checks this value as part of a larger one, at `path`.
            #[doc(hidden)]
            #[allow(clippy::only_used_in_recursion, reason = "a recursive shape may pass the collector only to itself")]
            pub fn validate_into(
                &self,
                #path: &::smithy_rt::validate::Path<'_>,
                #collector: &mut ::smithy_rt::validate::Collector,
            ) {
                #(#checks)*
            }
        }
    }
}

fn member(ir: &Ir, m: &crate::ir::Member, used: &Used) -> TokenStream {
    let f = ident(&m.names.field);
    let wire = &m.wire_name;
    let value = element(ir, &m.element(), &quote!(value), &quote!(p), used);
    match (m.is_optional(), !value.is_empty()) {
        (true, true) => {
            let missing = m.required.then(|| quote!(else { c.missing(&path.member(#wire)); }));
            quote! {
                if let ::std::option::Option::Some(value) = &self.#f {
                    let p = path.member(#wire);
                    #value
                }
                #missing
            }
        }
        (true, false) if m.required => quote! {
            if self.#f.is_none() {
                c.missing(&path.member(#wire));
            }
        },
        (false, true) => quote! {
            {
                let value = &self.#f;
                let p = path.member(#wire);
                #value
            }
        },
        _ => TokenStream::new(),
    }
}

/// The check of a value `v` (an expression of type `&T`) at path `p` (an
/// expression of type `Path`) of an element: a call to its target's check,
/// or, when the element has constraint traits of its own, the checks
/// written out. Empty when nothing can be checked.
fn element(ir: &Ir, e: &Element, v: &TokenStream, p: &TokenStream, used: &Used) -> TokenStream {
    let shape = ir.shape(&e.target);
    if !e.constraints.is_empty() {
        return checks(ir, &e.target, &e.constraints.over(&shape.constraints), v, p, used);
    }
    match &shape.kind {
        ShapeKind::Structure(s) if s.validated => quote!(#v.validate_into(&#p, c);),
        ShapeKind::Union(u) if u.validated => quote!(#v.validate_into(&#p, c);),
        _ => match &shape.check_fn {
            Some(f) => {
                used.fns.borrow_mut().insert(e.target.clone());
                let f = ident(f);
                quote!(crate::validation::#f(#v, #p, c);)
            }
            None => TokenStream::new(),
        },
    }
}

fn opt_u64(v: Option<u64>) -> TokenStream {
    match v {
        Some(n) => quote!(::std::option::Option::Some(#n)),
        None => quote!(::std::option::Option::None),
    }
}

fn opt_f64(v: Option<f64>) -> TokenStream {
    match v {
        Some(n) => quote!(::std::option::Option::Some(#n)),
        None => quote!(::std::option::Option::None),
    }
}

/// Every check of a value of shape `id` under `constraints`.
fn checks(
    ir: &Ir,
    id: &ShapeId,
    constraints: &Constraints,
    v: &TokenStream,
    p: &TokenStream,
    used: &Used,
) -> TokenStream {
    let Constraints { length, range, pattern, unique_items } = constraints;
    let mut out = Vec::new();
    let len_check = |len: TokenStream, b: &Bounds<u64>, shown: TokenStream| {
        let (min, max) = (opt_u64(b.min), opt_u64(b.max));
        quote!(c.length(&#p, #len, #min, #max, || #shown);)
    };
    match &ir.shape(id).kind {
        ShapeKind::Simple(Simple::String) => {
            if let Some(b) = length {
                out.push(len_check(quote!(::smithy_rt::validate::char_len(#v)), b, quote!(::std::format!("{:?}", #v))));
            }
            if let Some(pat) = pattern.and_then(|i| ir.patterns.get(i).map(|p| (i, p))) {
                used.patterns.borrow_mut().insert(pat.0);
                let name = ident(&pat.1.static_name);
                out.push(quote!(c.pattern(&#p, #v, &crate::validation::#name);));
            }
        }
        // `@length` of a blob counts bytes.
        ShapeKind::Simple(Simple::Blob) => {
            if let Some(b) = length {
                out.push(len_check(quote!(#v.len() as u64), b, quote!(::std::format!("{} bytes", #v.len()))));
            }
        }
        ShapeKind::Simple(
            s @ (Simple::Byte
            | Simple::Short
            | Simple::Integer
            | Simple::Long
            | Simple::Float
            | Simple::Double
            | Simple::BigInteger
            | Simple::BigDecimal),
        ) => {
            if let Some(b) = range {
                let (min, max) = (opt_f64(b.min), opt_f64(b.max));
                let value = match s {
                    Simple::Double => quote!(*#v),
                    // Compared as the nearest f64, as the bounds are.
                    Simple::BigInteger | Simple::BigDecimal => quote!(#v.to_f64()),
                    // An i64 beyond 2^53 loses precision, far outside any bound a model uses.
                    Simple::Long => quote!(*#v as f64),
                    _ => quote!(f64::from(*#v)),
                };
                out.push(quote!(c.range(&#p, #value, #min, #max);));
            }
        }
        ShapeKind::Enum(e) => {
            let n = ident(&e.names.ty);
            out.push(quote! {
                if let crate::types::#n::Unknown(unknown) = #v {
                    c.unknown_enum(&#p, unknown.as_str(), crate::types::#n::VALUES);
                }
            });
        }
        ShapeKind::Structure(s) if s.validated => out.push(quote!(#v.validate_into(&#p, c);)),
        ShapeKind::Union(u) if u.validated => out.push(quote!(#v.validate_into(&#p, c);)),
        ShapeKind::List(element_) => {
            if let Some(b) = length {
                out.push(len_check(quote!(#v.len() as u64), b, quote!(::std::format!("{} items", #v.len()))));
            }
            if *unique_items {
                out.push(quote!(c.unique(&#p, #v);));
            }
            let inner = sparse(ir.shape(id).sparse, element(ir, element_, &quote!(item), &quote!(p), used));
            if !inner.is_empty() {
                out.push(quote! {
                    for (i, item) in #v.iter().enumerate() {
                        let p = #p.index(i);
                        #inner
                    }
                });
            }
        }
        ShapeKind::Map { key, value } => {
            if let Some(b) = length {
                out.push(len_check(quote!(#v.len() as u64), b, quote!(::std::format!("{} entries", #v.len()))));
            }
            let k = element(ir, key, &quote!(key), &quote!(p), used);
            let val = sparse(ir.shape(id).sparse, element(ir, value, &quote!(item), &quote!(p), used));
            if !val.is_empty() {
                out.push(quote! {
                    for (key, item) in #v {
                        let p = #p.key(::std::convert::AsRef::<str>::as_ref(key));
                        #k
                        #val
                    }
                });
            } else if !k.is_empty() {
                out.push(quote! {
                    for key in #v.keys() {
                        let p = #p.key(::std::convert::AsRef::<str>::as_ref(key));
                        #k
                    }
                });
            }
        }
        ShapeKind::Simple(Simple::Boolean | Simple::Timestamp | Simple::Document)
        | ShapeKind::Structure(_)
        | ShapeKind::Union(_) => {}
    }
    quote!(#(#out)*)
}

/// The check of a sparse collection's `item` (an `&Option<T>`): the
/// element's check when it is set.
fn sparse(sparse: bool, check: TokenStream) -> TokenStream {
    if sparse && !check.is_empty() {
        quote! {
            if let ::std::option::Option::Some(item) = item {
                #check
            }
        }
    } else {
        check
    }
}

/// `validate_into` for a union: the checks of the member that is set.
pub fn union_checks(u: &crate::ir::Union, ir: &Ir, used: &Used) -> TokenStream {
    let arms: Vec<TokenStream> = u
        .members
        .iter()
        .zip(&u.variants)
        .filter(|(m, _)| m.target.0 != crate::ir::UNIT_TARGET)
        .filter_map(|(m, v)| {
            let check = element(ir, &m.element(), &quote!(value), &quote!(p), used);
            if check.is_empty() {
                return None;
            }
            let (variant, wire) = (ident(&v.variant), &m.wire_name);
            Some(quote! {
                Self::#variant(value) => {
                    let p = path.member(#wire);
                    #check
                }
            })
        })
        .collect();
    if arms.is_empty() {
        return quote! {
            if let Self::Unknown = self {
                c.unknown_union_member(path);
            }
        };
    }
    let rest = (arms.len() < u.members.len()).then(|| quote!(_ => {}));
    quote! {
        match self {
            #(#arms)*
            Self::Unknown => c.unknown_union_member(path),
            #rest
        }
    }
}

/// `src/validation.rs`: the check function of each constrained shape that
/// emitted code calls, and one `static` per distinct pattern.
pub fn validation_rs(ir: &Ir, used: &Used) -> TokenStream {
    // Each used function once, the smallest id not yet written first; a
    // function's body may call functions not used anywhere else, which then
    // join the pending set (a worklist: one pass, not a scan per function).
    let mut done = BTreeSet::new();
    let mut pending = used.fns.borrow().clone();
    let mut fns = Vec::new();
    while let Some(id) = pending.pop_first() {
        done.insert(id.clone());
        let shape = ir.shape(&id);
        let Some(name) = &shape.check_fn else { continue };
        let called = Used::default();
        let body = checks(ir, &id, &shape.constraints, &quote!(v), &quote!(p), &called);
        used.merge(&called);
        pending.extend(called.fns.into_inner().into_iter().filter(|f| !done.contains(f)));
        let f = ident(name);
        let t = match &shape.kind {
            ShapeKind::Simple(Simple::String) => quote!(str),
            ShapeKind::Simple(Simple::Blob) => quote!([u8]),
            ShapeKind::List(e) => {
                let e = super::rust_type(ir, &e.target);
                if shape.sparse {
                    quote!([::std::option::Option<#e>])
                } else {
                    quote!([#e])
                }
            }
            _ => super::rust_type(ir, &id),
        };
        let d = format!(" Checks a value of `{}`.", id.0);
        fns.push(quote! {
            #[doc = #d]
            pub(crate) fn #f(v: &#t, p: ::smithy_rt::validate::Path<'_>, c: &mut ::smithy_rt::validate::Collector) {
                #body
            }
        });
    }
    let used_patterns: Vec<usize> = used.patterns.borrow().iter().copied().collect();
    let statics = used_patterns.iter().filter_map(|i| ir.patterns.get(*i)).map(|pat| {
        let p = pat.enforced.as_str();
        let name = ident(&pat.static_name);
        let value = match (&pat.linear, simple_form(p)) {
            (Some(linear), _) => quote!(::smithy_rt::validate::Pattern::linear(#p, #linear)),
            (None, simple) => match simple {
                Some(atoms) => {
                    let atoms = atoms.iter().map(|a| {
                        let ranges = a.ranges.iter().map(|(lo, hi)| quote!((#lo, #hi)));
                        let min = Literal::u32_unsuffixed(a.min);
                        let max = match a.max.map(Literal::u32_unsuffixed) {
                            Some(max) => quote!(::std::option::Option::Some(#max)),
                            None => quote!(::std::option::Option::None),
                        };
                        quote!(::smithy_rt::validate::Atom::new(&[#(#ranges),*], #min, #max))
                    });
                    quote!(::smithy_rt::validate::Pattern::simple(#p, &[#(#atoms),*]))
                }
                None => quote!(::smithy_rt::validate::Pattern::new(#p)),
            },
        };
        let d = format!(" The pattern {}.", crate::docs::code(&pat.model));
        quote!(#[doc = #d] pub(crate) static #name: ::smithy_rt::validate::Pattern = #value;)
    });
    quote! {
        //! Checks of the constrained shapes that requests carry, written once
        //! and called from every member that uses them; one `static` per
        //! distinct `@pattern`.
        #(#fns)*
        #(#statics)*
    }
}
