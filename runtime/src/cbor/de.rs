//! The reading half: a serde `Deserializer` over a CBOR body in memory.

use super::{Error, Segment, MAX_DEPTH, TAG};
use minicbor::data::Type;
use minicbor::decode::Decoder;
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

/// Reads one CBOR item at a time from `bytes`, borrowing definite text and
/// byte strings from it.
pub(crate) struct Deserializer<'de> {
    d: Decoder<'de>,
    depth: usize,
    /// Where the item being read starts: the offset of an error that serde
    /// raises about it (a visitor's "invalid type").
    start: usize,
}

/// The head of the definite item at `pos` of `input` (see [`Deserializer::head`]).
#[inline]
fn head_at(input: &[u8], pos: usize) -> Option<(u8, u64, usize)> {
    let initial = *input.get(pos)?;
    let bytes = |n: usize| input.get(pos + 1..pos + 1 + n);
    let (arg, len) = match initial & 0x1f {
        info @ 0..=23 => (u64::from(info), 1),
        24 => (u64::from(*input.get(pos + 1)?), 2),
        25 => (u64::from(u16::from_be_bytes(bytes(2)?.try_into().ok()?)), 3),
        26 => (u64::from(u32::from_be_bytes(bytes(4)?.try_into().ok()?)), 5),
        27 => (u64::from_be_bytes(bytes(8)?.try_into().ok()?), 9),
        _ => return None,
    };
    Some((initial >> 5, arg, pos + len))
}

/// The `arg` bytes of content from `content` on (a definite string's), when
/// `input` holds them all.
#[inline]
fn content_of(input: &[u8], arg: u64, content: usize) -> Option<&[u8]> {
    let end = content.checked_add(usize::try_from(arg).ok()?)?;
    input.get(content..end)
}

/// An error of the decoder, at the offset it names (or `at`).
fn decode_error(e: minicbor::decode::Error, at: usize) -> Error {
    let offset = e.position().unwrap_or(at);
    let message = if e.is_end_of_input() { "unexpected end of input".to_owned() } else { e.to_string() };
    Error::at(message, offset)
}

/// A declared length (`what` `n` `unit`) longer than the `left` bytes of
/// input after its head at `at`.
#[cold]
fn longer_than_left(what: &str, n: u64, unit: &str, left: usize, at: usize) -> Error {
    Error::at(format!("{what} {n}{unit} is longer than the {left} bytes left"), at)
}

#[cold]
fn not_utf8(e: std::str::Utf8Error, at: usize) -> Error {
    Error::at(format!("text that is not UTF-8: {e}"), at)
}

/// The value of an IEEE 754 half-precision float.
pub(crate) fn f16_to_f64(bits: u16) -> f64 {
    let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exponent = i32::from((bits >> 10) & 0x1f);
    let fraction = f64::from(bits & 0x3ff);
    let magnitude = match exponent {
        0 => fraction * 2f64.powi(-24),
        0x1f if fraction == 0.0 => f64::INFINITY,
        0x1f => f64::NAN,
        e => (1.0 + fraction / 1024.0) * 2f64.powi(e - 15),
    };
    sign * magnitude
}

impl<'de> Deserializer<'de> {
    pub(crate) fn new(bytes: &'de [u8]) -> Self {
        Deserializer { d: Decoder::new(bytes), depth: 0, start: 0 }
    }

    /// The member a key read at `at` names, for an error's path: its text,
    /// or `?` when it is not definite text.
    #[cold]
    fn key_at(&self, at: usize) -> Segment {
        let input = self.d.input();
        let key =
            head_at(input, at).filter(|&(major, ..)| major == 3).and_then(|(_, arg, c)| content_of(input, arg, c));
        // The path is cut to MAX_PATH_CHARS in the end; a key longer than that is cut here.
        let key = key.map(|k| &k[..k.len().min(crate::json::MAX_PATH_CHARS)]);
        Segment::Key(key.map_or_else(|| "?".to_owned(), |k| String::from_utf8_lossy(k).into_owned()))
    }

