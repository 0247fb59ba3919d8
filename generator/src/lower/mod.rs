//! Lowering: from the doc tree (sections, parts, tables, code blocks) to endpoint drafts.
//!
//! A draft is an [`ir::Operation`] without its final name, enum type names or response types: those need the
//! whole doc and are settled in `check/`. Local defects (a malformed row, a `false` in the required column, an
//! enum with no options, an example that is not JSON) are reported here, where the cell is at hand.

pub mod enums;
pub mod response;
pub mod types;

use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::ir::{
    self, BodyEncoding, EnumOption, ErrorCase, Header, HeaderKind, MessagePattern, Method, Param, ParamLocation, Title,
    Type,
};
use crate::parse::cell::CellText;
use crate::parse::json;
use crate::parse::markdown::{CodeBlock, DocTree, Part, Section, Table};
use crate::source::{FileId, SourceFile, Span};
use response::{FieldRow, Shape};
use types::{Base, Required, TypeWord};

/// One endpoint before naming.
#[derive(Debug, Clone)]
pub struct Draft {
    pub op: ir::Operation,
    /// The section title (or bare anchor) line.
    pub title_span: Span,
    pub url_span: Span,
    /// The anchor's name as written in `<a name="...">`, for the duplicate-anchor report.
    pub anchor_span: Option<Span>,
    /// The English title as written, with its span, for the URL check.
    pub en_title: Option<(String, Span)>,
    /// The result's shape, turned into named types in `check/`.
    pub result_shape: Option<Shape>,
    /// Spans of the params, parallel to `op.params`.
    pub param_spans: Vec<Span>,
    /// Findings about parameters that an override can settle, keyed by wire name; `check/` reports them after
    /// applying overrides, with a help line that says whether an override took care of them.
    pub deferred: Vec<(String, Diagnostic)>,
}

/// One doc before naming.
#[derive(Debug, Clone)]
pub struct DocDraft {
    pub file: FileId,
    pub module: String,
    pub title: Title,
    pub intro: String,
    pub base_url: Option<String>,
    pub drafts: Vec<Draft>,
}

/// What a part of a section holds, by its heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PartKind {
    Preamble,
    Params,
    Output,
    Example,
    Fields,
    Errors,
    Other,
}

fn part_kind(part: &Part) -> PartKind {
    let Some(heading) = &part.heading else {
        return PartKind::Preamble;
    };
    let text = heading.text.to_lowercase();
    if text.contains("错误") || text.contains("error") {
        PartKind::Errors
    } else if text.contains("输入参数")
        || text.contains("请求参数")
        || text.contains("input")
        || text.contains("parameter")
    {
        PartKind::Params
    } else if text.contains("实例") || text.contains("示例") || text.contains("example") || text.contains("样例")
    {
        PartKind::Example
    } else if text.contains("数据说明") || text.contains("字段说明") || text.contains("返回说明") {
        PartKind::Fields
    } else if text.contains("输出数据")
        || text.contains("返回数据")
        || text.contains("output")
        || text.contains("返回结果")
        || text.contains("响应")
        || text.contains("response")
    {
        PartKind::Output
    } else {
        PartKind::Other
    }
}

/// A column's role in a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Name,
    Type,
    Required,
    Default,
    Description,
    Status,
    Message,
    Unknown,
}

fn role(header: &str) -> Role {
    let h = header.trim().to_lowercase();
    match h.as_str() {
        "名称" | "参数" | "参数名" | "参数名称" | "字段" | "字段名" | "name" | "field" | "key" => {
            Role::Name
        }
        "类型" | "type" | "数据类型" => Role::Type,
        "是否必须" | "必须" | "必填" | "是否必填" | "required" => Role::Required,
        "默认值" | "default" | "缺省值" => Role::Default,
        "说明" | "描述" | "备注" | "description" | "desc" | "含义" => Role::Description,
        "status" | "状态码" | "code" => Role::Status,
        "message" | "消息" | "错误信息" => Role::Message,
        _ => Role::Unknown,
    }
}

/// A table flattened to rows of cells with spans, whichever syntax it used.
struct Grid {
    /// Header cell texts (empty when the table has no header cells).
    header: Vec<String>,
    rows: Vec<Vec<GridCell>>,
    span: Span,
}

#[derive(Clone)]
struct GridCell {
    content: CellText,
    span: Span,
    /// A `<th>` cell: a row label in the method/header table.
    is_header: bool,
}

fn grid(file: FileId, table: &Table) -> Grid {
    match table {
        Table::Html(t) => {
            let mut header = Vec::new();
            let mut rows = Vec::new();
            for row in &t.rows {
                if row.cells.is_empty() {
                    continue;
                }
                let texts: Vec<String> = row.cells.iter().map(|c| c.content.text.clone()).collect();
                let is_header_row = header.is_empty()
                    && rows.is_empty()
                    && (row.in_head || texts.iter().all(|t| role(t) != Role::Unknown))
                    && !row.cells.iter().any(|c| c.is_header && c.rowspan > 1);
                if is_header_row {
                    header = texts;
                    continue;
                }
                rows.push(
                    row.cells
                        .iter()
                        .map(|c| GridCell {
                            content: c.content.clone(),
                            span: Span::new(file, c.start, c.end),
                            is_header: c.is_header,
                        })
                        .collect(),
                );
            }
            Grid { header, rows, span: Span::new(file, t.start, t.end) }
        }
        Table::Pipe(t) => Grid {
            header: t.header.iter().map(|c| c.content.text.clone()).collect(),
            rows: t
                .rows
                .iter()
                .map(|r| {
                    r.cells
                        .iter()
                        .map(|c| GridCell {
                            content: c.content.clone(),
                            span: Span::new(file, c.start, c.end),
                            is_header: false,
                        })
                        .collect()
                })
                .collect(),
            span: Span::new(file, t.start, t.end),
        },
    }
}

/// What a table is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TableKind {
    Method,
    Params,
    Fields,
    Errors,
    Ignored,
}

fn table_kind(grid: &Grid, part: PartKind) -> TableKind {
    let roles: Vec<Role> = grid.header.iter().map(|h| role(h)).collect();
    let first_cell = grid.rows.first().and_then(|r| r.first()).map(|c| c.content.text.to_lowercase());
    if roles.contains(&Role::Status) && roles.contains(&Role::Message) {
        return TableKind::Errors;
    }
    if first_cell.as_deref() == Some("method") || grid.header.first().is_some_and(|h| h.eq_ignore_ascii_case("method"))
    {
        return TableKind::Method;
    }
    match part {
        PartKind::Params => TableKind::Params,
        PartKind::Fields | PartKind::Output | PartKind::Example => TableKind::Fields,
        PartKind::Errors => TableKind::Errors,
        // Under an unknown heading, a table with a name and a default column can only list request parameters:
        // response fields have no defaults.
        PartKind::Preamble | PartKind::Other if roles.contains(&Role::Name) && roles.contains(&Role::Default) => {
            TableKind::Params
        }
        PartKind::Preamble | PartKind::Other => TableKind::Ignored,
    }
}

