//! The JMESPath of waiter acceptors, parsed at generation time.
//!
//! The subset is what AWS's published models use: identifiers (bare or
//! quoted), sub-expressions `a.b` and pipes `a | b`, list projections `a[]`
//! (flattening) and `a[*]`, filter projections `a[?cond]`, `@`, the
//! functions `length` and `contains`, comparisons `== != < <= > >=`, `&&`,
//! `||`, `!`, parentheses, JSON literals `` `1` `` and raw strings `'str'`.
//! The parser follows the binding powers of the JMESPath reference
//! implementation, so `a[].b.c` projects `b.c` over `a` and `a[].b[]`
//! flattens the projection. Anything else (indexes, slices, multi-select
//! lists and hashes, object projections `*`, other functions) is refused
//! with the byte offset where it starts.

use crate::ir::{Ir, PathCompare, PathExpr, PathExprKind, PathLiteral, PathType, ShapeKind, Simple, Structure};
use serde_json::Value;

/// A parsed expression, each node with the byte offset it starts at.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Where the node starts in the expression.
    pub at: usize,
    /// What it is.
    pub kind: Ast,
}

/// JMESPath expressions of the supported subset.
#[derive(Debug, Clone, PartialEq)]
pub enum Ast {
    /// `@`, and the element a projection's right side starts at.
    Current,
    /// A member of the current value.
    Field(String),
    /// `lhs.rhs` or `lhs | rhs`: `rhs` evaluated on `lhs`'s value.
    Sub(Box<Node>, Box<Node>),
    /// A list projection: `each` evaluated on every element of `list` (with
    /// the elements that are lists flattened into it first, for `[]`) that
    /// `filter` holds for, nulls dropped.
    Project {
        /// The projected list.
        list: Box<Node>,
        /// `[]` rather than `[*]` or `[?...]`.
        flatten: bool,
        /// `[?cond]`.
        filter: Option<Box<Node>>,
        /// What each element gives.
        each: Box<Node>,
    },
    /// A JSON literal (`` `1` ``) or a raw string (`'text'`).
    Literal(Value),
    /// `!expr`.
    Not(Box<Node>),
    /// `a && b`.
    And(Box<Node>, Box<Node>),
    /// `a || b`.
    Or(Box<Node>, Box<Node>),
    /// A comparison.
    Compare(CompareOp, Box<Node>, Box<Node>),
    /// `length(arg)`.
    Length(Box<Node>),
    /// `contains(subject, search)`.
    Contains(Box<Node>, Box<Node>),
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareOp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CompareOp {
    /// The operator as JMESPath writes it.
    pub fn symbol(self) -> &'static str {
        match self {
            CompareOp::Eq => "==",
            CompareOp::Ne => "!=",
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
        }
    }
}

/// What is wrong with an expression, and the byte offset where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    /// Where in the expression.
    pub at: usize,
    /// What is wrong.
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Dot,
    Star,
    Flatten,
    Filter,
    LBracket,
    RBracket,
    LParen,
    RParen,
    LBrace,
    Comma,
    Colon,
    At,
    Not,
    Cmp(CompareOp),
    And,
    Or,
    Pipe,
    Ampersand,
    Literal(Value),
    Number,
    Eof,
}

impl Tok {
    /// The reference implementation's binding powers.
    fn lbp(&self) -> u8 {
        match self {
            Tok::Pipe => 1,
            Tok::Or => 2,
            Tok::And => 3,
            Tok::Cmp(_) => 5,
            Tok::Flatten => 9,
            Tok::Star => 20,
            Tok::Filter => 21,
            Tok::Dot => 40,
            Tok::Not => 45,
            Tok::LBrace => 50,
            Tok::LBracket => 55,
            Tok::LParen => 60,
            _ => 0,
        }
    }
}

/// Below this binding power a token ends a projection.
const PROJECTION_STOP: u8 = 10;

fn err<T>(at: usize, message: impl Into<String>) -> Result<T, PathError> {
    Err(PathError { at, message: message.into() })
}

