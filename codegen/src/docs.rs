//! Smithy documentation strings to rustdoc Markdown.
//!
//! AWS models carry `smithy.api#documentation` as HTML fragments (`<p>`,
//! `<ul>`, `<code>`, `<a href>`, `<note>`...); other models use plain text.
//! [`to_rustdoc`] turns either into Markdown that
//! `RUSTDOCFLAGS="-D warnings" cargo doc` accepts: everything Markdown or
//! rustdoc would interpret in text (intra-doc links, HTML tags, emphasis,
//! code, block syntax at the start of a line) is escaped, bare URLs become
//! autolinks, and preformatted text becomes a fenced `text` block so it is
//! never compiled as a doctest.
//!
//! The conversion is a small tokenizer (text, tags, entities) feeding a
//! renderer that keeps a stack of open blocks (paragraphs, lists, items,
//! notes) and a stack of open inline frames (bold, italic, code, links).
//! Malformed HTML is handled leniently: a `<` that does not start a known
//! tag is text, unclosed elements end with their parent, stray closing tags
//! are ignored.

use std::mem;

/// Converts a Smithy documentation string (AWS-style HTML or plain text) into
/// Markdown that rustdoc renders without warnings. Deterministic; never panics.
///
/// The result has no leading, trailing or doubled blank lines, no trailing
/// spaces, and no trailing newline; blank input gives `""`.
pub fn to_rustdoc(doc: &str) -> String {
    // Tabs become spaces (clippy's `tabs_in_doc_comments` refuses them),
    // before the renderer trims and collapses whitespace.
    let doc = doc.replace("\r\n", "\n").replace('\r', "\n").replace('\t', "    ");
    let mut renderer = Renderer::default();
    renderer.run(&tokenize(&doc));
    // A tab can also come from an entity (`&#9;`).
    renderer.finish().replace('\t', "    ")
}

// ---------------------------------------------------------------------------
// Tokenizer
// ---------------------------------------------------------------------------

/// A piece of the input: text with entities decoded, or a known HTML tag.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    Text(String),
    Open { name: String, attrs: Vec<(String, String)>, self_closing: bool },
    Close(String),
}

/// Tag names recognised as HTML. Anything else after `<` is text, so that
/// `Vec<u8>`, `<T>` or `<bucket-name>` survive.
const KNOWN_TAGS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "address",
    "article",
    "aside",
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "fieldset",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "fullname",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "html",
    "i",
    "img",
    "important",
    "ins",
    "kbd",
    "label",
    "li",
    "main",
    "mark",
    "nav",
    "note",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "script",
    "section",
    "small",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Whether `name` is a tag name: a known one, written in lower case or (for
/// names longer than one letter) upper case. `<I>` and `<T>` are generic
/// parameters far more often than markup.
fn is_tag_name(name: &str) -> bool {
    let lower = !name.bytes().any(|b| b.is_ascii_uppercase());
    let upper = name.len() > 1 && !name.bytes().any(|b| b.is_ascii_lowercase());
    (lower || upper) && KNOWN_TAGS.contains(&name.to_ascii_lowercase().as_str())
}

/// Splits `src` into tokens. Never fails: anything that is not well-formed
/// markup is text.
fn tokenize(src: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    while let Some(c) = src[i..].chars().next() {
        if c == '<' {
            if let Some((token, end)) = markup(src, i) {
                if !text.is_empty() {
                    tokens.push(Token::Text(mem::take(&mut text)));
                }
                tokens.extend(token);
                i = end;
                continue;
            }
        } else if c == '&' {
            if let Some((decoded, len)) = entity(&src[i..]) {
                text.push(decoded);
                i += len;
                continue;
            }
        }
        text.push(c);
        i += c.len_utf8();
    }
    if !text.is_empty() {
        tokens.push(Token::Text(text));
    }
    tokens
}

/// Parses the markup starting at `src[i] == '<'`: a tag (`Some(token)`), or
/// a comment / declaration to drop (`None`), with the index just past it.
/// Returns `None` when the `<` is ordinary text.
fn markup(src: &str, i: usize) -> Option<(Option<Token>, usize)> {
    let rest = &src[i..];
    let b = rest.as_bytes();
    if let Some(body) = rest.strip_prefix("<!--") {
        let end = body.find("-->")?;
        return Some((None, i + 4 + end + 3));
    }
    if let Some(body) = rest.strip_prefix("<![CDATA[") {
        let end = body.find("]]>")?;
        return Some((Some(Token::Text(body[..end].to_string())), i + 9 + end + 3));
    }
    if matches!(b.get(1), Some(b'!' | b'?')) && b.get(2).is_some_and(u8::is_ascii_alphabetic) {
        let end = rest.find('>')?;
        return Some((None, i + end + 1));
    }
    let closing = b.get(1) == Some(&b'/');
    let start = if closing { 2 } else { 1 };
    let len = b[start.min(b.len())..].iter().take_while(|c| c.is_ascii_alphanumeric()).count();
    if len == 0 || !b[start].is_ascii_alphabetic() || !is_tag_name(&rest[start..start + len]) {
        return None;
    }
    let name = rest[start..start + len].to_ascii_lowercase();
    let mut p = start + len;
    if !matches!(b.get(p), Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\x0c')) {
        return None;
    }
    let skip_ws = |p: &mut usize| {
        while b.get(*p).is_some_and(u8::is_ascii_whitespace) {
            *p += 1;
        }
    };
    if closing {
        skip_ws(&mut p);
        return (b.get(p) == Some(&b'>')).then(|| (Some(Token::Close(name)), i + p + 1));
    }
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        skip_ws(&mut p);
        match b.get(p)? {
            b'>' => {
                p += 1;
                break;
            }
            b'/' if b.get(p + 1) == Some(&b'>') => {
                self_closing = true;
                p += 2;
                break;
            }
            b'<' => return None,
            b'/' | b'=' => {
                p += 1;
                continue;
            }
            _ => {}
        }
        let key_start = p;
        while b.get(p).is_some_and(|&c| !c.is_ascii_whitespace() && !b"=>/<".contains(&c)) {
            p += 1;
        }
        let key = rest[key_start..p].to_ascii_lowercase();
        skip_ws(&mut p);
        let mut value = String::new();
        if b.get(p) == Some(&b'=') {
            p += 1;
            skip_ws(&mut p);
            match b.get(p) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = rest[p + 1..].find(char::from(q))?;
                    value = decode_entities(&rest[p + 1..p + 1 + end]);
                    p += end + 2;
                }
                _ => {
                    let value_start = p;
                    while b.get(p).is_some_and(|&c| !c.is_ascii_whitespace() && c != b'>') {
                        p += 1;
                    }
                    value = decode_entities(&rest[value_start..p]);
                }
            }
        }
        attrs.push((key, value));
    }
    Some((Some(Token::Open { name, attrs, self_closing }), i + p))
}

/// Decodes the character reference at the start of `s` (which starts with
/// `&`): the character and the reference's length, or `None` if unknown.
fn entity(s: &str) -> Option<(char, usize)> {
    let semi = s.bytes().take(34).position(|b| b == b';')?;
    let body = &s[1..semi];
    let c = if let Some(num) = body.strip_prefix('#') {
        let (digits, radix) = match num.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16),
            None => (num, 10),
        };
        if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
            return None;
        }
        let c = char::from_u32(u32::from_str_radix(digits, radix).ok()?)?;
        if c.is_control() && !c.is_ascii_whitespace() {
            return None;
        }
        c
    } else {
        match body {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => '\u{a0}',
            "ndash" => '–',
            "mdash" => '—',
            "lsquo" => '‘',
            "rsquo" => '’',
            "ldquo" => '“',
            "rdquo" => '”',
            "hellip" => '…',
            "bull" => '•',
            "middot" => '·',
            "times" => '×',
            "deg" => '°',
            "copy" => '©',
            "reg" => '®',
            "trade" => '™',
            _ => return None,
        }
    };
    Some((c, semi + 1))
}

/// Whether `s` starts with something Markdown would read as a character
/// reference (`&name;`, `&#12;`, `&#x1F;`).
fn looks_like_entity(s: &str) -> bool {
    let Some(semi) = s.bytes().take(34).position(|b| b == b';') else {
        return false;
    };
    let body = &s.as_bytes()[1..semi];
    let body = body.strip_prefix(b"#").map_or(body, |n| n.strip_prefix(b"x").or(n.strip_prefix(b"X")).unwrap_or(n));
    !body.is_empty() && body.iter().all(u8::is_ascii_alphanumeric)
}

/// Decodes every known character reference in `s`.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while let Some(c) = s[i..].chars().next() {
        if c == '&' {
            if let Some((decoded, len)) = entity(&s[i..]) {
                out.push(decoded);
                i += len;
                continue;
            }
        }
        out.push(c);
        i += c.len_utf8();
    }
    out
}

