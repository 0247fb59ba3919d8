//! Unit tests for titles against URLs.

use super::*;

#[test]
fn titles_against_paths() {
    let fits = [
        ("Create Server", "/v1/openstack/server/create"),
        ("Create Server", "/v1/openstack/server/created"),
        ("batchdettach Server", "/v1/openstack/server/dettachall"),
        ("Associate Floating IP", "/v1/openstack/server/{serverid}/addfloatingip"),
        ("Server Actions", "/v1/openstack/server/{serverid}/action"),
        ("Get ServerStatus", "/v1/openstack/server/{serverid}/status"),
        ("Refresh ConnectionGroup", "/v1/api/tokens/refresh"),
    ];
    for (title, path) in fits {
        assert!(title_fits_path(title, path), "{title} {path}");
    }
    assert!(!title_fits_path("Refresh ConnectionGroup", "/v1/openstack/server/novalimits"));
    assert!(!title_fits_path("Delete User", "/services/user/create"));
    assert!(title_fits_path("Read Flavor", "/services/openstack/flavor/{flavorid}/get"));
    assert!(title_fits_path("detach Volume", "/services/openstack/volume/{volumeid}/dettach"));
    assert!(!title_fits_path("Attach Volume", "/services/openstack/volume/{volumeid}/detach"));
    assert_eq!(edit_distance("detach", "dettach"), 1);
    assert_eq!(edit_distance("kitten", "sitting"), 3);
}