    /// Where the item an error without an offset is about starts.
    pub(crate) fn start(&self) -> usize {
        self.start
    }

    /// An error unless the whole input has been read.
    pub(crate) fn end(&self) -> Result<(), Error> {
        let pos = self.d.position();
        if pos < self.d.input().len() {
            return Err(Error::at("trailing bytes after the top-level item", pos));
        }
        Ok(())
    }

    fn pos(&self) -> usize {
        self.d.position()
    }

    fn remaining(&self) -> usize {
        self.d.input().len() - self.d.position()
    }

    /// The type of the next item, after any tags (which are read and dropped).
    fn peek_untagged(&mut self) -> Result<Type, Error> {
        loop {
            self.start = self.pos();
            match self.d.datatype().map_err(|e| decode_error(e, self.start))? {
                Type::Tag => {
                    self.d.tag().map_err(|e| decode_error(e, self.start))?;
                }
                t => return Ok(t),
            }
        }
    }

    /// Reads a float whose initial byte is next; `f16` is converted here.
    fn float(&mut self, t: Type) -> Result<f64, Error> {
        let at = self.pos();
        match t {
            Type::F16 => {
                let input = self.d.input();
                let bits = input.get(at + 1..at + 3).ok_or_else(|| Error::at("unexpected end of input", at))?;
                self.d.set_position(at + 3);
                Ok(f16_to_f64(u16::from_be_bytes([bits[0], bits[1]])))
            }
            Type::F32 => self.d.f32().map(f64::from).map_err(|e| decode_error(e, at)),
            _ => self.d.f64().map_err(|e| decode_error(e, at)),
        }
    }

