//! What changed between two versions of a service model, operation by
//! operation, as botocore's changelog shows it to a human reviewer.
//!
//! Both models go through the normal pipeline ([`load`]: parse, check, lower),
//! and [`diff`] compares the two [`Ir`]s:
//!
//! - operations only in the new model are *new*, only in the old *removed*;
//! - an operation in both is *updated* when its documentation, deprecation,
//!   pagination, waiters, errors, or anything its request or response
//!   reaches changed.
//!
//! Requests and responses are compared by *structure*, not by shape name:
//! members are matched by wire name, and the diff descends through nested
//! structures, lists (`[]`) and maps (`{key}`, `{value}`), so a member added
//! to a shared structure shows up, with its full path, in every operation
//! that reaches it. Members that are added or removed are listed with
//! everything they contain. Each [`Change`] names its [`Section`] and path;
//! [`Changelog::render`] writes text, Markdown or JSON, always sorted.

use crate::diag::ModelError;
use crate::ir::{Constraints, Deprecated, Ir, Member, Operation, Paginated, Structure, Type, TypeUse};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// Loads a model as the generator does: parse, check, lower.
pub fn load(file: &str, text: &str) -> Result<Ir, ModelError> {
    let model = crate::model::Model::parse(file, text)?;
    let (model, _) = crate::prune::without_event_streams(&model);
    let checked = crate::check::check(&model)?;
    crate::lower::lower(&checked)
}

/// Everything that changed between two models.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Changelog {
    /// Operations only the new model has, sorted by name.
    pub new: Vec<OperationDocs>,
    /// Operations in both models that changed, sorted by name.
    pub updated: Vec<UpdatedOperation>,
    /// Operations only the old model has, sorted by name.
    pub removed: Vec<OperationDocs>,
}

/// A new or removed operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationDocs {
    /// The operation's name (`UpdateImagePermissions`).
    pub name: String,
    /// Its documentation, Markdown as the IR holds it.
    pub docs: String,
}

/// An operation in both models, with what changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdatedOperation {
    /// The operation's name.
    pub name: String,
    /// The changes, sorted and without duplicates.
    pub changes: Vec<Change>,
}

/// Which part of an operation a change is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    /// The operation itself: documentation, deprecation, pagination, waiters.
    Operation,
    /// The input structure and everything it reaches.
    Request,
    /// The output structure and everything it reaches.
    Response,
    /// The errors the operation declares.
    Errors,
}

impl Section {
    /// `Operation`, `Request`, `Response` or `Errors`.
    pub fn label(self) -> &'static str {
        match self {
            Section::Operation => "Operation",
            Section::Request => "Request",
            Section::Response => "Response",
            Section::Errors => "Errors",
        }
    }

    /// The JSON name: `operation`, `request`, `response` or `errors`.
    pub fn key(self) -> &'static str {
        match self {
            Section::Operation => "operation",
            Section::Request => "request",
            Section::Response => "response",
            Section::Errors => "errors",
        }
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Change {
    /// Where it is.
    pub section: Section,
    /// The member path from the request or response structure: member wire
    /// names, `[]` for a list's element, `{key}` and `{value}` for a map's.
    /// Empty for the structure itself and for operation-level changes.
    pub path: Vec<String>,
    /// What changed.
    pub kind: ChangeKind,
    /// The type at `path`, as [`describe`] writes it (the new model's, or the
    /// old one's when the member was removed); `None` when `path` is empty.
    pub ty: Option<String>,
}

impl Change {
    /// The path as text: `Fleet.ImageArn`, `Fleets[].ImageArn`, `Tags{value}`.
    pub fn path_text(&self) -> String {
        path_text(&self.path)
    }
}

/// What changed. Variants are in the order changes at one path are listed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// The member is new.
    MemberAdded(MemberInfo),
    /// The member is gone.
    MemberRemoved(MemberInfo),
    /// The member's type changed kind (a string became an integer, a list a
    /// structure...); its contents are then not compared.
    TypeChanged {
        /// The old type.
        old: String,
        /// The new type.
        new: String,
    },
    /// `@required` was added or removed.
    RequiredChanged {
        /// Whether it was required.
        old: bool,
        /// Whether it is required.
        new: bool,
    },
    /// `@deprecated` changed (at a path, or on the operation).
    DeprecatedChanged {
        /// The old deprecation, if any, as text.
        old: Option<String>,
        /// The new deprecation, if any, as text.
        new: Option<String>,
    },
    /// A constraint was added, removed or changed.
    ConstraintChanged {
        /// Which one.
        constraint: ConstraintKind,
        /// The old value, if any.
        old: Option<Constraint>,
        /// The new value, if any.
        new: Option<Constraint>,
    },
    /// An enum gained a value.
    EnumValueAdded(String),
    /// An enum lost a value.
    EnumValueRemoved(String),
    /// The member's documentation (or the operation's) changed. Markdown.
    Documentation {
        /// The old documentation.
        old: String,
        /// The new documentation.
        new: String,
    },
    /// The documentation of the structure at the path changed (with an empty
    /// path: of the request or response structure itself). Markdown.
    StructureDocumentation {
        /// The old documentation.
        old: String,
        /// The new documentation.
        new: String,
    },
    /// The operation declares a new error (by model name).
    ErrorAdded(String),
    /// The operation no longer declares an error.
    ErrorRemoved(String),
    /// `@paginated` changed.
    PaginationChanged {
        /// The old pagination, if any, as text.
        old: Option<String>,
        /// The new pagination, if any, as text.
        new: Option<String>,
    },
    /// A waiter was added.
    WaiterAdded(String),
    /// A waiter was removed.
    WaiterRemoved(String),
    /// A waiter's definition changed.
    WaiterChanged(String),
}

