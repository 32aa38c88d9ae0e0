//! Errors of generated builders.

use std::fmt;

/// A builder could not produce its value because a required member is missing.
///
/// The message names the structure and the member, for example
/// `CreateFleetInput.Name: required member is missing`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    shape: &'static str,
    member: &'static str,
}

impl BuildError {
    /// A required member `member` of the structure `shape` was not set.
    pub const fn missing(shape: &'static str, member: &'static str) -> Self {
        Self { shape, member }
    }

    /// The structure whose builder failed, as the model names it.
    pub fn shape(&self) -> &'static str {
        self.shape
    }

    /// The member that was missing, by its wire name.
    pub fn member(&self) -> &'static str {
        self.member
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}: required member is missing", self.shape, self.member)
    }
}

impl std::error::Error for BuildError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_names_the_member_path() {
        let err = BuildError::missing("CreateFleetInput", "Name");
        assert_eq!(err.to_string(), "CreateFleetInput.Name: required member is missing");
        assert_eq!((err.shape(), err.member()), ("CreateFleetInput", "Name"));
    }
}
