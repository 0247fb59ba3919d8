//! RPC-style sections: without a method table, a JSON request sample with an integer operation code makes the
//! section a POST selected by that code, and the sample's other members can stand for the parameters.
//! The sample is a code block, or a paragraph of JSON under a usage (or parameter) sub-heading, as in
//! `### 使用说明` followed by a one-line `{"code" : 1001, "data" : {...}}`. Members the sample writes inside an
//! object member (`data`) are sent there: each parameter keeps the path of its container.

use super::examples::strip_code_tags;
use super::parts::PartKind;
use crate::ir::{self, Param, ParamLocation, ParamProvenance, Provenance, Rule, Type};
use crate::parse::json;
use crate::parse::markdown::Part;
use crate::source::{FileId, SourceFile, Span};

/// What an RPC-style section's usage example says.
pub(super) struct RpcCall {
    pub(super) selector: ir::RpcSelector,
    /// Byte offset of the selecting member's key.
    pub(super) selector_offset: usize,
    /// The example's other members as parameters (required, typed from their values), with their key spans.
    /// Members of an object member are parameters too, with its key as their container.
    pub(super) params: Vec<(Param, Span)>,
    /// Where the sample writes each member name (first seen, breadth first): the keys of its containers.
    pub(super) placements: std::collections::BTreeMap<String, Vec<String>>,
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
pub(super) fn rpc_call(file_id: FileId, file: &SourceFile, parts: &[(PartKind, &Part)]) -> Option<RpcCall> {
    let request_parts =
        parts.iter().filter(|(k, _)| matches!(k, PartKind::Preamble | PartKind::Params | PartKind::Other));
    let code = request_parts.clone().flat_map(|(_, p)| p.code_blocks.iter().map(|b| (b.start, b.end)));
    let paragraphs = request_parts
        .filter(|(k, _)| matches!(k, PartKind::Params | PartKind::Other))
        .flat_map(|(_, p)| json_paragraphs(file, p));
    for (start, end) in code.chain(paragraphs) {
        let block = super::super::parse::markdown::CodeBlock { start, end };
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
        let mut placements = std::collections::BTreeMap::new();
        let mut queue: std::collections::VecDeque<(Vec<String>, &[json::JMember])> =
            std::collections::VecDeque::from([(Vec::new(), members.as_slice())]);
        // Leaf members (what a caller passes), with their containers.
        let mut leaves: Vec<(Vec<String>, &json::JMember)> = Vec::new();
        while let Some((path, members)) = queue.pop_front() {
            for member in members {
                if path.is_empty() && member.key == selector.key {
                    continue;
                }
                placements.entry(member.key.clone()).or_insert_with(|| path.clone());
                match &member.value.value {
                    json::JValue::Object(inner) if !inner.is_empty() => {
                        let mut inner_path = path.clone();
                        inner_path.push(member.key.clone());
                        queue.push_back((inner_path, inner.as_slice()));
                    }
                    _ => leaves.push((path.clone(), member)),
                }
            }
        }
        let params = leaves
            .into_iter()
            .map(|(container, m)| {
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
                    container,
                    // The usage sample shows a value, not a type; every member it shows is taken as required.
                    provenance: ParamProvenance {
                        ty: Provenance::Example,
                        required: Provenance::rule(Rule::RpcExampleRequired),
                        default: Provenance::Default,
                        location: Provenance::Default,
                        description: if m.note.is_some() { Provenance::Example } else { Provenance::Default },
                        sensitive: Provenance::Default,
                        encoding: Provenance::Default,
                        rust_name: Provenance::Default,
                    },
                    sensitive: false,
                    encoding: ir::ArrayEncoding::Repeat,
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
            placements,
        });
    }
    None
}

/// The paragraphs of a part that hold JSON: runs of non-blank lines outside its tables and code blocks whose first
/// line starts with `{`. A request sample is often written so, as plain text under a usage heading.
fn json_paragraphs(file: &SourceFile, part: &Part) -> Vec<(usize, usize)> {
    use crate::parse::markdown::Table;
    let inside = |offset: usize| {
        part.code_blocks.iter().any(|c| c.start <= offset && offset < c.end)
            || part.tables.iter().any(|t| match t {
                Table::Html(t) => t.start <= offset && offset < t.end,
                Table::Pipe(t) => t.start <= offset && offset <= t.end,
            })
    };
    let mut out = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    let mut line_start = part.start;
    for line in file.text[part.start..part.end].split_inclusive('\n') {
        let this = line_start;
        line_start += line.len();
        let text = line.trim();
        if text.is_empty() || inside(this) {
            out.extend(current.take());
            continue;
        }
        match &mut current {
            Some((_, end)) => *end = this + line.trim_end().len(),
            None if text.starts_with('{') => {
                let lead = line.len() - line.trim_start().len();
                current = Some((this + lead, this + line.trim_end().len()));
            }
            None => {}
        }
    }
    out.extend(current);
    out
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