fn lex(src: &str) -> Result<Vec<(usize, Tok)>, PathError> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        let next = bytes.get(i + 1).copied();
        let tok = match c {
            b' ' | b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                out.push((start, Tok::Ident(src[start..i].to_owned())));
                continue;
            }
            b'-' | b'0'..=b'9' => {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                out.push((start, Tok::Number));
                continue;
            }
            b'"' => {
                let end = closing(src, i, b'"')?;
                let name: String = serde_json::from_str(&src[i..=end])
                    .or_else(|e| err(start, format!("bad quoted identifier: {e}")))?;
                i = end + 1;
                out.push((start, Tok::Ident(name)));
                continue;
            }
            b'\'' => {
                let end = closing(src, i, b'\'')?;
                let text = src[i + 1..end].replace("\\'", "'");
                i = end + 1;
                out.push((start, Tok::Literal(Value::String(text))));
                continue;
            }
            b'`' => {
                let end = closing(src, i, b'`')?;
                let text = src[i + 1..end].replace("\\`", "`");
                let value: Value = serde_json::from_str(text.trim())
                    .or_else(|e| err(start, format!("bad JSON literal `{}`: {e}", text.trim())))?;
                i = end + 1;
                out.push((start, Tok::Literal(value)));
                continue;
            }
            b'.' => Tok::Dot,
            b'*' => Tok::Star,
            b'@' => Tok::At,
            b']' => Tok::RBracket,
            b'(' => Tok::LParen,
            b')' => Tok::RParen,
            b'{' => Tok::LBrace,
            b',' => Tok::Comma,
            b':' => Tok::Colon,
            b'[' => match next {
                Some(b']') => {
                    i += 2;
                    out.push((start, Tok::Flatten));
                    continue;
                }
                Some(b'?') => {
                    i += 2;
                    out.push((start, Tok::Filter));
                    continue;
                }
                _ => Tok::LBracket,
            },
            b'!' | b'=' | b'<' | b'>' => {
                let eq = next == Some(b'=');
                let tok = match (c, eq) {
                    (b'!', true) => Tok::Cmp(CompareOp::Ne),
                    (b'!', false) => Tok::Not,
                    (b'=', true) => Tok::Cmp(CompareOp::Eq),
                    (b'=', false) => return err(start, "`=` is not an operator; comparisons use `==`"),
                    (b'<', true) => Tok::Cmp(CompareOp::Le),
                    (b'<', false) => Tok::Cmp(CompareOp::Lt),
                    (_, true) => Tok::Cmp(CompareOp::Ge),
                    (_, false) => Tok::Cmp(CompareOp::Gt),
                };
                i += if eq { 2 } else { 1 };
                out.push((start, tok));
                continue;
            }
            b'&' if next == Some(b'&') => {
                i += 2;
                out.push((start, Tok::And));
                continue;
            }
            b'&' => Tok::Ampersand,
            b'|' if next == Some(b'|') => {
                i += 2;
                out.push((start, Tok::Or));
                continue;
            }
            b'|' => Tok::Pipe,
            _ => {
                let ch = src[i..].chars().next().unwrap_or('?');
                return err(start, format!("unexpected character {ch:?}"));
            }
        };
        i += 1;
        out.push((start, tok));
    }
    out.push((src.len(), Tok::Eof));
    Ok(out)
}

/// The offset of the unescaped `quote` that closes the one at `open`.
fn closing(src: &str, open: usize, quote: u8) -> Result<usize, PathError> {
    let bytes = src.as_bytes();
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b if b == quote => return Ok(i),
            _ => i += 1,
        }
    }
    err(open, format!("unclosed {}", quote as char))
}

/// Parses `src`, or says where and why not.
pub fn parse(src: &str) -> Result<Node, PathError> {
    let mut p = Parser { toks: lex(src)?, pos: 0 };
    let node = p.expression(0)?;
    match p.peek() {
        Tok::Eof => Ok(node),
        _ => err(p.at(), "unexpected input after the expression"),
    }
}

struct Parser {
    toks: Vec<(usize, Tok)>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> &Tok {
        &self.toks[self.pos].1
    }

