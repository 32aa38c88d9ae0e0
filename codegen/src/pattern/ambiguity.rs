//! Finding `@pattern`s that can take exponential time in a backtracking
//! matcher such as regress: see [`exponential_backtracking`].
//!
//! The existing scanners of this module rewrite text ([`super::translate`])
//! or accept only flat patterns ([`super::simple_form`]); this analysis
//! needs the whole structure (groups, alternation, nested quantifiers), so
//! it has its own small parser of ECMA-262 Unicode-mode syntax, which
//! reuses the range helpers of the parent module.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use super::{complement, normalize, other_case, DIGIT, MAX_CP, SURROGATES, WORD};

/// Sorted, disjoint inclusive code point ranges.
type Ranges = Vec<(u32, u32)>;

/// Most repetitions of a counted quantifier's body that are written out:
/// `x{n,m}` is read as `x{min(n, K)}` followed by `m - n` optional copies
/// when `m - n <= K`, or by `x*` when `m - n > K` (or `m` is unbounded).
const COPIES: u32 = 3;

/// Most positions (character-consuming leaves) of one automaton.
const MAX_POSITIONS: usize = 20_000;

/// Work units (edges built, pairs of states explored) for one call.
const BUDGET: usize = 3_000_000;

/// Deepest nesting of groups that is analysed.
const MAX_DEPTH: usize = 200;

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
/// * States from which the rest of the pattern always succeeds with no
///   further input (no `$` or other assertion left to pass) are left out:
///   a match reaching one of them is found, so a failing search never
///   explores paths through them. `^(a+)+` always matches at once; `^(a+)+$`
///   does not.
/// * Only states reachable from the start count.
/// * Counted repetition `x{n,m}` is written out as described for
///   `COPIES`: small counts exactly, so `([a-z]{2})+` is not reported, and
///   large ranges as unbounded, so `(a|a){0,1000}` is (2^1000 paths are not
///   bounded in any useful sense).
/// * Lookahead and lookbehind bodies are matched on their own, to their
///   first success: each body is analysed separately (a lookbehind's
///   reversed, as it is matched backwards) and is an assertion in the
///   enclosing pattern.
/// * A back-reference is taken to match nothing when counting paths, and to
///   possibly match the empty string when deciding where a match can end:
///   both can only hide ambiguity, so ambiguity involving a back-reference
///   is not reported, and whatever is reported does not depend on one.
/// * A search for a match at each start position only multiplies the time
///   by the input's length: ignored.
/// * Unicode property escapes (`\p{L}`) are read with regress itself (each
///   name once per process). Inside an `(?i:...)` group only the ASCII
///   letters' other cases are added to character sets.
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
    /// An assertion: `^`, `$`, `\b`, `\B` or a lookaround (whose body is
    /// analysed separately).
    Assert,
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
    /// The same pattern read backwards (for a lookbehind's body).
    fn reversed(&self) -> Node {
        match self {
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
    /// The `i` and `s` modifiers in force.
    icase: bool,
    dotall: bool,
    depth: usize,
}

impl<'a> Parser<'a> {
    fn parse(src: &'a [char]) -> Result<Parsed, Unreadable> {
        let mut p = Parser { src, pos: 0, looks: Vec::new(), spans: Vec::new(), icase: false, dotall: false, depth: 0 };
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
            '^' | '$' => Node::Assert,
            '\\' => match self.peek() {
                Some('b' | 'B') => {
                    self.pos += 1;
                    Node::Assert
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
        let (icase, dotall) = (self.icase, self.dotall);
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
        (self.icase, self.dotall) = (icase, dotall);
        self.depth -= 1;
        Ok(match look {
            Some(behind) => {
                self.looks.push((body, behind));
                Node::Assert
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
                'm' => {}
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

/// Finds the runs of `\p{name}` in the string of every `char` in order.
fn probe_property(name: &str) -> Option<Ranges> {
    static EVERY_CHAR: OnceLock<String> = OnceLock::new();
    let every = EVERY_CHAR.get_or_init(|| (0..=MAX_CP).filter_map(char::from_u32).collect());
    let re = regress::Regex::with_flags(&format!("\\p{{{name}}}+"), super::FLAGS).ok()?;
    let mut out = Vec::new();
    for m in re.find_iter(every) {
        let first = every.get(m.start()..)?.chars().next()?;
        let last = every.get(..m.end())?.chars().next_back()?;
        out.push((u32::from(first), u32::from(last)));
    }
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

/// The work budget ran out.
struct TooBig;

/// What the construction knows about a sub-pattern.
#[derive(Clone, Default)]
struct Info {
    /// Positions that can be consumed first, and in how many ways.
    first: Vec<(u32, Count)>,
    /// Positions that can be consumed last, and in how many ways the
    /// sub-pattern can then end without consuming more.
    last: Vec<(u32, Count)>,
    /// In how many ways it matches the empty string.
    null: Count,
    /// Whether it can match the empty string passing no assertion.
    free: bool,
    /// Positions after which it can end passing no assertion.
    ends: Vec<u32>,
}

impl Info {
    /// Without its empty matches (an optional iteration that consumes
    /// nothing fails).
    fn nonempty(mut self) -> Info {
        self.null = 0;
        self.free = false;
        self
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
    /// Positions from which the pattern ends passing no assertion.
    ends: Vec<u32>,
}

/// Builds an [`Automaton`].
struct Builder<'b> {
    set_of: Vec<u32>,
    sets: Vec<Ranges>,
    set_ids: HashMap<Ranges, u32>,
    repeats: Vec<Vec<usize>>,
    stack: Vec<usize>,
    follow: HashMap<(u32, u32), Count>,
    budget: &'b mut usize,
}

impl Builder<'_> {
    fn spend(&mut self, units: usize) -> Result<(), TooBig> {
        *self.budget = self.budget.checked_sub(units).ok_or(TooBig)?;
        Ok(())
    }

    /// Adds the transitions from each of `last` to each of `first`.
    fn link(&mut self, last: &[(u32, Count)], first: &[(u32, Count)]) -> Result<(), TooBig> {
        self.spend(last.len() * first.len())?;
        for &(p, m) in last {
            for &(q, n) in first {
                let e = self.follow.entry((p, q)).or_insert(0);
                *e = add(*e, mul(m, n));
            }
        }
        Ok(())
    }

    fn node(&mut self, node: &Node) -> Result<Info, TooBig> {
        self.spend(1)?;
        Ok(match node {
            Node::Empty => Info { null: 1, free: true, ..Info::default() },
            Node::Assert => Info { null: 1, ..Info::default() },
            Node::Backref => Info { free: true, ..Info::default() },
            Node::Set(ranges) if ranges.is_empty() => Info::default(),
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
                self.repeats.push(self.stack.clone());
                self.spend(self.stack.len())?;
                Info { first: vec![(p, 1)], last: vec![(p, 1)], ends: vec![p], ..Info::default() }
            }
            Node::Concat(items) => {
                let mut acc = Info { null: 1, free: true, ..Info::default() };
                for item in items {
                    let next = self.node(item)?;
                    acc = self.concat(acc, next)?;
                }
                acc
            }
            Node::Alt(items) => {
                let mut acc = Info::default();
                for item in items {
                    let next = self.node(item)?;
                    self.spend(next.first.len() + next.last.len() + next.ends.len())?;
                    acc.first.extend(next.first);
                    acc.last.extend(next.last);
                    acc.ends.extend(next.ends);
                    acc.null = add(acc.null, next.null);
                    acc.free |= next.free;
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
        self.spend(a.first.len() + b.first.len() + a.last.len() + b.last.len() + a.ends.len() + b.ends.len())?;
        let scaled = |v: Vec<(u32, Count)>, k: Count| -> Vec<(u32, Count)> {
            if k == 0 {
                Vec::new()
            } else {
                v.into_iter().map(|(p, m)| (p, mul(m, k))).collect()
            }
        };
        let mut first = a.first;
        first.extend(scaled(b.first, a.null));
        let mut last = b.last;
        last.extend(scaled(a.last, b.null));
        let mut ends = b.ends;
        if b.free {
            ends.extend(a.ends);
        }
        Ok(Info { first, last, null: mul(a.null, b.null), free: a.free && b.free, ends })
    }

    /// `body{min,max}`, written out as described for [`COPIES`].
    fn repeat(&mut self, body: &Node, min: u32, max: Option<u32>) -> Result<Info, TooBig> {
        let optional = max.map(|max| max - min);
        let copies = min.min(COPIES);
        let unbounded = optional.is_none_or(|r| r > COPIES);
        // The mandatory copies, the last one merged into `x+` when the
        // rest is unbounded.
        let mut acc = Info { null: 1, free: true, ..Info::default() };
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
                let first = e.first.iter().map(|&(p, m)| (p, mul(m, add(1, e.null)))).collect();
                Info { first, ..e }
            } else {
                Info { null: 1, free: true, ..e.nonempty() }
            }
        } else {
            self.optional_copies(body, optional.unwrap_or(0))?
        };
        self.concat(acc, tail)
    }

    /// Up to `n` more iterations, each of which must consume something.
    fn optional_copies(&mut self, body: &Node, n: u32) -> Result<Info, TooBig> {
        if n == 0 {
            return Ok(Info { null: 1, free: true, ..Info::default() });
        }
        let e = self.node(body)?.nonempty();
        let rest = self.optional_copies(body, n - 1)?;
        let more = self.concat(e, rest)?;
        Ok(Info { null: add(more.null, 1), free: true, ..more })
    }
}

impl Automaton {
    fn build(tree: &Node, budget: &mut usize) -> Result<Automaton, TooBig> {
        let mut b = Builder {
            set_of: Vec::new(),
            sets: Vec::new(),
            set_ids: HashMap::new(),
            repeats: Vec::new(),
            stack: Vec::new(),
            follow: HashMap::new(),
            budget,
        };
        let root = b.node(tree)?;
        let mut succ: Vec<Vec<(u32, Count)>> = vec![Vec::new(); b.set_of.len()];
        for (&(p, q), &m) in &b.follow {
            succ[p as usize].push((q, m));
        }
        for s in &mut succ {
            s.sort_unstable();
        }
        let mut start: Vec<u32> = root.first.iter().map(|&(p, _)| p).collect();
        start.sort_unstable();
        Ok(Automaton { set_of: b.set_of, sets: b.sets, repeats: b.repeats, succ, start, ends: root.ends })
    }

    /// A witness of exponential ambiguity: a pair of positions that two
    /// different loops reading the same word pass (`p == r`: a doubled
    /// transition from `p`). With `stop_at_ends`, positions from which the
    /// pattern can end passing no assertion are left out.
    fn exponential(&self, stop_at_ends: bool, budget: &mut usize) -> Option<(u32, u32)> {
        let n = self.set_of.len();
        // Reachable positions.
        let mut reachable = vec![false; n];
        let mut todo: Vec<u32> = self.start.clone();
        while let Some(p) = todo.pop() {
            if !std::mem::replace(&mut reachable[p as usize], true) {
                todo.extend(self.succ[p as usize].iter().map(|&(q, _)| q));
            }
        }
        let mut keep = reachable;
        if stop_at_ends {
            for &p in &self.ends {
                keep[p as usize] = false;
            }
        }
        let component = self.components(&keep);
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
        let mut members: HashMap<u32, Vec<u32>> = HashMap::new();
        for (p, c) in component.iter().enumerate().take(n) {
            if let Some(c) = *c {
                members.entry(c).or_default().push(p as u32);
            }
        }
        let mut order: Vec<_> = members.into_iter().collect();
        order.sort_unstable();
        let mut intersects = HashMap::new();
        order.into_iter().find_map(|(c, ps)| self.pair_in_component(&component, c, &ps, &mut intersects, budget))
    }

    /// The strongly connected components with a cycle among the `keep`
    /// positions (Tarjan's algorithm, without recursion).
    fn components(&self, keep: &[bool]) -> Vec<Option<u32>> {
        let n = keep.len();
        let mut index = vec![u32::MAX; n];
        let mut low = vec![0u32; n];
        let mut on_stack = vec![false; n];
        let mut stack = Vec::new();
        let mut component = vec![None; n];
        let mut next_index = 0;
        let mut next_component = 0;
        for root in 0..n {
            if !keep[root] || index[root] != u32::MAX {
                continue;
            }
            // (position, next successor to look at)
            let mut frames = vec![(root, 0usize)];
            index[root] = next_index;
            low[root] = next_index;
            next_index += 1;
            stack.push(root);
            on_stack[root] = true;
            while let Some(&mut (p, ref mut i)) = frames.last_mut() {
                if let Some(&(q, _)) = self.succ[p].get(*i) {
                    *i += 1;
                    let q = q as usize;
                    if !keep[q] {
                        continue;
                    }
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
                    let cyclic = scc.len() > 1 || self.succ[p].iter().any(|&(q, _)| q as usize == p);
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

    /// Whether two positions' character sets share a character.
    fn intersect(&self, p: u32, q: u32, cache: &mut HashMap<(u32, u32), bool>) -> bool {
        let (a, b) = (self.set_of[p as usize], self.set_of[q as usize]);
        if a == b {
            return true;
        }
        let key = (a.min(b), a.max(b));
        *cache.entry(key).or_insert_with(|| {
            let (x, y) = (&self.sets[a as usize], &self.sets[b as usize]);
            let (mut i, mut j) = (0, 0);
            while i < x.len() && j < y.len() {
                if x[i].0.max(y[j].0) <= x[i].1.min(y[j].1) {
                    return true;
                }
                if x[i].1 < y[j].1 {
                    i += 1;
                } else {
                    j += 1;
                }
            }
            false
        })
    }

    /// In the product of component `c` with itself (unordered pairs of its
    /// positions), a pair `{p, r}`, `p ≠ r`, reachable from the diagonal and
    /// reaching back to it. All diagonal pairs of the component are in one
    /// strongly connected component of the product, so this is the
    /// criterion. Gives up (`None`) when the budget runs out.
    fn pair_in_component(
        &self,
        component: &[Option<u32>],
        c: u32,
        members: &[u32],
        intersects: &mut HashMap<(u32, u32), bool>,
        budget: &mut usize,
    ) -> Option<(u32, u32)> {
        let inside = |q: u32| component[q as usize] == Some(c);
        let mut ids: HashMap<(u32, u32), u32> = HashMap::new();
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        let mut preds: Vec<Vec<u32>> = Vec::new();
        for &q in members {
            ids.insert((q, q), pairs.len() as u32);
            pairs.push((q, q));
            preds.push(Vec::new());
        }
        // Forward from the diagonal, recording each edge backwards.
        let mut next = 0;
        'explore: while next < pairs.len() {
            let (p, r) = pairs[next];
            let from = next as u32;
            next += 1;
            for &(p2, _) in self.succ[p as usize].iter().filter(|&&(q, _)| inside(q)) {
                for &(r2, _) in self.succ[r as usize].iter().filter(|&&(q, _)| inside(q)) {
                    if *budget == 0 {
                        break 'explore;
                    }
                    *budget -= 1;
                    if !self.intersect(p2, r2, intersects) {
                        continue;
                    }
                    let key = (p2.min(r2), p2.max(r2));
                    let to = *ids.entry(key).or_insert_with(|| {
                        pairs.push(key);
                        preds.push(Vec::new());
                        (pairs.len() - 1) as u32
                    });
                    preds[to as usize].push(from);
                }
            }
        }
        // Backward from the diagonal over the edges found.
        let mut back = vec![false; pairs.len()];
        let mut todo: Vec<u32> = (0..members.len() as u32).collect();
        while let Some(x) = todo.pop() {
            if std::mem::replace(&mut back[x as usize], true) {
                continue;
            }
            for &y in &preds[x as usize] {
                if !back[y as usize] {
                    todo.push(y);
                }
            }
        }
        (members.len()..pairs.len()).find(|&i| back[i]).map(|i| pairs[i])
    }
}
