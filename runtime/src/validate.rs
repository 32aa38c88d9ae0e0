//! Constraint validation: the types generated `validate()` methods return.
//!
//! A generated `validate(mode)` walks a value once and records every
//! [`Violation`] it finds, each located by its member path from the
//! operation input (`CreateFleetInput.VpcConfig.SubnetIds[2]`).

use std::borrow::Cow;
use std::fmt;

/// Which constraints are enforced.
///
/// Clients default to [`ValidationMode::Standard`]: the Smithy specification
/// recommends that clients do not enforce constraint traits that a service
/// may relax later (a larger maximum, a wider pattern, a new enum value),
/// because a client generated from an older model would then reject input
/// the service accepts. Missing required members and values below a minimum
/// are checked (botocore checks the same before sending). Servers validate in
/// [`ValidationMode::Strict`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum ValidationMode {
    /// Nothing is checked.
    Off,
    /// Required members, minimum lengths and minimum values.
    #[default]
    Standard,
    /// Every constraint, as a server enforces it.
    Strict,
}

/// What a constraint demanded.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Constraint {
    /// `@required`: the member is missing.
    Required,
    /// `@length` minimum (characters, entries or bytes).
    MinLength(u64),
    /// `@length` maximum.
    MaxLength(u64),
    /// `@range` minimum.
    Min(f64),
    /// `@range` maximum.
    Max(f64),
    /// `@pattern` (an ECMA-262 regular expression).
    Pattern(&'static str),
    /// A value outside the enum's known values (strict mode only).
    Enum(&'static [&'static str]),
    /// `@uniqueItems`: an item appears twice.
    UniqueItems,
    /// A union holds a member this client does not know (an `Unknown`
    /// value read from a response), which cannot be sent.
    UnknownUnionMember,
}

/// One violated constraint.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Violation {
    /// Member path from the operation input, e.g. `CreateFleetInput.Name`.
    pub path: String,
    /// The constraint.
    pub constraint: Constraint,
    /// The offending value, shortened when long (`None` for a missing member).
    pub value: Option<String>,
    /// The measured size, for length constraints.
    pub actual_len: Option<u64>,
}

/// A member path under construction, kept on the stack while a value is
/// walked: nothing is allocated unless a violation has to be reported.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Path<'a> {
    /// The operation input or structure at the top (`CreateFleetInput`).
    Root(&'a str),
    /// A member of a structure (`.VpcConfig`).
    Member(&'a Path<'a>, &'a str),
    /// An element of a list (`[2]`).
    Index(&'a Path<'a>, usize),
    /// A value of a map (`["key"]`).
    Key(&'a Path<'a>, &'a str),
}

impl<'a> Path<'a> {
    /// A member of this value.
    pub fn member(&'a self, name: &'a str) -> Path<'a> {
        Path::Member(self, name)
    }

    /// An element of this list.
    pub fn index(&'a self, i: usize) -> Path<'a> {
        Path::Index(self, i)
    }

    /// A value of this map.
    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path::Key(self, key)
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root(name) => f.write_str(name),
            Path::Member(parent, name) => write!(f, "{parent}.{name}"),
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
            Path::Key(parent, key) => write!(f, "{parent}[{key:?}]"),
        }
    }
}

/// The number of Unicode scalar values in `s`, which is what `@length`
/// counts on strings (not bytes, not UTF-16 units).
pub fn char_len(s: &str) -> u64 {
    s.chars().count() as u64
}

/// A `@pattern`.
///
/// Generated crates declare one `static` per pattern. Most patterns are
/// matched with `regress`, compiled once per process on first use: the
/// generator compiled each of them with the same `regress` version before
/// writing the crate, so compiling here cannot fail.
///
/// Patterns of the simplest shape, `^` followed by single-character atoms,
/// each with a greedy quantifier, then `$`, where greedy matching never needs
/// to backtrack, are declared with [`Pattern::simple`] and matched by a small
/// matcher that allocates nothing (a `regress` search allocates its
/// backtracking stack on every call). The generator decides which patterns
/// qualify and writes their atoms.
///
/// Patterns that a backtracking matcher such as regress could need
/// exponential time for (`^(a+)+$`) are declared with [`Pattern::linear`]
/// and matched by `regex-lite`, in time linear in the pattern's and the
/// value's sizes; the generator writes them in regex-lite's syntax with the
/// same meaning.
#[derive(Debug)]
pub struct Pattern {
    source: &'static str,
    simple: Option<&'static [Atom]>,
    linear: Option<&'static str>,
    regex: std::sync::OnceLock<regress::Regex>,
    lite: std::sync::OnceLock<regex_lite::Regex>,
}