    fn enter(&mut self) -> Result<(), Error> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Error::at(format!("items nest deeper than {MAX_DEPTH} levels"), self.start));
        }
        Ok(())
    }

    /// An array or map header: its declared length (`None` when
    /// indefinite), refused when the input left could not hold it (each
    /// item takes at least one byte) before anything is allocated for it.
    fn container(&mut self, map: bool) -> Result<Option<u64>, Error> {
        let at = self.start;
        let len = if map { self.d.map() } else { self.d.array() }.map_err(|e| decode_error(e, at))?;
        if let Some(n) = len {
            let items = if map { n.saturating_mul(2) } else { n };
            if items > self.remaining() as u64 {
                return Err(longer_than_left("a declared length of", n, "", self.remaining(), at));
            }
        }
        Ok(len)
    }

    /// Whether an indefinite container ends here (and reads its break).
    fn at_break(&mut self) -> Result<bool, Error> {
        let at = self.pos();
        match self.d.input().get(at) {
            Some(0xff) => {
                self.d.set_position(at + 1);
                Ok(true)
            }
            Some(_) => Ok(false),
            None => Err(Error::at("unexpected end of input", at)),
        }
    }

    fn text_indefinite(&mut self) -> Result<String, Error> {
        let at = self.start;
        let mut text = String::new();
        for chunk in self.d.str_iter().map_err(|e| decode_error(e, at))? {
            text.push_str(chunk.map_err(|e| decode_error(e, at))?);
        }
        Ok(text)
    }

    fn bytes_indefinite(&mut self) -> Result<Vec<u8>, Error> {
        let at = self.start;
        let mut bytes = Vec::new();
        for chunk in self.d.bytes_iter().map_err(|e| decode_error(e, at))? {
            bytes.extend_from_slice(chunk.map_err(|e| decode_error(e, at))?);
        }
        Ok(bytes)
    }

    /// The head of the next item when it is a definite one (additional
    /// information below 28): its major type, its argument, and where its
    /// content starts. Read straight from the input, once: the common items
    /// (integers, definite text, arrays and maps) need nothing more.
    #[inline]
    fn head(&self) -> Option<(u8, u64, usize)> {
        head_at(self.d.input(), self.d.position())
    }

    /// Reads the next item through [`head`](Self::head) when it is an
    /// unsigned or negative integer, definite text, or a definite array or
    /// map; `Ok(Err(visitor))` hands anything else back for the general path.
    #[inline]
    fn fast<V: Visitor<'de>>(&mut self, visitor: V) -> Result<Result<V::Value, V>, Error> {
        let Some((major, arg, content)) = self.head() else {
            return Ok(Err(visitor));
        };
        let at = self.pos();
        match major {
            0 => {
                self.start = at;
                self.d.set_position(content);
                visitor.visit_u64(arg).map(Ok)
            }
            1 if arg <= i64::MAX as u64 => {
                self.start = at;
                self.d.set_position(content);
                visitor.visit_i64(-1 - arg as i64).map(Ok)
            }
            3 => self.text(visitor, arg, content).map(Ok),
            4 | 5 => {
                let map = major == 5;
                self.open_definite(map, arg, content)?;
                self.visit_container(visitor, map, Some(arg)).map(Ok)
            }
            _ => Ok(Err(visitor)),
        }
    }

    /// Enters the definite array or map of `arg` elements (entries, when
    /// `map`) whose head is next and whose content starts at `content`;
    /// refused when the input left could not hold its items (each takes at
    /// least one byte). Returns how many items follow.
    #[inline]
    fn open_definite(&mut self, map: bool, arg: u64, content: usize) -> Result<u64, Error> {
        let at = self.pos();
        self.start = at;
        self.enter()?;
        self.d.set_position(content);
        let items = if map { arg.saturating_mul(2) } else { arg };
        if items > self.remaining() as u64 {
            return Err(longer_than_left("a declared length of", arg, "", self.remaining(), at));
        }
        Ok(items)
    }

    /// Definite text of `arg` bytes from `content`, whose head is next.
    #[inline]
    fn text<V: Visitor<'de>>(&mut self, visitor: V, arg: u64, content: usize) -> Result<V::Value, Error> {
        visitor.visit_borrowed_str(self.text_at(arg, content)?)
    }

    /// Reads the text of [`text`](Self::text) (not generic: compiled once).
    #[inline]
    fn text_at(&mut self, arg: u64, content: usize) -> Result<&'de str, Error> {
        let at = self.pos();
        self.start = at;
        let input = self.d.input();
        let Some(bytes) = content_of(input, arg, content) else {
            return Err(longer_than_left("a text string of", arg, " bytes", input.len() - content, at));
        };
        let text = std::str::from_utf8(bytes).map_err(|e| not_utf8(e, at))?;
        self.d.set_position(content + bytes.len());
        Ok(text)
    }

    fn seq<V: Visitor<'de>>(&mut self, visitor: V, map: bool) -> Result<V::Value, Error> {
        self.enter()?;
        let left = self.container(map)?;
        self.visit_container(visitor, map, left)
    }

    /// Hands a container whose header has been read (and depth entered) to
    /// `visitor`, and leaves its depth.
    #[inline]
    fn visit_container<V: Visitor<'de>>(
        &mut self,
        visitor: V,
        map: bool,
        left: Option<u64>,
    ) -> Result<V::Value, Error> {
        let value = if map {
            let mut access = Access { de: self, left, index: 0, key_at: 0 };
            let value = visitor.visit_map(&mut access)?;
            access.finish()?;
            value
        } else {
            let mut access = Access { de: self, left, index: 0, key_at: 0 };
            let value = visitor.visit_seq(&mut access)?;
            access.finish()?;
            value
        };
        self.depth -= 1;
        Ok(value)
    }

    /// Reads the next item and hands it to `visitor` in serde's data model.
    #[inline]
    fn any<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Error> {
        match self.fast(visitor)? {
            Ok(value) => Ok(value),
            Err(visitor) => self.general(visitor),
        }
    }

    /// [`any`](Self::any) for the items [`fast`](Self::fast) hands back:
    /// tagged, indefinite, simple and float items, and malformed heads.
    /// The item is read by [`general_item`](Self::general_item), which is
    /// not generic: only the hand-over to the visitor is compiled per type.
    #[inline(never)]
    fn general<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Error> {
        match self.general_item()? {
            Item::Bool(v) => visitor.visit_bool(v),
            Item::Unit => visitor.visit_unit(),
            Item::U64(v) => visitor.visit_u64(v),
            Item::I64(v) => visitor.visit_i64(v),
            Item::I128(v) => visitor.visit_i128(v),
            Item::F32(v) => visitor.visit_f32(v),
            Item::F64(v) => visitor.visit_f64(v),
            Item::Bytes(v) => visitor.visit_borrowed_bytes(v),
            Item::ByteBuf(v) => visitor.visit_byte_buf(v),
            Item::Str(v) => visitor.visit_borrowed_str(v),
            Item::String(v) => visitor.visit_string(v),
            Item::Container { map } => self.seq(visitor, map),
        }
    }

    /// Reads the next item for [`general`](Self::general); an array or a
    /// map is left unread, after its tags.
    fn general_item(&mut self) -> Result<Item<'de>, Error> {
        let t = self.peek_untagged()?;
        let at = self.start;
        let err = |e| decode_error(e, at);
        Ok(match t {
            Type::Bool => Item::Bool(self.d.bool().map_err(err)?),
            Type::Null | Type::Undefined => {
                self.d.set_position(at + 1);
                Item::Unit
            }
            Type::U8 | Type::U16 | Type::U32 | Type::U64 => Item::U64(self.d.u64().map_err(err)?),
            Type::I8 | Type::I16 | Type::I32 | Type::I64 => Item::I64(self.d.i64().map_err(err)?),
            Type::Int => Item::I128(i128::from(self.d.int().map_err(err)?)),
            // Exact: every half and single float is an `f32`.
            Type::F16 | Type::F32 => Item::F32(self.float(t)? as f32),
            Type::F64 => Item::F64(self.float(t)?),
            Type::Bytes => Item::Bytes(self.d.bytes().map_err(err)?),
            Type::BytesIndef => Item::ByteBuf(self.bytes_indefinite()?),
            Type::String => Item::Str(self.d.str().map_err(err)?),
            Type::StringIndef => Item::String(self.text_indefinite()?),
            Type::Array | Type::ArrayIndef => Item::Container { map: false },
            Type::Map | Type::MapIndef => Item::Container { map: true },
            Type::Break => return Err(Error::at("unexpected break", at)),
            Type::Simple => return Err(Error::at("an unassigned simple value", at)),
            Type::Tag | Type::Unknown(_) => {
                return Err(Error::at(format!("a malformed item (initial byte {:#04x})", self.d.input()[at]), at))
            }
        })
    }

    /// Reads and drops the next item, allocating nothing: a member the
    /// model does not have (one a newer service sends), or any item read
    /// into `IgnoredAny`. Definite items are walked through
    /// [`head`](Self::head), text still checked as UTF-8; anything else
    /// through the decoder.
    fn skip(&mut self) -> Result<(), Error> {
        if let Some((major, arg, content)) = self.head() {
            let at = self.pos();
            match major {
                0 | 1 => {
                    self.start = at;
                    self.d.set_position(content);
                    return Ok(());
                }
                2 => {
                    self.start = at;
                    let input = self.d.input();
                    let Some(bytes) = content_of(input, arg, content) else {
                        return Err(longer_than_left("a byte string of", arg, " bytes", input.len() - content, at));
                    };
                    self.d.set_position(content + bytes.len());
                    return Ok(());
                }
                3 => return self.text_at(arg, content).map(drop),
                4 | 5 => {
                    let items = self.open_definite(major == 5, arg, content)?;
                    for _ in 0..items {
                        self.skip()?;
                    }
                    self.depth -= 1;
                    return Ok(());
                }
                _ => {}
            }
        }
        let t = self.peek_untagged()?;
        let at = self.start;
        let err = |e| decode_error(e, at);
        match t {
            Type::Bytes | Type::BytesIndef => {
                for chunk in self.d.bytes_iter().map_err(err)? {
                    chunk.map_err(err)?;
                }
            }
            Type::String | Type::StringIndef => {
                for chunk in self.d.str_iter().map_err(err)? {
                    chunk.map_err(err)?;
                }
            }
            Type::Array | Type::ArrayIndef | Type::Map | Type::MapIndef => {
                let map = matches!(t, Type::Map | Type::MapIndef);
                self.enter()?;
                match self.container(map)? {
                    Some(n) => {
                        for _ in 0..n * (1 + u64::from(map)) {
                            self.skip()?;
                        }
                    }
                    None => {
                        while !self.at_break()? {
                            self.skip()?;
                        }
                    }
                }
                self.depth -= 1;
            }
            Type::F16 | Type::F32 | Type::F64 => {
                self.float(t)?;
            }
            _ => {
                self.any(de::IgnoredAny)?;
            }
        }
        Ok(())
    }
}