/// Whether an ignored table looks like a parameter or field table (a name column and a type or required column),
/// which a heading this lowering does not know kept from being read.
fn looks_like_item_table(grid: &Grid) -> bool {
    let roles: Vec<Role> = grid.header.iter().map(|h| role(h)).collect();
    roles.contains(&Role::Name) && (roles.contains(&Role::Type) || roles.contains(&Role::Required))
}

/// Lowers one parsed doc.
pub fn lower_doc(file_id: FileId, file: &SourceFile, tree: &DocTree, sink: &mut Sink) -> DocDraft {
    let (title, module) = match &tree.title {
        Some(h) => (split_title(&h.text), h.anchor.as_ref().map(|(a, _)| a.clone())),
        None => (Title { zh: String::new(), en: None }, None),
    };
    let stem = file.name.rsplit('/').next().unwrap_or(&file.name).trim_end_matches(".md").to_owned();
    let module = crate::naming::snake(module.as_deref().unwrap_or(&stem))
        .or_else(|| crate::naming::snake(&stem))
        .unwrap_or_else(|| "doc".to_owned());
    let mut drafts = Vec::new();
    for section in &tree.sections {
        lower_section(file_id, file, section, sink, &mut drafts);
    }
    let base_url = most_common_base(&drafts);
    DocDraft { file: file_id, module, title, intro: tree.intro.clone(), base_url, drafts }
}

/// The scheme and host most URLs share (ties: the first seen).
fn most_common_base(drafts: &[Draft]) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for draft in drafts {
        let (base, _) = split_url(&draft.op.url);
        match counts.iter_mut().find(|(b, _)| *b == base) {
            Some(entry) => entry.1 += 1,
            None => counts.push((base, 1)),
        }
    }
    let max = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == max).map(|(b, _)| b)
}

/// `http://host:port/path` → (`http://host:port`, `/path`).
pub fn split_url(url: &str) -> (String, String) {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let path_start = url[after_scheme..].find('/').map_or(url.len(), |i| after_scheme + i);
    let path = &url[path_start..];
    (url[..path_start].to_owned(), if path.is_empty() { "/".to_owned() } else { path.to_owned() })
}

/// `{serverid}` and `<imageid>` placeholders, normalised to `{name}`, with their names in order.
/// A brace that opens no placeholder (`/{`, `/{}`) is percent-encoded, as a URL path needs anyway, so that every
/// `{` of the IR's path starts a placeholder: emitters rely on it.
pub fn path_template(path: &str) -> (String, Vec<String>) {
    let literal = |text: &str| text.replace('{', "%7B").replace('}', "%7D");
    let mut out = String::with_capacity(path.len());
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(idx) = rest.find(['{', '<']) {
        let close_char = if rest[idx..].starts_with('{') { '}' } else { '>' };
        let Some(close) = rest[idx..].find(close_char).map(|c| idx + c) else {
            break;
        };
        let name = rest[idx + 1..close].trim();
        if name.is_empty() || name.contains(['/', '{', '<']) {
            out.push_str(&literal(&rest[..=idx]));
            rest = &rest[idx + 1..];
            continue;
        }
        out.push_str(&literal(&rest[..idx]));
        out.push('{');
        out.push_str(name);
        out.push('}');
        names.push(name.to_owned());
        rest = &rest[close + 1..];
    }
    out.push_str(&literal(rest));
    (out, names)
}

/// `2.3.2 更新用户信息 (Update User)` → zh `更新用户信息`, en `Update User`.
pub fn split_title(text: &str) -> Title {
    let text = text.trim();
    // Numbering: `2.3.2 ` before the title.
    let numbered = text.split_once(' ').filter(|(head, _)| {
        !head.is_empty()
            && head.chars().all(|c| c.is_ascii_digit() || c == '.')
            && head.chars().any(|c| c.is_ascii_digit())
    });
    let text = numbered.map_or(text, |(_, rest)| rest.trim());
    let open = text.rfind(['(', '（']);
    if let (Some(open), true) = (open, text.ends_with([')', '）'])) {
        let open_len = text[open..].chars().next().map_or(1, char::len_utf8);
        let close_len = text.chars().next_back().map_or(1, char::len_utf8);
        let en = text[open + open_len..text.len() - close_len].trim();
        let zh = text[..open].trim();
        if !en.is_empty() && en.is_ascii() {
            return Title { zh: zh.to_owned(), en: Some(en.to_owned()) };
        }
    }
    Title { zh: text.to_owned(), en: None }
}

