//! Finding `@pattern`s that can take exponential time in a backtracking
//! matcher such as regress: see [`exponential_backtracking`].
//!
//! The existing scanners of this module rewrite text ([`super::translate`])
//! or accept only flat patterns ([`super::simple_form`]); this analysis
//! needs the whole structure (groups, alternation, nested quantifiers), so
//! it has its own small parser of ECMA-262 Unicode-mode syntax, which
//! reuses the range helpers of the parent module.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Mutex, OnceLock};

use super::{complement, normalize, other_case, DIGIT, MAX_CP, SURROGATES, WORD};

/// Sorted, disjoint inclusive code point ranges.
type Ranges = Vec<(u32, u32)>;

/// Most mandatory repetitions of a counted quantifier's body that are
/// written out: `x{n,m}` is read as `x{min(n, COPIES)}` followed by the
/// optional ones (see [`MAX_OPTIONAL`]).
const COPIES: u32 = 3;

/// Most optional repetitions of a counted quantifier's body that are
/// written out: `x{n,m}` has `m - n` optional copies of `x` after the
/// mandatory ones when `m - n <= MAX_OPTIONAL`, and `x*` when `m - n` is
/// larger or `m` unbounded. At most 2^16 ways to match is a constant
/// factor; 2^17 and more is treated as exponential.
const MAX_OPTIONAL: u32 = 16;

/// Most positions (character-consuming leaves) of one automaton.
const MAX_POSITIONS: usize = 20_000;

/// Work units (edges built, pairs of states explored) for one call.
const BUDGET: usize = 1_000_000;

/// Deepest nesting of groups that is analysed.
const MAX_DEPTH: usize = 200;

/// A fast hasher for the maps of small integer keys below (their order is
/// never observed).
#[derive(Default)]
struct Mix(u64);

impl Hasher for Mix {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7C_C1_B7_27_22_0A_95);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Mix>>;

/// Whether `ecma_pattern` (ECMA-262, Unicode mode, as the generated crate
/// compiles it) can need exponential time in a backtracking matcher; if so,
/// a short sentence naming the repetition responsible.
///
/// # Method
///
/// The pattern is parsed into a syntax tree and turned into a position
/// (Glushkov) automaton: one state per character-consuming leaf, each
/// transition labelled with the character set of its target. Unlike the
/// textbook construction, each transition also carries how many distinct
/// ways (choices of alternatives and of quantifier iterations, consuming
/// nothing in between) the matcher has to go from one position to the
/// next, counted up to 2, and following ECMA-262's rule that an optional
/// iteration which consumes nothing fails. This makes the automaton's paths
/// the matcher's paths: `(a*)*` has a doubled `a → a` transition, while
/// its textbook automaton is unambiguous.
///
/// A backtracking matcher takes exponential time exactly when the number of
/// paths it explores on some input grows exponentially, that is when the
/// automaton has exponential degree of ambiguity (Weber and Seidl): in the
/// product of the automaton with itself (pairs of states, moving together
/// on a common character), some strongly connected component contains a
/// pair `(q, q)` and either a pair `(p, r)` with `p ≠ r` or a doubled
/// transition. Then some state `q` has two different loops reading the
/// same word, and repeating that word k times gives 2^k paths.
///
/// Refinements, so that only time a matcher really spends is reported:
///
/// * A transition that passes `^` or `$` (without the `m` flag) is
///   impossible; one that passes `\b` or `\B` needs its two character sets
///   to allow it (a word character next to a non-word one, or not).
/// * Only the time of a failing search counts: a search that reaches a
///   state from which the rest of the pattern accepts whatever follows has
///   found its match and backtracks no further. Such states are left out:
///   those after which the pattern can end passing no assertion (so
///   `^(a+)+` is not reported, `^(a+)+$` is), and those from which every
///   continuation is accepted, by the subset construction
///   (`^(\/+[^\/]+\/*)+$`).
/// * Where the pattern can end before the input does, the two loops must
///   also be explored in full: following, with each pair of states, every
///   other state the matcher can be in from where the loops start, none
///   may let the pattern end on the way (`^(?:(?:[ab]*|b)*?.+)` always
///   succeeds one character later). A match by a lower-priority path that
///   the matcher tries last (`^(?:(a|a)*x)?`) does not prevent the blowup.
/// * Only states reachable from the start count.
/// * Counted repetition `x{n,m}` is written out as described for
///   `COPIES` and `MAX_OPTIONAL`: small counts exactly, so
///   `([a-z]{2})+` and `(a|aaa){1,13}` are not reported, and large ranges as
///   unbounded, so `(a|a){0,1000}` is (2^1000 paths are not bounded in any
///   useful sense).
/// * Lookahead and lookbehind bodies are matched on their own, to their
///   first success: each body is analysed separately (a lookbehind's
///   reversed, as it is matched backwards) and is an assertion in the
///   enclosing pattern, taken to hold when deciding where a match ends.
/// * A back-reference is taken to match nothing when counting paths, and to
///   possibly match the empty string when deciding where a match can end:
///   both can only hide ambiguity, so ambiguity involving a back-reference
///   is not reported, and whatever is reported does not depend on one.
/// * A search for a match at each start position only multiplies the time
///   by the input's length: ignored. So is polynomial ambiguity of high
///   degree (`a*a*a*a*a*a*b`), which is slow but not exponential.
/// * Unicode property escapes (`\p{L}`) are read with regress itself (each
///   name once per process). Inside an `(?i:...)` group only the ASCII
///   letters' other cases are added to character sets.
///
/// Elsewhere, where an approximation is needed, it is the one that
/// reports less. One blind spot remains: the order in which the matcher
/// tries paths is only taken into account from where the loops start, so
/// an earlier alternative that always succeeds, making the loops
/// unreachable (`^(?:.*|(a|a)*b)`), is not seen, and that pattern is
/// reported. One that succeeds only after the loops have been explored
/// (`^(?:(a|a)*b|a*)`) rightly does not prevent the report.
///
/// The analysis is bounded (positions, product states and edges, nesting
/// depth): a pattern too large or too deeply nested to analyse within the
/// bound, or one that this parser cannot read (which regress would reject
/// anyway), is treated as not exponential (`None`). Never panics; the
/// answer depends only on `ecma_pattern`.
pub fn exponential_backtracking(ecma_pattern: &str) -> Option<String> {
    let src: Vec<char> = ecma_pattern.chars().collect();
    let parsed = Parser::parse(&src).ok()?;
    let mut budget = BUDGET;
    let mut trees: Vec<Node> = Vec::with_capacity(parsed.looks.len() + 1);
    trees.push(parsed.root);
    for (body, behind) in parsed.looks {
        trees.push(if behind { body.reversed() } else { body });
    }
    for tree in &trees {
        let Ok(automaton) = Automaton::build(tree, &mut budget) else { continue };
        let Some((p, r)) = automaton.exponential(true, &mut budget) else { continue };
        return Some(describe(&src, &parsed.spans, &trees, &automaton, p, r, &mut budget));
    }
    None
}

