//! Naming rules, one table per rule, and the reserved names checked against the runtime and the emitter.

use super::*;

#[test]
fn snake_names() {
    let cases = [
        ("serverId", "server_id"),
        ("serverid", "serverid"),
        ("ABCServiceX", "abc_service_x"),
        ("type", "type_"),
        ("self", "self_"),
        ("2fa", "_2fa"),
        ("Create Server", "create_server"),
        ("List FloatingIp", "list_floating_ip"),
        ("userid(用户ID)", "userid_id"),
        ("volumes.error.access-denied", "volumes_error_access_denied"),
    ];
    for (raw, expected) in cases {
        assert_eq!(snake(raw).as_deref(), Some(expected), "{raw}");
    }
    assert_eq!(snake("主机"), None);
}

#[test]
fn pascal_names() {
    let cases = [
        ("SHELVED_OFFLOADED", "ShelvedOffloaded"),
        ("not valid name", "NotValidName"),
        ("require parameter:A", "RequireParameterA"),
        ("1", "N1"),
        ("self", "Self_"),
        ("entites", "Entites"),
    ];
    for (raw, expected) in cases {
        assert_eq!(pascal(raw).as_deref(), Some(expected), "{raw}");
    }
}

#[test]
fn numbered_names() {
    assert_eq!(numbered_snake("user_id", 2), "user_id_2");
    assert_eq!(numbered_snake("type_", 2), "type_2");
    assert_eq!(numbered_pascal("Active", 2), "Active2");
    assert_eq!(numbered_pascal("Status406", 2), "Status406_2");
    assert_eq!(numbered_pascal("Self_", 3), "Self3");
}

#[test]
fn singular_names() {
    let cases = [
        ("entities", "entity"),
        ("entites", "entity"),
        ("servers", "server"),
        ("links", "link"),
        ("address", "address"),
        ("boxes", "box"),
        ("policies", "policy"),
    ];
    for (raw, expected) in cases {
        assert_eq!(singular(raw), expected);
    }
}