fn lower_section(file_id: FileId, file: &SourceFile, section: &Section, sink: &mut Sink, drafts: &mut Vec<Draft>) {
    let heading = &section.heading;
    let title_span = Span::new(file_id, heading.start, heading.end);
    let parts: Vec<(PartKind, &Part)> = section.parts.iter().map(|p| (part_kind(p), p)).collect();
    let grids: Vec<(PartKind, Grid)> = parts
        .iter()
        .flat_map(|(kind, part)| part.tables.iter().map(move |t| (*kind, t)))
        .map(|(kind, table)| (kind, grid(file_id, table)))
        .collect();
    let method_grid = grids.iter().find(|(kind, g)| table_kind(g, *kind) == TableKind::Method).map(|(_, g)| g);

    if section.urls.is_empty() {
        if let Some(grid) = method_grid {
            sink.push(
                Diagnostic::warning(Code::MissingUrl, title_span, "section has a method table but no URL line")
                    .with_label("this section")
                    .with_secondary(grid.span, "method table")
                    .with_help("the section is not an endpoint and is skipped; add a `> http://...` line to the doc"),
            );
        }
        return;
    }
    let preamble_text = &file.text[section.start..section.parts.first().map_or(section.end, |p| p.end)];
    let websocket_url = section.urls.iter().any(|u| {
        let lower = u.url.to_ascii_lowercase();
        lower.starts_with("ws://") || lower.starts_with("wss://")
    });
    if websocket_url
        || heading.text.to_lowercase().contains("websocket")
        || preamble_text.to_lowercase().contains("websocket")
    {
        sink.push(
            Diagnostic::warning(Code::NonHttp, title_span, "section documents a WebSocket connection")
                .with_label("not an HTTP endpoint")
                .with_help("WebSocket connections are not HTTP operations; the section is skipped"),
        );
        return;
    }

    report_table_damage(file_id, section, sink);

    if heading.bare_anchor {
        sink.push(
            Diagnostic::warning(Code::MissingHeading, title_span, "section starts with a bare anchor, not a heading")
                .with_label("no `##` before the anchor")
                .with_help("read as a section heading of level 2"),
        );
    }
    let title = split_title(&heading.text);
    let en_title = title.en.as_ref().map(|en| {
        let offset = file.text[heading.text_start..heading.end]
            .find(en.as_str())
            .map_or(heading.text_start, |i| heading.text_start + i);
        (en.clone(), Span::new(file_id, offset, offset + en.len()))
    });

    // Method and headers. A section without a method table that shows a JSON request body is RPC-style.
    let rpc = if method_grid.is_none() { rpc_call(file_id, file, &parts) } else { None };
    let (method, headers, json_body) = match (method_grid, &rpc) {
        (Some(grid), _) => method_and_headers(file, grid, sink),
        (None, Some(call)) => {
            let selector = &call.selector;
            sink.push(
                Diagnostic::warning(
                    Code::RpcSection,
                    title_span,
                    format!(
                        "section has no method table; read as an RPC call selected by `{}` = {}",
                        selector.field, selector.value
                    ),
                )
                .with_label("no `Method` row in this section")
                .with_secondary(Span::new(file_id, call.selector_offset, call.selector_offset + selector.field.len() + 2), "the selecting member")
                .with_help(format!(
                    "read as POST with a JSON body that always holds `{}` = {}; the parameters are the parameter table's rows, or else the example's other members",
                    selector.field, selector.value
                )),
            );
            (Method::Post, Vec::new(), true)
        }
        (None, None) => {
            sink.push(
                Diagnostic::warning(Code::MissingMethod, title_span, "section has no method table")
                    .with_label("no `Method` row in this section")
                    .with_help("read as POST, the platform's usual method"),
            );
            (Method::Post, Vec::new(), false)
        }
    };

    // Parameters, fields, errors.
    let mut rows_params: Vec<(Param, Span, CellText)> = Vec::new();
    let mut deferred = Vec::new();
    let mut field_rows = Vec::new();
    let mut errors = Vec::new();
    for (kind, grid) in &grids {
        match table_kind(grid, *kind) {
            TableKind::Params => param_rows(file, grid, sink, &mut deferred, &mut rows_params),
            TableKind::Fields => field_rows.extend(field_table_rows(file, grid, sink)),
            TableKind::Errors => errors.extend(error_rows(file, grid, sink)),
            TableKind::Ignored if looks_like_item_table(grid) => {
                let heading = parts
                    .iter()
                    .find(|(_, p)| p.start <= grid.span.start && grid.span.start < p.end)
                    .and_then(|(_, p)| p.heading.as_ref())
                    .map_or_else(|| "the section's preamble".to_owned(), |h| format!("`{}`", h.text));
                sink.push(
                    Diagnostic::warning(
                        Code::UnreadTable,
                        Span::new(file_id, grid.span.start, grid.span.start + 1),
                        format!("a table of names and types under {heading} is not read"),
                    )
                    .with_label("neither a parameter, field nor error table by its heading")
                    .with_help(
                        "the table is not used: only tables under parameter (输入参数), output (输出数据, 数据说明) and error headings are read",
                    ),
                );
            }
            TableKind::Method | TableKind::Ignored => {}
        }
    }

    apply_value_lists(file_id, file, &parts, &mut rows_params, &mut deferred, &mut field_rows);
    if let Some(call) = &rpc {
        // The selecting member is a constant of the operation, never a parameter; without a parameter table, the
        // usage example's other members are the parameters.
        rows_params.retain(|(p, _, _)| p.wire != call.selector.field);
        if rows_params.is_empty() {
            rows_params = call.params.iter().map(|(p, span)| (p.clone(), *span, CellText::default())).collect();
        }
    }

    // The response, once for all the section's URL lines.
    let (response, result_shape) = section_response(file_id, file, &parts, &field_rows, sink);

    for url in &section.urls {
        let (_, raw_path) = split_url(&url.url);
        let (path, placeholders) = path_template(&raw_path);
        let mut params = Vec::new();
        let mut param_spans = Vec::new();
        let url_span = Span::new(file_id, url.start, url.end);
        // Path parameters, described by a table row of the same name when there is one.
        for name in &placeholders {
            let described = rows_params.iter().find(|(p, _, _)| p.wire.eq_ignore_ascii_case(name));
            let offset = url.url.find(name.as_str()).map_or(url.start, |i| url.start + i);
            params.push(Param {
                wire: name.clone(),
                rust: crate::naming::snake(name).unwrap_or_else(|| "id".to_owned()),
                location: ParamLocation::Path,
                type_raw: described.map(|(p, _, _)| p.type_raw.clone()).unwrap_or_default(),
                ty: described.map_or(Type::String, |(p, _, _)| match p.ty {
                    Type::Integer | Type::Long => p.ty.clone(),
                    _ => Type::String,
                }),
                required: true,
                default: None,
                description: described.map(|(p, _, _)| p.description.clone()).unwrap_or_default(),
                bound_to_path: None,
                loc: file.loc(offset),
            });
            param_spans.push(Span::new(file_id, offset, offset + name.len()));
        }
        for (param, span, _) in &rows_params {
            let mut param = param.clone();
            if let Some(path_name) = placeholders.iter().find(|n| n.eq_ignore_ascii_case(&param.wire)) {
                param.bound_to_path = Some(path_name.clone());
                param.required = true;
            }
            params.push(param);
            param_spans.push(*span);
        }
        let body = match method {
            Method::Get | Method::Delete => BodyEncoding::None,
            _ if json_body => BodyEncoding::Json,
            _ => BodyEncoding::Form,
        };
        for param in params.iter_mut().filter(|p| p.location != ParamLocation::Path) {
            param.location = if body == BodyEncoding::None { ParamLocation::Query } else { ParamLocation::Body };
        }
        let (response, result_shape) = (response.clone(), result_shape.clone());
        let op = ir::Operation {
            name: String::new(),
            name_source: ir::NameSource::Title,
            title: title.clone(),
            anchor: heading.anchor.as_ref().map(|(a, _)| a.clone()),
            method,
            path,
            url: url.url.clone(),
            idempotent: method == Method::Get,
            body,
            headers: headers.clone(),
            params,
            response,
            errors: errors.clone(),
            superseded_by: None,
            rpc: rpc.as_ref().map(|call| call.selector.clone()),
            loc: file.loc(heading.start),
        };
        // Findings about the section's parameters travel with its first operation only, so each is reported once.
        let deferred = std::mem::take(&mut deferred);
        drafts.push(Draft {
            op,
            title_span,
            anchor_span: heading.anchor.as_ref().map(|(name, at)| Span::new(file_id, *at, at + name.len())),
            url_span,
            en_title: en_title.clone(),
            result_shape,
            param_spans,
            deferred,
        });
    }
}

/// What an RPC-style section's usage example says.
struct RpcCall {
    selector: ir::RpcSelector,
    /// Byte offset of the selecting member's key.
    selector_offset: usize,
    /// The example's other members as parameters (required, typed from their values), with their key spans.
    params: Vec<(Param, Span)>,
}

/// Keys that name an operation code in an RPC body, compared in lowercase without `_` and `-`.
const RPC_SELECTOR_KEYS: &[&str] = &[
    "code",
    "cmd",
    "command",
    "op",
    "opcode",
    "operation",
    "action",
    "type",
    "func",
    "function",
    "method",
    "api",
    "service",
    "msgtype",
    "reqtype",
    "requesttype",
    "actiontype",
    "optype",
    "funccode",
    "actioncode",
    "servicecode",
];

