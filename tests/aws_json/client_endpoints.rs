//! `../client_endpoints.rs` with its clients speaking awsJson1.1: the same tests as the
//! `client_endpoints` target, which speaks rpcv2Cbor (`support::protocol` reads
//! this crate's name, `client_endpoints_json`).

#[path = "../client_endpoints.rs"]
mod client_endpoints;
