// Required parameters of the same type are named at the call site, in any order.
use htaiyun_client::servers::{CreateServerRequest, CreateServerRequired};

fn main() {
    let request = CreateServerRequest::new(CreateServerRequired {
        image: "image-1",
        flavor: "flavor-1",
        name: "web-1",
        userid: 7,
    })
    .with_description("front end");
    assert_eq!((request.flavor.as_str(), request.image.as_str()), ("flavor-1", "image-1"));
}