    fn at(&self) -> usize {
        self.toks[self.pos].0
    }

    fn bump(&mut self) -> (usize, Tok) {
        let t = self.toks[self.pos].clone();
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    fn expect(&mut self, want: &Tok, what: &str) -> Result<(), PathError> {
        if self.peek() == want {
            self.bump();
            Ok(())
        } else {
            err(self.at(), format!("expected {what}"))
        }
    }

    fn expression(&mut self, rbp: u8) -> Result<Node, PathError> {
        let mut left = self.nud()?;
        while rbp < self.peek().lbp() {
            left = self.led(left)?;
        }
        Ok(left)
    }

    fn nud(&mut self) -> Result<Node, PathError> {
        let (at, tok) = self.bump();
        let node = |kind| Node { at, kind };
        match tok {
            Tok::Ident(name) if *self.peek() == Tok::LParen => self.call(at, &name),
            Tok::Ident(name) => Ok(node(Ast::Field(name))),
            Tok::At => Ok(node(Ast::Current)),
            Tok::Literal(v) => Ok(node(Ast::Literal(v))),
            Tok::Not => Ok(node(Ast::Not(Box::new(self.expression(Tok::Not.lbp())?)))),
            Tok::LParen => {
                let inner = self.expression(0)?;
                self.expect(&Tok::RParen, "`)`")?;
                Ok(inner)
            }
            Tok::Flatten => self.project(node(Ast::Current), true, None, Tok::Flatten.lbp()),
            Tok::Filter => {
                let cond = self.expression(0)?;
                self.expect(&Tok::RBracket, "`]` closing the filter")?;
                self.project(node(Ast::Current), false, Some(cond), Tok::Filter.lbp())
            }
            Tok::LBracket if *self.peek() == Tok::Star => {
                self.bump();
                self.expect(&Tok::RBracket, "`]` after `[*`")?;
                self.project(node(Ast::Current), false, None, Tok::Star.lbp())
            }
            Tok::LBracket => unsupported(at, "multi-select lists and indexes"),
            Tok::Star => unsupported(at, "object projections (`*`)"),
            Tok::LBrace => unsupported(at, "multi-select hashes"),
            Tok::Ampersand => unsupported(at, "expression references (`&`)"),
            Tok::Eof => err(at, "expected an expression, found the end"),
            _ => err(at, "expected an expression"),
        }
    }

    fn led(&mut self, left: Node) -> Result<Node, PathError> {
        let (at, tok) = self.bump();
        let at_left = left.at;
        let node = |kind| Node { at: at_left, kind };
        match tok {
            Tok::Dot => {
                let rhs = self.dot_rhs(Tok::Dot.lbp())?;
                Ok(node(Ast::Sub(Box::new(left), Box::new(rhs))))
            }
            Tok::Pipe => {
                let rhs = self.expression(Tok::Pipe.lbp())?;
                Ok(node(Ast::Sub(Box::new(left), Box::new(rhs))))
            }
            Tok::Flatten => self.project(left, true, None, Tok::Flatten.lbp()),
            Tok::Filter => {
                let cond = self.expression(0)?;
                self.expect(&Tok::RBracket, "`]` closing the filter")?;
                self.project(left, false, Some(cond), Tok::Filter.lbp())
            }
            Tok::LBracket if *self.peek() == Tok::Star => {
                self.bump();
                self.expect(&Tok::RBracket, "`]` after `[*`")?;
                self.project(left, false, None, Tok::Star.lbp())
            }
            Tok::LBracket => unsupported(at, "indexes and slices"),
            Tok::And => {
                let rhs = self.expression(Tok::And.lbp())?;
                Ok(node(Ast::And(Box::new(left), Box::new(rhs))))
            }
            Tok::Or => {
                let rhs = self.expression(Tok::Or.lbp())?;
                Ok(node(Ast::Or(Box::new(left), Box::new(rhs))))
            }
            Tok::Cmp(op) => {
                let rhs = self.expression(Tok::Cmp(op).lbp())?;
                Ok(node(Ast::Compare(op, Box::new(left), Box::new(rhs))))
            }
            Tok::LParen => err(at, "only a function name can be called"),
            Tok::LBrace => unsupported(at, "multi-select hashes"),
            _ => err(at, "unexpected token"),
        }
    }

    fn project(&mut self, list: Node, flatten: bool, filter: Option<Node>, bp: u8) -> Result<Node, PathError> {
        let each = self.projection_rhs(bp)?;
        Ok(Node {
            at: list.at,
            kind: Ast::Project { list: Box::new(list), flatten, filter: filter.map(Box::new), each: Box::new(each) },
        })
    }

    fn projection_rhs(&mut self, bp: u8) -> Result<Node, PathError> {
        let at = self.at();
        match self.peek() {
            t if t.lbp() < PROJECTION_STOP => Ok(Node { at, kind: Ast::Current }),
            Tok::LBracket | Tok::Flatten | Tok::Filter => self.expression(bp),
            Tok::Dot => {
                self.bump();
                self.dot_rhs(bp)
            }
            _ => err(at, "expected `.`, `[` or the end of the projection"),
        }
    }

    fn dot_rhs(&mut self, bp: u8) -> Result<Node, PathError> {
        let at = self.at();
        match self.peek() {
            Tok::Ident(_) => self.expression(bp),
            Tok::Star => unsupported(at, "object projections (`*`)"),
            Tok::LBracket => unsupported(at, "multi-select lists"),
            Tok::LBrace => unsupported(at, "multi-select hashes"),
            _ => err(at, "expected a member name after `.`"),
        }
    }

    fn call(&mut self, at: usize, name: &str) -> Result<Node, PathError> {
        self.expect(&Tok::LParen, "`(`")?;
        let mut args = Vec::new();
        if *self.peek() != Tok::RParen {
            loop {
                args.push(self.expression(0)?);
                if *self.peek() == Tok::Comma {
                    self.bump();
                } else {
                    break;
                }
            }
        }
        self.expect(&Tok::RParen, "`,` or `)` in the arguments")?;
        let arity = |n: usize| {
            if args.len() == n {
                Ok(())
            } else {
                err(at, format!("{name}() takes {n} argument{}, not {}", if n == 1 { "" } else { "s" }, args.len()))
            }
        };
        let kind = match name {
            "length" => {
                arity(1)?;
                Ast::Length(Box::new(args.remove(0)))
            }
            "contains" => {
                arity(2)?;
                let search = args.pop().expect("two arguments");
                Ast::Contains(Box::new(args.remove(0)), Box::new(search))
            }
            _ => {
                return err(
                    at,
                    format!("the function {name}() is not supported; waiter paths may call length() and contains()"),
                )
            }
        };
        Ok(Node { at, kind })
    }
}

fn unsupported<T>(at: usize, what: &str) -> Result<T, PathError> {
    err(at, format!("{what} are not supported in waiter paths"))
}

/// A type while checking: [`PathType`] with the structures themselves.
#[derive(Clone)]
enum Ty<'a> {
    Structure(&'a Structure),
    Other(PathType),
    List(Box<Ty<'a>>),
}

impl Ty<'_> {
    fn path_type(&self) -> PathType {
        match self {
            Ty::Structure(s) => PathType::Structure(s.model_name.clone()),
            Ty::Other(t) => t.clone(),
            Ty::List(e) => PathType::List(Box::new(e.path_type())),
        }
    }
}

/// Parses `src` and types it against `root`, the operation's output.
pub fn compile(src: &str, root: &Structure, ir: &Ir) -> Result<PathExpr, PathError> {
    let ast = parse(src)?;
    let (expr, _) = Typer { ir }.check(&ast, &Ty::Structure(root))?;
    Ok(expr)
}

struct Typer<'a> {
    ir: &'a Ir,
}

