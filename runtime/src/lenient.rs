//! Lenient decoding: the platform sends ids as numbers or strings and booleans as `true` or `"true"`, so the
//! generated response types are plain (`i64`, `String`, `bool`, `Option<T>`, `Vec<T>`) with a plain
//! `#[derive(Deserialize)]`, and the leniency lives here, in a deserializer that wraps serde_json's.
//!
//! Doing it here rather than with a `deserialize_with` decoder on every field keeps the generated crate small:
//! serde's derive makes a wrapper type and two code paths per such field, which was most of the generated crate's
//! type-checking time. Every value is read through a visitor, without building a `serde_json::Value`.
//!
//! The rules, for every field of every generated type:
//! - An integer reads a number or a numeric string. It is exact: a value that does not fit the field's type (beyond
//!   `i64`, or beyond `i32` for a 32-bit field) and a number with a fraction or an exponent are errors that name the
//!   value as it was sent, whether it came as a number or as a string; nothing is rounded, truncated or clamped.
//! - A float reads a number or a numeric string; a boolean reads `true`, `"true"`, `1` or `"1"` and their `false`
//!   forms; a string reads a string, or a number or a boolean as its text.
//! - A list reads `null` as an empty list; an `Option` reads `null` (and an absent member) as `None`.
//!
//! Where a failure is (`result.entites[0].unique`) is found from the error's position, by a small scan of the body
//! that is not generic: a success pays nothing for it, and no second decoder is compiled for any type.

use std::fmt;

use serde::de::{self, Deserialize, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// Decodes JSON the way the client decodes a response: with the lenient rules of this module.
pub fn from_slice<T: DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    let mut json = serde_json::Deserializer::from_slice(body);
    let value = T::deserialize(Lenient { inner: &mut json })?;
    json.end()?;
    Ok(value)
}

/// Where in `body` decoding failed with `error`, such as `result.entites[0].unique`: the member whose value the
/// error's position is in, `.` for the body itself, and `?` for a key cut short. An error about an object as a
/// whole (a missing field) names the object.
pub fn error_path(body: &[u8], error: &serde_json::Error) -> String {
    // serde_json's column counts the bytes of its line read so far: the failure is at the last one.
    let line_start = if error.line() <= 1 {
        0
    } else {
        body.iter()
            .enumerate()
            .filter(|(_, byte)| **byte == b'\n')
            .nth(error.line() - 2)
            .map_or(body.len(), |(idx, _)| idx + 1)
    };
    let target = line_start + error.column().saturating_sub(1);
    path_at(body, target)
}

/// One open container of the scan, and where in it the scan is.
enum Frame {
    /// An object and the key whose value is being read (none between members).
    Object(Option<String>),
    /// An array, the element's index, and whether an element is being read.
    Array(usize, bool),
}

/// The path of the value that holds byte `target` of `body` (see [`error_path`]).
fn path_at(body: &[u8], target: usize) -> String {
    let render = |frames: &[Frame], in_key: bool| {
        let mut out = String::new();
        for frame in frames {
            match frame {
                Frame::Object(Some(key)) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(key);
                }
                Frame::Array(idx, true) => out.push_str(&format!("[{idx}]")),
                _ => {}
            }
        }
        if in_key {
            if !out.is_empty() {
                out.push('.');
            }
            out.push('?');
        }
        if out.is_empty() {
            out.push('.');
        }
        out
    };
    let mut frames: Vec<Frame> = Vec::new();
    // Whether the next string of the innermost object is a key.
    let mut expect_key = false;
    let mut idx = 0;
    loop {
        while idx < body.len() && body[idx].is_ascii_whitespace() {
            idx += 1;
        }
        if idx >= body.len() || idx > target {
            return render(&frames, false);
        }
        let start = idx;
        match body[idx] {
            b'{' => {
                if target == start {
                    return render(&frames, false);
                }
                frames.push(Frame::Object(None));
                expect_key = true;
                idx += 1;
            }
            b'[' => {
                if target == start {
                    return render(&frames, false);
                }
                frames.push(Frame::Array(0, true));
                idx += 1;
                // An empty array has no element to be in.
                let mut peek = idx;
                while peek < body.len() && body[peek].is_ascii_whitespace() {
                    peek += 1;
                }
                if body.get(peek) == Some(&b']') {
                    if let Some(Frame::Array(_, in_element)) = frames.last_mut() {
                        *in_element = false;
                    }
                }
            }
            b'}' | b']' => {
                if target == start {
                    return render(&frames, false);
                }
                frames.pop();
                idx += 1;
                end_value(&mut frames);
            }
            b':' => idx += 1,
            b',' => {
                idx += 1;
                match frames.last_mut() {
                    Some(Frame::Object(key)) => {
                        *key = None;
                        expect_key = true;
                    }
                    Some(Frame::Array(element, in_element)) => {
                        *element += 1;
                        *in_element = true;
                    }
                    None => {}
                }
            }
            b'"' => {
                let end = string_end(body, idx);
                let is_key = expect_key && matches!(frames.last(), Some(Frame::Object(None)));
                if target < end {
                    return render(&frames, is_key);
                }
                if is_key {
                    let key = String::from_utf8_lossy(&body[start + 1..end.saturating_sub(1).max(start + 1)]);
                    if let Some(Frame::Object(slot)) = frames.last_mut() {
                        *slot = Some(key.into_owned());
                    }
                    expect_key = false;
                } else {
                    end_value(&mut frames);
                }
                idx = end;
            }
            _ => {
                let end = body[idx..]
                    .iter()
                    .position(|byte| matches!(byte, b',' | b'}' | b']' | b':') || byte.is_ascii_whitespace())
                    .map_or(body.len(), |len| idx + len.max(1));
                if target < end {
                    return render(&frames, false);
                }
                end_value(&mut frames);
                idx = end;
            }
        }
    }
}

