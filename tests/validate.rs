//! Constraint validation of the generated `appstream` crate (`validate(mode)`).
//!
//! Sections, in order:
//!
//! 1. Plumbing: the model's IR, operation name to input type, JSON locations.
//! 2. Baselines: one fully valid input per operation, the only hand-written inputs.
//! 3. Rules: every constraint the IR holds, walked from each operation input,
//!    with the mutations that probe it.
//! 4. Generated cases: every rule's mutations, checked in every mode.
//! 5. The specification's limits, named one by one.
//! 6. Every violation is reported, not the first.
//! 7. Property-based tests (proptest): random valid inputs, injected violations.
//! 8. botocore parity: `fixtures/botocore/validation.json` in Standard mode.
#![forbid(unsafe_code)]

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use appstream::operation::create_fleet::CreateFleetInput;
use appstream::operation::create_image_builder::CreateImageBuilderInput;
use appstream::operation::delete_image::DeleteImageInput;
use appstream::operation::delete_image_permissions::DeleteImagePermissionsInput;
use appstream::operation::describe_fleets::DescribeFleetsInput;
use appstream::operation::describe_image_permissions::DescribeImagePermissionsInput;
use appstream::operation::describe_images::DescribeImagesInput;
use appstream::operation::update_fleet::UpdateFleetInput;
use appstream::operation::update_image_permissions::UpdateImagePermissionsInput;
use codegen::ir::{Bounds, Constraints, Ir, Structure, Type, TypeUse};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::strategy::BoxedStrategy;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{json, Value};
use smithy_rt::validate::{Constraint, ValidationErrors, ValidationMode, Violation};

// ---------------------------------------------------------------------------
// 1. Plumbing
// ---------------------------------------------------------------------------

/// The model, lowered once.
fn ir() -> &'static Ir {
    static IR: OnceLock<Ir> = OnceLock::new();
    IR.get_or_init(|| {
        let file = "model/appstream.json";
        let text = std::fs::read_to_string(appstream_tests::workspace_root().join(file)).unwrap();
        let model = codegen::model::Model::parse(file, &text).unwrap_or_else(|e| panic!("{e}"));
        let checked = codegen::check::check(&model).unwrap_or_else(|e| panic!("{e}"));
        codegen::lower::lower(&checked).unwrap_or_else(|e| panic!("{e}"))
    })
}

/// Maps an operation's wire name to its input type.
macro_rules! operations {
    ($($name:literal => $input:ty,)*) => {
        /// Every operation these tests know, by wire name.
        const OPERATIONS: &[&str] = &[$($name),*];

        /// Deserializes `json` as `op`'s input and validates it in `mode`;
        /// `Err` says why the JSON is not such an input.
        fn validate(op: &str, json: &Value, mode: ValidationMode) -> Result<Result<(), ValidationErrors>, String> {
            match op {
                $($name => {
                    // Read as a server reads a request: errors name the member path.
                    let bytes = serde_json::to_vec(json).unwrap();
                    let input: $input = smithy_rt::json::from_slice(&bytes, &format!("{op}Input")).map_err(|e| e.to_string())?;
                    Ok(input.validate(mode))
                })*
                _ => panic!("no input type for operation {op}"),
            }
        }

        /// `json` read as `op`'s input and written back: shows what serde dropped.
        fn reserialize(op: &str, json: &Value) -> Value {
            match op {
                $($name => {
                    let input: $input = serde_json::from_value(json.clone()).unwrap();
                    serde_json::to_value(&input).unwrap()
                })*
                _ => panic!("no input type for operation {op}"),
            }
        }
    };
}

operations! {
    "CreateFleet" => CreateFleetInput,
    "CreateImageBuilder" => CreateImageBuilderInput,
    "DeleteImage" => DeleteImageInput,
    "DeleteImagePermissions" => DeleteImagePermissionsInput,
    "DescribeFleets" => DescribeFleetsInput,
    "DescribeImagePermissions" => DescribeImagePermissionsInput,
    "DescribeImages" => DescribeImagesInput,
    "UpdateFleet" => UpdateFleetInput,
    "UpdateImagePermissions" => UpdateImagePermissionsInput,
}

const MODES: [ValidationMode; 3] = [ValidationMode::Off, ValidationMode::Standard, ValidationMode::Strict];

/// The violations `mode` finds in `json` (empty when it passes).
fn violations(op: &str, json: &Value, mode: ValidationMode) -> Result<Vec<Violation>, String> {
    Ok(validate(op, json, mode)?.err().map(|e| e.violations().to_vec()).unwrap_or_default())
}

/// A step of a rule's location in the IR: a list item or map value is any one of them.
#[derive(Debug, Clone, PartialEq)]
enum Loc {
    Member(String),
    Item,
    MapValue,
}

/// A step of a concrete location in a JSON document.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Member(String),
    Index(usize),
    Key(String),
}

/// The path a violation reports: `CreateFleetInput.VpcConfig.SubnetIds[2]`, `...Metadata["key"]`.
fn render(root: &str, steps: &[Step]) -> String {
    let mut s = root.to_string();
    for step in steps {
        match step {
            Step::Member(name) => s += &format!(".{name}"),
            Step::Index(i) => s += &format!("[{i}]"),
            Step::Key(key) => s += &format!("[{key:?}]"),
        }
    }
    s
}

/// The value at `steps`.
fn at_mut<'a>(doc: &'a mut Value, steps: &[Step]) -> &'a mut Value {
    steps.iter().fold(doc, |v, step| match step {
        Step::Member(name) | Step::Key(name) => v.get_mut(name.as_str()).expect("location exists"),
        Step::Index(i) => v.get_mut(*i).expect("location exists"),
    })
}

/// Makes `loc` concrete in `doc`. `pick(len)` chooses the list item or map
/// value to go into; whatever `doc` lacks on the way (an absent member, an
/// empty list) is copied from `base`, the operation's baseline.
fn resolve(doc: &mut Value, base: &Value, loc: &[Loc], pick: &mut dyn FnMut(usize) -> usize) -> Vec<Step> {
    let (mut cur, mut b, mut steps) = (doc, base, Vec::new());
    for l in loc {
        match l {
            Loc::Member(name) => {
                let obj = cur.as_object_mut().expect("a structure");
                if obj.get(name).is_none_or(Value::is_null) {
                    obj.insert(name.clone(), b[name].clone());
                }
                b = &b[name];
                cur = obj.get_mut(name).unwrap();
                steps.push(Step::Member(name.clone()));
            }
            Loc::Item => {
                if cur.as_array().is_none_or(Vec::is_empty) {
                    *cur = b.clone();
                }
                let items = cur.as_array_mut().unwrap();
                let i = pick(items.len());
                b = b.as_array().unwrap().last().unwrap();
                cur = &mut items[i];
                steps.push(Step::Index(i));
            }
            Loc::MapValue => {
                if cur.as_object().is_none_or(|m| m.is_empty()) {
                    *cur = b.clone();
                }
                let map = cur.as_object_mut().unwrap();
                let key = map.keys().nth(pick(map.len())).unwrap().clone();
                b = b.as_object().unwrap().values().next().unwrap();
                cur = map.get_mut(&key).unwrap();
                steps.push(Step::Key(key));
            }
        }
    }
    steps
}