/// The RPC call a section without a method table shows: the first code block outside the example, output and field
/// parts that reads as a JSON object with an integer member and is no response envelope (`status` with `message`
/// or `result`). The selecting member is the first integer member with
/// an operation-code name (`code`, `cmd`, `op`, ...), or else the first integer member.
fn rpc_call(file_id: FileId, file: &SourceFile, parts: &[(PartKind, &Part)]) -> Option<RpcCall> {
    let request_parts =
        parts.iter().filter(|(k, _)| matches!(k, PartKind::Preamble | PartKind::Params | PartKind::Other));
    for block in request_parts.flat_map(|(_, p)| &p.code_blocks) {
        let text = strip_code_tags(&file.text[block.start..block.end]);
        let Some(root) = json::parse(&text).value else { continue };
        let json::JValue::Object(members) = &root.value else { continue };
        // A response envelope is an example of the output, not a request.
        if root.member("status").is_some() && (root.member("message").is_some() || root.member("result").is_some()) {
            continue;
        }
        let integer = |m: &&json::JMember| match &m.value.value {
            json::JValue::Number(n) => n.parse::<i64>().ok(),
            _ => None,
        };
        let code_like = |m: &&json::JMember| {
            let key: String = m.key.to_ascii_lowercase().chars().filter(|c| !matches!(c, '_' | '-')).collect();
            RPC_SELECTOR_KEYS.contains(&key.as_str()) || key.ends_with("code") || key.ends_with("cmd")
        };
        let Some(selector) = members
            .iter()
            .filter(|m| integer(m).is_some())
            .find(code_like)
            .or_else(|| members.iter().find(|m| integer(m).is_some()))
        else {
            continue;
        };
        let selector_offset = block.start + selector.key_offset;
        let params = members
            .iter()
            .filter(|m| m.key != selector.key)
            .map(|m| {
                let offset = block.start + m.key_offset;
                let param = Param {
                    wire: m.key.clone(),
                    rust: crate::naming::snake(&m.key).unwrap_or_else(|| "param".to_owned()),
                    location: ParamLocation::Body,
                    type_raw: String::new(),
                    ty: value_type(&m.value),
                    required: true,
                    default: None,
                    description: m.note.clone().unwrap_or_default(),
                    bound_to_path: None,
                    loc: file.loc(offset),
                };
                (param, Span::new(file_id, offset, offset + m.key.len() + 2))
            })
            .collect();
        return Some(RpcCall {
            selector: ir::RpcSelector {
                field: selector.key.clone(),
                value: integer(&selector).unwrap_or_default(),
                loc: file.loc(selector_offset),
            },
            selector_offset,
            params,
        });
    }
    None
}

/// A parameter type from an example value: what the usage example shows is all the doc says.
fn value_type(node: &json::JNode) -> Type {
    match &node.value {
        json::JValue::Bool(_) => Type::Boolean,
        json::JValue::Number(raw) if raw.contains(['.', 'e', 'E']) => Type::Number,
        json::JValue::Number(raw) if raw.parse::<i32>().is_ok() => Type::Integer,
        json::JValue::Number(_) => Type::Long,
        json::JValue::Str(_) => Type::String,
        json::JValue::Array(items) => Type::Array { items: Box::new(items.first().map_or(Type::Any, value_type)) },
        json::JValue::Null | json::JValue::Placeholder | json::JValue::Object(_) | json::JValue::OpaqueObject => {
            Type::Any
        }
    }
}

/// A sub-section that lists the values of one parameter or field: `#### volumestatus 说明` followed by
/// `AVAILABLE, ATTACHING, ...;`.
struct ValueList {
    name: String,
    name_span: Span,
    options: Vec<enums::Option_>,
}

