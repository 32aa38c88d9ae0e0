//! `../client_conformance.rs` with its clients speaking awsJson1.1: the same tests as the
//! `client_conformance` target, which speaks rpcv2Cbor (`support::protocol` reads
//! this crate's name, `client_conformance_json`).

#[path = "../client_conformance.rs"]
mod client_conformance;
