//! The OpenAPI emitter: IR → OpenAPI 3.1.0 (JSON and YAML) and its 3.0.3 twin.

use super::OutFile;
use crate::ir;

/// The OpenAPI files for an API.
pub fn emit(api: &ir::Api) -> Vec<OutFile> {
    let _ = api;
    Vec::new()
}
