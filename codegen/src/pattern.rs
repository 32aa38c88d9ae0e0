//! `@pattern` preparation (interim: as-is only).

/// The result of preparing a model's `@pattern` for the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prepared {
    /// Compiles as written.
    AsIs,
    /// Compiles after translation.
    Translated {
        /// The ECMA-262 form.
        translated: String,
        /// What changed.
        changes: Vec<String>,
    },
    /// Cannot be compiled.
    Unsupported {
        /// Why.
        reason: String,
    },
}

/// The flags generated code passes to regress.
pub const FLAGS: &str = "u";

/// Prepares a pattern.
pub fn prepare(pattern: &str) -> Prepared {
    match regress::Regex::with_flags(pattern, FLAGS) {
        Ok(_) => Prepared::AsIs,
        Err(e) => Prepared::Unsupported { reason: e.to_string() },
    }
}
