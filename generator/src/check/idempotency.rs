//! Whether each operation is safe to repeat, from what its doc says it does (the rule is on [`ir::Idempotency`]).
//!
//! Almost every operation of this platform is a POST, reads included (`list_servers`), and one GET allocates an
//! address, so the HTTP method says nothing. The doc's words do: a section whose English title, last path segment
//! or Chinese title says it reads is safe to repeat, unless some part of it also says it makes or changes
//! something (`Get and Reset`, `获取短信验证码`, which sends a new code each time). Calling a write a read would
//! let the client send it twice, so every doubt falls on the unsafe side; `idempotent = true` in an
//! `[[operation]]` override corrects the rare read this rule misses (`operation_flags.rs` runs after it).
//! Each decision is reported as a note that names the word that decided it, and recorded as the provenance of
//! `idempotent`: one `idempotent-*` rule per branch of the rule below (`ir::Rule`).

use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::ir::{self, Provenance, Rule};
use crate::lower::{DocDraft, Draft};
use crate::naming;

/// English verbs of reading: an English title or a last path segment that starts with one reads.
const READ_VERBS: [&str; 16] = [
    "list", "get", "read", "query", "check", "status", "count", "describe", "search", "show", "view", "fetch", "find",
    "retrieve", "lookup", "detail",
];

/// Chinese words of reading: a Chinese title that has one reads.
const READ_WORDS_ZH: [&str; 11] =
    ["查询", "获取", "读取", "列表", "查看", "检索", "搜索", "统计", "浏览", "详情", "列出"];

/// English words of making or changing something, and things made anew by each call (a captcha, a code, a
/// token): any of them in the English title, or inside the last path segment, overrules a read verb.
const WRITE_WORDS: [&str; 64] = [
    "create",
    "add",
    "new",
    "insert",
    "update",
    "modify",
    "edit",
    "change",
    "set",
    "reset",
    "delete",
    "remove",
    "drop",
    "destroy",
    "clear",
    "purge",
    "enable",
    "disable",
    "activate",
    "deactivate",
    "start",
    "stop",
    "reboot",
    "restart",
    "shutdown",
    "attach",
    "detach",
    "dettach",
    "allocate",
    "assign",
    "associate",
    "bind",
    "unbind",
    "send",
    "submit",
    "upload",
    "import",
    "refresh",
    "renew",
    "generate",
    "issue",
    "register",
    "login",
    "logout",
    "verify",
    "verification",
    "validate",
    "captcha",
    "token",
    "code",
    "sms",
    "clone",
    "copy",
    "move",
    "rename",
    "extend",
    "resize",
    "lock",
    "unlock",
    "cancel",
    "apply",
    "execute",
    "trigger",
    "mark",
];

/// Chinese words of making or changing something, and of things made anew by each call (`验证码`, `令牌`); a
/// longer word comes before a word it contains, so that the note names the longer one.
const WRITE_WORDS_ZH: [&str; 46] = [
    "创建",
    "新建",
    "添加",
    "增加",
    "新增",
    "更新",
    "修改",
    "更改",
    "编辑",
    "设置",
    "重置",
    "删除",
    "移除",
    "清除",
    "清空",
    "启用",
    "禁用",
    "停用",
    "激活",
    "启动",
    "重启",
    "关闭",
    "停止",
    "挂载",
    "卸载",
    "断开",
    "分配",
    "绑定",
    "解绑",
    "发送",
    "提交",
    "上传",
    "导入",
    "刷新",
    "生成",
    "注册",
    "登录",
    "注销",
    "校验",
    "验证码",
    "验证",
    "令牌",
    "克隆",
    "扩展",
    "取消",
    "执行",
];

/// One operation's decision: the rule that decided (its `idempotent-*` id), and the word and sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Decision {
    pub rule: Rule,
    pub idempotency: ir::Idempotency,
}

impl Decision {
    /// Whether the rule says the operation is safe to repeat.
    pub fn idempotent(&self) -> bool {
        matches!(
            self.rule,
            Rule::IdempotentReadVerbTitle | Rule::IdempotentReadVerbPath | Rule::IdempotentReadWordZhTitle
        )
    }
}

/// Classifies every operation of the doc and reports each decision as a note (unless the run already failed:
/// then nothing is written, and the errors are what there is to say).
pub(super) fn classify_operations(doc: &mut DocDraft, sink: &mut Sink) {
    let report = !sink.has_errors();
    for draft in doc.drafts.iter_mut() {
        let decision = classify(&draft.op);
        if report {
            sink.push(note(draft, &decision));
        }
        draft.op.idempotent = decision.idempotent();
        draft.op.provenance.idempotent = Provenance::rule(decision.rule);
        draft.op.idempotency = decision.idempotency;
    }
}

