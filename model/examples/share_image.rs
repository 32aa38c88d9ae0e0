//! Shares a private image with another AWS account, then lists who can use it.
//!
//! `AWS_REGION=us-east-1 cargo run -p appstream --example share_image`.
//!
//! Against a local endpoint (an emulator or a recording proxy), with any
//! credentials, since requests are still signed:
//! `AWS_ENDPOINT_URL=http://127.0.0.1:4566 AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test cargo run -p appstream --example share_image`.

use appstream::types::ImagePermissions;

#[tokio::main]
async fn main() -> Result<(), appstream::Error> {
    let client = appstream::Client::from_env();
    client
        .update_image_permissions()
        .name("SalesApps")
        .shared_account_id("210987654321")
        .image_permissions(ImagePermissions::builder().allow_fleet(true).allow_image_builder(false).build())
        .send()
        .await?;

    let shared = client.describe_image_permissions().name("SalesApps").send().await?;
    for entry in shared.shared_image_permissions_list.unwrap_or_default() {
        let permissions = &entry.image_permissions;
        println!(
            "{}: fleets {:?}, image builders {:?}",
            entry.shared_account_id, permissions.allow_fleet, permissions.allow_image_builder
        );
    }
    Ok(())
}
