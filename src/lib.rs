//! gongdan (工单): a data-quality linter for 12345 hotline ticket exports.
//!
//! The tree is the pipeline: `input → rules → checks → diagnostic → report`.

pub mod calendar; // holidays and make-up working days, for deadlines
pub mod checks; // check kinds: row, table and cross-row logic
pub mod cli; // command-line definitions (clap)
pub mod commands; // one module per subcommand
pub mod diagnostic; // a finding as plain data
pub mod engine; // drives the pipeline: files → rules → report
pub mod fix; // gongdan fix: repaired copies of the inputs and the change log
pub mod input; // files → recognised tables of decoded rows
pub mod privacy; // masking of phone and ID numbers in output
pub mod report; // findings → human / JSON / … output
pub mod rules; // rule files and config → compiled rules
pub mod stats; // per-unit bulletin tables (gongdan stats) and the callback sample
pub mod text; // free text → clauses, aspect, negation and units, shared by the text rules
