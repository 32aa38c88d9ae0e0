//! Validators: `validate(mode)` on every structure that can be part of an
//! operation input, checking every constraint trait with Smithy's semantics.
//!
//! The walk is generated code (no reflection, no allocation unless a
//! violation is found); what each check means lives in
//! `smithy_rt::validate::Collector`, written once.

use super::ident;
use crate::ir::{Bounds, Constraints, Member, Structure, Type, TypeUse};
use crate::pattern::simple_form;
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

/// `validate` and `validate_into` for a structure, and its pattern statics.
pub fn emit(s: &Structure) -> TokenStream {
    let name = ident(&s.name);
    let root = &s.model_name;
    let mut patterns = Patterns::default();
    let checks: Vec<TokenStream> = s.members.iter().map(|m| member(m, &mut patterns)).filter(|t| !t.is_empty()).collect();
    let statics = patterns.statics();
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

        #statics
    }
}

/// The patterns a file uses, each a `static`.
#[derive(Default)]
struct Patterns(Vec<String>);

impl Patterns {
    fn ident(&mut self, pattern: &str) -> Ident {
        let i = match self.0.iter().position(|p| p == pattern) {
            Some(i) => i,
            None => {
                self.0.push(pattern.to_owned());
                self.0.len() - 1
            }
        };
        format_ident!("PATTERN_{}", i)
    }

    /// One `static` per pattern: a `Pattern::simple` (matched without
    /// regress, allocation-free) when [`simple_form`] finds one, else a
    /// `Pattern::new`.
    fn statics(&self) -> TokenStream {
        let items = self.0.iter().enumerate().map(|(i, p)| {
            let name = format_ident!("PATTERN_{}", i);
            let value = match simple_form(p) {
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
            };
            quote!(static #name: ::smithy_rt::validate::Pattern = #value;)
        });
        quote!(#(#items)*)
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

fn member(m: &Member, patterns: &mut Patterns) -> TokenStream {
    let f = ident(&m.field);
    let wire = &m.wire_name;
    let value = check(&m.ty, &quote!(value), &quote!(p), patterns);
    let value_used = !value.is_empty();
    match (m.is_optional(), value_used) {
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

/// Checks of a value `v` (an expression of type `&T`) at path `p` (an
/// expression of type `Path`). Empty when nothing can be checked.
fn check(t: &TypeUse, v: &TokenStream, p: &TokenStream, patterns: &mut Patterns) -> TokenStream {
    let Constraints { length, range, pattern, unique_items } = &t.constraints;
    let mut out = Vec::new();
    let len_check = |len: TokenStream, b: &Bounds<u64>, shown: TokenStream| {
        let (min, max) = (opt_u64(b.min), opt_u64(b.max));
        quote!(c.length(&#p, #len, #min, #max, || #shown);)
    };
    match &t.ty {
        Type::String => {
            if let Some(b) = length {
                out.push(len_check(quote!(::smithy_rt::validate::char_len(#v)), b, quote!(::std::format!("{:?}", #v))));
            }
            if let Some(enforced) = pattern.as_ref().and_then(|p| p.enforced.as_deref()) {
                let name = patterns.ident(enforced);
                out.push(quote!(c.pattern(&#p, #v, &#name);));
            }
        }
        Type::Byte | Type::Short | Type::Integer | Type::Long | Type::Float | Type::Double => {
            if let Some(b) = range {
                let (min, max) = (opt_f64(b.min), opt_f64(b.max));
                let value = match t.ty {
                    Type::Double => quote!(*#v),
                    // An i64 beyond 2^53 loses precision, far outside any bound a model uses.
                    Type::Long => quote!(*#v as f64),
                    _ => quote!(f64::from(*#v)),
                };
                out.push(quote!(c.range(&#p, #value, #min, #max);));
            }
        }
        Type::Enum(name) => {
            let n = ident(name);
            out.push(quote! {
                if let crate::types::#n::Unknown(unknown) = #v {
                    c.unknown_enum(&#p, unknown.as_str(), crate::types::#n::VALUES);
                }
            });
        }
        Type::Structure(_) => out.push(quote!(#v.validate_into(&#p, c);)),
        Type::List(element) => {
            if let Some(b) = length {
                out.push(len_check(quote!(#v.len() as u64), b, quote!(::std::format!("{} items", #v.len()))));
            }
            if *unique_items {
                out.push(quote!(c.unique(&#p, #v);));
            }
            let inner = check(element, &quote!(item), &quote!(p), patterns);
            if !inner.is_empty() {
                out.push(quote! {
                    for (i, item) in #v.iter().enumerate() {
                        let p = #p.index(i);
                        #inner
                    }
                });
            }
        }
        Type::Map(key, value) => {
            if let Some(b) = length {
                out.push(len_check(quote!(#v.len() as u64), b, quote!(::std::format!("{} entries", #v.len()))));
            }
            let k = check(key, &quote!(key), &quote!(p), patterns);
            let val = check(value, &quote!(item), &quote!(p), patterns);
            if !k.is_empty() || !val.is_empty() {
                out.push(quote! {
                    for (key, item) in #v {
                        let p = #p.key(::std::convert::AsRef::<str>::as_ref(key));
                        #k
                        #val
                    }
                });
            }
        }
        Type::Boolean | Type::Timestamp(_) | Type::Error(_) => {}
    }
    quote!(#(#out)*)
}