impl ChangeKind {
    /// The JSON name of the change.
    pub fn key(&self) -> &'static str {
        match self {
            ChangeKind::MemberAdded(_) => "member_added",
            ChangeKind::MemberRemoved(_) => "member_removed",
            ChangeKind::TypeChanged { .. } => "type_changed",
            ChangeKind::RequiredChanged { .. } => "required_changed",
            ChangeKind::DeprecatedChanged { .. } => "deprecated_changed",
            ChangeKind::ConstraintChanged { .. } => "constraint_changed",
            ChangeKind::EnumValueAdded(_) => "enum_value_added",
            ChangeKind::EnumValueRemoved(_) => "enum_value_removed",
            ChangeKind::Documentation { .. } => "documentation_changed",
            ChangeKind::StructureDocumentation { .. } => "structure_documentation_changed",
            ChangeKind::ErrorAdded(_) => "error_added",
            ChangeKind::ErrorRemoved(_) => "error_removed",
            ChangeKind::PaginationChanged { .. } => "pagination_changed",
            ChangeKind::WaiterAdded(_) => "waiter_added",
            ChangeKind::WaiterRemoved(_) => "waiter_removed",
            ChangeKind::WaiterChanged(_) => "waiter_changed",
        }
    }
}

/// An added or removed member.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MemberInfo {
    /// `@required`.
    pub required: bool,
    /// The member's constraints (not its elements').
    pub constraints: Vec<Constraint>,
    /// The values, when the member is an enum.
    pub enum_values: Vec<String>,
    /// Documentation, Markdown.
    pub docs: String,
}

/// Constraint traits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConstraintKind {
    /// `@length`.
    Length,
    /// `@range`.
    Range,
    /// `@pattern`.
    Pattern,
    /// `@uniqueItems`.
    UniqueItems,
}

impl ConstraintKind {
    /// `length`, `range`, `pattern` or `unique_items`.
    pub fn key(self) -> &'static str {
        match self {
            ConstraintKind::Length => "length",
            ConstraintKind::Range => "range",
            ConstraintKind::Pattern => "pattern",
            ConstraintKind::UniqueItems => "unique_items",
        }
    }
}

/// A constraint's value. Range bounds are decimal text, so that it compares
/// and sorts exactly.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Constraint {
    /// `@length`, inclusive.
    Length {
        /// The minimum, if any.
        min: Option<u64>,
        /// The maximum, if any.
        max: Option<u64>,
    },
    /// `@range`, inclusive.
    Range {
        /// The minimum, if any.
        min: Option<String>,
        /// The maximum, if any.
        max: Option<String>,
    },
    /// `@pattern`, as the model writes it.
    Pattern(String),
    /// `@uniqueItems`.
    UniqueItems,
}

impl Constraint {
    /// Which constraint this is.
    pub fn kind(&self) -> ConstraintKind {
        match self {
            Constraint::Length { .. } => ConstraintKind::Length,
            Constraint::Range { .. } => ConstraintKind::Range,
            Constraint::Pattern(_) => ConstraintKind::Pattern,
            Constraint::UniqueItems => ConstraintKind::UniqueItems,
        }
    }

    /// The value alone: `min 1, max 100`, `^\d+$`, `yes`.
    pub fn value_text(&self) -> String {
        fn bounds(min: Option<&str>, max: Option<&str>) -> String {
            match (min, max) {
                (Some(a), Some(b)) if a == b => format!("exactly {a}"),
                (Some(a), Some(b)) => format!("min {a}, max {b}"),
                (Some(a), None) => format!("min {a}"),
                (None, Some(b)) => format!("max {b}"),
                (None, None) => "unbounded".to_owned(),
            }
        }
        match self {
            Constraint::Length { min, max } => {
                bounds(min.map(|v| v.to_string()).as_deref(), max.map(|v| v.to_string()).as_deref())
            }
            Constraint::Range { min, max } => bounds(min.as_deref(), max.as_deref()),
            Constraint::Pattern(p) => p.clone(),
            Constraint::UniqueItems => "yes".to_owned(),
        }
    }

    /// The constraint with its name: `length min 1, max 100`, `pattern ^\d+$`.
    pub fn text(&self) -> String {
        match self {
            Constraint::UniqueItems => "unique items".to_owned(),
            c => format!("{} {}", c.kind().key(), c.value_text()),
        }
    }

    fn to_json(&self) -> Value {
        let num = |s: &Option<String>| -> Value {
            s.as_deref().and_then(|s| serde_json::from_str::<Value>(s).ok()).unwrap_or(Value::Null)
        };
        match self {
            Constraint::Length { min, max } => json!({ "min": min, "max": max }),
            Constraint::Range { min, max } => json!({ "min": num(min), "max": num(max) }),
            Constraint::Pattern(p) => json!(p),
            Constraint::UniqueItems => json!(true),
        }
    }
}

