//! Unit tests for the idempotency rule: which words decide, and that a write word always wins over a read word.

use super::*;
use crate::ir::{BodyEncoding, Loc, Method, NameSource, Title};

fn op(zh: &str, en: Option<&str>, method: Method, path: &str) -> ir::Operation {
    ir::Operation {
        name: "op".to_owned(),
        name_source: NameSource::Title,
        title: Title { zh: zh.to_owned(), en: en.map(str::to_owned) },
        anchor: None,
        method,
        path: path.to_owned(),
        url: format!("http://api.example.test{path}"),
        idempotent: false,
        idempotency: ir::Idempotency { decided_by: IdempotencySource::NoReadWord, word: None, rule: String::new() },
        body: BodyEncoding::Form,
        headers: Vec::new(),
        params: Vec::new(),
        response: None,
        errors: Vec::new(),
        superseded_by: None,
        rpc: None,
        loc: Loc { line: 1, col: 1 },
    }
}

#[test]
fn the_deciding_part_and_word() {
    let cases = [
        // Reads, whatever the method.
        (
            "查询主机",
            Some("List Servers"),
            Method::Post,
            "/v1/server/list",
            IdempotencySource::EnglishTitle,
            Some("List"),
        ),
        (
            "获取主机状态",
            Some("Get ServerStatus"),
            Method::Post,
            "/v1/server/{id}/status",
            IdempotencySource::EnglishTitle,
            Some("Get"),
        ),
        (
            "主机",
            Some("Server Status"),
            Method::Post,
            "/v1/server/{id}/status",
            IdempotencySource::Path,
            Some("status"),
        ),
        ("主机", None, Method::Post, "/v1/server/{id}/getall/{page}", IdempotencySource::Path, Some("get")),
        ("浮动IP列表", None, Method::Post, "/v1/ips", IdempotencySource::ChineseTitle, Some("列表")),
        ("读取镜像", Some("Image"), Method::Get, "/v1/image/{id}", IdempotencySource::ChineseTitle, Some("读取")),
        // Writes, whatever the method.
        ("分配浮动IP", Some("allocateip"), Method::Get, "/v1/server/allocateip", IdempotencySource::NoReadWord, None),
        ("删除镜像", Some("Delete Image"), Method::Get, "/v1/image/{id}/delete", IdempotencySource::NoReadWord, None),
        ("主机", None, Method::Get, "/", IdempotencySource::NoReadWord, None),
        // A read word overruled by a write word: in the English title, the last path segment or the Chinese title.
        (
            "计数",
            Some("Get and Reset Counter"),
            Method::Post,
            "/v1/counter/get",
            IdempotencySource::WriteWord,
            Some("Reset"),
        ),
        (
            "获取短信验证码",
            Some("SMS Captcha"),
            Method::Post,
            "/captcha/sms",
            IdempotencySource::WriteWord,
            Some("SMS"),
        ),
        ("获取短信验证码", None, Method::Post, "/captcha/phone", IdempotencySource::WriteWord, Some("验证码")),
        ("短信", Some("Check SMS"), Method::Post, "/v1/sms/check", IdempotencySource::WriteWord, Some("SMS")),
        ("短信", None, Method::Post, "/v1/sms/getorcreate", IdempotencySource::WriteWord, Some("create")),
        (
            "获取资源配额信息",
            Some("Refresh ConnectionGroup"),
            Method::Get,
            "/v1/novalimits",
            IdempotencySource::WriteWord,
            Some("Refresh"),
        ),
        ("查询并删除", None, Method::Post, "/v1/x", IdempotencySource::WriteWord, Some("删除")),
    ];
    for (zh, en, method, path, source, word) in cases {
        let decision = classify(&op(zh, en, method, path));
        let context = format!("{zh} {en:?} {path}: {}", decision.rule);
        assert_eq!(decision.decided_by, source, "{context}");
        if word.is_some() || source != IdempotencySource::WriteWord {
            assert_eq!(decision.word.as_deref(), word, "{context}");
        }
    }
}

#[test]
fn the_rule_in_words() {
    let rule = |zh, en, path| classify(&op(zh, en, Method::Post, path)).rule;
    assert_eq!(
        rule("查询主机", Some("List Servers"), "/v1/server/list"),
        "safe to repeat: its English title starts with the read verb `List`"
    );
    assert_eq!(
        rule("获取短信验证码", Some("SMS Captcha"), "/captcha/sms"),
        "not safe to repeat: its Chinese title has the read word `获取`, but its English title has `SMS`, a word for \
         something made, changed or sent"
    );
    assert_eq!(
        rule("创建主机", Some("Create Server"), "/v1/server/create"),
        "not safe to repeat: no read word in its English title, last path segment or Chinese title"
    );
}