/// The value lists of a section: sub-sections whose heading is an ASCII name plus `说明` / `取值` / `可选值`, and
/// whose text (outside tables and code) is a list of two or more values in a notation the description cells use,
/// or simply separated by commas. Sub-sections of prose are not value lists.
fn value_lists(file_id: FileId, file: &SourceFile, parts: &[(PartKind, &Part)]) -> Vec<ValueList> {
    let mut out = Vec::new();
    for (kind, part) in parts {
        let Some(heading) = part.heading.as_ref().filter(|_| *kind == PartKind::Other) else {
            continue;
        };
        let title = heading.text.trim();
        let name_len = title.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(title.len());
        let (name, rest) = title.split_at(name_len);
        let rest = rest.trim().trim_start_matches('的');
        if name.is_empty() || !matches!(rest, "说明" | "取值" | "取值说明" | "可选值" | "值说明") {
            continue;
        }
        let skip = |offset: usize| {
            part.tables.iter().any(|t| match t {
                Table::Html(t) => t.start <= offset && offset < t.end,
                Table::Pipe(t) => t.start <= offset && offset <= t.end,
            }) || part.code_blocks.iter().any(|c| c.start <= offset && offset <= c.end)
        };
        let mut text = String::new();
        let mut line_start = part.start;
        for line in file.text[part.start..part.end].split_inclusive('\n') {
            if !skip(line_start) {
                text.push_str(line.trim());
                text.push('\n');
            }
            line_start += line.len();
        }
        let cell = CellText { text: text.trim().to_owned(), bold: Vec::new() };
        let mut options = enums::options(&cell);
        if options.len() < 2 {
            let values: Vec<&str> =
                cell.text.split([',', '，', '、', ';', '；', '\n']).map(str::trim).filter(|v| !v.is_empty()).collect();
            let all_values = values.iter().all(|v| v.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
            options = if values.len() >= 2 && all_values {
                values.into_iter().map(|v| enums::Option_ { wire: v.to_owned(), description: String::new() }).collect()
            } else {
                Vec::new()
            };
        }
        if options.len() >= 2 {
            let at = heading.text_start;
            out.push(ValueList { name: name.to_owned(), name_span: Span::new(file_id, at, at + name.len()), options });
        }
    }
    out
}

/// Applies the section's value lists: a parameter of that name (any case) without options becomes an enum; otherwise
/// a response field of that name gets the values as its type, and a field the table does not list is added as if the
/// table listed it (so an example that shows it, or elides the result, agrees with it).
fn apply_value_lists(
    file_id: FileId,
    file: &SourceFile,
    parts: &[(PartKind, &Part)],
    params: &mut [(Param, Span, CellText)],
    deferred: &mut Vec<(String, Diagnostic)>,
    field_rows: &mut Vec<FieldRow>,
) {
    for list in value_lists(file_id, file, parts) {
        if let Some((param, _, _)) = params.iter_mut().find(|(p, _, _)| p.wire.eq_ignore_ascii_case(&list.name)) {
            let options: Vec<EnumOption> = list
                .options
                .iter()
                .map(|o| EnumOption { wire: o.wire.clone(), rust: String::new(), description: o.description.clone() })
                .collect();
            let slot = match &mut param.ty {
                Type::Array { items } => items.as_mut(),
                other => other,
            };
            if *slot == Type::String {
                *slot = Type::Enum { name: String::new(), options };
                let wire = param.wire.clone();
                deferred.retain(|(w, d)| !(*w == wire && d.code == Code::EnumWithoutOptions));
            }
            continue;
        }
        let wires: Vec<String> = list.options.iter().map(|o| o.wire.clone()).collect();
        match field_rows.iter_mut().find(|r| r.wire.eq_ignore_ascii_case(&list.name)) {
            Some(row) => {
                let array = row.type_word.as_ref().is_some_and(|w| w.array);
                if row.type_word.as_ref().is_none_or(|w| w.options.is_empty()) {
                    row.type_word = Some(TypeWord { base: Base::Enum, array, restricted: false, options: wires });
                }
            }
            None => field_rows.push(FieldRow {
                wire: list.name.clone(),
                type_word: Some(TypeWord { base: Base::Enum, array: false, restricted: false, options: wires }),
                type_raw: String::new(),
                required: false,
                description: String::new(),
                span: list.name_span,
            }),
        }
    }
}

/// Reports markup damage the table reader worked around, and truncated tables (an error: the doc is cut off).
fn report_table_damage(file_id: FileId, section: &Section, sink: &mut Sink) {
    for part in &section.parts {
        for table in &part.tables {
            let Table::Html(t) = table else { continue };
            for repair in &t.repairs {
                sink.push(
                    Diagnostic::warning(
                        Code::MalformedTableRow,
                        Span::new(file_id, repair.start, repair.end),
                        format!("malformed table markup: {}", repair.message),
                    )
                    .with_label("damaged markup")
                    .with_help(repair.help.clone()),
                );
            }
            if t.truncated {
                sink.push(
                    Diagnostic::error(
                        Code::TruncatedTable,
                        Span::new(file_id, t.start, t.end),
                        "the file ends inside a table",
                    )
                    .with_label("this table is cut off")
                    .with_help("the doc looks truncated; restore its end"),
                );
            } else if !t.closed && t.rows.iter().any(|r| !r.cells.is_empty()) {
                sink.push(
                    Diagnostic::warning(
                        Code::MalformedTable,
                        Span::new(file_id, t.start, t.start + 6),
                        "table has no `</table>`",
                    )
                    .with_label("opened here")
                    .with_help("the table ends at the next heading"),
                );
            }
        }
    }
}

fn method_and_headers(file: &SourceFile, grid: &Grid, sink: &mut Sink) -> (Method, Vec<Header>, bool) {
    let mut method = None;
    let mut headers = Vec::new();
    let mut json_body = false;
    let mut label = String::new();
    for row in &grid.rows {
        let is_group_label = |t: &str| t == "method" || t.contains("header") || t.contains("请求头");
        // A `<th>` that is no group label is a header named in the label column itself (`Content-Type`).
        let named_header = row.first().filter(|c| {
            let t = c.content.text.to_lowercase();
            c.is_header && !is_group_label(&t) && is_header_name(&c.content.text)
        });
        if let Some(name_cell) = named_header {
            let description =
                row[1..].iter().map(|c| c.content.text.as_str()).find(|t| !t.is_empty()).unwrap_or("").to_owned();
            label = "header".to_owned();
            push_header(file, name_cell, description, &mut headers, &mut json_body);
            continue;
        }
        let first_is_label = row.first().is_some_and(|c| c.is_header || is_group_label(&c.content.text.to_lowercase()));
        let values: &[GridCell] = if first_is_label {
            label = row[0].content.text.to_lowercase();
            &row[1..]
        } else {
            row
        };
        let Some(value) = values.iter().find(|c| !c.content.text.is_empty()) else {
            continue;
        };
        let description =
            values.iter().skip(1).map(|c| c.content.text.as_str()).find(|t| !t.is_empty()).unwrap_or("").to_owned();
        if label == "method" {
            let word = value.content.text.trim().to_ascii_uppercase();
            method = Some(match word.as_str() {
                "GET" => Method::Get,
                "POST" => Method::Post,
                "PUT" => Method::Put,
                "DELETE" => Method::Delete,
                "PATCH" => Method::Patch,
                _ => {
                    sink.push(
                        Diagnostic::warning(
                            Code::UnknownMethod,
                            value.span,
                            format!("unknown method `{}`", value.content.text),
                        )
                        .with_label("expected GET or POST")
                        .with_help("read as POST"),
                    );
                    Method::Post
                }
            });
        } else if label.contains("header") || label.contains("请求头") {
            push_header(file, value, description, &mut headers, &mut json_body);
        }
    }
    (method.unwrap_or(Method::Post), headers, json_body)
}

/// Whether a label reads like an HTTP header name (`Content-Type`, `X-Request-Id`).
fn is_header_name(text: &str) -> bool {
    let text = text.trim();
    text.contains('-') && text.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
}

/// Classifies a header by its name; a `Content-Type` whose description mentions JSON makes the body JSON.
fn push_header(file: &SourceFile, cell: &GridCell, description: String, headers: &mut Vec<Header>, json: &mut bool) {
    let name = cell.content.text.trim().to_owned();
    let upper = name.to_ascii_uppercase();
    let kind = if upper == "AUTHORIZATION" {
        HeaderKind::BasicAuth
    } else if upper == "CONTENT-TYPE" {
        if description.to_lowercase().contains("json") {
            *json = true;
        }
        HeaderKind::ContentType
    } else if upper.ends_with("ACCESS-TOKEN") || upper.ends_with("ACCESS_TOKEN") {
        HeaderKind::AccessToken
    } else if upper.ends_with("SESSION-TOKEN") || upper.ends_with("SESSION_TOKEN") {
        HeaderKind::SessionToken
    } else if upper.ends_with("SESSION-SECRET") || upper.ends_with("SESSION_SECRET") {
        HeaderKind::SessionSecret
    } else {
        HeaderKind::Other
    };
    headers.push(Header { name, kind, description, loc: file.loc(cell.span.start) });
}

/// Column roles for a grid: from its header, or by cell count for tables without one.
fn roles_for(grid: &Grid, kind: TableKind) -> Vec<Role> {
    let roles: Vec<Role> = grid.header.iter().map(|h| role(h)).collect();
    if !roles.is_empty() && roles.iter().any(|r| *r != Role::Unknown) {
        return roles;
    }
    let width = grid.rows.iter().map(Vec::len).max().unwrap_or(0);
    use Role::*;
    match (kind, width) {
        (TableKind::Errors, _) => vec![Status, Message, Description],
        (_, 5..) => vec![Name, Type, Required, Default, Description],
        (_, 4) => vec![Name, Type, Required, Description],
        (_, 3) => vec![Name, Type, Description],
        _ => vec![Name, Description],
    }
}

/// Aligns a row's cells to the roles; short and long rows are realigned by content and reported.
fn align<'a>(file: &SourceFile, roles: &[Role], row: &'a [GridCell], sink: &mut Sink) -> Vec<(Role, &'a GridCell)> {
    let mut cells: Vec<Option<&GridCell>> = row.iter().map(Some).collect();
    let type_idx = roles.iter().position(|r| *r == Role::Type);
    let req_idx = roles.iter().position(|r| *r == Role::Required);
    let default_idx = roles.iter().position(|r| *r == Role::Default);
    let row_span = Span::new(row[0].span.file, row[0].span.start, row[row.len() - 1].span.end);
    if cells.len() < roles.len() {
        // A missing type cell shows as the required value sitting in the type column.
        let (shifted, help) = match (type_idx, req_idx) {
            (Some(t), Some(r))
                if r == t + 1 && row.get(t).is_some_and(|c| types::looks_like_required(&c.content.text)) =>
            {
                cells.insert(t, None);
                ("the type cell is missing", "the type is read as String; the other cells keep their columns")
            }
            _ => ("cells are missing at the end", "missing cells are read as empty"),
        };
        while cells.len() < roles.len() {
            cells.push(None);
        }
        sink.push(
            Diagnostic::warning(Code::MalformedTableRow, row_span, row_width_message(row.len(), roles.len()))
                .with_label(shifted)
                .with_help(help),
        );
    } else if cells.len() > roles.len() {
        // An extra default cell in a table without a default column (`<td>Yes</td><td>N/A</td><td>说明</td>`).
        let extra_is_default = default_idx.is_none()
            && req_idx.is_some_and(|r| row.get(r + 1).is_some_and(|c| types::default_value(&c.content.text).is_none()));
        let (note, help) = if extra_is_default {
            cells.remove(req_idx.unwrap_or(0) + 1);
            ("an extra default cell", "the cell after the required column is ignored; the others keep their columns")
        } else {
            ("extra cells at the end", "the cells past the table's last column are ignored")
        };
        sink.push(
            Diagnostic::warning(Code::MalformedTableRow, row_span, row_width_message(row.len(), roles.len()))
                .with_label(note)
                .with_help(help),
        );
        cells.truncate(roles.len());
        let _ = file;
    }
    roles.iter().copied().zip(cells).filter_map(|(r, c)| c.map(|c| (r, c))).collect()
}

