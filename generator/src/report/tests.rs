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
            ("idempotent", "default".to_owned(), vec![]),
            // The note points at the `headers` key, a line below the entry's `match`.
            ("headers", "override [[operation]] #1 (overrides.toml:19)".to_owned(), vec!["override-applied"]),
        ]
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
            ("enum-name", "table".to_owned(), vec![]),
        ]
    );
    // An added parameter is the override's in everything, and a list has an encoding; the operation's
    // `title-url-mismatch`, at the title line where the added parameter sits, stays the operation's.
    let added = "override [[param]] #2 (overrides.toml:8)".to_owned();
    let aspects = ["type", "required", "default", "location", "description", "sensitive", "encoding"];
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
        (1, 32, 9, 12, 11)
    );
    assert_eq!(summary.by_rule.get("required-false-as-no"), Some(&1));
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