fn expr(kind: PathExprKind, ty: PathType) -> PathExpr {
    PathExpr { kind, ty }
}

/// Whether `==` between the two types can be true.
fn comparable(a: &PathType, b: &PathType) -> bool {
    (a.is_string() && b.is_string())
        || matches!((a, b), (PathType::Number, PathType::Number) | (PathType::Boolean, PathType::Boolean))
}

/// `e` with its `@` (outside projections' own) replaced by `with`.
fn substitute(e: PathExpr, with: &PathExpr) -> PathExpr {
    let s = |b: Box<PathExpr>| Box::new(substitute(*b, with));
    let kind = match e.kind {
        PathExprKind::Current => return with.clone(),
        PathExprKind::Field { of, field, optional, boxed, target } => {
            PathExprKind::Field { of: s(of), field, optional, boxed, target }
        }
        PathExprKind::Project { list, flatten, filter, each } => {
            PathExprKind::Project { list: s(list), flatten, filter, each }
        }
        PathExprKind::Literal(l) => PathExprKind::Literal(l),
        PathExprKind::Not(a) => PathExprKind::Not(s(a)),
        PathExprKind::And(a, b) => PathExprKind::And(s(a), s(b)),
        PathExprKind::Or(a, b) => PathExprKind::Or(s(a), s(b)),
        PathExprKind::Compare(op, a, b) => PathExprKind::Compare(op, s(a), s(b)),
        PathExprKind::Length(a) => PathExprKind::Length(s(a)),
        PathExprKind::Contains(a, b) => PathExprKind::Contains(s(a), s(b)),
    };
    PathExpr { kind, ty: e.ty }
}