fn row_width_message(cells: usize, columns: usize) -> String {
    let plural = if cells == 1 { "" } else { "s" };
    format!("table row has {cells} cell{plural}, the table has {columns} columns")
}

fn cell_of<'a>(aligned: &[(Role, &'a GridCell)], role: Role) -> Option<&'a GridCell> {
    aligned.iter().find(|(r, _)| *r == role).map(|(_, c)| *c)
}

/// `userid(用户ID)` → (`userid`, `用户ID`).
fn split_name_note(raw: &str) -> (String, String) {
    let trimmed = raw.trim();
    match trimmed.find(['(', '（']) {
        Some(idx) if idx > 0 => {
            let note = trimmed[idx..].trim_matches(['(', ')', '（', '）', ' ']).to_owned();
            (trimmed[..idx].trim().to_owned(), note)
        }
        _ => (trimmed.to_owned(), String::new()),
    }
}

/// Reads a parameter table into `out`. Type findings an override can settle (an unknown type word, an enum with no
/// options) go to `deferred`, keyed by the parameter's wire name, and are reported after overrides are applied.
fn param_rows(
    file: &SourceFile,
    grid: &Grid,
    sink: &mut Sink,
    deferred: &mut Vec<(String, Diagnostic)>,
    out: &mut Vec<(Param, Span, CellText)>,
) {
    let roles = roles_for(grid, TableKind::Params);
    // Every name in the table, to tell a default that names another parameter from a literal value.
    let names: Vec<String> = roles
        .iter()
        .position(|r| *r == Role::Name)
        .map(|idx| grid.rows.iter().filter_map(|r| r.get(idx)).map(|c| split_name_note(&c.content.text).0).collect())
        .unwrap_or_default();
    for row in &grid.rows {
        if row.iter().all(|c| c.content.text.is_empty()) {
            continue;
        }
        let aligned = align(file, &roles, row, sink);
        let Some(name_cell) = cell_of(&aligned, Role::Name) else {
            continue;
        };
        let (wire, name_note) = split_name_note(&name_cell.content.text);
        if wire.is_empty() {
            sink.push(
                Diagnostic::warning(Code::MalformedTableRow, name_cell.span, "parameter row has no name")
                    .with_label("empty name")
                    .with_help("the row is skipped"),
            );
            continue;
        }
        if let Some((_, first_span, _)) = out.iter().find(|(p, _, _)| p.wire == wire) {
            sink.push(
                Diagnostic::warning(
                    Code::DuplicateParam,
                    name_cell.span,
                    format!("parameter `{wire}` is listed twice"),
                )
                .with_label("second listing")
                .with_secondary(*first_span, "first listing")
                .with_help("the first listing is used"),
            );
            continue;
        }
        let type_cell = cell_of(&aligned, Role::Type);
        let type_raw = type_cell.map(|c| c.content.text.clone()).unwrap_or_default();
        let word = types::type_word(&type_raw);
        let required = match cell_of(&aligned, Role::Required) {
            Some(cell) => match types::required(&cell.content.text) {
                Required::Yes => true,
                Required::No => false,
                Required::False => {
                    sink.push(
                        Diagnostic::warning(
                            Code::RequiredFalse,
                            cell.span,
                            format!("required column of `{wire}` reads `false`"),
                        )
                        .with_label("expected `Yes` or `No`")
                        .with_help("read as `No`: the parameter is optional"),
                    );
                    false
                }
                Required::Unknown => {
                    sink.push(
                        Diagnostic::warning(
                            Code::UnknownRequired,
                            cell.span,
                            format!("required column of `{wire}` reads `{}`", cell.content.text),
                        )
                        .with_label("expected `Yes` or `No`")
                        .with_help("read as `No`: the parameter is optional"),
                    );
                    false
                }
            },
            None => false,
        };
        let mut default = cell_of(&aligned, Role::Default).and_then(|c| types::default_value(&c.content.text));
        let description_cell = cell_of(&aligned, Role::Description).map(|c| c.content.clone()).unwrap_or_default();
        let mut description = description_cell.text.clone();
        if !name_note.is_empty() {
            description = if description.is_empty() { name_note } else { format!("{name_note}\n{description}") };
        }
        // A default that names another parameter (`name` for `displayName`) or is free text (`当前时间`) is not a
        // value a client could send: it moves to the description, which keeps what the doc says.
        if let Some(text) = default.take_if(|d| (*d != wire && names.contains(d)) || !types::is_literal_default(d)) {
            let line = format!("默认值：{text}");
            description = if description.is_empty() { line } else { format!("{description}\n{line}") };
        }
        // A short row that lost its type cell is reported once, as a malformed row; its type reads as String.
        let type_missing = type_cell.is_none() && roles.contains(&Role::Type);
        let mut findings = Vec::new();
        let ty = param_type(
            &wire,
            &word,
            &type_raw,
            type_cell.map_or(name_cell.span, |c| c.span),
            &description_cell,
            &mut findings,
        );
        deferred.extend(
            findings.into_iter().filter(|d| !(type_missing && d.code == Code::UnknownType)).map(|d| (wire.clone(), d)),
        );
        out.push((
            Param {
                rust: crate::naming::snake(&wire).unwrap_or_else(|| "param".to_owned()),
                wire,
                location: ParamLocation::Body,
                type_raw,
                ty,
                required,
                default,
                description,
                bound_to_path: None,
                loc: file.loc(name_cell.span.start),
            },
            name_cell.span,
            description_cell,
        ));
    }
}

