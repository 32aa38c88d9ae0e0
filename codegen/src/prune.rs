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
    fn unknown_operations_are_named() {
        let err = prune(&model(), &["A".to_owned(), "Nope".to_owned()]).unwrap_err();
        assert_eq!(
            err.diagnostics[0].to_string(),
            "m.json#/shapes/ex#Svc/operations: the service has no operation named Nope; it has A, B"
        );
    }
}