// ---------------------------------------------------------------------------
// Tag classes
// ---------------------------------------------------------------------------

/// What a tag does to the output.
#[derive(Debug, Clone, Copy, PartialEq)]
enum TagKind {
    /// A paragraph-like leaf block: `<p>`, `<fullname>`, `<title>`.
    Leaf,
    /// `<h1>`..`<h6>`.
    Heading(usize),
    /// A block that only groups other blocks: `<div>`, `<dl>`, `<table>`.
    Container,
    /// `<ul>` (false) or `<ol>` (true).
    List(bool),
    /// `<li>`.
    Item,
    /// `<dt>`: a bold paragraph.
    Term,
    /// `<dd>`: a container.
    Definition,
    /// `<note>` / `<important>`: the first paragraph gets the label.
    Callout(&'static str),
    /// `<pre>`: a fenced `text` block.
    Pre,
    /// `<br>`: a hard line break.
    Break,
    /// `<hr>`: a paragraph boundary.
    Rule,
    /// `<td>` / `<th>`: a word boundary.
    Cell,
    /// An inline style.
    Style(StyleKind),
    /// `<script>` / `<style>`: dropped with their content.
    Skip,
    /// Any other known tag: dropped, content kept.
    Plain,
}

/// Inline styles without their data.
#[derive(Debug, Clone, Copy, PartialEq)]
enum StyleKind {
    Strong,
    Emph,
    Code,
    Link,
}

fn classify(name: &str) -> TagKind {
    match name {
        "p" | "fullname" | "title" | "caption" | "summary" | "figcaption" | "address" => TagKind::Leaf,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => TagKind::Heading(usize::from(name.as_bytes()[1] - b'0')),
        "div" | "blockquote" | "section" | "article" | "aside" | "header" | "footer" | "main" | "nav" | "figure"
        | "table" | "thead" | "tbody" | "tfoot" | "tr" | "details" | "center" | "body" | "html" | "form"
        | "fieldset" | "dl" | "colgroup" => TagKind::Container,
        "ul" => TagKind::List(false),
        "ol" => TagKind::List(true),
        "li" => TagKind::Item,
        "dt" => TagKind::Term,
        "dd" => TagKind::Definition,
        "note" => TagKind::Callout("Note"),
        "important" => TagKind::Callout("Important"),
        "pre" => TagKind::Pre,
        "br" => TagKind::Break,
        "hr" => TagKind::Rule,
        "td" | "th" => TagKind::Cell,
        "b" | "strong" => TagKind::Style(StyleKind::Strong),
        "i" | "em" => TagKind::Style(StyleKind::Emph),
        "code" | "tt" | "kbd" | "samp" => TagKind::Style(StyleKind::Code),
        "a" => TagKind::Style(StyleKind::Link),
        "script" | "style" => TagKind::Skip,
        _ => TagKind::Plain,
    }
}

/// Whether a tag starts or ends a block (and so ends the current paragraph).
fn is_block(name: &str) -> bool {
    !matches!(classify(name), TagKind::Style(_) | TagKind::Plain | TagKind::Cell | TagKind::Break | TagKind::Skip)
}

// ---------------------------------------------------------------------------
// Inline content
// ---------------------------------------------------------------------------

/// An inline style with its data.
#[derive(Debug, Clone, PartialEq)]
enum Style {
    Strong,
    Emph,
    Code,
    /// The decoded `href`, if any.
    Link(Option<String>),
}

/// A node of a paragraph's inline tree.
#[derive(Debug, Clone, PartialEq)]
enum Inline {
    Text(String),
    Break,
    Span(Style, Vec<Inline>),
}

/// An inline element still open, with the children seen so far.
#[derive(Debug)]
struct Frame {
    tag: String,
    style: Style,
    children: Vec<Inline>,
}

/// Builds the inline tree of the current paragraph.
#[derive(Debug, Default)]
struct Inlines {
    root: Vec<Inline>,
    frames: Vec<Frame>,
}

impl Inlines {
    fn push(&mut self, node: Inline) {
        match self.frames.last_mut() {
            Some(frame) => frame.children.push(node),
            None => self.root.push(node),
        }
    }

    fn open(&mut self, tag: &str, style: Style) {
        self.frames.push(Frame { tag: tag.to_string(), style, children: Vec::new() });
    }

    /// Closes the innermost open `tag` and everything opened inside it; a
    /// stray closing tag does nothing.
    fn close(&mut self, tag: &str) {
        if let Some(pos) = self.frames.iter().rposition(|f| f.tag == tag) {
            while self.frames.len() > pos {
                self.close_top();
            }
        }
    }

    fn close_top(&mut self) {
        if let Some(frame) = self.frames.pop() {
            self.push(Inline::Span(frame.style, frame.children));
        }
    }

    /// Closes all frames and returns the finished tree.
    fn take(&mut self) -> Vec<Inline> {
        while !self.frames.is_empty() {
            self.close_top();
        }
        mem::take(&mut self.root)
    }

    fn is_blank(&self) -> bool {
        is_blank(&self.root) && self.frames.iter().all(|f| is_blank(&f.children))
    }
}

/// Whether `nodes` would render as nothing but whitespace.
fn is_blank(nodes: &[Inline]) -> bool {
    nodes.iter().all(|n| match n {
        Inline::Text(t) => t.trim().is_empty(),
        Inline::Break => true,
        Inline::Span(Style::Link(Some(_)), _) => false,
        Inline::Span(_, children) => is_blank(children),
    })
}

/// The text of `nodes` without markup, breaks as spaces.
fn plain_text(nodes: &[Inline], out: &mut String) {
    for node in nodes {
        match node {
            Inline::Text(t) => out.push_str(t),
            Inline::Break => out.push(' '),
            Inline::Span(_, children) => plain_text(children, out),
        }
    }
}

/// `s` with runs of ASCII whitespace replaced by one space, trimmed.
fn collapse(s: &str) -> String {
    s.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

/// Which styles are already open while rendering (so they do not nest).
#[derive(Debug, Clone, Copy, Default)]
struct Ctx {
    strong: bool,
    emph: bool,
    link: bool,
}

/// Renders `nodes` as Markdown. Soft whitespace is `' '` and hard breaks are
/// `'\n'`; [`split_paragraphs`] normalizes both afterwards.
fn render(nodes: &[Inline], ctx: Ctx, out: &mut String) {
    let mut k = 0;
    while k < nodes.len() {
        let node = &nodes[k];
        k += 1;
        match node {
            Inline::Text(t) => escape_text(t, !ctx.link, out),
            Inline::Break => out.push('\n'),
            Inline::Span(Style::Code, children) => {
                // Adjacent code spans are merged: `a``b` would parse as one
                // span containing backticks.
                let mut text = String::new();
                plain_text(children, &mut text);
                while let Some(Inline::Span(Style::Code, next)) = nodes.get(k) {
                    plain_text(next, &mut text);
                    k += 1;
                }
                code_span(&collapse(&text), out);
            }
            Inline::Span(Style::Strong, children) if !ctx.strong => {
                wrap("**", children, Ctx { strong: true, ..ctx }, out);
            }
            Inline::Span(Style::Emph, children) if !ctx.emph => {
                wrap("*", children, Ctx { emph: true, ..ctx }, out);
            }
            Inline::Span(Style::Link(Some(href)), children) if !ctx.link && link_target(href).is_some() => {
                link(href, children, ctx, out);
            }
            Inline::Span(_, children) => render(children, ctx, out),
        }
    }
}

/// Splits `s` into leading whitespace, content and trailing whitespace.
fn split_ws(s: &str) -> (&str, &str, &str) {
    let is_ws = |c: char| c == ' ' || c == '\n';
    let core = s.trim_matches(is_ws);
    let lead = &s[..s.len() - s.trim_start_matches(is_ws).len()];
    let trail = &s[s.trim_end_matches(is_ws).len()..];
    (lead, core, trail)
}

/// Renders `children` between `delim`s, moving surrounding whitespace
/// outside (`** x **` would not be emphasis) and dropping empty emphasis.
fn wrap(delim: &str, children: &[Inline], ctx: Ctx, out: &mut String) {
    let mut inner = String::new();
    render(children, ctx, &mut inner);
    let (lead, core, trail) = split_ws(&inner);
    out.push_str(lead);
    if !core.is_empty() {
        out.push_str(delim);
        out.push_str(core);
        out.push_str(delim);
    }
    out.push_str(trail);
}

/// The link destination for `href`, percent-encoding what would end or break
/// it; `None` unless it is an absolute `http(s)`, `ftp` or `mailto` URL.
/// Anything else (relative paths, fragments, bare names) would be a broken
/// or intra-doc link, so only the text is kept.
fn link_target(href: &str) -> Option<String> {
    let lower = href.to_ascii_lowercase();
    let scheme = ["http://", "https://", "ftp://", "mailto:"].into_iter().find(|s| lower.starts_with(s))?;
    if href.len() == scheme.len() {
        return None;
    }
    let mut out = String::with_capacity(href.len());
    for c in href.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\\' => out.push_str("%5C"),
            '`' => out.push_str("%60"),
            c if c.is_whitespace() || c.is_control() => out.push_str(&format!("%{:02X}", u32::from(c) & 0xff)),
            c => out.push(c),
        }
    }
    Some(out)
}

