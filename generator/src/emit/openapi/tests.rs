//! Unit tests of the OpenAPI emitter on small hand-built IRs, so they do not move when the parser does.

use expect_test::expect;
use serde_json::json;

use super::*;
use crate::ir::{
    Api, Doc, EnumOption, ErrorCase, Field, FieldSource, Header, Idempotency, Loc, MessagePattern, Method, NameSource,
    Param, Response, Title, TypeDef,
};

fn loc(line: u32) -> Loc {
    Loc { line, col: 1 }
}

fn title(zh: &str, en: Option<&str>) -> Title {
    Title { zh: zh.to_owned(), en: en.map(str::to_owned) }
}

fn header(name: &str, kind: HeaderKind) -> Header {
    Header { name: name.to_owned(), kind, description: format!("{name} 说明"), loc: loc(2) }
}

fn op(name: &str, method: Method, path: &str, line: u32) -> Operation {
    Operation {
        name: name.to_owned(),
        name_source: NameSource::Title,
        client_method: name.to_owned(),
        request_type: format!("{}Request", crate::naming::type_stem(name)),
        error_type: format!("{}Error", crate::naming::type_stem(name)),
        stream_method: None,
        title: title("操作", Some("Do It")),
        anchor: None,
        method,
        path: path.to_owned(),
        url: format!("http://api.example.test{path}"),
        idempotent: method == Method::Get,
        idempotency: Idempotency { word: None, rule: "test rule".to_owned() },
        body: if method == Method::Get { BodyEncoding::None } else { BodyEncoding::Form },
        headers: vec![header("HT-ACCESS-TOKEN", HeaderKind::AccessToken)],
        params: Vec::new(),
        response: None,
        errors: Vec::new(),
        superseded_by: None,
        rpc: None,
        provenance: Default::default(),
        loc: loc(line),
    }
}

fn param(wire: &str, location: ParamLocation, ty: Type, required: bool) -> Param {
    Param {
        wire: wire.to_owned(),
        rust: wire.to_owned(),
        location,
        type_raw: String::new(),
        ty,
        required,
        default: None,
        description: format!("{wire} 说明"),
        bound_to_path: None,
        container: Vec::new(),
        provenance: Default::default(),
        sensitive: false,
        encoding: ir::ArrayEncoding::Repeat,
        loc: loc(10),
    }
}

fn field(wire: &str, ty: Type, required: bool, nullable: bool) -> Field {
    Field {
        wire: wire.to_owned(),
        rust: wire.to_owned(),
        ty,
        required,
        doc_required: required,
        nullable,
        description: String::new(),
        source: FieldSource::Both,
        provenance: Default::default(),
        loc: loc(30),
    }
}

fn error(status: u16, message: &str, rust: &str) -> ErrorCase {
    ErrorCase {
        status,
        message: message.to_owned(),
        rust: rust.to_owned(),
        pattern: None,
        description: String::new(),
        provenance: Default::default(),
        loc: loc(40),
    }
}

fn response(ty: Option<Type>, example_raw: &str) -> Response {
    Response {
        ty,
        enveloped: true,
        nullable: false,
        example_raw: example_raw.to_owned(),
        example: serde_json::from_str(example_raw).ok(),
        loc: loc(20),
    }
}

fn doc(file: &str, module: &str, operations: Vec<Operation>, types: Vec<TypeDef>) -> Doc {
    Doc {
        file: file.to_owned(),
        module: module.to_owned(),
        title: title("模块", Some("Things")),
        description: String::new(),
        base_url: Some("http://api.example.test".to_owned()),
        operations,
        types,
    }
}

fn type_def(name: &str, fields: Vec<Field>, used_by: &str) -> TypeDef {
    TypeDef {
        name: name.to_owned(),
        description: format!("The result of `{used_by}`."),
        fields,
        used_by: vec![used_by.to_owned()],
        loc: loc(25),
    }
}

fn enum_type(name: &str, options: &[(&str, &str)]) -> Type {
    Type::Enum {
        name: name.to_owned(),
        options: options
            .iter()
            .map(|(wire, description)| EnumOption {
                wire: (*wire).to_owned(),
                rust: naming::pascal(wire).unwrap_or_default(),
                description: (*description).to_owned(),
                provenance: Default::default(),
            })
            .collect(),
        provenance: Default::default(),
    }
}

fn api(docs: Vec<Doc>) -> Api {
    Api { docs }
}

/// The `x-source` of what the helpers above put at a line of `spec/things.md` (parameters 10, fields 30).
fn source_at(line: u32) -> Value {
    json!({"file": "spec/things.md", "line": line})
}

/// The value at a JSON pointer, or `null` when there is none.
fn at<'a>(document: &'a Value, pointer: &str) -> &'a Value {
    document.pointer(pointer).unwrap_or(&Value::Null)
}

