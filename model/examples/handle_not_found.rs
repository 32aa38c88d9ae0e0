//! Deletes an image, treating "it is already gone" as success: a modelled
//! error is a variant of the operation's error enum.
//!
//! `AWS_REGION=us-east-1 cargo run -p appstream --example handle_not_found`.
//!
//! Against a local endpoint (an emulator or a recording proxy), with any
//! credentials, since requests are still signed:
//! `AWS_ENDPOINT_URL=http://127.0.0.1:4566 AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test cargo run -p appstream --example handle_not_found`.

use appstream::operation::delete_image::DeleteImageError;

#[tokio::main]
async fn main() -> Result<(), appstream::Error> {
    let client = appstream::Client::from_env();
    match client.delete_image().name("OldSalesApps").send().await {
        Ok(output) => println!("deleted: {:?}", output.image.map(|i| i.name)),
        Err(err) => match err.service_error() {
            Some(DeleteImageError::ResourceNotFoundException(e)) => {
                println!("nothing to delete ({})", e.message().unwrap_or("no message"));
            }
            _ => return Err(err.into()),
        },
    }
    Ok(())
}
