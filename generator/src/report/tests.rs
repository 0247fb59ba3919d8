//! The report on a small doc with one defect of each kind it attributes: a `false` in a required cell, a title
//! that does not fit its URL, a field only the example shows, and overrides of each kind that sets a fact (a
//! parameter's required flag and sensitivity, an added parameter, a response field's Rust name, the operation's
//! headers), with one warning acknowledged by an `[[allow]]`.

use super::*;
use crate::Source;

const DOC: &str = "# <a name=\"disks\">磁盘 (Disks)</a>

## <a name=\"get-disk\">查询磁盘 (Resize Thing)</a>

> http://api.example.com/v1/disk/get

<table><tr><th>Method</th><td>GET</td><td></td></tr></table>

### 输入参数

| 名称 | 类型 | 是否必须 | 说明 |
|---|---|---|---|
| id | String | false | 磁盘ID |
| zone | String | No | 可用区：<b>A</b>甲；<b>B</b>乙 |

### 输出数据

#### 返回实例

<code>
{\"status\" : 200, \"message\" : \"OK\", \"result\" : {\"size\" : 20}}
</code>

#### 常见错误信息

|status|message|description|
|:--:|:--:|:--:|
|406|disk not exists|磁盘不存在|
";

const OVERRIDES: &str = "[[param]]
match = \"GET /v1/disk/get\"
name = \"zone\"
required = true
sensitive = true

[[param]]
match = \"GET /v1/disk/get\"
name = \"region\"
add = true
type = \"String[]\"

[[field]]
match = \"GET /v1/disk/get\"
field = \"size\"
rust_name = \"size_gb\"

[[operation]]
match = \"GET /v1/disk/get\"
headers = [\"HT-ACCESS-TOKEN\"]

[[allow]]
code = \"title-url-mismatch\"
match = \"GET /v1/disk/get\"
reason = \"the title is another section's, the path is right\"
";

fn compiled() -> crate::Compiled {
    crate::compile(&[Source::new("disks.md", DOC)], Some(&Source::new("overrides.toml", OVERRIDES)))
}

fn facts_of<'a>(report: &'a Report, subject: &str) -> Vec<(&'a str, String, Vec<&'a str>)> {
    report.docs[0]
        .facts
        .iter()
        .filter(|f| f.subject == subject)
        .map(|f| {
            let codes = f.diagnostics.iter().map(|d| d["code"].as_str().unwrap_or_default()).collect();
            (f.aspect.as_str(), f.provenance.label(), codes)
        })
        .collect()
}

#[test]
fn every_fact_with_its_provenance_and_the_diagnostics_that_touched_it() {
    let compiled = compiled();
    let api = compiled.api.as_ref().expect("the doc compiles");
    let report = report(api, &compiled.diagnostics, &compiled.files);
    assert_eq!(
        facts_of(&report, "disk_get"),
        [
            ("name", "rule name-from-path".to_owned(), vec!["title-url-mismatch"]),
            ("method", "table".to_owned(), vec![]),
            // The path's `get` reads, but the title's `Resize` overrules it; the note names the word.
            ("idempotent", "rule idempotent-write-word".to_owned(), vec!["idempotency"]),
            // The note points at the `headers` key, a line below the entry's `match`.
            ("headers", "override [[operation]] #1 (overrides.toml:19)".to_owned(), vec!["override-applied"]),
            // Its Rust names are the ones its name gives: nothing in the crate took them.
            ("client-method", "default".to_owned(), vec![]),
            ("rust-types", "default".to_owned(), vec![]),
            ("stream-method", "default".to_owned(), vec![]),
            // What the client sends is the override's list, so the same note touches it.
            ("auth", "override [[operation]] #1 (overrides.toml:19)".to_owned(), vec!["override-applied"]),
        ]
    );
    let detail = |aspect: &str| {
        let fact = report.docs[0].facts.iter().find(|f| f.subject == "disk_get" && f.aspect == aspect).unwrap();
        (fact.value.clone(), fact.detail.clone())
    };
    assert_eq!(
        detail("idempotent"),
        (
            "false".to_owned(),
            Some(
                "not safe to repeat: its last path segment starts with the read verb `get`, but its English title \
                 has `Resize`, a word for something made, changed or sent"
                    .to_owned()
            )
        )
    );
    assert_eq!(
        detail("auth"),
        (
            "HT-ACCESS-TOKEN".to_owned(),
            Some("HT-ACCESS-TOKEN (the access token), override [[operation]] #1 (overrides.toml:19)".to_owned())
        )
    );
    assert_eq!(
        facts_of(&report, "disk_get.id"),
        [
            ("type", "table".to_owned(), vec![]),
            ("required", "rule required-false-as-no".to_owned(), vec!["required-false"]),
            ("default", "default".to_owned(), vec![]),
            ("location", "default".to_owned(), vec![]),
            ("description", "table".to_owned(), vec![]),
            ("sensitive", "default".to_owned(), vec![]),
            ("encoding", "default".to_owned(), vec![]),
            ("rust-name", "default".to_owned(), vec![]),
        ]
    );
    assert_eq!(
        facts_of(&report, "disk_get.zone"),
        [
            ("type", "table".to_owned(), vec![]),
            ("required", "override [[param]] #1 (overrides.toml:2)".to_owned(), vec!["override-applied"]),
            ("default", "default".to_owned(), vec![]),
            ("location", "default".to_owned(), vec![]),
            ("description", "table".to_owned(), vec![]),
            ("sensitive", "override [[param]] #1 (overrides.toml:2)".to_owned(), vec!["override-applied"]),
            ("encoding", "default".to_owned(), vec![]),
            ("rust-name", "default".to_owned(), vec![]),
            ("enum-name", "table".to_owned(), vec![]),
        ]
    );
    // An added parameter is the override's in everything, and a list has an encoding; the operation's
    // `title-url-mismatch`, at the title line where the added parameter sits, stays the operation's.
    let added = "override [[param]] #2 (overrides.toml:8)".to_owned();
    let aspects = ["type", "required", "default", "location", "description", "sensitive", "encoding", "rust-name"];
    assert_eq!(
        facts_of(&report, "disk_get.region"),
        aspects.map(|aspect| (aspect, added.clone(), vec!["override-applied"]))
    );
    assert_eq!(facts_of(&report, "disk_get.zone = B"), [("option", "table".to_owned(), vec![])]);
    assert_eq!(
        facts_of(&report, "DiskGetResult.size"),
        [
            ("type", "example".to_owned(), vec![]),
            ("required", "rule example-only-optional".to_owned(), vec![]),
            ("rust-name", "override [[field]] #1 (overrides.toml:14)".to_owned(), vec!["override-applied"]),
        ]
    );
    assert_eq!(facts_of(&report, "disk_get 406 disk not exists"), [("name", "table".to_owned(), vec![])]);
    let summary = &report.summary;
    assert_eq!(
        (summary.operations, summary.facts, summary.read, summary.inferred, summary.overridden),
        // The operation's client method, Rust types and paging method and each parameter's Rust name are facts
        // too: five come from the names (`default`), the added parameter's from its override.
        (1, 39, 9, 17, 13)
    );
    assert_eq!(summary.by_rule.get("required-false-as-no"), Some(&1));
    assert_eq!(summary.by_rule.get("idempotent-write-word"), Some(&1));
    assert_eq!(summary.guessed_operations, 1);
    assert_eq!(
        report.docs[0].guesses,
        [Guess {
            operation: "disk_get".into(),
            title: "查询磁盘 (Resize Thing)".into(),
            line: 3,
            facts: vec![
                "disk_get name: rule name-from-path".into(),
                "disk_get.id required: rule required-false-as-no".into(),
                "DiskGetResult.size type: example".into(),
                "DiskGetResult.size required: rule example-only-optional".into(),
            ],
        }]
    );
}

#[test]
fn diagnostics_use_the_json_field_names() {
    let compiled = compiled();
    let report = report(compiled.api.as_ref().unwrap(), &compiled.diagnostics, &compiled.files);
    let fact = report.docs[0].facts.iter().find(|f| f.subject == "disk_get.id" && f.aspect == "required").unwrap();
    let json = &fact.diagnostics[0];
    let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["code", "level", "message", "file", "line", "column", "end_line", "end_column", "labels", "help", "allowed"]
    );
    assert_eq!(
        (&json["level"], &json["file"], &json["line"], &json["column"], &json["end_column"]),
        (&"warning".into(), &"disks.md".into(), &13.into(), &17.into(), &22.into())
    );
    assert_eq!(json["labels"][0]["text"], "expected `Yes` or `No`");
    assert_eq!(json["allowed"], false);
    // The very object `--message-format json` prints for the same diagnostic.
    let diagnostic = compiled.diagnostics.iter().find(|d| d.code == Code::RequiredFalse).unwrap();
    assert_eq!(json, &crate::diagnostics::json::diagnostic_value(&compiled.files, diagnostic));
}

