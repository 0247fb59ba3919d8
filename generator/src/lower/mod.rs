//! Lowering: from the doc tree (sections, parts, tables, code blocks) to endpoint drafts.
//!
//! A draft is an [`ir::Operation`] without its final name, enum type names or response types: those need the
//! whole doc and are settled in `check/`. Local defects (a malformed row, a `false` in the required column, an
//! enum with no options, an example that is not JSON) are reported here, where the cell is at hand.
//!
//! The passes, in the order `lower_section` runs them on each section, one file each:
//! 1. `parts.rs`: each part of the section is classified by its sub-heading (parameters, output, example, ...).
//! 2. `grid.rs`: each table becomes a grid of cells, classified by its header and part (method, parameters, fields,
//!    errors). Then a section without a URL line, or one that documents a WebSocket, is skipped.
//! 3. `damage.rs`: table markup the reader repaired, and tables the file cuts off, are reported.
//! 4. `urls.rs`: the heading splits into its Chinese title and English name.
//! 5. `headers.rs`: the method table gives the method and headers; without one, `rpc.rs` looks for an RPC-style
//!    request sample, and failing that the section is read as a POST.
//! 6. `params.rs`, `fields.rs`, `errors.rs`: the parameter, field and error tables, their rows aligned to their
//!    columns by `grid.rs`; a table of names and types under an unknown heading is reported as unread.
//! 7. `value_lists.rs`: sub-sections that list one parameter's or field's values give it those values.
//! 8. `examples.rs`: the response, from the example block (shapes in `response.rs`) and the field table.
//! 9. `urls.rs` again: each URL line becomes one operation, its path placeholders the path parameters.
//!
//! Then `lower_doc` takes the base URL most operations share (`urls.rs`). Type words are read by `types.rs` and
//! enum options in descriptions by `enums.rs`, for several of these passes.

pub mod enums;
pub mod response;
pub mod types;

mod damage;
mod errors;
mod examples;
mod fields;
mod grid;
pub(crate) mod headers;
mod params;
mod parts;
mod rpc;
mod urls;
mod value_lists;

pub use errors::message_pattern;
pub use urls::{path_template, split_title, split_url};

use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::ir::{self, BodyEncoding, Method, Param, ParamLocation, ParamProvenance, Provenance, Rule, Title, Type};
use crate::parse::cell::CellText;
use crate::parse::markdown::{DocTree, Part, Section};
use crate::source::{FileId, SourceFile, Span};
use damage::report_table_damage;
use errors::error_rows;
use examples::section_response;
use fields::field_table_rows;
use grid::{grid, looks_like_item_table, table_kind, Grid, TableKind};
use headers::method_and_headers;
use params::param_rows;
use parts::{part_kind, PartKind};
use response::Shape;
use rpc::rpc_call;
use urls::most_common_base;
use value_lists::apply_value_lists;

/// One endpoint before naming.
#[derive(Debug, Clone)]
pub struct Draft {
    pub op: ir::Operation,
    /// The section title (or bare anchor) line.
    pub title_span: Span,
    /// The whole section, from its title line to the next section.
    pub section_span: Span,
    pub url_span: Span,
    /// The anchor's name as written in `<a name="...">`, for the duplicate-anchor report.
    pub anchor_span: Option<Span>,
    /// The English title as written, with its span, for the URL check.
    pub en_title: Option<(String, Span)>,
    /// The result's shape, turned into named types in `check/types.rs`.
    pub result_shape: Option<Shape>,
    /// Spans of the params, parallel to `op.params`.
    pub param_spans: Vec<Span>,
    /// Findings about parameters that an override can settle, keyed by wire name; `check/param_overrides.rs` reports
    /// them after applying overrides, with a help line that says whether an override took care of them.
    pub deferred: Vec<(String, Diagnostic)>,
}

