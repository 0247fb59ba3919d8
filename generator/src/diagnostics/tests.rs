//! Unit tests of the diagnostics catalogue.

use super::Code;

/// `Code::ALL` is what `[[allow]]` entries and SARIF rules look codes up in, so a code missing from it cannot be
/// acknowledged. `Code::as_str` is an exhaustive match, so its arms name every code there is.
#[test]
fn all_lists_every_code_once_in_catalogue_order() {
    let source = include_str!("../diagnostics.rs");
    let body = source.split("pub fn as_str(self) -> &'static str {").nth(1).expect("`as_str` is in diagnostics.rs");
    let body = body.split("\n    }\n").next().expect("`as_str` ends");
    let from_match: Vec<&str> =
        body.lines().filter_map(|line| line.split("=> \"").nth(1)).map(|rest| rest.trim_end_matches("\",")).collect();
    let from_all: Vec<&str> = Code::ALL.iter().map(|code| code.as_str()).collect();
    assert_eq!(from_all, from_match, "Code::ALL (left) against the arms of Code::as_str (right)");
    for name in from_all {
        assert_eq!(Code::from_name(name).map(Code::as_str), Some(name));
    }
}
