//! `cargo xtask ir` on bad input: exit status 1, a first line on stderr that says what is wrong and where, nothing on
//! stdout, and never a panic. The inputs are written to a temporary directory at test time.

use std::path::{Path, PathBuf};

use crate::xtask::{self, Run};

/// A scratch directory for one test, removed when dropped.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(case: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("xtask-cli-{}-{case}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("the temporary directory is writable");
        Scratch(dir)
    }

    pub fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).expect("the temporary file is writable");
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The file name as diagnostics print it.
fn shown(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Asserts a failed run: exit status 1, the expected first line, no IR, no panic.
fn assert_fails(run: &Run, first_line: &str) {
    assert!(!run.stderr.contains("panicked"), "the run panicked:\n{}", run.stderr);
    assert_eq!(run.first_stderr_line(), first_line, "stderr:\n{}", run.stderr);
    assert_eq!(run.code, Some(1), "stderr:\n{}", run.stderr);
    assert_eq!(run.stdout, "", "no IR is printed");
}

/// A section that is fine up to its parameter table.
const SECTION_START: &str = "# <a name=\"servers\">主机 (Servers)</a>

## <a name=\"list-servers\">主机列表 (List Servers)</a>

> http://api.example.com/v1/server/list

<table><tr><th>Method</th><td>GET</td><td></td></tr></table>

### 输入参数

<table>
<thead><tr><td>名称</td><td>类型</td><td>是否必须</td><td>说明</td></tr></thead>
<tbody><tr>
<td>page</td><td>Integer</td><td>No</td><td>页码</td>
</tr><tr>
<td>size</td><td>Integer</td><td>No</td><td>每页";

#[test]
fn missing_file() {
    let scratch = Scratch::new("missing");
    let path = scratch.0.join("absent.md");
    let run = xtask::ir(&path);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let first = run.first_stderr_line();
    assert!(first.starts_with(&format!("error: cannot read `{}`", path.display())), "stderr:\n{}", run.stderr);
    assert_eq!(run.code, Some(1));
    assert_eq!(run.stdout, "");
}

#[test]
fn binary_file() {
    let scratch = Scratch::new("binary");
    let path = scratch.write("image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    assert_fails(&xtask::ir(&path), &format!("{}:1:1: error[not-text]: file is not UTF-8 text", shown(&path)));
}

#[test]
fn nul_bytes() {
    let scratch = Scratch::new("nul");
    let path = scratch.write("nul.md", b"# title\n\x00\x01\x02");
    assert_fails(
        &xtask::ir(&path),
        &format!("{}:2:1: error[not-text]: file is binary, not a Markdown doc", shown(&path)),
    );
}

#[test]
fn not_utf8() {
    let scratch = Scratch::new("gbk");
    // `主机` in GBK.
    let path = scratch.write("gbk.md", b"# \xd6\xf7\xbb\xfa\n");
    assert_fails(&xtask::ir(&path), &format!("{}:1:3: error[not-text]: file is not UTF-8 text", shown(&path)));
}

#[test]
fn empty_file() {
    let scratch = Scratch::new("empty");
    let path = scratch.write("empty.md", b"");
    assert_fails(&xtask::ir(&path), &format!("{}:1:1: error[empty-file]: file is empty", shown(&path)));
    let blank = scratch.write("blank.md", b" \n\t\n");
    assert_fails(&xtask::ir(&blank), &format!("{}:1:1: error[empty-file]: file is empty", shown(&blank)));
}

#[test]
fn doc_without_endpoints() {
    let scratch = Scratch::new("no-endpoints");
    let path =
        scratch.write("object.md", "# 用户对象 (User Object)\n\n> 用户的数据结构。\n\n## 字段\n\n正文\n".as_bytes());
    assert_fails(
        &xtask::ir(&path),
        &format!("{}:1:1: error[no-endpoints]: doc has no endpoint sections", shown(&path)),
    );
}

#[test]
fn truncated_table() {
    let scratch = Scratch::new("truncated");
    let path = scratch.write("cut.md", SECTION_START.as_bytes());
    let run = xtask::ir(&path);
    assert_fails(&run, &format!("{}:11:1: error[truncated-table]: the file ends inside a table", shown(&path)));
    // The cut-off row is not read: the one error is all there is to say.
    assert!(run.stderr.ends_with("1 error, 0 warnings, 0 notes\n"), "stderr:\n{}", run.stderr);
}

#[test]
fn the_whole_doc_succeeds() {
    // The same section, finished, is fine: the failures above come from the damage, not from the section.
    let scratch = Scratch::new("whole");
    let path = scratch.write("whole.md", format!("{SECTION_START}</td>\n</tr></tbody>\n</table>\n").as_bytes());
    let run = xtask::ir(&path);
    assert_eq!(run.code, Some(0), "stderr:\n{}", run.stderr);
    // Notes are shown only with `--verbose`: a quiet run prints its summary alone.
    assert_eq!(run.stderr, "0 errors, 0 warnings, 1 note\n");
    // The one note says the operation is safe to repeat, and why.
    let verbose = xtask::run([std::ffi::OsStr::new("ir"), "--verbose".as_ref(), "--spec".as_ref(), path.as_os_str()]);
    assert_eq!(verbose.code, Some(0), "stderr:\n{}", verbose.stderr);
    assert_eq!(
        verbose.first_stderr_line(),
        format!(
            "{}:3:1: note[idempotency]: `list_servers` is safe to repeat: its English title starts with the read verb `List`",
            shown(&path)
        )
    );
    assert!(verbose.stderr.ends_with("0 errors, 0 warnings, 1 note\n"), "stderr:\n{}", verbose.stderr);
    assert_eq!(verbose.stdout, run.stdout, "`--verbose` changes what is printed on stderr only");
    let ir: serde_json::Value = serde_json::from_str(&run.stdout).expect("the IR is JSON");
    let params: Vec<&str> = ir["docs"][0]["operations"][0]["params"]
        .as_array()
        .expect("params")
        .iter()
        .map(|p| p["wire"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(params, ["page", "size"]);
}
