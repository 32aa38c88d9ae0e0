//! What the generated client's errors say, end to end over loopback HTTP:
//! one line naming the operation, nothing repeated down the `source()`
//! chain (walked as anyhow's `{:#}` walks it), the connection's URL,
//! validation in one line with the list on request, the crate-level
//! `Error`'s helpers, and bounds on what an error keeps from a hostile or
//! broken error response. Under both protocols: this target speaks
//! rpcv2Cbor, `errors_json` awsJson1.1 (`support::protocol`).

mod support;

use appstream::config::Credentials;
use appstream::error::ResourceNotFoundException;
use appstream::operation::delete_image::DeleteImageError;
use appstream::types::ComputeCapacity;
use appstream::{Client, SdkError};
use smithy_rt::client::test_util::RecordingSleep;
use smithy_rt::client::{MAX_CODE_CHARS, MAX_ERROR_BODY_BYTES, MAX_MESSAGE_CHARS, TRUNCATION_MARKER};
use std::error::Error as StdError;
use support::{Reply, TestServer, ACCESS_KEY, SECRET};

fn client_for(endpoint: &str) -> Client {
    Client::new(
        support::config()
            .region("us-east-1")
            .credentials(Credentials::new(ACCESS_KEY, SECRET, None, None))
            .endpoint_url(endpoint)
            .time_source(smithy_rt::client::FixedTime(support::fixed_instant()))
            .sleep(RecordingSleep::new())
            .max_attempts(1)
            .build(),
    )
}

