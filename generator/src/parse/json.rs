//! The pseudo-JSON reader for response examples.
//!
//! Examples in this doc family are JSON-ish: `...` stands for values, members and items; notes follow values
//! without `//` (`"maxTotalCores":80,  VCPU 可用`); commas go missing, double up or come full-width; keys lose
//! their opening quote; brackets stay open. This reader never fails: it returns the best tree it can build and the
//! list of repairs it made, each with its byte offset, so the caller can report the first one and go on.
//! Recursion is bounded, so hostile input cannot overflow the stack.

/// A value with the byte offset (into the example text) where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct JNode {
    pub value: JValue,
    pub offset: usize,
    /// For an object: some of its members are elided (`...` among them), so the example does not list them all.
    pub elided: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum JValue {
    Null,
    Bool(bool),
    /// A number as written.
    Number(String),
    Str(String),
    Array(Vec<JNode>),
    Object(Vec<JMember>),
    /// `...`: some value the doc does not show.
    Placeholder,
    /// `{...}` / `{ ... }`: an object whose members the doc does not show.
    OpaqueObject,
}

#[derive(Debug, Clone, PartialEq)]
pub struct JMember {
    pub key: String,
    pub key_offset: usize,
    pub value: JNode,
    /// Free text after the value on the same line: the doc's inline note for this member.
    pub note: Option<String>,
}

/// One repair the reader made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub offset: usize,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub value: Option<JNode>,
    pub problems: Vec<Problem>,
}

/// Nesting deeper than this is cut off (real examples nest four levels).
const MAX_DEPTH: usize = 64;

/// Reads an example. The result is `None` only for an example with no value at all.
pub fn parse(text: &str) -> Parsed {
    let mut parser = Parser { text, pos: 0, problems: Vec::new() };
    parser.skip_ws();
    if parser.at_end() {
        parser.problem(0, "the example is empty");
        return Parsed { value: None, problems: parser.problems };
    }
    let value = parser.value(0);
    parser.skip_ws();
    if !parser.at_end() {
        let offset = parser.pos;
        parser.problem(offset, "unexpected text after the example's value");
    }
    Parsed { value: Some(value), problems: parser.problems }
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
    problems: Vec<Problem>,
}

