//! `../paginators_waiters.rs` with its clients speaking awsJson1.1: the same tests as the
//! `paginators_waiters` target, which speaks rpcv2Cbor (`support::protocol` reads
//! this crate's name, `paginators_waiters_json`).

#[path = "../paginators_waiters.rs"]
mod paginators_waiters;