#[test]
fn minimal_document() {
    let mut get = op("get_thing", Method::Get, "/v1/thing/{id}/get", 3);
    get.params = vec![param("id", ParamLocation::Path, Type::String, true)];
    get.response = Some(response(
        Some(Type::Object { name: "GetThingResult".into() }),
        r#"{"status":200,"message":"OK","result":{"n":1}}"#,
    ));
    get.errors = vec![error(403, "access denied", "AccessDenied")];
    let types = vec![type_def("GetThingResult", vec![field("n", Type::Integer, true, false)], "get_thing")];
    let text = json_text(&document(&api(vec![doc("spec/things.md", "things", vec![get], types)]), Version::V3_1));
    expect![[r##"
        {
          "openapi": "3.1.0",
          "x-generated": "@generated by `cargo xtask gen` from spec/; do not edit by hand",
          "info": {
            "title": "模块 (Things)",
            "version": "v1",
            "description": "Generated from the platform's API docs: `spec/things.md` (模块 (Things)).\n\nEvery response body is the envelope `{status, message, result}`. The documented error statuses (403) are listed as HTTP responses of each operation, with the exact messages in `x-error-messages`; the platform may also send them inside an HTTP 200 response, so read the envelope's `status`.\n\nEach operation and schema names the spec file and line it comes from in `x-source`."
          },
          "servers": [
            {
              "url": "http://api.example.test",
              "description": "模块 (Things)"
            }
          ],
          "tags": [
            {
              "name": "Things",
              "description": "模块 (Things), from `spec/things.md`."
            }
          ],
          "paths": {
            "/v1/thing/{id}/get": {
              "get": {
                "operationId": "get_thing",
                "summary": "Do It",
                "description": "操作\n\nSource: `spec/things.md` line 3.",
                "tags": [
                  "Things"
                ],
                "security": [
                  {
                    "HT-ACCESS-TOKEN": []
                  }
                ],
                "parameters": [
                  {
                    "name": "id",
                    "in": "path",
                    "description": "id 说明",
                    "required": true,
                    "schema": {
                      "type": "string"
                    },
                    "x-source": {
                      "file": "spec/things.md",
                      "line": 10
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "description": "Success: the envelope with `status` 200 (example at line 20).",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/GetThingResultEnvelope"
                        },
                        "example": {
                          "status": 200,
                          "message": "OK",
                          "result": {
                            "n": 1
                          }
                        }
                      }
                    }
                  },
                  "403": {
                    "description": "Envelope `status` 403: `access denied`.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/GetThingResultEnvelope"
                        },
                        "examples": {
                          "AccessDenied": {
                            "summary": "access denied",
                            "value": {
                              "status": 403,
                              "message": "access denied"
                            }
                          }
                        }
                      }
                    },
                    "x-error-messages": [
                      {
                        "message": "access denied",
                        "line": 40
                      }
                    ]
                  }
                },
                "x-source": {
                  "file": "spec/things.md",
                  "line": 3
                },
                "x-idempotent": true,
                "x-idempotent-rule": "test rule"
              }
            }
          },
          "components": {
            "schemas": {
              "GetThingResult": {
                "type": "object",
                "description": "The result of `get_thing`.",
                "properties": {
                  "n": {
                    "type": "integer",
                    "format": "int64",
                    "x-source": {
                      "file": "spec/things.md",
                      "line": 30
                    }
                  }
                },
                "required": [
                  "n"
                ],
                "x-source": {
                  "file": "spec/things.md",
                  "line": 25
                },
                "x-used-by": [
                  "get_thing"
                ]
              },
              "GetThingResultEnvelope": {
                "type": "object",
                "description": "The platform's response envelope, shared by the success and the error responses of an operation.",
                "properties": {
                  "status": {
                    "type": "integer",
                    "format": "int32",
                    "description": "200 on success, otherwise the documented error status.",
                    "examples": [
                      200
                    ],
                    "x-source": {
                      "file": "spec/things.md",
                      "line": 20
                    }
                  },
                  "message": {
                    "type": "string",
                    "description": "`OK` on success, otherwise the documented error message.",
                    "examples": [
                      "OK"
                    ],
                    "x-source": {
                      "file": "spec/things.md",
                      "line": 20
                    }
                  },
                  "result": {
                    "$ref": "#/components/schemas/GetThingResult",
                    "description": "The operation's result; absent in error envelopes.",
                    "x-source": {
                      "file": "spec/things.md",
                      "line": 20
                    }
                  }
                },
                "required": [
                  "status",
                  "message"
                ],
                "x-source": {
                  "file": "spec/things.md",
                  "line": 20
                }
              }
            },
            "securitySchemes": {
              "HT-ACCESS-TOKEN": {
                "type": "apiKey",
                "in": "header",
                "name": "HT-ACCESS-TOKEN",
                "description": "HT-ACCESS-TOKEN 说明"
              }
            }
          }
        }
    "##]]
    .assert_eq(&text);
}

