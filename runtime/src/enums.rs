//! Support for string enums.
//!
//! A generated enum has one variant per value the model knows and a final
//! `Unknown(UnknownVariant)` variant that keeps any other value verbatim, so a
//! response from a newer service still parses and serialises back unchanged.

use std::fmt;

/// A value of a string enum that the model did not know when the crate was
/// generated. It round-trips unchanged; it cannot be built by hand, so an
/// `Unknown` value always came from the wire (or from parsing a string).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct UnknownVariant(String);

impl UnknownVariant {
    /// Used by generated `From<&str>` impls only.
    #[doc(hidden)]
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value as it was received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownVariant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
