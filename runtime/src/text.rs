//! Text that errors keep, bounded whatever a response sends.

/// What ends a message or code that was cut to its bound.
pub const TRUNCATION_MARKER: &str = "…[truncated]";

/// `s` if it has at most `max` characters, else its first `max` characters
/// and [`TRUNCATION_MARKER`]. Copies at most `max` characters' bytes.
pub(crate) fn bounded(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s.to_owned(),
        Some((cut, _)) => {
            let mut out = String::with_capacity(cut + TRUNCATION_MARKER.len());
            out.push_str(&s[..cut]);
            out.push_str(TRUNCATION_MARKER);
            out
        }
    }
}

/// [`bounded`] in place.
#[cfg(feature = "client")]
pub(crate) fn bound_string(s: &mut String, max: usize) {
    if let Some((cut, _)) = s.char_indices().nth(max) {
        s.truncate(cut);
        s.push_str(TRUNCATION_MARKER);
    }
}