/// The sentence for a finding at positions `p` and `r` of `automaton`: the
/// innermost repetition enclosing both that is exponentially ambiguous on
/// its own.
fn describe(
    src: &[char],
    spans: &[(usize, usize)],
    trees: &[Node],
    automaton: &Automaton,
    p: u32,
    r: u32,
    budget: &mut usize,
) -> String {
    let (a, b) = (&automaton.repeats[p as usize], &automaton.repeats[r as usize]);
    let common: Vec<usize> = a.iter().zip(b.iter()).take_while(|(x, y)| x == y).map(|(x, _)| *x).collect();
    let culprit = common
        .iter()
        .rev()
        .find(|&&id| {
            trees.iter().find_map(|t| t.find_repeat(id)).is_some_and(|node| {
                Automaton::build(node, budget).is_ok_and(|alone| alone.exponential(false, budget).is_some())
            })
        })
        .or(common.first());
    match culprit {
        Some(&id) => {
            let (start, end) = spans[id];
            let mut text: String = src[start..end].iter().collect();
            if end - start > 80 {
                text = src[start..start + 77].iter().collect::<String>() + "...";
            }
            format!("the repetition `{text}` can match the same text in exponentially many ways")
        }
        None => "the pattern can match the same text in exponentially many ways".to_owned(),
    }
}

// ---------------------------------------------------------------------------
// Syntax tree and parser
// ---------------------------------------------------------------------------

/// A parsed pattern.
#[derive(Debug, Clone)]
enum Node {
    /// Matches the empty string.
    Empty,
    /// One character of the set (surrogates removed; empty: matches nothing).
    Set(Ranges),
    /// A back-reference.
    Backref,
    /// An assertion (a lookaround's body is analysed separately).
    Assert(Assertion),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    /// A quantified atom; `id` indexes the source spans.
    Repeat {
        body: Box<Node>,
        min: u32,
        max: Option<u32>,
        id: usize,
    },
}

impl Node {
    /// The same pattern read backwards (for a lookbehind's body): where the
    /// reading starts, `$` must hold, and where it ends, `^`.
    fn reversed(&self) -> Node {
        match self {
            Node::Assert(Assertion::Start) => Node::Assert(Assertion::End),
            Node::Assert(Assertion::End) => Node::Assert(Assertion::Start),
            Node::Concat(items) => Node::Concat(items.iter().rev().map(Node::reversed).collect()),
            Node::Alt(items) => Node::Alt(items.iter().map(Node::reversed).collect()),
            Node::Repeat { body, min, max, id } => {
                Node::Repeat { body: Box::new(body.reversed()), min: *min, max: *max, id: *id }
            }
            other => other.clone(),
        }
    }

    /// The repetition numbered `id`, if it is in this tree.
    fn find_repeat(&self, id: usize) -> Option<&Node> {
        match self {
            Node::Repeat { id: own, .. } if *own == id => Some(self),
            Node::Repeat { body, .. } => body.find_repeat(id),
            Node::Concat(items) | Node::Alt(items) => items.iter().find_map(|n| n.find_repeat(id)),
            _ => None,
        }
    }
}

/// Kinds of assertion.
#[derive(Debug, Clone, Copy)]
enum Assertion {
    /// `^` (without the `m` flag).
    Start,
    /// `$` (without the `m` flag).
    End,
    /// `\b`.
    WordEdge,
    /// `\B`.
    NotWordEdge,
    /// A lookaround, or `^` or `$` under the `m` flag.
    Other,
}

/// The result of parsing.
struct Parsed {
    root: Node,
    /// Lookaround bodies, and whether each is a lookbehind.
    looks: Vec<(Node, bool)>,
    /// Each repetition's source span (character offsets), by id.
    spans: Vec<(usize, usize)>,
}

/// A parse failure (the pattern is not analysed).
struct Unreadable;

/// What an escape or class member stands for.
enum Item {
    Char(u32),
    Set(Ranges),
}

/// ECMA-262 `WhiteSpace` and `LineTerminator`: the set `\s` matches.
const SPACE: &[(u32, u32)] = &[
    (0x09, 0x0D),
    (0x20, 0x20),
    (0xA0, 0xA0),
    (0x1680, 0x1680),
    (0x2000, 0x200A),
    (0x2028, 0x2029),
    (0x202F, 0x202F),
    (0x205F, 0x205F),
    (0x3000, 0x3000),
    (0xFEFF, 0xFEFF),
];

/// The line terminators, which `.` does not match without the `s` flag.
const LINE_TERMINATORS: &[(u32, u32)] = &[(0x0A, 0x0A), (0x0D, 0x0D), (0x2028, 0x2029)];

/// Parses ECMA-262 Unicode-mode syntax into a [`Node`] tree.
struct Parser<'a> {
    src: &'a [char],
    pos: usize,
    looks: Vec<(Node, bool)>,
    spans: Vec<(usize, usize)>,
    /// The `i`, `s` and `m` modifiers in force.
    icase: bool,
    dotall: bool,
    multiline: bool,
    depth: usize,
}

impl<'a> Parser<'a> {
    fn parse(src: &'a [char]) -> Result<Parsed, Unreadable> {
        let mut p = Parser {
            src,
            pos: 0,
            looks: Vec::new(),
            spans: Vec::new(),
            icase: false,
            dotall: false,
            multiline: false,
            depth: 0,
        };
        let root = p.disjunction()?;
        if p.pos != src.len() {
            return Err(Unreadable);
        }
        Ok(Parsed { root, looks: p.looks, spans: p.spans })
    }

    fn peek(&self) -> Option<char> {
        self.src.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        Some(c)
    }

    fn eat(&mut self, c: char) -> bool {
        let found = self.peek() == Some(c);
        if found {
            self.pos += 1;
        }
        found
    }

    fn looking_at(&self, s: &str) -> bool {
        s.chars().enumerate().all(|(i, c)| self.src.get(self.pos + i) == Some(&c))
    }

    /// Alternatives up to a `)` or the end.
    fn disjunction(&mut self) -> Result<Node, Unreadable> {
        let mut alternatives = vec![self.alternative()?];
        while self.eat('|') {
            alternatives.push(self.alternative()?);
        }
        Ok(if alternatives.len() == 1 { alternatives.pop().unwrap_or(Node::Empty) } else { Node::Alt(alternatives) })
    }

    /// Terms up to a `|`, a `)` or the end.
    fn alternative(&mut self) -> Result<Node, Unreadable> {
        let mut terms = Vec::new();
        while !matches!(self.peek(), None | Some('|' | ')')) {
            terms.push(self.term()?);
        }
        Ok(match terms.len() {
            0 => Node::Empty,
            1 => terms.pop().unwrap_or(Node::Empty),
            _ => Node::Concat(terms),
        })
    }

