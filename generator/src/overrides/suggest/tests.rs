use super::*;

#[test]
fn a_case_only_difference_is_suggested_first() {
    let candidates = ["GET /v1/server/{serverid}/get", "GET /v1/server/{serverid}/set", "POST /v1/server/list"];
    assert_eq!(closest("GET /v1/server/{serverId}/get", &candidates), ["GET /v1/server/{serverid}/get"]);
    assert_eq!(
        did_you_mean("GET /v1/server/{serverId}/get", &candidates).as_deref(),
        Some("did you mean `GET /v1/server/{serverid}/get`? (only the case differs)")
    );
}

#[test]
fn typos_are_suggested_by_edit_distance_and_far_names_are_not() {
    let params = ["serverId", "action", "actions", "type"];
    assert_eq!(closest("acton", &params), ["action", "actions"]);
    assert_eq!(did_you_mean("acton", &params).as_deref(), Some("did you mean `action` or `actions`?"));
    assert_eq!(closest("flavor", &params), Vec::<&str>::new());
    assert_eq!(did_you_mean("flavor", &params), None);
}
