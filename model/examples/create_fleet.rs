//! Creates an on-demand fleet from a private image and waits for nothing:
//! the fleet starts in the `STOPPED` state.
//!
//! Region and credentials come from the environment or `~/.aws/`:
//! `AWS_REGION=us-east-1 cargo run -p appstream --example create_fleet`.
//!
//! Against a local endpoint (an emulator or a recording proxy), with any
//! credentials, since requests are still signed:
//! `AWS_ENDPOINT_URL=http://127.0.0.1:4566 AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test cargo run -p appstream --example create_fleet`.

use appstream::types::{ComputeCapacity, FleetType, VpcConfig};

#[tokio::main]
async fn main() -> Result<(), appstream::Error> {
    let client = appstream::Client::from_env();
    let output = client
        .create_fleet()
        .name("sales-fleet")
        .display_name("Sales")
        .image_arn("arn:aws:appstream:us-east-1:123456789012:image/SalesApps")
        .instance_type("stream.standard.medium")
        .fleet_type(FleetType::OnDemand)
        .compute_capacity(ComputeCapacity::builder().desired_instances(2).build()?)
        .vpc_config(VpcConfig::builder().subnet_ids("subnet-0123456789abcdef0").build())
        .max_user_duration_in_seconds(3600)
        .disconnect_timeout_in_seconds(900)
        .send()
        .await?;
    if let Some(fleet) = output.fleet {
        println!("created {} ({}), state {}", fleet.name, fleet.arn, fleet.state);
    }
    Ok(())
}
