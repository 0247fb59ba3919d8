//! A normal doc change needs nothing but `cargo xtask gen`: a copy of `spec/` gains an endpoint section and an
//! error row, is regenerated into a scratch crate (`cargo xtask gen --spec COPY --overrides COPY --out DIR`), and
//! every IR-driven check runs on it without a hand edit: the OpenAPI checks of `openapi.rs` against the copy's IR
//! and the scratch crate's documents, and the scratch crate's own generated tests (doc examples, exact requests,
//! and every operation and documented error through the mock, `tests/operations.rs`), built with cargo.

use std::process::Command;

use crate::cli::Scratch;
use crate::xtask::{self, workspace_root};

/// A new endpoint section, written as the doc writes its sections, with no defect.
const NEW_SECTION: &str = r#"
## <a name="resize-server">调整主机 (Resize Server)</a>

> http://api.htaiyun.com/v1/openstack/server/{serverid}/resize

<table border="0" cellpadding="0" cellspacing="0">
	<tr><th style="text-align:right; background-color:#f5f5f5;">Method</th><td style="text-align:left;">POST</td><td></td></tr>
	<tr><th style="text-align:right; background-color:#f5f5f5;" rowspan="3">Special Request Header</th><td style="text-align:left;">HT-ACCESS-TOKEN</td><td style="color:#999;">云平台应用接口访问令牌</td></tr>
	<tr><td style="text-align:left;">IMR-SESSION-TOKEN</td><td style="color:#999;">当前用户会话ID</td></tr>
	<tr><td style="text-align:left;">IMR-SESSION-SECRET</td><td style="color:#999;">当前用户会话密钥</td></tr>
</table>

### 输入参数

<table border="0" cellpadding="0" cellspacing="0">
<thead><tr>
<td style="text-align:center; background-color:#f5f5f5;">名称</td>
<td style="text-align:center; background-color:#f5f5f5;">类型</td>
<td style="text-align:center; background-color:#f5f5f5;">是否必须</td>
<td style="text-align:center; background-color:#f5f5f5;">说明</td>
</tr></thead>
<tbody><tr>
<td style="text-align:center;">flavor</td>
<td style="text-align:center;">String</td>
<td style="text-align:center;">Yes</td>
<td style="text-align:left;">新的主机类型</td>
</tr></tbody>
</table>

### 输出数据

#### 返回实例

<code>
{
	"status" : 200,
	"message" : "OK"
}
</code>

#### 常见错误信息

<table border="0" cellpadding="0" cellspacing="0">
<thead><tr>
<td style="text-align:center; background-color:#f5f5f5;">status</td>
<td style="text-align:center; background-color:#f5f5f5;">message</td>
<td style="text-align:center; background-color:#f5f5f5;">说明</td>
</tr></thead>
<tbody><tr>
<td style="text-align:center;">406</td>
<td style="text-align:left;">server is running</td>
<td style="text-align:left;">主机运行中</td>
</tr></tbody>
</table>
"#;

/// A new row for the first error table of the doc (create_server's).
const NEW_ERROR_ROW: &str = "</tr><tr>
<td style=\"text-align:center;\">406</td>
<td style=\"text-align:left;\">quota exceeded</td>
<td style=\"text-align:left;\">配额不足</td>
";

#[test]
fn a_doc_with_a_new_section_and_error_row_regenerates_and_passes_every_ir_driven_check() {
    let root = workspace_root();
    let scratch = Scratch::new("doc-change");
    let doc = std::fs::read_to_string(root.join("spec/servers.md")).expect("spec/servers.md is readable");
    let errors_at = doc.find("#### 常见错误信息").expect("the doc has an error table");
    let row_at = errors_at + doc[errors_at..].find("</tr></tbody>").expect("the error table ends");
    let mut changed = doc.clone();
    changed.insert_str(row_at, NEW_ERROR_ROW);
    changed.push_str(NEW_SECTION);
    let copy = scratch.write("servers.md", changed.as_bytes());
    let overrides_text = std::fs::read(root.join("spec/overrides.toml")).expect("spec/overrides.toml is readable");
    let overrides = scratch.write("overrides.toml", &overrides_text);
    let out = scratch.0.join("crate");

    let run = xtask::run([
        "gen".as_ref(),
        "--deny-warnings".as_ref(),
        "--spec".as_ref(),
        copy.as_os_str(),
        "--overrides".as_ref(),
        overrides.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);

    // The IR the scratch crate was made from (xtask names files outside the project by their whole path).
    let name = |path: &std::path::Path| path.to_string_lossy().replace('\\', "/");
    let compiled = generator::compile(
        &[generator::Source::new(name(&copy), changed.as_bytes())],
        Some(&generator::Source::new(name(&overrides), overrides_text.clone())),
    );
    let Some(api) = compiled.api.clone() else { panic!("the copy compiles:\n{}", compiled.render_diagnostics()) };
    let spec = crate::operations::spec_api();
    let count = |api: &generator::ir::Api| -> (usize, usize) {
        let ops: Vec<&generator::ir::Operation> = api.docs.iter().flat_map(|d| d.live_operations()).collect();
        (ops.len(), ops.iter().map(|op| op.errors.len()).sum())
    };
    let (spec_ops, spec_errors) = count(&spec);
    assert_eq!(
        count(&api),
        (spec_ops + 1, spec_errors + 2),
        "(operations, errors) of the copy against the spec's plus the change"
    );

    crate::openapi::check_all(&api, &out);

    // The scratch crate's generated tests, built where CI builds the corpus crates.
    let output = Command::new(env!("CARGO"))
        .args(["test", "--quiet", "--features", "mock", "--manifest-path"])
        .arg(out.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(root.join("target/corpus-target"))
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the scratch crate's tests fail:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // Each generated test file ran as many tests as the IR says: doc examples, requests, operations, Prism.
    let passed: Vec<usize> = stdout
        .lines()
        .filter_map(|line| line.strip_prefix("test result: ok. "))
        .filter_map(|rest| rest.split(' ').next()?.parse().ok())
        .collect();
    let (ops, _) = count(&api);
    let examples: usize = api
        .docs
        .iter()
        .flat_map(|d| d.live_operations())
        .filter(|op| op.response.as_ref().is_some_and(|r| r.example.is_some()))
        .count();
    // The doctests are the crate's rustdoc examples (one per operation, one per stream, the crate's and the mock's),
    // each compiled and run (or compiled, for `no_run`): every example the generated sources hold.
    let doc_examples = count_doc_examples(&out.join("src"));
    assert!(doc_examples > ops, "{doc_examples} rustdoc examples for {ops} operations");
    // `tests/prism.rs` is one test over every operation (it says it skipped without `PRISM_URL`).
    let mut expected = vec![examples, ops, ops, 1, doc_examples];
    expected.sort();
    let mut nonzero: Vec<usize> = passed.into_iter().filter(|n| *n > 0).collect();
    nonzero.sort();
    assert_eq!(
        nonzero, expected,
        "tests passed per generated test file (left) against the IR's counts (right):\n{stdout}"
    );
}

/// The rustdoc examples (fenced code blocks in `///` and `//!` comments) of the `.rs` files under `dir`.
fn count_doc_examples(dir: &std::path::Path) -> usize {
    let mut fences = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            fences += 2 * count_doc_examples(&path);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            fences += text
                .lines()
                .map(str::trim_start)
                .filter_map(|line| line.strip_prefix("///").or_else(|| line.strip_prefix("//!")))
                .filter(|line| line.trim_start().starts_with("```"))
                .count();
        }
    }
    fences / 2
}