    /// An atom or assertion and its quantifier.
    fn term(&mut self) -> Result<Node, Unreadable> {
        let start = self.pos;
        let atom = match self.next().ok_or(Unreadable)? {
            '^' | '$' if self.multiline => Node::Assert(Assertion::Other),
            '^' => Node::Assert(Assertion::Start),
            '$' => Node::Assert(Assertion::End),
            '\\' => match self.peek() {
                Some(c @ ('b' | 'B')) => {
                    self.pos += 1;
                    Node::Assert(if c == 'b' { Assertion::WordEdge } else { Assertion::NotWordEdge })
                }
                Some('1'..='9') => {
                    while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                        self.pos += 1;
                    }
                    Node::Backref
                }
                Some('k') => {
                    self.pos += 1;
                    if !self.eat('<') {
                        return Err(Unreadable);
                    }
                    while self.next().ok_or(Unreadable)? != '>' {}
                    Node::Backref
                }
                _ => match self.escape(false)? {
                    Item::Char(cp) => self.set(vec![(cp, cp)]),
                    Item::Set(set) => self.set(set),
                },
            },
            '[' => {
                let set = self.class()?;
                Node::Set(strip_surrogates(&set))
            }
            '(' => self.group()?,
            '.' => {
                let set = if self.dotall { vec![(0, MAX_CP)] } else { complement(LINE_TERMINATORS) };
                Node::Set(strip_surrogates(&set))
            }
            '*' | '+' | '?' | ')' | '|' => return Err(Unreadable),
            '{' if self.bounds_at(start) => return Err(Unreadable),
            c => self.set(vec![(u32::from(c), u32::from(c))]),
        };
        let Some((min, max)) = self.quantifier()? else { return Ok(atom) };
        if matches!(self.peek(), Some('*' | '+' | '?')) || self.bounds_at(self.pos) {
            return Err(Unreadable);
        }
        let id = self.spans.len();
        self.spans.push((start, self.pos));
        Ok(Node::Repeat { body: Box::new(atom), min, max, id })
    }

    /// A one-character set, with the other ASCII case under `i`.
    fn set(&self, ranges: Ranges) -> Node {
        Node::Set(strip_surrogates(&self.fold(ranges)))
    }

    /// Adds the other ASCII case of the letters under the `i` modifier.
    fn fold(&self, ranges: Ranges) -> Ranges {
        if !self.icase {
            return normalize(ranges);
        }
        let mut all = other_case(&ranges);
        all.extend(ranges);
        normalize(all)
    }

    /// After an atom: its quantifier's bounds, if there is one (a lazy `?`
    /// after it changes nothing here).
    fn quantifier(&mut self) -> Result<Option<(u32, Option<u32>)>, Unreadable> {
        let bounds = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') if self.bounds_at(self.pos) => {
                self.pos += 1;
                let min = self.number();
                let max = if self.eat(',') { (self.peek() != Some('}')).then(|| self.number()) } else { Some(min) };
                if max.is_some_and(|max| max < min) {
                    return Err(Unreadable);
                }
                (min, max)
            }
            _ => return Ok(None),
        };
        // The quantifier's last character, then a lazy `?`.
        self.pos += 1;
        self.eat('?');
        Ok(Some(bounds))
    }

    /// Whether `{n}`, `{n,}` or `{n,m}` starts at `at`.
    fn bounds_at(&self, at: usize) -> bool {
        let mut i = at + 1;
        let digits = |i: &mut usize| {
            let from = *i;
            while self.src.get(*i).is_some_and(char::is_ascii_digit) {
                *i += 1;
            }
            *i > from
        };
        if self.src.get(at) != Some(&'{') || !digits(&mut i) {
            return false;
        }
        if self.src.get(i) == Some(&',') {
            i += 1;
            digits(&mut i);
        }
        self.src.get(i) == Some(&'}')
    }

    /// Decimal digits, saturating.
    fn number(&mut self) -> u32 {
        let mut n: u32 = 0;
        while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            n = n.saturating_mul(10).saturating_add(d);
            self.pos += 1;
        }
        n
    }

    /// After `(`: a group, a lookaround or a modifier group.
    fn group(&mut self) -> Result<Node, Unreadable> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Unreadable);
        }
        let flags = (self.icase, self.dotall, self.multiline);
        let mut look = None;
        if self.eat('?') {
            if self.eat(':') {
            } else if self.eat('=') || self.eat('!') {
                look = Some(false);
            } else if self.looking_at("<=") || self.looking_at("<!") {
                self.pos += 2;
                look = Some(true);
            } else if self.eat('<') {
                while self.next().ok_or(Unreadable)? != '>' {}
            } else {
                self.modifiers()?;
            }
        }
        let body = self.disjunction()?;
        if !self.eat(')') {
            return Err(Unreadable);
        }
        (self.icase, self.dotall, self.multiline) = flags;
        self.depth -= 1;
        Ok(match look {
            Some(behind) => {
                self.looks.push((body, behind));
                Node::Assert(Assertion::Other)
            }
            None => body,
        })
    }

    /// After `(?`: modifiers such as `i-s:`.
    fn modifiers(&mut self) -> Result<(), Unreadable> {
        let mut on = true;
        loop {
            match self.next().ok_or(Unreadable)? {
                ':' => return Ok(()),
                '-' if on => on = false,
                'i' => self.icase = on,
                's' => self.dotall = on,
                'm' => self.multiline = on,
                _ => return Err(Unreadable),
            }
        }
    }

    /// After `[`: a class, as its set of code points.
    fn class(&mut self) -> Result<Ranges, Unreadable> {
        let negated = self.eat('^');
        let mut set = Vec::new();
        while !self.eat(']') {
            let first = self.class_atom()?;
            let range = self.peek() == Some('-') && !matches!(self.src.get(self.pos + 1), Some(']') | None);
            match first {
                Item::Char(lo) if range => {
                    self.pos += 1;
                    match self.class_atom()? {
                        Item::Char(hi) if lo <= hi => set.push((lo, hi)),
                        _ => return Err(Unreadable),
                    }
                }
                Item::Char(cp) => set.push((cp, cp)),
                Item::Set(_) if range => return Err(Unreadable),
                Item::Set(ranges) => set.extend(ranges),
            }
        }
        let set = self.fold(set);
        Ok(if negated { complement(&set) } else { set })
    }

    /// One member of a class (a lone `-` is literal).
    fn class_atom(&mut self) -> Result<Item, Unreadable> {
        match self.next().ok_or(Unreadable)? {
            '\\' => self.escape(true),
            c => Ok(Item::Char(u32::from(c))),
        }
    }

    /// `n` hexadecimal digits.
    fn hex(&mut self, n: usize) -> Result<u32, Unreadable> {
        let mut value = 0;
        for _ in 0..n {
            value = value * 16 + self.next().and_then(|c| c.to_digit(16)).ok_or(Unreadable)?;
        }
        Ok(value)
    }

    /// After `\`: a character or set escape.
    fn escape(&mut self, in_class: bool) -> Result<Item, Unreadable> {
        let set = |ranges: &[(u32, u32)]| Ok(Item::Set(ranges.to_vec()));
        let cp = match self.next().ok_or(Unreadable)? {
            'd' => return set(DIGIT),
            'D' => return set(&complement(DIGIT)),
            'w' => return set(WORD),
            'W' => return set(&complement(WORD)),
            's' => return set(SPACE),
            'S' => return set(&complement(SPACE)),
            c @ ('p' | 'P') => {
                if !self.eat('{') {
                    return Err(Unreadable);
                }
                let from = self.pos;
                while self.next().ok_or(Unreadable)? != '}' {}
                let name: String = self.src[from..self.pos - 1].iter().collect();
                let ranges = property(&name).ok_or(Unreadable)?;
                return Ok(Item::Set(if c == 'P' { complement(&ranges) } else { ranges }));
            }
            'f' => 0x0C,
            'n' => 0x0A,
            'r' => 0x0D,
            't' => 0x09,
            'v' => 0x0B,
            'b' if in_class => 0x08,
            '-' if in_class => u32::from('-'),
            'c' => self.next().filter(char::is_ascii_alphabetic).map(|l| u32::from(l) % 32).ok_or(Unreadable)?,
            '0' if !self.peek().is_some_and(|c| c.is_ascii_digit()) => 0,
            'x' => self.hex(2)?,
            'u' if self.eat('{') => {
                let mut cp: u32 = 0;
                while let Some(d) = self.peek().and_then(|c| c.to_digit(16)) {
                    cp = cp.saturating_mul(16).saturating_add(d);
                    self.pos += 1;
                }
                if !self.eat('}') || cp > MAX_CP {
                    return Err(Unreadable);
                }
                cp
            }
            'u' => {
                let cp = self.hex(4)?;
                if (0xD800..=0xDBFF).contains(&cp) && self.looking_at("\\u") {
                    let before = self.pos;
                    self.pos += 2;
                    match self.hex(4) {
                        Ok(trail) if (0xDC00..=0xDFFF).contains(&trail) => {
                            0x10000 + ((cp - 0xD800) << 10) + (trail - 0xDC00)
                        }
                        _ => {
                            self.pos = before;
                            cp
                        }
                    }
                } else {
                    cp
                }
            }
            c @ ('^' | '$' | '\\' | '.' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '|' | '/') => {
                u32::from(c)
            }
            _ => return Err(Unreadable),
        };
        Ok(Item::Char(cp))
    }
}