// ---------------------------------------------------------------------------
// 2. Baselines: every member set, every list non-empty, valid in Strict mode
// ---------------------------------------------------------------------------

const IMAGE_ARN: &str = "arn:aws:appstream:us-west-2::image/AppStream-WinServer2012R2-07-19-2018";
const PRIVATE_IMAGE_ARN: &str = "arn:aws:appstream:us-west-2:123456789012:image/CRM-2018-07";

fn baseline(op: &str) -> Value {
    let vpc = json!({
        "SubnetIds": ["subnet-0a1b2c3d", "subnet-4e5f6a7b", "subnet-8c9d0e1f"],
        "SecurityGroupIds": ["sg-0123abcd", "sg-4567ef01"],
    });
    let domain = json!({
        "DirectoryName": "corp.example.com",
        "OrganizationalUnitDistinguishedName": "OU=AppStream,DC=corp,DC=example,DC=com",
    });
    match op {
        "CreateFleet" => json!({
            "Name": "sales-fleet",
            "ImageName": "AppStream-WinServer2012R2-07-19-2018",
            "ImageArn": IMAGE_ARN,
            "InstanceType": "stream.standard.medium",
            "FleetType": "ON_DEMAND",
            "ComputeCapacity": {"DesiredInstances": 2},
            "VpcConfig": vpc,
            "MaxUserDurationInSeconds": 28800,
            "DisconnectTimeoutInSeconds": 900,
            "Description": "Streams the CRM suite to the sales team",
            "DisplayName": "Sales fleet",
            "EnableDefaultInternetAccess": false,
            "DomainJoinInfo": domain,
        }),
        "CreateImageBuilder" => json!({
            "Name": "crm-builder",
            "ImageName": "AppStream-WinServer2012R2-07-19-2018",
            "ImageArn": IMAGE_ARN,
            "InstanceType": "stream.standard.large",
            "Description": "Builds the CRM image",
            "DisplayName": "CRM builder",
            "VpcConfig": vpc,
            "EnableDefaultInternetAccess": true,
            "DomainJoinInfo": domain,
            "AppstreamAgentVersion": "06-19-2018",
        }),
        "DeleteImage" => json!({"Name": "CRM-2018-07"}),
        "DeleteImagePermissions" => json!({"Name": "CRM-2018-07", "SharedAccountId": "123456789012"}),
        "DescribeFleets" => json!({
            "Names": ["sales-fleet", "support-fleet"],
            "NextToken": "AAEAAU5Wb3JtYWxpemVkVG9rZW4",
        }),
        "DescribeImagePermissions" => json!({
            "Name": "CRM-2018-07",
            "MaxResults": 50,
            "SharedAwsAccountIds": ["123456789012", "210987654321"],
            "NextToken": "AAEAAU5Wb3JtYWxpemVkVG9rZW4",
        }),
        "DescribeImages" => json!({
            "Names": ["CRM-2018-07", "AppStream-WinServer2012R2-07-19-2018"],
            "Arns": [IMAGE_ARN, PRIVATE_IMAGE_ARN],
            "Type": "PRIVATE",
            "NextToken": "AAEAAU5Wb3JtYWxpemVkVG9rZW4",
            "MaxResults": 10,
        }),
        "UpdateFleet" => json!({
            "ImageName": "CRM-2018-07",
            "ImageArn": PRIVATE_IMAGE_ARN,
            "Name": "sales-fleet",
            "InstanceType": "stream.compute.large",
            "ComputeCapacity": {"DesiredInstances": 5},
            "VpcConfig": vpc,
            "MaxUserDurationInSeconds": 57600,
            "DisconnectTimeoutInSeconds": 60,
            "DeleteVpcConfig": false,
            "Description": "Streams the CRM suite to the sales team",
            "DisplayName": "Sales fleet (large)",
            "EnableDefaultInternetAccess": true,
            "DomainJoinInfo": domain,
            "AttributesToDelete": ["VPC_CONFIGURATION_SECURITY_GROUP_IDS", "DOMAIN_JOIN_INFO"],
        }),
        "UpdateImagePermissions" => json!({
            "Name": "CRM-2018-07",
            "SharedAccountId": "123456789012",
            "ImagePermissions": {"allowFleet": true, "allowImageBuilder": false},
        }),
        _ => panic!("no baseline for {op}"),
    }
}

#[test]
fn the_tests_know_every_operation_of_the_model() {
    let names: Vec<&str> = ir().operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, OPERATIONS);
}

#[test]
fn baselines_are_valid_in_every_mode_and_lose_nothing() {
    for op in OPERATIONS {
        let base = baseline(op);
        for mode in MODES {
            assert_eq!(violations(op, &base, mode), Ok(vec![]), "{op} baseline in {mode:?}");
        }
        assert_eq!(reserialize(op, &base), base, "{op} baseline does not survive a round trip");
    }
}

// ---------------------------------------------------------------------------
// 3. Rules: every constraint of the IR, located, with its probing mutations
// ---------------------------------------------------------------------------

/// The kinds of constraint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Family {
    Required,
    Length,
    Range,
    Pattern,
    Enum,
    Unique,
}

/// A violation reduced to what a test compares: the constraint, its limit,
/// and the measured length.
#[derive(Debug, Clone, PartialEq)]
enum Want {
    Required,
    MinLength { min: u64, len: u64 },
    MaxLength { max: u64, len: u64 },
    Min(f64),
    Max(f64),
    Pattern(String),
    Enum(Vec<String>),
    Unique,
}

impl Want {
    fn of(v: &Violation) -> Want {
        let len = v.actual_len.unwrap_or(u64::MAX);
        match &v.constraint {
            Constraint::Required => Want::Required,
            Constraint::MinLength(min) => Want::MinLength { min: *min, len },
            Constraint::MaxLength(max) => Want::MaxLength { max: *max, len },
            Constraint::Min(min) => Want::Min(*min),
            Constraint::Max(max) => Want::Max(*max),
            Constraint::Pattern(p) => Want::Pattern(p.to_string()),
            Constraint::Enum(values) => Want::Enum(values.iter().map(|s| s.to_string()).collect()),
            Constraint::UniqueItems => Want::Unique,
            other => panic!("a constraint these tests do not know: {other:?}"),
        }
    }

    fn family(&self) -> Family {
        match self {
            Want::Required => Family::Required,
            Want::MinLength { .. } | Want::MaxLength { .. } => Family::Length,
            Want::Min(_) | Want::Max(_) => Family::Range,
            Want::Pattern(_) => Family::Pattern,
            Want::Enum(_) => Family::Enum,
            Want::Unique => Family::Unique,
        }
    }

    /// Standard mode checks required members, minimum lengths and minimum values.
    fn in_standard(&self) -> bool {
        matches!(self, Want::Required | Want::MinLength { .. } | Want::Min(_))
    }
}

#[derive(Debug, Clone)]
enum Edit {
    Remove,
    Set(Value),
}