/// The constraints of a type use, in [`ConstraintKind`] order.
fn constraints(ir: &Ir, c: &Constraints) -> Vec<Constraint> {
    let mut out = Vec::new();
    if let Some(b) = &c.length {
        out.push(Constraint::Length { min: b.min, max: b.max });
    }
    if let Some(b) = &c.range {
        out.push(Constraint::Range { min: b.min.map(number), max: b.max.map(number) });
    }
    if let Some(p) = c.pattern.and_then(|i| ir.patterns.get(i)) {
        out.push(Constraint::Pattern(p.model.clone()));
    }
    if c.unique_items {
        out.push(Constraint::UniqueItems);
    }
    out
}

/// A range bound as text: integral values without a fraction.
fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// A type for people: `string`, `enum VisibilityType`, `structure Fleet`,
/// `list<string>`, `map<string, structure Tag>`; shapes by their model name.
pub fn describe(ir: &Ir, ty: &Type) -> String {
    match ty {
        Type::String => "string".to_owned(),
        Type::Boolean => "boolean".to_owned(),
        Type::Byte => "byte".to_owned(),
        Type::Short => "short".to_owned(),
        Type::Integer => "integer".to_owned(),
        Type::Long => "long".to_owned(),
        Type::Float => "float".to_owned(),
        Type::Double => "double".to_owned(),
        Type::BigInteger => "bigInteger".to_owned(),
        Type::BigDecimal => "bigDecimal".to_owned(),
        Type::Timestamp(None) => "timestamp".to_owned(),
        Type::Timestamp(Some(f)) => format!("timestamp ({})", timestamp_format(*f)),
        Type::Blob => "blob".to_owned(),
        Type::Document => "document".to_owned(),
        Type::Union(n) => format!("union {}", ir.union(n).map_or(n.name(), |u| u.model_name.as_str())),
        Type::Enum(n) => format!("enum {}", ir.enum_(n).map_or(n.name(), |e| e.model_name.as_str())),
        Type::Structure(n) => {
            format!("structure {}", ir.structure(n).map_or(n.name(), |s| s.model_name.as_str()))
        }
        Type::List(t) => format!("list<{}>", describe(ir, &t.ty)),
        Type::Map(k, v) => format!("map<{}, {}>", describe(ir, &k.ty), describe(ir, &v.ty)),
    }
}

fn timestamp_format(f: crate::ir::TimestampFormat) -> &'static str {
    match f {
        crate::ir::TimestampFormat::EpochSeconds => "epoch-seconds",
        crate::ir::TimestampFormat::DateTime => "date-time",
        crate::ir::TimestampFormat::HttpDate => "http-date",
    }
}

fn path_text(path: &[String]) -> String {
    let mut out = String::new();
    for seg in path {
        if !(out.is_empty() || seg.starts_with('[') || seg.starts_with('{')) {
            out.push('.');
        }
        out.push_str(seg);
    }
    out
}

fn deprecated_text(d: &Option<Deprecated>) -> Option<String> {
    d.as_ref().map(|d| {
        let mut s = "deprecated".to_owned();
        if let Some(m) = &d.message {
            let _ = write!(s, ": {m}");
        }
        if let Some(since) = &d.since {
            let _ = write!(s, " (since {since})");
        }
        s
    })
}

fn pagination_text(p: &Option<Paginated>) -> Option<String> {
    p.as_ref().map(|p| {
        let mut s = format!("inputToken {}, outputToken {}", p.input_token, p.output_token);
        if let Some(i) = &p.items {
            let _ = write!(s, ", items {i}");
        }
        if let Some(n) = &p.page_size {
            let _ = write!(s, ", pageSize {n}");
        }
        s
    })
}

/// Compares two lowered models; see the module documentation.
pub fn diff(old: &Ir, new: &Ir) -> Changelog {
    let old_ops: BTreeMap<&str, &Operation> = old.operations.iter().map(|o| (o.name.as_str(), o)).collect();
    let new_ops: BTreeMap<&str, &Operation> = new.operations.iter().map(|o| (o.name.as_str(), o)).collect();
    let mut log = Changelog::default();
    for (name, op) in &new_ops {
        match old_ops.get(name) {
            None => log.new.push(OperationDocs { name: (*name).to_owned(), docs: op.docs.clone() }),
            Some(before) => {
                let changes = diff_operation(old, before, new, op);
                if !changes.is_empty() {
                    log.updated.push(UpdatedOperation { name: (*name).to_owned(), changes });
                }
            }
        }
    }
    for (name, op) in &old_ops {
        if !new_ops.contains_key(name) {
            log.removed.push(OperationDocs { name: (*name).to_owned(), docs: op.docs.clone() });
        }
    }
    log
}

