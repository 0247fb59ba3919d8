//! Unit tests for the idempotency rule: which words decide, and that a write word always wins over a read word.

use super::*;
use crate::ir::{BodyEncoding, Loc, Method, NameSource, OperationProvenance, Title};

fn op(zh: &str, en: Option<&str>, method: Method, path: &str) -> ir::Operation {
    ir::Operation {
        name: "op".to_owned(),
        name_source: NameSource::Title,
        client_method: "op".to_owned(),
        request_type: "OpRequest".to_owned(),
        error_type: "OpError".to_owned(),
        stream_method: None,
        provenance: OperationProvenance::default(),
        title: Title { zh: zh.to_owned(), en: en.map(str::to_owned) },
        anchor: None,
        method,
        path: path.to_owned(),
        url: format!("http://api.example.test{path}"),
        idempotent: false,
        idempotency: ir::Idempotency { word: None, rule: String::new() },
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
            Rule::IdempotentReadVerbTitle,
            Some("List"),
        ),
        (
            "获取主机状态",
            Some("Get ServerStatus"),
            Method::Post,
            "/v1/server/{id}/status",
            Rule::IdempotentReadVerbTitle,
            Some("Get"),
        ),
        (
            "主机",
            Some("Server Status"),
            Method::Post,
            "/v1/server/{id}/status",
            Rule::IdempotentReadVerbPath,
            Some("status"),
        ),
        ("主机", None, Method::Post, "/v1/server/{id}/getall/{page}", Rule::IdempotentReadVerbPath, Some("get")),
        ("浮动IP列表", None, Method::Post, "/v1/ips", Rule::IdempotentReadWordZhTitle, Some("列表")),
        ("读取镜像", Some("Image"), Method::Get, "/v1/image/{id}", Rule::IdempotentReadWordZhTitle, Some("读取")),
        // Writes, whatever the method.
        ("分配浮动IP", Some("allocateip"), Method::Get, "/v1/server/allocateip", Rule::IdempotentNoReadWord, None),
        ("删除镜像", Some("Delete Image"), Method::Get, "/v1/image/{id}/delete", Rule::IdempotentNoReadWord, None),
        ("主机", None, Method::Get, "/", Rule::IdempotentNoReadWord, None),
        // A read word overruled by a write word: in the English title, the last path segment or the Chinese title.
        (
            "计数",
            Some("Get and Reset Counter"),
            Method::Post,
            "/v1/counter/get",
            Rule::IdempotentWriteWord,
            Some("Reset"),
        ),
        ("获取短信验证码", Some("SMS Captcha"), Method::Post, "/captcha/sms", Rule::IdempotentWriteWord, Some("SMS")),
        ("获取短信验证码", None, Method::Post, "/captcha/phone", Rule::IdempotentWriteWord, Some("验证码")),
        ("短信", Some("Check SMS"), Method::Post, "/v1/sms/check", Rule::IdempotentWriteWord, Some("SMS")),
        ("短信", None, Method::Post, "/v1/sms/getorcreate", Rule::IdempotentWriteWord, Some("create")),
        (
            "获取资源配额信息",
            Some("Refresh ConnectionGroup"),
            Method::Get,
            "/v1/novalimits",
            Rule::IdempotentWriteWord,
            Some("Refresh"),
        ),
        ("查询并删除", None, Method::Post, "/v1/x", Rule::IdempotentWriteWord, Some("删除")),
    ];
    for (zh, en, method, path, rule, word) in cases {
        let decision = classify(&op(zh, en, method, path));
        let context = format!("{zh} {en:?} {path}: {}", decision.idempotency.rule);
        assert_eq!(decision.rule, rule, "{context}");
        // Exactly the three read rules say "safe to repeat", and the sentence says the same.
        let safe = matches!(
            rule,
            Rule::IdempotentReadVerbTitle | Rule::IdempotentReadVerbPath | Rule::IdempotentReadWordZhTitle
        );
        assert_eq!(decision.idempotent(), safe, "{context}");
        assert_eq!(decision.idempotency.rule.starts_with("safe to repeat: "), safe, "{context}");
        if word.is_some() || rule != Rule::IdempotentWriteWord {
            assert_eq!(decision.idempotency.word.as_deref(), word, "{context}");
        }
    }
}

#[test]
fn the_rule_in_words() {
    let rule = |zh, en, path| classify(&op(zh, en, Method::Post, path)).idempotency.rule;
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
