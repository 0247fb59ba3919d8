// Name, flavor and image are all strings: `new` takes them by name, so the positional call, where flavor and image
// could be swapped without the compiler noticing, does not compile.
use htaiyun_client::servers::CreateServerRequest;

fn main() {
    let _request = CreateServerRequest::new(7, "web-1", "image-1", "flavor-1");
}