/// An item as [`Deserializer::general_item`] reads it, in serde's data model.
enum Item<'de> {
    Bool(bool),
    Unit,
    U64(u64),
    I64(i64),
    I128(i128),
    F32(f32),
    F64(f64),
    Bytes(&'de [u8]),
    ByteBuf(Vec<u8>),
    Str(&'de str),
    String(String),
    /// An array or a map, whose head is next.
    Container {
        map: bool,
    },
}

/// The elements of an array or the entries of a map.
struct Access<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    /// Items (or entries) left of a definite container; `None` when indefinite.
    left: Option<u64>,
    /// The index of the next element (of an array).
    index: usize,
    /// Where the last key read starts (of a map): an error in its value names it.
    key_at: usize,
}

impl Access<'_, '_> {
    #[inline]
    fn has_next(&mut self) -> Result<bool, Error> {
        match &mut self.left {
            Some(0) => Ok(false),
            Some(n) => {
                *n -= 1;
                Ok(true)
            }
            None => {
                if self.de.at_break()? {
                    self.left = Some(0);
                    Ok(false)
                } else {
                    Ok(true)
                }
            }
        }
    }

    /// An error if the visitor stopped before the container's end.
    fn finish(&mut self) -> Result<(), Error> {
        match self.left {
            Some(0) => Ok(()),
            _ => Err(Error::at("more items than expected", self.de.pos())),
        }
    }