/// A parameter's type from its type word and, for enums, the options its description lists.
fn param_type(
    wire: &str,
    word: &TypeWord,
    type_raw: &str,
    type_span: Span,
    description: &CellText,
    findings: &mut Vec<Diagnostic>,
) -> Type {
    let scalar = |base: Base| match base {
        Base::String | Base::Enum | Base::Unknown => Type::String,
        Base::Integer => Type::Integer,
        Base::Long => Type::Long,
        Base::Number => Type::Number,
        Base::Boolean => Type::Boolean,
        Base::Any => Type::Any,
    };
    let mut options: Vec<EnumOption> = if word.options.is_empty() {
        enums::options(description)
            .into_iter()
            .map(|o| EnumOption { rust: String::new(), wire: o.wire, description: o.description })
            .collect()
    } else {
        word.options
            .iter()
            .map(|w| EnumOption { wire: w.clone(), rust: String::new(), description: String::new() })
            .collect()
    };
    if word.base == Base::Unknown {
        let shown = if type_raw.is_empty() { "an empty type cell".to_owned() } else { format!("type `{type_raw}`") };
        findings.push(
            Diagnostic::warning(Code::UnknownType, type_span, format!("parameter `{wire}` has {shown}"))
                .with_label(if type_raw.is_empty() { "no type here" } else { "not a type word of this doc family" })
                .with_help("read as String; set `type` in spec/overrides.toml to correct it"),
        );
    }
    let wants_enum =
        word.base == Base::Enum || (matches!(word.base, Base::String | Base::Unknown) && !options.is_empty());
    let base_type = if wants_enum {
        if options.is_empty() {
            let read_as = if word.array { "a list of String" } else { "String" };
            findings.push(
                Diagnostic::warning(
                    Code::EnumWithoutOptions,
                    type_span,
                    format!("enum parameter `{wire}` lists no options"),
                )
                .with_label(format!("typed `{type_raw}`"))
                .with_help(format!("read as {read_as}; list the options in spec/overrides.toml (`options = [...]`)")),
            );
            Type::String
        } else {
            // Options never have a blank wire value.
            options.retain(|o| !o.wire.is_empty());
            Type::Enum { name: String::new(), options }
        }
    } else {
        scalar(word.base)
    };
    if word.array {
        Type::Array { items: Box::new(base_type) }
    } else {
        base_type
    }
}

fn field_table_rows(file: &SourceFile, grid: &Grid, sink: &mut Sink) -> Vec<FieldRow> {
    let roles = roles_for(grid, TableKind::Fields);
    let mut out: Vec<FieldRow> = Vec::new();
    for row in &grid.rows {
        if row.iter().all(|c| c.content.text.is_empty()) {
            continue;
        }
        let aligned = align(file, &roles, row, sink);
        let Some(name_cell) = cell_of(&aligned, Role::Name) else {
            continue;
        };
        let (wire, note) = split_name_note(&name_cell.content.text);
        if wire.is_empty() || out.iter().any(|r| r.wire == wire) {
            continue;
        }
        let type_raw = cell_of(&aligned, Role::Type).map(|c| c.content.text.clone()).unwrap_or_default();
        let type_word = (!type_raw.is_empty()).then(|| types::type_word(&type_raw));
        let required =
            cell_of(&aligned, Role::Required).is_some_and(|c| types::required(&c.content.text) == Required::Yes);
        let mut description = cell_of(&aligned, Role::Description).map(|c| c.content.text.clone()).unwrap_or_default();
        if !note.is_empty() {
            description = if description.is_empty() { note } else { format!("{note}\n{description}") };
        }
        out.push(FieldRow { wire, type_word, type_raw, required, description, span: name_cell.span });
    }
    out
}

fn error_rows(file: &SourceFile, grid: &Grid, sink: &mut Sink) -> Vec<ErrorCase> {
    let roles = roles_for(grid, TableKind::Errors);
    let mut out = Vec::new();
    for row in &grid.rows {
        if row.iter().all(|c| c.content.text.is_empty()) {
            continue;
        }
        let aligned = align(file, &roles, row, sink);
        let (Some(status_cell), Some(message_cell)) =
            (cell_of(&aligned, Role::Status), cell_of(&aligned, Role::Message))
        else {
            continue;
        };
        let Ok(status) = status_cell.content.text.trim().parse::<u16>() else {
            sink.push(
                Diagnostic::warning(
                    Code::InvalidErrorStatus,
                    status_cell.span,
                    format!("error status `{}` is not a number", status_cell.content.text),
                )
                .with_label("expected a status such as 406")
                .with_help("the row is skipped"),
            );
            continue;
        };
        // The message exactly as written: take the raw cell text, with only markup removed.
        let raw_message = &file.text[message_cell.span.start..message_cell.span.end];
        let message = if raw_message.contains(['<', '&', '\n']) {
            message_cell.content.text.clone()
        } else {
            raw_message.to_owned()
        };
        out.push(ErrorCase {
            status,
            rust: String::new(),
            pattern: message_pattern(&message),
            message,
            description: cell_of(&aligned, Role::Description).map(|c| c.content.text.clone()).unwrap_or_default(),
            loc: file.loc(message_cell.span.start),
        });
    }
    out
}

/// `require parameter:A` → prefix `require parameter:`, placeholder `A`. Also `{name}` / `<name>` placeholders.
/// A message written `*` is a placeholder for any message.
pub fn message_pattern(message: &str) -> Option<MessagePattern> {
    let trimmed = message.trim_end();
    if trimmed.trim_start() == "*" {
        return Some(MessagePattern { prefix: String::new(), placeholder: "*".to_owned(), suffix: String::new() });
    }
    if let Some(idx) = trimmed.rfind([':', '：']) {
        let tail = trimmed[idx..].chars().skip(1).collect::<String>();
        let tail_trim = tail.trim();
        if tail_trim.len() == 1 && tail_trim.chars().all(|c| c.is_ascii_uppercase()) {
            let prefix_end = trimmed.len() - tail.len() + (tail.len() - tail.trim_start().len());
            return Some(MessagePattern {
                prefix: trimmed[..prefix_end].to_owned(),
                placeholder: tail_trim.to_owned(),
                suffix: String::new(),
            });
        }
    }
    for (open, close) in [('{', '}'), ('<', '>')] {
        if let (Some(start), Some(end)) = (message.find(open), message.find(close)) {
            let name = &message[start + 1..end.max(start + 1)];
            if end > start + 1 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Some(MessagePattern {
                    prefix: message[..start].to_owned(),
                    placeholder: name.to_owned(),
                    suffix: message[end + 1..].to_owned(),
                });
            }
        }
    }
    None
}

/// The section's example block: the first code block under an example heading, then under an output heading;
/// failing those, a block that looks like JSON (`{` or `[`) in the preamble or under the field table's heading.
/// Free sub-sections (usage notes) are not searched: their code is a request, not a response.
fn example_block<'a>(file: &SourceFile, parts: &[(PartKind, &'a Part)]) -> Option<&'a CodeBlock> {
    let under = |wanted: PartKind| parts.iter().filter(move |(k, _)| *k == wanted).flat_map(|(_, p)| &p.code_blocks);
    let looks_like_json = |block: &&CodeBlock| {
        let text = strip_code_tags(&file.text[block.start..block.end]);
        text.trim_start().starts_with(['{', '['])
    };
    under(PartKind::Example)
        .chain(under(PartKind::Output))
        .next()
        .or_else(|| under(PartKind::Preamble).chain(under(PartKind::Fields)).find(looks_like_json))
}

/// The example text with `<code>` tags nested inside the block blanked out (same length, so offsets still hold).
fn strip_code_tags(raw: &str) -> String {
    let mut out = raw.to_owned();
    let lower = raw.to_ascii_lowercase();
    for tag in ["<code", "</code"] {
        let mut from = 0;
        while let Some(idx) = lower[from..].find(tag).map(|i| from + i) {
            let end = lower[idx..].find('>').map_or(raw.len(), |i| idx + i + 1);
            out.replace_range(idx..end, &" ".repeat(end - idx));
            from = end;
        }
    }
    out
}