/// Renders a link with a usable `href`: `[text](href)`, or `<href>` when the
/// text is empty or is the URL itself.
fn link(href: &str, children: &[Inline], ctx: Ctx, out: &mut String) {
    let target = link_target(href).unwrap_or_default();
    let mut inner = String::new();
    render(children, Ctx { link: true, ..ctx }, &mut inner);
    let (lead, core, trail) = split_ws(&inner);
    let mut text = String::new();
    plain_text(children, &mut text);
    out.push_str(lead);
    if core.is_empty() || collapse(&text) == href {
        out.push('<');
        out.push_str(&target);
        out.push('>');
    } else {
        out.push('[');
        out.push_str(core);
        out.push_str("](");
        out.push_str(&target);
        out.push(')');
    }
    out.push_str(trail);
}

/// Renders `code` (already collapsed) as a code span, with a fence longer
/// than any backtick run inside it.
fn code_span(code: &str, out: &mut String) {
    if code.is_empty() {
        return;
    }
    let fence = "`".repeat(longest_run(code, '`') + 1);
    let pad = if code.starts_with('`') || code.ends_with('`') { " " } else { "" };
    out.push_str(&fence);
    out.push_str(pad);
    out.push_str(code);
    out.push_str(pad);
    out.push_str(&fence);
}

fn longest_run(s: &str, c: char) -> usize {
    s.split(|x| x != c).map(str::len).max().unwrap_or(0)
}

/// Appends text content, escaping Markdown punctuation, turning whitespace
/// into soft spaces and (when `autolink`) bare URLs into `<URL>`.
fn escape_text(text: &str, autolink: bool, out: &mut String) {
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if autolink && c == 'h' {
            let len = url_len(rest);
            if len > 0 {
                out.push('<');
                out.push_str(&rest[..len]);
                out.push('>');
                rest = &rest[len..];
                continue;
            }
        }
        match c {
            '\\' | '[' | ']' | '<' | '>' | '*' | '_' | '`' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '&' if looks_like_entity(rest) => out.push_str("\\&"),
            c if c.is_ascii_whitespace() => out.push(' '),
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
}

/// The length of the `http://` or `https://` URL at the start of `s`, without
/// trailing punctuation; 0 if there is none.
fn url_len(s: &str) -> usize {
    let Some(scheme) = ["http://", "https://"].into_iter().find(|p| s.starts_with(p)) else {
        return 0;
    };
    let mut end = s
        .find(|c: char| {
            c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '`' | '\\' | '{' | '}' | '|' | '^')
        })
        .unwrap_or(s.len());
    loop {
        let url = &s[..end];
        let unbalanced = |open: char, close: char| url.matches(close).count() > url.matches(open).count();
        match url.chars().next_back() {
            Some('.' | ',' | ':' | ';' | '!' | '?' | '\'' | '*' | '_' | '~') => end -= 1,
            Some(')') if unbalanced('(', ')') => end -= 1,
            Some(']') if unbalanced('[', ']') => end -= 1,
            _ => break,
        }
    }
    if end > scheme.len() {
        end
    } else {
        0
    }
}

/// Normalizes rendered inline Markdown: whitespace runs become one space, a
/// run with one hard break ends a line, a run with two ends a paragraph.
/// Returns paragraphs of trimmed, non-empty lines.
fn split_paragraphs(s: &str) -> Vec<Vec<String>> {
    fn end_line(line: &mut String, lines: &mut Vec<String>) {
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            lines.push(trimmed.to_string());
        }
        line.clear();
    }
    let mut paras = Vec::new();
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != ' ' && c != '\n' {
            line.push(c);
            continue;
        }
        let mut breaks = usize::from(c == '\n');
        while let Some(&d) = chars.peek().filter(|&&d| d == ' ' || d == '\n') {
            breaks += usize::from(d == '\n');
            chars.next();
        }
        match breaks {
            0 => line.push(' '),
            1 => end_line(&mut line, &mut lines),
            _ => {
                end_line(&mut line, &mut lines);
                if !lines.is_empty() {
                    paras.push(mem::take(&mut lines));
                }
            }
        }
    }
    end_line(&mut line, &mut lines);
    if !lines.is_empty() {
        paras.push(lines);
    }
    paras
}

/// Escapes what would make a paragraph line start a heading, list, block
/// quote, table or setext underline.
fn escape_line_start(line: String) -> String {
    let bytes = line.as_bytes();
    match bytes.first() {
        Some(b'#' | b'-' | b'+' | b'=' | b'|' | b'>') => format!("\\{line}"),
        Some(b) if b.is_ascii_digit() => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            let marker = matches!(bytes.get(digits), Some(b'.' | b')'));
            if marker && matches!(bytes.get(digits + 1), None | Some(b' ')) {
                format!("{}\\{}", &line[..digits], &line[digits..])
            } else {
                line
            }
        }
        _ => line,
    }
}

// ---------------------------------------------------------------------------
// Renderer
// ---------------------------------------------------------------------------

/// An open block element.
#[derive(Debug)]
struct Block {
    /// The tag that closes it (`""` for an implied list).
    tag: String,
    kind: BlockKind,
}

#[derive(Debug)]
enum BlockKind {
    /// A paragraph-like element; `heading` is its level for `<hN>`.
    Leaf {
        heading: Option<usize>,
    },
    Container,
    Callout,
    List {
        id: usize,
        ordered: bool,
        next: u32,
    },
    /// A list item; `indent` is the column of its content, set once its
    /// marker has been written (`None` while nothing was written).
    Item {
        list: usize,
        id: usize,
        indent: Option<usize>,
    },
}

/// What kind of Markdown block [`Renderer::emit`] writes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Out {
    Paragraph,
    Heading,
    Code,
}

/// Walks the tokens, keeping the open blocks and the current paragraph, and
/// writes finished Markdown lines.
#[derive(Debug, Default)]
struct Renderer {
    out: Vec<String>,
    blocks: Vec<Block>,
    inline: Inlines,
    /// `Note` / `Important` waiting for the next block.
    label: Option<&'static str>,
    /// `(list id, item id)` of the items around the last written block.
    last_items: Vec<(usize, usize)>,
    next_id: usize,
}

impl Renderer {
    fn run(&mut self, tokens: &[Token]) {
        let mut i = 0;
        while i < tokens.len() {
            i = match &tokens[i] {
                Token::Text(t) => {
                    self.text(t);
                    i + 1
                }
                Token::Open { name, attrs, self_closing } => self.open(tokens, i, name, attrs, *self_closing),
                Token::Close(name) => {
                    self.close(name);
                    i + 1
                }
            };
        }
    }

    fn finish(mut self) -> String {
        self.flush();
        while self.out.last().is_some_and(String::is_empty) {
            self.out.pop();
        }
        self.out.join("\n")
    }

    fn id(&mut self) -> usize {
        self.next_id += 1;
        self.next_id
    }

    /// Text outside `<p>`-like elements splits into paragraphs at blank
    /// lines (this is how plain-text documentation is paragraphed).
    fn text(&mut self, t: &str) {
        if matches!(self.blocks.last(), Some(Block { kind: BlockKind::Leaf { .. }, .. })) {
            self.inline.push(Inline::Text(t.to_string()));
            return;
        }
        let pieces: Vec<&str> = t.split('\n').collect();
        let mut current = String::new();
        for (k, piece) in pieces.iter().enumerate() {
            if k > 0 && k + 1 < pieces.len() && piece.trim().is_empty() {
                if !current.is_empty() {
                    self.inline.push(Inline::Text(mem::take(&mut current)));
                }
                self.flush();
            } else {
                if k > 0 {
                    current.push('\n');
                }
                current.push_str(piece);
            }
        }
        if !current.is_empty() {
            self.inline.push(Inline::Text(current));
        }
    }

