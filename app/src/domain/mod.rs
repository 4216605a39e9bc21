//! The desk's rules as pure functions over plain types: no I/O, unit-tested.
pub mod account;
pub mod calendar;
#[cfg(feature = "ssr")]
pub mod chain;
pub mod deadline;
pub mod dispatch;
pub mod events;
pub mod intake;
pub mod nav;
pub mod notice;
pub mod org;
pub mod privacy;
pub mod roles;
pub mod script;
pub mod ticket;
pub mod workflow;
