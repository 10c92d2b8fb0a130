//! Encoding detection stub.
