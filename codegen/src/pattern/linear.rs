//! Patterns that a backtracking matcher could need exponential time for
//! (`^(a+)+$`, found by [`super::exponential_backtracking`]) are matched in
//! the generated crate by `regex-lite`, which guarantees time linear in the
//! pattern's and the value's sizes. [`to_linear`] writes an ECMA-262
//! pattern (Unicode mode) in regex-lite's syntax with the same meaning:
//!
//! * `.` excludes ECMA-262's four line terminators (regex-lite's excludes `\n` only);
//! * `\s` and `\S` are ECMA-262's white space and line terminators (regex-lite's are ASCII);
//! * `\d`, `\w` and `\b` are ASCII in both, and are copied;
//! * `\uXXXX` and `\u{X}` become `\x{X}`; identity escapes of characters
//!   that are not special to regex-lite (`\/`) become the character.
//!
//! What regex-lite cannot express with the same meaning is refused, with
//! the reason: Unicode properties (`\p{L}`), lookaround and back-references
//! (which are not regular), `\S` inside a class.

/// ECMA-262's `\s`: WhiteSpace and LineTerminator, as class contents.
const SPACE: &str = r"\t\n\x0B\x0C\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}";

/// ECMA-262's `.` without the `s` flag: anything but a line terminator.
const DOT: &str = r"[^\n\r\x{2028}\x{2029}]";

/// Characters regex-lite treats as syntax (an escape of one stays escaped).
const META: &str = r"\.+*?()|[]{}^$#&-~";

