//! Integration tests.

mod openapi;