/// `ranges` without the UTF-16 surrogates, which no Rust string contains.
fn strip_surrogates(ranges: &[(u32, u32)]) -> Ranges {
    let mut out = Vec::with_capacity(ranges.len() + 1);
    for &(lo, hi) in ranges {
        for (l, h) in [(lo, hi.min(SURROGATES.0 - 1)), (lo.max(SURROGATES.1 + 1), hi)] {
            if l <= h {
                out.push((l, h));
            }
        }
    }
    out
}

/// The code points of the Unicode property `\p{name}`, read from regress
/// (which knows the Unicode tables) once per name; `None` if regress does
/// not know the name.
fn property(name: &str) -> Option<Ranges> {
    static CACHE: OnceLock<Mutex<HashMap<String, Option<Ranges>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(known) = cache.lock().ok()?.get(name) {
        return known.clone();
    }
    let computed = probe_property(name);
    cache.lock().ok()?.insert(name.to_owned(), computed.clone());
    computed
}

/// Where the string of every `char` is cut in two, to probe both halves at
/// once. Below U+30000 lie the multilingual planes and the first ideographic
/// plane, where most characters that a property names are; scanning them
/// takes about as long as scanning the rest (measured with callgrind for the
/// general categories). The cut is not next to the surrogates, which the
/// string skips, so a run that crosses it is two ranges that touch.
const PROBE_SPLIT: u32 = 0x3_0000;

/// Finds the runs of `\p{name}` in the string of every `char` in order.
/// Scanning 1.1 million characters takes a while, so the two halves of the
/// string are scanned on two threads; `normalize` joins a run cut in two.
fn probe_property(name: &str) -> Option<Ranges> {
    static EVERY_CHAR: OnceLock<[String; 2]> = OnceLock::new();
    let halves = EVERY_CHAR.get_or_init(|| {
        let chars = |range: std::ops::RangeInclusive<u32>| range.filter_map(char::from_u32).collect();
        [chars(0..=PROBE_SPLIT - 1), chars(PROBE_SPLIT..=MAX_CP)]
    });
    let re = regress::Regex::with_flags(&format!("\\p{{{name}}}+"), super::FLAGS).ok()?;
    let runs = |every: &str| -> Option<Ranges> {
        let mut out = Vec::new();
        for m in re.find_iter(every) {
            let first = every.get(m.start()..)?.chars().next()?;
            let last = every.get(..m.end())?.chars().next_back()?;
            out.push((u32::from(first), u32::from(last)));
        }
        Some(out)
    };
    let (low, high) = std::thread::scope(|scope| {
        let high = scope.spawn(|| runs(&halves[1]));
        (runs(&halves[0]), high.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    });
    let mut out = low?;
    out.extend(high?);
    Some(normalize(out))
}

// ---------------------------------------------------------------------------
// The position automaton with path multiplicities
// ---------------------------------------------------------------------------

/// Counts of paths, saturating at 2 (all that matters is 0, 1 or more).
type Count = u8;

fn add(a: Count, b: Count) -> Count {
    (a + b).min(2)
}

fn mul(a: Count, b: Count) -> Count {
    (a * b).min(2)
}

/// The assertions a path that consumes nothing passes, as bits.
type Cond = u8;
/// `\b`.
const WORD_EDGE: Cond = 1;
/// `\B`.
const NOT_WORD_EDGE: Cond = 2;
/// `^` (without the `m` flag).
const START: Cond = 4;
/// `$` (without the `m` flag).
const END: Cond = 8;

/// Both sets of assertions, unless they contradict each other.
fn and(a: Cond, b: Cond) -> Option<Cond> {
    let c = a | b;
    (c & (WORD_EDGE | NOT_WORD_EDGE) != WORD_EDGE | NOT_WORD_EDGE).then_some(c)
}

/// Ways of matching the empty string, by the assertions passed.
type Nulls = [Count; 16];

/// One way to match the empty string, passing no assertion.
const ONE: Nulls = {
    let mut n = [0; 16];
    n[0] = 1;
    n
};

/// The ways of two empty matches in a row.
fn then(a: &Nulls, b: &Nulls) -> Nulls {
    let mut out = [0; 16];
    for (x, &m) in a.iter().enumerate() {
        for (y, &n) in b.iter().enumerate() {
            if let (true, Some(c)) = (m > 0 && n > 0, and(x as Cond, y as Cond)) {
                out[c as usize] = add(out[c as usize], mul(m, n));
            }
        }
    }
    out
}

/// A position that can be consumed first (or last), in how many ways, and
/// the assertions passed on the way in (or out).
type Entry = (u32, Count, Cond);

/// `entries` after (or before) an empty match in one of the ways `nulls`.
fn through(nulls: &Nulls, entries: &[Entry]) -> Vec<Entry> {
    let mut out = Vec::new();
    for (k, &m) in nulls.iter().enumerate() {
        if m > 0 {
            out.extend(entries.iter().filter_map(|&(p, n, c)| Some((p, mul(m, n), and(k as Cond, c)?))));
        }
    }
    out
}

/// The work budget ran out.
struct TooBig;

/// What the construction knows about a sub-pattern.
#[derive(Clone)]
struct Info {
    /// Positions that can be consumed first.
    first: Vec<Entry>,
    /// Positions that can be consumed last (the count and assertions of
    /// the way out to the sub-pattern's end).
    last: Vec<Entry>,
    /// Its empty matches.
    null: Nulls,
    /// The assertions it can match the empty string passing, as a set of
    /// [`Cond`]s (taking back-references to match the empty string), `$`
    /// excluded: what can follow is then anything.
    skip_any: Conds,
    /// The same, `$` included.
    skip: Conds,
    /// Positions after which it can end as for `skip_any`, and the
    /// assertions passed on the way out.
    ends_any: Vec<(u32, Cond)>,
    /// Positions after which it can end as for `skip`.
    ends: Vec<(u32, Cond)>,
}

/// A set of [`Cond`]s (bit `c` for `c`).
type Conds = u16;

/// The combinations of one of `a` and one of `b`.
fn and_all(a: Conds, b: Conds) -> Conds {
    let mut out = 0;
    for x in (0..16).filter(|x| a & (1 << x) != 0) {
        for y in (0..16).filter(|y| b & (1 << y) != 0) {
            if let Some(c) = and(x, y) {
                out |= 1 << c;
            }
        }
    }
    out
}

/// `entries` (ways out after a position) followed by empty matches passing
/// one of `conds`; `^` cannot hold once a character has been consumed.
fn ends_through(entries: &[(u32, Cond)], conds: Conds) -> Vec<(u32, Cond)> {
    let mut out = Vec::new();
    for k in (0..16).filter(|k| conds & (1 << k) != 0) {
        out.extend(entries.iter().filter_map(|&(p, c)| Some((p, and(c, k).filter(|ck| ck & START == 0)?))));
    }
    if conds.count_ones() > 1 {
        out.sort_unstable();
        out.dedup();
    }
    out
}

impl Info {
    /// Matches nothing.
    fn none() -> Info {
        Info {
            first: Vec::new(),
            last: Vec::new(),
            null: [0; 16],
            skip_any: 0,
            skip: 0,
            ends_any: Vec::new(),
            ends: Vec::new(),
        }
    }

    /// Matches the empty string passing the assertions `c`, in one way
    /// (`counted`) or none (a back-reference).
    fn empty(c: Cond, counted: bool) -> Info {
        let mut null = [0; 16];
        null[c as usize] = Count::from(counted);
        let skip_any = if c & END == 0 { 1 << c } else { 0 };
        Info { null, skip_any, skip: 1 << c, ..Info::none() }
    }

    /// Without its empty matches (an optional iteration that consumes
    /// nothing fails).
    fn nonempty(self) -> Info {
        Info { null: [0; 16], skip_any: 0, skip: 0, ..self }
    }
}

/// Which pairs of character sets (by index, smaller first) share a
/// character: 0 not yet known, 1 no, 2 yes.
enum Overlaps {
    Dense { width: usize, known: Vec<u8> },
    Sparse(FastMap<(u32, u32), u8>),
}

impl Overlaps {
    fn new(sets: usize) -> Overlaps {
        if sets <= 1024 {
            Overlaps::Dense { width: sets, known: vec![0; sets * sets] }
        } else {
            Overlaps::Sparse(FastMap::default())
        }
    }
}

/// An automaton: positions with character sets, and transitions with
/// multiplicities.
struct Automaton {
    /// Each position's character set (an index into `sets`).
    set_of: Vec<u32>,
    sets: Vec<Ranges>,
    /// Each position's enclosing repetitions, outermost first.
    repeats: Vec<Vec<usize>>,
    /// Transitions from each position: target and multiplicity, sorted.
    succ: Vec<Vec<(u32, Count)>>,
    /// Transitions from the start.
    start: Vec<u32>,
    /// The assertions on the ways the pattern can end after each position
    /// whatever follows (see [`Info::ends_any`]), or at the end of the
    /// input ([`Info::ends`]).
    ends_any: Vec<Conds>,
    ends: Vec<Conds>,
    /// Whether each position's set has word characters, and others.
    wordish: Vec<(bool, bool)>,
}

/// Builds an [`Automaton`].
struct Builder<'b> {
    set_of: Vec<u32>,
    sets: Vec<Ranges>,
    set_ids: HashMap<Ranges, u32>,
    /// Whether each position's set has word characters, and others.
    wordish: Vec<(bool, bool)>,
    repeats: Vec<Vec<usize>>,
    stack: Vec<usize>,
    /// Transitions as they are found (the same pair can come up again).
    follow: Vec<(u32, u32, Count)>,
    budget: &'b mut usize,
}