/// The decision for one operation, from its titles and path.
pub(super) fn classify(op: &ir::Operation) -> Decision {
    let en_words: Vec<String> = op.title.en.as_deref().map(naming::words).unwrap_or_default();
    let last_segment = super::titles::literal_segments(&op.path).last().map(|s| s.to_ascii_lowercase());
    let zh = op.title.zh.as_str();

    let read = en_words
        .first()
        .filter(|word| READ_VERBS.contains(&word.as_str()))
        .map(|word| (Rule::IdempotentReadVerbTitle, original_word(op.title.en.as_deref(), word)))
        .or_else(|| {
            let segment = last_segment.as_deref()?;
            let verb = READ_VERBS.iter().find(|verb| segment.starts_with(*verb))?;
            Some((Rule::IdempotentReadVerbPath, (*verb).to_owned()))
        })
        .or_else(|| {
            let word = READ_WORDS_ZH.iter().find(|word| zh.contains(*word))?;
            Some((Rule::IdempotentReadWordZhTitle, (*word).to_owned()))
        });
    let Some((read_rule, read_word)) = read else {
        return Decision {
            rule: Rule::IdempotentNoReadWord,
            idempotency: ir::Idempotency {
                word: None,
                rule: "not safe to repeat: no read word in its English title, last path segment or Chinese title"
                    .to_owned(),
            },
        };
    };
    let write = en_words
        .iter()
        .find(|word| WRITE_WORDS.contains(&word.as_str()))
        .map(|word| (original_word(op.title.en.as_deref(), word), "its English title"))
        .or_else(|| {
            let segment = last_segment.as_deref()?;
            let word = WRITE_WORDS.iter().find(|word| segment.contains(*word))?;
            Some(((*word).to_owned(), "its last path segment"))
        })
        .or_else(|| {
            let word = WRITE_WORDS_ZH.iter().find(|word| zh.contains(*word))?;
            Some(((*word).to_owned(), "its Chinese title"))
        });
    let read_part = match read_rule {
        Rule::IdempotentReadVerbTitle => "its English title starts with the read verb",
        Rule::IdempotentReadVerbPath => "its last path segment starts with the read verb",
        _ => "its Chinese title has the read word",
    };
    match write {
        Some((write_word, where_found)) => Decision {
            rule: Rule::IdempotentWriteWord,
            idempotency: ir::Idempotency {
                rule: format!(
                    "not safe to repeat: {read_part} `{read_word}`, but {where_found} has `{write_word}`, a word for \
                     something made, changed or sent"
                ),
                word: Some(write_word),
            },
        },
        None => Decision {
            rule: read_rule,
            idempotency: ir::Idempotency {
                rule: format!("safe to repeat: {read_part} `{read_word}`"),
                word: Some(read_word),
            },
        },
    }
}

/// The decision an `[[operation]]` override's `idempotent` makes, in words (`operation_flags.rs`); `file` is the
/// overrides file as it was given.
pub(super) fn overridden(idempotent: bool, file: &str) -> ir::Idempotency {
    ir::Idempotency {
        word: None,
        rule: format!(
            "{} to repeat: `{file}` says `idempotent = {idempotent}`",
            if idempotent { "safe" } else { "not safe" }
        ),
    }
}

/// The word of `title` as written whose lowercase form is `word` (`List` for `list`), or `word` itself.
fn original_word(title: Option<&str>, word: &str) -> String {
    title
        .into_iter()
        .flat_map(|t| t.split(|c: char| !c.is_ascii_alphanumeric()))
        .find(|w| w.eq_ignore_ascii_case(word))
        .unwrap_or(word)
        .to_owned()
}

fn note(draft: &Draft, decision: &Decision) -> Diagnostic {
    let on_path = decision.rule == Rule::IdempotentReadVerbPath;
    let span = if on_path { draft.url_span } else { draft.title_span };
    Diagnostic::note(Code::Idempotency, span, format!("`{}` is {}", draft.op.name, decision.idempotency.rule))
        .with_label(if on_path { "this path" } else { "this title" })
        .with_help(
            "retries and redirects are followed only for operations that are safe to repeat; set `idempotent = \
             true` or `false` in an `[[operation]]` override to correct this",
        )
}

#[cfg(test)]
mod tests;
