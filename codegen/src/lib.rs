//! Smithy 2.0 JSON AST models to Rust crates.
//!
//! The pipeline, one module a step:
//!
//! 1. [`model`]: load the JSON AST into typed shapes, each with its location.
//! 2. [`check`]: verify everything later steps rely on; report every problem
//!    with its file and JSON pointer.
//! 3. [`lower`]: build the [`ir::Ir`], with Rust names, resolved types,
//!    merged constraints and Markdown documentation.
//! 4. [`emit`]: turn the IR into token streams, one module per concern.
//! 5. [`write`](mod@write): format with prettyplease and write (or check) the files.
//!
//! [`generate`] runs steps 1 to 4 and returns the files in memory.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod changelog;
pub mod check;
pub mod diag;
pub mod docs;
pub mod emit;
pub mod ir;
pub mod lower;
pub mod model;
pub mod names;
pub mod pattern;
pub mod prune;
pub use smithy_protocols as protocol;
pub mod traits;
pub mod write;

use std::fmt;

/// Why generation failed.
#[derive(Debug)]
pub enum Error {
    /// The model is invalid or uses what the generator does not support.
    Model(diag::ModelError),
    /// The model was valid but could not be emitted.
    Emit(write::EmitError),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Model(e) => e.fmt(f),
            Error::Emit(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {}

impl From<diag::ModelError> for Error {
    fn from(e: diag::ModelError) -> Self {
        Error::Model(e)
    }
}

impl From<write::EmitError> for Error {
    fn from(e: write::EmitError) -> Self {
        Error::Emit(e)
    }
}

/// The result of generation, still in memory.
#[derive(Debug)]
pub struct Generated {
    /// How many model shapes the service reaches (prelude excluded).
    pub shapes: usize,
    /// The lowered model, for summaries.
    pub ir: ir::Ir,
    /// The crate's files.
    pub files: emit::Files,
    /// Operations of the model the crate leaves out, and why.
    pub left_out: Vec<prune::LeftOut>,
}

/// Runs the pipeline on the model text `text` of the file named `file`.
pub fn generate(file: &str, text: &str, opts: &emit::Options) -> Result<Generated, Error> {
    let model = model::Model::parse(file, text)?;
    generate_from(&model, opts)
}

/// Runs checking, lowering and emission on a loaded (and maybe pruned) model.
///
/// Event-stream operations are left out (see [`prune::without_event_streams`]);
/// [`Generated::left_out`] names them, and so does the crate's documentation.
pub fn generate_from(model: &model::Model, opts: &emit::Options) -> Result<Generated, Error> {
    let (model, left_out) = prune::without_event_streams(model);
    let checked = check::check(&model)?;
    let mut ir = lower::lower(&checked)?;
    ir.left_out = left_out.iter().map(|l| (l.operation.clone(), l.reason.clone())).collect();
    let files = emit::emit(&ir, opts)?;
    Ok(Generated { shapes: checked.closure.len(), ir, files, left_out })
}
