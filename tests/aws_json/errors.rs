//! `../errors.rs` with its clients speaking awsJson1.1: the same tests as the
//! `errors` target, which speaks rpcv2Cbor (`support::protocol` reads
//! this crate's name, `errors_json`).

#[path = "../errors.rs"]
mod errors;