    /// Handles the opening tag at `tokens[i]`; returns the next index.
    fn open(
        &mut self,
        tokens: &[Token],
        i: usize,
        name: &str,
        attrs: &[(String, String)],
        self_closing: bool,
    ) -> usize {
        let kind = classify(name);
        if self_closing {
            match kind {
                TagKind::Break => self.inline.push(Inline::Break),
                _ if is_block(name) => self.start_block(),
                _ => {}
            }
            return i + 1;
        }
        match kind {
            TagKind::Skip => return raw_until_close(tokens, i, name).1,
            TagKind::Pre => {
                let (raw, next, _) = raw_until_close(tokens, i, name);
                self.start_block();
                self.code_block(&raw);
                return next;
            }
            TagKind::Style(StyleKind::Code) => {
                if let Some(next) = self.code_as_block(tokens, i, name) {
                    return next;
                }
                self.inline.open(name, Style::Code);
            }
            TagKind::Style(StyleKind::Strong) => self.inline.open(name, Style::Strong),
            TagKind::Style(StyleKind::Emph) => self.inline.open(name, Style::Emph),
            TagKind::Style(StyleKind::Link) => {
                let href = attrs.iter().find(|(k, _)| k == "href").map(|(_, v)| v.trim().to_string());
                self.inline.open(name, Style::Link(href.filter(|h| !h.is_empty())));
            }
            TagKind::Break => self.inline.push(Inline::Break),
            TagKind::Cell => self.inline.push(Inline::Text(" ".to_string())),
            TagKind::Plain => {}
            TagKind::Rule => self.start_block(),
            TagKind::Leaf => {
                self.start_block();
                self.push_block(name, BlockKind::Leaf { heading: None });
            }
            TagKind::Heading(level) => {
                self.start_block();
                if self.blocks.iter().any(|b| matches!(b.kind, BlockKind::Item { .. })) {
                    // A Markdown heading cannot sit in a list item: bold paragraph.
                    self.push_block(name, BlockKind::Leaf { heading: None });
                    self.inline.open(name, Style::Strong);
                } else {
                    self.push_block(name, BlockKind::Leaf { heading: Some(level) });
                }
            }
            TagKind::Term | TagKind::Definition => {
                self.start_block();
                if self.blocks.last().is_some_and(|b| b.tag == "dt" || b.tag == "dd") {
                    self.pop_block();
                }
                if kind == TagKind::Term {
                    self.push_block(name, BlockKind::Leaf { heading: None });
                    self.inline.open(name, Style::Strong);
                } else {
                    self.push_block(name, BlockKind::Container);
                }
            }
            TagKind::Container => {
                self.start_block();
                self.push_block(name, BlockKind::Container);
            }
            TagKind::Callout(label) => {
                self.start_block();
                self.push_block(name, BlockKind::Callout);
                self.label = Some(label);
            }
            TagKind::List(ordered) => {
                self.start_block();
                self.write_label();
                let id = self.id();
                self.push_block(name, BlockKind::List { id, ordered, next: 1 });
            }
            TagKind::Item => {
                self.start_block();
                self.write_label();
                // `<li>` implicitly closes the previous item of its list.
                let innermost =
                    self.blocks.iter().rposition(|b| matches!(b.kind, BlockKind::List { .. } | BlockKind::Item { .. }));
                if let Some(pos) = innermost.filter(|&p| matches!(self.blocks[p].kind, BlockKind::Item { .. })) {
                    self.pop_to(pos);
                }
                let list = self.blocks.iter().rev().find_map(|b| match b.kind {
                    BlockKind::List { id, .. } => Some(id),
                    _ => None,
                });
                let list = match list {
                    Some(id) => id,
                    None => {
                        let id = self.id();
                        self.push_block("", BlockKind::List { id, ordered: false, next: 1 });
                        id
                    }
                };
                let id = self.id();
                self.push_block(name, BlockKind::Item { list, id, indent: None });
            }
        }
        i + 1
    }

    fn close(&mut self, name: &str) {
        match classify(name) {
            TagKind::Style(_) => self.inline.close(name),
            TagKind::Break => self.inline.push(Inline::Break),
            TagKind::Plain | TagKind::Cell | TagKind::Skip | TagKind::Pre => {}
            _ => {
                self.flush();
                if let Some(pos) = self.blocks.iter().rposition(|b| b.tag == name) {
                    self.pop_to(pos);
                }
            }
        }
    }

    fn push_block(&mut self, tag: &str, kind: BlockKind) {
        self.blocks.push(Block { tag: tag.to_string(), kind });
    }

    /// Ends the current paragraph before a new block; a `<p>`-like element
    /// cannot contain blocks, so an open one is closed.
    fn start_block(&mut self) {
        self.flush();
        if matches!(self.blocks.last(), Some(Block { kind: BlockKind::Leaf { .. }, .. })) {
            self.pop_block();
        }
    }

    fn pop_to(&mut self, pos: usize) {
        while self.blocks.len() > pos {
            self.pop_block();
        }
    }

    fn pop_block(&mut self) {
        if let Some(Block { kind: BlockKind::Callout, .. }) = self.blocks.pop() {
            // A note with nothing in it leaves no label behind.
            self.label = None;
        }
    }

    /// If the `<code>` at `tokens[i]` spans lines and stands alone as a
    /// block, writes it as a code block and returns the index after it.
    fn code_as_block(&mut self, tokens: &[Token], i: usize, name: &str) -> Option<usize> {
        if !self.inline.is_blank() {
            return None;
        }
        let (raw, next, closed) = raw_until_close(tokens, i, name);
        if !closed || !raw.trim().contains('\n') {
            return None;
        }
        let mut j = next;
        while let Some(Token::Text(t)) = tokens.get(j) {
            if !t.trim().is_empty() {
                return None;
            }
            j += 1;
        }
        match tokens.get(j) {
            None => {}
            Some(Token::Open { name, .. } | Token::Close(name)) if is_block(name) => {}
            Some(_) => return None,
        }
        self.flush();
        self.code_block(&raw);
        Some(next)
    }

    /// Writes preformatted text as a fenced `text` block: blank lines at the
    /// ends dropped, common indentation removed, blank runs collapsed.
    fn code_block(&mut self, raw: &str) {
        let all: Vec<&str> = raw.split('\n').collect();
        let Some(start) = all.iter().position(|l| !l.trim().is_empty()) else {
            return;
        };
        let end = all.iter().rposition(|l| !l.trim().is_empty()).map_or(start, |e| e + 1);
        let lines = &all[start..end];
        // Text on the `<pre>` line itself is not indented like the rest.
        let (head, body) = if start == 0 { (Some(lines[0].trim_start()), &lines[1..]) } else { (None, lines) };
        let indent_of = |l: &&str| l.len() - l.trim_start_matches([' ', '\t']).len();
        let common = body.iter().filter(|l| !l.trim().is_empty()).map(indent_of).min().unwrap_or(0);
        let mut code: Vec<String> = Vec::new();
        for line in head.into_iter().chain(body.iter().map(|l| l.get(common..).unwrap_or(""))) {
            let line = line.trim_end();
            if line.is_empty() && code.last().is_some_and(String::is_empty) {
                continue;
            }
            code.push(line.to_string());
        }
        let longest = code.iter().map(|l| l.trim_start().chars().take_while(|&c| c == '`').count()).max().unwrap_or(0);
        let fence = "`".repeat(longest.max(2) + 1);
        let mut lines = Vec::with_capacity(code.len() + 2);
        lines.push(format!("{fence}text"));
        lines.extend(code);
        lines.push(fence);
        self.emit(lines, Out::Code);
    }

    /// Ends the current paragraph: renders its inline tree and writes it.
    fn flush(&mut self) {
        let nodes = self.inline.take();
        if is_blank(&nodes) {
            return;
        }
        let mut rendered = String::new();
        render(&nodes, Ctx::default(), &mut rendered);
        let heading = match self.blocks.last() {
            Some(Block { kind: BlockKind::Leaf { heading: Some(level) }, .. }) => Some(*level),
            _ => None,
        };
        for para in split_paragraphs(&rendered) {
            if let Some(level) = heading {
                let mut text = para.join(" ");
                if text.ends_with('#') {
                    text.pop();
                    text.push_str("\\#");
                }
                self.emit(vec![format!("{} {text}", "#".repeat(level))], Out::Heading);
            } else {
                let n = para.len();
                let lines = para
                    .into_iter()
                    .enumerate()
                    .map(|(k, line)| {
                        let mut line = escape_line_start(line);
                        if k + 1 < n {
                            line.push('\\'); // hard line break
                        }
                        line
                    })
                    .collect();
                self.emit(lines, Out::Paragraph);
            }
        }
    }

    /// Writes a pending `**Note:**` label as its own paragraph, so that it
    /// is not taken into the first item of a list inside the note.
    fn write_label(&mut self) {
        if let Some(label) = self.label.take() {
            self.emit(vec![format!("**{label}:**")], Out::Paragraph);
        }
    }

