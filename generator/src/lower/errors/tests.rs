//! Unit tests for error message patterns.

use super::*;

#[test]
fn message_patterns() {
    let p = message_pattern("require parameter:A").unwrap();
    assert_eq!((p.prefix.as_str(), p.placeholder.as_str(), p.suffix.as_str()), ("require parameter:", "A", ""));
    assert_eq!(message_pattern("access denied"), None);
    let any = message_pattern("*").unwrap();
    assert_eq!((any.prefix.as_str(), any.placeholder.as_str(), any.suffix.as_str()), ("", "*", ""));
    assert_eq!(message_pattern("volumes.error.require-parameter-size"), None);
}
