//! The text form of a diff, on a small hand-made pair of docs.

use generator::source::SourceFile;
use generator::Source;

use super::render_text;

const OLD: &str = "# <a name=\"disks\">磁盘 (Disks)</a>

## <a name=\"get-disk\">查询磁盘 (Get Disk)</a>

> http://api.example.com/v1/disk/get

<table><tr><th>Method</th><td>GET</td><td></td></tr></table>

### 输入参数

| 名称 | 类型 | 是否必须 | 说明 |
|---|---|---|---|
| id | String | No | 磁盘ID |
";

#[test]
fn text_names_both_places_with_their_lines_and_the_verdict() {
    let new = OLD.replace("| id | String | No |", "| id | String | Yes |");
    let compile = |name: &str, text: &str| generator::compile(&[Source::new(name, text)], None);
    let (old, new) = (compile("old/disks.md", OLD), compile("new/disks.md", &new));
    let diff = generator::diff::diff(old.api.as_ref().unwrap(), new.api.as_ref().unwrap());
    let files: Vec<&SourceFile> = old.files.iter().chain(&new.files).collect();
    assert_eq!(
        render_text(&diff, &files),
        "breaking[param-made-required]: `get_disk`: parameter `id` is now required (in Rust, an argument of `GetDiskRequest::new` instead of `with_id`)
  --> old: old/disks.md:13:3
   |
13 | | id | String | No | 磁盘ID |
   |
  --> new: new/disks.md:13:3
   |
13 | | id | String | Yes | 磁盘ID |
   |
   = surface: http and rust

semver: major (1 breaking, 0 additive, 0 doc)
"
    );
    let same = generator::diff::diff(old.api.as_ref().unwrap(), old.api.as_ref().unwrap());
    assert_eq!(render_text(&same, &files), "semver: none (no changes)\n");
}
