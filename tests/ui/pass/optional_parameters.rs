// Optional parameters are set by name, and a request without required parameters has a default.
use htaiyun_client::servers::{ListServersRequest, ServerStatus, SortField};

fn main() {
    let _request = ListServersRequest::new().with_status(ServerStatus::Active).with_order(SortField::Created).with_page(2);
    let _default = ListServersRequest::default();
}
