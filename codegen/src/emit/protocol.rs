//! The protocol seam: how a member is written on the wire.
//!
//! Generated types derive serde's `Serialize` and `Deserialize`, which are
//! format-neutral; what a protocol decides is named here and nowhere else:
//! the member's wire name, how an absent value is written, the timestamp
//! format, and how error messages are found. A new protocol adds a case here.

use crate::ir::{DefaultValue, Element, Ir, Member, Nullability, ShapeKind, Simple, Structure, TimestampFormat};
use proc_macro2::TokenStream;
use quote::quote;

/// The timestamp format of a member whose model names none: the default
/// of the first protocol that honours `@timestampFormat` (rpcv2Cbor writes
/// every timestamp its own way, whatever the member's codec names).
pub fn default_timestamp_format(ir: &Ir) -> TimestampFormat {
    let s = &ir.service;
    let protocol = s.protocols.iter().find(|p| !p.ignores_timestamp_format).copied().unwrap_or(s.protocol);
    match protocol.default_timestamp_format {
        smithy_protocols::TimestampFormat::EpochSeconds => TimestampFormat::EpochSeconds,
        smithy_protocols::TimestampFormat::DateTime => TimestampFormat::DateTime,
        smithy_protocols::TimestampFormat::HttpDate => TimestampFormat::HttpDate,
    }
}

/// The form of a timestamp: a `smithy_rt::codec` leaf.
fn timestamp_codec(ir: &Ir, format: Option<TimestampFormat>) -> &'static str {
    match format.unwrap_or_else(|| default_timestamp_format(ir)) {
        TimestampFormat::EpochSeconds => "EpochSeconds",
        TimestampFormat::DateTime => "DateTime",
        TimestampFormat::HttpDate => "HttpDate",
    }
}

/// The `smithy_rt::codec` type that writes and reads a value of element
/// `e` (a member, or a list's or map's), or `None` when the value's own
/// serde form is the wire's. `lenient` (a response's value) reads dense
/// lists and maps with their `null`s dropped.
pub fn codec(ir: &Ir, e: &Element, lenient: bool) -> Option<String> {
    codec_at(ir, e, lenient, 0)
}

fn codec_at(ir: &Ir, e: &Element, lenient: bool, depth: usize) -> Option<String> {
    const C: &str = "::smithy_rt::codec::";
    let shape = ir.shape(&e.target);
    if depth > 64 {
        return None;
    }
    let collection = |inner: &Element, list: &str| {
        let inner_codec = codec_at(ir, inner, lenient, depth + 1);
        let inner_codec = match (inner_codec, shape.sparse) {
            (None, _) => return None,
            (Some(c), true) => format!("{C}Nullable<{c}>"),
            (Some(c), false) => c,
        };
        let dense = if lenient && !shape.sparse { "Dense" } else { "" };
        Some(format!("{C}{dense}{list}<{inner_codec}>"))
    };
    match &shape.kind {
        ShapeKind::Simple(Simple::Timestamp) => Some(format!("{C}{}", timestamp_codec(ir, e.timestamp_format))),
        ShapeKind::Simple(Simple::Blob) => Some(format!("{C}Base64")),
        // JSON has no literal for `NaN` and the infinities: the awsJson
        // protocols write them as strings.
        ShapeKind::Simple(Simple::Float | Simple::Double) => Some(format!("{C}Float")),
        ShapeKind::List(inner) => collection(inner, "List"),
        ShapeKind::Map { value, .. } => collection(value, "Map"),
        _ => None,
    }
}

