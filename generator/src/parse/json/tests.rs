use super::*;

fn strict(text: &str) -> String {
    let parsed = parse(text);
    parsed.value.map(|v| v.to_json().to_string()).unwrap_or_default()
}

fn problems(text: &str) -> Vec<String> {
    parse(text).problems.into_iter().map(|p| format!("{}: {}", p.offset, p.message)).collect()
}

#[test]
fn valid_json_has_no_problems() {
    let text = r#"{"status" : 200, "message" : "OK", "result" : {"a": [1, 2.5, -3e2], "b": null, "c": "\u4e2d"}}"#;
    assert_eq!(problems(text), Vec::<String>::new());
    assert_eq!(strict(text), r#"{"status":200,"message":"OK","result":{"a":[1,2.5,-300.0],"b":null,"c":"中"}}"#);
}

#[test]
fn placeholders_members_and_items() {
    let text = "{\n\t\"name\" : ...,\n\t...,\n\t\"list\" : [{\"a\":1},...],\n\t\"result\" : {...}\n}";
    assert_eq!(strict(text), r#"{"name":null,"list":[{"a":1}],"result":{}}"#);
    let ellipsis = "stands for something the doc does not show";
    assert_eq!(problems(text), [12, 18, 42, 61].map(|at| format!("{at}: `...` {ellipsis}")));
}

#[test]
fn inline_notes_become_member_notes() {
    let text = "{\n\"maxTotalCores\":80,  VCPU 可用\n\"totalCoresUsed\":28, // VCPU 已用\n\"links\":[]}";
    let parsed = parse(text);
    let value = parsed.value.unwrap();
    assert_eq!(value.member("maxTotalCores").unwrap().note.as_deref(), Some("VCPU 可用"));
    assert_eq!(value.member("totalCoresUsed").unwrap().note.as_deref(), Some("VCPU 已用"));
    assert_eq!(value.member("links").unwrap().note, None);
    assert_eq!(problems(text), ["23: inline note after a value"]);
}

#[test]
fn missing_and_full_width_commas() {
    let text = "{\"message\" : \"OK\"，\n\"updated\" : ...\n\"flavor\":{\"disk\":12}}";
    assert_eq!(strict(text), r#"{"message":"OK","updated":null,"flavor":{"disk":12}}"#);
    assert_eq!(
        problems(text),
        ["17: full-width comma", "33: `...` stands for something the doc does not show", "37: missing comma"]
    );
}

#[test]
fn damaged_brackets_keys_and_literals() {
    assert_eq!(strict("{\"a\":[1,2"), r#"{"a":[1,2]}"#);
    assert_eq!(strict("{a\":1, b: True, \"c\": None}"), r#"{"a":1,"b":true,"c":null}"#);
    assert_eq!(strict("{\"\"k\"\": 1,,}"), r#"{"k":1}"#);
    assert_eq!(strict("{\"a\":1}}"), r#"{"a":1}"#);
    assert_eq!(problems("{\"a\":1}}"), ["7: unexpected text after the example's value"]);
    assert_eq!(strict("\"just text\""), r#""just text""#);
    assert_eq!(strict("[\"a\": 1]"), r#"[{"a":1}]"#);
    assert_eq!(strict("[\"a\": 1, \"b\" : [2], {\"c\": 3}, \"d\": 4]"), r#"[{"a":1,"b":[2]},{"c":3},{"d":4}]"#);
    assert_eq!(problems("[\"a\": 1, \"b\": 2]"), ["1: object members inside `[...]`"]);
}

#[test]
fn hostile_input_terminates() {
    let deep = "[".repeat(10_000);
    assert!(parse(&deep).problems.iter().any(|p| p.message.contains("too deeply")));
    for text in
        ["", "}", "{:", "{\"a\"", "\"", "-", "{\"a\":-}", "{…}", "[,,]", "{@#$}", "{\"a\":1 note\n", "1e", "{a:b:c}"]
    {
        let _ = parse(text);
    }
}

#[test]
fn elided_objects_are_marked() {
    let parsed = parse("{\"a\": {\"b\": 1, ...}, \"c\": {\"d\": 2}, \"e\": {...}}").value.unwrap();
    let elided = |key: &str| parsed.member(key).unwrap().value.elided;
    assert!(elided("a"));
    assert!(!elided("c"));
    assert!(elided("e"));
    assert!(!parsed.elided);
}

#[test]
fn strings_across_lines_stay_strings() {
    let text = "{\"data\" : \"{u'_id': ObjectId('5a1b'),\n u'name': None}\", \"n\" : 1}";
    assert_eq!(strict(text), r#"{"data":"{u'_id': ObjectId('5a1b'),\n u'name': None}","n":1}"#);
    assert_eq!(problems(text), ["10: string spans several lines"]);
    // A string whose line ends without a closing quote that ends a value is unterminated, as before.
    let cut = "{\"a\" : \"x,\n \"b\" : \"y\"}";
    assert_eq!(strict(cut), r#"{"a":"x,","b":"y"}"#);
}
