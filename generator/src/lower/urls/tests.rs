//! Unit tests for URLs and titles.

use super::*;

#[test]
fn titles() {
    let t = split_title("2.3.2 更新用户信息 (Update User)");
    assert_eq!((t.zh.as_str(), t.en.as_deref()), ("更新用户信息", Some("Update User")));
    let t = split_title("验证码");
    assert_eq!((t.zh.as_str(), t.en), ("验证码", None));
    let t = split_title("创建主机(Create Server )");
    assert_eq!((t.zh.as_str(), t.en.as_deref()), ("创建主机", Some("Create Server")));
}

#[test]
fn paths() {
    assert_eq!(
        split_url("http://192.168.96.211:8080/services/user/create"),
        ("http://192.168.96.211:8080".to_owned(), "/services/user/create".to_owned())
    );
    assert_eq!(
        path_template("/v1/image/<imageid>/update"),
        ("/v1/image/{imageid}/update".to_owned(), vec!["imageid".to_owned()])
    );
    assert_eq!(path_template("/volume/{unique}/update/{name}").1, ["unique", "name"]);
    // Braces that open no placeholder are encoded (a fuzz crash: the emitter took `/{` for a placeholder).
    assert_eq!(path_template("/a/{/b/{}/c/{x}/d}"), ("/a/%7B/b/%7B%7D/c/{x}/d%7D".to_owned(), vec!["x".to_owned()]));
}