/// Every line anyhow's `{:#}` shows for `e`: its `Display`, then each
/// `source()`'s, in order.
fn chain(e: &(dyn StdError + 'static)) -> Vec<String> {
    let mut lines = vec![e.to_string()];
    let mut next = e.source();
    while let Some(cause) = next {
        lines.push(cause.to_string());
        next = cause.source();
        assert!(lines.len() < 32, "a source() cycle: {lines:?}");
    }
    lines
}

/// Each line of the chain is one line, no line repeats an earlier one's
/// text, and each of `says` appears exactly once in the whole chain.
fn assert_said_once(e: &(dyn StdError + 'static), says: &[&str]) {
    let lines = chain(e);
    for (i, line) in lines.iter().enumerate() {
        assert!(!line.contains('\n'), "line {i} is not one line: {lines:#?}");
        for earlier in &lines[..i] {
            assert!(!earlier.contains(line.as_str()), "line {i} repeats an earlier one: {lines:#?}");
        }
    }
    let all = lines.join(": ");
    for s in says {
        assert_eq!(all.matches(s).count(), 1, "{s:?} should appear once in {lines:#?}");
    }
}

async fn delete_image_error(reply: Reply) -> SdkError<DeleteImageError> {
    let server = TestServer::start_default().await;
    server.push("DeleteImage", reply);
    let err = client_for(server.url()).delete_image().name("ghost").send().await.unwrap_err();
    assert_eq!(server.unused_replies(), 0);
    err
}

#[tokio::test]
async fn a_service_error_is_one_line_naming_the_operation_and_is_not_repeated() {
    let err = delete_image_error(
        Reply::error(400, "ResourceNotFoundException", "The image ghost does not exist").request_id("1234"),
    )
    .await;
    assert_eq!(
        err.to_string(),
        "DeleteImage: ResourceNotFoundException: The image ghost does not exist (request id 1234)"
    );
    assert_eq!(format!("{err:#}"), err.to_string());
    assert_eq!(err.operation(), Some("DeleteImage"));
    assert_eq!(chain(&err).len(), 1, "{:#?}", chain(&err));
    assert_said_once(&err, &["ResourceNotFoundException", "The image ghost does not exist", "1234"]);

    // The operation's error still says it, and is not its own source either.
    let e = err.service_error().unwrap();
    assert!(e.is_resource_not_found_exception());
    assert_eq!(e.to_string(), "ResourceNotFoundException: The image ghost does not exist");
    assert!(e.source().is_none());
    let DeleteImageError::ResourceNotFoundException(inner) = e else { panic!("{e:?}") };
    assert_eq!(inner.message(), Some("The image ghost does not exist"));

    // Through the crate-level error, the same line and the same chain.
    let err: appstream::Error = err.into();
    assert_eq!(
        err.to_string(),
        "DeleteImage: ResourceNotFoundException: The image ghost does not exist (request id 1234)"
    );
    assert_said_once(&err, &["ResourceNotFoundException", "The image ghost does not exist", "1234"]);

    // An unmodelled code, and a response without one: the status helps there.
    let err = delete_image_error(Reply::error(400, "ThrottlingException", "Rate exceeded").request_id("r-2")).await;
    assert_eq!(err.to_string(), "DeleteImage: ThrottlingException: Rate exceeded (request id r-2)");
    assert_said_once(&err, &["ThrottlingException", "Rate exceeded"]);
    let err = delete_image_error(Reply::raw(503, "text/html", "<html>unavailable</html>").request_id("r-3")).await;
    if support::is_cbor() {
        // No `smithy-protocol: rpc-v2-cbor`: not an rpcv2Cbor response, read
        // from its status alone, so its x-amzn-RequestId is not taken either.
        assert_eq!(err.to_string(), "DeleteImage: HTTP 503 error response without an error code");
    } else {
        assert_eq!(err.to_string(), "DeleteImage: HTTP 503 error response without an error code (request id r-3)");
    }
    assert_said_once(&err, &["503"]);
}

#[tokio::test]
async fn the_crate_level_error_has_a_helper_per_modelled_error() {
    let err: appstream::Error =
        delete_image_error(Reply::error(400, "ResourceInUseException", "The image is shared").request_id("rid-in-use"))
            .await
            .into();
    assert!(err.is_resource_in_use_exception());
    for (name, is) in [
        ("not found", err.is_resource_not_found_exception()),
        ("already exists", err.is_resource_already_exists_exception()),
        ("limit", err.is_limit_exceeded_exception()),
        ("concurrent", err.is_concurrent_modification_exception()),
        ("not permitted", err.is_operation_not_permitted_exception()),
    ] {
        assert!(!is, "{name}");
    }
    assert_eq!(err.code(), Some("ResourceInUseException"));
    assert_eq!(err.message(), Some("The image is shared"));
    assert_eq!(err.request_id(), Some("rid-in-use"));
    assert_eq!(err.operation(), Some("DeleteImage"));

    // A builder's error through `?`: no operation, no service error.
    let err: appstream::Error = ComputeCapacity::builder().build().unwrap_err().into();
    assert_eq!(err.operation(), None);
    assert!(!err.is_resource_in_use_exception());
    assert_eq!(err.code(), None);
    assert_eq!(
        err.to_string(),
        "cannot build the request: ComputeCapacity.DesiredInstances: required member is missing"
    );
    assert_said_once(&err, &["DesiredInstances"]);
}

#[tokio::test]
async fn a_connection_error_names_the_url_it_tried() {
    // Nothing listens on port 1 of the loopback interface: refused at once.
    let err = client_for("http://127.0.0.1:1")
        .create_fleet()
        .name("sales-fleet")
        .instance_type("stream.standard.medium")
        .compute_capacity(ComputeCapacity::builder().desired_instances(1).build().unwrap())
        .send()
        .await
        .unwrap_err();
    // The request's URL: rpcv2Cbor's names the operation in its path.
    let url = if support::is_cbor() {
        "http://127.0.0.1:1/service/PhotonAdminProxyService/operation/CreateFleet"
    } else {
        "http://127.0.0.1:1/"
    };
    assert_eq!(err.to_string(), format!("CreateFleet: cannot connect to {url}"));
    let SdkError::Transport(t) = &err else { panic!("{err:?}") };
    assert_eq!(t.url().map(ToString::to_string).as_deref(), Some(url));
    assert_eq!(t.operation(), Some("CreateFleet"));
    assert_said_once(&err, &[url]);
    // The operation is named once besides the URL (whose rpcv2Cbor path names it too).
    assert_eq!(chain(&err).join(": ").replace(url, "").matches("CreateFleet").count(), 1, "{:#?}", chain(&err));
    assert!(chain(&err).len() > 1, "the cause is kept: {:?}", chain(&err));
}

#[tokio::test]
async fn a_validation_error_is_one_line_and_lists_every_violation_on_request() {
    let err = client_for("http://127.0.0.1:1").create_fleet().send().await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "CreateFleet: invalid input: CreateFleetInput.Name: required member is missing (and 2 more)"
    );
    assert_eq!(format!("{err:#}"), err.to_string(), "SdkError stays one line");
    assert_said_once(&err, &["CreateFleetInput.Name"]);
    let SdkError::Validation(v) = &err else { panic!("{err:?}") };
    assert_eq!(v.operation(), Some("CreateFleet"));
    assert_eq!(v.violations().len(), 3);
    let list = format!("{:#}", err.validation_errors().unwrap());
    assert_eq!(
        list,
        "3 invalid values:\n  CreateFleetInput.Name: required member is missing\n  \
         CreateFleetInput.InstanceType: required member is missing\n  \
         CreateFleetInput.ComputeCapacity: required member is missing"
    );
    assert_eq!(format!("{v:#}"), format!("invalid input: {list}"));

    // One violation: no count.
    let err = client_for("http://127.0.0.1:1").delete_image().send().await.unwrap_err();
    assert_eq!(err.to_string(), "DeleteImage: invalid input: DeleteImageInput.Name: required member is missing");
}

#[tokio::test]
async fn what_an_error_keeps_from_a_huge_body_is_bounded() {
    // A 6 MB message in a modelled error.
    let huge = "é".repeat(3 * 1024 * 1024);
    let err = delete_image_error(Reply::error(400, "ResourceNotFoundException", &huge).request_id("rid-big")).await;
    let shown = err.to_string();
    let debug = format!("{err:?}");
    let bound = MAX_MESSAGE_CHARS * 'é'.len_utf8() + 200;
    assert!(shown.len() < bound, "Display is {} bytes", shown.len());
    assert!(debug.len() < 3 * bound, "Debug is {} bytes", debug.len());
    assert!(shown.starts_with("DeleteImage: ResourceNotFoundException: éé"), "{}", &shown[..80]);
    assert!(shown.ends_with(&format!("{TRUNCATION_MARKER} (request id rid-big)")));
    assert_eq!(err.message().unwrap().chars().count(), MAX_MESSAGE_CHARS + TRUNCATION_MARKER.chars().count());
    // The modelled structure's own message is cut the same way.
    let Some(DeleteImageError::ResourceNotFoundException(e)) = err.service_error() else { panic!("not modelled") };
    assert_eq!(e.message(), err.message());
    assert_eq!(ResourceNotFoundException::CODE, "ResourceNotFoundException");

    // An unmodelled error with a huge code, message and body.
    let body = serde_json::json!({
        "__type": "X".repeat(100_000),
        "message": "m".repeat(5_000_000),
        "Details": "d".repeat(5_000_000),
    })
    .to_string();
    let err = delete_image_error(Reply::json(400, body)).await;
    assert!(err.to_string().len() < MAX_MESSAGE_CHARS + MAX_CODE_CHARS + 200, "{}", err.to_string().len());
    assert!(format!("{err:?}").len() < 3 * (MAX_MESSAGE_CHARS + MAX_CODE_CHARS) + 2_000);
    assert_eq!(err.code().unwrap().chars().count(), MAX_CODE_CHARS + TRUNCATION_MARKER.chars().count());
    let Some(DeleteImageError::Unhandled(u)) = err.service_error() else { panic!("{err:?}") };
    assert_eq!(u.body().len(), MAX_ERROR_BODY_BYTES);
    assert!(u.body_truncated());
    if support::is_cbor() {
        // A map of three; "__type"; text of 100 000 bytes (a 4-byte length).
        assert!(u.body().starts_with(b"\xa3\x66__type\x7a\x00\x01\x86\xa0XXX"), "{:?}", &u.body()[..16]);
    } else {
        assert!(u.body().starts_with(b"{\"__type\":\"XXX"));
    }
}

/// The same body in this binary's protocol: a JSON text for awsJson, and
/// for rpcv2Cbor the CBOR map of the same members in the same order.
/// `deep` stands for 5 000 nested arrays, which neither reader builds.
fn deep_body(members: &[(&str, Option<&str>)]) -> Vec<u8> {
    const DEPTH: usize = 5_000;
    if support::is_cbor() {
        let mut body = vec![0xa0 | members.len() as u8];
        for (name, value) in members {
            body.extend(smithy_rt::cbor::to_vec(name).unwrap());
            match value {
                Some(v) => body.extend(smithy_rt::cbor::to_vec(v).unwrap()),
                None => body.extend(std::iter::repeat_n(0x81, DEPTH - 1).chain([0x80])),
            }
        }
        body
    } else {
        let deep = format!("{}{}", "[".repeat(DEPTH), "]".repeat(DEPTH));
        let members: Vec<String> = members
            .iter()
            .map(|(name, v)| format!("{name:?}: {}", v.map_or(deep.clone(), |v| format!("{v:?}"))))
            .collect();
        format!("{{{}}}", members.join(", ")).into_bytes()
    }
}

#[tokio::test]
async fn an_error_body_nested_past_the_recursion_limit_still_yields_its_code() {
    // `__type` after a member the reader could not build whole.
    let body =
        deep_body(&[("Details", None), ("__type", Some("ResourceNotFoundException")), ("message", Some("deep"))]);
    let err = delete_image_error(Reply::wire(400, body).request_id("rid-deep")).await;
    if support::is_cbor() {
        // DIFFERENCE between the protocols' readers: the CBOR reader bounds
        // nesting at smithy_rt::cbor::MAX_DEPTH in skipped members too (its
        // `nesting_is_bounded` test), so the error scan stops at `Details`
        // and never reaches `__type`; the JSON one skips any depth.
        assert_eq!(err.code(), None, "{err:?}");
        assert_eq!(err.to_string(), "DeleteImage: HTTP 400 error response without an error code (request id rid-deep)");
        // What came before the deep member is kept.
        let body =
            deep_body(&[("__type", Some("ResourceNotFoundException")), ("message", Some("deep")), ("Details", None)]);
        let err = delete_image_error(Reply::wire(400, body).request_id("rid-first")).await;
        assert_eq!((err.code(), err.message()), (Some("ResourceNotFoundException"), Some("deep")));
        assert_eq!(err.to_string(), "DeleteImage: ResourceNotFoundException: deep (request id rid-first)");
        // The modelled structure cannot be read past the bound either.
        assert!(matches!(err.service_error(), Some(DeleteImageError::Unhandled(_))), "{err:?}");
    } else {
        assert_eq!(err.code(), Some("ResourceNotFoundException"));
        assert!(matches!(err.service_error(), Some(DeleteImageError::ResourceNotFoundException(_))), "{err:?}");
        assert_eq!(err.to_string(), "DeleteImage: ResourceNotFoundException: deep (request id rid-deep)");
    }

    let deep = if support::is_cbor() {
        [vec![0x81; 4_999], vec![0x80]].concat()
    } else {
        format!("{}{}", "[".repeat(5_000), "]".repeat(5_000)).into_bytes()
    };
    let reply = Reply::wire(400, deep.clone()).header("X-Amzn-ErrorType", "ResourceInUseException").request_id("r-h");
    let err = delete_image_error(reply).await;
    if support::is_cbor() {
        // rpcv2Cbor reads the code from `__type` only: the header is ignored.
        assert_eq!(err.code(), None);
        assert_eq!(err.to_string(), "DeleteImage: HTTP 400 error response without an error code (request id r-h)");
    } else {
        // The header alone names it; the body does not fit the modelled shape.
        assert_eq!(err.code(), Some("ResourceInUseException"));
        assert!(matches!(err.service_error(), Some(DeleteImageError::Unhandled(_))), "{err:?}");
        assert_eq!(err.to_string(), "DeleteImage: ResourceInUseException (request id r-h)");
    }

    // Neither: no code, and the line says so.
    let err = delete_image_error(Reply::wire(400, deep).request_id("r-n")).await;
    assert_eq!(err.code(), None);
    assert_eq!(err.to_string(), "DeleteImage: HTTP 400 error response without an error code (request id r-n)");
}

#[tokio::test]
async fn a_message_with_line_breaks_still_displays_on_one_line() {
    let message = "The image ghost\ndoes not exist\r\nINFO forged log line";
    let err = delete_image_error(Reply::error(400, "ResourceNotFoundException", message).request_id("r-9")).await;
    let shown = err.to_string();
    assert!(!shown.contains(|c: char| c.is_control()), "{shown:?}");
    assert_eq!(
        shown,
        "DeleteImage: ResourceNotFoundException: The image ghost does not exist  INFO forged log line (request id r-9)"
    );
    // The message itself is kept as the service sent it.
    let e = err.service_error().unwrap();
    assert_eq!(e.message(), Some(message));
    assert!(!e.to_string().contains('\n'), "{e}");
    // An unmodelled code too.
    let err = delete_image_error(Reply::error(400, "ThrottlingException", "slow\ndown")).await;
    assert!(err.to_string().starts_with("DeleteImage: ThrottlingException: slow down"), "{err}");
}
