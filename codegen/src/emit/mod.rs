//! Emitters: the [`Ir`] becomes files of Rust (and the crate's `Cargo.toml`).
//!
//! One module per concern: [`structure`] (structs and builders), [`enums`],
//! [`operation`] (a module per operation), [`crate_files`] (manifest, `lib.rs`,
//! module indexes) and [`protocol`], the one place that knows how the wire
//! protocol writes a member. Emitters return token streams; [`crate::write`]
//! formats them and adds the header.

pub mod client;
pub mod crate_files;
pub mod endpoint;
pub mod enums;
pub mod manifest;
pub mod operation;
pub mod protocol;
pub mod structure;
pub mod union;
pub mod validate;

pub use manifest::Runtime;

use crate::ir::{Ir, Member, ShapeKind, Simple, StructureKind};
use crate::model::ShapeId;
use crate::write::{format_rust, EmitError};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What the emitted crate is called and where it finds its runtime.
#[derive(Debug, Clone)]
pub struct Options {
    /// The crate's package name (`appstream`).
    pub crate_name: String,
    /// Where the generated manifest says the runtime crate comes from.
    pub runtime: Runtime,
    /// Whether the crate gets an empty `[workspace]` table so it builds on
    /// its own, outside any workspace.
    pub standalone: bool,
    /// The command to name in headers (`cargo xtask codegen`).
    pub command: String,
    /// Hand-written examples to include as `examples/<name>`, by file name.
    pub examples: BTreeMap<String, String>,
}

/// The emitted crate: file contents by path relative to the crate root,
/// `/`-separated, sorted.
pub type Files = BTreeMap<String, String>;

/// Makes one file's tokens; what it calls in `validation.rs` goes into the [`validate::Used`].
type Job<'a> = Box<dyn Fn(&validate::Used) -> TokenStream + Sync + 'a>;

/// Emits every file of the crate.
///
/// Building and formatting a file takes most of the time, and files do not
/// depend on each other, so they are shared between threads (see
/// `format_jobs`); only `validation.rs`, which holds what the others use,
/// comes after them. The files are the same whatever the threads do.
pub fn emit(ir: &Ir, opts: &Options) -> Result<Files, EmitError> {
    let header = header(ir, opts);
    let crate_ident = opts.crate_name.replace('-', "_");
    let crate_ident = crate_ident.as_str();
    let mut jobs: Vec<(String, Job<'_>)> = vec![
        ("src/lib.rs".into(), Box::new(|_| crate_files::lib_rs(ir, crate_ident))),
        ("src/client.rs".into(), Box::new(|_| client::client_rs(ir, &opts.crate_name))),
        ("src/types/mod.rs".into(), Box::new(|_| crate_files::types_mod(ir))),
        ("src/error/mod.rs".into(), Box::new(|_| crate_files::error_mod(ir))),
        ("src/operation/mod.rs".into(), Box::new(|_| crate_files::operation_mod(ir))),
    ];
    if let Some(rules) = &ir.service.endpoint_rules {
        let title = ir.service.title.as_str();
        jobs.push(("src/endpoint.rs".into(), Box::new(move |_| endpoint::endpoint_rs(rules, title))));
        if !rules.tests.is_empty() {
            jobs.push(("tests/endpoint_rules.rs".into(), Box::new(move |_| endpoint::tests_rs(rules, crate_ident))));
        }
    }
    for s in ir.structures() {
        jobs.push((format!("src/types/{}.rs", s.names.file), Box::new(move |used| structure::emit(s, ir, used))));
    }
    for u in ir.unions() {
        jobs.push((format!("src/types/{}.rs", u.names.file), Box::new(move |used| union::emit(u, ir, used))));
    }
    for e in ir.enums() {
        jobs.push((format!("src/types/{}.rs", e.names.file), Box::new(move |_| enums::emit(e))));
    }
    for s in ir.errors() {
        jobs.push((format!("src/error/{}.rs", s.names.file), Box::new(move |used| structure::emit(s, ir, used))));
    }
    for op in &ir.operations {
        jobs.push((
            format!("src/operation/{}.rs", op.names.file),
            Box::new(move |used| operation::emit(op, ir, crate_ident, used)),
        ));
    }
    let (texts, used) = format_jobs(&jobs);
    let mut files = Files::new();
    for ((path, _), text) in jobs.into_iter().zip(texts) {
        files.insert(path, format!("{header}\n{}", text?));
    }
    let validation = format_rust("src/validation.rs", validate::validation_rs(ir, &used))?;
    files.insert("src/validation.rs".into(), format!("{header}\n{validation}"));
    for (name, text) in &opts.examples {
        files.insert(format!("examples/{name}"), format!("{header}\n{text}"));
    }
    let manifest = manifest::cargo_toml(&manifest::Manifest {
        header: header.strip_prefix("// ").unwrap_or(&header),
        crate_name: &opts.crate_name,
        title: &ir.service.title,
        api_version: &ir.service.version,
        runtime: &opts.runtime,
        standalone: opts.standalone,
    });
    files.insert("Cargo.toml".into(), manifest);
    // The crate keeps prettyplease's layout; `cargo fmt` leaves it alone.
    files.insert("rustfmt.toml".into(), format!("{}\ndisable_all_formatting = true\n", header.replacen("//", "#", 1)));
    Ok(files)
}