fn diff_operation(old_ir: &Ir, old: &Operation, new_ir: &Ir, new: &Operation) -> Vec<Change> {
    let mut w = Walker { old: old_ir, new: new_ir, section: Section::Operation, out: Vec::new(), stack: Vec::new() };
    if old.docs != new.docs {
        w.emit(&[], None, ChangeKind::Documentation { old: old.docs.clone(), new: new.docs.clone() });
    }
    let (da, db) = (deprecated_text(&old.deprecated), deprecated_text(&new.deprecated));
    if da != db {
        w.emit(&[], None, ChangeKind::DeprecatedChanged { old: da, new: db });
    }
    let (pa, pb) = (pagination_text(&old.paginated), pagination_text(&new.paginated));
    if pa != pb {
        w.emit(&[], None, ChangeKind::PaginationChanged { old: pa, new: pb });
    }
    let waiters_a: BTreeMap<&str, _> = old.waiters.iter().map(|x| (x.name.as_str(), x)).collect();
    let waiters_b: BTreeMap<&str, _> = new.waiters.iter().map(|x| (x.name.as_str(), x)).collect();
    for (name, wb) in &waiters_b {
        match waiters_a.get(name) {
            None => w.emit(&[], None, ChangeKind::WaiterAdded((*name).to_owned())),
            Some(wa) if wa != wb => w.emit(&[], None, ChangeKind::WaiterChanged((*name).to_owned())),
            Some(_) => {}
        }
    }
    for name in waiters_a.keys().filter(|n| !waiters_b.contains_key(*n)) {
        w.emit(&[], None, ChangeKind::WaiterRemoved((*name).to_owned()));
    }

    w.section = Section::Request;
    w.structures(&mut Vec::new(), &old.input, &new.input);
    w.section = Section::Response;
    w.structures(&mut Vec::new(), &old.output, &new.output);

    w.section = Section::Errors;
    let error_names = |ir: &Ir, op: &Operation| -> BTreeSet<String> {
        op.errors
            .iter()
            .map(|e| ir.structure(e).map_or_else(|| e.name().to_owned(), |s| s.model_name.clone()))
            .collect()
    };
    let (ea, eb) = (error_names(old_ir, old), error_names(new_ir, new));
    for e in eb.difference(&ea) {
        w.emit(&[], None, ChangeKind::ErrorAdded(e.clone()));
    }
    for e in ea.difference(&eb) {
        w.emit(&[], None, ChangeKind::ErrorRemoved(e.clone()));
    }

    let mut out = w.out;
    out.sort();
    out.dedup();
    out
}

/// Which side of the diff a lookup is on.
#[derive(Clone, Copy)]
enum Side {
    Old,
    New,
}

struct Walker<'a> {
    old: &'a Ir,
    new: &'a Ir,
    section: Section,
    out: Vec<Change>,
    /// Structure pairs (or, for added and removed members, single
    /// structures) on the current path, so that recursion ends.
    stack: Vec<(String, String)>,
}

