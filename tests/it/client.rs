//! The generated client against a loopback mock server: the request it sends (method, path, headers, body) and
//! what it makes of the answer.

use futures_util::TryStreamExt;
use htaiyun_client::servers::{
    CreateServerError, CreateServerRequest, CreateServerRequired, ListServersRequest, RebootServerRequest, RebootType,
    ServerStatus,
};
use htaiyun_client::{Client, Credentials, OperationError};
use serde_json::json;
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client_for(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .credentials(Credentials::new().with_access_token("app-token").with_session("sess-token", "sess-secret"))
        .build()
        .unwrap()
}

fn envelope(result: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"status": 200, "message": "OK", "result": result}))
}

fn error_envelope(status: u16, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"status": status, "message": message}))
}

#[tokio::test]
async fn create_server_sends_the_form_and_decodes_the_result() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/openstack/server/create"))
        .and(header("HT-ACCESS-TOKEN", "app-token"))
        .and(header("IMR-SESSION-TOKEN", "sess-token"))
        .and(header("IMR-SESSION-SECRET", "sess-secret"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string("userid=7&name=web+1&flavor=f-1&image=img%2F2&description=%E4%B8%BB%E6%9C%BA"))
        .respond_with(envelope(json!({"unique": 42, "name": "web 1"})))
        .expect(1)
        .mount(&server)
        .await;
    let response = client_for(&server)
        .create_server(
            CreateServerRequest::new(CreateServerRequired { userid: 7, name: "web 1", flavor: "f-1", image: "img/2" })
                .with_description("主机"),
        )
        .await
        .unwrap();
    assert_eq!(response.value.unique, 42);
    assert_eq!(response.value.name, "web 1");
    assert_eq!(response.message, "OK");
    assert_eq!(response.http_status, 200);
}

#[tokio::test]
async fn documented_errors_become_typed_kinds() {
    let server = MockServer::start().await;
    let client = client_for(&server);
    let cases = [
        (406, "flavor not exists", CreateServerError::FlavorNotExists),
        (403, "access denied", CreateServerError::AccessDenied),
        (400, "require parameter:flavor", CreateServerError::MissingParameter { name: "flavor".to_owned() }),
        (406, "disk on fire", CreateServerError::Other),
        (403, "flavor not exists", CreateServerError::Other),
    ];
    for (status, message, expected) in cases {
        server.reset().await;
        Mock::given(method("POST")).respond_with(error_envelope(status, message)).mount(&server).await;
        let err = client
            .create_server(CreateServerRequest::new(CreateServerRequired {
                userid: 1,
                name: "n",
                flavor: "f",
                image: "i",
            }))
            .await
            .unwrap_err();
        match err {
            OperationError::Api { operation, status: got_status, message: got_message, kind, .. } => {
                assert_eq!(operation, "create_server");
                assert_eq!(got_status, status);
                assert_eq!(got_message, message);
                assert_eq!(kind, expected, "{status} {message}");
            }
            other => panic!("expected an API error, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn list_stream_pages_until_has_next_is_false() {
    let server = MockServer::start().await;
    for (page, has_next, ids) in [(1, true, vec![1, 2]), (2, false, vec![3])] {
        let entities: Vec<_> = ids
            .iter()
            .map(|id| json!({"unique": id, "name": "n", "status": "ACTIVE", "created": 1, "updated": 2}))
            .collect();
        Mock::given(method("POST"))
            .and(path("/v1/openstack/server/list"))
            .and(body_string(format!("status=ACTIVE&page={page}")))
            .respond_with(envelope(
                json!({"hasPrevious": page > 1, "hasNext": has_next, "total": 3, "entites": entities}),
            ))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client_for(&server);
    let items: Vec<_> = client
        .list_servers_stream(ListServersRequest::new().with_status(ServerStatus::Active))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.iter().map(|e| e.unique).collect::<Vec<_>>(), [1, 2, 3]);
}

#[tokio::test]
async fn responses_tolerate_unknown_values_string_ids_and_the_entities_spelling() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(envelope(json!({
            "hasPrevious": 0,
            "hasNext": "false",
            "total": "2",
            "entities": [{
                "unique": "17", "name": 5, "status": "ACTIVED", "created": "1", "updated": 2,
                "brandNew": {"x": 1}, "flavor": {"disk": 12}
            }],
            "extra": true
        })))
        .mount(&server)
        .await;
    let result = client_for(&server).list_servers(ListServersRequest::new()).await.unwrap().into_inner();
    assert_eq!((result.has_previous, result.has_next), (false, false));
    assert_eq!(result.total, 2);
    assert_eq!(result.entites.len(), 1);
    assert_eq!(result.entites[0].unique, 17);
    assert_eq!((result.entites[0].name.as_str(), result.entites[0].updated), ("5", Some(2)));
    // `ACTIVED` is the doc's example value, not one of the documented statuses: it is kept as it came.
    assert_eq!(result.entites[0].status, ServerStatus::Unknown("ACTIVED".to_owned()));
    assert_eq!(result.entites[0].flavor.as_ref().and_then(|f| f.disk), Some(12));
}

#[tokio::test]
async fn a_body_parameter_bound_to_the_path_is_sent_with_the_path_value() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/openstack/server/s-9/reboot"))
        .and(body_string("serverId=s-9&action=HARD"))
        .respond_with(error_envelope(200, "OK"))
        .expect(1)
        .mount(&server)
        .await;
    client_for(&server).reboot_server(RebootServerRequest::new("s-9", RebootType::Hard)).await.unwrap();
}

#[tokio::test]
async fn the_mock_feature_answers_with_the_docs_examples_and_typed_failures() {
    let mock = htaiyun_client::mock::MockServer::start().await;
    let client = mock.client();
    let listed = client.list_servers(ListServersRequest::new()).await.unwrap().into_inner();
    assert_eq!(listed.total, 5);
    assert_eq!(listed.entites[0].status, ServerStatus::Unknown("ACTIVED".to_owned()));
    mock.create_server().fail_with(CreateServerError::FlavorNotExists);
    let err = client
        .create_server(CreateServerRequest::new(CreateServerRequired { userid: 1, name: "n", flavor: "f", image: "i" }))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), Some(&CreateServerError::FlavorNotExists));
    let received = mock.received();
    assert_eq!(received.len(), 2);
    assert_eq!(received[1].path(), "/v1/openstack/server/create");
    assert_eq!(received[1].operation(), Some("create_server"));
}

