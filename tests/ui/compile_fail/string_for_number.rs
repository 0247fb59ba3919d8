// The user id is a number (`long` in the doc).
use htaiyun_client::servers::CreateServerRequest;

fn main() {
    let _request = CreateServerRequest::new("7", "web-1", "flavor-1", "image-1");
}