/// One atom of a [`Pattern::simple`]: a set of characters, repeated between
/// `min` and `max` times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Atom {
    ranges: &'static [(char, char)],
    min: u32,
    max: Option<u32>,
}

impl Atom {
    /// The characters in the inclusive `ranges` (sorted, disjoint), at least
    /// `min` and at most `max` of them (no maximum: `None`).
    pub const fn new(ranges: &'static [(char, char)], min: u32, max: Option<u32>) -> Self {
        Self { ranges, min, max }
    }

    fn contains(&self, c: char) -> bool {
        for &(lo, hi) in self.ranges {
            if c < lo {
                return false;
            }
            if c <= hi {
                return true;
            }
        }
        false
    }
}

impl Pattern {
    /// A pattern (ECMA-262, Unicode mode), not yet compiled.
    pub const fn new(source: &'static str) -> Self {
        Self { source, simple: None, linear: None, regex: std::sync::OnceLock::new(), lite: std::sync::OnceLock::new() }
    }

    /// A pattern `source` that is matched in linear time as `lite`, the same
    /// pattern in regex-lite's syntax.
    pub const fn linear(source: &'static str, lite: &'static str) -> Self {
        Self {
            source,
            simple: None,
            linear: Some(lite),
            regex: std::sync::OnceLock::new(),
            lite: std::sync::OnceLock::new(),
        }
    }

    /// A pattern that is exactly `atoms`, anchored at both ends, and that
    /// greedy matching without backtracking decides exactly; `source` is its
    /// text, for messages (and for [`Pattern::regex`]).
    pub const fn simple(source: &'static str, atoms: &'static [Atom]) -> Self {
        Self {
            source,
            simple: Some(atoms),
            linear: None,
            regex: std::sync::OnceLock::new(),
            lite: std::sync::OnceLock::new(),
        }
    }

    /// The pattern's text.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// The compiled expression (compiled on first use, also for a
    /// [`Pattern::simple`], which does not otherwise need it).
    pub fn regex(&self) -> &regress::Regex {
        self.regex.get_or_init(|| {
            regress::Regex::with_flags(self.source, "u")
                .unwrap_or_else(|e| panic!("pattern {:?} was checked when the crate was generated: {e}", self.source))
        })
    }

    /// Whether the pattern matches somewhere in `value` (Smithy's `@pattern`
    /// is a search). Allocates nothing for a [`Pattern::simple`].
    pub fn is_match(&self, value: &str) -> bool {
        if let Some(lite) = self.linear {
            let regex = self.lite.get_or_init(|| {
                regex_lite::Regex::new(lite)
                    .unwrap_or_else(|e| panic!("pattern {lite:?} was checked when the crate was generated: {e}"))
            });
            return regex.is_match(value);
        }
        match self.simple {
            Some(atoms) => greedy_match(atoms, value),
            None => self.regex().find(value).is_some(),
        }
    }
}

/// Matches `value` against `atoms`, anchored at both ends, taking as many
/// characters as allowed for each atom in turn and never giving any back.
fn greedy_match(atoms: &[Atom], value: &str) -> bool {
    let mut chars = value.chars().peekable();
    for atom in atoms {
        let mut taken = 0u32;
        while atom.max.is_none_or(|max| taken < max) {
            match chars.peek() {
                Some(&c) if atom.contains(c) => {
                    chars.next();
                    taken = taken.saturating_add(1);
                }
                _ => break,
            }
        }
        if taken < atom.min {
            return false;
        }
    }
    chars.next().is_none()
}

/// Collects violations; generated `validate_into` methods push into it.
#[derive(Debug)]
pub struct Collector {
    mode: ValidationMode,
    violations: Vec<Violation>,
}

impl Collector {
    /// An empty collector for `mode` (allocates nothing).
    pub fn new(mode: ValidationMode) -> Self {
        Self { mode, violations: Vec::new() }
    }

    /// Whether every constraint is checked.
    pub fn strict(&self) -> bool {
        self.mode == ValidationMode::Strict
    }

    /// Whether anything is checked.
    pub fn enabled(&self) -> bool {
        self.mode != ValidationMode::Off
    }

    /// A required member is missing.
    #[cold]
    pub fn missing(&mut self, path: &Path<'_>) {
        self.push(path, Constraint::Required, None, None);
    }

