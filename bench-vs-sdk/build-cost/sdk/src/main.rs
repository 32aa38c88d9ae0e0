//! Builds a client from the environment, calls DescribeFleets once and prints the fleets' names.

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), aws_sdk_appstream::Error> {
    let config = aws_config::load_from_env().await;
    let client = aws_sdk_appstream::Client::new(&config);
    let output = client.describe_fleets().send().await?;
    for fleet in output.fleets() {
        println!("{}", fleet.name().unwrap_or_default());
    }
    Ok(())
}