impl<'a> Typer<'a> {
    fn check(&self, n: &Node, cur: &Ty<'a>) -> Result<(PathExpr, Ty<'a>), PathError> {
        let bool_ty = Ty::Other(PathType::Boolean);
        match &n.kind {
            Ast::Current => Ok((expr(PathExprKind::Current, cur.path_type()), cur.clone())),
            Ast::Field(name) => {
                let Ty::Structure(s) = cur else {
                    return err(
                        n.at,
                        format!("`{name}` selects a member, but the value here is {}", cur.path_type().describe()),
                    );
                };
                let Some(m) = s.members.iter().find(|m| m.wire_name == *name) else {
                    let names: Vec<&str> = s.members.iter().map(|m| m.wire_name.as_str()).collect();
                    return err(
                        n.at,
                        format!("{} has no member `{name}`; its members are {}", s.model_name, names.join(", ")),
                    );
                };
                let ty = self.member_type(&m.target).ok_or_else(|| PathError {
                    at: n.at,
                    message: format!(
                        "{}.{name} is {}, which waiter paths cannot look into",
                        s.model_name,
                        self.kind_name(&m.target)
                    ),
                })?;
                let of = expr(PathExprKind::Current, cur.path_type());
                let kind = PathExprKind::Field {
                    of: Box::new(of),
                    field: m.names.field.clone(),
                    optional: m.is_optional(),
                    boxed: m.boxed,
                    target: m.target.clone(),
                };
                Ok((expr(kind, ty.path_type()), ty))
            }
            Ast::Sub(a, b) => {
                let (ea, ta) = self.check(a, cur)?;
                let (eb, tb) = self.check(b, &ta)?;
                Ok((substitute(eb, &ea), tb))
            }
            Ast::Project { list, flatten, filter, each } => {
                let (el, tl) = self.check(list, cur)?;
                let Ty::List(elem) = tl else {
                    return err(
                        n.at,
                        format!("a projection needs a list, but the value here is {}", tl.path_type().describe()),
                    );
                };
                let elem = match *elem {
                    Ty::List(inner) if *flatten => *inner,
                    e => e,
                };
                if matches!(elem, Ty::List(_)) {
                    return err(n.at, "projections over lists of lists are not supported in waiter paths");
                }
                let filter = match filter {
                    Some(f) => {
                        let (ef, tf) = self.check(f, &elem)?;
                        if tf.path_type() != PathType::Boolean {
                            return err(
                                f.at,
                                format!("a filter must be a boolean, but this is {}", tf.path_type().describe()),
                            );
                        }
                        Some(Box::new(ef))
                    }
                    None => None,
                };
                let (ee, te) = self.check(each, &elem)?;
                let ty = Ty::List(Box::new(te));
                let kind = PathExprKind::Project { list: Box::new(el), flatten: *flatten, filter, each: Box::new(ee) };
                Ok((expr(kind, ty.path_type()), ty))
            }
            Ast::Literal(v) => {
                let (lit, ty) = match v {
                    Value::String(s) => (PathLiteral::String(s.clone()), PathType::String),
                    Value::Bool(b) => (PathLiteral::Boolean(*b), PathType::Boolean),
                    Value::Number(x) => match x.as_f64() {
                        Some(f) => (PathLiteral::Number(f), PathType::Number),
                        None => return err(n.at, format!("the number {x} is out of range")),
                    },
                    _ => return err(n.at, "only string, number and boolean literals are supported in waiter paths"),
                };
                Ok((expr(PathExprKind::Literal(lit), ty.clone()), Ty::Other(ty)))
            }
            Ast::Not(a) => {
                let ea = self.boolean(a, cur, "`!`")?;
                Ok((expr(PathExprKind::Not(Box::new(ea)), PathType::Boolean), bool_ty))
            }
            Ast::And(a, b) | Ast::Or(a, b) => {
                let op = if matches!(n.kind, Ast::And(..)) { "`&&`" } else { "`||`" };
                let (ea, eb) = (Box::new(self.boolean(a, cur, op)?), Box::new(self.boolean(b, cur, op)?));
                let kind =
                    if matches!(n.kind, Ast::And(..)) { PathExprKind::And(ea, eb) } else { PathExprKind::Or(ea, eb) };
                Ok((expr(kind, PathType::Boolean), bool_ty))
            }
            Ast::Compare(op, a, b) => {
                let (ea, ta) = self.check(a, cur)?;
                let (eb, tb) = self.check(b, cur)?;
                let (pa, pb) = (ta.path_type(), tb.path_type());
                let ordering = !matches!(op, CompareOp::Eq | CompareOp::Ne);
                if ordering && (pa != PathType::Number || pb != PathType::Number) {
                    return err(
                        n.at,
                        format!(
                            "`{}` orders numbers, but compares {} with {}",
                            op.symbol(),
                            pa.describe(),
                            pb.describe()
                        ),
                    );
                }
                if !comparable(&pa, &pb) {
                    return err(
                        n.at,
                        format!(
                            "`{}` compares {} with {}, which is never equal",
                            op.symbol(),
                            pa.describe(),
                            pb.describe()
                        ),
                    );
                }
                self.enum_value(&pa, b)?;
                self.enum_value(&pb, a)?;
                let op = match op {
                    CompareOp::Eq => PathCompare::Eq,
                    CompareOp::Ne => PathCompare::Ne,
                    CompareOp::Lt => PathCompare::Lt,
                    CompareOp::Le => PathCompare::Le,
                    CompareOp::Gt => PathCompare::Gt,
                    CompareOp::Ge => PathCompare::Ge,
                };
                let kind = PathExprKind::Compare(op, Box::new(ea), Box::new(eb));
                Ok((expr(kind, PathType::Boolean), bool_ty))
            }
            Ast::Length(a) => {
                let (ea, ta) = self.check(a, cur)?;
                let pa = ta.path_type();
                if !matches!(pa, PathType::List(_)) && !pa.is_string() {
                    return err(a.at, format!("length() takes a list or a string, not {}", pa.describe()));
                }
                let number = PathType::Number;
                Ok((expr(PathExprKind::Length(Box::new(ea)), number.clone()), Ty::Other(number)))
            }
            Ast::Contains(a, b) => {
                let (ea, ta) = self.check(a, cur)?;
                let (eb, tb) = self.check(b, cur)?;
                let (pa, pb) = (ta.path_type(), tb.path_type());
                let ok = match &pa {
                    PathType::List(e) => {
                        self.enum_value(e, b)?;
                        comparable(e, &pb)
                    }
                    t if t.is_string() => pb.is_string(),
                    _ => return err(a.at, format!("contains() searches a list or a string, not {}", pa.describe())),
                };
                if !ok {
                    return err(
                        b.at,
                        format!("contains() looks for {} in {}, which never holds one", pb.describe(), pa.describe()),
                    );
                }
                Ok((expr(PathExprKind::Contains(Box::new(ea), Box::new(eb)), PathType::Boolean), bool_ty))
            }
        }
    }

