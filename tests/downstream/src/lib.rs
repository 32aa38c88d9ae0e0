//! A crate that depends on `appstream` only, as the crate's users do: its
//! tests name every type that appears in `appstream`'s public signatures,
//! and the README's examples compile here as doctests.
#![forbid(unsafe_code)]

/// The repository README's Rust examples, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