impl<'a> Walker<'a> {
    fn ir(&self, side: Side) -> &'a Ir {
        match side {
            Side::Old => self.old,
            Side::New => self.new,
        }
    }

    fn emit(&mut self, path: &[String], ty: Option<String>, kind: ChangeKind) {
        self.out.push(Change { section: self.section, path: path.to_vec(), kind, ty });
    }

    /// Compares two structures at `path`, member by member.
    fn structures(&mut self, path: &mut Vec<String>, a: &Structure, b: &Structure) {
        let key = (a.names.ty.clone(), b.names.ty.clone());
        if self.stack.contains(&key) {
            return;
        }
        self.stack.push(key);
        if a.docs != b.docs {
            let ty = (!path.is_empty()).then(|| format!("structure {}", b.model_name));
            self.emit(path, ty, ChangeKind::StructureDocumentation { old: a.docs.clone(), new: b.docs.clone() });
        }
        for mb in &b.members {
            path.push(mb.wire_name.clone());
            match a.members.iter().find(|m| m.wire_name == mb.wire_name) {
                Some(ma) => self.member(path, ma, mb),
                None => self.added_or_removed(path, mb, Side::New),
            }
            path.pop();
        }
        for ma in a.members.iter().filter(|ma| !b.members.iter().any(|mb| mb.wire_name == ma.wire_name)) {
            path.push(ma.wire_name.clone());
            self.added_or_removed(path, ma, Side::Old);
            path.pop();
        }
        self.stack.pop();
    }

    fn member(&mut self, path: &mut Vec<String>, a: &Member, b: &Member) {
        let ty = describe(self.new, &self.new.member_type(b).ty);
        if a.required != b.required {
            self.emit(path, Some(ty.clone()), ChangeKind::RequiredChanged { old: a.required, new: b.required });
        }
        let (da, db) = (deprecated_text(&a.deprecated), deprecated_text(&b.deprecated));
        if da != db {
            self.emit(path, Some(ty.clone()), ChangeKind::DeprecatedChanged { old: da, new: db });
        }
        if a.docs != b.docs {
            self.emit(path, Some(ty), ChangeKind::Documentation { old: a.docs.clone(), new: b.docs.clone() });
        }
        self.type_use(path, &self.old.member_type(a), &self.new.member_type(b));
    }

    fn type_use(&mut self, path: &mut Vec<String>, a: &TypeUse, b: &TypeUse) {
        let ty = describe(self.new, &b.ty);
        let (ca, cb) = (constraints(self.old, &a.constraints), constraints(self.new, &b.constraints));
        for kind in
            [ConstraintKind::Length, ConstraintKind::Range, ConstraintKind::Pattern, ConstraintKind::UniqueItems]
        {
            let old = ca.iter().find(|c| c.kind() == kind).cloned();
            let new = cb.iter().find(|c| c.kind() == kind).cloned();
            if old != new {
                self.emit(path, Some(ty.clone()), ChangeKind::ConstraintChanged { constraint: kind, old, new });
            }
        }
        match (&a.ty, &b.ty) {
            (Type::Structure(x), Type::Structure(y)) => {
                if let (Some(sa), Some(sb)) = (self.old.structure(x), self.new.structure(y)) {
                    self.structures(path, sa, sb);
                }
            }
            (Type::Enum(x), Type::Enum(y)) => {
                let values = |ir: &Ir, n: &crate::model::ShapeId| -> BTreeSet<String> {
                    ir.enum_(n).map(|e| e.variants.iter().map(|v| v.value.clone()).collect()).unwrap_or_default()
                };
                let (va, vb) = (values(self.old, x), values(self.new, y));
                for v in vb.difference(&va) {
                    self.emit(path, Some(ty.clone()), ChangeKind::EnumValueAdded(v.clone()));
                }
                for v in va.difference(&vb) {
                    self.emit(path, Some(ty.clone()), ChangeKind::EnumValueRemoved(v.clone()));
                }
            }
            (Type::List(x), Type::List(y)) => {
                path.push("[]".to_owned());
                self.type_use(path, x, y);
                path.pop();
            }
            (Type::Map(ka, va), Type::Map(kb, vb)) => {
                path.push("{key}".to_owned());
                self.type_use(path, ka, kb);
                path.pop();
                path.push("{value}".to_owned());
                self.type_use(path, va, vb);
                path.pop();
            }
            (x, y) if x == y => {}
            (x, y) => {
                let old = describe(self.old, x);
                self.emit(path, Some(ty), ChangeKind::TypeChanged { old, new: describe(self.new, y) });
            }
        }
    }

    /// A member only one side has, and every member it contains.
    fn added_or_removed(&mut self, path: &mut Vec<String>, m: &Member, side: Side) {
        let ir = self.ir(side);
        let mt = ir.member_type(m);
        let enum_values = match &mt.ty {
            Type::Enum(n) => {
                ir.enum_(n).map(|e| e.variants.iter().map(|v| v.value.clone()).collect()).unwrap_or_default()
            }
            _ => Vec::new(),
        };
        let info = MemberInfo {
            required: m.required,
            constraints: constraints(ir, &mt.constraints),
            enum_values,
            docs: m.docs.clone(),
        };
        let kind = match side {
            Side::New => ChangeKind::MemberAdded(info),
            Side::Old => ChangeKind::MemberRemoved(info),
        };
        self.emit(path, Some(describe(ir, &mt.ty)), kind);
        self.contents(path, &mt.ty, side);
    }

    /// The members inside a type that was added or removed as a whole.
    fn contents(&mut self, path: &mut Vec<String>, ty: &Type, side: Side) {
        let ir = self.ir(side);
        match ty {
            Type::Structure(n) => {
                let Some(s) = ir.structure(n) else { return };
                let key = (s.names.ty.clone(), s.names.ty.clone());
                if self.stack.contains(&key) {
                    return;
                }
                self.stack.push(key);
                for m in &s.members {
                    path.push(m.wire_name.clone());
                    self.added_or_removed(path, m, side);
                    path.pop();
                }
                self.stack.pop();
            }
            Type::List(t) => {
                path.push("[]".to_owned());
                self.contents(path, &t.ty, side);
                path.pop();
            }
            Type::Map(_, v) => {
                path.push("{value}".to_owned());
                self.contents(path, &v.ty, side);
                path.pop();
            }
            _ => {}
        }
    }
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Plain text for a terminal or a review comment.
    #[default]
    Text,
    /// Markdown: headings and bullet lists.
    Markdown,
    /// JSON, for tools; see [`Changelog::to_json`].
    Json,
}

impl Changelog {
    /// `3 new 6 updated api methods`, with `, 1 removed` when any were.
    pub fn summary(&self) -> String {
        let mut s = format!("{} new {} updated api methods", self.new.len(), self.updated.len());
        if !self.removed.is_empty() {
            let _ = write!(s, ", {} removed", self.removed.len());
        }
        s
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.new.is_empty() && self.updated.is_empty() && self.removed.is_empty()
    }