    /// How many more items there can be: never more than the input left.
    fn hint(&self, per_item: usize) -> Option<usize> {
        let bound = self.de.remaining() / per_item;
        Some(self.left.map_or(0, |n| usize::try_from(n).unwrap_or(usize::MAX)).min(bound))
    }
}

impl<'de> de::SeqAccess<'de> for &mut Access<'_, 'de> {
    type Error = Error;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        if !self.has_next()? {
            return Ok(None);
        }
        let index = self.index;
        self.index += 1;
        match seed.deserialize(&mut *self.de) {
            Ok(value) => Ok(Some(value)),
            Err(e) => Err(e.within(Segment::Index(index))),
        }
    }
    fn size_hint(&self) -> Option<usize> {
        self.hint(1)
    }
}

impl<'de> de::MapAccess<'de> for &mut Access<'_, 'de> {
    type Error = Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        if !self.has_next()? {
            return Ok(None);
        }
        self.key_at = self.de.pos();
        seed.deserialize(&mut *self.de).map(Some)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match seed.deserialize(&mut *self.de) {
            Ok(value) => Ok(value),
            Err(e) => Err(e.within(self.de.key_at(self.key_at))),
        }
    }
    fn size_hint(&self) -> Option<usize> {
        self.hint(2)
    }
}

/// A tag and its content, as the two elements of a sequence (see [`TAG`]).
struct TagAccess<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    tag: Option<u64>,
    content: bool,
}

impl<'de> de::SeqAccess<'de> for TagAccess<'_, 'de> {
    type Error = Error;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        if let Some(tag) = self.tag.take() {
            return seed.deserialize(tag.into_deserializer()).map(Some);
        }
        if std::mem::replace(&mut self.content, false) {
            return seed.deserialize(&mut *self.de).map(Some);
        }
        Ok(None)
    }
    fn size_hint(&self) -> Option<usize> {
        Some(usize::from(self.tag.is_some()) + usize::from(self.content))
    }
}