    /// Checks a length (characters, entries or bytes) against `@length`;
    /// `shown` renders the value for the message, only on failure.
    pub fn length(
        &mut self,
        path: &Path<'_>,
        len: u64,
        min: Option<u64>,
        max: Option<u64>,
        shown: impl FnOnce() -> String,
    ) {
        if let Some(min) = min.filter(|min| len < *min) {
            self.push(path, Constraint::MinLength(min), Some(shorten(&shown()).into_owned()), Some(len));
        } else if let Some(max) = max.filter(|max| len > *max && self.strict()) {
            self.push(path, Constraint::MaxLength(max), Some(shorten(&shown()).into_owned()), Some(len));
        }
    }

    /// Checks a number against `@range` (inclusive). Every Smithy number
    /// type converts to `f64` exactly within the bounds models use.
    pub fn range(&mut self, path: &Path<'_>, value: f64, min: Option<f64>, max: Option<f64>) {
        if let Some(min) = min.filter(|min| value < *min) {
            self.push(path, Constraint::Min(min), Some(number(value)), None);
        } else if let Some(max) = max.filter(|max| value > *max && self.strict()) {
            self.push(path, Constraint::Max(max), Some(number(value)), None);
        }
    }

    /// Checks a string against `@pattern` (strict mode only).
    pub fn pattern(&mut self, path: &Path<'_>, value: &str, pattern: &Pattern) {
        if self.strict() && !pattern.is_match(value) {
            self.push(path, Constraint::Pattern(pattern.source), Some(format!("{:?}", shorten(value))), None);
        }
    }

    /// A value outside an enum's known values (strict mode only).
    pub fn unknown_enum(&mut self, path: &Path<'_>, value: &str, values: &'static [&'static str]) {
        if self.strict() {
            self.push(path, Constraint::Enum(values), Some(format!("{:?}", shorten(value))), None);
        }
    }

    /// A union holds its `Unknown` variant, which cannot be written (checked
    /// in every mode but `Off`: sending would fail anyway).
    #[cold]
    pub fn unknown_union_member(&mut self, path: &Path<'_>) {
        self.push(path, Constraint::UnknownUnionMember, None, None);
    }

    /// Checks `@uniqueItems` (strict mode only).
    pub fn unique<T: PartialEq + fmt::Debug>(&mut self, path: &Path<'_>, items: &[T]) {
        if !self.strict() {
            return;
        }
        for (i, item) in items.iter().enumerate() {
            if items[..i].contains(item) {
                self.push(
                    &path.index(i),
                    Constraint::UniqueItems,
                    Some(shorten(&format!("{item:?}")).into_owned()),
                    None,
                );
            }
        }
    }

    #[cold]
    fn push(&mut self, path: &Path<'_>, constraint: Constraint, value: Option<String>, actual_len: Option<u64>) {
        self.violations.push(Violation { path: path.to_string(), constraint, value, actual_len });
    }

    /// `Ok(())` when nothing was found.
    pub fn finish(self) -> Result<(), ValidationErrors> {
        ValidationErrors::check(self.violations)
    }
}

/// The most characters of a value a message shows.
const SHOWN: usize = 64;

/// Shortens `value` to at most 64 characters for messages.
pub fn shorten(value: &str) -> Cow<'_, str> {
    match value.char_indices().nth(SHOWN) {
        None => Cow::Borrowed(value),
        Some((cut, _)) => Cow::Owned(format!("{}...", &value[..cut])),
    }
}

fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

fn shown_value(f: &mut fmt::Formatter<'_>, value: &str) -> fmt::Result {
    if value.is_empty() {
        Ok(())
    } else {
        write!(f, " (value: {value})")
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = self.value.as_deref().unwrap_or("");
        let len = self.actual_len.unwrap_or(0);
        match &self.constraint {
            Constraint::Required => write!(f, "{}: required member is missing", self.path),
            Constraint::MinLength(min) => {
                write!(f, "{}: length {len} is below the minimum {min}", self.path)?;
                shown_value(f, value)
            }
            Constraint::MaxLength(max) => {
                write!(f, "{}: length {len} is above the maximum {max}", self.path)?;
                shown_value(f, value)
            }
            Constraint::Min(min) => write!(f, "{}: {value} is below the minimum {}", self.path, number(*min)),
            Constraint::Max(max) => write!(f, "{}: {value} is above the maximum {}", self.path, number(*max)),
            Constraint::Pattern(p) => write!(f, "{}: {value} does not match the pattern {p}", self.path),
            Constraint::Enum(values) => {
                write!(f, "{}: {value} is not one of {}", self.path, values.join(", "))
            }
            Constraint::UniqueItems => write!(f, "{}: {value} appears more than once", self.path),
            Constraint::UnknownUnionMember => write!(
                f,
                "{}: the union holds a member this client does not know (read from a response), so it cannot be sent",
                self.path
            ),
        }
    }
}