    /// The changelog in `format`, ending with a newline.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Text => self.to_text(),
            Format::Markdown => self.to_markdown(),
            Format::Json => {
                let mut s = serde_json::to_string_pretty(&self.to_json()).expect("JSON values serialize");
                s.push('\n');
                s
            }
        }
    }

    /// Plain text: the summary, then each new, updated and removed operation;
    /// one line a change, details indented below it.
    pub fn to_text(&self) -> String {
        let mut out = self.summary();
        out.push('\n');
        let docs_section = |title: &str, ops: &[OperationDocs], out: &mut String| {
            if ops.is_empty() {
                return;
            }
            let _ = write!(out, "\n{title}:\n");
            for op in ops {
                let _ = writeln!(out, "  {}", op.name);
                for line in plain_lines(&op.docs) {
                    let _ = writeln!(out, "    {line}");
                }
            }
        };
        docs_section("New operations", &self.new, &mut out);
        if !self.updated.is_empty() {
            out.push_str("\nUpdated operations:\n");
            for op in &self.updated {
                let _ = writeln!(out, "  {}", op.name);
                for c in &op.changes {
                    let (head, details) = text_change(c);
                    let _ = writeln!(out, "    {head}");
                    for d in details {
                        let _ = writeln!(out, "      {d}");
                    }
                }
            }
        }
        docs_section("Removed operations", &self.removed, &mut out);
        out
    }

    /// Markdown: a heading per section and operation, a bullet per change.
    pub fn to_markdown(&self) -> String {
        let mut out = format!("# {}\n", self.summary());
        let docs_section = |title: &str, ops: &[OperationDocs], out: &mut String| {
            if ops.is_empty() {
                return;
            }
            let _ = write!(out, "\n## {title}\n");
            for op in ops {
                let _ = write!(out, "\n### {}\n", op.name);
                if !op.docs.trim().is_empty() {
                    let _ = write!(out, "\n{}\n", op.docs.trim());
                }
            }
        };
        docs_section("New operations", &self.new, &mut out);
        if !self.updated.is_empty() {
            out.push_str("\n## Updated operations\n");
            for op in &self.updated {
                let _ = write!(out, "\n### {}\n\n", op.name);
                for c in &op.changes {
                    let (head, details) = markdown_change(c);
                    let _ = writeln!(out, "- {head}");
                    for d in details {
                        let _ = writeln!(out, "  - {d}");
                    }
                }
            }
        }
        docs_section("Removed operations", &self.removed, &mut out);
        out
    }

    /// JSON with a stable schema (`"schema": 1`):
    ///
    /// ```text
    /// { "schema": 1, "summary": "...", "counts": {"new", "updated", "removed"},
    ///   "new_operations": [{"name", "documentation"}],
    ///   "updated_operations": [{"name", "changes": [CHANGE]}],
    ///   "removed_operations": [{"name", "documentation"}] }
    /// CHANGE = { "section": "operation"|"request"|"response"|"errors",
    ///            "path": [segment], "path_text": "Fleet.ImageArn",
    ///            "type": "string"|null, "change": kind, ...kind's fields }
    /// ```
    ///
    /// Kinds and their fields: `member_added` / `member_removed` (`required`,
    /// `constraints` {`length`: {min, max}, `range`: {min, max}, `pattern`,
    /// `unique_items`}, `enum_values`, `documentation`); `type_changed`,
    /// `required_changed`, `deprecated_changed`, `documentation_changed`,
    /// `structure_documentation_changed`, `pagination_changed` (`old`, `new`);
    /// `constraint_changed` (`constraint`, `old`, `new`); `enum_value_added` /
    /// `enum_value_removed` (`value`); `error_added` / `error_removed`
    /// (`error`); `waiter_added` / `waiter_removed` / `waiter_changed`
    /// (`waiter`). Documentation is plain text. Keys keep this order.
    pub fn to_json(&self) -> Value {
        let docs = |ops: &[OperationDocs]| -> Value {
            ops.iter().map(|o| json!({ "name": o.name, "documentation": plain_text(&o.docs) })).collect()
        };
        let updated: Value = self
            .updated
            .iter()
            .map(|o| json!({ "name": o.name, "changes": o.changes.iter().map(json_change).collect::<Value>() }))
            .collect();
        json!({
            "schema": 1,
            "summary": self.summary(),
            "counts": { "new": self.new.len(), "updated": self.updated.len(), "removed": self.removed.len() },
            "new_operations": docs(&self.new),
            "updated_operations": updated,
            "removed_operations": docs(&self.removed),
        })
    }
}

fn json_change(c: &Change) -> Value {
    let mut o = Map::new();
    o.insert("section".into(), json!(c.section.key()));
    o.insert("path".into(), json!(c.path));
    o.insert("path_text".into(), json!(c.path_text()));
    o.insert("type".into(), json!(c.ty));
    o.insert("change".into(), json!(c.kind.key()));
    let mut put = |k: &str, v: Value| {
        o.insert(k.to_owned(), v);
    };
    match &c.kind {
        ChangeKind::MemberAdded(m) | ChangeKind::MemberRemoved(m) => {
            put("required", json!(m.required));
            let cs: Map<String, Value> =
                m.constraints.iter().map(|c| (c.kind().key().to_owned(), c.to_json())).collect();
            put("constraints", Value::Object(cs));
            put("enum_values", json!(m.enum_values));
            put("documentation", json!(plain_text(&m.docs)));
        }
        ChangeKind::TypeChanged { old, new } => {
            put("old", json!(old));
            put("new", json!(new));
        }
        ChangeKind::RequiredChanged { old, new } => {
            put("old", json!(old));
            put("new", json!(new));
        }
        ChangeKind::DeprecatedChanged { old, new } | ChangeKind::PaginationChanged { old, new } => {
            put("old", json!(old));
            put("new", json!(new));
        }
        ChangeKind::ConstraintChanged { constraint, old, new } => {
            put("constraint", json!(constraint.key()));
            put("old", old.as_ref().map_or(Value::Null, Constraint::to_json));
            put("new", new.as_ref().map_or(Value::Null, Constraint::to_json));
        }
        ChangeKind::EnumValueAdded(v) | ChangeKind::EnumValueRemoved(v) => put("value", json!(v)),
        ChangeKind::Documentation { old, new } | ChangeKind::StructureDocumentation { old, new } => {
            put("old", json!(plain_text(old)));
            put("new", json!(plain_text(new)));
        }
        ChangeKind::ErrorAdded(e) | ChangeKind::ErrorRemoved(e) => put("error", json!(e)),
        ChangeKind::WaiterAdded(w) | ChangeKind::WaiterRemoved(w) | ChangeKind::WaiterChanged(w) => {
            put("waiter", json!(w))
        }
    }
    Value::Object(o)
}