/// An enum written as its variant's name, or as a map of one entry from
/// the name to the variant's content.
struct Enum<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    /// Where the variant's name starts: an error in its content names it.
    name_at: usize,
}

impl Enum<'_, '_> {
    #[cold]
    fn within(&self, e: Error) -> Error {
        e.within(self.de.key_at(self.name_at))
    }
}

impl<'de> de::EnumAccess<'de> for Enum<'_, 'de> {
    type Error = Error;
    type Variant = Self;
    fn variant_seed<V: DeserializeSeed<'de>>(mut self, seed: V) -> Result<(V::Value, Self), Error> {
        self.name_at = self.de.pos();
        let name = seed.deserialize(&mut *self.de)?;
        Ok((name, self))
    }
}

impl<'de> de::VariantAccess<'de> for Enum<'_, 'de> {
    type Error = Error;
    fn unit_variant(self) -> Result<(), Error> {
        de::Deserialize::deserialize(&mut *self.de)
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(&mut *self.de).map_err(|e| self.within(e))
    }
    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_any(&mut *self.de, visitor).map_err(|e| self.within(e))
    }
    fn struct_variant<V: Visitor<'de>>(self, _fields: &'static [&'static str], visitor: V) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_any(&mut *self.de, visitor).map_err(|e| self.within(e))
    }
}

impl<'de> de::Deserializer<'de> for &mut Deserializer<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.any(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        // Tags are left for the value (a timestamp's or a bignum's).
        self.start = self.pos();
        match self.d.input().get(self.start) {
            // `null` and `undefined`.
            Some(0xf6 | 0xf7) => {
                self.d.set_position(self.start + 1);
                visitor.visit_none()
            }
            Some(_) => visitor.visit_some(self),
            None => Err(Error::at("unexpected end of input", self.start)),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, Error> {
        if name == TAG {
            self.start = self.pos();
            let t = self.d.datatype().map_err(|e| decode_error(e, self.start))?;
            if t == Type::Undefined {
                self.d.set_position(self.start + 1);
                return visitor.visit_none();
            }
            if t == Type::Tag {
                let tag = self.d.tag().map_err(|e| decode_error(e, self.start))?;
                self.enter()?;
                let value = visitor.visit_seq(TagAccess { de: &mut *self, tag: Some(tag.as_u64()), content: true })?;
                self.depth -= 1;
                return Ok(value);
            }
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.peek_untagged()? {
            Type::Map | Type::MapIndef => {
                self.enter()?;
                let at = self.start;
                let len = self.container(true)?;
                if len != Some(1) {
                    return Err(Error::at("an enum variant with content is a map of exactly one entry", at));
                }
                let value = visitor.visit_enum(Enum { de: &mut *self, name_at: 0 })?;
                self.depth -= 1;
                Ok(value)
            }
            Type::String => {
                let at = self.start;
                let name = self.d.str().map_err(|e| decode_error(e, at))?;
                visitor.visit_enum(de::value::BorrowedStrDeserializer::<Error>::new(name))
            }
            _ => self.any(visitor),
        }
    }

    /// A member name (a structure's field, an enum's variant): definite text
    /// goes to the visitor as bytes, which serde's derived identifiers match
    /// without the UTF-8 check a value gets (a name that matches is valid
    /// text; one that does not names no member, and is skipped).
    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if let Some((3, arg, content)) = self.head() {
            if let Some(name) = content_of(self.d.input(), arg, content) {
                self.start = self.pos();
                self.d.set_position(content + name.len());
                return visitor.visit_borrowed_bytes(name);
            }
        }
        self.any(visitor)
    }

    /// Definite text, the usual string, read straight to the visitor.
    #[inline]
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.head() {
            Some((3, arg, content)) => self.text(visitor, arg, content),
            _ => self.general(visitor),
        }
    }

    #[inline]
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.skip()?;
        visitor.visit_unit()
    }

    fn is_human_readable(&self) -> bool {
        false
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct
    }
}
