//! `../client_e2e.rs` with its clients speaking awsJson1.1: the same tests as the
//! `client_e2e` target, which speaks rpcv2Cbor (`support::protocol` reads
//! this crate's name, `client_e2e_json`).

#[path = "../client_e2e.rs"]
mod client_e2e;
