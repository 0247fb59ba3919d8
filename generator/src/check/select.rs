//! Which sections an override selects, for every pass that applies overrides.

use crate::lower::Draft;
use crate::overrides;
use crate::source::SourceFile;

fn title_text(draft: &Draft) -> String {
    match &draft.op.title.en {
        Some(en) => format!("{} ({en})", draft.op.title.zh),
        None => draft.op.title.zh.clone(),
    }
}

pub(super) fn selects_draft(
    file: &SourceFile,
    draft: &Draft,
    doc: &Option<String>,
    matches: &str,
    section: &Option<String>,
) -> bool {
    let title = title_text(draft);
    let scope = overrides::Scope { doc, matches, section };
    let target = overrides::Target {
        file_name: &file.name,
        method: draft.op.method.as_str(),
        path: &draft.op.path,
        title: &title,
        anchor: draft.op.anchor.as_deref(),
    };
    overrides::selects(&scope, &target)
}
