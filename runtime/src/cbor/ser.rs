//! The writing half: a serde `Serializer` into a CBOR body.

use super::{Error, TAG, UNDEFINED};
use minicbor::encode::Encoder;
use serde::ser::{self, Serialize};

/// Writes serde's data model as CBOR (see the [module](super) for the forms).
pub(crate) struct Serializer {
    e: Encoder<Vec<u8>>,
    /// Set by a [`TAG`] newtype struct: the 2-tuple that follows is a tag
    /// number and its content.
    tag_next: bool,
}

/// The encoder writes into a `Vec`, which cannot fail.
fn infallible<T>(r: Result<T, minicbor::encode::Error<core::convert::Infallible>>) -> T {
    match r {
        Ok(v) => v,
        Err(e) => unreachable!("the encoder writes into a Vec: {e}"),
    }
}

impl Serializer {
    pub(crate) fn new() -> Self {
        Serializer { e: Encoder::new(Vec::with_capacity(128)), tag_next: false }
    }

    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.e.into_writer()
    }

    fn buf(&mut self) -> &mut Vec<u8> {
        self.e.writer_mut()
    }

    /// A map or array header of `len` items, or an indefinite one; the
    /// returned state corrects a definite header that serde's declared
    /// length overstated (skipped struct members).
    fn header(&mut self, map: bool, len: Option<usize>) -> Compound<'_> {
        let start = self.buf().len();
        match (map, len) {
            (true, Some(n)) => infallible(self.e.map(n as u64).map(drop)),
            (false, Some(n)) => infallible(self.e.array(n as u64).map(drop)),
            (true, None) => infallible(self.e.begin_map().map(drop)),
            (false, None) => infallible(self.e.begin_array().map(drop)),
        }
        Compound { ser: self, start, declared: len, count: 0, map, tag: false }
    }
}

/// An array, map or struct being written.
pub(crate) struct Compound<'a> {
    ser: &'a mut Serializer,
    /// Where its header starts.
    start: usize,
    /// The length its header says; `None` when indefinite.
    declared: Option<usize>,
    /// Elements or entries written.
    count: usize,
    map: bool,
    /// A tag's 2-tuple: the first element is the tag number.
    tag: bool,
}

impl Compound<'_> {
    fn end(self) -> Result<(), Error> {
        if self.tag {
            return if self.count == 2 { Ok(()) } else { Err(Error::new("a tag is a number and one item")) };
        }
        match self.declared {
            None => infallible(self.ser.e.end().map(drop)),
            Some(n) if n == self.count => {}
            Some(n) => {
                // Fewer entries than declared: rewrite the header with the
                // real count, in its own smallest form.
                let mut header = Encoder::new(Vec::new());
                infallible(
                    if self.map { header.map(self.count as u64) } else { header.array(self.count as u64) }.map(drop),
                );
                let header = header.into_writer();
                let mut old = Encoder::new(Vec::new());
                infallible(if self.map { old.map(n as u64) } else { old.array(n as u64) }.map(drop));
                let old_len = old.into_writer().len();
                self.ser.buf().splice(self.start..self.start + old_len, header);
            }
        }
        Ok(())
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let at = self.ser.buf().len();
        value.serialize(&mut *self.ser)?;
        if self.tag && self.count == 0 {
            // The tag number was written as an unsigned integer (major type
            // 0); a tag's header is the same with major type 6.
            let buf = self.ser.buf();
            if buf.get(at).is_none_or(|b| b >> 5 != 0) {
                return Err(Error::new("a tag number is an unsigned integer"));
            }
            buf[at] |= 6 << 5;
        }
        self.count += 1;
        Ok(())
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        key.serialize(&mut *self.ser)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        infallible(self.ser.e.str(key).map(drop));
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        infallible(self.ser.e.str(key).map(drop));
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

macro_rules! put {
    ($self:ident . $method:ident ( $($arg:expr),* )) => {{
        infallible($self.e.$method($($arg),*).map(drop));
        Ok(())
    }};
}

impl<'a> ser::Serializer for &'a mut Serializer {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn is_human_readable(&self) -> bool {
        false
    }

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        put!(self.bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        put!(self.i64(i64::from(v)))
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        put!(self.i64(i64::from(v)))
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        put!(self.i64(i64::from(v)))
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        put!(self.i64(v))
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        let int = minicbor::data::Int::try_from(v)
            .map_err(|_| Error::new(format!("{v} is beyond CBOR's integers (-2^64 to 2^64 - 1)")))?;
        put!(self.int(int))
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        put!(self.u64(u64::from(v)))
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        put!(self.u64(u64::from(v)))
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        put!(self.u64(u64::from(v)))
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        put!(self.u64(v))
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        let v = u64::try_from(v).map_err(|_| Error::new(format!("{v} is beyond CBOR's integers (up to 2^64 - 1)")))?;
        put!(self.u64(v))
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        put!(self.f32(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        put!(self.f64(v))
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        put!(self.str(v.encode_utf8(&mut [0; 4])))
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        put!(self.str(v))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        put!(self.bytes(v))
    }
    fn serialize_none(self) -> Result<(), Error> {
        put!(self.null())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        put!(self.null())
    }
    fn serialize_unit_struct(self, name: &'static str) -> Result<(), Error> {
        if name == UNDEFINED {
            return put!(self.undefined());
        }
        put!(self.null())
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result<(), Error> {
        put!(self.str(variant))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, name: &'static str, value: &T) -> Result<(), Error> {
        if name == TAG {
            self.tag_next = true;
            let r = value.serialize(&mut *self);
            if std::mem::take(&mut self.tag_next) {
                return Err(Error::new("a tag is written as a tuple of its number and its content"));
            }
            return r;
        }
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        infallible(self.e.map(1).and_then(|e| e.str(variant)).map(drop));
        value.serialize(self)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(self.header(false, len))
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>, Error> {
        if std::mem::take(&mut self.tag_next) {
            if len != 2 {
                return Err(Error::new("a tag is written as a tuple of its number and its content"));
            }
            let start = self.buf().len();
            return Ok(Compound { ser: self, start, declared: None, count: 0, map: false, tag: true });
        }
        Ok(self.header(false, Some(len)))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a>, Error> {
        Ok(self.header(false, Some(len)))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a>, Error> {
        infallible(self.e.map(1).and_then(|e| e.str(variant)).map(drop));
        Ok(self.header(false, Some(len)))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(self.header(true, len))
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a>, Error> {
        Ok(self.header(true, Some(len)))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a>, Error> {
        infallible(self.e.map(1).and_then(|e| e.str(variant)).map(drop));
        Ok(self.header(true, Some(len)))
    }
}