/// A value of the innermost container is read: the scan is between its members again.
fn end_value(frames: &mut [Frame]) {
    match frames.last_mut() {
        Some(Frame::Object(key)) => *key = None,
        Some(Frame::Array(_, in_element)) => *in_element = false,
        None => {}
    }
}

/// The byte after the string that starts at `start` (its opening quote), or the end of the body.
fn string_end(body: &[u8], start: usize) -> usize {
    let mut idx = start + 1;
    while idx < body.len() {
        match body[idx] {
            b'\\' => idx += 2,
            b'"' => return idx + 1,
            _ => idx += 1,
        }
    }
    body.len()
}

/// A JSON number as serde_json read it, for messages (`1e20`, `5.5`).
fn float_text(value: f64) -> String {
    serde_json::Number::from_f64(value).map_or_else(|| value.to_string(), |number| number.to_string())
}

/// The deserializer wrapper: scalars read leniently, the values inside lists, maps and options wrapped again.
///
/// Every scalar goes through one visitor ([`ScalarVisitor`]), so serde_json's `deserialize_any` is compiled once
/// for all of them; an object is read as a map only (the platform never sends one as an array), so no struct's
/// sequence visitor is compiled.
struct Lenient<D> {
    inner: D,
}

/// Forwards `deserialize_*` methods as they are (their values hold nothing to read leniently).
macro_rules! forward_plain {
    ($($method:ident($($arg:ident: $ty:ty),*)),* $(,)?) => {
        $(fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            self.inner.$method($($arg,)* visitor)
        })*
    };
}

/// Integer widths a field can have; each reads through the same 64-bit reading, then checks its range.
#[derive(Clone, Copy)]
enum Width {
    I64,
    I32,
    I16,
    I8,
}

