//! Types and validators alone (`default-features = false`): builds a
//! DescribeFleets request, validates it, serialises it as the request body
//! would be, and reads a response body, printing the fleets' names.

use appstream::operation::describe_fleets::{DescribeFleetsInput, DescribeFleetsOutput};
use appstream::primitives::ValidationMode;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let input = DescribeFleetsInput::builder().names("sales-fleet").names("support-fleet").build()?;
    input.validate(ValidationMode::Strict)?;
    println!("request body: {}", serde_json::to_string(&input)?);

    let invalid = DescribeFleetsInput::builder().names("").next_token("").build()?;
    match invalid.validate(ValidationMode::Strict) {
        Ok(()) => return Err("an empty name passed validation".into()),
        Err(errors) => println!("rejected: {errors}"),
    }

    let body = br#"{"Fleets": [{"Arn": "arn:aws:appstream:us-east-1:123456789012:fleet/sales-fleet",
        "Name": "sales-fleet", "InstanceType": "stream.standard.medium",
        "ComputeCapacityStatus": {"Desired": 2}, "State": "RUNNING"}]}"#;
    let output: DescribeFleetsOutput = serde_json::from_slice(body)?;
    for fleet in output.fleets.unwrap_or_default() {
        println!("{}", fleet.name);
    }
    Ok(())
}