    /// Writes a block's lines: separated from the previous block by a blank
    /// line (except between items of one list, or a nested list and its
    /// parent item's text), prefixed by pending list markers and indented to
    /// the enclosing item's content column.
    fn emit(&mut self, mut lines: Vec<String>, out: Out) {
        if lines.is_empty() {
            return;
        }
        if out == Out::Paragraph {
            if let Some(label) = self.label.take() {
                lines[0] = format!("**{label}:** {}", lines[0]);
            }
        } else {
            self.write_label();
        }
        let items: Vec<usize> =
            (0..self.blocks.len()).filter(|&k| matches!(self.blocks[k].kind, BlockKind::Item { .. })).collect();
        let chain: Vec<(usize, usize)> = items
            .iter()
            .filter_map(|&k| match self.blocks[k].kind {
                BlockKind::Item { list, id, .. } => Some((list, id)),
                _ => None,
            })
            .collect();
        let indent_of = |b: &Block| match b.kind {
            BlockKind::Item { indent, .. } => indent,
            _ => None,
        };
        let pending = items.iter().position(|&k| indent_of(&self.blocks[k]).is_none());
        let tight = pending.is_some_and(|k| {
            let last = &self.last_items;
            last.get(..k) == chain.get(..k)
                && (last.get(k).is_some_and(|l| l.0 == chain[k].0) || (k > 0 && last.len() == k))
        });
        if !tight && self.out.last().is_some_and(|l| !l.is_empty()) {
            self.out.push(String::new());
        }
        let written = pending.unwrap_or(items.len());
        let mut indent = items[..written].last().and_then(|&k| indent_of(&self.blocks[k])).unwrap_or(0);
        let mut first_prefix = " ".repeat(indent);
        for &k in &items[written..] {
            let marker = self.marker(k);
            first_prefix.push_str(&marker);
            indent += marker.len();
            if let BlockKind::Item { indent: slot, .. } = &mut self.blocks[k].kind {
                *slot = Some(indent);
            }
        }
        let prefix = " ".repeat(indent);
        for (n, line) in lines.into_iter().enumerate() {
            if line.is_empty() {
                if self.out.last().is_some_and(|l| !l.is_empty()) {
                    self.out.push(line);
                }
            } else {
                self.out.push(format!("{}{line}", if n == 0 { &first_prefix } else { &prefix }));
            }
        }
        self.last_items = chain;
    }

    /// The marker (`- ` or `N. `) for the item at `blocks[k]`, numbering it.
    fn marker(&mut self, k: usize) -> String {
        let BlockKind::Item { list, .. } = self.blocks[k].kind else {
            return "- ".to_string();
        };
        for block in self.blocks[..k].iter_mut().rev() {
            if let BlockKind::List { id, ordered, next } = &mut block.kind {
                if *id == list {
                    if !*ordered {
                        break;
                    }
                    let marker = format!("{next}. ");
                    *next += 1;
                    return marker;
                }
            }
        }
        "- ".to_string()
    }
}

