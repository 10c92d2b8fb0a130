//! Reader stub.
use super::{InputOptions, Opened, Schema};
use std::path::Path;

#[must_use]
pub fn open(_path: &Path, _display: &str, _schema: &Schema, _opts: &InputOptions) -> Opened {
    Opened::default()
}
