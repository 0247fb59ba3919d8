//! Several docs in one run: anchors and names are per doc, diagnostics name their file, and line endings do not
//! change the IR.

use generator::{compile, Source};

const USERS: &str = "# <a name=\"users\">用户 (Users)</a>

## <a name=\"create\">创建用户 (Create User)</a>

> http://api.example.com/services/user/create

<table><tr><th>Method</th><td>POST</td><td></td></tr></table>

### 输入参数

|名称|类型|是否必须|默认值|说明|
|:--:|:--:|:--:|:--:|:--:|
|name|String|Yes|N/A|用户名|
";

const IMAGES: &str = "# <a name=\"images\">镜像 (Images)</a>

## <a name=\"create\">创建镜像 (Create Image)</a>

> http://api.example.com/services/image/create

<table><tr><th>Method</th><td>POST</td><td></td></tr></table>

### 输入参数

|名称|类型|是否必须|默认值|说明|
|:--:|:--:|:--:|:--:|:--:|
|name|String|Maybe|N/A|镜像名|
";

#[test]
fn generic_anchors_across_files_are_not_duplicates() {
    let compiled = compile(&[Source::new("users.md", USERS), Source::new("images.md", IMAGES)], None);
    let api = compiled.api.as_ref().expect("no errors");
    let names: Vec<(&str, &str, &str)> = api
        .docs
        .iter()
        .flat_map(|doc| doc.operations.iter().map(move |op| (doc.module.as_str(), op.name.as_str(), op.path.as_str())))
        .collect();
    assert_eq!(
        names,
        [("users", "create_user", "/services/user/create"), ("images", "create_image", "/services/image/create")]
    );
    // The one finding is in the second file, and says so; the notes say whether each operation is safe to repeat.
    let rendered = compiled.render_diagnostics();
    let headlines: Vec<&str> =
        rendered.lines().filter(|line| line.contains(": warning[") || line.contains(": note[")).collect();
    assert_eq!(
        headlines,
        [
            "users.md:3:1: note[idempotency]: `create_user` is not safe to repeat: no read word in its English title, \
             last path segment or Chinese title",
            "images.md:3:1: note[idempotency]: `create_image` is not safe to repeat: no read word in its English title, \
             last path segment or Chinese title",
            "images.md:13:14: warning[unknown-required]: required column of `name` reads `Maybe`",
        ]
    );
    assert_eq!(compiled.diagnostics.len(), 3);
}

#[test]
fn crlf_line_endings_give_the_same_ir() {
    let lf = compile(&[Source::new("users.md", USERS)], None);
    let crlf = compile(&[Source::new("users.md", USERS.replace('\n', "\r\n"))], None);
    let messages = |compiled: &generator::Compiled| -> Vec<String> {
        compiled.diagnostics.iter().map(|d| format!("{}: {}", d.code.as_str(), d.message)).collect()
    };
    assert_eq!(messages(&crlf), messages(&lf));
    assert!(crlf.diagnostics.iter().all(|d| d.code == generator::diagnostics::Code::Idempotency));
    assert_eq!(crlf.api.expect("no errors").to_json(), lf.api.expect("no errors").to_json());
}

/// Old Mac line endings (a lone CR) are line breaks too: the same IR, and a diagnostic on the same line and column
/// showing one source line, not the whole file.
#[test]
fn lone_cr_line_endings_give_the_same_ir() {
    let lf = compile(&[Source::new("images.md", IMAGES)], None);
    let cr = compile(&[Source::new("images.md", IMAGES.replace('\n', "\r"))], None);
    assert_eq!(cr.api.as_ref().expect("no errors").to_json(), lf.api.as_ref().expect("no errors").to_json());
    let rendered = cr.render_diagnostics();
    assert_eq!(rendered, lf.render_diagnostics());
    // The first warning (notes come first, in document order: the idempotency note of each operation).
    assert_eq!(
        rendered.lines().find(|l| l.contains(": warning[")),
        Some("images.md:13:14: warning[unknown-required]: required column of `name` reads `Maybe`")
    );
    assert!(rendered.contains("13 │ |name|String|Maybe|N/A|镜像名|\n"), "{rendered}");
}
