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

/// Shows text from a response on one line: each control character (a line
/// break, a tab, an escape) is written as a space, so a service's message
/// cannot break an error's one-line `Display` or forge lines in a log.
pub(crate) struct OneLine<'a>(pub(crate) &'a str);

impl std::fmt::Display for OneLine<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut rest = self.0;
        while let Some(i) = rest.find(char::is_control) {
            f.write_str(&rest[..i])?;
            f.write_str(" ")?;
            let width = rest[i..].chars().next().map_or(1, char::len_utf8);
            rest = &rest[i + width..];
        }
        f.write_str(rest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_replaces_control_characters() {
        assert_eq!(OneLine("a\nb\r\n\tc\u{1b}[31m\u{85}d é").to_string(), "a b   c [31m d é");
        assert_eq!(OneLine("plain").to_string(), "plain");
        assert_eq!(OneLine("").to_string(), "");
    }

    #[test]
    fn bounded_cuts_on_a_character_boundary() {
        assert_eq!(bounded("ééé", 2), format!("éé{TRUNCATION_MARKER}"));
        assert_eq!(bounded("éé", 2), "éé");
    }
}