    fn boolean(&self, n: &Node, cur: &Ty<'a>, op: &str) -> Result<PathExpr, PathError> {
        let (e, t) = self.check(n, cur)?;
        match t.path_type() {
            PathType::Boolean => Ok(e),
            other => err(n.at, format!("{op} takes booleans, but this is {}", other.describe())),
        }
    }

    /// A string literal compared with an enum must be one of its values.
    fn enum_value(&self, ty: &PathType, n: &Node) -> Result<(), PathError> {
        let (PathType::Enum(id), Ast::Literal(Value::String(s))) = (ty, &n.kind) else {
            return Ok(());
        };
        let Some(en) = self.ir.enum_(id) else { return Ok(()) };
        if en.variants.iter().any(|v| v.value == *s) {
            return Ok(());
        }
        let values: Vec<&str> = en.variants.iter().map(|v| v.value.as_str()).collect();
        err(n.at, format!("{s:?} is not a value of {}; valid values: {}", en.model_name, values.join(", ")))
    }

    fn member_type(&self, target: &crate::model::ShapeId) -> Option<Ty<'a>> {
        let shape = self.ir.shape(target);
        Some(match &shape.kind {
            ShapeKind::Structure(s) => Ty::Structure(s),
            ShapeKind::List(e) if !shape.sparse => Ty::List(Box::new(self.member_type(&e.target)?)),
            ShapeKind::Enum(_) => Ty::Other(PathType::Enum(target.clone())),
            ShapeKind::Simple(Simple::String) => Ty::Other(PathType::String),
            ShapeKind::Simple(Simple::Boolean) => Ty::Other(PathType::Boolean),
            ShapeKind::Simple(
                Simple::Byte | Simple::Short | Simple::Integer | Simple::Long | Simple::Float | Simple::Double,
            ) => Ty::Other(PathType::Number),
            _ => return None,
        })
    }

    fn kind_name(&self, target: &crate::model::ShapeId) -> &'static str {
        let shape = self.ir.shape(target);
        match &shape.kind {
            ShapeKind::List(_) if shape.sparse => "a sparse list",
            ShapeKind::List(_) => "a list of what waiter paths cannot look into",
            ShapeKind::Map { .. } => "a map",
            ShapeKind::Union(_) => "a union",
            ShapeKind::Simple(Simple::Timestamp) => "a timestamp",
            ShapeKind::Simple(Simple::Blob) => "a blob",
            ShapeKind::Simple(Simple::Document) => "a document",
            _ => "a shape",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(n: &Node) -> String {
        match &n.kind {
            Ast::Current => "@".into(),
            Ast::Field(f) => f.clone(),
            Ast::Sub(a, b) => format!("({}.{})", show(a), show(b)),
            Ast::Project { list, flatten, filter, each } => {
                let how = match (flatten, filter) {
                    (true, _) => "[]".to_owned(),
                    (false, Some(c)) => format!("[?{}]", show(c)),
                    (false, None) => "[*]".to_owned(),
                };
                format!("project({}{how} -> {})", show(list), show(each))
            }
            Ast::Literal(v) => format!("`{v}`"),
            Ast::Not(a) => format!("!{}", show(a)),
            Ast::And(a, b) => format!("({} && {})", show(a), show(b)),
            Ast::Or(a, b) => format!("({} || {})", show(a), show(b)),
            Ast::Compare(op, a, b) => format!("({} {} {})", show(a), op.symbol(), show(b)),
            Ast::Length(a) => format!("length({})", show(a)),
            Ast::Contains(a, b) => format!("contains({}, {})", show(a), show(b)),
        }
    }

    fn p(src: &str) -> String {
        show(&parse(src).unwrap_or_else(|e| panic!("{src}: {e:?}")))
    }

    fn e(src: &str) -> (usize, String) {
        let e = parse(src).expect_err(src);
        (e.at, e.message)
    }

    #[test]
    fn members_and_sub_expressions() {
        assert_eq!(p("a"), "a");
        assert_eq!(p("a.b.c"), "((a.b).c)");
        assert_eq!(p("\"quoted name\".b"), "(quoted name.b)");
        assert_eq!(p("a | b"), "(a.b)");
        assert_eq!(p("@"), "@");
    }

    #[test]
    fn projections_take_the_rest_of_the_path() {
        assert_eq!(p("a[]"), "project(a[] -> @)");
        assert_eq!(p("a[].b.c"), "project(a[] -> (b.c))");
        assert_eq!(p("a[*].b"), "project(a[*] -> b)");
        // A flatten after a projection flattens the projection's result.
        assert_eq!(p("a[].b[].c"), "project(project(a[] -> b)[] -> c)");
        assert_eq!(p("a[*].b[]"), "project(project(a[*] -> b)[] -> @)");
        assert_eq!(p("a[?b == `1`].c"), "project(a[?(b == `1`)] -> c)");
        assert_eq!(p("a[] | length(@)"), "(project(a[] -> @).length(@))");
    }

    #[test]
    fn operators_bind_as_in_the_reference_implementation() {
        assert_eq!(p("a == `1` && b != 'x' || !c"), "(((a == `1`) && (b != `\"x\"`)) || !c)");
        assert_eq!(p("!(a && b)"), "!(a && b)");
        // `!` binds tighter than `.`, as in the reference implementation.
        assert_eq!(p("!a.b"), "(!a.b)");
        assert_eq!(p("a < b"), "(a < b)");
        assert_eq!(p("a <= `1.5`"), "(a <= `1.5`)");
        assert_eq!(p("a > `0`"), "(a > `0`)");
        assert_eq!(p("a >= `0`"), "(a >= `0`)");
        assert_eq!(p("'it\\'s'"), "`\"it's\"`");
    }

    #[test]
    fn functions() {
        assert_eq!(p("length(a[]) > `0`"), "(length(project(a[] -> @)) > `0`)");
        assert_eq!(p("contains(a[].b, `false`)"), "contains(project(a[] -> b), `false`)");
    }

    #[test]
    fn the_ecs_services_stable_expression() {
        assert_eq!(
            p("length(services[?!(length(deployments) == `1` && runningCount == desiredCount)]) == `0`"),
            "(length(project(services[?!((length(deployments) == `1`) && (runningCount == desiredCount))] -> @)) == `0`)"
        );
    }

    #[test]
    fn errors_say_where() {
        assert_eq!(e("a[0]"), (1, "indexes and slices are not supported in waiter paths".into()));
        assert_eq!(e("a.*.b"), (2, "object projections (`*`) are not supported in waiter paths".into()));
        assert_eq!(e("a.[b]"), (2, "multi-select lists are not supported in waiter paths".into()));
        assert_eq!(
            e("x == `1` && sort(a)"),
            (12, "the function sort() is not supported; waiter paths may call length() and contains()".into())
        );
        assert_eq!(e("length(a, b)"), (0, "length() takes 1 argument, not 2".into()));
        assert_eq!(e("a = b"), (2, "`=` is not an operator; comparisons use `==`".into()));
        assert_eq!(e("a[?b"), (4, "expected `]` closing the filter".into()));
        assert_eq!(e("(a"), (2, "expected `)`".into()));
        assert_eq!(e("a b"), (2, "unexpected input after the expression".into()));
        assert_eq!(e("a == `{`"), (5, "bad JSON literal `{`: EOF while parsing an object at line 1 column 1".into()));
        assert_eq!(e("a == 'x"), (5, "unclosed '".into()));
        assert_eq!(e("a."), (2, "expected a member name after `.`".into()));
        assert_eq!(e("a ~ b"), (2, "unexpected character '~'".into()));
    }
}
