//! The section's response: its example block found and read leniently, the envelope told apart from the result,
//! and the field table merged in (the shapes themselves are `response.rs`'s).

use super::parts::PartKind;
use super::response::{self, FieldRow, Shape};
use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::ir;
use crate::parse::json;
use crate::parse::markdown::{CodeBlock, Part};
use crate::source::{FileId, SourceFile, Span};

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
pub(super) fn strip_code_tags(raw: &str) -> String {
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
pub(super) fn section_response(
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
                let mut diagnostic = Diagnostic::warning(
                    Code::InvalidExample,
                    Span::new(file_id, at, at + 1),
                    format!("example is not valid JSON: {}{more_text}", first.message),
                )
                .with_label(first.message.clone())
                .with_help("read leniently: `...` is an unknown value, text after a value is its note");
                // Every repair is located, not only the first: one secondary label each, saying what was repaired.
                for problem in &parsed.problems[1..] {
                    let at = block.start + problem.offset;
                    diagnostic = diagnostic.with_secondary(Span::new(file_id, at, at + 1), problem.message.clone());
                }
                sink.push(diagnostic);
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

/// A success response the doc describes without showing an example (its type comes from `check/types.rs`).
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
