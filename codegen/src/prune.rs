//! Pruning: keep only some operations of a model and the shapes they reach.

use crate::check::{self, references};
use crate::diag::{Location, ModelError};
use crate::model::{Model, ShapeId, ShapeKind};
use std::collections::BTreeSet;

/// A model cut down to some operations.
#[derive(Debug)]
pub struct Pruned {
    /// The model: the service, the kept operations, and what they reach.
    pub model: Model,
    /// Shapes the service reached before and no longer reaches, sorted.
    pub dropped: Vec<ShapeId>,
}

/// Keeps the operations named in `keep` (by shape name, e.g. `CreateFleet`)
/// and every shape they reach; the service binds them directly. Fails,
/// naming them, when an operation is not in the model's service.
pub fn prune(model: &Model, keep: &[String]) -> Result<Pruned, ModelError> {
    let (model, _) = without_event_streams(model);
    let model = model.as_ref();
    let checked = check::check(model)?;
    let available: Vec<&str> = checked.operations.iter().map(|o| o.id.name()).collect();
    let missing: Vec<&String> = keep.iter().filter(|k| !available.contains(&k.as_str())).collect();
    if !missing.is_empty() {
        let list: Vec<&str> = missing.iter().map(|s| s.as_str()).collect();
        return Err(ModelError::at(
            &checked.service.location.child("operations"),
            format!("the service has no operation named {}; it has {}", list.join(", "), available.join(", ")),
        ));
    }
    let kept_ops: Vec<(ShapeId, Location)> = checked
        .operations
        .iter()
        .filter(|o| keep.iter().any(|k| k == o.id.name()))
        .map(|o| (o.id.clone(), o.location.clone()))
        .collect();

    let mut service = checked.service.clone();
    if let ShapeKind::Service { operations, resources, .. } = &mut service.kind {
        *operations = kept_ops;
        resources.clear();
    }
    let mut reached = BTreeSet::from([service.id.clone()]);
    let mut stack: Vec<ShapeId> = references(&service).into_iter().map(|(t, _)| t.clone()).collect();
    while let Some(id) = stack.pop() {
        let Some(shape) = model.shapes.get(&id) else { continue };
        if reached.insert(id) {
            stack.extend(references(shape).into_iter().map(|(t, _)| t.clone()));
        }
    }
    let mut shapes = std::collections::BTreeMap::new();
    for id in &reached {
        let shape = if *id == service.id { service.clone() } else { model.shapes[id].clone() };
        shapes.insert(id.clone(), shape);
    }
    let dropped = checked.closure.iter().filter(|id| !reached.contains(*id)).cloned().collect();
    Ok(Pruned { model: Model { file: model.file.clone(), shapes }, dropped })
}

/// An operation left out of the crate, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// The operation's name (`SubscribeToShard`).
    pub operation: String,
    /// Why, in words.
    pub reason: String,
}

