//! A module per operation: its input and output structures, and what the
//! client adds for it (error enum, fluent builder, paginator, waiters).

use super::validate::Used;
use super::{client, inner_doc, structure};
use crate::ir::{Ir, Operation};
use proc_macro2::TokenStream;
use quote::quote;

/// The operation's module.
pub fn emit(op: &Operation, ir: &Ir, crate_ident: &str, used: &Used) -> TokenStream {
    let mut text = if op.docs.is_empty() { format!("The `{}` operation.", op.name) } else { op.docs.clone() };
    if let Some(d) = &op.deprecated {
        text.push_str(&format!(
            "\n\n**Deprecated**{}",
            d.message.as_ref().map(|m| format!(": {m}")).unwrap_or_else(|| ".".into())
        ));
    }
    if !op.errors.is_empty() {
        text.push_str("\n\nErrors the model declares:");
        for e in op.errors.iter().filter_map(|e| ir.structure(e)) {
            text.push_str(&format!("\n- [`{0}`](crate::error::{0})", e.names.ty));
        }
    }
    let docs = inner_doc(&text);
    let input = structure::emit(&op.input, ir, used);
    let output = structure::emit(&op.output, ir, used);
    let errors = client::errors::operation_error(op, ir);
    let fluent = client::fluent::fluent(op, ir);
    let paginator = op.paginated.as_ref().map(|p| client::paginator::paginator(op, p, ir, crate_ident));
    let waiters = op.waiters.iter().map(|w| client::waiter::waiter(op, w, ir, crate_ident));
    let name = &op.name;
    let name_doc = format!(" The operation's name on the wire: `{name}`.");
    quote! {
        #docs

        #[doc = #name_doc]
        pub const NAME: &str = #name;

        #input
        #output
        #errors
        #fluent
        #paginator
        #(#waiters)*
    }
}