/// One change to a valid input, and the violation Strict mode must then
/// report at the rule's path (`None`: no violation of the rule's kind).
#[derive(Debug, Clone)]
struct Mutation {
    what: String,
    edit: Edit,
    /// For `@uniqueItems`: the duplicate's index, which the violation names.
    sub: Option<Step>,
    want: Option<Want>,
}

/// One constraint of the model, located from an operation input.
#[derive(Debug, Clone)]
struct Rule {
    op: String,
    root: String,
    loc: Vec<Loc>,
    family: Family,
    /// The constraint kinds on the same value, which a mutation may also trip.
    siblings: Vec<Family>,
    mutations: Vec<Mutation>,
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.root)?;
        for l in &self.loc {
            match l {
                Loc::Member(name) => write!(f, ".{name}")?,
                Loc::Item => write!(f, "[*]")?,
                Loc::MapValue => write!(f, "[*value]")?,
            }
        }
        write!(f, " {:?}", self.family)
    }
}

/// Every rule of every operation, walked from the IR alongside the baselines
/// (which must hold every member the IR has, and nothing else).
fn rules() -> &'static [Rule] {
    static RULES: OnceLock<Vec<Rule>> = OnceLock::new();
    RULES.get_or_init(|| {
        let mut walk = Walk { op: String::new(), root: String::new(), out: Vec::new() };
        for op in &ir().operations {
            walk.op = op.name.clone();
            walk.root = op.input.model_name.clone();
            walk.structure(&op.input, &baseline(&op.name), &[]);
        }
        walk.out
    })
}

struct Walk {
    op: String,
    root: String,
    out: Vec<Rule>,
}

impl Walk {
    fn push(&mut self, loc: &[Loc], family: Family, siblings: Vec<Family>, mutations: Vec<Mutation>) {
        let (op, root, loc) = (self.op.clone(), self.root.clone(), loc.to_vec());
        self.out.push(Rule { op, root, loc, family, siblings, mutations });
    }

    fn structure(&mut self, s: &Structure, json: &Value, loc: &[Loc]) {
        let obj = json.as_object().unwrap_or_else(|| panic!("{}: baseline at {loc:?} is not an object", self.op));
        for key in obj.keys() {
            assert!(
                s.members.iter().any(|m| &m.wire_name == key),
                "{}: baseline has {key}, which {} lacks",
                self.op,
                s.model_name
            );
        }
        for m in &s.members {
            let here = [loc, &[Loc::Member(m.wire_name.clone())]].concat();
            let value = obj.get(&m.wire_name).unwrap_or_else(|| panic!("{}: baseline lacks {here:?}", self.op));
            if m.required {
                let remove =
                    Mutation { what: "removed".into(), edit: Edit::Remove, sub: None, want: Some(Want::Required) };
                self.push(&here, Family::Required, vec![], vec![remove]);
            }
            self.type_use(&ir().member_type(m), value, &here);
        }
    }

    fn type_use(&mut self, t: &TypeUse, json: &Value, loc: &[Loc]) {
        let c = &t.constraints;
        let siblings = families(t);
        if let Some(bounds) = c.length {
            self.push(loc, Family::Length, siblings.clone(), length_mutations(t, bounds, json));
        }
        if let Some(bounds) = c.range {
            self.push(loc, Family::Range, siblings.clone(), range_mutations(&t.ty, bounds));
        }
        if let Some(p) = c.pattern.map(|i| &ir().patterns[i]) {
            let enforced = p.enforced.as_str();
            let base = json.as_str().expect("a pattern on a string");
            self.push(loc, Family::Pattern, siblings.clone(), pattern_mutations(enforced, base));
        }
        if c.unique_items {
            self.push(loc, Family::Unique, siblings.clone(), unique_mutations(json));
        }
        match &t.ty {
            Type::Enum(name) => {
                let values = ir().enum_(name).unwrap().variants.iter().map(|v| v.value.clone()).collect();
                self.push(loc, Family::Enum, siblings, enum_mutations(values));
            }
            Type::Structure(name) => self.structure(ir().structure(name).unwrap(), json, loc),
            Type::List(item) => {
                let last = json.as_array().and_then(|a| a.last());
                let last = last.unwrap_or_else(|| panic!("{}: baseline list at {loc:?} is empty", self.op));
                self.type_use(item, last, &[loc, &[Loc::Item]].concat());
            }
            Type::Map(key, value) => {
                assert_eq!(
                    key.constraints,
                    Constraints::default(),
                    "{loc:?}: constraints on map keys are not covered here"
                );
                let first = json.as_object().and_then(|m| m.values().next());
                let first = first.unwrap_or_else(|| panic!("{}: baseline map at {loc:?} is empty", self.op));
                self.type_use(value, first, &[loc, &[Loc::MapValue]].concat());
            }
            _ => {}
        }
    }
}

/// The constraint kinds a type use carries.
fn families(t: &TypeUse) -> Vec<Family> {
    let c = &t.constraints;
    let mut out = Vec::new();
    c.length.is_some().then(|| out.push(Family::Length));
    c.range.is_some().then(|| out.push(Family::Range));
    c.pattern.is_some().then(|| out.push(Family::Pattern));
    c.unique_items.then(|| out.push(Family::Unique));
    matches!(t.ty, Type::Enum(_)).then(|| out.push(Family::Enum));
    out
}

/// A string of `n` characters of 2, 3 and 4 UTF-8 bytes (the last also 2
/// UTF-16 units), so that only a count of characters gives `n`.
fn text(n: u64) -> String {
    "é日𝄞".chars().cycle().take(n as usize).collect()
}

/// min-1, min, max, max+1 entries or characters.
fn length_mutations(t: &TypeUse, b: Bounds<u64>, base: &Value) -> Vec<Mutation> {
    let make: Box<dyn Fn(u64) -> Value> = match &t.ty {
        Type::String => Box::new(|n| Value::String(text(n))),
        Type::List(_) => {
            assert!(!t.constraints.unique_items, "a list with @length and @uniqueItems needs distinct items");
            let pool = base.as_array().unwrap().clone();
            Box::new(move |n| pool.iter().cycle().take(n as usize).cloned().collect())
        }
        Type::Map(..) => {
            let (key, value) = base.as_object().unwrap().iter().next().map(|(k, v)| (k.clone(), v.clone())).unwrap();
            Box::new(move |n| Value::Object((0..n).map(|i| (format!("{key}{i}"), value.clone())).collect()))
        }
        other => panic!("@length on {other:?}"),
    };
    let mut probes = Vec::new();
    if let Some(min) = b.min {
        if min > 0 {
            probes.push((min - 1, Some(Want::MinLength { min, len: min - 1 })));
        }
        probes.push((min, None));
    }
    if let Some(max) = b.max {
        probes.push((max, None));
        probes.push((max + 1, Some(Want::MaxLength { max, len: max + 1 })));
    }
    probes.dedup_by_key(|(n, _)| *n);
    let unit = if t.ty == Type::String { "characters" } else { "entries" };
    probes
        .into_iter()
        .map(|(n, want)| Mutation { what: format!("{n} {unit}"), edit: Edit::Set(make(n)), sub: None, want })
        .collect()
}

