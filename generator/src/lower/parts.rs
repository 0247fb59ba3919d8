//! Lowering's first step: what each part of a section holds, by its sub-heading.

use crate::parse::markdown::Part;

/// What a part of a section holds, by its heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PartKind {
    Preamble,
    Params,
    Output,
    Example,
    Fields,
    Errors,
    Other,
}

pub(super) fn part_kind(part: &Part) -> PartKind {
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