impl Builder<'_> {
    fn spend(&mut self, units: usize) -> Result<(), TooBig> {
        *self.budget = self.budget.checked_sub(units).ok_or(TooBig)?;
        Ok(())
    }

    /// Whether a transition from `p` to `q` passing the assertions `c`
    /// can be taken (for `\b` and `\B`, by the two sets).
    fn possible(&self, p: u32, q: u32, c: Cond) -> bool {
        let ((pw, pn), (qw, qn)) = (self.wordish[p as usize], self.wordish[q as usize]);
        c & (START | END) == 0
            && (c & WORD_EDGE == 0 || (pw && qn) || (pn && qw))
            && (c & NOT_WORD_EDGE == 0 || (pw && qw) || (pn && qn))
    }

    /// Adds the transitions from each of `last` to each of `first`.
    fn link(&mut self, last: &[Entry], first: &[Entry]) -> Result<(), TooBig> {
        self.spend(last.len() * first.len())?;
        for &(p, m, c) in last {
            for &(q, n, d) in first {
                if and(c, d).is_some_and(|cd| self.possible(p, q, cd)) {
                    self.follow.push((p, q, mul(m, n)));
                }
            }
        }
        Ok(())
    }

    fn node(&mut self, node: &Node) -> Result<Info, TooBig> {
        self.spend(1)?;
        Ok(match node {
            Node::Empty | Node::Assert(Assertion::Other) => Info::empty(0, true),
            Node::Assert(Assertion::Start) => Info::empty(START, true),
            Node::Assert(Assertion::End) => Info::empty(END, true),
            Node::Assert(Assertion::WordEdge) => Info::empty(WORD_EDGE, true),
            Node::Assert(Assertion::NotWordEdge) => Info::empty(NOT_WORD_EDGE, true),
            Node::Backref => Info::empty(0, false),
            Node::Set(ranges) if ranges.is_empty() => Info::none(),
            Node::Set(ranges) => {
                if self.set_of.len() >= MAX_POSITIONS {
                    return Err(TooBig);
                }
                let p = self.set_of.len() as u32;
                let next_id = self.sets.len() as u32;
                let id = *self.set_ids.entry(ranges.clone()).or_insert(next_id);
                if id == next_id {
                    self.sets.push(ranges.clone());
                }
                self.set_of.push(id);
                let word = super::overlap(ranges, WORD);
                let other = !super::subtract(ranges, WORD).is_empty();
                self.wordish.push((word, other));
                self.repeats.push(self.stack.clone());
                self.spend(self.stack.len() + ranges.len())?;
                let out = vec![(p, 0)];
                Info { first: vec![(p, 1, 0)], last: vec![(p, 1, 0)], ends_any: out.clone(), ends: out, ..Info::none() }
            }
            Node::Concat(items) => {
                let mut acc = Info::empty(0, true);
                for item in items {
                    let next = self.node(item)?;
                    acc = self.concat(acc, next)?;
                }
                acc
            }
            Node::Alt(items) => {
                let mut acc = Info::none();
                for item in items {
                    let next = self.node(item)?;
                    self.spend(next.first.len() + next.last.len() + next.ends.len() + next.ends_any.len())?;
                    acc.first.extend(next.first);
                    acc.last.extend(next.last);
                    acc.ends.extend(next.ends);
                    acc.ends_any.extend(next.ends_any);
                    for (a, b) in acc.null.iter_mut().zip(next.null) {
                        *a = add(*a, b);
                    }
                    acc.skip |= next.skip;
                    acc.skip_any |= next.skip_any;
                }
                acc
            }
            Node::Repeat { body, min, max, id } => {
                self.stack.push(*id);
                let info = self.repeat(body, *min, *max);
                self.stack.pop();
                info?
            }
        })
    }

    fn concat(&mut self, a: Info, b: Info) -> Result<Info, TooBig> {
        self.link(&a.last, &b.first)?;
        let ways = |n: &Nulls| n.iter().filter(|&&m| m > 0).count().max(1);
        let conds = |c: Conds| c.count_ones().max(1) as usize;
        self.spend(
            a.first.len()
                + ways(&a.null) * b.first.len()
                + b.last.len()
                + ways(&b.null) * a.last.len()
                + b.ends.len()
                + conds(b.skip) * a.ends.len()
                + b.ends_any.len()
                + conds(b.skip_any) * a.ends_any.len(),
        )?;
        let mut first = a.first;
        first.extend(through(&a.null, &b.first));
        let mut last = b.last;
        last.extend(through(&b.null, &a.last));
        let mut ends = b.ends;
        ends.extend(ends_through(&a.ends, b.skip));
        let mut ends_any = b.ends_any;
        ends_any.extend(ends_through(&a.ends_any, b.skip_any));
        Ok(Info {
            first,
            last,
            null: then(&a.null, &b.null),
            skip_any: and_all(a.skip_any, b.skip_any),
            skip: and_all(a.skip, b.skip),
            ends_any,
            ends,
        })
    }

    /// `body{min,max}`, written out as described for [`COPIES`] and
    /// [`MAX_OPTIONAL`].
    fn repeat(&mut self, body: &Node, min: u32, max: Option<u32>) -> Result<Info, TooBig> {
        let optional = max.map(|max| max - min);
        let copies = min.min(COPIES);
        let unbounded = optional.is_none_or(|r| r > MAX_OPTIONAL);
        // The mandatory copies, the last one merged into `x+` when the
        // rest is unbounded.
        let mut acc = Info::empty(0, true);
        let mandatory = if unbounded && copies > 0 { copies - 1 } else { copies };
        for _ in 0..mandatory {
            let copy = self.node(body)?;
            acc = self.concat(acc, copy)?;
        }
        let tail = if unbounded {
            let e = self.node(body)?;
            self.link(&e.last, &e.first)?;
            if copies > 0 {
                // `x+`: the first iteration may be empty, the next ones not.
                let mut first = e.first.clone();
                first.extend(through(&e.null, &e.first));
                Info { first, ..e }
            } else {
                Info { null: ONE, skip_any: 1, skip: 1, ..e.nonempty() }
            }
        } else {
            self.optional_copies(body, optional.unwrap_or(0))?
        };
        self.concat(acc, tail)
    }

    /// Up to `n` more iterations, each of which must consume something.
    fn optional_copies(&mut self, body: &Node, n: u32) -> Result<Info, TooBig> {
        if n == 0 {
            return Ok(Info::empty(0, true));
        }
        let e = self.node(body)?.nonempty();
        let rest = self.optional_copies(body, n - 1)?;
        let more = self.concat(e, rest)?;
        Ok(Info { null: ONE, skip_any: 1, skip: 1, ..more })
    }
}