/// The text inside the element opened at `tokens[i]` (tags dropped, `<br>`
/// as a newline), the index after its closing tag, and whether it was closed.
fn raw_until_close(tokens: &[Token], i: usize, name: &str) -> (String, usize, bool) {
    let mut raw = String::new();
    for (j, token) in tokens.iter().enumerate().skip(i + 1) {
        match token {
            Token::Close(n) if n == name => return (raw, j + 1, true),
            Token::Text(t) => raw.push_str(t),
            Token::Open { name, .. } if name == "br" => raw.push('\n'),
            _ => {}
        }
    }
    (raw, tokens.len(), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(input, expected output lines)`.
    type Case = (&'static str, &'static [&'static str]);

    fn check(cases: &[Case]) {
        for (input, expected) in cases {
            assert_eq!(to_rustdoc(input), expected.join("\n"), "input: {input:?}");
        }
    }

    const BLANK: &[Case] = &[
        ("", &[""]),
        ("   ", &[""]),
        ("\n\t\r\n  \n", &[""]),
        ("<p></p>", &[""]),
        ("<p>  </p><ul>\n</ul><note> </note><code></code><b></b>", &[""]),
        ("<!-- only a comment -->", &[""]),
    ];

    const BLOCKS: &[Case] = &[
        ("<p>One.</p><p>Two.</p>", &["One.", "", "Two."]),
        ("<p>Runs \n\t of   white\n   space</p>", &["Runs of white space"]),
        ("  <p>  padded  </p>  ", &["padded"]),
        ("<div>first</div><div>second</div>", &["first", "", "second"]),
        ("<fullname>Amazon Foo</fullname><p>About.</p>", &["Amazon Foo", "", "About."]),
        ("<title>Title</title>text", &["Title", "", "text"]),
        ("before <p>inside</p> after", &["before", "", "inside", "", "after"]),
        ("<p>a<p>b", &["a", "", "b"]),
        ("<p>para<ul><li>x</li></ul>", &["para", "", "- x"]),
        ("<p>a</p><hr><p>b</p>", &["a", "", "b"]),
        ("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", &["a b", "", "c"]),
        ("<h1>Top</h1><p>x</p>", &["# Top", "", "x"]),
        ("<h3>Level <code>three</code> #</h3>", &[r"### Level `three` \#"]),
        ("<p>x</p><h2></h2><h6>six</h6>", &["x", "", "###### six"]),
    ];

    const LISTS: &[Case] = &[
        ("<ul><li>a</li><li>b</li></ul>", &["- a", "- b"]),
        ("<ol><li>a</li><li>b</li></ol>", &["1. a", "2. b"]),
        ("<ul>\n  <li>\n    <p>a</p>\n  </li>\n  <li><p>b</p></li>\n</ul>", &["- a", "- b"]),
        (
            "<p>Intro:</p><ul><li>one</li><li>two<ul><li>nested <code>x</code></li><li>n2</li></ul></li><li>three</li></ul><p>After.</p>",
            &["Intro:", "", "- one", "- two", "  - nested `x`", "  - n2", "- three", "", "After."],
        ),
        (
            "<ol><li>first</li><li>second<ol><li>a</li></ol><p>more</p></li><li>third</li></ol>",
            &["1. first", "2. second", "   1. a", "", "   more", "3. third"],
        ),
        ("<ul><li><p>p1</p><p>p2</p></li><li>next</li></ul>", &["- p1", "", "  p2", "- next"]),
        ("<ul><li>text<p>para</p></li></ul>", &["- text", "", "  para"]),
        ("<ul><li>a<li>b</ul>", &["- a", "- b"]),
        ("<ul><li><ul><li>deep</li></ul></li></ul>", &["- - deep"]),
        ("<ol><li></li><li>x</li><li> </li><li>y</li></ol>", &["1. x", "2. y"]),
        ("<li>orphan</li><p>after</p>", &["- orphan", "", "after"]),
        ("<ul><li><ol><li>x</li></ol>tail</li></ul>", &["- 1. x", "", "  tail"]),
        (
            "<ol><li>1</li><li>2</li><li>3</li><li>4</li><li>5</li><li>6</li><li>7</li><li>8</li><li>9</li><li>ten<ul><li>sub</li></ul></li></ol>",
            &[
                r"1. 1", r"2. 2", r"3. 3", r"4. 4", r"5. 5", r"6. 6", r"7. 7", r"8. 8", r"9. 9", "10. ten",
                "    - sub",
            ],
        ),
        ("<ul><li>- dash</li><li>1. one</li><li># hash</li></ul>", &[r"- \- dash", r"- 1\. one", r"- \# hash"]),
        ("<ul><li><h3>In item</h3><p>body</p></li></ul>", &["- **In item**", "", "  body"]),
    ];

    const CALLOUTS: &[Case] = &[
        ("<p>Text.</p><note><p>Be careful.</p></note>", &["Text.", "", "**Note:** Be careful."]),
        ("<important>Really.</important>", &["**Important:** Really."]),
        ("<note><p>One.</p><p>Two.</p></note><p>Out.</p>", &["**Note:** One.", "", "Two.", "", "Out."]),
        ("<note><ul><li>in note</li></ul></note>", &["**Note:**", "", "- in note"]),
        ("<note></note><p>Plain.</p>", &["Plain."]),
        ("<note><pre>x</pre></note>", &["**Note:**", "", "```text", "x", "```"]),
        ("<ul><li><note><p>n</p></note></li></ul>", &["- **Note:** n"]),
    ];

    const DEFINITIONS: &[Case] = &[
        (
            "<dl><dt>ALWAYS_ON</dt><dd><p>Always.</p></dd><dt>ON_DEMAND</dt><dd>Sometimes.</dd></dl>",
            &[r"**ALWAYS\_ON**", "", "Always.", "", r"**ON\_DEMAND**", "", "Sometimes."],
        ),
        ("<dl><dt><code>X</code> term<dd>def<dt>Y<dd>def2</dl>", &["**`X` term**", "", "def", "", "**Y**", "", "def2"]),
        ("<dl><dt><b>bold</b></dt></dl>", &["**bold**"]),
    ];

    const BREAKS: &[Case] = &[
        ("<p>line one<br>line two<br/>- three</p>", &[r"line one\", r"line two\", r"\- three"]),
        ("<p><br>a<br> </p>", &["a"]),
        ("a<br><br>b", &["a", "", "b"]),
        ("<p>x\\<br>y</p>", &[r"x\\\", "y"]),
        ("<p><b>a<br>b</b></p>", &[r"**a\", "b**"]),
        ("<p>a</br>b</p>", &[r"a\", "b"]),
    ];

    const CODE_BLOCKS: &[Case] = &[
        ("<pre>\n    {\n      \"a\": 1\n    }\n</pre>", &["```text", "{", "  \"a\": 1", "}", "```"]),
        (
            "<pre>first line\n        second\n          third</pre>",
            &["```text", "first line", "second", "  third", "```"],
        ),
        ("<pre>a\n\n\n\nb  </pre>", &["```text", "a", "", "b", "```"]),
        ("<pre>```\nfenced\n```</pre>", &["````text", "```", "fenced", "```", "````"]),
        ("<pre>&lt;T&gt; [x] *y* <b>z</b></pre>", &["```text", "<T> [x] *y* z", "```"]),
        ("<pre><code>fn main() {}\n</code></pre>", &["```text", "fn main() {}", "```"]),
        ("<pre>a<br>b</pre>", &["```text", "a", "b", "```"]),
        ("<pre>\n\n</pre><pre></pre>", &[""]),
        (
            "<p>Example:</p><code>{\n  \"Key\": \"v\"\n}</code><p>Done.</p>",
            &["Example:", "", "```text", "{", "  \"Key\": \"v\"", "}", "```", "", "Done."],
        ),
        ("<p><code>\n  a\n  b\n</code></p>", &["```text", "a", "b", "```"]),
        ("<p>Use <code>a\n  b</code> here</p>", &["Use `a b` here"]),
        ("<p><code>a\nb</code> and more</p>", &["`a b` and more"]),
        ("<p><code>\n  Name</code></p>", &["`Name`"]),
        (
            "<ul><li><p>item</p><pre>code\n  line</pre></li><li><pre>first</pre></li></ul>",
            &["- item", "", "  ```text", "  code", "  line", "  ```", "- ```text", "  first", "  ```"],
        ),
        ("<ol><li><pre>a\n\nb</pre></li></ol>", &["1. ```text", "   a", "", "   b", "   ```"]),
        ("<pre>unclosed\n  pre", &["```text", "unclosed", "pre", "```"]),
    ];

    const INLINE: &[Case] = &[
        ("<p>Call <code>AssumeRole</code> now.</p>", &["Call `AssumeRole` now."]),
        ("<p><code>a`b</code> and <code>``</code></p>", &["``a`b`` and ``` `` ```"]),
        ("<p><code>`x</code></p>", &["`` `x ``"]),
        ("<p>empty <code> </code>code</p>", &["empty code"]),
        ("<p><code>x</code><code>y</code></p>", &["`xy`"]),
        ("<p><code>Vec<u8> [x] *y* _z_ \\</code></p>", &[r"`Vec<u8> [x] *y* _z_ \`"]),
        ("<p>x <code>a  &amp;\n b</code></p>", &["x `a & b`"]),
        ("<p><b>b</b> <strong>s</strong> <i>i</i> <em>e</em></p>", &["**b** **s** *i* *e*"]),
        ("<p>The <b> spaced </b>word and <i></i>nothing.</p>", &["The **spaced** word and nothing."]),
        ("<p><b><i>both</i></b> <i>x <b>y</b></i></p>", &["***both*** *x **y***"]),
        ("<p><b>outer <b>inner</b></b></p>", &["**outer inner**"]),
        ("<p>word<b>bold</b>word</p>", &["word**bold**word"]),
        ("<p><b>code <code>x</code></b></p>", &["**code `x`**"]),
        ("<p>a <span class=\"x\">span</span> <sup>2</sup> <u>u</u> <var>v</var></p>", &["a span 2 u v"]),
        ("<p><kbd>Ctrl</kbd>+<tt>C</tt></p>", &["`Ctrl`+`C`"]),
        ("<p>a <img src=\"x.png\" alt=\"pic\"> b</p>", &["a b"]),
        ("<script>alert(1)</script><style>p{}</style><p>visible</p>", &["visible"]),
    ];

    const LINKS: &[Case] = &[
        ("<p>See <a href=\"https://example.com/x_y\">the docs</a>.</p>", &["See [the docs](https://example.com/x_y)."]),
        ("<p>Use <a>ListTagsForResource</a>.</p>", &["Use ListTagsForResource."]),
        ("<p><a href=\"\">empty</a> <a href=\"  \">blank</a></p>", &["empty blank"]),
        ("<p><a href=\"https://a.com\">https://a.com</a></p>", &["<https://a.com>"]),
        ("<p><a href=\"https://a.com\"> </a>x</p>", &["<https://a.com> x"]),
        ("<p><a href=\"Op\">Op</a> <a href=\"#frag\">frag</a> <a href=\"../rel.html\">rel</a></p>", &["Op frag rel"]),
        ("<p><a href=\"mailto:a@b.com\">mail</a></p>", &["[mail](mailto:a@b.com)"]),
        ("<p><a href=\"https://x.com/a b(c)\">link</a></p>", &["[link](https://x.com/a%20b%28c%29)"]),
        ("<p><a href='https://x.com/?a=1&amp;b=2'>q</a></p>", &["[q](https://x.com/?a=1&b=2)"]),
        ("<p><a href=https://x.com>unquoted</a></p>", &["[unquoted](https://x.com)"]),
        (
            "<p><a href=\"https://x.com\">text <a href=\"https://y.com\">inner</a></a></p>",
            &["[text inner](https://x.com)"],
        ),
        ("<p><a href=\"https://x.com\"><code>Foo</code> [1]</a></p>", &[r"[`Foo` \[1\]](https://x.com)"]),
        ("<p><a href=\"https://x.com\"> padded </a>text</p>", &["[padded](https://x.com) text"]),
        ("<p><a href=\"https://x.com\">see https://y.com</a></p>", &["[see https://y.com](https://x.com)"]),
        ("<p><a name=\"anchor\">Anchor</a></p>", &["Anchor"]),
        ("<p><b><a href=\"https://x.com\">bold link</a></b></p>", &["**[bold link](https://x.com)**"]),
    ];

    const URLS: &[Case] = &[
        ("<p>Go to https://example.com/path.</p>", &["Go to <https://example.com/path>."]),
        ("<p>(http://d.com/x) and http://e.com/a_(b), end</p>", &["(<http://d.com/x>) and <http://e.com/a_(b)>, end"]),
        ("<p>xhttps://c.com/a_b*</p>", &[r"x<https://c.com/a_b>\*"]),
        ("<p>&lt;https://a.com&gt;</p>", &[r"\<<https://a.com>\>"]),
        ("<p>http:// alone and https://</p>", &["http:// alone and https://"]),
        ("https://plain.example.com", &["<https://plain.example.com>"]),
    ];

    const ENTITIES: &[Case] = &[
        ("<p>&lt;b&gt; &amp; &quot;q&quot; &apos;a&apos;</p>", &[r#"\<b\> & "q" 'a'"#]),
        ("<p>a&nbsp;b &#65;&#x42;&#X43; &#233;</p>", &["a\u{a0}b ABC é"]),
        (
            "<p>&bogus; &#x110000; &#xD800; &#99999999999; &#1; &#x; &#; &; & alone &amp</p>",
            &[r"\&bogus; \&#x110000; \&#xD800; \&#99999999999; \&#1; &#x; &#; &; & alone &amp"],
        ),
        ("<p>&amp;lt; is literal</p>", &[r"\&lt; is literal"]),
        ("<p>&mdash; &ndash; &hellip; &rsquo;</p>", &["— – … ’"]),
    ];

    const ESCAPING: &[Case] = &[
        (
            "<p>A [Foo] and <T> and Vec<u8> and Map<String, Object></p>",
            &[r"A \[Foo\] and \<T\> and Vec\<u8\> and Map\<String, Object\>"],
        ),
        ("<p>Use &lt;T&gt; or [Foo][bar] or [x](y)</p>", &[r"Use \<T\> or \[Foo\]\[bar\] or \[x\](y)"]),
        ("<p>*a* _b_ `c` \\d ~e~ a|b #f !g</p>", &[r"\*a\* \_b\_ \`c\` \\d \~e\~ a|b #f !g"]),
        (
            "<p><I>generic</I> <B> <A> <P> <Object> <bucket-name></p>",
            &[r"\<I\>generic\</I\> \<B\> \<A\> \<P\> \<Object\> \<bucket-name\>"],
        ),
        ("<P>Upper</P><BR>case", &[r"\<P\>Upper\</P\>\", "case"]),
    ];

    const LINE_STARTS: &[Case] = &[
        (
            "<p># h</p><p>- d</p><p>+ p</p><p>= e</p><p>| t</p><p>&gt; q</p><p>-x</p>",
            &[r"\# h", "", r"\- d", "", r"\+ p", "", r"\= e", "", r"\| t", "", r"\> q", "", r"\-x"],
        ),
        (
            "<p>1. one</p><p>2) two</p><p>10.</p><p>2.0 is fine</p><p>3.x</p>",
            &[r"1\. one", "", r"2\) two", "", r"10\.", "", "2.0 is fine", "", "3.x"],
        ),
        ("<p>    four spaces</p><p>\tTab</p>", &["four spaces", "", "Tab"]),
        ("<p>a<br>  # b<br>3. c</p>", &[r"a\", r"\# b\", r"3\. c"]),
        ("<p>___</p><p>***</p><p>~~~</p><p>```</p>", &[r"\_\_\_", "", r"\*\*\*", "", r"\~\~\~", "", r"\`\`\`"]),
    ];

    const MALFORMED: &[Case] = &[
        ("<p>unclosed <b>bold <i>it", &["unclosed **bold *it***"]),
        ("</p>stray</li> <p>x</p></p></ul>", &["stray", "", "x"]),
        ("<p>a < b and c<d and e <= f > g</p>", &[r"a \< b and c\<d and e \<= f \> g"]),
        ("<p>a <b", &[r"a \<b"]),
        ("x <", &[r"x \<"]),
        ("x </", &[r"x \</"]),
        ("<p>Unterminated <a href=\"https://x.com", &[r#"Unterminated \<a href="<https://x.com>"#]),
        ("<p>bad <a href='x>text</p>", &[r"bad \<a href='x\>text"]),
        ("a <!-- unterminated", &[r"a \<!-- unterminated"]),
        ("<p>a <!-- c --> b <![CDATA[<x>]]> c <?php x ?> d <!DOCTYPE html> e</p>", &[r"a b \<x\> c d e"]),
        ("<b><i>x</b>y</i>", &["***x***y"]),
        ("<ul><li>a</p>b</ul>c", &["- a", "", "  b", "", "c"]),
        ("<p>a</p></note></dd></ol>b", &["a", "", "b"]),
        ("<p class=\"x\" id='y' hidden>attrs</p>", &["attrs"]),
        ("<p/>a<p / >b<br/ >c", &["a", "", r"b\", "c"]),
        ("<a href=\"https://x.com\"", &[r#"\<a href="<https://x.com>""#]),
        ("<code>unclosed code", &["`unclosed code`"]),
        ("<p>a <b>b</p> c</b> d", &["a **b**", "", "c d"]),
    ];

    const MULTIBYTE: &[Case] = &[
        ("<p>é 日本 🎉 &#x1F600;</p>", &["é 日本 🎉 😀"]),
        (
            "<p><code>日本</code> <b>é</b> <a href=\"https://x.com/é\">日</a></p>",
            &["`日本` **é** [日](https://x.com/é)"],
        ),
        ("<p>日<本>語 é<é> 🎉<p>x</p></p>", &[r"日\<本\>語 é\<é\> 🎉", "", "x"]),
        ("<p>see https://例え.jp/パス。</p>", &["see <https://例え.jp/パス。>"]),
        ("日本語の文。\n\n第二段落。", &["日本語の文。", "", "第二段落。"]),
        ("<p>&é; &#x65E5;&#26412;</p>", &["&é; 日本"]),
    ];

    const PLAIN: &[Case] = &[
        (
            "Plain text paragraph\ncontinues here.\n\nSecond paragraph with [Foo] and Vec<u8>.\n\n\n\nThird.",
            &[
                "Plain text paragraph continues here.",
                "",
                r"Second paragraph with \[Foo\] and Vec\<u8\>.",
                "",
                "Third.",
            ],
        ),
        ("    indented line\n\t\ttabbed", &["indented line tabbed"]),
        ("# Not heading\n- not list\n\n1. not numbered", &[r"\# Not heading - not list", "", r"1\. not numbered"]),
        ("Windows\r\nline\r\n\r\nendings\rold mac", &["Windows line", "", "endings old mac"]),
        ("The `foo` member *must* be set.", &[r"The \`foo\` member \*must\* be set."]),
        ("A <b>mixed</b> doc.\n\nWith two paragraphs.", &["A **mixed** doc.", "", "With two paragraphs."]),
        ("<p>Inside a p\n\nblank lines collapse</p>", &["Inside a p blank lines collapse"]),
    ];

    /// Real `smithy.api#documentation` strings from AppStream
    /// (`appstream-2016-12-01.json`).
    const APPSTREAM_SERVICE: &str = "<fullname>Amazon AppStream 2.0</fullname>\n         <p>This is the <i>Amazon AppStream 2.0 API Reference</i>. This documentation provides descriptions and syntax for each of the actions and data types in AppStream 2.0. AppStream 2.0 is a fully managed, secure application streaming service that lets you stream desktop applications to users without rewriting applications. AppStream 2.0 manages the AWS resources that are required to host and run your applications, scales automatically, and provides access to your users on demand. </p>\n         <note>\n            <p>You can call the AppStream 2.0 API operations by using an interface VPC endpoint (interface endpoint). For more information, see <a href=\"https://docs.aws.amazon.com/appstream2/latest/developerguide/access-api-cli-through-interface-vpc-endpoint.html\">Access AppStream 2.0 API Operations and CLI Commands Through an Interface VPC Endpoint</a> in the <i>Amazon AppStream 2.0 Administration Guide</i>.</p>\n         </note>\n         <p>To learn more about AppStream 2.0, see the following resources:</p>\n         <ul>\n            <li>\n               <p>\n                  <a href=\"http://aws.amazon.com/appstream2\">Amazon AppStream 2.0 product page</a>\n               </p>\n            </li>\n            <li>\n               <p>\n                  <a href=\"http://aws.amazon.com/documentation/appstream2\">Amazon AppStream 2.0 documentation</a>\n               </p>\n            </li>\n         </ul>";
    const APPSTREAM_FLEET_TYPE: &str = "<p>The fleet type.</p>\n         <dl>\n            <dt>ALWAYS_ON</dt>\n            <dd>\n               <p>Provides users with instant-on access to their apps.\n                        You are charged for all running instances in your fleet, even if no users are streaming apps.</p>\n            </dd>\n            <dt>ON_DEMAND</dt>\n            <dd>\n               <p>Provide users with access to applications after they connect, which takes one to two minutes.\n                        You are charged for instance streaming when users are connected and a\n                        small hourly fee for instances that are not streaming apps.</p>\n            </dd>\n         </dl>";
    const APPSTREAM_TAGS: &str = "<p>The tags to associate with the fleet. A tag is a key-value pair, and the value is optional. For example, Environment=Test. If you do not specify a value, Environment=. </p>\n         <p>If you do not specify a value, the value is set to an empty string.</p>\n         <p>Generally allowed characters are: letters, numbers, and spaces representable in UTF-8, and the following special characters: </p>\n         <p>_ . : / = + \\ - @</p>\n         <p>For more information, see <a href=\"https://docs.aws.amazon.com/appstream2/latest/developerguide/tagging-basic.html\">Tagging Your Resources</a> in the <i>Amazon AppStream 2.0 Administration Guide</i>.</p>";
    /// A real AWS paragraph with code, bold, a link and italics.
    const AWS_IAM_ROLE: &str = "<p>The Amazon Resource Name (ARN) of the IAM role to apply to the fleet. To assume a role, a fleet instance calls the AWS Security Token Service (STS) <code>AssumeRole</code> API operation and passes the ARN of the role to use. The operation creates a new session with temporary credentials. AppStream 2.0 retrieves the temporary credentials and creates the <b>appstream_machine_role</b> credential profile on the instance.</p>\n         <p>For more information, see <a href=\"https://docs.aws.amazon.com/appstream2/latest/developerguide/using-iam-roles-to-grant-permissions-to-applications-scripts-streaming-instances.html\">Using an IAM Role to Grant Permissions to Applications and Scripts Running on AppStream 2.0 Streaming Instances</a> in the <i>Amazon AppStream 2.0 Administration Guide</i>.</p>";

    const ALL: &[&[Case]] = &[
        BLANK,
        BLOCKS,
        LISTS,
        CALLOUTS,
        DEFINITIONS,
        BREAKS,
        CODE_BLOCKS,
        INLINE,
        LINKS,
        URLS,
        ENTITIES,
        ESCAPING,
        LINE_STARTS,
        MALFORMED,
        MULTIBYTE,
        PLAIN,
    ];

    #[test]
    fn tabs_become_spaces() {
        assert_eq!(to_rustdoc("<p>a\tb</p>"), "a b");
        assert!(!to_rustdoc("<pre><code>x\ty</code></pre>").contains('\t'));
        assert!(!to_rustdoc("a&#9;b").contains('\t'));
    }

    #[test]
    fn blank_input_gives_empty_output() {
        check(BLANK);
    }

    #[test]
    fn block_tags() {
        check(BLOCKS);
    }

    #[test]
    fn lists_and_nesting() {
        check(LISTS);
    }

    #[test]
    fn notes_and_important() {
        check(CALLOUTS);
    }

    #[test]
    fn definition_lists() {
        check(DEFINITIONS);
    }

    #[test]
    fn line_breaks() {
        check(BREAKS);
    }

    #[test]
    fn preformatted_blocks_are_text_fences() {
        check(CODE_BLOCKS);
    }

    #[test]
    fn inline_styles() {
        check(INLINE);
    }

    #[test]
    fn links() {
        check(LINKS);
    }

    #[test]
    fn bare_urls_become_autolinks() {
        check(URLS);
    }

    #[test]
    fn entities() {
        check(ENTITIES);
    }

    #[test]
    fn brackets_generics_and_markdown_punctuation_are_escaped() {
        check(ESCAPING);
    }

    #[test]
    fn line_starts_stay_paragraphs() {
        check(LINE_STARTS);
    }

    #[test]
    fn malformed_html_keeps_text() {
        check(MALFORMED);
    }

    #[test]
    fn multibyte_text() {
        check(MULTIBYTE);
    }

    #[test]
    fn plain_text_docs() {
        check(PLAIN);
    }

    #[test]
    fn aws_paragraph_with_link_and_code() {
        check(&[(AWS_IAM_ROLE, &[
            "The Amazon Resource Name (ARN) of the IAM role to apply to the fleet. To assume a role, a fleet instance calls the AWS Security Token Service (STS) `AssumeRole` API operation and passes the ARN of the role to use. The operation creates a new session with temporary credentials. AppStream 2.0 retrieves the temporary credentials and creates the **appstream\\_machine\\_role** credential profile on the instance.",
            "",
            "For more information, see [Using an IAM Role to Grant Permissions to Applications and Scripts Running on AppStream 2.0 Streaming Instances](https://docs.aws.amazon.com/appstream2/latest/developerguide/using-iam-roles-to-grant-permissions-to-applications-scripts-streaming-instances.html) in the *Amazon AppStream 2.0 Administration Guide*.",
        ])]);
    }

    #[test]
    fn appstream_service_documentation() {
        check(&[(APPSTREAM_SERVICE, &[
            "Amazon AppStream 2.0",
            "",
            "This is the *Amazon AppStream 2.0 API Reference*. This documentation provides descriptions and syntax for each of the actions and data types in AppStream 2.0. AppStream 2.0 is a fully managed, secure application streaming service that lets you stream desktop applications to users without rewriting applications. AppStream 2.0 manages the AWS resources that are required to host and run your applications, scales automatically, and provides access to your users on demand.",
            "",
            "**Note:** You can call the AppStream 2.0 API operations by using an interface VPC endpoint (interface endpoint). For more information, see [Access AppStream 2.0 API Operations and CLI Commands Through an Interface VPC Endpoint](https://docs.aws.amazon.com/appstream2/latest/developerguide/access-api-cli-through-interface-vpc-endpoint.html) in the *Amazon AppStream 2.0 Administration Guide*.",
            "",
            "To learn more about AppStream 2.0, see the following resources:",
            "",
            "- [Amazon AppStream 2.0 product page](http://aws.amazon.com/appstream2)",
            "- [Amazon AppStream 2.0 documentation](http://aws.amazon.com/documentation/appstream2)",
        ])]);
    }

    #[test]
    fn appstream_definition_list() {
        check(&[(APPSTREAM_FLEET_TYPE, &[
            "The fleet type.",
            "",
            r"**ALWAYS\_ON**",
            "",
            "Provides users with instant-on access to their apps. You are charged for all running instances in your fleet, even if no users are streaming apps.",
            "",
            r"**ON\_DEMAND**",
            "",
            "Provide users with access to applications after they connect, which takes one to two minutes. You are charged for instance streaming when users are connected and a small hourly fee for instances that are not streaming apps.",
        ])]);
    }

    #[test]
    fn appstream_special_characters() {
        check(&[(APPSTREAM_TAGS, &[
            "The tags to associate with the fleet. A tag is a key-value pair, and the value is optional. For example, Environment=Test. If you do not specify a value, Environment=.",
            "",
            "If you do not specify a value, the value is set to an empty string.",
            "",
            "Generally allowed characters are: letters, numbers, and spaces representable in UTF-8, and the following special characters:",
            "",
            r"\_ . : / = + \\ - @",
            "",
            "For more information, see [Tagging Your Resources](https://docs.aws.amazon.com/appstream2/latest/developerguide/tagging-basic.html) in the *Amazon AppStream 2.0 Administration Guide*.",
        ])]);
    }

    /// Every input above, and every prefix of the larger ones (cut HTML),
    /// gives deterministic output with the layout the generator relies on.
    #[test]
    fn output_layout_invariants() {
        let mut inputs: Vec<&str> = ALL.iter().flat_map(|t| t.iter().map(|(input, _)| *input)).collect();
        inputs.extend([APPSTREAM_SERVICE, APPSTREAM_FLEET_TYPE, APPSTREAM_TAGS, AWS_IAM_ROLE]);
        let mut all = Vec::new();
        for input in inputs {
            all.extend(input.char_indices().map(|(i, _)| &input[..i]));
            all.push(input);
        }
        for input in all {
            let out = to_rustdoc(input);
            assert_eq!(out, to_rustdoc(input), "not deterministic: {input:?}");
            assert!(!out.starts_with('\n') && !out.ends_with('\n'), "{input:?} -> {out:?}");
            assert!(!out.contains("\n\n\n"), "{input:?} -> {out:?}");
            let mut fence: Option<String> = None;
            for line in out.lines() {
                assert_eq!(line, line.trim_end(), "trailing space: {input:?} -> {out:?}");
                let mut content = line.trim_start_matches(' ');
                if fence.is_none() {
                    content = strip_markers(content);
                }
                match &fence {
                    Some(f) if content == f => fence = None,
                    Some(_) => {}
                    None if content.starts_with("```") => {
                        fence = Some("`".repeat(content.len() - content.trim_start_matches('`').len()));
                    }
                    // Outside code, indentation is list indentation: spaces only.
                    None => assert!(!content.starts_with(char::is_whitespace), "{input:?} -> {out:?}"),
                }
            }
            assert!(fence.is_none(), "unclosed fence: {input:?} -> {out:?}");
        }
    }

    /// `line` without the list markers (`- `, `1. `) it starts with.
    fn strip_markers(mut line: &str) -> &str {
        loop {
            let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            if let Some(rest) = line.strip_prefix("- ") {
                line = rest;
            } else if let Some(rest) = line[digits..].strip_prefix(". ").filter(|_| digits > 0) {
                line = rest;
            } else {
                return line;
            }
        }
    }

    #[test]
    fn tokenizer() {
        let open = |name: &str, attrs: &[(&str, &str)], self_closing| Token::Open {
            name: name.to_string(),
            attrs: attrs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            self_closing,
        };
        let text = |t: &str| Token::Text(t.to_string());
        assert_eq!(
            tokenize("<a href='x&amp;y' data-z=w checked>t</a>"),
            [
                open("a", &[("href", "x&y"), ("data-z", "w"), ("checked", "")], false),
                text("t"),
                Token::Close("a".into())
            ]
        );
        assert_eq!(tokenize("a<br/>b<!-- c -->&lt;"), [text("a"), open("br", &[], true), text("b"), text("<")]);
        assert_eq!(tokenize("<UL></Ul>"), [open("ul", &[], false), text("</Ul>")]);
        assert_eq!(tokenize("Vec<u8> <T> <p"), [text("Vec<u8> <T> <p")]);
        assert_eq!(tokenize("<![CDATA[<p>]]>"), [text("<p>")]);
    }
}

/// A model string that is plain text (a title, an SDK id, a waiter's
/// expected value) as Markdown that shows it literally: whitespace runs
/// become one space, and characters Markdown would read as markup or links
/// are escaped.
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!' | '&') {
                out.push('\\');
            }
            if !c.is_control() {
                out.push(c);
            }
        }
    }
    out
}

#[cfg(test)]
mod plain_tests {
    #[test]
    fn plain_text_cannot_become_markup() {
        assert_eq!(super::plain("Hostile\"\n[lib]\npath = `x`"), "Hostile\" \\[lib\\] path = \\`x\\`");
        assert_eq!(super::plain("Amazon AppStream"), "Amazon AppStream");
    }
}

/// `text` with its control characters (newlines included) escaped, so that
/// it stays on one line wherever it is written.
pub fn one_line(text: &str) -> String {
    text.chars().flat_map(|c| if c.is_control() { c.escape_default().collect::<Vec<_>>() } else { vec![c] }).collect()
}

/// A model string shown as inline code: control characters escaped (so it
/// stays on one line) and fenced with more backticks than it contains.
pub fn code(text: &str) -> String {
    let shown = one_line(text);
    let longest = shown.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if shown.starts_with('`') || shown.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{shown}{pad}{fence}")
}