fn is_ws(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

fn is_comma(c: char) -> bool {
    c == ',' || c == '，'
}

fn is_ellipsis_start(c: char) -> bool {
    c == '.' || c == '…'
}

impl Parser<'_> {
    fn at_end(&self) -> bool {
        self.pos >= self.text.len()
    }

    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn problem(&mut self, offset: usize, message: impl Into<String>) {
        self.problems.push(Problem { offset, message: message.into() });
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(is_ws) {
            self.bump();
        }
    }

    /// Skips spaces and tabs but not line breaks.
    fn skip_inline_ws(&mut self) {
        while self.peek().is_some_and(|c| is_ws(c) && c != '\n') {
            self.bump();
        }
    }

    fn value(&mut self, depth: usize) -> JNode {
        self.skip_ws();
        let offset = self.pos;
        if depth > MAX_DEPTH {
            self.problem(offset, "the example nests too deeply; the rest is skipped");
            self.pos = self.text.len();
            return JNode { value: JValue::Placeholder, offset, elided: false };
        }
        let mut elided = false;
        let value = match self.peek() {
            Some('{') => {
                let (value, object_elided) = self.object(depth);
                elided = object_elided;
                value
            }
            Some('[') => self.array(depth),
            Some('"') => JValue::Str(self.string('"')),
            Some('\'') => {
                self.problem(offset, "single-quoted string");
                JValue::Str(self.string('\''))
            }
            Some(c) if is_ellipsis_start(c) => {
                self.ellipsis();
                JValue::Placeholder
            }
            Some(c) if c == '-' || c.is_ascii_digit() => self.number_or_word(),
            Some(c) if c.is_alphabetic() || c == '_' => self.word(),
            _ => {
                self.problem(offset, "a value is missing");
                JValue::Placeholder
            }
        };
        JNode { value, offset, elided }
    }

    fn ellipsis(&mut self) {
        let offset = self.pos;
        self.problem(offset, "`...` stands for something the doc does not show");
        while self.peek().is_some_and(is_ellipsis_start) {
            self.bump();
        }
    }

    /// Reads an object; the flag says whether `...` stood for some of its members.
    fn object(&mut self, depth: usize) -> (JValue, bool) {
        let open = self.pos;
        self.bump();
        let mut members: Vec<JMember> = Vec::new();
        let mut elided = false;
        let mut need_comma = false;
        loop {
            self.skip_ws();
            let here = self.pos;
            let Some(c) = self.peek() else {
                self.problem(open, "`{` is never closed");
                break;
            };
            match c {
                '}' => {
                    self.bump();
                    break;
                }
                ']' => {
                    self.problem(here, "`]` where `}` was expected");
                    break;
                }
                c if is_comma(c) => {
                    if c == '，' {
                        self.problem(here, "full-width comma");
                    } else if !need_comma {
                        self.problem(here, "extra comma");
                    }
                    self.bump();
                    need_comma = false;
                }
                c if is_ellipsis_start(c) => {
                    self.ellipsis();
                    elided = true;
                    need_comma = true;
                }
                _ => {
                    if need_comma {
                        self.problem(here, "missing comma");
                    }
                    let Some(key) = self.key() else {
                        self.problem(here, format!("unexpected `{c}`"));
                        self.bump();
                        continue;
                    };
                    self.skip_ws();
                    match self.peek() {
                        Some(':') => {
                            self.bump();
                        }
                        Some('：') => {
                            self.problem(self.pos, "full-width colon");
                            self.bump();
                        }
                        _ => {
                            self.problem(self.pos, format!("missing `:` after key `{key}`"));
                        }
                    }
                    let value = self.value(depth + 1);
                    let (note, comma) = self.after_value(true);
                    need_comma = !comma;
                    members.push(JMember { key, key_offset: here, value, note });
                }
            }
        }
        if members.is_empty() && elided {
            (JValue::OpaqueObject, true)
        } else {
            (JValue::Object(members), elided)
        }
    }

    /// Reads a key: `"name"`, `""name""`, or `name"` / `name` without quotes.
    fn key(&mut self) -> Option<String> {
        let start = self.pos;
        if self.peek() == Some('"') {
            let key = self.string('"');
            if key.is_empty() && self.peek().is_some_and(|c| c.is_alphanumeric() || c == '_') {
                self.problem(start, "doubled quotes around a key");
                let inner = self.bare_word();
                while self.peek() == Some('"') {
                    self.bump();
                }
                return Some(inner);
            }
            return Some(key);
        }
        let word = self.bare_word();
        if word.is_empty() {
            return None;
        }
        if self.peek() == Some('"') {
            self.bump();
            self.problem(start, "key is missing its opening quote");
        } else {
            self.problem(start, "key is not quoted");
        }
        Some(word)
    }

    fn bare_word(&mut self) -> String {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '$' | '@' | '.')) {
            self.bump();
        }
        self.text[start..self.pos].to_owned()
    }

    /// After a value: an optional comma, then (for object members only, `allow_note`) free text up to the line
    /// end is a note. Array items share lines, so there the text after a comma is the next item.
    fn after_value(&mut self, allow_note: bool) -> (Option<String>, bool) {
        self.skip_inline_ws();
        let mut comma = false;
        while let Some(c) = self.peek().filter(|c| is_comma(*c)) {
            if comma {
                self.problem(self.pos, "extra comma");
            } else if c == '，' {
                self.problem(self.pos, "full-width comma");
            }
            comma = true;
            self.bump();
            self.skip_inline_ws();
        }
        let starts_structure =
            |c: char| matches!(c, '"' | '}' | ']' | '{' | '[' | '\'') || is_ellipsis_start(c) || c == '\n';
        match self.peek() {
            Some(c) if allow_note && !starts_structure(c) && !self.looks_like_key() => {
                let start = self.pos;
                let end = self.text[start..].find('\n').map_or(self.text.len(), |i| start + i);
                let raw = self.text[start..end].trim();
                let note = raw.strip_prefix("//").unwrap_or(raw).trim().to_owned();
                self.pos = end;
                if !raw.starts_with("//") {
                    self.problem(start, "inline note after a value");
                }
                (Some(note).filter(|n| !n.is_empty()), comma)
            }
            _ => (None, comma),
        }
    }

    /// Whether the text ahead is `word":` or `word :` (a key that lost its quote), not a note.
    fn looks_like_key(&self) -> bool {
        let rest = &self.text[self.pos..];
        let word_len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
        if word_len == 0 {
            return false;
        }
        let after = rest[word_len..].trim_start_matches('"').trim_start();
        after.starts_with(':')
    }

    fn array(&mut self, depth: usize) -> JValue {
        let open = self.pos;
        self.bump();
        let mut items: Vec<JNode> = Vec::new();
        let mut need_comma = false;
        // Whether the last item is an object built from members written into the brackets.
        let mut members_object = false;
        loop {
            self.skip_ws();
            let here = self.pos;
            let Some(c) = self.peek() else {
                self.problem(open, "`[` is never closed");
                break;
            };
            match c {
                ']' => {
                    self.bump();
                    break;
                }
                '}' => {
                    self.problem(here, "`}` where `]` was expected");
                    break;
                }
                c if is_comma(c) => {
                    if c == '，' {
                        self.problem(here, "full-width comma");
                    } else if !need_comma {
                        self.problem(here, "extra comma");
                    }
                    self.bump();
                    need_comma = false;
                }
                c if is_ellipsis_start(c) => {
                    self.ellipsis();
                    need_comma = true;
                }
                _ => {
                    if need_comma {
                        self.problem(here, "missing comma");
                    }
                    let item = self.value(depth + 1);
                    self.skip_ws();
                    // `["vcpus" : 2, "ram" : 512]`: members written straight into the brackets. They are read as
                    // the members of one object item, the evident intent.
                    let member_key = match (&item.value, self.peek()) {
                        (JValue::Str(key), Some(':' | '：')) => Some(key.clone()),
                        _ => None,
                    };
                    if let Some(key) = member_key {
                        self.bump();
                        let value = self.value(depth + 1);
                        let member = JMember { key, key_offset: item.offset, value, note: None };
                        match items.last_mut().filter(|_| members_object) {
                            Some(JNode { value: JValue::Object(members), .. }) => members.push(member),
                            _ => {
                                self.problem(item.offset, "object members inside `[...]`");
                                items.push(JNode {
                                    value: JValue::Object(vec![member]),
                                    offset: item.offset,
                                    elided: false,
                                });
                            }
                        }
                        members_object = true;
                        let (_, comma) = self.after_value(false);
                        need_comma = !comma;
                        continue;
                    }
                    members_object = false;
                    let (_, comma) = self.after_value(false);
                    need_comma = !comma;
                    if self.pos == here {
                        // Nothing was consumed; step over the character so the loop ends.
                        self.bump();
                    }
                    items.push(item);
                }
            }
        }
        JValue::Array(items)
    }

    /// Reads a quoted string. A line break inside it continues the string when its closing quote comes later and
    /// ends a value there (a `,`, `}`, `]`, `:` or the end follows it): a string spanning several lines, such as a
    /// Python repr of a dict, stays one string whatever it holds. Otherwise the string is unterminated and ends at
    /// the line end.
    fn string(&mut self, quote: char) -> String {
        let start = self.pos;
        self.bump();
        let mut out = String::new();
        let mut multi_line = false;
        loop {
            match self.bump() {
                None => {
                    self.problem(start, "string is never closed");
                    break;
                }
                Some('\n') if multi_line || self.closes_later(quote) => {
                    if !multi_line {
                        self.problem(start, "string spans several lines");
                    }
                    multi_line = true;
                    out.push('\n');
                }
                Some('\n') => {
                    self.pos -= 1;
                    self.problem(start, "string is never closed");
                    break;
                }
                Some(c) if c == quote => break,
                Some('\\') => match self.bump() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some('r') => out.push('\r'),
                    Some('b') => out.push('\u{8}'),
                    Some('f') => out.push('\u{c}'),
                    Some('u') => {
                        let hex: String = self.text[self.pos..].chars().take(4).collect();
                        match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                            Some(ch) if hex.len() == 4 => {
                                out.push(ch);
                                self.pos += 4;
                            }
                            _ => out.push_str("\\u"),
                        }
                    }
                    Some(other) => out.push(other),
                    None => {}
                },
                Some(c) => out.push(c),
            }
        }
        out
    }

    /// Whether the next unescaped `quote` after the current position is followed by the end of a value.
    fn closes_later(&self, quote: char) -> bool {
        let rest = &self.text[self.pos..];
        let mut escaped = false;
        for (idx, c) in rest.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                c if c == quote && !escaped => {
                    let after = rest[idx + c.len_utf8()..].trim_start();
                    return after.is_empty() || after.starts_with([',', '，', '}', ']', ':']);
                }
                _ => escaped = false,
            }
        }
        false
    }

    fn number_or_word(&mut self) -> JValue {
        let start = self.pos;
        let bytes = self.text.as_bytes();
        let mut end = start;
        if bytes.get(end) == Some(&b'-') {
            end += 1;
        }
        let digits_start = end;
        while bytes.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
        if end == digits_start {
            return self.word();
        }
        if bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
            end += 1;
            while bytes.get(end).is_some_and(u8::is_ascii_digit) {
                end += 1;
            }
        }
        if matches!(bytes.get(end), Some(b'e' | b'E')) {
            let mut exp = end + 1;
            if matches!(bytes.get(exp), Some(b'+' | b'-')) {
                exp += 1;
            }
            if bytes.get(exp).is_some_and(u8::is_ascii_digit) {
                end = exp;
                while bytes.get(end).is_some_and(u8::is_ascii_digit) {
                    end += 1;
                }
            }
        }
        let next = self.text[end..].chars().next();
        if next.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            return self.word();
        }
        self.pos = end;
        JValue::Number(self.text[start..end].to_owned())
    }

    /// A bare word: a JSON keyword, a Python one, or unquoted text (kept as a string).
    fn word(&mut self) -> JValue {
        let start = self.pos;
        let end = self.text[start..].find([',', '，', '}', ']', '\n', ':']).map_or(self.text.len(), |i| start + i);
        let raw = self.text[start..end].trim_end();
        let end = start + raw.len().max(1).min(end - start);
        self.pos = end.max(start + self.peek().map_or(0, char::len_utf8));
        match raw {
            "true" => JValue::Bool(true),
            "false" => JValue::Bool(false),
            "null" => JValue::Null,
            "True" | "False" | "None" => {
                self.problem(start, format!("Python literal `{raw}`"));
                match raw {
                    "True" => JValue::Bool(true),
                    "False" => JValue::Bool(false),
                    _ => JValue::Null,
                }
            }
            _ => {
                self.problem(start, "unquoted text where a value was expected");
                JValue::Str(raw.to_owned())
            }
        }
    }
}

impl JNode {
    /// The value as strict JSON: placeholders become `null`, an opaque object `{}`, numbers that do not parse `null`.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.value {
            JValue::Null | JValue::Placeholder => Value::Null,
            JValue::Bool(b) => Value::Bool(*b),
            JValue::Number(raw) => serde_json::from_str::<serde_json::Number>(raw).map_or(Value::Null, Value::Number),
            JValue::Str(s) => Value::String(s.clone()),
            JValue::Array(items) => Value::Array(items.iter().map(JNode::to_json).collect()),
            JValue::Object(members) => {
                Value::Object(members.iter().map(|m| (m.key.clone(), m.value.to_json())).collect())
            }
            JValue::OpaqueObject => Value::Object(serde_json::Map::new()),
        }
    }

    /// The member `key` of an object value.
    pub fn member(&self, key: &str) -> Option<&JMember> {
        match &self.value {
            JValue::Object(members) => members.iter().find(|m| m.key == key),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
