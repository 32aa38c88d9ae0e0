//! Builds a client from the environment, calls DescribeFleets once and prints the fleets' names.

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), appstream::Error> {
    let client = appstream::Client::from_env();
    let output = client.describe_fleets().send().await?;
    for fleet in output.fleets.unwrap_or_default() {
        println!("{}", fleet.name);
    }
    Ok(())
}
