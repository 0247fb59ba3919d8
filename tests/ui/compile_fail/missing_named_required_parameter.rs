// A required parameter left out of the named ones (here the image) does not compile.
use htaiyun_client::servers::{CreateServerRequest, CreateServerRequired};

fn main() {
    let _request = CreateServerRequest::new(CreateServerRequired { userid: 7, name: "web-1", flavor: "flavor-1" });
}
