//! Stub.
use std::io::{self, Write};
use super::{RenderOptions, Report};
pub fn render(_r: &Report, _o: &RenderOptions, _w: &mut dyn Write) -> io::Result<()> { Ok(()) }