#[test]
fn nullable_and_ref_siblings_follow_the_version() {
    let mut get = op("get_thing", Method::Get, "/v1/thing", 3);
    get.response = Some(response(Some(Type::Object { name: "Thing".into() }), "{}"));
    let mut inner = field("inner", Type::Object { name: "Inner".into() }, false, true);
    inner.description = "内部".into();
    let types = vec![
        type_def(
            "Thing",
            vec![inner, field("label", Type::String, false, true), field("any", Type::Any, false, true)],
            "get_thing",
        ),
        type_def("Inner", vec![field("n", Type::Long, true, false)], "get_thing"),
    ];
    let api = api(vec![doc("spec/things.md", "things", vec![get], types)]);
    let v3_1 = document(&api, Version::V3_1);
    let v3_0 = document(&api, Version::V3_0);
    let thing = "/components/schemas/Thing/properties";
    assert_eq!(
        at(&v3_1, &format!("{thing}/inner")),
        &json!({"oneOf": [{"$ref": "#/components/schemas/Inner"}, {"type": "null"}], "description": "内部", "x-source": source_at(30)})
    );
    assert_eq!(
        at(&v3_0, &format!("{thing}/inner")),
        &json!({"allOf": [{"$ref": "#/components/schemas/Inner"}], "nullable": true, "description": "内部", "x-source": source_at(30)})
    );
    assert_eq!(at(&v3_1, &format!("{thing}/label")), &json!({"type": ["string", "null"], "x-source": source_at(30)}));
    assert_eq!(
        at(&v3_0, &format!("{thing}/label")),
        &json!({"type": "string", "nullable": true, "x-source": source_at(30)})
    );
    assert_eq!(at(&v3_1, &format!("{thing}/any")), &json!({"x-source": source_at(30)}));
    assert_eq!(at(&v3_0, &format!("{thing}/any")), &json!({"x-source": source_at(30)}));
    assert_eq!(at(&v3_0, "/openapi"), "3.0.3");
    // The envelope's `result` carries a description, which 3.0 ignores beside a bare `$ref`.
    assert_eq!(
        at(&v3_0, "/components/schemas/ThingEnvelope/properties/result"),
        &json!({"allOf": [{"$ref": "#/components/schemas/Thing"}], "description": "The operation's result; absent in error envelopes.", "x-source": {"file": "spec/things.md", "line": 20}})
    );
}

#[test]
fn form_body_lists_params_with_encoding_in_both_versions() {
    let mut post = op("set_things", Method::Post, "/v1/thing/{id}/set", 3);
    let mut bound = param("thingId", ParamLocation::Body, Type::String, true);
    bound.bound_to_path = Some("id".into());
    let mut page = param("page", ParamLocation::Body, Type::Integer, false);
    page.default = Some("1".into());
    let mut asc = param("asc", ParamLocation::Body, Type::Boolean, false);
    asc.default = Some("false".into());
    let mut odd = param("odd", ParamLocation::Body, Type::Integer, false);
    odd.default = Some("many".into());
    let mut mode = param("mode", ParamLocation::Body, enum_type("Mode", &[("A", "甲"), ("B", "乙")]), false);
    mode.default = Some("B".into());
    post.params = vec![
        param("id", ParamLocation::Path, Type::String, true),
        bound,
        param("ids", ParamLocation::Body, Type::Array { items: Box::new(Type::String) }, true),
        page,
        asc,
        odd,
        mode,
    ];
    let api = api(vec![doc("spec/things.md", "things", vec![post], Vec::new())]);
    let v3_1 = document(&api, Version::V3_1);
    let v3_0 = document(&api, Version::V3_0);
    let body = "/paths/~1v1~1thing~1{id}~1set/post/requestBody";
    let media = format!("{body}/content/application~1x-www-form-urlencoded");
    assert_eq!(at(&v3_1, &format!("{body}/required")), true);
    // OpenAPI 3.0.3 has the Encoding Object too: without it Prism reads no form array.
    for document in [&v3_1, &v3_0] {
        assert_eq!(at(document, &format!("{media}/encoding")), &json!({"ids": {"style": "form", "explode": true}}));
    }
    let properties = format!("{media}/schema/properties");
    // A body field bound to a path placeholder keeps the doc's `required`.
    assert_eq!(
        at(&v3_1, &format!("{properties}/thingId")),
        &json!({"type": "string", "description": "thingId 说明", "x-bound-to-path": "id", "x-source": source_at(10)})
    );
    assert_eq!(at(&v3_1, &format!("{media}/schema/required")), &json!(["thingId", "ids"]));
    // A required list has at least one item: an empty one cannot be sent in a form body.
    assert_eq!(
        at(&v3_1, &format!("{properties}/ids")),
        &json!({"type": "array", "items": {"type": "string"}, "description": "ids 说明", "minItems": 1, "x-source": source_at(10)})
    );
    assert_eq!(
        at(&v3_1, &format!("{properties}/page")),
        &json!({"type": "integer", "format": "int64", "description": "page 说明", "default": 1, "x-source": source_at(10)})
    );
    assert_eq!(at(&v3_1, &format!("{properties}/asc/default")), false);
    assert_eq!(
        at(&v3_1, &format!("{properties}/odd")),
        &json!({"type": "integer", "format": "int64", "description": "odd 说明\n\nDefault as documented: `many`.", "x-source": source_at(10)})
    );
    assert_eq!(
        at(&v3_1, &format!("{properties}/mode")),
        &json!({"$ref": "#/components/schemas/Mode", "description": "mode 说明", "default": "B", "x-source": source_at(10)})
    );
    assert_eq!(
        at(&v3_0, &format!("{properties}/mode")),
        &json!({"allOf": [{"$ref": "#/components/schemas/Mode"}], "description": "mode 说明", "default": "B", "x-source": source_at(10)})
    );
    assert_eq!(
        at(&v3_1, "/components/schemas/Mode"),
        &json!({
            "type": "string",
            "description": "`A`: 甲\n`B`: 乙",
            "enum": ["A", "B"],
            "x-enum-varnames": ["A", "B"],
            "x-enum-descriptions": ["甲", "乙"],
            "x-source": {"file": "spec/things.md", "line": 10},
        })
    );
    // Only the path parameter is a parameter; the rest travels in the body.
    assert_eq!(at(&v3_1, "/paths/~1v1~1thing~1{id}~1set/post/parameters/0/name"), "id");
    assert_eq!(at(&v3_1, "/paths/~1v1~1thing~1{id}~1set/post/parameters/1"), &Value::Null);
}

