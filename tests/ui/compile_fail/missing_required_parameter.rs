// A reboot needs the server id and the reboot type; leaving the type out does not compile.
use htaiyun_client::servers::RebootServerRequest;

fn main() {
    let _request = RebootServerRequest::new("server-1");
}