/// Runs every job and formats its tokens, on as many threads as the
/// machine offers: each thread takes the next job not yet taken. Returns
/// each job's text, in the jobs' order, and what they all used.
fn format_jobs(jobs: &[(String, Job<'_>)]) -> (Vec<Result<String, EmitError>>, validate::Used) {
    let next = AtomicUsize::new(0);
    // One thread's share: the jobs it took, by index, and what they used.
    let work = || {
        let used = validate::Used::default();
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some((path, job)) = jobs.get(i) else { break };
            done.push((i, format_rust(path, job(&used))));
        }
        (done, used)
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(jobs.len());
    let shares: Vec<_> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mine = work();
        // A panic in a helper is a generator bug: pass it on.
        std::iter::once(mine)
            .chain(helpers.into_iter().map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))))
            .collect()
    });
    let used = validate::Used::default();
    let mut texts: Vec<Option<Result<String, EmitError>>> = jobs.iter().map(|_| None).collect();
    for (done, share_used) in shares {
        used.merge(&share_used);
        for (i, text) in done {
            texts[i] = Some(text);
        }
    }
    (texts.into_iter().map(|t| t.expect("every job ran")).collect(), used)
}

/// The first line of every generated file. The command and the model's
/// file name are shown with control characters escaped, so that neither can
/// end the comment line.
fn header(ir: &Ir, opts: &Options) -> String {
    let (command, source) = (crate::docs::one_line(&opts.command), crate::docs::one_line(&ir.source));
    format!("// Generated by `{command}` from {source}. Do not edit by hand.")
}

/// The first words of every generated file's header, for recognising them.
pub const HEADER_PREFIX: &str = "Generated by `";