/// What a change says, without the section and path: `added`,
/// `no longer required`, `enum value SHARED added`...
fn change_words(c: &Change) -> String {
    let opt = |v: &Option<String>, none: &str| v.clone().unwrap_or_else(|| none.to_owned());
    let constraint = |v: &Option<Constraint>| v.as_ref().map_or_else(|| "none".to_owned(), Constraint::value_text);
    match &c.kind {
        ChangeKind::MemberAdded(_) => "added".to_owned(),
        ChangeKind::MemberRemoved(_) => "removed".to_owned(),
        ChangeKind::TypeChanged { old, new } => format!("type changed: {old} -> {new}"),
        ChangeKind::RequiredChanged { new: true, .. } => "now required".to_owned(),
        ChangeKind::RequiredChanged { new: false, .. } => "no longer required".to_owned(),
        ChangeKind::DeprecatedChanged { old, new } => {
            format!("deprecation changed: {} -> {}", opt(old, "not deprecated"), opt(new, "not deprecated"))
        }
        ChangeKind::ConstraintChanged { constraint: kind, old, new } => {
            format!("{} changed: {} -> {}", kind.key(), constraint(old), constraint(new))
        }
        ChangeKind::EnumValueAdded(v) => format!("enum value {v} added"),
        ChangeKind::EnumValueRemoved(v) => format!("enum value {v} removed"),
        ChangeKind::Documentation { .. } => "documentation changed".to_owned(),
        ChangeKind::StructureDocumentation { .. } => "structure documentation changed".to_owned(),
        ChangeKind::ErrorAdded(e) => format!("{e} added"),
        ChangeKind::ErrorRemoved(e) => format!("{e} removed"),
        ChangeKind::PaginationChanged { old, new } => {
            format!("pagination changed: {} -> {}", opt(old, "none"), opt(new, "none"))
        }
        ChangeKind::WaiterAdded(w) => format!("waiter {w} added"),
        ChangeKind::WaiterRemoved(w) => format!("waiter {w} removed"),
        ChangeKind::WaiterChanged(w) => format!("waiter {w} changed"),
    }
}

/// The detail lines of a change, as plain text: a new member's constraints,
/// values and documentation; the old and new documentation.
fn text_details(c: &Change) -> Vec<String> {
    match &c.kind {
        ChangeKind::MemberAdded(m) => {
            let mut d: Vec<String> = m.constraints.iter().map(Constraint::text).collect();
            if !m.enum_values.is_empty() {
                d.push(format!("values: {}", m.enum_values.join(", ")));
            }
            d.extend(plain_lines(&m.docs));
            d
        }
        ChangeKind::Documentation { old, new } | ChangeKind::StructureDocumentation { old, new } => {
            let mut d: Vec<String> = plain_lines(old).into_iter().map(|l| format!("- {l}")).collect();
            d.extend(plain_lines(new).into_iter().map(|l| format!("+ {l}")));
            d
        }
        _ => Vec::new(),
    }
}

/// `Response: Fleet.ImageArn (string, required) added`, and detail lines.
fn text_change(c: &Change) -> (String, Vec<String>) {
    let mut head = format!("{}:", c.section.label());
    if !c.path.is_empty() {
        let _ = write!(head, " {}", c.path_text());
        if let Some(ty) = c.ty.as_ref().filter(|_| !matches!(c.kind, ChangeKind::TypeChanged { .. })) {
            let required = matches!(&c.kind, ChangeKind::MemberAdded(m) | ChangeKind::MemberRemoved(m) if m.required);
            let _ = write!(head, " ({ty}{})", if required { ", required" } else { "" });
        }
    }
    let _ = write!(head, " {}", change_words(c));
    (head, text_details(c))
}

/// The Markdown bullet of a change, and its sub-bullets.
fn markdown_change(c: &Change) -> (String, Vec<String>) {
    let mut head = format!("**{}**", c.section.label());
    if !c.path.is_empty() {
        let _ = write!(head, " {}", code(&c.path_text()));
        if let Some(ty) = c.ty.as_ref().filter(|_| !matches!(c.kind, ChangeKind::TypeChanged { .. })) {
            let required = matches!(&c.kind, ChangeKind::MemberAdded(m) | ChangeKind::MemberRemoved(m) if m.required);
            let _ = write!(head, " ({}{})", code(ty), if required { ", required" } else { "" });
        }
    }
    let words = match &c.kind {
        ChangeKind::TypeChanged { old, new } => format!("type changed: {} → {}", code(old), code(new)),
        ChangeKind::ConstraintChanged { constraint, old, new } => {
            let v = |v: &Option<Constraint>| v.as_ref().map_or_else(|| "none".to_owned(), |c| code(&c.value_text()));
            format!("{} changed: {} → {}", constraint.key(), v(old), v(new))
        }
        ChangeKind::EnumValueAdded(v) => format!("enum value {} added", code(v)),
        ChangeKind::EnumValueRemoved(v) => format!("enum value {} removed", code(v)),
        ChangeKind::ErrorAdded(e) => format!("{} added", code(e)),
        ChangeKind::ErrorRemoved(e) => format!("{} removed", code(e)),
        ChangeKind::WaiterAdded(w) => format!("waiter {} added", code(w)),
        ChangeKind::WaiterRemoved(w) => format!("waiter {} removed", code(w)),
        ChangeKind::WaiterChanged(w) => format!("waiter {} changed", code(w)),
        ChangeKind::PaginationChanged { old, new } => {
            let v = |v: &Option<String>| v.as_deref().map_or_else(|| "none".to_owned(), code);
            format!("pagination changed: {} → {}", v(old), v(new))
        }
        _ => change_words(c),
    };
    let _ = write!(head, " {words}");
    let details = match &c.kind {
        ChangeKind::MemberAdded(m) => {
            let mut d: Vec<String> = m
                .constraints
                .iter()
                .map(|c| match c {
                    Constraint::UniqueItems => "unique items".to_owned(),
                    c => format!("{} {}", c.kind().key(), code(&c.value_text())),
                })
                .collect();
            if !m.enum_values.is_empty() {
                d.push(format!("values: {}", m.enum_values.iter().map(|v| code(v)).collect::<Vec<_>>().join(", ")));
            }
            if !m.docs.trim().is_empty() {
                d.push(one_line(&m.docs));
            }
            d
        }
        ChangeKind::Documentation { old, new } | ChangeKind::StructureDocumentation { old, new } => {
            vec![format!("before: {}", one_line(old)), format!("after: {}", one_line(new))]
        }
        _ => Vec::new(),
    };
    (head, details)
}

