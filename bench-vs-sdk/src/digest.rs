//! A digest of every member a client parsed, fed member by member in model
//! order by each client's walker (`ours.rs`, `sdk.rs`), so that a benchmark
//! can check before timing that both clients read the same values.

use std::hash::{DefaultHasher, Hasher};

pub struct Digest {
    hasher: DefaultHasher,
    members: usize,
}

impl Digest {
    pub fn new() -> Self {
        Digest { hasher: DefaultHasher::new(), members: 0 }
    }

    fn tag(&mut self, present: bool, kind: u8) -> bool {
        self.members += usize::from(present);
        self.hasher.write_u8(if present { kind } else { 0 });
        present
    }

    pub fn str(&mut self, v: Option<&str>) {
        if self.tag(v.is_some(), 1) {
            self.hasher.write(v.unwrap_or_default().as_bytes());
            self.hasher.write_u8(0xff);
        }
    }

    pub fn int(&mut self, v: Option<i32>) {
        if self.tag(v.is_some(), 2) {
            self.hasher.write_i32(v.unwrap_or_default());
        }
    }

    pub fn bool(&mut self, v: Option<bool>) {
        if self.tag(v.is_some(), 3) {
            self.hasher.write_u8(u8::from(v.unwrap_or_default()));
        }
    }

    /// A timestamp as whole seconds and nanoseconds.
    pub fn time(&mut self, v: Option<(i64, u32)>) {
        if let (true, Some((s, n))) = (self.tag(v.is_some(), 4), v) {
            self.hasher.write_i64(s);
            self.hasher.write_u32(n);
        }
    }

    /// The length of a list or map (its items follow).
    pub fn len(&mut self, n: usize) {
        self.tag(true, 5);
        self.hasher.write_usize(n);
    }

    /// The digest, and how many members were fed.
    pub fn finish(&self) -> (u64, usize) {
        (self.hasher.finish(), self.members)
    }
}
