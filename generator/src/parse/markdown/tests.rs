use super::*;

const DOC: &str = "\u{feff}# <a name=\"m\">模块 (Module)</a>\n\nIntro text.\n\n## <a name=\"a\">创建 (Create)</a>\n\n> http://h.example/v1/x/create\n\n<table>\n<tr><th>Method</th><td>POST</td></tr>\n</table>\n### 输入参数\n\n|名称|类型|\n|:--:|:--:|\n|a|String|\n\n###错误信息\n\n<code>\n{\"a\": 1}\n\n## not a heading inside code\n</code>\n\n<a name=\"b\">裸锚 (Bare)</a>\n\n<http://h.example/v1/x/<id>/get>\n";

#[test]
fn splits_sections_and_parts() {
    let tree = parse(DOC);
    assert_eq!(tree.title.as_ref().unwrap().text, "模块 (Module)");
    assert_eq!(tree.intro, "Intro text.");
    assert_eq!(tree.sections.len(), 2);
    let first = &tree.sections[0];
    assert_eq!(first.heading.anchor.as_ref().unwrap().0, "a");
    assert_eq!(first.heading.text, "创建 (Create)");
    assert_eq!(first.urls.iter().map(|u| u.url.as_str()).collect::<Vec<_>>(), ["http://h.example/v1/x/create"]);
    let headings: Vec<_> = first.parts.iter().map(|p| p.heading.as_ref().map(|h| h.text.clone())).collect();
    assert_eq!(headings, [None, Some("输入参数".to_owned()), Some("错误信息".to_owned())]);
    assert!(matches!(first.parts[0].tables[..], [Table::Html(_)]));
    assert!(matches!(first.parts[1].tables[..], [Table::Pipe(_)]));
    assert_eq!(first.parts[2].code_blocks.len(), 1);
    let second = &tree.sections[1];
    assert!(second.heading.bare_anchor);
    assert_eq!(second.heading.text, "裸锚 (Bare)");
    assert_eq!(second.urls[0].url, "http://h.example/v1/x/<id>/get");
    assert_eq!(&DOC[second.urls[0].start..second.urls[0].end], "http://h.example/v1/x/<id>/get");
}

#[test]
fn doc_without_h1_and_heading_under_table() {
    let doc = "## <a name=\"a\">A (A)</a>\n> http://h/x\n<table>\n<tr><td>1</td></tr>\n</table>\n### 输出数据\n";
    let tree = parse(doc);
    assert!(tree.title.is_none());
    assert_eq!(tree.sections[0].parts.len(), 2);
}