/// Every violation found in one value; never empty.
///
/// `Display` is one line (the first violation and how many more); `{:#}`
/// lists every violation, one per line; [`violations`](Self::violations)
/// gives them as data.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidationErrors {
    violations: Vec<Violation>,
}

impl ValidationErrors {
    /// The violations, in the order the value's members were visited.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// `Ok(())` when `violations` is empty.
    pub fn check(violations: Vec<Violation>) -> Result<(), ValidationErrors> {
        if violations.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors { violations })
        }
    }
}

/// One line: the first violation, and how many more there are
/// (`CreateFleetInput.Name: required member is missing (and 2 more)`).
///
/// The alternate form, `{:#}`, lists every violation on its own line after
/// a count:
///
/// ```text
/// 3 invalid values:
///   CreateFleetInput.Name: required member is missing
///   CreateFleetInput.InstanceType: required member is missing
///   CreateFleetInput.ComputeCapacity: required member is missing
/// ```
impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.violations.len();
        if f.alternate() {
            write!(f, "{n} invalid value{}:", if n == 1 { "" } else { "s" })?;
            for v in &self.violations {
                write!(f, "\n  {v}")?;
            }
            return Ok(());
        }
        match self.violations.split_first() {
            Some((first, rest)) => {
                write!(f, "{first}")?;
                if !rest.is_empty() {
                    write!(f, " (and {} more)", rest.len())?;
                }
                Ok(())
            }
            None => f.write_str("no invalid values"),
        }
    }
}

impl std::error::Error for ValidationErrors {}

#[cfg(test)]
mod tests {
    #[test]
    fn a_linear_pattern_decides_what_would_take_a_backtracking_matcher_forever() {
        static P: Pattern = Pattern::linear("^(a+)+$", "^(a+)+$");
        let mut long = "a".repeat(50_000);
        assert!(P.is_match(&long));
        long.push('b');
        assert!(!P.is_match(&long));
        assert_eq!(P.source(), "^(a+)+$");
    }

    use super::*;

    #[test]
    fn messages_read_like_sentences() {
        let v = Violation {
            path: "CreateFleetInput.MaxUserDurationInSeconds".into(),
            constraint: Constraint::Min(600.0),
            value: Some("599".into()),
            actual_len: None,
        };
        assert_eq!(v.to_string(), "CreateFleetInput.MaxUserDurationInSeconds: 599 is below the minimum 600");
        let errs = ValidationErrors::check(vec![v.clone()]).unwrap_err();
        assert_eq!(errs.to_string(), v.to_string());
        assert_eq!(format!("{errs:#}"), format!("1 invalid value:\n  {v}"));
        let w = Violation {
            path: "CreateFleetInput.Name".into(),
            constraint: Constraint::Required,
            value: None,
            actual_len: None,
        };
        let errs = ValidationErrors::check(vec![v.clone(), w.clone(), w.clone()]).unwrap_err();
        assert_eq!(errs.to_string(), format!("{v} (and 2 more)"));
        assert!(!errs.to_string().contains('\n'));
        assert_eq!(format!("{errs:#}"), format!("3 invalid values:\n  {v}\n  {w}\n  {w}"));
        assert!(ValidationErrors::check(Vec::new()).is_ok());
    }

    #[test]
    fn paths_render_members_indexes_and_keys() {
        let root = Path::Root("CreateFleetInput");
        let vpc = root.member("VpcConfig");
        let subnets = vpc.member("SubnetIds");
        assert_eq!(subnets.index(2).to_string(), "CreateFleetInput.VpcConfig.SubnetIds[2]");
        assert_eq!(root.member("Metadata").key("k\"ey").to_string(), "CreateFleetInput.Metadata[\"k\\\"ey\"]");
    }