/// The section's response: the example (read leniently, reported when not JSON) merged with the field table.
fn section_response(
    file_id: FileId,
    file: &SourceFile,
    parts: &[(PartKind, &Part)],
    field_rows: &[FieldRow],
    sink: &mut Sink,
) -> (Option<ir::Response>, Option<Shape>) {
    if let Some(block) = example_block(file, parts) {
        let raw = &file.text[block.start..block.end];
        let text = strip_code_tags(raw);
        let parsed = json::parse(&text);
        let strict = serde_json::from_str::<serde_json::Value>(&text).is_ok();
        if !strict {
            if let Some(first) = parsed.problems.first() {
                let at = block.start + first.offset;
                let more = parsed.problems.len() - 1;
                let more_text = if more > 0 {
                    format!(" ({more} more repair{})", if more == 1 { "" } else { "s" })
                } else {
                    String::new()
                };
                sink.push(
                    Diagnostic::warning(
                        Code::InvalidExample,
                        Span::new(file_id, at, at + 1),
                        format!("example is not valid JSON: {}{more_text}", first.message),
                    )
                    .with_label(first.message.clone())
                    .with_help("read leniently: `...` is an unknown value, text after a value is its note"),
                );
            }
        }
        let (response, shape) = response_of(file_id, file, block.start, raw, &parsed, field_rows, sink);
        return (Some(response), shape);
    }
    if let Some(first_row) = field_rows.first() {
        let mut shape = Shape::unknown(first_row.span.start);
        response::merge_table(file_id, &mut shape, field_rows, sink);
        let response = response_without_example(file.loc(first_row.span.start));
        return (Some(response), Some(shape));
    }
    // An example heading with nothing under it: the doc promises a result it does not show.
    let promised = parts.iter().find(|(kind, _)| *kind == PartKind::Example).and_then(|(_, p)| p.heading.as_ref());
    if let Some(heading) = promised {
        sink.push(
            Diagnostic::warning(
                Code::MissingExample,
                Span::new(file_id, heading.start, heading.end),
                "example heading has no example under it",
            )
            .with_label("no `<code>` block follows")
            .with_help("the result is read as any JSON value"),
        );
        let shape = Shape::unknown(heading.start);
        let response = response_without_example(file.loc(heading.start));
        return (Some(response), Some(shape));
    }
    (None, None)
}

/// A success response the doc describes without showing an example (its type comes from `check/`).
fn response_without_example(loc: ir::Loc) -> ir::Response {
    ir::Response { ty: None, enveloped: true, nullable: false, example_raw: String::new(), example: None, loc }
}

/// The response an example shows. The rules:
/// - `{status, message, result}`: the envelope; `result` is the value (absent or `null`: nullable).
/// - `status` and `message` beside other members but no `result`: the data sits at the top level, so the body is
///   the value (its other members) and the response is not enveloped.
/// - A `status` outside 200..=299: the example shows an error, not the result; the result is unknown (reported).
fn response_of(
    file_id: FileId,
    file: &SourceFile,
    block_start: usize,
    raw: &str,
    parsed: &json::Parsed,
    field_rows: &[FieldRow],
    sink: &mut Sink,
) -> (ir::Response, Option<Shape>) {
    let loc = file.loc(block_start);
    let Some(root) = &parsed.value else {
        return (
            ir::Response {
                ty: None,
                enveloped: false,
                nullable: false,
                example_raw: raw.to_owned(),
                example: None,
                loc,
            },
            None,
        );
    };
    let status = root.member("status");
    let has_envelope_keys = status.is_some() && (root.member("message").is_some() || root.member("result").is_some());
    let top_level_data = has_envelope_keys
        && root.member("result").is_none()
        && matches!(&root.value, json::JValue::Object(members)
            if members.iter().any(|m| !matches!(m.key.as_str(), "status" | "message")));
    let enveloped = has_envelope_keys && !top_level_data;
    let error_status = status.and_then(|m| match &m.value.value {
        json::JValue::Number(n) => n.parse::<u32>().ok().filter(|n| !(200..300).contains(n)).map(|n| (n, m)),
        _ => None,
    });
    let (mut shape, nullable) = if let Some((code, member)) = error_status {
        let at = block_start + member.value.offset;
        sink.push(
            Diagnostic::warning(
                Code::ErrorExample,
                Span::new(file_id, at, at + code.to_string().len()),
                format!("the success example shows status {code}"),
            )
            .with_label("not a success status")
            .with_help("the example shows an error, not the result; the result is read as any JSON value"),
        );
        (Some(Shape::unknown(block_start)), false)
    } else if enveloped {
        match root.member("result") {
            Some(member) => {
                (Some(response::infer(&member.value, block_start)), matches!(member.value.value, json::JValue::Null))
            }
            None => (None, true),
        }
    } else {
        let mut shape = response::infer(root, block_start);
        if top_level_data {
            // The status and message beside the data are the envelope's, not the result's.
            if let response::ShapeKind::Object(fields) = &mut shape.kind {
                fields.retain(|f| !matches!(f.wire.as_str(), "status" | "message"));
            }
        }
        (Some(shape), false)
    };
    if !field_rows.is_empty() && error_status.is_none() {
        let root_shape = shape.get_or_insert(Shape::unknown(block_start));
        response::merge_table(file_id, root_shape, field_rows, sink);
    }
    let response =
        ir::Response { ty: None, enveloped, nullable, example_raw: raw.to_owned(), example: Some(root.to_json()), loc };
    (response, shape)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        let t = split_title("2.3.2 更新用户信息 (Update User)");
        assert_eq!((t.zh.as_str(), t.en.as_deref()), ("更新用户信息", Some("Update User")));
        let t = split_title("验证码");
        assert_eq!((t.zh.as_str(), t.en), ("验证码", None));
        let t = split_title("创建主机(Create Server )");
        assert_eq!((t.zh.as_str(), t.en.as_deref()), ("创建主机", Some("Create Server")));
    }

    #[test]
    fn paths_and_patterns() {
        assert_eq!(
            split_url("http://192.168.96.211:8080/services/user/create"),
            ("http://192.168.96.211:8080".to_owned(), "/services/user/create".to_owned())
        );
        assert_eq!(
            path_template("/v1/image/<imageid>/update"),
            ("/v1/image/{imageid}/update".to_owned(), vec!["imageid".to_owned()])
        );
        assert_eq!(path_template("/volume/{unique}/update/{name}").1, ["unique", "name"]);
        // Braces that open no placeholder are encoded (a fuzz crash: the emitter took `/{` for a placeholder).
        assert_eq!(
            path_template("/a/{/b/{}/c/{x}/d}"),
            ("/a/%7B/b/%7B%7D/c/{x}/d%7D".to_owned(), vec!["x".to_owned()])
        );
        let p = message_pattern("require parameter:A").unwrap();
        assert_eq!((p.prefix.as_str(), p.placeholder.as_str(), p.suffix.as_str()), ("require parameter:", "A", ""));
        assert_eq!(message_pattern("access denied"), None);
        let any = message_pattern("*").unwrap();
        assert_eq!((any.prefix.as_str(), any.placeholder.as_str(), any.suffix.as_str()), ("", "*", ""));
        assert_eq!(message_pattern("volumes.error.require-parameter-size"), None);
    }
}