/// One doc before naming.
#[derive(Debug, Clone)]
pub struct DocDraft {
    pub file: FileId,
    pub module: String,
    /// Where the module name comes from: the H1's anchor, or the file's start when it is the file name's stem.
    pub module_span: Span,
    pub title: Title,
    pub intro: String,
    pub base_url: Option<String>,
    pub drafts: Vec<Draft>,
}

/// Lowers one parsed doc.
pub fn lower_doc(file_id: FileId, file: &SourceFile, tree: &DocTree, sink: &mut Sink) -> DocDraft {
    let (title, module) = match &tree.title {
        Some(h) => (split_title(&h.text), h.anchor.clone()),
        None => (Title { zh: String::new(), en: None }, None),
    };
    let module_span = match &module {
        Some((anchor, at)) if crate::naming::snake(anchor).is_some() => Span::new(file_id, *at, at + anchor.len()),
        _ => Span::new(file_id, 0, 0),
    };
    let module = module.map(|(anchor, _)| anchor);
    let stem = file.name.rsplit('/').next().unwrap_or(&file.name).trim_end_matches(".md").to_owned();
    let module = crate::naming::snake(module.as_deref().unwrap_or(&stem))
        .or_else(|| crate::naming::snake(&stem))
        .unwrap_or_else(|| "doc".to_owned());
    let mut drafts = Vec::new();
    for section in &tree.sections {
        lower_section(file_id, file, section, sink, &mut drafts);
    }
    let base_url = most_common_base(&drafts);
    DocDraft { file: file_id, module, module_span, title, intro: tree.intro.clone(), base_url, drafts }
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
    let (method, method_provenance, headers, json_body) = match (method_grid, &rpc) {
        (Some(grid), _) => {
            let table = method_and_headers(file, grid, sink);
            (table.method, table.provenance, table.headers, table.json_body)
        }
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
            (Method::Post, Provenance::rule(Rule::RpcPostJson), Vec::new(), true)
        }
        (None, None) => {
            sink.push(
                Diagnostic::warning(Code::MissingMethod, title_span, "section has no method table")
                    .with_label("no `Method` row in this section")
                    .with_help("read as POST, the platform's usual method"),
            );
            (Method::Post, Provenance::rule(Rule::MethodMissingAsPost), Vec::new(), false)
        }
    };

    // Parameters, fields, errors.
    let mut rows_params: Vec<(Param, Span, CellText)> = Vec::new();
    let mut seen_params = std::collections::HashMap::new();
    let mut deferred = Vec::new();
    let mut field_rows = Vec::new();
    let mut errors = Vec::new();
    for (kind, grid) in &grids {
        match table_kind(grid, *kind) {
            TableKind::Params => param_rows(file, grid, sink, &mut deferred, &mut rows_params, &mut seen_params),
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
        } else {
            // The table says what the parameters are; the sample says where each goes.
            for (param, _, _) in rows_params.iter_mut() {
                if let Some(container) = call.placements.get(&param.wire) {
                    param.container = container.clone();
                }
            }
        }
    }

    // The response, once for all the section's URL lines.
    let (response, result_shape) = section_response(file_id, file, &parts, &field_rows, sink);

    let last_url = section.urls.len() - 1;
    for (url_idx, url) in section.urls.iter().enumerate() {
        let (_, raw_path) = split_url(&url.url);
        let (path, placeholders) = path_template(&raw_path);
        let mut params = Vec::new();
        let mut param_spans = Vec::new();
        let url_span = Span::new(file_id, url.start, url.end);
        // Path parameters, described by a table row of the same name when there is one.
        for name in &placeholders {
            let described = rows_params.iter().find(|(p, _, _)| p.wire.eq_ignore_ascii_case(name));
            let offset = url.url.find(name.as_str()).map_or(url.start, |i| url.start + i);
            // A placeholder is a string in the URL unless its row says it is an integer.
            let (ty, ty_provenance) = match described.map(|(p, _, _)| p) {
                Some(p) if matches!(p.ty, Type::Integer | Type::Long | Type::Int32 | Type::String) => {
                    (p.ty.clone(), p.provenance.ty.clone())
                }
                Some(_) => (Type::String, Provenance::rule(Rule::PathParamAsString)),
                None => (Type::String, Provenance::Default),
            };
            params.push(Param {
                wire: name.clone(),
                rust: crate::naming::snake(name).unwrap_or_else(|| "id".to_owned()),
                location: ParamLocation::Path,
                type_raw: described.map(|(p, _, _)| p.type_raw.clone()).unwrap_or_default(),
                ty,
                required: true,
                default: None,
                description: described.map(|(p, _, _)| p.description.clone()).unwrap_or_default(),
                bound_to_path: None,
                container: Vec::new(),
                // The URL line puts it in the path, and a path has no optional segment.
                provenance: ParamProvenance {
                    ty: ty_provenance,
                    required: Provenance::Default,
                    default: Provenance::Default,
                    location: Provenance::Table,
                    description: described.map_or(Provenance::Default, |(p, _, _)| p.provenance.description.clone()),
                    sensitive: Provenance::Default,
                    encoding: Provenance::Default,
                    rust_name: Provenance::Default,
                },
                sensitive: false,
                encoding: ir::ArrayEncoding::Repeat,
                loc: file.loc(offset),
            });
            param_spans.push(Span::new(file_id, offset, offset + name.len()));
        }
        // The last URL line takes the rows instead of copying them: one section can have 100 000 parameters.
        let rows = if url_idx == last_url { std::mem::take(&mut rows_params) } else { rows_params.clone() };
        for (param, span, _) in rows {
            let mut param = param;
            if let Some(path_name) = placeholders.iter().find(|n| n.eq_ignore_ascii_case(&param.wire)) {
                param.bound_to_path = Some(path_name.clone());
                if !param.required {
                    param.required = true;
                    param.provenance.required = Provenance::rule(Rule::BoundToPathRequired);
                }
            }
            params.push(param);
            param_spans.push(span);
        }
        let body = match method {
            Method::Get | Method::Delete => BodyEncoding::None,
            _ if json_body => BodyEncoding::Json,
            _ => BodyEncoding::Form,
        };
        for param in params.iter_mut().filter(|p| p.location != ParamLocation::Path) {
            param.location = if body == BodyEncoding::None { ParamLocation::Query } else { ParamLocation::Body };
            // The platform's convention by method: GET in the query string, POST in the body.
            param.provenance.location = Provenance::Default;
        }
        let (response, result_shape) = (response.clone(), result_shape.clone());
        let op = ir::Operation {
            name: String::new(),
            name_source: ir::NameSource::Title,
            client_method: String::new(),
            request_type: String::new(),
            error_type: String::new(),
            stream_method: None,
            provenance: ir::OperationProvenance {
                name: Provenance::Table,
                method: method_provenance.clone(),
                // `check/idempotency.rs` records the rule that classifies it (an override's, `operation_flags.rs`).
                idempotent: Provenance::Default,
                // The section's header table, or nothing documented (`check/operation_headers.rs` may replace it).
                headers: if headers.is_empty() { Provenance::Default } else { Provenance::Table },
                // The naming authority (`check/rust_names.rs`) records a rule when it renames one.
                client_method: Provenance::Default,
                rust_types: Provenance::Default,
                stream_method: Provenance::Default,
            },
            title: title.clone(),
            anchor: heading.anchor.as_ref().map(|(a, _)| a.clone()),
            method,
            path,
            url: url.url.clone(),
            // `check/idempotency.rs` classifies every operation from its doc's words.
            idempotent: false,
            idempotency: ir::Idempotency { word: None, rule: String::new() },
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
            section_span: Span::new(file_id, section.start, section.end),
            anchor_span: heading.anchor.as_ref().map(|(name, at)| Span::new(file_id, *at, at + name.len())),
            url_span,
            en_title: en_title.clone(),
            result_shape,
            param_spans,
            deferred,
        });
    }
}
