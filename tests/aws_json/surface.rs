//! `../surface.rs` with its clients speaking awsJson1.1: the same tests as the
//! `surface` target, which speaks rpcv2Cbor (`support::protocol` reads
//! this crate's name, `surface_json`).

#[path = "../surface.rs"]
mod surface;