/// The values an integer type can hold, or `None` for floating point.
fn integer_limits(ty: &Type) -> Option<(i64, i64)> {
    match ty {
        Type::Byte => Some((i8::MIN.into(), i8::MAX.into())),
        Type::Short => Some((i16::MIN.into(), i16::MAX.into())),
        Type::Integer => Some((i32::MIN.into(), i32::MAX.into())),
        Type::Long => Some((i64::MIN, i64::MAX)),
        Type::Float | Type::Double => None,
        other => panic!("@range on {other:?}"),
    }
}

/// min-1, min, max, max+1 (those the type can hold).
fn range_mutations(ty: &Type, b: Bounds<f64>) -> Vec<Mutation> {
    let mut probes = Vec::new();
    if let Some(min) = b.min {
        probes.push((min - 1.0, Some(Want::Min(min))));
        probes.push((min, None));
    }
    if let Some(max) = b.max {
        probes.push((max, None));
        probes.push((max + 1.0, Some(Want::Max(max))));
    }
    let limits = integer_limits(ty);
    probes
        .into_iter()
        .filter(|(x, _)| limits.is_none_or(|(lo, hi)| (lo as f64..=hi as f64).contains(x)))
        .map(|(x, want)| {
            let value = if limits.is_some() { json!(x as i64) } else { json!(x) };
            Mutation { what: format!("{x}"), edit: Edit::Set(value), sub: None, want }
        })
        .collect()
}

/// Values a pattern may reject: empty, punctuation, Arabic-Indic digits (not
/// `\d` in ECMA-262), a space, non-ASCII letters, and the baseline with a
/// trailing newline, a leading space or a trailing `!`. Whether each must be
/// rejected is what `regress` says.
fn pattern_candidates(base: &str) -> Vec<String> {
    let fixed = ["", "!", "٣٣٣٣٣٣٣٣٣٣٣٣", "a b", "é", "日本語"].map(String::from);
    let derived = [format!("{base}\n"), format!(" {base}"), format!("{base}!"), base.to_string()];
    fixed.into_iter().chain(derived).collect()
}

fn pattern_mutations(enforced: &str, base: &str) -> Vec<Mutation> {
    let re = regress::Regex::with_flags(enforced, "u").unwrap_or_else(|e| panic!("{enforced}: {e}"));
    assert!(re.find(base).is_some(), "baseline value {base:?} does not match {enforced}");
    let out: Vec<Mutation> = pattern_candidates(base)
        .into_iter()
        .map(|s| {
            let want = re.find(&s).is_none().then(|| Want::Pattern(enforced.to_string()));
            Mutation { what: format!("{s:?}"), edit: Edit::Set(json!(s)), sub: None, want }
        })
        .collect();
    assert!(out.iter().any(|m| m.want.is_some()), "no candidate breaks {enforced}");
    out
}

/// Unknown values (case matters) are rejected; every known value is not.
fn enum_mutations(values: Vec<String>) -> Vec<Mutation> {
    let mut unknown = vec!["NOT_A_KNOWN_VALUE".to_string(), String::new(), values[0].to_lowercase()];
    unknown.retain(|u| !values.contains(u));
    let rejected = unknown.into_iter().map(|u| (u, Some(Want::Enum(values.clone()))));
    let accepted = values.iter().map(|v| (v.clone(), None));
    rejected
        .chain(accepted)
        .map(|(v, want)| Mutation { what: format!("{v:?}"), edit: Edit::Set(json!(v)), sub: None, want })
        .collect()
}

/// The baseline list with its first item repeated at the end.
fn unique_mutations(base: &Value) -> Vec<Mutation> {
    let mut items = base.as_array().unwrap().clone();
    let dup = Step::Index(items.len());
    items.push(items[0].clone());
    vec![Mutation {
        what: "a duplicate".into(),
        edit: Edit::Set(Value::Array(items)),
        sub: Some(dup),
        want: Some(Want::Unique),
    }]
}

/// Applies `m` to `doc` at `steps` and checks every mode: Off finds nothing;
/// Standard and Strict find exactly the wanted violation of the rule's kind at
/// the rule's path, nothing at any other path, and at that path nothing but
/// what the value's other constraints explain.
fn check(rule: &Rule, doc: &Value, steps: &[Step], m: &Mutation) -> Result<(), String> {
    let mut doc = doc.clone();
    match &m.edit {
        Edit::Remove => {
            let (last, parent) = steps.split_last().unwrap();
            let Step::Member(name) = last else { panic!("only members are removed") };
            at_mut(&mut doc, parent).as_object_mut().unwrap().remove(name);
        }
        Edit::Set(value) => *at_mut(&mut doc, steps) = value.clone(),
    }
    let path = render(&rule.root, &[steps, m.sub.as_slice()].concat());
    if let (Edit::Remove, Err(e)) = (&m.edit, validate(&rule.op, &doc, ValidationMode::Off)) {
        // A required member of a structure that only requests carry is held
        // without an `Option`: reading the request already fails, naming it.
        let (last, parent) = steps.split_last().unwrap();
        let Step::Member(name) = last else { unreachable!() };
        let expected = format!("{}: missing field `{name}`", render(&rule.root, parent));
        return if e.starts_with(&expected) {
            Ok(())
        } else {
            Err(format!("wanted {expected:?}, the input failed with {e:?}"))
        };
    }
    for mode in MODES {
        let found = violations(&rule.op, &doc, mode).map_err(|e| format!("does not deserialize: {e}"))?;
        let want: Vec<Want> = match mode {
            ValidationMode::Off => vec![],
            ValidationMode::Standard => m.want.iter().filter(|w| w.in_standard()).cloned().collect(),
            _ => m.want.iter().cloned().collect(),
        };
        let shown = || match found.as_slice() {
            [] => " nothing".to_string(),
            found => found.iter().map(|v| format!("\n    {v}")).collect(),
        };
        let mut got = Vec::new();
        for v in &found {
            let w = Want::of(v);
            if v.path != path || mode == ValidationMode::Off {
                return Err(format!("{mode:?}: a violation elsewhere than {path}:{}", shown()));
            } else if w.family() == rule.family {
                got.push(w);
            } else if !rule.siblings.contains(&w.family()) {
                return Err(format!("{mode:?}: a violation the value's constraints do not explain:{}", shown()));
            }
        }
        if got != want {
            return Err(format!("{mode:?}: wanted {want:?} at {path}, found:{}", shown()));
        }
    }
    Ok(())
}

/// The constraints the IR holds under every operation input, counted from
/// the types alone (no baseline).
fn count_constraints() -> usize {
    fn in_structure(s: &Structure) -> usize {
        s.members.iter().map(|m| usize::from(m.required) + in_type(&ir().member_type(m))).sum()
    }
    fn in_type(t: &TypeUse) -> usize {
        let nested = match &t.ty {
            Type::Enum(_) => 1,
            Type::Structure(name) => in_structure(ir().structure(name).unwrap()),
            Type::List(item) => in_type(item),
            Type::Map(key, value) => in_type(key) + in_type(value),
            _ => 0,
        };
        let c = &t.constraints;
        nested
            + [c.length.is_some(), c.range.is_some(), c.pattern.is_some(), c.unique_items]
                .into_iter()
                .filter(|b| *b)
                .count()
    }
    ir().operations.iter().map(|op| in_structure(&op.input)).sum()
}

