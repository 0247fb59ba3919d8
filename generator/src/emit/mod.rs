//! Emitters: from the IR to output files. Emitting cannot fail on user input: every defect of the doc was
//! reported (and decided) before the IR was built.

pub mod openapi;
pub mod rust;

use crate::ir::{self, Doc, HeaderKind, Operation, Provenance, Rule};
pub use rust::Layout;

/// The access token's header name when no section of a doc names one: the name every endpoint doc of this
/// family uses (the conventions page says `IMR-ACCESS-TOKEN`, but no endpoint section does).
const DEFAULT_ACCESS_TOKEN_HEADER: &str = "HT-ACCESS-TOKEN";

/// One credential header an operation sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Credential<'a> {
    /// The header name as the doc writes it.
    pub name: &'a str,
    /// What it carries: the access token, the session token or secret, or HTTP Basic built from the session.
    pub kind: HeaderKind,
    /// The description cell of the header row (empty for the access token of a section that names none).
    pub description: &'a str,
    /// Where the header came from: the section's header table (`table`) or the `[[operation]]` override that
    /// replaced it, or, for the access token of a section that names none, the rule that chose its name.
    pub provenance: Provenance,
}

/// The access token header a doc uses: the name most of its sections give it (the first seen on a tie), or
/// [`DEFAULT_ACCESS_TOKEN_HEADER`]. Its provenance is the rule that applies to a section that names none.
pub(crate) fn access_token_header(doc: &Doc) -> Credential<'_> {
    let mut counts: Vec<(&ir::Header, usize)> = Vec::new();
    for header in doc.live_operations().flat_map(|op| &op.headers).filter(|h| h.kind == HeaderKind::AccessToken) {
        match counts.iter_mut().find(|(seen, _)| seen.name == header.name) {
            Some(entry) => entry.1 += 1,
            None => counts.push((header, 1)),
        }
    }
    let max = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
    match counts.into_iter().find(|(_, n)| *n == max) {
        Some((header, _)) => Credential {
            name: &header.name,
            kind: HeaderKind::AccessToken,
            description: &header.description,
            provenance: Provenance::rule(Rule::AccessTokenFromDoc),
        },
        None => Credential {
            name: DEFAULT_ACCESS_TOKEN_HEADER,
            kind: HeaderKind::AccessToken,
            description: "",
            provenance: Provenance::rule(Rule::AccessTokenFamilyName),
        },
    }
}

/// The credential headers an operation sends, least privilege first: the application's access token on every
/// operation (the platform conventions require it), under the name its section gives it or else the doc's
/// (`access_token`, from [`access_token_header`]); then exactly the session headers its section lists (session
/// token, session secret, `Authorization` for HTTP Basic), in the section's order. Nothing is added for a
/// section that lists none. The Rust client and the OpenAPI `security` of the operation both come from here.
pub(crate) fn credentials<'a>(op: &'a Operation, access_token: &Credential<'a>) -> Vec<Credential<'a>> {
    let as_credential = |h: &'a ir::Header| Credential {
        name: &h.name,
        kind: h.kind,
        description: &h.description,
        provenance: op.provenance.headers.clone(),
    };
    let own_token = op.headers.iter().find(|h| h.kind == HeaderKind::AccessToken).map(as_credential);
    let mut res = vec![own_token.unwrap_or_else(|| access_token.clone())];
    for header in &op.headers {
        let is_session =
            matches!(header.kind, HeaderKind::SessionToken | HeaderKind::SessionSecret | HeaderKind::BasicAuth);
        // A header row written twice is sent once.
        if is_session && !res.iter().any(|c| c.name.eq_ignore_ascii_case(&header.name)) {
            res.push(as_credential(header));
        }
    }
    res
}

/// Where an operation's credentials (what [`credentials`] returns) came from, as one fact: the `[[operation]]`
/// override that replaced its header list, if one did (the maintainer chose the list knowing the token always
/// goes); else the rule that named the access token, for a section that names none; else its header table.
pub(crate) fn credentials_provenance(credentials: &[Credential<'_>]) -> Provenance {
    let find = |wanted: fn(&Provenance) -> bool| credentials.iter().map(|c| &c.provenance).find(|p| wanted(p));
    find(|p| matches!(p, Provenance::Override { .. }))
        .or_else(|| find(|p| matches!(p, Provenance::Rule { .. })))
        .or_else(|| credentials.first().map(|c| &c.provenance))
        .cloned()
        .unwrap_or_default()
}

/// One generated file: a path relative to the output directory (with `/`), and its full contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    pub path: String,
    pub contents: String,
}

/// A file name (or list of names) as generated comments show it: control characters (a line break would end a
/// line comment; TOML allows none in a comment) and the bidirectional-text controls rustc rejects in comments
/// (`text_direction_codepoint_in_comment`) are written as escapes (`\n`, `\u{202e}`); the rest is kept.
pub fn display_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_control() || rust::is_bidi_control(c) || c == '\\' {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Every output file for an API, sorted by path. The same IR always gives the same bytes.
pub fn emit(api: &ir::Api, layout: &Layout) -> Vec<OutFile> {
    let mut files = openapi::emit(api);
    files.extend(rust::emit(api, layout));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}