    #[test]
    fn standard_mode_checks_minimums_only() {
        let root = Path::Root("In");
        let mut c = Collector::new(ValidationMode::Standard);
        c.range(&root.member("A"), 5.0, Some(1.0), Some(3.0));
        c.length(&root.member("B"), 10, Some(1), Some(3), || "x".repeat(10));
        c.length(&root.member("C"), 0, Some(1), Some(3), String::new);
        c.range(&root.member("D"), 0.0, Some(1.0), None);
        let errs = c.finish().unwrap_err();
        let shown: Vec<String> = errs.violations().iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["In.C: length 0 is below the minimum 1", "In.D: 0 is below the minimum 1"]);
    }

    #[test]
    fn strict_mode_checks_maximums_patterns_and_uniqueness() {
        static DIGITS: Pattern = Pattern::new("^\\d+$");
        let root = Path::Root("In");
        let mut c = Collector::new(ValidationMode::Strict);
        c.range(&root.member("A"), 5.0, Some(1.0), Some(3.0));
        c.pattern(&root.member("P"), "١٢", &DIGITS);
        c.pattern(&root.member("Q"), "12", &DIGITS);
        c.unique(&root.member("U"), &["a", "b", "a"]);
        let shown: Vec<String> = c.finish().unwrap_err().violations().iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "In.A: 5 is above the maximum 3",
                "In.P: \"١٢\" does not match the pattern ^\\d+$",
                "In.U[2]: \"a\" appears more than once",
            ]
        );
    }

    /// `^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}$` and `^\\d+$`, written as simple patterns.
    static NAME: Pattern = Pattern::simple(
        "^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}$",
        &[
            Atom::new(&[('0', '9'), ('A', 'Z'), ('a', 'z')], 1, Some(1)),
            Atom::new(&[('-', '.'), ('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')], 0, Some(100)),
        ],
    );
    static SIMPLE_DIGITS: Pattern = Pattern::simple("^\\d+$", &[Atom::new(&[('0', '9')], 1, None)]);
    static EMPTY: Pattern = Pattern::simple("^$", &[]);

    #[test]
    fn simple_patterns_match_like_regress() {
        assert!(SIMPLE_DIGITS.is_match("0123456789"));
        for no in ["", "١٢", "12a", "a12", "1\n", "\u{FF11}"] {
            assert!(!SIMPLE_DIGITS.is_match(no), "{no:?}");
        }
        assert!(EMPTY.is_match(""));
        assert!(!EMPTY.is_match("a"));
        let alphabet: Vec<char> = "aZ09_.-/:éé٣😀 \n".chars().collect();
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for pattern in [&NAME, &SIMPLE_DIGITS, &EMPTY] {
            for _ in 0..3_000 {
                let len = match next() % 4 {
                    0 => (next() % 4) as usize,
                    1 => 99 + (next() % 4) as usize,
                    _ => (next() % 12) as usize,
                };
                let fill = next() % 3 == 0;
                let s: String = (0..len)
                    .map(|_| if fill { 'x' } else { alphabet[(next() % alphabet.len() as u64) as usize] })
                    .collect();
                let want = pattern.regex().find(&s).is_some();
                assert_eq!(pattern.is_match(&s), want, "{} on {s:?}", pattern.source());
            }
        }
        assert!(NAME.is_match(&format!("a{}", "b".repeat(100))));
        assert!(!NAME.is_match(&format!("a{}", "b".repeat(101))));
    }

    #[test]
    fn simple_pattern_violations_name_the_source() {
        let mut c = Collector::new(ValidationMode::Strict);
        c.pattern(&Path::Root("In"), "١٢", &SIMPLE_DIGITS);
        c.pattern(&Path::Root("In"), "12", &SIMPLE_DIGITS);
        let errs = c.finish().unwrap_err();
        assert_eq!(errs.violations().len(), 1);
        assert_eq!(errs.violations()[0].constraint, Constraint::Pattern("^\\d+$"));
        assert_eq!(errs.to_string(), "In: \"١٢\" does not match the pattern ^\\d+$");
        assert_eq!(format!("{errs:#}"), "1 invalid value:\n  In: \"١٢\" does not match the pattern ^\\d+$");
    }

    #[test]
    fn off_mode_is_reported_as_disabled() {
        assert!(!Collector::new(ValidationMode::Off).enabled());
        assert!(Collector::new(ValidationMode::Off).finish().is_ok());
    }

    #[test]
    fn long_values_are_shortened_by_characters() {
        let s = "é".repeat(100);
        let short = shorten(&s);
        assert_eq!(short.chars().count(), SHOWN + 3);
        assert_eq!(shorten("short"), "short");
    }
}