#[test]
fn an_acknowledged_warning_is_listed_as_allowed() {
    let compiled = compiled();
    let report = report(compiled.api.as_ref().unwrap(), &compiled.diagnostics, &compiled.files);
    let name = report.docs[0].facts.iter().find(|f| f.subject == "disk_get" && f.aspect == "name").unwrap();
    let codes: Vec<(&str, &Value)> =
        name.diagnostics.iter().map(|d| (d["code"].as_str().unwrap_or_default(), &d["allowed"])).collect();
    assert_eq!(codes, [("title-url-mismatch", &Value::Bool(true))]);
}

/// Where each operation's credentials came from: its own header table, the doc's name for the access token where
/// a section names none, the family's name where no section of the doc names one; and the read rules' guesses.
#[test]
fn credentials_and_idempotency_with_their_rules() {
    let with_tokens = "# <a name=\"keys\">密钥 (Keys)</a>

## <a name=\"list-keys\">密钥列表 (List Keys)</a>

> http://api.example.com/v1/key/list

<table><tr><th>Method</th><td>POST</td><td></td></tr>
<tr><th>Header</th><td>IMR-ACCESS-TOKEN</td><td>应用令牌</td></tr>
<tr><th>Header</th><td>IMR-SESSION-TOKEN</td><td>会话令牌</td></tr></table>

## <a name=\"key-status\">密钥 (Key Status)</a>

> http://api.example.com/v1/key/{id}/status

<table><tr><th>Method</th><td>POST</td><td></td></tr></table>

## <a name=\"keys-zh\">密钥统计</a>

> http://api.example.com/v1/key/summary

<table><tr><th>Method</th><td>POST</td><td></td></tr></table>
";
    let without = "# <a name=\"tokens\">令牌 (Tokens)</a>

## <a name=\"new-token\">新建令牌 (New Token)</a>

> http://api.example.com/v1/token/new

<table><tr><th>Method</th><td>POST</td><td></td></tr></table>
";
    let compiled = crate::compile(&[Source::new("keys.md", with_tokens), Source::new("tokens.md", without)], None);
    let api = compiled.api.as_ref().expect("the docs compile");
    let report = report(api, &compiled.diagnostics, &compiled.files);
    let facts = |doc: usize, aspect: &str| -> Vec<(String, String, String, String)> {
        report.docs[doc]
            .facts
            .iter()
            .filter(|f| f.aspect == aspect)
            .map(|f| (f.subject.clone(), f.value.clone(), f.provenance.label(), f.detail.clone().unwrap_or_default()))
            .collect()
    };
    let row = |subject: &str, value: &str, label: &str, detail: &str| {
        (subject.to_owned(), value.to_owned(), label.to_owned(), detail.to_owned())
    };
    assert_eq!(
        facts(0, "auth"),
        [
            row(
                "list_keys",
                "IMR-ACCESS-TOKEN, IMR-SESSION-TOKEN",
                "table",
                "IMR-ACCESS-TOKEN (the access token), from the section's header table; IMR-SESSION-TOKEN (the session \
                 token), from the section's header table"
            ),
            row(
                "key_status",
                "IMR-ACCESS-TOKEN",
                "rule access-token-from-doc",
                "IMR-ACCESS-TOKEN (the access token), the section names none: the name most of the doc's sections use"
            ),
            row(
                "key_summary",
                "IMR-ACCESS-TOKEN",
                "rule access-token-from-doc",
                "IMR-ACCESS-TOKEN (the access token), the section names none: the name most of the doc's sections use"
            ),
        ]
    );
    assert_eq!(
        facts(1, "auth"),
        [row(
            "new_token",
            "HT-ACCESS-TOKEN",
            "rule access-token-family-name",
            "HT-ACCESS-TOKEN (the access token), no section of the doc names one: the family's name"
        )]
    );
    assert_eq!(
        facts(0, "idempotent"),
        [
            row(
                "list_keys",
                "true",
                "rule idempotent-read-verb-title",
                "safe to repeat: its English title starts with the read verb `List`"
            ),
            row(
                "key_status",
                "true",
                "rule idempotent-read-verb-path",
                "safe to repeat: its last path segment starts with the read verb `status`"
            ),
            row(
                "key_summary",
                "true",
                "rule idempotent-read-word-zh-title",
                "safe to repeat: its Chinese title has the read word `统计`"
            ),
        ]
    );
    assert_eq!(
        facts(1, "idempotent"),
        [row(
            "new_token",
            "false",
            "rule idempotent-no-read-word",
            "not safe to repeat: no read word in its English title, last path segment or Chinese title"
        )]
    );
    // A read rule's "safe to repeat" is a guess (a wrong one replays a write); "not safe" is not, and the
    // family's name for the token is.
    let guessed: Vec<(&str, &[String])> =
        report.docs.iter().flat_map(|d| &d.guesses).map(|g| (g.operation.as_str(), g.facts.as_slice())).collect();
    assert_eq!(
        guessed,
        [
            ("list_keys", &["list_keys idempotent: rule idempotent-read-verb-title".to_owned()][..]),
            (
                "key_status",
                &[
                    "key_status idempotent: rule idempotent-read-verb-path".to_owned(),
                    "key_status auth: rule access-token-from-doc".to_owned(),
                ][..]
            ),
            (
                "key_summary",
                &[
                    "key_summary name: rule name-from-path".to_owned(),
                    "key_summary idempotent: rule idempotent-read-word-zh-title".to_owned(),
                    "key_summary auth: rule access-token-from-doc".to_owned(),
                ][..]
            ),
            ("new_token", &["new_token auth: rule access-token-family-name".to_owned()][..]),
        ]
    );
}
