// The reboot type is an enum, not a string.
use htaiyun_client::servers::RebootServerRequest;

fn main() {
    let _request = RebootServerRequest::new("server-1", "SOFT");
}
