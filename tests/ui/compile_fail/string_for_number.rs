// The user id is a number (`long` in the doc).
use htaiyun_client::servers::{CreateServerRequest, CreateServerRequired};

fn main() {
    let _request =
        CreateServerRequest::new(CreateServerRequired { userid: "7", name: "web-1", flavor: "flavor-1", image: "image-1" });
}
