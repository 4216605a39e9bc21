//! The desk's rules as pure functions over plain types: no I/O, unit-tested.
pub mod account;
pub mod nav;
pub mod org;
pub mod roles;
