//! CBOR bodies (RFC 8949) to and from generated types, for the
//! `smithy.protocols#rpcv2Cbor` protocol, with errors that say where.
//!
//! The generated types are the ones the JSON protocols use: their serde
//! attributes name the wire members, and the codecs of [`crate::codec`],
//! [`crate::timestamp`], [`crate::blob`] and [`crate::number`] switch on
//! `is_human_readable()`, which is `false` here, to this protocol's forms:
//!
//! | Smithy | CBOR |
//! | --- | --- |
//! | structure, union, map | a map (definite length) keyed by member names |
//! | list | an array (definite length) |
//! | string, enum | text |
//! | blob | a byte string |
//! | boolean | `true`, `false` |
//! | byte to long | an integer in its smallest form |
//! | float, double | a single or double precision float, `NaN` and the infinities included |
//! | timestamp | tag 1 over the epoch seconds: an integer when whole, else a double (to the microsecond); `@timestampFormat` does not apply |
//! | bigInteger | an integer when it fits 64 bits, else tag 2 or 3 (a bignum) |
//! | bigDecimal | tag 4, `[exponent, mantissa]` |
//! | document | the generic data model (maps keyed by text), as [`crate::Document`] has it |
//! | absent optional member | left out; `None` elsewhere is `null` |
//!
//! Reading takes any well-formed form of these: integers of every width,
//! half, single and double floats, definite and indefinite strings, arrays
//! and maps, `undefined` as `null`, a timestamp with or without tag 1.
//! Other tags are read through: the tagged item is read as if untagged.
//! Definite text is borrowed from the body, not copied. Reading is bounded:
//! items nest at most [`MAX_DEPTH`] deep; a declared length the rest of the
//! body could not hold is an error before anything is allocated for it;
//! bytes after the top-level item are an error.
//!
//! # Tags through serde
//!
//! Serde's data model has no tags. A tag travels as a newtype struct of a
//! private name whose content is a 2-tuple `(tag number, item)`: this
//! module's serializer writes it as the tag's header and the item; its
//! deserializer, asked for that newtype struct, hands a tagged item to
//! the visitor as a sequence of the number and the item, and an untagged
//! one as the newtype's content (`visit_newtype_struct`). Any other
//! deserializer sees a plain newtype struct, so the codecs that use it read
//! the untagged item there. [`Value`] is written and read this way, as are
//! timestamps (tag 1) and big numbers (tags 2, 3 and 4).

mod de;
mod ser;
mod value;

// For the client, which reads error codes from CBOR bodies (`aws_json::parse_error`).
#[cfg(feature = "client")]
pub(crate) use de::Deserializer;
pub use value::{value_from_slice, Value};

use serde::de::{DeserializeOwned, Visitor};
use serde::{Serialize, Serializer};
use std::fmt;

/// How deep arrays, maps and tags may nest in a body that is read.
pub const MAX_DEPTH: usize = 128;

/// The newtype-struct name that carries a tag (see the module docs).
pub(crate) const TAG: &str = "\u{0}smithy_rt::cbor::Tag";

/// The unit-struct name that this module's serializer writes as `undefined`.
pub(crate) const UNDEFINED: &str = "\u{0}smithy_rt::cbor::Undefined";

/// Writes `item` under the tag `tag`: tagged by this module's serializer,
/// a plain `[tag, item]` by others.
pub(crate) fn serialize_tagged<S: Serializer, T: Serialize + ?Sized>(
    serializer: S,
    tag: u64,
    item: &T,
) -> Result<S::Ok, S::Error> {
    struct Pair<'a, T: ?Sized>(u64, &'a T);
    impl<T: Serialize + ?Sized> Serialize for Pair<'_, T> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeTuple;
            let mut t = serializer.serialize_tuple(2)?;
            t.serialize_element(&self.0)?;
            t.serialize_element(self.1)?;
            t.end()
        }
    }
    serializer.serialize_newtype_struct(TAG, &Pair(tag, item))
}

/// Reads an item that may be tagged: `visitor` gets a tagged item as a
/// sequence of the tag number and the item (`visit_seq`), an untagged one
/// as `visit_newtype_struct`.
pub(crate) fn deserialize_tagged<'de, D: serde::Deserializer<'de>, V: Visitor<'de>>(
    deserializer: D,
    visitor: V,
) -> Result<V::Value, D::Error> {
    deserializer.deserialize_newtype_struct(TAG, visitor)
}

