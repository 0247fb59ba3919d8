//! Synthetic docs of the platform's family, for benchmarks: `doc(n)` writes a doc with `n` endpoint sections.
//!
//! Each section is drawn from a pseudo-random generator seeded with the section's index, so a doc is the same
//! bytes for the same `n` on every machine, and the doc for `n` is a prefix of the doc for any larger `n`
//! (the per-section mix of features does not drift with the size).
//! The sections vary the way the real docs do (`DOC-GRAMMAR.md`): every parameter type word, enums in several
//! notations, HTML and pipe tables, error tables under three headings, strict and pseudo-JSON examples, and, at
//! fixed low rates, defects: a reused anchor, a duplicate method and path, a title that does not fit its URL, a
//! table with no `</table>`, `</tr<tr>`, a short pipe row, a duplicated parameter row, `false` as required.
//! None of the defects is an error, so every synthetic doc compiles.

use std::fmt::Write as _;

/// A small, fast, seedable generator (SplitMix64); good enough to pick variants, and dependency-free.
struct Rng(u64);

impl Rng {
    fn for_section(idx: usize) -> Rng {
        Rng(0x5EED_0000_D0C5_u64 ^ (idx as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `1 / n`.
    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Resource kinds: (URL word, English word, Chinese word).
const RESOURCES: &[(&str, &str, &str)] = &[
    ("server", "Server", "主机"),
    ("volume", "Volume", "磁盘卷"),
    ("image", "Image", "镜像"),
    ("flavor", "Flavor", "主机类型"),
    ("network", "Network", "网络"),
    ("snapshot", "Snapshot", "快照"),
    ("router", "Router", "路由器"),
    ("keypair", "Keypair", "密钥对"),
    ("user", "User", "用户"),
    ("group", "Group", "群组"),
    ("subnet", "Subnet", "子网"),
    ("backup", "Backup", "备份"),
];

/// Actions: (URL segment, English verb, Chinese verb, takes an id in the path, method).
const ACTIONS: &[(&str, &str, &str, bool, &str)] = &[
    ("create", "Create", "创建", false, "POST"),
    ("update", "Update", "更新", true, "POST"),
    ("delete", "Delete", "删除", true, "POST"),
    ("get", "Get", "查询", true, "GET"),
    ("list", "List", "列出", false, "POST"),
    ("action", "Actions", "操作", true, "POST"),
    ("status", "Get Status", "获取状态", true, "GET"),
    ("enable", "Enable", "启用或禁用", true, "POST"),
    ("batchenable", "Batchenable", "批处理启用", false, "POST"),
    ("search", "Search", "搜索", false, "GET"),
    ("attach", "Attach", "挂载", true, "POST"),
    ("refresh", "Refresh", "刷新", false, "POST"),
];

/// Writes a doc with `n` endpoint sections.
pub fn doc(n: usize) -> String {
    let mut out = String::with_capacity(n * 2_600 + 64);
    out.push_str("# <a name=\"synthetic\">合成接口 (Synthetic)</a>\n\n");
    for idx in 0..n {
        section(&mut out, idx);
    }
    out
}

/// The two hostile table shapes, each in one endpoint section: `n` parameter tables nested one inside the other's
/// last cell (`Shape::Nested`), or one parameter table of `n` rows, as pipe or HTML rows. Reading either must take
/// time and memory linear in `n` (the generate benchmark measures the ratio for `2n`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableShape {
    Nested,
    PipeRows,
    HtmlRows,
}

/// A doc with one section whose parameters are a table of the given shape and size.
pub fn table_doc(shape: TableShape, n: usize) -> String {
    let mut out = String::with_capacity(n * 120 + 512);
    out.push_str("# <a name=\"tables\">表格 (Tables)</a>\n\n## <a name=\"list-things\">列出 (List Things)</a>\n\n");
    out.push_str("> http://api.htaiyun.com/v1/openstack/thing/list\n\n");
    out.push_str("<table><tr><th>Method</th><td>POST</td><td></td></tr></table>\n\n### 输入参数\n\n");
    match shape {
        TableShape::Nested => {
            // Every level is a whole table whose last cell holds the next level, all on one line, as HTML allows.
            let open = "<table><thead><tr><td>名称</td><td>类型</td><td>是否必须</td><td>说明</td></tr></thead><tbody><tr><td>a</td><td>String</td><td>Yes</td><td>";
            for _ in 0..n {
                out.push_str(open);
            }
            out.push('x');
            for _ in 0..n {
                out.push_str("</td></tr></tbody></table>");
            }
            out.push('\n');
        }
        TableShape::PipeRows => {
            out.push_str("|名称|类型|是否必须|默认值|说明|\n|:--:|:--:|:--:|:--:|:--:|\n");
            for idx in 0..n {
                let _ = writeln!(out, "|param{idx}|{}|No|N/A|第{idx}个参数|", TYPE_WORDS[idx % TYPE_WORDS.len()]);
            }
        }
        TableShape::HtmlRows => {
            out.push_str(
                "<table>\n<thead><tr><td>名称</td><td>类型</td><td>是否必须</td><td>说明</td></tr></thead>\n<tbody>\n",
            );
            for idx in 0..n {
                let _ = writeln!(
                    out,
                    "<tr><td>param{idx}</td><td>{}</td><td>No</td><td>第{idx}个参数</td></tr>",
                    TYPE_WORDS[idx % TYPE_WORDS.len()]
                );
            }
            out.push_str("</tbody>\n</table>\n");
        }
    }
    out
}

/// Type words for the long tables' rows.
const TYPE_WORDS: &[&str] = &["String", "Integer", "Long", "Boolean", "String[]"];

/// One endpoint section.
fn section(out: &mut String, idx: usize) {
    let mut rng = Rng::for_section(idx);
    let (action, verb_en, verb_zh, has_id, method) = ACTIONS[idx % ACTIONS.len()];
    let round = idx / ACTIONS.len();
    let (res, res_en, res_zh) = RESOURCES[round % RESOURCES.len()];
    let generation = round / RESOURCES.len();
    // `server`, `server1`, `server2`, ...: a fresh resource family every `RESOURCES.len()` rounds keeps paths unique.
    let suffix = if generation == 0 { String::new() } else { generation.to_string() };
    let placeholder = if rng.one_in(6) { format!("<{res}id>") } else { format!("{{{res}id}}") };
    // One section in 211 repeats the previous section's method and path (duplicate-endpoint).
    let duplicate = idx % 211 == 210;
    let (action, has_id, method) = if duplicate {
        let (prev_action, _, _, prev_has_id, prev_method) = ACTIONS[(idx - 1) % ACTIONS.len()];
        (prev_action, prev_has_id, prev_method)
    } else {
        (action, has_id, method)
    };
    let path = if has_id {
        format!("/v1/openstack/{res}{suffix}/{placeholder}/{action}")
    } else {
        format!("/v1/openstack/{res}{suffix}/{action}")
    };

    // Title: the usual `##` heading; now and then a bare anchor line, numbering, or a reused anchor.
    let anchor = if idx % 50 == 7 { "create-server".to_owned() } else { format!("{action}-{res}{suffix}") };
    // One section in 97 has an English title that does not fit its URL (title-url-mismatch).
    let title_en =
        if idx % 97 == 96 { "Refresh ConnectionGroup".to_owned() } else { format!("{verb_en} {res_en}{suffix}") };
    let numbering =
        if rng.one_in(20) { format!("{}.{}.{} ", 2 + round % 3, idx % 7 + 1, idx % 5 + 1) } else { String::new() };
    let title = format!("{numbering}{verb_zh}{res_zh} ({title_en})");
    if rng.one_in(40) {
        let _ = writeln!(out, "<a name=\"{anchor}\">{title}</a>\n");
    } else {
        let _ = writeln!(out, "## <a name=\"{anchor}\">{title}</a>\n");
    }

    // URL line: blockquote, sometimes an autolink.
    let host = if rng.one_in(25) { "192.168.96.211" } else { "api.htaiyun.com" };
    if rng.one_in(10) {
        let _ = writeln!(out, "<http://{host}{path}>\n");
    } else {
        let _ = writeln!(out, "> http://{host}{path}\n");
    }
    method_table(out, &mut rng, method);
    if rng.one_in(8) {
        out.push_str("该接口限制调用频率，同一个用户每60秒才能够调用一次；否则会返回406错误。\n\n");
    }

    // Parameters.
    match rng.below(10) {
        0 => {}
        1 => out.push_str("### 输入参数\n\n"),
        _ => params(out, &mut rng, idx, action),
    }

    // Output: example, field table.
    let shape = output(out, &mut rng, idx, action);
    if shape != Shape::Nothing && rng.below(3) == 0 {
        field_table(out, &mut rng, shape);
    }
    // A table without `</table>` needs a heading after it (at the end of the file it would be truncated).
    if rng.below(3) != 0 || Defects::for_section(idx).unclosed {
        errors(out, &mut rng, res);
    }
}

fn method_table(out: &mut String, rng: &mut Rng, method: &str) {
    let th = "<th style=\"text-align:right; background-color:#f5f5f5;\"";
    let method = if method == "GET" && rng.one_in(30) { "Get" } else { method };
    out.push_str("<table border=\"0\" cellpadding=\"0\" cellspacing=\"0\">\n");
    if rng.one_in(15) {
        let _ = writeln!(out, "\t<tr>{th}>Method</th><td colspan=\"2\" style=\"text-align:left;\">{method}</td></tr>");
    } else {
        let _ = writeln!(out, "\t<tr>{th}>Method</th><td style=\"text-align:left;\">{method}</td><td></td></tr>");
    }
    match rng.below(8) {
        0 => {
            let _ = writeln!(out, "\t<tr>{th} rowspan=\"2\">Special Request Header</th><td style=\"text-align:left;\">HT-ACCESS-TOKEN</td><td style=\"color:#999;\">云平台应用接口访问令牌</td></tr>");
            out.push_str("\t<tr><td style=\"text-align:left;\">Authorization</td><td style=\"color:#999;\">标准HTTP Basic Authentication内容，包括登录用户的sessionToken和sessionSecret</td></tr>\n");
        }
        1 => {
            let _ = writeln!(out, "\t<tr>{th}>Special Request Header</th><td style=\"text-align:left;\">HT-ACCESS-TOKEN</td><td style=\"color:#999;\">云平台应用接口访问令牌</td></tr>");
        }
        _ => {
            let _ = writeln!(out, "\t<tr>{th} rowspan=\"3\">Special Request Header</th><td style=\"text-align:left;\">HT-ACCESS-TOKEN</td><td style=\"color:#999;\">云平台应用接口访问令牌</td></tr>");
            out.push_str("\t<tr><td style=\"text-align:left;\">IMR-SESSION-TOKEN</td><td style=\"color:#999;\">当前用户会话ID</td></tr>\n");
            out.push_str("\t<tr><td style=\"text-align:left;\">IMR-SESSION-SECRET</td><td style=\"color:#999;\">当前用户会话密钥</td></tr>\n");
        }
    }
    out.push_str("</table>\n\n");
}

/// One parameter row: (name, type cell, required cell, default cell, description cell).
type Row = (String, String, &'static str, &'static str, String);

/// The parameter rows of a section: a few common ones, then a mix covering every type word and enum notation.
fn param_rows(rng: &mut Rng, idx: usize, action: &str) -> Vec<Row> {
    let yes = |rng: &mut Rng| *rng.pick(&["Yes", "Yes", "Yes", "yes", "是"]);
    let no = |rng: &mut Rng| *rng.pick(&["No", "No", "No", "NO", "no", "否"]);
    let mut rows: Vec<Row> = Vec::new();
    match action {
        "list" | "search" => {
            rows.push((
                "keywords".into(),
                "String".into(),
                no(rng),
                "&lt;Empty&gt;",
                "关键词，应用于name和displayName两个字段上".into(),
            ));
            rows.push(("page".into(), "Integer".into(), no(rng), "1", "当前页码，从1开始".into()));
            rows.push(("offset".into(), "Integer".into(), no(rng), "20", "每页记录数量".into()));
            rows.push((
                "order".into(),
                "String".into(),
                no(rng),
                "&lt;Empty&gt;",
                "排序字段，可选: name, created, updated".into(),
            ));
            rows.push(("asc".into(), "Boolean".into(), no(rng), "false", "是否升序排列".into()));
        }
        "create" => {
            rows.push((
                "userid".into(),
                (*rng.pick(&["long", "Long", "String"])).into(),
                yes(rng),
                "",
                "用户ID".into(),
            ));
            rows.push(("name".into(), "String".into(), yes(rng), "", "名称".into()));
        }
        "batchenable" => {
            rows.push((
                "ids".into(),
                (*rng.pick(&["String[]", "List<Long>", "long[]"])).into(),
                yes(rng),
                "",
                "ID集合".into(),
            ));
        }
        _ => {}
    }
    let extra = 1 + rng.below(5);
    for n in 0..extra {
        let row: Row = match rng.below(16) {
            0 => (
                "status".into(),
                "Enum, Restricted".into(),
                no(rng),
                "ALL_STATUS",
                "查询状态，选项：<br><b>ALL_STATUS</b>不限状态；<br><b>ACTIVE</b>活动状态；<br/><b>SUSPENDED</b>挂起状态；<br/>\n<b>SHUTOFF</b>关闭状态；<br/><b>ERROR</b>错误状态；".into(),
            ),
            1 => {
                // A set of options that differs between sections, so that some enums get a type of their own.
                let extra_value = if rng.one_in(3) { format!("<br/><b>MODE_{}</b>模式{}；", idx % 40, idx % 40) } else { String::new() };
                ("rebootType".into(), "String,Restricted".into(), yes(rng), "", format!("重启动作，两选项：<br/><b>SOFT</b>软重启；<br/><b>HARD</b>硬重启；{extra_value}"))
            }
            2 => ("verification".into(), "Option: ['REGISTER_CODE', 'RANDOM_PASSWORD', 'NO_VERIFICATION']".into(), no(rng), "RANDOM_PASSWORD", "验证方式".into()),
            3 => ("containerFormat".into(), "String".into(), no(rng), "N/A", "容器格式：1、BARE 2、OVF 3、AKI 4、ARI 5、AMI 6、DOCKER".into()),
            4 => ("sex".into(), "Options".into(), no(rng), "'MALE' : '男性'", "性别，须为['MALE', 'FEMALE']中选择一项".into()),
            5 => ("type".into(), "Enum".into(), yes(rng), "", "SMS: 短信验证码<br/>GRAPHIC: 图形验证码<br/>EMAIL: 邮件验证码".into()),
            6 => ("isuse".into(), "Boolean".into(), yes(rng), "", "二个选项：<br><b>true</b>正在占用；<br><b>false</b>未被占用；".into()),
            7 => ("volumeStatus".into(), "String".into(), no(rng), "", "磁盘状态，可能值为CREATING、AVAILABLE、ATTACHING等".into()),
            8 => ("size".into(), (*rng.pick(&["Integer", "int", "INT"])).into(), yes(rng), "", "大小，单位为GB".into()),
            9 => ("tags".into(), (*rng.pick(&["String[]", "JSON Array", "Checkbox"])).into(), no(rng), "[]", "标签集合".into()),
            10 => ("ratio".into(), "Double".into(), no(rng), "0", "比例".into()),
            11 => ("enabled".into(), "Boolean".into(), no(rng), "false", "是否启用".into()),
            12 => ("description".into(), "String".into(), no(rng), "", "描述".into()),
            13 => ("createdAfter".into(), "Long".into(), no(rng), "0", "创建时间下限（毫秒）".into()),
            14 => ("flavor".into(), "String, Restricted".into(), yes(rng), "", "类型ID，须为真实主机类型（Flavor）对象的ID".into()),
            _ => ("metadata".into(), "JSON".into(), no(rng), "", "元数据<br/>键值对".into()),
        };
        // Two rows of one table never share a name, except in the deliberate duplicated row below.
        if rows.iter().all(|r| r.0 != row.0) {
            rows.push(row);
        } else {
            rows.push((format!("{}{n}", row.0), row.1, row.2, row.3, row.4));
        }
    }
    if idx % 89 == 88 {
        let first = rows[0].clone();
        rows.push(first);
    }
    if idx % 73 == 72 {
        rows.push(("remark".into(), "String".into(), "false", "", "备注".into()));
    }
    rows
}

fn params(out: &mut String, rng: &mut Rng, idx: usize, action: &str) {
    let rows = param_rows(rng, idx, action);
    out.push_str("### 输入参数\n\n");
    match rng.below(6) {
        // Pipe table, five columns; one section in 61 has a short row (the type cell is missing).
        0 => {
            out.push_str("|名称|类型|是否必须|默认值|说明|\n|:--:|:--:|:----:|:---:|:--:|\n");
            for (name, ty, required, default, description) in &rows {
                let default = if default.is_empty() { "N/A" } else { default };
                let description = description.replace("<br/>", " ").replace("<br>", " ").replace('\n', " ");
                let _ = writeln!(out, "|{name}|{ty}|{required}|{default}|{description}|");
            }
            if idx % 61 == 60 {
                out.push_str("|note|是|N/A|附言|\n");
            }
            out.push('\n');
        }
        // HTML, four columns (no default).
        1 => html_table(
            out,
            Defects::for_section(idx),
            &["名称", "类型", "是否必须", "说明"],
            rows.iter().map(|r| vec![r.0.clone(), r.1.clone(), r.2.to_owned(), r.4.clone()]),
        ),
        // HTML, five columns.
        _ => html_table(
            out,
            Defects::for_section(idx),
            &["名称", "类型", "是否必须", "默认值", "说明"],
            rows.iter().map(|r| vec![r.0.clone(), r.1.clone(), r.2.to_owned(), r.3.to_owned(), r.4.clone()]),
        ),
    }
}

/// Table damage to write on purpose.
#[derive(Debug, Clone, Copy, Default)]
struct Defects {
    /// `</tr<tr>` between the first two rows.
    broken_row: bool,
    /// No `</table>`: the next heading ends the table.
    unclosed: bool,
}

impl Defects {
    /// The damage a section's parameter table gets: `</tr<tr>` in one section in 37, no `</table>` in one in 53.
    fn for_section(idx: usize) -> Defects {
        Defects { broken_row: idx % 37 == 36, unclosed: idx % 53 == 52 }
    }
}

/// An HTML table in the family's layout: `<td>` headers in `<thead>`, one cell per line.
fn html_table(out: &mut String, defects: Defects, headers: &[&str], rows: impl Iterator<Item = Vec<String>>) {
    out.push_str("<table border=\"0\" cellpadding=\"0\" cellspacing=\"0\">\n<thead><tr>\n");
    for header in headers {
        let _ = writeln!(out, "<td style=\"text-align:center; background-color:#f5f5f5;\">{header}</td>");
    }
    out.push_str("</tr></thead>\n<tbody>");
    for (row_idx, cells) in rows.enumerate() {
        if row_idx == 0 {
            out.push_str("<tr>\n");
        } else if defects.broken_row && row_idx == 1 {
            out.push_str("</tr<tr>\n");
        } else {
            out.push_str("</tr><tr>\n");
        }
        for (col, cell) in cells.iter().enumerate() {
            let align = if col + 1 == cells.len() { "left" } else { "center" };
            let _ = writeln!(out, "<td style=\"text-align:{align};\">{cell}</td>");
        }
    }
    out.push_str("</tr></tbody>\n");
    if !defects.unclosed {
        out.push_str("</table>\n");
    }
    out.push('\n');
}

/// What a section's result looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Nothing,
    Object,
    Page,
    Strings,
}

/// Object fields: (wire name, example value, type word, description).
const FIELDS: &[(&str, &str, &str, &str)] = &[
    ("unique", "1", "Integer", "ID"),
    ("name", "\"...\"", "String", "名称"),
    ("status", "\"ACTIVE\"", "String", "状态"),
    ("created", "1500000000000", "Long", "创建时间"),
    ("updated", "1500000000000", "Long", "更新时间"),
    ("size", "20", "Integer", "大小"),
    ("enabled", "true", "Boolean", "是否启用"),
    ("ratio", "0.5", "Double", "比例"),
    ("description", "null", "String", "描述"),
    ("links", "[]", "JSON Array", "链接"),
];

/// Writes the `### 输出数据` part and returns the result's shape.
fn output(out: &mut String, rng: &mut Rng, idx: usize, action: &str) -> Shape {
    let shape = match action {
        "list" | "search" => Shape::Page,
        "delete" | "enable" | "batchenable" | "action" | "attach" => Shape::Nothing,
        _ if rng.one_in(12) => Shape::Strings,
        _ => Shape::Object,
    };
    if rng.one_in(30) {
        // No output part at all (the seed's refresh-token).
        return Shape::Nothing;
    }
    out.push_str("### 输出数据\n\n#### 返回实例\n\n<code>\n{\n\t\"status\" : 200,\n");
    // Pseudo-JSON at the family's rate (about a third of the examples are not strict JSON).
    let pseudo = rng.below(3) == 0;
    let message = if pseudo && rng.one_in(4) { "\t\"message\" : \"OK\"，\n" } else { "\t\"message\" : \"OK\",\n" };
    match shape {
        Shape::Nothing => out.push_str("\t\"message\" : \"OK\"\n"),
        Shape::Strings => {
            out.push_str(message);
            out.push_str(if pseudo {
                "\t\"result\" : [\"provider\",...]\n"
            } else {
                "\t\"result\" : [\"provider\", \"public\"]\n"
            });
        }
        Shape::Object => {
            out.push_str(message);
            out.push_str("\t\"result\" : {\n");
            object_members(out, rng, idx, pseudo, "\t\t");
            if rng.one_in(4) {
                out.push_str(",\n\t\t\"flavor\" : {\n");
                object_members(out, rng, idx + 1, pseudo, "\t\t\t");
                out.push_str("\n\t\t}");
            }
            out.push_str("\n\t}\n");
        }
        Shape::Page => {
            out.push_str(message);
            out.push_str("\t\"result\" : {\n\t\t\"hasPrevious\" : false,\n\t\t\"hasNext\" : false,\n\t\t\"total\" : 5,\n\t\t\"entities\" : [{\n");
            object_members(out, rng, idx, pseudo, "\t\t\t");
            out.push_str(if pseudo { "\n\t\t},...]\n\t}\n" } else { "\n\t\t}]\n\t}\n" });
        }
    }
    out.push_str("}\n</code>\n\n");
    shape
}

/// The members of an example object: a varying subset of `FIELDS`, with pseudo-JSON repairs when `pseudo`.
fn object_members(out: &mut String, rng: &mut Rng, idx: usize, pseudo: bool, indent: &str) {
    let mut members: Vec<String> = Vec::new();
    for (n, (wire, value, _, _)) in FIELDS.iter().enumerate() {
        // `unique` and `name` always; the rest by a mask, so shapes (and types) differ between sections.
        if n >= 2 && (idx >> (n % 8)) & 1 == 0 && !rng.one_in(3) {
            continue;
        }
        let value = if pseudo && n % 3 == 1 { "..." } else { value };
        members.push(format!("{indent}\"{wire}\" : {value}"));
    }
    if pseudo {
        match rng.below(4) {
            0 => members.insert(1, format!("{indent}...")),
            1 => members.push(format!("{indent}\"maxTotalCores\":80,  VCPU 可用")),
            _ => {}
        }
    }
    let mut text = String::new();
    for (n, member) in members.iter().enumerate() {
        text.push_str(member);
        // One pseudo example in four drops a comma (`"updated" : ...` then the next member).
        let last = n + 1 == members.len();
        let drops_comma = pseudo && n == 2 && idx % 4 == 0;
        if !(last || member.ends_with(',') || drops_comma) {
            text.push(',');
        }
        if !last {
            text.push('\n');
        }
    }
    out.push_str(&text);
}

fn field_table(out: &mut String, rng: &mut Rng, shape: Shape) {
    out.push_str("#### 数据说明\n\n");
    let fields: Vec<&(&str, &str, &str, &str)> = FIELDS.iter().take(3 + rng.below(4)).collect();
    let mut rows: Vec<Vec<String>> = Vec::new();
    if shape == Shape::Page {
        rows.push(vec!["hasNext".into(), "Boolean".into(), "Yes".into(), "是否有下一页".into()]);
        rows.push(vec!["total".into(), "Integer".into(), "Yes".into(), "总的记录数量".into()]);
    }
    for (wire, _, ty, description) in fields {
        rows.push(vec![(*wire).into(), (*ty).into(), "Yes".into(), (*description).into()]);
    }
    if rng.one_in(3) {
        out.push_str("|名称|说明|\n|:--:|:--:|\n");
        for row in rows {
            let _ = writeln!(out, "|{}|{}|", row[0], row[3]);
        }
        out.push('\n');
    } else {
        html_table(out, Defects::default(), &["名称", "类型", "是否必须", "说明"], rows.into_iter());
    }
}

fn errors(out: &mut String, rng: &mut Rng, res: &str) {
    let mut rows: Vec<(u16, String, String)> = vec![(403, "access denied".into(), "需要的登陆才可以进行操作".into())];
    if rng.one_in(2) {
        rows.insert(0, (400, "require parameter:A".into(), "缺少必须参数A".into()));
    }
    for _ in 0..rng.below(4) {
        let row = match rng.below(5) {
            0 => (406, format!("{res} not exists"), "对象不存在".into()),
            1 => (406, format!(" {res} not owned"), "权限不足".into()),
            2 => (406, format!("{res}s.error.size-invalid"), "size参数小于等于0".into()),
            3 => (406, "not valid name".into(), "无效的名称".into()),
            _ => (406, "quota exceeded".into(), "配额不足".into()),
        };
        if rows.iter().all(|r| r.1 != row.1) {
            rows.push(row);
        }
    }
    rows.push((500, "Internal Error".into(), "内部错误".into()));
    match rng.below(6) {
        0 | 1 => {
            out.push_str(if rng.one_in(2) { "#### 错误说明\n\n" } else { "###错误信息\n\n" });
            out.push_str("|status|message|description|\n|:----:|:-----:|:---------:|\n");
            for (status, message, description) in rows {
                let _ = writeln!(out, "|{status}|{message}|{description}|");
            }
            out.push('\n');
        }
        _ => {
            out.push_str("#### 常见错误信息\n\n");
            html_table(
                out,
                Defects::default(),
                &["status", "message", "说明"],
                rows.into_iter().map(|(s, m, d)| vec![s.to_string(), m, d]),
            );
        }
    }
}

#[cfg(test)]
mod tests;
