//! gongdan (工单): a data-quality linter for 12345 hotline ticket exports.
//!
//! The tree is the pipeline: `input → rules → checks → diagnostic → report`.

pub mod diagnostic; // a finding as plain data
pub mod input; // files → recognised tables of decoded rows
pub mod report; // findings → human / JSON / … output
pub mod synth; // synthetic exports with labelled defects, for tests, demos and benchmarks
