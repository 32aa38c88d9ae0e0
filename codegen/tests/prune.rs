//! Pruning AWS's official AppStream model (79 operations) to the nine
//! operations of the 2018-07-13 change keeps exactly those operations and
//! the closure of their shapes, errors included. (`compile.rs` builds it.)

use codegen::model::{Model, ShapeId, ShapeKind};
use std::collections::BTreeSet;

const NINE: [&str; 9] = [
    "CreateFleet",
    "CreateImageBuilder",
    "DeleteImage",
    "DeleteImagePermissions",
    "DescribeFleets",
    "DescribeImagePermissions",
    "DescribeImages",
    "UpdateFleet",
    "UpdateImagePermissions",
];

fn official() -> Model {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let text = std::fs::read_to_string(root.join("tests/fixtures/smithy-current/appstream-2016-12-01.json")).unwrap();
    Model::parse("appstream-2016-12-01.json", &text).unwrap()
}

#[test]
fn pruning_the_official_model_keeps_the_nine_operations_and_their_closure() {
    let full = official();
    let keep: Vec<String> = NINE.iter().map(|s| s.to_string()).collect();
    let pruned = codegen::prune::prune(&full, &keep).unwrap();

    let checked = codegen::check::check(&pruned.model).unwrap();
    let ops: Vec<&str> = checked.operations.iter().map(|o| o.id.name()).collect();
    assert_eq!(ops, NINE);

    // Every shape kept is reached from the service, and nothing else is kept.
    let kept: BTreeSet<&ShapeId> = pruned.model.shapes.keys().collect();
    assert_eq!(kept, checked.closure.iter().collect());

    // The errors of each kept operation are kept.
    for op in &checked.operations {
        let ShapeKind::Operation { errors, .. } = &op.kind else { unreachable!() };
        assert!(!errors.is_empty(), "{}", op.id);
        for (e, _) in errors {
            assert!(pruned.model.shapes.contains_key(e), "{} lost its error {e}", op.id);
        }
    }

    // What was dropped is exactly what only other operations reached.
    let full_closure = codegen::check::check(&full).unwrap().closure;
    let dropped: BTreeSet<&ShapeId> = pruned.dropped.iter().collect();
    let expected: BTreeSet<&ShapeId> = full_closure.iter().filter(|id| !kept.contains(id)).collect();
    assert_eq!(dropped, expected);
    assert!(dropped.iter().any(|id| id.name() == "CreateStack"), "other operations are dropped");
    assert!(!kept.iter().any(|id| id.name() == "Stack"), "shapes only other operations use are dropped");
}