/// The model without its event-stream operations (an input or output
/// member targeting a `@streaming` union), which the generator does not
/// support: each is unbound from the service and its resources, so the
/// rest of the model generates; what was left out is returned, for a
/// warning and the crate's documentation. A model without any comes back
/// unchanged.
pub fn without_event_streams(model: &Model) -> (std::borrow::Cow<'_, Model>, Vec<LeftOut>) {
    let streaming = |id: &ShapeId| {
        model.shapes.get(id).is_some_and(|s| {
            s.traits.contains_key("smithy.api#streaming") && matches!(s.kind, ShapeKind::Structure { union: true, .. })
        })
    };
    let mut left_out = BTreeSet::new();
    for shape in model.shapes.values() {
        let ShapeKind::Operation { input, output, .. } = &shape.kind else { continue };
        let streams = input.iter().chain(output.iter()).any(|(io, _)| {
            model.shapes.get(io).is_some_and(|s| check::members_of(s).iter().any(|m| streaming(&m.target)))
        });
        if streams {
            left_out.insert(shape.id.clone());
        }
    }
    if left_out.is_empty() {
        return (std::borrow::Cow::Borrowed(model), Vec::new());
    }
    let mut out = model.clone();
    for shape in out.shapes.values_mut() {
        if let ShapeKind::Service { operations, .. } | ShapeKind::Resource { operations, .. } = &mut shape.kind {
            operations.retain(|(op, _)| !left_out.contains(op));
        }
    }
    let reasons = left_out
        .iter()
        .map(|op| LeftOut {
            operation: op.name().to_owned(),
            reason: "it streams events (application/vnd.amazon.eventstream), which this generator does not support yet"
                .to_owned(),
        })
        .collect();
    (std::borrow::Cow::Owned(out), reasons)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> Model {
        let text = serde_json::json!({
            "smithy": "2.0",
            "shapes": {
                "ex#Svc": {"type": "service", "version": "1", "operations": [{"target": "ex#A"}, {"target": "ex#B"}],
                    "traits": {"aws.api#service": {"sdkId": "Ex"}, "aws.auth#sigv4": {"name": "ex"}, "aws.protocols#awsJson1_0": {}}},
                "ex#A": {"type": "operation", "input": {"target": "ex#AIn"}, "errors": [{"target": "ex#Oops"}]},
                "ex#B": {"type": "operation", "input": {"target": "ex#BIn"}},
                "ex#AIn": {"type": "structure", "members": {"S": {"target": "ex#Shared"}}},
                "ex#BIn": {"type": "structure", "members": {"S": {"target": "ex#Shared"}, "O": {"target": "ex#OnlyB"}}},
                "ex#Shared": {"type": "string"},
                "ex#OnlyB": {"type": "string"},
                "ex#Oops": {"type": "structure", "members": {}, "traits": {"smithy.api#error": "client"}}
            }
        });
        Model::parse("m.json", &text.to_string()).unwrap()
    }

    #[test]
    fn keeps_the_closure_of_the_chosen_operations() {
        let pruned = prune(&model(), &["A".to_owned()]).unwrap();
        let kept: Vec<&str> = pruned.model.shapes.keys().map(|id| id.0.as_str()).collect();
        assert_eq!(kept, ["ex#A", "ex#AIn", "ex#Oops", "ex#Shared", "ex#Svc"]);
        let dropped: Vec<&str> = pruned.dropped.iter().map(|id| id.0.as_str()).collect();
        assert_eq!(dropped, ["ex#B", "ex#BIn", "ex#OnlyB"]);
        assert!(check::check(&pruned.model).is_ok());
    }

    #[test]
    fn event_stream_operations_are_left_out_and_named() {
        let mut m = model();
        let text = serde_json::json!({"smithy": "2.0", "shapes": {
            "ex#BIn": {"type": "structure", "members": {"Events": {"target": "ex#Stream"}}},
            "ex#Stream": {"type": "union", "members": {"E": {"target": "ex#Shared"}}, "traits": {"smithy.api#streaming": {}}}
        }});
        let extra = Model::parse("m.json", &text.to_string()).unwrap();
        m.shapes.extend(extra.shapes);
        let (kept, left_out) = without_event_streams(&m);
        assert_eq!(left_out.len(), 1);
        assert_eq!(left_out[0].operation, "B");
        assert!(left_out[0].reason.contains("streams events"), "{:?}", left_out[0]);
        let checked = check::check(&kept).unwrap();
        let ops: Vec<&str> = checked.operations.iter().map(|o| o.id.name()).collect();
        assert_eq!(ops, ["A"]);
        let plain = model();
        let (same, none) = without_event_streams(&plain);
        assert!(none.is_empty() && matches!(same, std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn unknown_operations_are_named() {
        let err = prune(&model(), &["A".to_owned(), "Nope".to_owned()]).unwrap_err();
        assert_eq!(
            err.diagnostics[0].to_string(),
            "m.json#/shapes/ex#Svc/operations: the service has no operation named Nope; it has A, B"
        );
    }
}