/// Most sets of states followed when deciding whether a state accepts
/// every continuation.
const MAX_SUBSETS: usize = 64;

/// Most work spent deciding whether one state accepts every continuation.
const UNIVERSAL_BUDGET: usize = 20_000;

/// Largest strongly connected component whose states are checked for
/// accepting every continuation.
const MAX_CHECKED: usize = 256;

impl Automaton {
    fn build(tree: &Node, budget: &mut usize) -> Result<Automaton, TooBig> {
        let mut b = Builder {
            set_of: Vec::new(),
            sets: Vec::new(),
            set_ids: HashMap::new(),
            wordish: Vec::new(),
            repeats: Vec::new(),
            stack: Vec::new(),
            follow: Vec::new(),
            budget,
        };
        let root = b.node(tree)?;
        let mut follow = std::mem::take(&mut b.follow);
        follow.sort_unstable();
        let n = b.set_of.len();
        let mut succ: Vec<Vec<(u32, Count)>> = vec![Vec::new(); n];
        for (p, q, m) in follow {
            let from = &mut succ[p as usize];
            match from.last_mut() {
                Some(last) if last.0 == q => last.1 = add(last.1, m),
                _ => from.push((q, m)),
            }
        }
        // Consuming after `$` is impossible; after `\b` it depends on the
        // character before, unknown at the start of a search.
        let mut start: Vec<u32> = root.first.iter().filter(|&&(_, _, c)| c & END == 0).map(|&(p, _, _)| p).collect();
        start.sort_unstable();
        start.dedup();
        let mut ends_any = vec![0; n];
        let mut ends = vec![0; n];
        for &(p, c) in &root.ends_any {
            ends_any[p as usize] |= 1 << c;
        }
        for &(p, c) in &root.ends {
            ends[p as usize] |= 1 << c;
        }
        Ok(Automaton {
            set_of: b.set_of,
            sets: b.sets,
            repeats: b.repeats,
            succ,
            start,
            ends_any,
            ends,
            wordish: b.wordish,
        })
    }

    /// A witness of exponential ambiguity: a pair of positions that two
    /// different loops reading the same word pass (`p == r`: a doubled
    /// transition from `p`).
    ///
    /// Without `in_context`, the automaton is taken to be followed by
    /// something that fails. With it, the loops must also be where a
    /// failing search spends its time: positions from which every
    /// continuation of the input is accepted are left out (a search that
    /// reaches one succeeds, so it never backtracks through them), and
    /// where the pattern can end before the input does, [`Automaton::confirm`]
    /// follows the other paths too.
    fn exponential(&self, in_context: bool, budget: &mut usize) -> Option<(u32, u32)> {
        let n = self.set_of.len();
        let mut keep = vec![false; n];
        let mut todo: Vec<u32> = self.start.clone();
        while let Some(p) = todo.pop() {
            if !std::mem::replace(&mut keep[p as usize], true) {
                todo.extend(self.succ[p as usize].iter().map(|&(q, _)| q));
            }
        }
        if !in_context {
            return self.witness(&keep, budget);
        }
        // Positions after which the pattern can end, passing no assertion.
        for (k, &any) in keep.iter_mut().zip(&self.ends_any) {
            *k &= any & 1 == 0;
        }
        self.witness(&keep, budget)?;
        // Leave out the other positions that accept everything (in
        // components small enough to check).
        let component = self.components(&keep);
        let mut sizes: FastMap<u32, usize> = FastMap::default();
        for c in component.iter().flatten() {
            *sizes.entry(*c).or_default() += 1;
        }
        for p in 0..n {
            if component[p].is_some_and(|c| sizes[&c] <= MAX_CHECKED) {
                let mut allowance = (*budget / 2).min(UNIVERSAL_BUDGET);
                let before = allowance;
                if self.universal(&[p as u32], &mut allowance) {
                    keep[p] = false;
                }
                *budget -= before - allowance;
            }
        }
        let found = self.witness(&keep, budget)?;
        // Positions from which the pattern can end before the input does.
        let mut early = vec![false; n];
        let mut preds: Vec<Vec<u32>> = vec![Vec::new(); n];
        for (p, succ) in self.succ.iter().enumerate() {
            for &(q, _) in succ {
                preds[q as usize].push(p as u32);
            }
        }
        let mut todo: Vec<u32> = (0..n as u32).filter(|&p| self.ends_any[p as usize] != 0).collect();
        while let Some(p) = todo.pop() {
            if !std::mem::replace(&mut early[p as usize], true) {
                todo.extend(&preds[p as usize]);
            }
        }
        let component = self.components(&keep);
        if !(0..n).any(|p| component[p].is_some() && early[p]) {
            return Some(found);
        }
        self.confirm(&component, &early, budget)
    }

