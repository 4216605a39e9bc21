//! The `hotline` server: the HTTP router with its security layers, and the CLI commands.
pub mod assets;
pub mod cli;
pub mod config;
pub mod events;
pub mod exports;
pub mod security;
pub mod serve;
