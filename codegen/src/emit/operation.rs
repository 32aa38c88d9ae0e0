//! A module per operation: its input and output structures.

use super::{inner_doc, structure};
use crate::ir::{Ir, Operation};
use crate::write::EmitError;
use proc_macro2::TokenStream;
use quote::quote;

/// The operation's module: documentation, input and output.
pub fn emit(op: &Operation, ir: &Ir, crate_ident: &str) -> Result<TokenStream, EmitError> {
    let mut text = if op.docs.is_empty() { format!("The `{}` operation.", op.name) } else { op.docs.clone() };
    if let Some(d) = &op.deprecated {
        text.push_str(&format!("\n\n**Deprecated**{}", d.message.as_ref().map(|m| format!(": {m}")).unwrap_or_else(|| ".".into())));
    }
    if !op.errors.is_empty() {
        text.push_str("\n\nErrors the model declares:");
        for e in &op.errors {
            text.push_str(&format!("\n- [`{e}`](crate::error::{e})"));
        }
    }
    let docs = inner_doc(&text);
    let input = structure::emit(&op.input, ir)?;
    let output = structure::emit(&op.output, ir)?;
    let client = super::client::operation(op, ir);
    let extras = super::client::paginator_and_waiters(op, ir, crate_ident);
    let name = &op.name;
    let name_doc = format!(" The operation's name on the wire: `{name}`.");
    Ok(quote! {
        #docs

        #[doc = #name_doc]
        pub const NAME: &str = #name;

        #input
        #output
        #client
        #extras
    })
}