// ---------------------------------------------------------------------------
// 4. Generated cases
// ---------------------------------------------------------------------------

#[test]
fn every_constraint_of_the_model_is_enforced_at_its_path() {
    let mut failures = Vec::new();
    let mut cases = 0;
    let mut exercised = 0;
    let mut by_family: BTreeMap<Family, (usize, usize)> = BTreeMap::new();
    for rule in rules() {
        let base = baseline(&rule.op);
        let mut doc = base.clone();
        // The last list item, so that indexes other than 0 are rendered.
        let steps = resolve(&mut doc, &base, &rule.loc, &mut |len| len - 1);
        assert_eq!(doc, base, "the baseline holds every location");
        for m in &rule.mutations {
            cases += 1;
            if let Err(e) = check(rule, &doc, &steps, m) {
                failures.push(format!("{} = {}: {e}", render(&rule.root, &steps), m.what));
            }
        }
        let rejecting = rule.mutations.iter().filter(|m| m.want.is_some()).count();
        assert!(rejecting > 0, "{rule}: no mutation breaks it");
        exercised += 1;
        let entry = by_family.entry(rule.family).or_default();
        entry.0 += 1;
        entry.1 += rule.mutations.len();
    }
    println!(
        "{} operations, {} constraints, {cases} generated cases ({} validations)",
        OPERATIONS.len(),
        rules().len(),
        cases * MODES.len()
    );
    for (family, (n, cases)) in &by_family {
        println!("  {family:?}: {n} constraints, {cases} cases");
    }
    assert_eq!(exercised, count_constraints(), "every constraint the IR holds is exercised");
    assert!(failures.is_empty(), "{} of {cases} generated cases failed:\n{}", failures.len(), failures.join("\n"));
}

// ---------------------------------------------------------------------------
// 5. The specification's limits (Strict mode)
// ---------------------------------------------------------------------------

/// Strict mode's messages for `op`'s baseline with the value at `pointer` replaced.
fn strict(op: &str, pointer: &str, value: Value) -> Vec<String> {
    strict_violations(op, pointer, value).iter().map(ToString::to_string).collect()
}

fn strict_violations(op: &str, pointer: &str, value: Value) -> Vec<Violation> {
    let mut doc = baseline(op);
    *doc.pointer_mut(pointer).unwrap_or_else(|| panic!("{op} baseline has no {pointer}")) = value;
    violations(op, &doc, ValidationMode::Strict).unwrap()
}

const ACCEPTED: [&str; 0] = [];

#[test]
fn spec_session_duration_is_600_to_57600_seconds() {
    for op in ["CreateFleet", "UpdateFleet"] {
        let p = format!("{op}Input.MaxUserDurationInSeconds");
        assert_eq!(strict(op, "/MaxUserDurationInSeconds", json!(599)), [format!("{p}: 599 is below the minimum 600")]);
        assert_eq!(strict(op, "/MaxUserDurationInSeconds", json!(600)), ACCEPTED);
        assert_eq!(strict(op, "/MaxUserDurationInSeconds", json!(57600)), ACCEPTED);
        assert_eq!(
            strict(op, "/MaxUserDurationInSeconds", json!(57601)),
            [format!("{p}: 57601 is above the maximum 57600")]
        );
    }
}

#[test]
fn spec_disconnect_timeout_is_60_to_57600_seconds() {
    for op in ["CreateFleet", "UpdateFleet"] {
        let p = format!("{op}Input.DisconnectTimeoutInSeconds");
        assert_eq!(strict(op, "/DisconnectTimeoutInSeconds", json!(59)), [format!("{p}: 59 is below the minimum 60")]);
        assert_eq!(strict(op, "/DisconnectTimeoutInSeconds", json!(60)), ACCEPTED);
        assert_eq!(strict(op, "/DisconnectTimeoutInSeconds", json!(57600)), ACCEPTED);
        assert_eq!(
            strict(op, "/DisconnectTimeoutInSeconds", json!(57601)),
            [format!("{p}: 57601 is above the maximum 57600")]
        );
    }
}

