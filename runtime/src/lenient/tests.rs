//! Unit tests of `lenient.rs`: each decoding rule, and the path [`error_path`] names for a failure.

use super::{error_path, from_slice};

#[derive(Debug, serde::Deserialize)]
struct Item {
    id: i64,
    small: Option<i32>,
    on: Option<bool>,
    ratio: Option<f64>,
    name: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
}

fn item(body: &str) -> Result<Item, String> {
    from_slice::<Item>(body.as_bytes()).map_err(|err| format!("{} @ {}", err, error_path(body.as_bytes(), &err)))
}

#[test]
fn scalars_are_read_leniently() {
    let read =
        item(r#"{"id": "17", "small": " -5 ", "on": "true", "ratio": "0.5", "name": 12, "tags": null}"#).unwrap();
    assert_eq!(
        (read.id, read.small, read.on, read.ratio, read.name.as_deref(), read.tags.len()),
        (17, Some(-5), Some(true), Some(0.5), Some("12"), 0)
    );
    let read = item(r#"{"id": 1, "on": 0, "name": false, "tags": ["a", 2]}"#).unwrap();
    assert_eq!(
        (read.on, read.name.as_deref(), read.tags),
        (Some(false), Some("false"), vec!["a".to_owned(), "2".to_owned()])
    );
    let read = item(r#"{"id": 1, "small": null, "on": null}"#).unwrap();
    assert_eq!((read.small, read.on, read.ratio), (None, None, None));
}

#[test]
fn integers_are_exact_and_failures_name_the_member_and_the_value() {
    let cases = [
        (r#"{"id": 9223372036854775808}"#, "the number 9223372036854775808 does not fit in a 64-bit integer", "id"),
        (
            r#"{"id": "-9223372036854775809"}"#,
            "the string \"-9223372036854775809\" does not fit in a 64-bit integer",
            "id",
        ),
        (r#"{"id": 5.5}"#, "expected a 64-bit integer, found the number 5.5", "id"),
        (r#"{"id": 1, "small": 2147483648}"#, "the number 2147483648 does not fit in a 32-bit integer", "small"),
        (r#"{"id": 1, "small": "2147483648"}"#, "the string \"2147483648\" does not fit in a 32-bit integer", "small"),
        (r#"{"id": 1, "on": "maybe"}"#, "expected a boolean, found the string \"maybe\"", "on"),
        (r#"{"id": 1, "ratio": "x"}"#, "expected a number, found the string \"x\"", "ratio"),
        (r#"{"id": 1, "tags": ["a", null]}"#, "expected a string, found null", "tags[1]"),
        (r#"{"id": null}"#, "expected a 64-bit integer, found null", "id"),
    ];
    for (body, message, path) in cases {
        let err = item(body).unwrap_err();
        let (got_message, got_path) = err.split_once(" @ ").unwrap();
        assert!(got_message.starts_with(message), "{body}: {got_message}");
        assert_eq!(got_path, path, "{body}");
    }
    // The edges that fit decode exactly.
    assert_eq!(item(r#"{"id": "9223372036854775807"}"#).unwrap().id, i64::MAX);
    assert_eq!(item(r#"{"id": 1, "small": -2147483648}"#).unwrap().small, Some(i32::MIN));
}

#[test]
fn the_path_of_a_failure_follows_objects_and_arrays() {
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code, reason = "only decoding is tested")]
    struct Page {
        result: Result,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code, reason = "only decoding is tested")]
    struct Result {
        entites: Vec<Item>,
    }
    let body = "{\"result\": {\"entites\": [{\"id\": 1},\n {\"id\": 2, \"small\": 1e3}]}}";
    let err = from_slice::<Page>(body.as_bytes()).unwrap_err();
    assert_eq!(error_path(body.as_bytes(), &err), "result.entites[1].small");
    // A missing member names the object that lacks it; a body that is not JSON is the body itself.
    let body = r#"{"result": {"entites": [{"small": 1}]}}"#;
    let err = from_slice::<Page>(body.as_bytes()).unwrap_err();
    assert_eq!(
        (err.to_string().as_str(), error_path(body.as_bytes(), &err).as_str()),
        ("missing field `id` at line 1 column 36", "result.entites[0]")
    );
    let err = from_slice::<Page>(b"OK").unwrap_err();
    assert_eq!(error_path(b"OK", &err), ".");
    // A key cut short is `?`.
    let err = from_slice::<Page>(br#"{"resu"#).unwrap_err();
    assert_eq!(error_path(br#"{"resu"#, &err), "?");
}

#[test]
fn trailing_bytes_after_the_value_are_an_error() {
    let err = from_slice::<Item>(br#"{"id": 1} x"#).unwrap_err();
    assert!(err.is_syntax(), "{err}");
}