/// A Markdown code span holding `s` verbatim.
fn code(s: &str) -> String {
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// Markdown joined onto one line (for a bullet); `(none)` when empty.
fn one_line(md: &str) -> String {
    let s = md.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ");
    if s.is_empty() {
        "(none)".to_owned()
    } else {
        s
    }
}

/// Documentation as plain text: Markdown markup and escapes removed, one
/// entry a line (paragraphs and list items), blank lines dropped.
pub fn plain_lines(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fence: Option<String> = None;
    for line in md.lines() {
        let trimmed = line.trim();
        if let Some(f) = &fence {
            if trimmed == f {
                fence = None;
            } else if !trimmed.is_empty() {
                out.push(line.trim_end().to_owned());
            }
            continue;
        }
        if trimmed.starts_with("```") {
            let run = trimmed.chars().take_while(|c| *c == '`').count();
            fence = Some("`".repeat(run));
            continue;
        }
        let text = inline_plain(trimmed);
        let text = text.trim();
        if !text.is_empty() {
            out.push(text.to_owned());
        }
    }
    out
}

/// [`plain_lines`] joined with spaces.
pub fn plain_text(md: &str) -> String {
    plain_lines(md).join(" ")
}

/// One line of Markdown inline content as plain text.
fn inline_plain(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if i + 1 < chars.len() && chars[i + 1].is_ascii_punctuation() => {
                out.push(chars[i + 1]);
                i += 2;
            }
            '`' => {
                let run = chars[i..].iter().take_while(|c| **c == '`').count();
                let start = i + run;
                let mut j = start;
                let mut close = None;
                while j < chars.len() {
                    if chars[j] == '`' {
                        let r = chars[j..].iter().take_while(|c| **c == '`').count();
                        if r == run {
                            close = Some(j);
                            break;
                        }
                        j += r;
                    } else {
                        j += 1;
                    }
                }
                match close {
                    Some(end) => {
                        let inner: String = chars[start..end].iter().collect();
                        let inner = if inner.starts_with(' ') && inner.ends_with(' ') && inner.trim() != "" {
                            &inner[1..inner.len() - 1]
                        } else {
                            inner.as_str()
                        };
                        out.push_str(inner);
                        i = end + run;
                    }
                    None => {
                        out.extend(&chars[i..start]);
                        i = start;
                    }
                }
            }
            '*' => i += 1,
            '[' => i += 1,
            ']' if chars.get(i + 1) == Some(&'(') => {
                // Skip the link destination (its parentheses are percent-encoded).
                let end = chars[i..].iter().position(|c| *c == ')').map_or(chars.len(), |p| i + p + 1);
                i = end;
            }
            '<' => {
                // An autolink: keep the URL.
                match chars[i..].iter().position(|c| *c == '>') {
                    Some(p) => {
                        out.extend(&chars[i + 1..i + p]);
                        i += p + 1;
                    }
                    None => {
                        out.push('<');
                        i += 1;
                    }
                }
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_strips_markdown() {
        let md = "The **input** for `CreateFleet`, see [the guide](https://example.com/a%28b%29) or <https://x.y>.\n\n- ALWAYS\\_ON\n- a \\[b\\] \\*c\\*\n\n```text\nfn x() {}\n```";
        assert_eq!(
            plain_lines(md),
            vec!["The input for CreateFleet, see the guide or https://x.y.", "- ALWAYS_ON", "- a [b] *c*", "fn x() {}",]
        );
    }

    #[test]
    fn paths_and_constraints_read_well() {
        let p = |s: &[&str]| path_text(&s.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(p(&["Fleet", "ImageArn"]), "Fleet.ImageArn");
        assert_eq!(p(&["Fleets", "[]", "ImageArn"]), "Fleets[].ImageArn");
        assert_eq!(p(&["Tags", "{value}", "Key"]), "Tags{value}.Key");
        assert_eq!(Constraint::Length { min: Some(12), max: Some(12) }.text(), "length exactly 12");
        assert_eq!(
            Constraint::Range { min: Some(number(600.0)), max: Some(number(57600.0)) }.text(),
            "range min 600, max 57600"
        );
        assert_eq!(number(0.5), "0.5");
        assert_eq!(code("a`b"), "``a`b``");
    }
}