/// A problem in a CBOR body, or in writing one: boxed, so that the results
/// the reader passes up at every item stay small.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Error(Box<Problem>);

#[derive(Debug, Clone, PartialEq)]
struct Problem {
    message: String,
    offset: Option<usize>,
    /// Where in the body, innermost first: each container the error passes
    /// on its way out adds the member or element it was reading.
    path: Vec<Segment>,
}

/// A step of a member path.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Segment {
    /// A structure member, map key or union variant (`?` when the key is not text).
    Key(String),
    /// A list element.
    Index(usize),
}

impl Error {
    fn new(message: impl fmt::Display) -> Self {
        Error(Box::new(Problem { message: message.to_string(), offset: None, path: Vec::new() }))
    }

    fn at(message: impl fmt::Display, offset: usize) -> Self {
        Error(Box::new(Problem { message: message.to_string(), offset: Some(offset), path: Vec::new() }))
    }

    /// The error, found inside `segment` of the container it passes.
    pub(crate) fn within(mut self, segment: Segment) -> Self {
        self.0.path.push(segment);
        self
    }

    /// `root` and the member path (`DescribeFleetsOutput.Fleets[1].Arn`).
    fn path(&self, root: &dyn fmt::Display) -> String {
        let mut path = root.to_string();
        for segment in self.0.path.iter().rev() {
            match segment {
                Segment::Key(key) => {
                    path.push('.');
                    path.push_str(key);
                }
                Segment::Index(i) => {
                    path.push('[');
                    path.push_str(&i.to_string());
                    path.push(']');
                }
            }
            // The whole path is cut to MAX_PATH_CHARS later; stop growing it long before.
            if path.len() > 4 * crate::json::MAX_PATH_CHARS {
                break;
            }
        }
        path
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)?;
        if let Some(offset) = self.0.offset {
            write!(f, " at byte {offset}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

impl serde::de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error::new(msg)
    }
}

impl serde::ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error::new(msg)
    }
}

/// A CBOR body did not fit the type it was read into, or a value could
/// not be written as CBOR.
///
/// Like [`crate::json::JsonError`], its text is bounded
/// ([`crate::json::MAX_PATH_CHARS`], [`crate::json::MAX_MESSAGE_CHARS`])
/// whatever the body holds, and it has no `source()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CborError {
    path: String,
    message: String,
    offset: usize,
}

impl CborError {
    fn new(path: &str, inner: &Error, fallback_offset: usize) -> Self {
        CborError {
            path: crate::text::bounded(path, crate::json::MAX_PATH_CHARS),
            message: crate::text::bounded(&inner.0.message, crate::json::MAX_MESSAGE_CHARS),
            offset: inner.0.offset.unwrap_or(fallback_offset),
        }
    }

    /// The member path of the problem, from the body's type name
    /// (`DescribeFleetsOutput.Fleets[1].Arn`); empty for an error in writing.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What was found wrong.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The offset in the body of the item the problem was found in (or of
    /// the end of the body, when it ended early); `0` for an error in writing.
    pub fn offset(&self) -> usize {
        self.offset
    }
}

impl fmt::Display for CborError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        write!(f, "{} at byte {}", self.message, self.offset)
    }
}

impl std::error::Error for CborError {}

/// Writes `value` as a CBOR body.
pub fn to_vec<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, CborError> {
    let mut ser = ser::Serializer::new();
    value.serialize(&mut ser).map_err(|e| CborError::new("", &e, 0))?;
    Ok(ser.into_bytes())
}

/// Reads a `T` from a CBOR body; `root` names `T` in the error's path.
///
/// The reader itself says where a problem is: an error carries the member
/// path it was found at, added to by each container on its way out, so a
/// body is read once whether it fits or not, and the success path keeps no
/// path at all.
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8], root: &str) -> Result<T, CborError> {
    from_slice_at(bytes, &root)
}

/// [`from_slice`] with a root name that is only formatted when there is an error.
pub(crate) fn from_slice_at<T: DeserializeOwned>(bytes: &[u8], root: &dyn fmt::Display) -> Result<T, CborError> {
    let mut de = de::Deserializer::new(bytes);
    match T::deserialize(&mut de) {
        Ok(value) => {
            de.end().map_err(|inner| CborError::new(&root.to_string(), &inner, bytes.len()))?;
            Ok(value)
        }
        Err(e) => Err(CborError::new(&e.path(root), &e, de.start())),
    }
}

#[cfg(test)]
mod tests;