impl<'de, D: Deserializer<'de>> Lenient<D> {
    fn scalar(self, expected: &'static str, want: Want) -> Result<Scalar<'de>, D::Error> {
        self.inner.deserialize_any(ScalarVisitor { expected, want })
    }

    fn integer<V: Visitor<'de>>(self, visitor: V, width: Width) -> Result<V::Value, D::Error> {
        // The visitor has checked the value; reading it again cannot fail.
        let scalar = self.scalar("a 64-bit integer, as a number or a string", Want::Integer(width))?;
        visitor.visit_i64(integer(scalar, width).map_err(Failure::into_error)?)
    }
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Lenient<D> {
    type Error = D::Error;

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        visitor.visit_bool(boolean(self.scalar("a boolean", Want::Bool)?).map_err(Failure::into_error)?)
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.integer(visitor, Width::I8)
    }

    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.integer(visitor, Width::I16)
    }

    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.integer(visitor, Width::I32)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.integer(visitor, Width::I64)
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.integer(visitor, Width::I64)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.integer(visitor, Width::I64)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.integer(visitor, Width::I64)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.integer(visitor, Width::I64)
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let scalar = self.scalar("a number, as a number or a string", Want::Number)?;
        visitor.visit_f64(number(scalar).map_err(Failure::into_error)?)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let scalar = self.scalar("a number, as a number or a string", Want::Number)?;
        visitor.visit_f64(number(scalar).map_err(Failure::into_error)?)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        match self.scalar("a string", Want::Text)? {
            Scalar::Borrowed(text) => visitor.visit_borrowed_str(text),
            Scalar::Owned(text) => visitor.visit_string(text),
            Scalar::Int(value) => visitor.visit_string(value.to_string()),
            Scalar::Uint(value) => visitor.visit_string(value.to_string()),
            Scalar::Float(value) => visitor.visit_string(float_text(value)),
            Scalar::Bool(value) => visitor.visit_string(value.to_string()),
            Scalar::Null => Err(de::Error::custom("expected a string, found null")),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_option(OptionVisitor(visitor))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_any(ListVisitor(visitor))
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_map(MapVisitor(visitor))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_map(MapVisitor(visitor))
    }

    forward_plain! {
        deserialize_any(),
        deserialize_char(),
        deserialize_bytes(),
        deserialize_byte_buf(),
        deserialize_unit(),
        deserialize_unit_struct(name: &'static str),
        deserialize_newtype_struct(name: &'static str),
        deserialize_tuple(len: usize),
        deserialize_tuple_struct(name: &'static str, len: usize),
        deserialize_enum(name: &'static str, variants: &'static [&'static str]),
        deserialize_identifier(),
        deserialize_ignored_any(),
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// A JSON scalar as it was sent.
enum Scalar<'de> {
    Int(i64),
    Uint(u64),
    Float(f64),
    Bool(bool),
    Borrowed(&'de str),
    Owned(String),
    Null,
}

/// Reads any scalar; `expected` is what the field wanted, for the message when a list or an object comes.
///
/// The visitor checks the scalar against what the field wants (`want`) itself: an error raised while serde_json
/// is inside the value gets the value's position, which [`error_path`] turns into the field's path; the same error
/// raised once the value is read would point at the end of the enclosing object.
struct ScalarVisitor {
    expected: &'static str,
    want: Want,
}

/// What a scalar must be for its field.
#[derive(Clone, Copy)]
enum Want {
    /// Any scalar but null (a string field reads numbers and booleans as their text).
    Text,
    Integer(Width),
    Number,
    Bool,
}

impl ScalarVisitor {
    fn checked<'de, E: de::Error>(&self, scalar: Scalar<'de>) -> Result<Scalar<'de>, E> {
        let checked = match self.want {
            Want::Text if matches!(scalar, Scalar::Null) => {
                Err(Failure::Custom("expected a string, found null".to_owned()))
            }
            Want::Text => Ok(scalar),
            Want::Integer(width) => integer(scalar, width).map(Scalar::Int),
            Want::Number => number(scalar).map(Scalar::Float),
            Want::Bool => boolean(scalar).map(Scalar::Bool),
        };
        checked.map_err(Failure::into_error)
    }
}

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expected)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Scalar<'de>, E> {
        self.checked(Scalar::Bool(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Scalar<'de>, E> {
        self.checked(Scalar::Int(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Scalar<'de>, E> {
        self.checked(Scalar::Uint(value))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Scalar<'de>, E> {
        self.checked(Scalar::Float(value))
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Scalar<'de>, E> {
        self.checked(Scalar::Borrowed(value))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Scalar<'de>, E> {
        self.checked(Scalar::Owned(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Scalar<'de>, E> {
        self.checked(Scalar::Owned(value))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Scalar<'de>, E> {
        self.checked(Scalar::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Scalar<'de>, E> {
        self.checked(Scalar::Null)
    }
}

impl Scalar<'_> {
    fn text(&self) -> Option<&str> {
        match self {
            Scalar::Borrowed(text) => Some(text),
            Scalar::Owned(text) => Some(text),
            _ => None,
        }
    }
}

/// Why a scalar is not what its field needs: turned into the deserializer's error at the call site, so that the
/// readings below are compiled once, not once per error type.
enum Failure {
    Custom(String),
    Bool(bool, &'static str),
}

impl Failure {
    fn into_error<E: de::Error>(self) -> E {
        match self {
            Failure::Custom(message) => E::custom(message),
            Failure::Bool(value, expected) => E::invalid_type(de::Unexpected::Bool(value), &expected),
        }
    }
}

/// An integer, exactly: a number or a numeric string that fits `width`.
fn integer(scalar: Scalar<'_>, width: Width) -> Result<i64, Failure> {
    let from_text = scalar.text().is_some();
    let value = match scalar {
        Scalar::Int(value) => value,
        Scalar::Uint(value) => i64::try_from(value)
            .map_err(|_| Failure::Custom(format!("the number {value} does not fit in a 64-bit integer")))?,
        // serde_json reads an integer beyond `u64` as a float too, so this is also "does not fit".
        Scalar::Float(value) => {
            return Err(Failure::Custom(format!("expected a 64-bit integer, found the number {}", float_text(value))))
        }
        Scalar::Null => return Err(Failure::Custom("expected a 64-bit integer, found null".to_owned())),
        Scalar::Bool(value) => return Err(Failure::Bool(value, "a 64-bit integer, as a number or a string")),
        ref text => {
            let value = text.text().unwrap_or("");
            let trimmed = value.trim();
            trimmed.parse::<i64>().map_err(|err| {
                let digits = trimmed.strip_prefix(['-', '+']).unwrap_or(trimmed);
                if !digits.is_empty() && digits.bytes().all(|byte| byte.is_ascii_digit()) {
                    Failure::Custom(format!("the string {value:?} does not fit in a 64-bit integer"))
                } else {
                    Failure::Custom(format!("expected a 64-bit integer, found the string {value:?} ({err})"))
                }
            })?
        }
    };
    let (fits, bits) = match width {
        Width::I64 => (true, 64),
        Width::I32 => (i32::try_from(value).is_ok(), 32),
        Width::I16 => (i16::try_from(value).is_ok(), 16),
        Width::I8 => (i8::try_from(value).is_ok(), 8),
    };
    if !fits {
        let form = if from_text { format!("the string \"{value}\"") } else { format!("the number {value}") };
        return Err(Failure::Custom(format!("{form} does not fit in a {bits}-bit integer")));
    }
    Ok(value)
}

/// A number, as a number or a numeric string.
fn number(scalar: Scalar<'_>) -> Result<f64, Failure> {
    match scalar {
        Scalar::Int(value) => Ok(value as f64),
        Scalar::Uint(value) => Ok(value as f64),
        Scalar::Float(value) => Ok(value),
        Scalar::Null => Err(Failure::Custom("expected a number, found null".to_owned())),
        Scalar::Bool(value) => Err(Failure::Bool(value, "a number, as a number or a string")),
        ref text => {
            let value = text.text().unwrap_or("");
            match value.trim().parse::<f64>() {
                Ok(number) if number.is_finite() => Ok(number),
                _ => Err(Failure::Custom(format!("expected a number, found the string {value:?}"))),
            }
        }
    }
}

/// `true`, `"true"`, `1` or `"1"` (and their `false` forms).
fn boolean(scalar: Scalar<'_>) -> Result<bool, Failure> {
    match scalar {
        Scalar::Bool(value) => Ok(value),
        Scalar::Int(0) | Scalar::Uint(0) => Ok(false),
        Scalar::Int(1) | Scalar::Uint(1) => Ok(true),
        Scalar::Int(other) => Err(Failure::Custom(format!("expected a boolean, found the number {other}"))),
        Scalar::Uint(other) => Err(Failure::Custom(format!("expected a boolean, found the number {other}"))),
        Scalar::Float(value) => {
            Err(Failure::Custom(format!("expected a boolean, found the number {}", float_text(value))))
        }
        Scalar::Null => Err(Failure::Custom("expected a boolean, found null".to_owned())),
        ref text => {
            let value = text.text().unwrap_or("");
            if value.eq_ignore_ascii_case("true") || value == "1" {
                Ok(true)
            } else if value.eq_ignore_ascii_case("false") || value == "0" {
                Ok(false)
            } else {
                Err(Failure::Custom(format!("expected a boolean, found the string {value:?}")))
            }
        }
    }
}

/// A seed that deserializes its value leniently.
struct LenientSeed<S>(S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for LenientSeed<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Lenient { inner: deserializer })
    }
}

struct LenientSeq<A>(A);

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for LenientSeq<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(LenientSeed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

struct LenientMap<A>(A);

impl<'de, A: MapAccess<'de>> MapAccess<'de> for LenientMap<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(seed)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.0.next_value_seed(LenientSeed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

/// An empty list, for `null` where a list is expected.
struct EmptySeq<E>(std::marker::PhantomData<E>);

impl<'de, E: de::Error> SeqAccess<'de> for EmptySeq<E> {
    type Error = E;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, _seed: T) -> Result<Option<T::Value>, E> {
        Ok(None)
    }
}

/// Reads a list (`null` as an empty one), its elements leniently.
struct ListVisitor<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for ListVisitor<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.0.visit_seq(LenientSeq(seq))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.0.visit_seq(EmptySeq(std::marker::PhantomData))
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visit_unit()
    }
}

/// Reads an object, its values leniently.
struct MapVisitor<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for MapVisitor<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.visit_map(LenientMap(map))
    }
}

/// Reads an option, its value leniently.
struct OptionVisitor<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for OptionVisitor<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.0.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.0.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        self.0.visit_some(Lenient { inner: deserializer })
    }
}

/// A value that may be `null` but must be present, for a response field the doc marks required whose example
/// shows `null`: used with `deserialize_with`, a missing member is an error that names it (a plain `Option`
/// field decodes an absent member as `None`).
#[doc(hidden)]
pub fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
    Option::<T>::deserialize(deserializer)
}

#[cfg(test)]
mod tests;
