//! The protocol seam: how a member is written on the wire.
//!
//! Generated types derive serde's `Serialize` and `Deserialize`, which are
//! format-neutral; what a protocol decides is named here and nowhere else:
//! the member's wire name, how an absent value is written, the timestamp
//! format, and how error messages are found. A new protocol adds a case here.

use super::nested_timestamp;
use crate::ir::{Member, Nullability, Protocol, Structure, TimestampFormat, Type};
use crate::write::EmitError;
use proc_macro2::TokenStream;
use quote::quote;

/// The timestamp format a protocol uses when the model names none.
pub fn default_timestamp_format(protocol: Protocol) -> TimestampFormat {
    match protocol {
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => TimestampFormat::EpochSeconds,
    }
}

/// The `Content-Type` of requests and responses.
pub fn content_type(protocol: Protocol) -> &'static str {
    match protocol {
        Protocol::AwsJson1_0 => "application/x-amz-json-1.0",
        Protocol::AwsJson1_1 => "application/x-amz-json-1.1",
    }
}

/// The `#[serde(...)]` attribute of a structure member.
pub fn member_attrs(protocol: Protocol, owner: &Structure, m: &Member) -> Result<TokenStream, EmitError> {
    if nested_timestamp(&m.ty) {
        return Err(EmitError::Unsupported(format!(
            "{}.{}: timestamps inside lists or maps are not supported yet",
            owner.model_name, m.wire_name
        )));
    }
    let wire = &m.wire_name;
    let mut parts = vec![quote!(rename = #wire)];
    let timestamp = match &m.ty.ty {
        Type::Timestamp(fmt) => {
            let module = match fmt.unwrap_or_else(|| default_timestamp_format(protocol)) {
                TimestampFormat::EpochSeconds => "epoch_seconds",
                TimestampFormat::DateTime => "date_time",
                TimestampFormat::HttpDate => "http_date",
            };
            let option = if m.is_optional() { "::option" } else { "" };
            Some(format!("::smithy_rt::timestamp::{module}{option}"))
        }
        _ => None,
    };
    match &m.nullability {
        Nullability::Optional => {
            parts.push(quote!(default, skip_serializing_if = "::std::option::Option::is_none"));
        }
        // Only requests carry this structure: a missing required member is
        // an error that names it.
        Nullability::Required if !owner.lenient => {}
        Nullability::Required | Nullability::Default(_) if timestamp.is_some() => parts.push(quote!(default)),
        // A required member that is missing or null in a response takes its
        // zero value (Smithy 2.0 "client error correction").
        Nullability::Required | Nullability::Default(crate::ir::DefaultValue::Zero) => {
            parts.push(quote!(default, deserialize_with = "::smithy_rt::serde_util::null_as_default"));
        }
        Nullability::Default(_) => {
            let f = super::structure::default_fn_name(owner, m);
            parts.push(quote!(default = #f));
        }
    }
    if let Some(path) = timestamp {
        parts.push(quote!(with = #path));
    }
    Ok(quote!(#[serde( #(#parts),* )]))
}
