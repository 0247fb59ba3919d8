//! Unit tests of `client.rs`: base URL checks, redaction, `Retry-After` and redirect targets.

use std::time::{Duration, SystemTime};

use super::{checked_base_url, redact_url, redirect_target, retry_after};
use crate::{HeaderMap, Url};

#[test]
fn a_base_url_is_checked_and_loses_its_trailing_slash() {
    assert_eq!(checked_base_url("https://host/gateway/").unwrap(), "https://host/gateway");
    assert_eq!(checked_base_url(" http://127.0.0.1:8080 ").unwrap(), "http://127.0.0.1:8080");
    for (raw, reason) in [
        ("host/api", "not an absolute URL such as `https://host/prefix`"),
        ("ftp://host", "the scheme must be `http` or `https`"),
        (
            "https://user:secret@host",
            "it carries a user name or password; pass credentials with `ClientBuilder::credentials`",
        ),
        ("https://host/api?x=1", "it has a query, which the operation's path would be appended to"),
        ("https://host/api#top", "it has a fragment, which would drop the operation's path"),
    ] {
        match checked_base_url(raw) {
            Err(crate::BuildError::BaseUrl { url, reason: got }) => {
                assert_eq!(got, reason, "{raw}");
                assert!(!url.contains("secret"), "{url}");
            }
            other => panic!("{raw}: {other:?}"),
        }
    }
}

#[test]
fn redaction_removes_user_names_and_passwords() {
    assert_eq!(redact_url("https://user:secret@host/p"), "https://host/p");
    assert_eq!(redact_url("ftp://user:secret@host/p"), "ftp://…@host/p");
    assert_eq!(redact_url("user:secret@host"), "user:…@host");
    assert_eq!(redact_url("https://host/p?mail=a@b"), "https://host/p?mail=a@b");
}

#[test]
fn retry_after_reads_seconds_and_dates_and_saturates() {
    let headers = |value: &str| {
        let mut map = HeaderMap::new();
        map.insert(reqwest::header::RETRY_AFTER, value.parse().unwrap());
        map
    };
    assert_eq!(retry_after(&headers("3")), Some(Duration::from_secs(3)));
    assert_eq!(retry_after(&headers("18446744073709551616")), Some(Duration::MAX));
    assert_eq!(retry_after(&headers("Wed, 21 Oct 2015 07:28:00 GMT")), Some(Duration::ZERO));
    let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(120));
    let wait = retry_after(&headers(&later)).unwrap();
    assert!(wait > Duration::from_secs(100) && wait <= Duration::from_secs(120), "{wait:?}");
    assert_eq!(retry_after(&headers("soon")), None);
    assert_eq!(retry_after(&HeaderMap::new()), None);
}

#[test]
fn a_redirect_target_is_resolved_against_the_request() {
    let from = Url::parse("http://127.0.0.1:9/v1/a/b").unwrap();
    let mut headers = HeaderMap::new();
    headers.insert(reqwest::header::LOCATION, "c?x=1".parse().unwrap());
    assert_eq!(redirect_target(&from, &headers).unwrap().as_str(), "http://127.0.0.1:9/v1/a/c?x=1");
    headers.insert(reqwest::header::LOCATION, "https://other/x".parse().unwrap());
    assert_eq!(redirect_target(&from, &headers).unwrap().as_str(), "https://other/x");
    assert_eq!(redirect_target(&from, &HeaderMap::new()), None);
}

#[test]
fn a_path_template_is_filled_with_one_encoded_segment_per_parameter() {
    use crate::operation::fill_path;
    assert_eq!(fill_path("/v1/s/{id}/get", &[("id", "a/b c")]).unwrap(), "/v1/s/a%2Fb%20c/get");
    assert_eq!(fill_path("/v1/{a}/{b}", &[("b", "2"), ("a", "1")]).unwrap(), "/v1/1/2");
    assert_eq!(fill_path("/v1/list", &[]).unwrap(), "/v1/list");
    assert_eq!(fill_path("/v1/{id}", &[]).unwrap_err(), "no value for path parameter `id`");
    assert_eq!(fill_path("/v1/{id}", &[("id", "..")]).unwrap_err(), "path parameter `id` cannot be \"..\"");
    assert_eq!(fill_path("/v1/{id", &[("id", "1")]).unwrap_err(), "unclosed `{` in `/v1/{id`");
}