#[test]
fn every_status_shares_the_envelope_and_lists_its_messages() {
    let mut post = op("make_thing", Method::Post, "/v1/thing/make", 3);
    post.response = Some(response(None, r#"{"status":200,"message":"OK"}"#));
    let mut missing = error(400, "require parameter:A", "RequireParameter");
    missing.pattern =
        Some(MessagePattern { prefix: "require parameter:".into(), placeholder: "A".into(), suffix: String::new() });
    missing.description = "缺少必须参数A".into();
    post.errors = vec![missing, error(406, "not valid name", "NotValidName"), error(406, " volume gone", "VolumeGone")];
    let api = api(vec![doc("spec/things.md", "things", vec![post], Vec::new())]);
    let res = document(&api, Version::V3_1);
    let responses = at(&res, "/paths/~1v1~1thing~1make/post/responses");
    let keys: Vec<&String> = responses.as_object().expect("responses is a map").keys().collect();
    assert_eq!(keys, ["200", "400", "406"]);
    for status in ["200", "400", "406"] {
        assert_eq!(
            at(responses, &format!("/{status}/content/application~1json/schema")),
            &json!({"$ref": "#/components/schemas/Envelope"}),
            "{status}"
        );
    }
    assert_eq!(
        at(responses, "/400/x-error-messages"),
        &json!([{
            "message": "require parameter:A",
            "description": "缺少必须参数A",
            "pattern": {"prefix": "require parameter:", "placeholder": "A", "suffix": ""},
            "line": 40,
        }])
    );
    assert_eq!(at(responses, "/406/description"), "Envelope `status` 406: `not valid name`; ` volume gone`.");
    assert_eq!(at(responses, "/406/content/application~1json/examples/VolumeGone/value/message"), " volume gone");
    assert_eq!(
        at(&res, "/components/schemas/Envelope/properties/result"),
        &json!({"description": "Absent or null: the success carries no result.", "x-source": {"file": "spec/things.md", "line": 20}})
    );
}

#[test]
fn repaired_example_is_kept_raw_only() {
    let mut get = op("get_thing", Method::Get, "/v1/thing", 3);
    let mut repaired = response(Some(Type::Any), "{\"status\": 200, \"result\": ...}");
    repaired.example = Some(json!({"status": 200, "result": null}));
    get.response = Some(repaired);
    let res = document(&api(vec![doc("spec/things.md", "things", vec![get], Vec::new())]), Version::V3_1);
    let media = at(&res, "/paths/~1v1~1thing/get/responses/200/content/application~1json");
    assert_eq!(
        media,
        &json!({"schema": {"$ref": "#/components/schemas/AnyEnvelope"}, "x-example-raw": "{\"status\": 200, \"result\": ...}"})
    );
}

#[test]
fn superseded_section_is_named_on_the_winner_with_its_rule() {
    let path = "/v1/thing/{id}/reboot";
    let mut first = op("reboot", Method::Post, path, 3);
    first.params = vec![param("id", ParamLocation::Path, Type::String, true)];
    let mut second = op("reboot_2", Method::Post, path, 50);
    second.title = title("重启", Some("Reboot"));
    second.params = vec![
        param("id", ParamLocation::Path, Type::String, true),
        param("how", ParamLocation::Body, Type::String, true),
    ];
    second.errors = vec![error(500, "failed", "Failed")];
    // First in document order wins.
    let mut loser = second.clone();
    loser.superseded_by = Some("reboot".into());
    let res =
        document(&api(vec![doc("spec/things.md", "things", vec![first.clone(), loser], Vec::new())]), Version::V3_1);
    let post = at(&res, "/paths/~1v1~1thing~1{id}~1reboot/post");
    assert_eq!(at(post, "/operationId"), "reboot");
    assert_eq!(
        at(post, "/description"),
        "操作\n\nSource: `spec/things.md` line 3.\n\nAlso documented by the section 重启 (Reboot) at `spec/things.md` line 50, which is not emitted: the first section in document order wins (warning `duplicate-endpoint`)."
    );
    assert_eq!(
        at(post, "/x-superseded"),
        &json!([{
            "name": "reboot_2",
            "title": "重启 (Reboot)",
            "file": "spec/things.md",
            "line": 50,
            "diagnostic": "duplicate-endpoint",
            "rule": "the first section in document order wins",
            "parameters": [
                {"name": "id", "in": "path", "description": "id 说明", "required": true, "schema": {"type": "string"}, "x-source": source_at(10), "line": 10},
                {"name": "how", "in": "body", "description": "how 说明", "required": true, "schema": {"type": "string"}, "x-source": source_at(10), "line": 10},
            ],
            "errors": [{"status": 500, "message": "failed", "line": 40}],
        }])
    );
    // An override made the later section win.
    let mut loser = first;
    loser.superseded_by = Some("reboot_2".into());
    let res = document(&api(vec![doc("spec/things.md", "things", vec![loser, second], Vec::new())]), Version::V3_1);
    let post = at(&res, "/paths/~1v1~1thing~1{id}~1reboot/post");
    assert_eq!(at(post, "/operationId"), "reboot_2");
    assert_eq!(at(post, "/x-superseded/0/name"), "reboot");
    assert_eq!(at(post, "/x-superseded/0/rule"), "spec/overrides.toml keeps the section at line 50 (`keep = true`)");
}

#[test]
fn two_docs_keep_names_unique() {
    let mut one = op("list", Method::Get, "/v1/a/list", 3);
    one.response = Some(response(Some(Type::Object { name: "Item".into() }), "{}"));
    one.params = vec![param("mode", ParamLocation::Query, enum_type("Mode", &[("X", "")]), false)];
    let mut two = op("list", Method::Get, "/v1/b/list", 3);
    two.response = Some(response(Some(Type::Object { name: "Item".into() }), "{}"));
    two.headers = vec![header("Authorization", HeaderKind::BasicAuth), header("X-Trace", HeaderKind::Other)];
    let same_path = op("again", Method::Get, "/v1/a/list", 9);
    let mut docs = vec![
        doc(
            "spec/a.md",
            "alpha",
            vec![one],
            vec![type_def("Item", vec![field("n", Type::Integer, true, false)], "list")],
        ),
        doc(
            "spec/b.md",
            "beta",
            vec![two, same_path],
            vec![type_def("Item", vec![field("s", Type::String, true, false)], "list")],
        ),
    ];
    docs[1].title = title("乙", Some("Beta"));
    docs[1].base_url = Some("http://other.example.test".into());
    let res = document(&api(docs), Version::V3_1);
    let schemas: Vec<&String> = at(&res, "/components/schemas").as_object().expect("a map").keys().collect();
    assert_eq!(schemas, ["AlphaItem", "AlphaItemEnvelope", "BetaItem", "BetaItemEnvelope", "Mode"]);
    assert_eq!(at(&res, "/components/schemas/BetaItem/x-used-by"), &json!(["beta_list"]));
    let a = at(&res, "/paths/~1v1~1a~1list/get");
    let b = at(&res, "/paths/~1v1~1b~1list/get");
    assert_eq!((at(a, "/operationId"), at(b, "/operationId")), (&json!("alpha_list"), &json!("beta_list")));
    assert_eq!(at(a, "/servers"), &Value::Null);
    assert_eq!(at(b, "/servers"), &json!([{"url": "http://other.example.test", "description": "乙 (Beta)"}]));
    assert_eq!(at(b, "/tags"), &json!(["Beta"]));
    // The section names only `Authorization`; the access token goes on every operation, under the name the
    // doc (here: no section of it) gives it, else the family's `HT-ACCESS-TOKEN`.
    assert_eq!(at(b, "/security"), &json!([{"HT-ACCESS-TOKEN": [], "basicAuth": []}]));
    assert_eq!(
        at(b, "/parameters"),
        &json!([{"name": "X-Trace", "in": "header", "description": "X-Trace 说明", "required": false, "schema": {"type": "string"}, "x-source": {"file": "spec/b.md", "line": 2}}])
    );
    assert_eq!(
        at(&res, "/components/securitySchemes"),
        &json!({
            "HT-ACCESS-TOKEN": {"type": "apiKey", "in": "header", "name": "HT-ACCESS-TOKEN", "description": "HT-ACCESS-TOKEN 说明"},
            "basicAuth": {"type": "http", "scheme": "basic", "description": "Authorization 说明"},
        })
    );
    // The second doc's `GET /v1/a/list` loses to the first doc's, and says so on the winner.
    assert_eq!(at(a, "/x-superseded/0/name"), "again");
    assert_eq!(at(a, "/x-superseded/0/file"), "spec/b.md");
    assert_eq!(at(a, "/x-superseded/0/diagnostic"), &Value::Null);
    assert_eq!(
        at(a, "/x-superseded/0/rule"),
        "the first doc in input order wins: `spec/a.md` also documents `GET /v1/a/list`"
    );
    assert_eq!(at(&res, "/info/title"), "模块 (Things) / 乙 (Beta)");
    assert_eq!(at(&res, "/servers/1/url"), "http://other.example.test");
}

#[test]
fn operation_without_credentials_needs_the_access_token_only() {
    let mut get = op("ping", Method::Get, "/ping", 3);
    get.headers = vec![header("Content-Type", HeaderKind::ContentType)];
    let res = document(&api(vec![doc("spec/things.md", "things", vec![get], Vec::new())]), Version::V3_1);
    assert_eq!(at(&res, "/paths/~1ping/get/security"), &json!([{"HT-ACCESS-TOKEN": []}]));
    assert_eq!(at(&res, "/paths/~1ping/get/parameters"), &Value::Null);
    assert_eq!(
        at(&res, "/components/securitySchemes"),
        &json!({"HT-ACCESS-TOKEN": {"type": "apiKey", "in": "header", "name": "HT-ACCESS-TOKEN"}})
    );
    assert_eq!(at(&res, "/info/version"), "unversioned");
}

#[test]
fn files_are_deterministic_and_yaml_says_what_json_says() {
    let mut post = op("make_thing", Method::Post, "/v1/thing/make", 3);
    post.params = vec![param("name", ParamLocation::Body, Type::String, true)];
    post.errors = vec![error(406, "not valid name", "NotValidName")];
    let api = api(vec![doc("spec/things.md", "things", vec![post], Vec::new())]);
    let files = emit(&api);
    assert_eq!(files, emit(&api));
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, [JSON_PATH, YAML_PATH, JSON_3_0_PATH]);
    assert!(files[1].contents.starts_with("# @generated by `cargo xtask gen`"), "{}", files[1].contents);
    let from_json: Value = serde_json::from_str(&files[0].contents).expect("the JSON parses");
    let from_yaml: Value = serde_yaml_ng::from_str(&files[1].contents).expect("the YAML parses");
    assert_eq!(from_yaml, from_json);
    assert_eq!(from_json, document(&api, Version::V3_1));
    assert_eq!(
        serde_json::from_str::<Value>(&files[2].contents).expect("the 3.0 JSON parses"),
        document(&api, Version::V3_0)
    );
}

#[test]
fn overrides_leave_an_x_override_where_they_applied() {
    let id = |table: &str, index, line| ir::Provenance::Override {
        override_: ir::OverrideId {
            file: "spec/overrides.toml".into(),
            table: table.into(),
            index,
            line,
            lines: [line, line + 2],
        },
    };
    let mut get = op("allocate_ip", Method::Get, "/v1/ip/allocate", 3);
    get.provenance.name = id("operation", 2, 9);
    get.provenance.idempotent = id("operation", 2, 9);
    get.provenance.headers = id("operation", 2, 9);
    let mut kind = param("kind", ParamLocation::Query, enum_type("IpKind", &[("V4", ""), ("V6", "")]), true);
    kind.provenance.required = id("param", 1, 14);
    if let Type::Enum { provenance, options, .. } = &mut kind.ty {
        *provenance = id("enum", 1, 20);
        options[1].provenance = id("enum", 1, 20);
    }
    let mut ids = param("ids", ParamLocation::Query, Type::Array { items: Box::new(Type::Long) }, false);
    ids.sensitive = true;
    ids.encoding = ir::ArrayEncoding::Comma;
    (ids.provenance.sensitive, ids.provenance.encoding) = (id("param", 2, 25), id("param", 2, 25));
    get.params = vec![kind, param("zone", ParamLocation::Query, Type::String, false), ids];
    get.response = Some(response(
        Some(Type::Object { name: "Ip".into() }),
        r#"{"status":200,"message":"OK","result":{"addr":"10.0.0.1"}}"#,
    ));
    let mut addr = field("addr", Type::String, true, false);
    addr.rust = "address".into();
    (addr.provenance.required, addr.provenance.rust_name) = (id("field", 1, 40), id("field", 1, 40));
    let types = vec![type_def("Ip", vec![addr, field("zone", Type::String, false, false)], "allocate_ip")];
    let document = document(&api(vec![doc("spec/ip.md", "ip", vec![get], types)]), Version::V3_1);
    let operation = at(&document, "/paths/~1v1~1ip~1allocate/get");
    assert_eq!(
        operation["x-override"],
        json!([{"override": "[[operation]] #2", "file": "spec/overrides.toml", "line": 9, "sets": ["name", "idempotent", "headers"]}])
    );
    assert_eq!(
        operation["parameters"][0]["x-override"],
        json!([{"override": "[[param]] #1", "file": "spec/overrides.toml", "line": 14, "sets": ["required"]}])
    );
    assert_eq!(operation["parameters"][1].get("x-override"), None, "no override set `zone`");
    assert_eq!(
        operation["parameters"][2]["x-override"],
        json!([{"override": "[[param]] #2", "file": "spec/overrides.toml", "line": 25, "sets": ["sensitive", "encoding"]}])
    );
    assert_eq!(
        at(&document, "/components/schemas/Ip/properties/addr/x-override"),
        &json!([{"override": "[[field]] #1", "file": "spec/overrides.toml", "line": 40, "sets": ["required", "rust-name"]}])
    );
    assert_eq!(at(&document, "/components/schemas/Ip/properties/zone").get("x-override"), None);
    assert_eq!(
        at(&document, "/components/schemas/IpKind/x-override"),
        &json!([{"override": "[[enum]] #1", "file": "spec/overrides.toml", "line": 20, "sets": ["name", "option V6"]}])
    );
}

#[test]
fn required_follows_the_ir_and_keeps_the_docs_word() {
    let mut get = op("get_thing", Method::Get, "/v1/thing", 3);
    get.response = Some(response(
        Some(Type::Object { name: "Thing".into() }),
        r#"{"status":200,"message":"OK","result":{"a":1}}"#,
    ));
    let mut lacking = field("b", Type::Long, false, false);
    lacking.doc_required = true;
    let types = vec![type_def("Thing", vec![field("a", Type::Long, true, false), lacking], "get_thing")];
    let res = document(&api(vec![doc("spec/things.md", "things", vec![get], types)]), Version::V3_1);
    assert_eq!(at(&res, "/components/schemas/Thing/required"), &json!(["a"]));
    assert_eq!(
        at(&res, "/components/schemas/Thing/properties/b"),
        &json!({"type": "integer", "format": "int64", "x-doc-required": true, "x-source": source_at(30)})
    );
    assert_eq!(at(&res, "/components/schemas/Thing/properties/a/x-doc-required"), &Value::Null);
}

#[test]
fn only_an_explicit_32_bit_word_is_int32() {
    let mut get = op("get_thing", Method::Get, "/v1/thing", 3);
    let mut small = param("small", ParamLocation::Query, Type::Int32, false);
    small.default = Some("3000000000".into());
    get.params = vec![param("plain", ParamLocation::Query, Type::Integer, false), small];
    let res = document(&api(vec![doc("spec/things.md", "things", vec![get], Vec::new())]), Version::V3_1);
    let parameters = at(&res, "/paths/~1v1~1thing/get/parameters");
    assert_eq!(at(parameters, "/0/schema"), &json!({"type": "integer", "format": "int64"}));
    // A default that does not fit 32 bits is not a valid default of the type: it stays in the description.
    assert_eq!(at(parameters, "/1/schema"), &json!({"type": "integer", "format": "int32"}));
    assert_eq!(at(parameters, "/1/description"), "small 说明\n\nDefault as documented: `3000000000`.");
}

#[test]
fn a_body_without_result_member_still_declares_the_envelope() {
    let mut get = op("get_link", Method::Get, "/v1/link", 3);
    let mut flat = response(
        Some(Type::Object { name: "GetLinkResult".into() }),
        r#"{"status":200,"message":"OK","url":"http://x.test/a"}"#,
    );
    flat.enveloped = false;
    get.response = Some(flat);
    get.errors = vec![error(406, "too often", "TooOften")];
    let types = vec![type_def("GetLinkResult", vec![field("url", Type::String, true, false)], "get_link")];
    let res = document(&api(vec![doc("spec/things.md", "things", vec![get], types)]), Version::V3_1);
    let responses = at(&res, "/paths/~1v1~1link/get/responses");
    assert_eq!(
        at(responses, "/200/content/application~1json/schema"),
        &json!({"allOf": [{"$ref": "#/components/schemas/Envelope"}, {"$ref": "#/components/schemas/GetLinkResult"}]})
    );
    // An error body has no `url`: the errors keep the bare envelope.
    assert_eq!(
        at(responses, "/406/content/application~1json/schema"),
        &json!({"$ref": "#/components/schemas/Envelope"})
    );
    assert_eq!(at(&res, "/components/schemas/Envelope/required"), &json!(["status", "message"]));
}

/// Three RPC-style sections on one URL, told apart by `code`.
fn rpc_api() -> Api {
    let path = "/cgi-bin/billing.php";
    let selector = |value: i64, line: u32| ir::RpcSelector { field: "code".into(), value, loc: loc(line) };
    let mut query = op("query_balance", Method::Post, path, 3);
    query.body = BodyEncoding::Json;
    query.rpc = Some(selector(1001, 5));
    query.params = vec![param("userid", ParamLocation::Body, Type::Long, true)];
    query.response = Some(response(
        Some(Type::Object { name: "QueryBalanceResult".into() }),
        r#"{"status":200,"message":"OK","result":{"balance":10.5}}"#,
    ));
    query.errors = vec![error(406, "user not exists", "UserNotExists")];
    let mut recharge = op("recharge", Method::Post, path, 20);
    recharge.title = title("充值", Some("Recharge"));
    recharge.body = BodyEncoding::Json;
    recharge.rpc = Some(selector(1002, 22));
    recharge.params = vec![param("amount", ParamLocation::Body, Type::Long, true)];
    recharge.response = Some(response(
        Some(Type::Object { name: "RechargeResult".into() }),
        r#"{"status":200,"message":"OK","result":{"order":"o1"}}"#,
    ));
    recharge.errors = vec![error(406, "amount invalid", "AmountInvalid"), error(500, "failed", "Failed")];
    let mut delete = op("delete", Method::Post, path, 40);
    delete.body = BodyEncoding::Json;
    delete.rpc = Some(selector(1003, 42));
    let types = vec![
        type_def("QueryBalanceResult", vec![field("balance", Type::Number, true, false)], "query_balance"),
        type_def("RechargeResult", vec![field("order", Type::String, true, false)], "recharge"),
    ];
    api(vec![doc("spec/billing.md", "billing", vec![query, recharge, delete], types)])
}

#[test]
fn rpc_operation_carries_every_selectors_request_result_and_errors() {
    let res = document(&rpc_api(), Version::V3_1);
    let post = at(&res, "/paths/~1cgi-bin~1billing.php/post");
    assert_eq!(at(post, "/operationId"), "query_balance");
    assert_eq!(
        at(post, "/requestBody/content/application~1json/schema"),
        &json!({
            "oneOf": [
                {"$ref": "#/components/schemas/QueryBalanceRequest"},
                {"$ref": "#/components/schemas/RechargeRequest"},
                {"$ref": "#/components/schemas/DeleteRequest"},
            ],
            "discriminator": {
                "propertyName": "code",
                "mapping": {
                    "1001": "#/components/schemas/QueryBalanceRequest",
                    "1002": "#/components/schemas/RechargeRequest",
                    "1003": "#/components/schemas/DeleteRequest",
                },
            },
        })
    );
    assert_eq!(at(&res, "/components/schemas/RechargeRequest/required"), &json!(["code", "amount"]));
    assert_eq!(at(&res, "/components/schemas/RechargeRequest/properties/code/enum"), &json!([1002]));
    // The success envelope's `result` is any selector's result.
    let envelope = at(post, "/responses/200/content/application~1json/schema/$ref").as_str().expect("a $ref");
    let envelope = envelope.trim_start_matches("#/components/schemas/");
    assert_eq!(
        at(&res, &format!("/components/schemas/{envelope}/properties/result/oneOf")),
        &json!([{"$ref": "#/components/schemas/QueryBalanceResult"}, {"$ref": "#/components/schemas/RechargeResult"}])
    );
    let examples = at(post, "/responses/200/content/application~1json/examples");
    let keys: Vec<&String> = examples.as_object().expect("a map").keys().collect();
    assert_eq!(keys, ["query_balance", "recharge"]);
    // Each error status lists the selectors that document it, and each message its selector.
    assert_eq!(
        at(post, "/responses/406/x-rpc-selectors"),
        &json!([
            {"operationId": "query_balance", "field": "code", "value": 1001},
            {"operationId": "recharge", "field": "code", "value": 1002},
        ])
    );
    assert_eq!(at(post, "/responses/406/x-error-messages/1/message"), "amount invalid");
    assert_eq!(at(post, "/responses/406/x-error-messages/1/operationId"), "recharge");
    assert_eq!(at(post, "/responses/406/x-error-messages/1/code"), 1002);
    assert_eq!(at(post, "/responses/500/x-rpc-selectors/0/value"), 1002);
    assert_eq!(
        at(post, "/x-rpc-operations/1"),
        &json!({
            "operationId": "recharge",
            "summary": "Recharge",
            "field": "code",
            "value": 1002,
            "request": {"$ref": "#/components/schemas/RechargeRequest"},
            "result": {"$ref": "#/components/schemas/RechargeResult"},
            "errors": [
                {"status": 406, "message": "amount invalid", "line": 40},
                {"status": 500, "message": "failed", "line": 40},
            ],
            "x-source": {"file": "spec/billing.md", "line": 20},
        })
    );
    // `delete` is a keyword of TypeScript: its `operationId` is not.
    assert_eq!(at(post, "/x-rpc-operations/2/operationId"), "delete_");
    assert_eq!(at(post, "/x-rpc-operations/2/result"), &Value::Null);
}

#[test]
fn enum_varnames_are_no_keyword_of_any_language() {
    let mut get = op("default", Method::Get, "/v1/thing", 3);
    get.params =
        vec![param("flag", ParamLocation::Query, enum_type("Flag", &[("true", ""), ("None", ""), ("x", "")]), false)];
    let res = document(&api(vec![doc("spec/things.md", "things", vec![get], Vec::new())]), Version::V3_1);
    assert_eq!(at(&res, "/paths/~1v1~1thing/get/operationId"), "default_");
    assert_eq!(at(&res, "/components/schemas/Flag/x-enum-varnames"), &json!(["True_", "None_", "X"]));
    assert_eq!(at(&res, "/components/schemas/Flag/enum"), &json!(["true", "None", "x"]));
}