#[test]
fn spec_shared_account_id_is_exactly_12_ascii_digits() {
    for (op, pointer, path) in [
        ("DeleteImagePermissions", "/SharedAccountId", "DeleteImagePermissionsInput.SharedAccountId"),
        ("UpdateImagePermissions", "/SharedAccountId", "UpdateImagePermissionsInput.SharedAccountId"),
        ("DescribeImagePermissions", "/SharedAwsAccountIds/0", "DescribeImagePermissionsInput.SharedAwsAccountIds[0]"),
    ] {
        assert_eq!(strict(op, pointer, json!("123456789012")), ACCEPTED);
        assert_eq!(
            strict(op, pointer, json!("12345678901")),
            [format!(r#"{path}: length 11 is below the minimum 12 (value: "12345678901")"#)]
        );
        assert_eq!(
            strict(op, pointer, json!("1234567890123")),
            [format!(r#"{path}: length 13 is above the maximum 12 (value: "1234567890123")"#)]
        );
        // Twelve characters, the last an Arabic-Indic three: not `\d` in ECMA-262.
        assert_eq!(
            strict(op, pointer, json!("12345678901٣")),
            [format!(r#"{path}: "12345678901٣" does not match the pattern ^\d+$"#)]
        );
    }
}

#[test]
fn spec_shared_aws_account_ids_hold_1_to_5_entries() {
    let (op, pointer, p) =
        ("DescribeImagePermissions", "/SharedAwsAccountIds", "DescribeImagePermissionsInput.SharedAwsAccountIds");
    let ids = |n: usize| json!((0..n).map(|i| format!("12345678901{i}")).collect::<Vec<_>>());
    assert_eq!(strict(op, pointer, ids(0)), [format!("{p}: length 0 is below the minimum 1 (value: 0 items)")]);
    assert_eq!(strict(op, pointer, ids(1)), ACCEPTED);
    assert_eq!(strict(op, pointer, ids(5)), ACCEPTED);
    assert_eq!(strict(op, pointer, ids(6)), [format!("{p}: length 6 is above the maximum 5 (value: 6 items)")]);
}

#[test]
fn spec_describe_images_max_results_is_0_to_25() {
    let p = "DescribeImagesInput.MaxResults";
    assert_eq!(strict("DescribeImages", "/MaxResults", json!(-1)), [format!("{p}: -1 is below the minimum 0")]);
    assert_eq!(strict("DescribeImages", "/MaxResults", json!(0)), ACCEPTED);
    assert_eq!(strict("DescribeImages", "/MaxResults", json!(25)), ACCEPTED);
    assert_eq!(strict("DescribeImages", "/MaxResults", json!(26)), [format!("{p}: 26 is above the maximum 25")]);
}

#[test]
fn spec_describe_image_permissions_max_results_is_0_to_500() {
    let (op, p) = ("DescribeImagePermissions", "DescribeImagePermissionsInput.MaxResults");
    assert_eq!(strict(op, "/MaxResults", json!(-1)), [format!("{p}: -1 is below the minimum 0")]);
    assert_eq!(strict(op, "/MaxResults", json!(0)), ACCEPTED);
    assert_eq!(strict(op, "/MaxResults", json!(500)), ACCEPTED);
    assert_eq!(strict(op, "/MaxResults", json!(501)), [format!("{p}: 501 is above the maximum 500")]);
}

#[test]
fn spec_description_is_up_to_256_and_display_name_up_to_100_characters() {
    for op in ["CreateFleet", "UpdateFleet", "CreateImageBuilder"] {
        for (member, max) in [("Description", 256), ("DisplayName", 100)] {
            let pointer = format!("/{member}");
            // '日' is three bytes: the limit counts characters.
            assert_eq!(strict(op, &pointer, json!("日".repeat(max))), ACCEPTED, "{op}.{member}");
            let found = strict_violations(op, &pointer, json!("日".repeat(max + 1)));
            let found: Vec<_> = found.iter().map(|v| (v.path.as_str(), &v.constraint, v.actual_len)).collect();
            let path = format!("{op}Input.{member}");
            assert_eq!(found, [(path.as_str(), &Constraint::MaxLength(max as u64), Some(max as u64 + 1))]);
        }
    }
}

#[test]
fn spec_security_group_ids_are_up_to_5() {
    for op in ["CreateFleet", "UpdateFleet", "CreateImageBuilder"] {
        let groups = |n: usize| json!((0..n).map(|i| format!("sg-0{i}")).collect::<Vec<_>>());
        let p = format!("{op}Input.VpcConfig.SecurityGroupIds");
        assert_eq!(strict(op, "/VpcConfig/SecurityGroupIds", groups(5)), ACCEPTED);
        assert_eq!(
            strict(op, "/VpcConfig/SecurityGroupIds", groups(6)),
            [format!("{p}: length 6 is above the maximum 5 (value: 6 items)")]
        );
    }
}

#[test]
fn spec_image_names_follow_their_pattern() {
    const NAME: &str = "^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}$";
    let longest = format!("a{}", "b".repeat(100));
    for op in ["DeleteImage", "DeleteImagePermissions", "DescribeImagePermissions", "UpdateImagePermissions"] {
        let p = format!("{op}Input.Name");
        for good in ["CRM-2018-07", "AppStream-WinServer2012R2-07-19-2018", "v1.2_final", "7", &longest] {
            assert_eq!(strict(op, "/Name", json!(good)), ACCEPTED, "{op}: {good:?}");
        }
        let too_long = format!("{longest}b");
        for bad in ["", "-leading-dash", "_leading", "my image", "image日本", "image\n", "٣image", "image!", &too_long]
        {
            let shown = format!("{:?}", smithy_rt::validate::shorten(bad));
            assert_eq!(
                strict(op, "/Name", json!(bad)),
                [format!("{p}: {shown} does not match the pattern {NAME}")],
                "{op}: {bad:?}"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// 6. Every violation, not the first
// ---------------------------------------------------------------------------

#[test]
fn all_violations_are_reported_in_member_order() {
    let mut doc = baseline("CreateFleet");
    doc["Name"] = json!("sales fleet!");
    doc["FleetType"] = json!("SOMETIMES");
    doc["VpcConfig"]["SecurityGroupIds"] = json!(["sg-0", "sg-1", "sg-2", "sg-3", "sg-4", "sg-5"]);
    doc["DisconnectTimeoutInSeconds"] = json!(59);

    let errors = validate("CreateFleet", &doc, ValidationMode::Strict).unwrap().unwrap_err();
    let found: Vec<(&str, Want)> = errors.violations().iter().map(|v| (v.path.as_str(), Want::of(v))).collect();
    assert_eq!(
        found,
        [
            ("CreateFleetInput.Name", Want::Pattern("^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}$".into())),
            ("CreateFleetInput.FleetType", Want::Enum(vec!["ALWAYS_ON".into(), "ON_DEMAND".into()])),
            ("CreateFleetInput.VpcConfig.SecurityGroupIds", Want::MaxLength { max: 5, len: 6 }),
            ("CreateFleetInput.DisconnectTimeoutInSeconds", Want::Min(60.0)),
        ]
    );
    assert_eq!(
        errors.to_string(),
        "CreateFleetInput.Name: \"sales fleet!\" does not match the pattern ^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}$ (and 3 more)"
    );
    assert_eq!(
        format!("{errors:#}"),
        "4 invalid values:\n  \
         CreateFleetInput.Name: \"sales fleet!\" does not match the pattern ^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}$\n  \
         CreateFleetInput.FleetType: \"SOMETIMES\" is not one of ALWAYS_ON, ON_DEMAND\n  \
         CreateFleetInput.VpcConfig.SecurityGroupIds: length 6 is above the maximum 5 (value: 6 items)\n  \
         CreateFleetInput.DisconnectTimeoutInSeconds: 59 is below the minimum 60"
    );

    // Standard mode keeps the minimum only; Off finds nothing.
    let standard = validate("CreateFleet", &doc, ValidationMode::Standard).unwrap().unwrap_err();
    assert_eq!(standard.to_string(), "CreateFleetInput.DisconnectTimeoutInSeconds: 59 is below the minimum 60");
    assert_eq!(
        format!("{standard:#}"),
        "1 invalid value:\n  CreateFleetInput.DisconnectTimeoutInSeconds: 59 is below the minimum 60"
    );
    assert!(validate("CreateFleet", &doc, ValidationMode::Off).unwrap().is_ok());
}

// ---------------------------------------------------------------------------
// 7. Property-based tests
// ---------------------------------------------------------------------------

fn proptest_runner() -> TestRunner {
    TestRunner::new(Config { cases: 64, max_shrink_iters: 4096, failure_persistence: None, ..Config::default() })
}

/// Runs `test` for every operation and reports every operation that fails.
fn for_each_operation(test: impl Fn(&str) -> Result<(), String>) {
    let failures: Vec<String> =
        OPERATIONS.iter().filter_map(|op| test(op).err().map(|e| format!("{op}: {e}"))).collect();
    assert!(failures.is_empty(), "{} operations failed:\n{}", failures.len(), failures.join("\n\n"));
}

/// Characters for strings without a pattern: ASCII, JSON escapes, and 2-,
/// 3- and 4-byte UTF-8.
const CHARSET: &[char] = &['a', 'Z', '7', ' ', '-', '_', '"', '\\', 'é', '日', '𝄞'];

/// A size from `lo` to `hi` (or a few above `lo`), now and then exactly `hi`.
fn size(lo: u64, hi: Option<u64>) -> BoxedStrategy<usize> {
    let (lo, hi) = (lo as usize, hi.map_or(lo as usize + 4, |h| h as usize));
    if hi <= lo + 32 {
        (lo..=hi).boxed()
    } else {
        prop_oneof![3 => lo..=lo + 32, 1 => Just(hi)].boxed()
    }
}

/// A pattern made of `^`, literals, `\d` and `[...]` classes (each optionally
/// repeated), and `$`: a string can be built from its character sets.
#[derive(Debug, Clone)]
struct Atom {
    set: Vec<char>,
    min: u64,
    max: Option<u64>,
}

fn simple_pattern(pattern: &str) -> Option<Vec<Atom>> {
    let body: Vec<char> = pattern.strip_prefix('^')?.strip_suffix('$')?.chars().collect();
    let mut i = 0;
    let mut atoms = Vec::new();
    let digits = || ('0'..='9').collect::<Vec<_>>();
    while i < body.len() {
        let set = match body[i] {
            '[' => {
                let mut set = Vec::new();
                i += 1;
                while body.get(i) != Some(&']') {
                    let c = match *body.get(i)? {
                        '^' if set.is_empty() => return None,
                        '\\' if body.get(i + 1) == Some(&'d') => {
                            set.extend(digits());
                            i += 2;
                            continue;
                        }
                        '\\' => {
                            i += 1;
                            *body.get(i)?
                        }
                        c => c,
                    };
                    if body.get(i + 1) == Some(&'-') && body.get(i + 2).is_some_and(|&e| e != ']') {
                        set.extend(c..=body[i + 2]);
                        i += 3;
                    } else {
                        set.push(c);
                        i += 1;
                    }
                }
                set
            }
            '\\' if body.get(i + 1) == Some(&'d') => {
                i += 1;
                digits()
            }
            '\\' if body.get(i + 1).is_some_and(char::is_ascii_punctuation) => {
                i += 1;
                vec![body[i]]
            }
            c if c.is_ascii_alphanumeric() || ":/_-,=@".contains(c) => vec![c],
            _ => return None,
        };
        i += 1;
        let (min, max) = match body.get(i) {
            Some('+') => (1, None),
            Some('*') => (0, None),
            Some('?') => (0, Some(1)),
            Some('{') => {
                let end = i + body[i..].iter().position(|&c| c == '}')?;
                let inner: String = body[i + 1..end].iter().collect();
                i = end;
                match inner.split_once(',') {
                    None => (inner.parse().ok()?, Some(inner.parse().ok()?)),
                    Some((lo, "")) => (lo.parse().ok()?, None),
                    Some((lo, hi)) => (lo.parse().ok()?, Some(hi.parse().ok()?)),
                }
            }
            _ => {
                i -= 1;
                (1, Some(1))
            }
        };
        i += 1;
        atoms.push(Atom { set, min, max });
    }
    Some(atoms)
}

/// Strings of the right length: from the pattern's character sets when it is
/// simple, else the baseline's value; from [`CHARSET`] without a pattern.
fn string_strategy(c: &Constraints, base: &Value) -> BoxedStrategy<Value> {
    let len = c.length.unwrap_or_default();
    let chars = |set: Vec<char>, n: BoxedStrategy<usize>| {
        n.prop_flat_map(move |n| proptest::collection::vec(proptest::sample::select(set.clone()), n))
            .prop_map(String::from_iter)
    };
    let Some(pattern) = c.pattern.map(|i| &ir().patterns[i]) else {
        return chars(CHARSET.to_vec(), size(len.min.unwrap_or(0), len.max)).prop_map(Value::String).boxed();
    };
    let enforced = pattern.enforced.clone();
    match simple_pattern(&enforced) {
        Some(atoms) if atoms.len() == 1 => {
            // One repeated class: its repetition meets the length bounds.
            let a = &atoms[0];
            let lo = a.min.max(len.min.unwrap_or(0));
            let hi = match (a.max, len.max) {
                (Some(x), Some(y)) => Some(x.min(y)),
                (x, y) => x.or(y),
            };
            chars(a.set.clone(), size(lo, hi)).prop_map(Value::String).boxed()
        }
        Some(atoms) => {
            let parts: Vec<_> = atoms.into_iter().map(|a| chars(a.set, size(a.min, a.max))).collect();
            parts
                .prop_map(|parts| parts.concat())
                .prop_filter("length bounds", move |s| {
                    let n = s.chars().count() as u64;
                    len.min.is_none_or(|m| n >= m) && len.max.is_none_or(|m| n <= m)
                })
                .prop_map(Value::String)
                .boxed()
        }
        None => Just(base.clone()).boxed(),
    }
}

/// Valid values of `t`, following the baseline `base` where one is needed.
fn value_strategy(t: &TypeUse, base: &Value) -> BoxedStrategy<Value> {
    let c = &t.constraints;
    match &t.ty {
        Type::String => string_strategy(c, base),
        Type::Boolean => any::<bool>().prop_map(Value::from).boxed(),
        ty @ (Type::Byte | Type::Short | Type::Integer | Type::Long) => {
            let (lo, hi) = integer_limits(ty).unwrap();
            let range = c.range.unwrap_or_default();
            let lo = range.min.map_or(lo, |m| m as i64);
            let hi = range.max.map_or(hi, |m| m as i64);
            (lo..=hi).prop_map(Value::from).boxed()
        }
        Type::Float | Type::Double => {
            let range = c.range.unwrap_or_default();
            (range.min.unwrap_or(-1e9)..=range.max.unwrap_or(1e9)).prop_map(Value::from).boxed()
        }
        Type::Enum(name) => {
            let values: Vec<Value> = ir().enum_(name).unwrap().variants.iter().map(|v| json!(v.value)).collect();
            proptest::sample::select(values).boxed()
        }
        Type::Structure(name) => structure_strategy(ir().structure(name).unwrap(), base),
        Type::List(item) => {
            let len = c.length.unwrap_or_default();
            let item = value_strategy(item, base.as_array().unwrap().last().unwrap());
            size(len.min.unwrap_or(0), len.max)
                .prop_flat_map(move |n| proptest::collection::vec(item.clone(), n))
                .prop_map(Value::Array)
                .boxed()
        }
        Type::Map(key, value) => {
            let len = c.length.unwrap_or_default();
            let (k0, v0) = base.as_object().unwrap().iter().next().unwrap();
            let key = value_strategy(key, &json!(k0)).prop_map(|k| k.as_str().unwrap().to_string());
            let value = value_strategy(value, v0);
            let lo = len.min.unwrap_or(0) as usize;
            proptest::collection::btree_map(key, value, lo..=len.max.map_or(lo + 3, |m| m as usize))
                .prop_map(|m| Value::Object(m.into_iter().collect()))
                .boxed()
        }
        // The AppStream model has no blobs, documents, unions or big
        // numbers; one would follow the baseline.
        Type::Timestamp(_) | Type::Blob | Type::Document | Type::Union(_) | Type::BigInteger | Type::BigDecimal => {
            Just(base.clone()).boxed()
        }
    }
}

/// Structures with every required member and a random choice of the others.
fn structure_strategy(s: &Structure, base: &Value) -> BoxedStrategy<Value> {
    let members: Vec<BoxedStrategy<Option<(String, Value)>>> = s
        .members
        .iter()
        .map(|m| {
            let name = m.wire_name.clone();
            let value = value_strategy(&ir().member_type(m), &base[&name]).prop_map(move |v| (name.clone(), v));
            if m.required {
                value.prop_map(Some).boxed()
            } else {
                proptest::option::weighted(0.7, value).boxed()
            }
        })
        .collect();
    members.prop_map(|members| Value::Object(members.into_iter().flatten().collect())).boxed()
}

fn input_strategy(op: &str) -> BoxedStrategy<Value> {
    let input = &ir().operations.iter().find(|o| o.name == op).unwrap().input;
    structure_strategy(input, &baseline(op))
}

#[test]
fn simple_patterns_are_read_as_character_sets() {
    let atoms = simple_pattern(r"^\d+$").unwrap();
    assert_eq!((atoms.len(), atoms[0].set.len(), atoms[0].min, atoms[0].max), (1, 10, 1, None));
    let atoms = simple_pattern("^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}$").unwrap();
    assert_eq!(atoms[1].set.len(), 26 + 26 + 10 + 3);
    assert_eq!((atoms[1].min, atoms[1].max), (0, Some(100)));
    assert!(simple_pattern("^(a|b)$").is_none());
}

#[test]
fn random_valid_inputs_pass_strict_mode() {
    for_each_operation(|op| {
        proptest_runner()
            .run(&input_strategy(op), |doc| {
                let found = violations(op, &doc, ValidationMode::Strict).map_err(TestCaseError::fail)?;
                prop_assert!(found.is_empty(), "{:?}", found.iter().map(ToString::to_string).collect::<Vec<_>>());
                Ok(())
            })
            .map_err(|e| e.to_string())
    });
}

#[test]
fn one_injected_violation_is_reported_at_its_path() {
    for_each_operation(|op| {
        let rules: Vec<&Rule> = rules().iter().filter(|r| r.op == op).collect();
        let base = baseline(op);
        let strategy = (input_strategy(op), any::<Index>(), any::<Index>(), any::<u64>());
        proptest_runner()
            .run(&strategy, |(mut doc, rule, mutation, mut seed)| {
                let rule = rule.get(&rules);
                let rejecting: Vec<&Mutation> = rule.mutations.iter().filter(|m| m.want.is_some()).collect();
                let m = mutation.get(&rejecting);
                let steps = resolve(&mut doc, &base, &rule.loc, &mut |len| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    (seed >> 33) as usize % len
                });
                check(rule, &doc, &steps, m).map_err(|e| TestCaseError::fail(format!("{rule} = {}: {e}", m.what)))
            })
            .map_err(|e| e.to_string())
    });
}

// ---------------------------------------------------------------------------
// 8. botocore parity (Standard mode)
// ---------------------------------------------------------------------------

/// Cases botocore accepts that the Rust types cannot hold, and why.
const NOT_REPRESENTABLE: &[(&str, &str)] =
    &[("create_fleet_capacity_as_bool_is_accepted", "JSON `true` is not an integer; a Python bool is an int")];

/// Cases botocore rejects for a wrong type that the Rust types read anyway,
/// and why: serde's derived structures also accept a JSON array, filling
/// members in order. No AWS service sends one; a request that does is read
/// leniently. Listed so that a change in either direction is noticed.
const LENIENT_TYPES: &[(&str, &str)] = &[("update_fleet_input_not_a_dict", "an array read as a structure")];

/// A botocore error as (our path, what Standard mode must report); `None`
/// for kinds Standard mode does not have (`unknown field`).
fn botocore_error(root: &str, e: &Value) -> Option<(String, Want)> {
    let name = e["name"].as_str().unwrap(); // "" or ".ComputeCapacity.DesiredInstances" or ".Names[0]"
    let path = format!("{root}{name}");
    let d = &e["details"];
    match e["type"].as_str().unwrap() {
        "missing required field" => Some((format!("{path}.{}", d["required_name"].as_str().unwrap()), Want::Required)),
        "invalid length" => {
            let (min, len) = (d["min_allowed"].as_u64().unwrap(), d["param"].as_u64().unwrap());
            Some((path, Want::MinLength { min, len }))
        }
        "invalid range" => Some((path, Want::Min(d["min_allowed"].as_f64().unwrap()))),
        "unknown field" => None,
        other => panic!("botocore error type {other}"),
    }
}

#[test]
fn standard_mode_reports_what_botocore_reports() {
    let text = std::fs::read_to_string(appstream_tests::fixture("botocore/validation.json")).unwrap();
    let fixture: Value = serde_json::from_str(&text).unwrap();
    let (mut compared, mut wrong_types, mut failures) = (0, 0, Vec::new());
    for case in fixture["cases"].as_array().unwrap() {
        let (name, op) = (case["name"].as_str().unwrap(), case["operation"].as_str().unwrap());
        let errors = case["errors"].as_array().unwrap();
        let result = violations(op, &case["params"], ValidationMode::Standard);
        if let Some((_, why)) = LENIENT_TYPES.iter().find(|(n, _)| *n == name) {
            assert!(result.is_ok(), "{name} is listed as read leniently ({why}) but fails to deserialize");
            continue;
        }
        if errors.iter().any(|e| e["type"] == "invalid type") {
            // A value of the wrong JSON type never becomes an input.
            wrong_types += 1;
            if result.is_ok() {
                failures.push(format!("{name}: botocore rejects a type, but the params deserialize"));
            }
            continue;
        }
        if let Some((_, why)) = NOT_REPRESENTABLE.iter().find(|(n, _)| *n == name) {
            assert!(result.is_err(), "{name} is listed as not representable ({why}) but deserializes");
            continue;
        }
        let ours = match result {
            Ok(found) => found,
            // A missing required member of a request-only structure fails the
            // read itself, naming the member: the same report, earlier.
            Err(e) if errors.len() == 1 && errors[0]["type"] == "missing required field" => {
                let (path, _) = botocore_error(&format!("{op}Input"), &errors[0]).unwrap();
                let (parent, member) = path.rsplit_once('.').unwrap();
                let expected = format!("{parent}: missing field `{member}`");
                if !e.starts_with(&expected) {
                    failures.push(format!("{name}: wanted {expected:?}, the params failed with {e:?}"));
                }
                compared += 1;
                continue;
            }
            Err(e) => {
                failures.push(format!("{name}: the params do not deserialize: {e}"));
                continue;
            }
        };
        compared += 1;
        let root = format!("{op}Input");
        let mut want: Vec<(String, Want)> = errors.iter().filter_map(|e| botocore_error(&root, e)).collect();
        let mut got: Vec<(String, Want)> = ours.iter().map(|v| (v.path.clone(), Want::of(v))).collect();
        // botocore lists a structure's missing members first; we keep member order.
        want.sort_by(|a, b| a.0.cmp(&b.0));
        got.sort_by(|a, b| a.0.cmp(&b.0));
        if want != got {
            failures.push(format!("{name} (botocore valid: {}): botocore {want:?}, Standard {got:?}", case["valid"]));
        }
    }
    println!(
        "botocore: {compared} cases compared, {wrong_types} wrong-type cases, {} not representable",
        NOT_REPRESENTABLE.len()
    );
    assert!(compared >= 15, "only {compared} botocore cases were compared");
    assert!(failures.is_empty(), "{} botocore cases disagree:\n{}", failures.len(), failures.join("\n"));
}