    /// The criterion on triples `(p, r, S)`: a pair of positions and the
    /// set `S` of the other positions the matcher can be in at the same
    /// point, starting from a single position `q` (where a backtracking
    /// subtree starts), from which the pattern can end early. A witness is
    /// a strongly connected component with a triple `(q', q', S)` and a
    /// triple `(p, r, S')`, `p ≠ r` (or a doubled transition), where no `S`
    /// on the way lets the pattern end before the next character: the
    /// subtree would succeed there, exploring no more. `None` also when the
    /// budget runs out.
    fn confirm(&self, component: &[Option<u32>], early: &[bool], budget: &mut usize) -> Option<(u32, u32)> {
        let mut subsets: Vec<Vec<u32>> = Vec::new();
        let mut subset_ids: FastMap<Vec<u32>, u32> = FastMap::default();
        let mut intern = |s: Vec<u32>, subsets: &mut Vec<Vec<u32>>| -> u32 {
            *subset_ids.entry(s).or_insert_with_key(|s| {
                subsets.push(s.clone());
                (subsets.len() - 1) as u32
            })
        };
        // Triples, their ids and transitions (target, doubled).
        let mut triples: Vec<(u32, u32, u32)> = Vec::new();
        let mut triple_ids: FastMap<(u32, u32, u32), u32> = FastMap::default();
        let mut edges: Vec<Vec<(u32, bool)>> = Vec::new();
        let mut todo: Vec<u32> = Vec::new();
        for q in (0..self.set_of.len() as u32).filter(|&q| component[q as usize].is_some()) {
            let s = intern(if early[q as usize] { vec![q] } else { Vec::new() }, &mut subsets);
            triple_ids.insert((q, q, s), triples.len() as u32);
            todo.push(triples.len() as u32);
            triples.push((q, q, s));
            edges.push(Vec::new());
        }
        let mut intersects = Overlaps::new(self.sets.len());
        while let Some(x) = todo.pop() {
            let (p, r, s) = triples[x as usize];
            let states = subsets[s as usize].clone();
            let mut around = states.clone();
            around.extend([p, r]);
            around.sort_unstable();
            around.dedup();
            let cuts = self.cuts(&around, budget)?;
            let inside = |q: u32| component[q as usize].is_some() && component[q as usize] == component[p as usize];
            let ps: Vec<(u32, Count)> = self.succ[p as usize].iter().copied().filter(|&(q, _)| inside(q)).collect();
            let rs: Vec<u32> = self.succ[r as usize].iter().map(|&(q, _)| q).filter(|&q| inside(q)).collect();
            for (_, word, then) in cuts {
                if states.iter().any(|&q| self.any_holds(q, self.ends_any[q as usize], Some(word))) {
                    continue;
                }
                *budget = budget.checked_sub(1 + ps.len() * rs.len())?;
                let mut target = None;
                for &(p2, m) in &ps {
                    if then.binary_search(&p2).is_err() {
                        continue;
                    }
                    for &r2 in &rs {
                        if then.binary_search(&r2).is_err() || !self.intersect(p2, r2, &mut intersects) {
                            continue;
                        }
                        let t = *target.get_or_insert_with(|| {
                            let next: Vec<u32> = then.iter().copied().filter(|&q| early[q as usize]).collect();
                            intern(next, &mut subsets)
                        });
                        let key = (p2.min(r2), p2.max(r2), t);
                        let y = *triple_ids.entry(key).or_insert_with(|| {
                            triples.push(key);
                            edges.push(Vec::new());
                            todo.push((triples.len() - 1) as u32);
                            (triples.len() - 1) as u32
                        });
                        let doubled = p == r && p2 == r2 && m >= 2;
                        if !edges[x as usize].contains(&(y, doubled)) {
                            edges[x as usize].push((y, doubled));
                        }
                    }
                }
            }
        }
        // A strongly connected component with a diagonal triple and either
        // another triple or a doubled transition.
        let scc = tarjan(&edges);
        let mut diagonal: FastMap<u32, ()> = FastMap::default();
        for (x, &(p, r, _)) in triples.iter().enumerate() {
            if let (true, Some(c)) = (p == r, scc[x]) {
                diagonal.insert(c, ());
            }
        }
        triples.iter().enumerate().find_map(|(x, &(p, r, _))| {
            let c = scc[x]?;
            let doubled = edges[x].iter().any(|&(y, d)| d && scc[y as usize] == Some(c));
            ((p != r || doubled) && diagonal.contains_key(&c)).then_some((p, r))
        })
    }

    /// For the positions `states` the matcher can be in: each class of
    /// next characters (its first code point, whether it is a word
    /// character) and the positions it can then be in, sorted; `None` when
    /// the budget runs out.
    fn cuts(&self, states: &[u32], budget: &mut usize) -> Option<Vec<(u32, bool, Vec<u32>)>> {
        let mut targets: Vec<u32> =
            states.iter().flat_map(|&q| self.succ[q as usize].iter().map(|&(t, _)| t)).collect();
        targets.sort_unstable();
        targets.dedup();
        // The characters where the targets' sets, the word characters or
        // the surrogates begin or end.
        let mut cuts = vec![0, SURROGATES.0, SURROGATES.1 + 1];
        cuts.extend(WORD.iter().flat_map(|&(lo, hi)| [lo, hi + 1]));
        for &t in &targets {
            let set = &self.sets[self.set_of[t as usize] as usize];
            cuts.extend(set.iter().flat_map(|&(lo, hi)| [lo, hi + 1]));
        }
        cuts.sort_unstable();
        cuts.dedup();
        cuts.retain(|&c| c <= MAX_CP && !(SURROGATES.0..=SURROGATES.1).contains(&c));
        *budget = budget.checked_sub(cuts.len() * (targets.len() + states.len() + 1))?;
        Some(
            cuts.into_iter()
                .map(|c| {
                    let word = WORD.iter().any(|&(lo, hi)| (lo..=hi).contains(&c));
                    let then = targets
                        .iter()
                        .copied()
                        .filter(|&t| {
                            let set = &self.sets[self.set_of[t as usize] as usize];
                            let i = set.partition_point(|&(_, hi)| hi < c);
                            set.get(i).is_some_and(|&(lo, _)| lo <= c)
                        })
                        .collect();
                    (c, word, then)
                })
                .collect(),
        )
    }

    /// The criterion on the automaton restricted to the `keep` positions.
    fn witness(&self, keep: &[bool], budget: &mut usize) -> Option<(u32, u32)> {
        let n = self.set_of.len();
        let component = self.components(keep);
        // A doubled transition inside a component.
        for p in 0..n {
            if let Some(c) = component[p] {
                for &(q, m) in &self.succ[p] {
                    if m >= 2 && component[q as usize] == Some(c) {
                        return Some((p as u32, q));
                    }
                }
            }
        }
        let mut members: FastMap<u32, Vec<u32>> = FastMap::default();
        for (p, c) in component.iter().enumerate() {
            if let Some(c) = c {
                members.entry(*c).or_default().push(p as u32);
            }
        }
        let mut order: Vec<_> = members.into_iter().collect();
        order.sort_unstable();
        let mut intersects = Overlaps::new(self.sets.len());
        order.into_iter().find_map(|(c, ps)| self.pair_in_component(&component, c, &ps, &mut intersects, budget))
    }

    /// Whether a way out after position `q` passing the assertions `c`
    /// holds before a character that is a word character or not (`None`:
    /// at the end of the input). Where `q`'s set has both kinds, taken to.
    fn holds(&self, q: u32, c: Cond, next: Option<bool>) -> bool {
        let (word, other) = self.wordish[q as usize];
        let (before_word, before_other) = match next {
            None => (false, true),
            Some(w) => (w, !w),
        };
        c & START == 0
            && (c & END == 0 || next.is_none())
            && (c & WORD_EDGE == 0 || (word && before_other) || (other && before_word))
            && (c & NOT_WORD_EDGE == 0 || (word && before_word) || (other && before_other))
    }

    /// Whether one of `conds` holds after `q` before `next`.
    fn any_holds(&self, q: u32, conds: Conds, next: Option<bool>) -> bool {
        (0..16).any(|c| conds & (1 << c) != 0 && self.holds(q, c as Cond, next))
    }