/// The `#[serde(...)]` attribute of a structure member.
pub fn member_attrs(ir: &Ir, owner: &Structure, m: &Member, option_shadowed: bool) -> TokenStream {
    let wire = &m.wire_name;
    let mut parts = vec![quote!(rename = #wire)];
    let skip = if option_shadowed { "::std::option::Option::is_none" } else { "Option::is_none" };
    // A float, or a list or map whose elements have a wire form of their own.
    let coded = matches!(
        ir.shape(&m.target).kind,
        ShapeKind::List(_) | ShapeKind::Map { .. } | ShapeKind::Simple(Simple::Float | Simple::Double)
    );
    if let Some(c) = coded.then(|| codec(ir, &m.element(), owner.lenient)).flatten() {
        let with = match &m.nullability {
            Nullability::Optional => {
                parts.push(quote!(default, skip_serializing_if = #skip));
                format!("::smithy_rt::codec::Nullable::<{c}>")
            }
            Nullability::Required if !owner.lenient => c.replacen('<', "::<", 1),
            // Zero values for a missing or `null` member of a response.
            Nullability::Required | Nullability::Default(DefaultValue::Zero) => {
                parts.push(quote!(default));
                format!("::smithy_rt::codec::OrDefault::<{c}>")
            }
            Nullability::Default(_) => {
                let f = super::structure::default_fn_name(owner, m);
                parts.push(quote!(default = #f));
                c.replacen('<', "::<", 1)
            }
        };
        parts.push(quote!(with = #with));
        return quote!(#[serde( #(#parts),* )]);
    }
    let sparse = ir.shape(&m.target).sparse;
    let timestamp = match &ir.shape(&m.target).kind {
        ShapeKind::Simple(Simple::Timestamp) => {
            let module = match m.timestamp_format.unwrap_or_else(|| default_timestamp_format(ir)) {
                TimestampFormat::EpochSeconds => "epoch_seconds",
                TimestampFormat::DateTime => "date_time",
                TimestampFormat::HttpDate => "http_date",
            };
            let option = if m.is_optional() { "::option" } else { "" };
            Some(format!("::smithy_rt::timestamp::{module}{option}"))
        }
        // The JSON protocols write a blob as base64 text.
        ShapeKind::Simple(Simple::Blob) => {
            let option = if m.is_optional() { "::option" } else { "" };
            Some(format!("::smithy_rt::blob::base64{option}"))
        }
        _ => None,
    };
    // A response's `null` element or map value is dropped, as Smithy's
    // protocol tests say clients do, instead of failing the whole response.
    let dense = match &ir.shape(&m.target).kind {
        ShapeKind::List(_) if owner.lenient && !sparse => Some("list"),
        ShapeKind::Map { .. } if owner.lenient && !sparse => Some("map"),
        _ => None,
    };
    match (&m.nullability, dense) {
        (Nullability::Optional, Some(kind)) => {
            let f = format!("::smithy_rt::serde_util::dense_{kind}");
            parts.push(quote!(default, skip_serializing_if = #skip, deserialize_with = #f));
            return finish(parts, None);
        }
        (Nullability::Required | Nullability::Default(DefaultValue::Zero), Some(kind)) => {
            let f = format!("::smithy_rt::serde_util::dense_{kind}_or_default");
            parts.push(quote!(default, deserialize_with = #f));
            return finish(parts, None);
        }
        _ => {}
    }
    match &m.nullability {
        Nullability::Optional if option_shadowed => {
            parts.push(quote!(default, skip_serializing_if = "::std::option::Option::is_none"));
        }
        // No generated module imports anything, so `Option` is the
        // prelude's unless the crate defines a type of that name.
        Nullability::Optional => parts.push(quote!(default, skip_serializing_if = "Option::is_none")),
        // Only requests carry this structure: a missing required member is
        // an error that names it.
        Nullability::Required if !owner.lenient => {}
        Nullability::Required | Nullability::Default(DefaultValue::Zero) if timestamp.is_some() => {
            parts.push(quote!(default))
        }
        // A required member that is missing or null in a response takes its
        // zero value (Smithy 2.0 "client error correction").
        Nullability::Required | Nullability::Default(DefaultValue::Zero) => {
            parts.push(quote!(default, deserialize_with = "::smithy_rt::serde_util::null_as_default"));
        }
        Nullability::Default(_) => {
            let f = super::structure::default_fn_name(owner, m);
            parts.push(quote!(default = #f));
        }
    }
    finish(parts, timestamp)
}

fn finish(mut parts: Vec<TokenStream>, timestamp: Option<String>) -> TokenStream {
    if let Some(path) = timestamp {
        parts.push(quote!(with = #path));
    }
    quote!(#[serde( #(#parts),* )])
}

/// Whether the crate defines an item named `Option` (a shape or a waiter),
/// so that attribute strings must name the prelude's by its full path
/// (decided once, when lowering: [`Ir::option_shadowed`]).
pub fn option_shadowed(ir: &Ir) -> bool {
    ir.option_shadowed
}