/// An identifier from a name the IR made (raw identifiers included).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `#[doc]` attributes for Markdown text, one per line; nothing for "".
pub fn doc(text: &str) -> TokenStream {
    let lines = text.lines().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    quote! { #( #[doc = #lines] )* }
}

/// A JSON value as the tokens of the `smithy_rt::Document` that equals it
/// (a model's document `@default`, an endpoint test's expected property).
pub fn document_tokens(v: &serde_json::Value) -> TokenStream {
    use serde_json::Value as J;
    match v {
        J::Null => quote!(::smithy_rt::Document::Null),
        J::Bool(b) => quote!(::smithy_rt::Document::from(#b)),
        J::String(s) => quote!(::smithy_rt::Document::from(#s)),
        // serde_json's numbers are finite: one of the three holds.
        J::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => quote!(::smithy_rt::Document::from(#u)),
            (_, Some(i), _) => quote!(::smithy_rt::Document::from(#i)),
            (_, _, f) => {
                let f = f.unwrap_or_default();
                quote!(::smithy_rt::Document::from(#f))
            }
        },
        J::Array(items) if items.is_empty() => quote!(::smithy_rt::Document::Array(::std::vec::Vec::new())),
        J::Array(items) => {
            let items = items.iter().map(document_tokens);
            quote!(::smithy_rt::Document::from(::std::vec::Vec::from([#(#items),*])))
        }
        J::Object(obj) if obj.is_empty() => {
            quote!(::smithy_rt::Document::Object(::std::collections::BTreeMap::new()))
        }
        J::Object(obj) => {
            let entries = obj.iter().map(|(k, v)| {
                let v = document_tokens(v);
                quote!((#k.to_owned(), #v))
            });
            quote!(::smithy_rt::Document::from(::std::collections::BTreeMap::from([#(#entries),*])))
        }
    }
}

/// Inner `#![doc]` attributes for a module's documentation.
pub fn inner_doc(text: &str) -> TokenStream {
    let lines = text.lines().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    quote! { #( #![doc = #lines] )* }
}

/// The Rust type of a value of shape `id`, with fully qualified paths so
/// that model shapes named `String`, `Option` or `Result` shadow nothing.
pub fn rust_type(ir: &Ir, id: &ShapeId) -> TokenStream {
    rust_type_at(ir, id, 0)
}

fn rust_type_at(ir: &Ir, id: &ShapeId, depth: usize) -> TokenStream {
    let shape = ir.shape(id);
    match &shape.kind {
        ShapeKind::Simple(s) => match s {
            Simple::String => quote!(::std::string::String),
            Simple::Boolean => quote!(bool),
            Simple::Byte => quote!(i8),
            Simple::Short => quote!(i16),
            Simple::Integer => quote!(i32),
            Simple::Long => quote!(i64),
            Simple::Float => quote!(f32),
            Simple::Double => quote!(f64),
            Simple::BigInteger => quote!(::smithy_rt::BigInteger),
            Simple::BigDecimal => quote!(::smithy_rt::BigDecimal),
            Simple::Timestamp => quote!(::smithy_rt::Timestamp),
            Simple::Blob => quote!(::std::vec::Vec<u8>),
            Simple::Document => quote!(::smithy_rt::Document),
        },
        ShapeKind::Union(u) => {
            let n = ident(&u.names.ty);
            quote!(crate::types::#n)
        }
        ShapeKind::Enum(e) => {
            let n = ident(&e.names.ty);
            quote!(crate::types::#n)
        }
        ShapeKind::Structure(s) => {
            let n = ident(&s.names.ty);
            match s.kind {
                StructureKind::Error(_) => quote!(crate::error::#n),
                _ => quote!(crate::types::#n),
            }
        }
        // `check` refuses lists and maps that contain themselves; the depth
        // bound only keeps this function total.
        _ if depth > 64 => quote!(::std::string::String),
        ShapeKind::List(e) => {
            let t = rust_type_at(ir, &e.target, depth + 1);
            let t = if shape.sparse { quote!(::std::option::Option<#t>) } else { t };
            quote!(::std::vec::Vec<#t>)
        }
        ShapeKind::Map { key, value } => {
            let (k, v) = (rust_type_at(ir, &key.target, depth + 1), rust_type_at(ir, &value.target, depth + 1));
            let v = if shape.sparse { quote!(::std::option::Option<#v>) } else { v };
            quote!(::std::collections::BTreeMap<#k, #v>)
        }
    }
}

/// The member's value type, boxed when it breaks a cycle, without `Option`.
pub fn value_type(ir: &Ir, m: &Member) -> TokenStream {
    let t = rust_type(ir, &m.target);
    if m.boxed {
        quote!(::std::boxed::Box<#t>)
    } else {
        t
    }
}

/// The field's type: [`value_type`], in an `Option` when the member is optional.
pub fn field_type(ir: &Ir, m: &Member) -> TokenStream {
    let t = value_type(ir, m);
    if m.is_optional() {
        quote!(::std::option::Option<#t>)
    } else {
        t
    }
}