    /// Whether, in any of the positions `states`, the pattern matches
    /// whatever the rest of the input is (lookarounds taken to hold), by
    /// the subset construction. `false` when unsure (too many subsets, or
    /// the budget runs out).
    fn universal(&self, states: &[u32], budget: &mut usize) -> bool {
        let mut seen: Vec<Vec<u32>> = vec![states.to_vec()];
        let mut next = 0;
        while let Some(states) = seen.get(next).cloned() {
            next += 1;
            // The rest may be empty.
            let at_end = |q: u32| self.any_holds(q, self.ends[q as usize] | self.ends_any[q as usize], None);
            if !states.iter().any(|&q| at_end(q)) || seen.len() > MAX_SUBSETS {
                return false;
            }
            let Some(cuts) = self.cuts(&states, budget) else { return false };
            for (_, word, then) in cuts {
                // Some state's way out holds before this character: matched.
                if states.iter().any(|&q| self.any_holds(q, self.ends_any[q as usize], Some(word))) {
                    continue;
                }
                if then.is_empty() {
                    return false;
                }
                if !seen.contains(&then) {
                    seen.push(then);
                }
            }
        }
        true
    }

    /// The strongly connected components with a cycle among the `keep`
    /// positions.
    fn components(&self, keep: &[bool]) -> Vec<Option<u32>> {
        let edges: Vec<Vec<u32>> = (0..keep.len())
            .map(|p| match keep[p] {
                true => self.succ[p].iter().map(|&(q, _)| q).filter(|&q| keep[q as usize]).collect(),
                false => Vec::new(),
            })
            .collect();
        let mut component = tarjan(&edges);
        for (c, &k) in component.iter_mut().zip(keep) {
            if !k {
                *c = None;
            }
        }
        component
    }

    /// Whether two positions' character sets share a character.
    fn intersect(&self, p: u32, q: u32, cache: &mut Overlaps) -> bool {
        let (a, b) = (self.set_of[p as usize], self.set_of[q as usize]);
        if a == b {
            return true;
        }
        let (a, b) = (a.min(b), a.max(b));
        let slot = match cache {
            Overlaps::Dense { width, known } => &mut known[a as usize * *width + b as usize],
            Overlaps::Sparse(known) => known.entry((a, b)).or_insert(0),
        };
        if *slot == 0 {
            let (x, y) = (&self.sets[a as usize], &self.sets[b as usize]);
            let (mut i, mut j) = (0, 0);
            let mut shared = false;
            while i < x.len() && j < y.len() && !shared {
                shared = x[i].0.max(y[j].0) <= x[i].1.min(y[j].1);
                if x[i].1 < y[j].1 {
                    i += 1;
                } else {
                    j += 1;
                }
            }
            *slot = if shared { 2 } else { 1 };
        }
        *slot == 2
    }

    /// In the product of component `c` with itself (unordered pairs of its
    /// positions), a pair `{p, r}`, `p ≠ r`, reachable from the diagonal and
    /// reaching back to it. All diagonal pairs of the component are in one
    /// strongly connected component of the product, so this is the
    /// criterion. Depth first, since a witness is usually near the
    /// diagonal; the search stops at the first transition from a pair off
    /// the diagonal (all of which are reachable from it) back onto it.
    /// Gives up (`None`) when the budget runs out.
    fn pair_in_component(
        &self,
        component: &[Option<u32>],
        c: u32,
        members: &[u32],
        intersects: &mut Overlaps,
        budget: &mut usize,
    ) -> Option<(u32, u32)> {
        // Each member's successors inside the component.
        let local: FastMap<u32, Vec<u32>> = members
            .iter()
            .map(|&p| {
                let inside = self.succ[p as usize].iter().filter(|&&(q, _)| component[q as usize] == Some(c));
                (p, inside.map(|&(q, _)| q).collect())
            })
            .collect();
        let none = Vec::new();
        let succ = |p: u32| local.get(&p).unwrap_or(&none);
        let mut seen: FastMap<(u32, u32), ()> = members.iter().map(|&q| ((q, q), ())).collect();
        for &q in members {
            // (pair, index of its next successor pair)
            let mut stack = vec![((q, q), 0usize)];
            while let Some(&mut ((p, r), ref mut k)) = stack.last_mut() {
                let (ps, rs) = (succ(p), succ(r));
                let Some((p2, r2)) = ps.get(*k / rs.len().max(1)).zip(rs.get(*k % rs.len().max(1))) else {
                    stack.pop();
                    continue;
                };
                *k += 1;
                *budget = budget.checked_sub(1)?;
                if !self.intersect(*p2, *r2, intersects) {
                    continue;
                }
                let to = (*p2.min(r2), *p2.max(r2));
                if to.0 == to.1 {
                    if p != r {
                        return Some((p, r));
                    }
                } else if seen.insert(to, ()).is_none() {
                    stack.push((to, 0));
                }
            }
        }
        None
    }
}

/// The strongly connected components of a graph that contain a cycle, by
/// node (Tarjan's algorithm, without recursion).
fn tarjan<E: Copy + Into<Edge>>(edges: &[Vec<E>]) -> Vec<Option<u32>> {
    let n = edges.len();
    let mut index = vec![u32::MAX; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![None; n];
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != u32::MAX {
            continue;
        }
        // (node, next successor to look at)
        let mut frames = vec![(root, 0usize)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(frame) = frames.last_mut() {
            let (p, i) = *frame;
            if let Some(&e) = edges[p].get(i) {
                frame.1 += 1;
                let q = e.into().0 as usize;
                if index[q] == u32::MAX {
                    index[q] = next_index;
                    low[q] = next_index;
                    next_index += 1;
                    stack.push(q);
                    on_stack[q] = true;
                    frames.push((q, 0));
                } else if on_stack[q] {
                    low[p] = low[p].min(index[q]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[p]);
            }
            if low[p] == index[p] {
                let mut scc = Vec::new();
                while let Some(q) = stack.pop() {
                    on_stack[q] = false;
                    scc.push(q);
                    if q == p {
                        break;
                    }
                }
                let cyclic = scc.len() > 1 || edges[p].iter().any(|&e| e.into().0 as usize == p);
                if cyclic {
                    for q in scc {
                        component[q] = Some(next_component);
                    }
                    next_component += 1;
                }
            }
        }
    }
    component
}

/// A transition's target, for [`tarjan`].
struct Edge(u32);

impl From<u32> for Edge {
    fn from(target: u32) -> Edge {
        Edge(target)
    }
}

impl From<(u32, bool)> for Edge {
    fn from((target, _): (u32, bool)) -> Edge {
        Edge(target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The runs of `\p{name}` in one string of every `char`, one match per run.
    fn probe_whole(name: &str) -> Option<Ranges> {
        let every: String = (0..=MAX_CP).filter_map(char::from_u32).collect();
        let re = regress::Regex::with_flags(&format!("\\p{{{name}}}+"), crate::pattern::FLAGS).ok()?;
        let runs = re.find_iter(&every).map(|m| {
            let run = &every[m.start()..m.end()];
            (u32::from(run.chars().next().unwrap()), u32::from(run.chars().next_back().unwrap()))
        });
        Some(normalize(runs.collect()))
    }

    #[test]
    fn probing_in_halves_finds_the_runs_of_the_whole() {
        let names = [
            "L",
            "Lu",
            "Ll",
            "Lo",
            "M",
            "N",
            "Nd",
            "P",
            "S",
            "Z",
            "Zs",
            "C",
            "Cn",
            "Co",
            "Cs",
            "Any",
            "ASCII",
            "Assigned",
            "Script=Latin",
            "sc=Greek",
            "Script_Extensions=Han",
            "White_Space",
            "Alphabetic",
            "Noncharacter_Code_Point",
            "no such property",
        ];
        for name in names {
            assert_eq!(probe_property(name), probe_whole(name), "\\p{{{name}}}");
        }
        // A run that crosses the cut comes out as one range.
        assert_eq!(probe_property("Any"), Some(vec![(0, MAX_CP)]));
        assert_eq!(probe_property("no such property"), None);
    }
}
