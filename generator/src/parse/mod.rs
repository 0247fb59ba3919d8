//! The doc layer: Markdown structure, HTML and pipe tables, and pseudo-JSON examples, with spans and no API knowledge.
pub mod cell;
pub mod html;
pub mod json;
pub mod markdown;
pub mod pipe;