/// The pattern in regex-lite's syntax, or why it cannot be written there.
pub fn to_linear(ecma: &str) -> Result<String, String> {
    let chars: Vec<char> = ecma.chars().collect();
    let mut out = String::with_capacity(ecma.len() + 16);
    let mut i = 0;
    let mut in_class = false;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        match c {
            '\\' => {
                let Some(&e) = chars.get(i) else { return Err("a trailing `\\`".to_owned()) };
                i += 1;
                match e {
                    's' if in_class => out.push_str(SPACE),
                    's' => {
                        out.push('[');
                        out.push_str(SPACE);
                        out.push(']');
                    }
                    'S' if in_class => return Err("`\\S` inside a class".to_owned()),
                    'S' => {
                        out.push_str("[^");
                        out.push_str(SPACE);
                        out.push(']');
                    }
                    'd' | 'D' | 'w' | 'W' | 't' | 'n' | 'r' | 'f' | 'v' => {
                        out.push('\\');
                        out.push(e);
                    }
                    'b' | 'B' if !in_class => {
                        out.push('\\');
                        out.push(e);
                    }
                    // In a class, ECMA-262's `\b` is a backspace.
                    'b' => out.push_str(r"\x08"),
                    '0' if !chars.get(i).is_some_and(char::is_ascii_digit) => out.push_str(r"\x00"),
                    'x' => {
                        let hex: String = chars.iter().skip(i).take(2).collect();
                        if hex.len() != 2 || !hex.chars().all(|h| h.is_ascii_hexdigit()) {
                            return Err(format!("`\\x{hex}` is not a two-digit escape"));
                        }
                        i += 2;
                        out.push_str(&format!("\\x{{{hex}}}"));
                    }
                    'u' if chars.get(i) == Some(&'{') => {
                        let end = chars[i..].iter().position(|&c| c == '}').ok_or("an unclosed `\\u{`")?;
                        let hex: String = chars[i + 1..i + end].iter().collect();
                        i += end + 1;
                        out.push_str(&format!("\\x{{{hex}}}"));
                    }
                    'u' => {
                        let hex: String = chars.iter().skip(i).take(4).collect();
                        if hex.len() != 4 || !hex.chars().all(|h| h.is_ascii_hexdigit()) {
                            return Err(format!("`\\u{hex}` is not a four-digit escape"));
                        }
                        i += 4;
                        out.push_str(&format!("\\x{{{hex}}}"));
                    }
                    'p' | 'P' => return Err("a Unicode property escape".to_owned()),
                    'k' | '1'..='9' => return Err("a back-reference".to_owned()),
                    'c' => return Err("a control escape `\\c`".to_owned()),
                    e if e.is_ascii_alphanumeric() => return Err(format!("the escape `\\{e}`")),
                    e if META.contains(e) => {
                        out.push('\\');
                        out.push(e);
                    }
                    // An identity escape (`\/`): the character itself.
                    e => out.push(e),
                }
            }
            '[' if in_class => out.push_str(r"\["),
            '[' => {
                in_class = true;
                out.push('[');
                // A leading `^` negates, and `]` right after is literal in
                // regex-lite but closes an empty class in ECMA-262.
                if chars.get(i) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                if chars.get(i) == Some(&']') {
                    return Err("an empty class".to_owned());
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '.' if !in_class => out.push_str(DOT),
            '(' if !in_class && chars.get(i) == Some(&'?') => {
                let rest: String = chars.iter().skip(i + 1).take(2).collect();
                if rest.starts_with(':') {
                    out.push_str("(?:");
                    i += 2;
                } else if rest.starts_with('<') && !rest.starts_with("<=") && !rest.starts_with("<!") {
                    out.push_str("(?P<");
                    i += 2;
                } else {
                    return Err("a lookaround".to_owned());
                }
            }
            // Literal in an ECMA-262 class, set operators in regex-lite's.
            '&' | '~' | '-' if in_class && chars.get(i) == Some(&c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    if in_class {
        return Err("an unclosed class".to_owned());
    }
    regex_lite::Regex::new(&out).map_err(|e| format!("regex-lite refuses `{out}`: {e}"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The translation agrees with regress on `values`.
    fn same(ecma: &str, values: &[&str]) {
        let lite = regex_lite::Regex::new(&to_linear(ecma).unwrap()).unwrap();
        let regress = regress::Regex::with_flags(ecma, "u").unwrap();
        for v in values {
            assert_eq!(lite.is_match(v), regress.find(v).is_some(), "{ecma} on {v:?}");
        }
    }

    #[test]
    fn exponential_patterns_of_real_models_keep_their_meaning() {
        same(
            r"^arn:aws(-\w+)*:[\w\d-]+:([\w\d-]*)?:[\w\d_-]*([:/].+)*$",
            &[
                "arn:aws:s3:::bucket/key",
                "arn:aws-cn:iam::1:role/x",
                "arn:aws:s3",
                "arn:aws::x:y:z\n",
                "arn:aws:a:b:c:d\u{2028}",
            ],
        );
        same(r"^(.*[\n\r\t\f ]?)*$", &["", "a b\n", "line\u{2028}", "x\u{0085}y"]);
        same(r"^[0-9](.[0-9]*)*$", &["1.2.3", "1", "a", "1..", "1\n2"]);
        same(r"^[ \t]*[^\x00-\x1F:\x7F]+([ \t]+[^\x00-\x1F:\x7F]+)*[ \t]*$", &["Bearer x", " a  b ", "a:b", "\u{7f}"]);
        same(
            r"^s3://[a-zA-Z0-9.-]{3,63}(/[a-zA-Z0-9!_.*'()/-]*)*$",
            &["s3://bucket/a/b", "s3://ab", "s3://bucket/a b"],
        );
        same(r"\s+\S", &["\u{3000}x", "\u{a0}", " y", "\u{feff}\u{feff}z"]);
        same(r"^[\s\d]+$", &["1 2\u{2029}", "x"]);
        same(r"^\u00e9\u{1F600}\/$", &["é😀/", "e"]);
    }

    #[test]
    fn what_regex_lite_cannot_mean_the_same_is_refused() {
        for (p, why) in [
            (r"\p{L}+", "Unicode property"),
            (r"(a)\1", "back-reference"),
            (r"a(?=b)", "lookaround"),
            (r"[\S]", "`\\S` inside a class"),
        ] {
            let e = to_linear(p).unwrap_err();
            assert!(e.contains(why), "{p}: {e}");
        }
    }
}