/// A member every response carries (the field table says so and every example shows it) is a plain field, and a
/// response without it is a decode error that names it; a member the doc may leave out stays optional.
#[tokio::test]
async fn a_missing_required_member_is_a_decode_error_naming_it() {
    let api = crate::openapi::spec_api();
    let doc = &api.docs[0];
    let result = doc.type_def("CreateServerResult").expect("spec/servers.md has create_server's result");
    let required: Vec<&str> = result.fields.iter().filter(|f| f.required).map(|f| f.wire.as_str()).collect();
    assert_eq!(required, ["unique", "name"]);
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(envelope(json!({"name": "web 1"}))).mount(&server).await;
    let err = client_for(&server)
        .create_server(CreateServerRequest::new(CreateServerRequired { userid: 7, name: "n", flavor: "f", image: "i" }))
        .await
        .unwrap_err();
    match err {
        OperationError::Decode { source, .. } => {
            assert_eq!(source.to_string(), "missing field `unique` at line 1 column 54")
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

/// The runtime's lenient decoding for a 32-bit field (a doc type word such as `int32`): numbers and numeric
/// strings, and a value out of range is an error, not a wrapped number.
#[test]
fn a_32_bit_field_refuses_a_value_out_of_range() {
    #[derive(Debug, serde::Deserialize)]
    struct Small {
        n: i32,
        m: Option<i32>,
    }
    let decode = |body: &str| htaiyun_client::runtime::lenient::from_slice::<Small>(body.as_bytes());
    let small = decode(r#"{"n": "7", "m": null}"#).unwrap();
    assert_eq!((small.n, small.m), (7, None));
    let err = decode(r#"{"n": 1, "m": 3000000000}"#).unwrap_err();
    assert_eq!(err.to_string(), "the number 3000000000 does not fit in a 32-bit integer at line 1 column 24");
    let err = decode(r#"{"n": 1, "m": "3000000000"}"#).unwrap_err();
    assert_eq!(err.to_string(), "the string \"3000000000\" does not fit in a 32-bit integer at line 1 column 26");
    let err = decode(r#"{"m": 1}"#).unwrap_err();
    assert_eq!(err.to_string(), "missing field `n` at line 1 column 8");
}
