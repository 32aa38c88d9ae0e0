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

/// A fresh idempotency token: a random (version 4) UUID, as AWS SDKs send
/// for an `@idempotencyToken` member the caller leaves empty.
pub fn idempotency_token() -> String {
    let bits = fastrand::u128(..);
    // Version 4 in the high nibble of byte 6; RFC 4122 variant in byte 8.
    let bits = (bits & !(0xF << 76) | (0x4 << 76)) & !(0x3 << 62) | (0x2 << 62);
    let hex = format!("{bits:032x}");
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idempotency_tokens_are_fresh_version_4_uuids() {
        let (a, b) = (idempotency_token(), idempotency_token());
        assert_ne!(a, b);
        for t in [a, b] {
            let parts: Vec<&str> = t.split('-').collect();
            assert_eq!(parts.iter().map(|p| p.len()).collect::<Vec<_>>(), [8, 4, 4, 4, 12], "{t}");
            assert!(parts[2].starts_with('4'), "{t}");
            assert!(matches!(parts[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'), "{t}");
            assert!(t.chars().all(|c| c == '-' || c.is_ascii_hexdigit()), "{t}");
        }
    }

    #[test]
    fn message_names_the_member_path() {
        let err = BuildError::missing("CreateFleetInput", "Name");
        assert_eq!(err.to_string(), "CreateFleetInput.Name: required member is missing");
        assert_eq!((err.shape(), err.member()), ("CreateFleetInput", "Name"));
    }
}
