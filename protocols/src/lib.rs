//! The protocol table: everything a Smithy wire protocol decides, as data.
//!
//! The generator (`codegen`) reads it to check a model's protocol trait, to
//! pick the default timestamp format and the error message member, and to
//! write the service description; the runtime (`smithy-rt`) reads the same
//! entry to name the operation on the wire, set the content type, and find an
//! error's code and message. A new protocol is one new entry here plus its
//! codec in the runtime.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

/// How timestamps are written when the model names no `@timestampFormat`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    /// Seconds since the epoch, a number with a fractional part.
    EpochSeconds,
    /// RFC 3339.
    DateTime,
    /// RFC 7231's IMF-fixdate.
    HttpDate,
}

/// How a request names its operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperationOnWire {
    /// `POST /` with the header `name: <service shape name>.<operation>`.
    TargetHeader {
        /// The header (`X-Amz-Target`).
        name: &'static str,
    },
    /// `POST <endpoint path>/service/<service shape name>/operation/<operation>`.
    ServicePath,
}

impl OperationOnWire {
    /// The path a request of `operation` of the service whose shape is
    /// named `service` goes to, after the endpoint's own path; `""` for the
    /// endpoint's path itself.
    pub fn path(&self, service: &str, operation: &str) -> String {
        match self {
            OperationOnWire::TargetHeader { .. } => String::new(),
            OperationOnWire::ServicePath => format!("/service/{service}/operation/{operation}"),
        }
    }
}

/// How bodies are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyFormat {
    /// A JSON object; an input without members is `{}`.
    Json,
    /// A CBOR map (RFC 8949); an operation without input sends no body.
    Cbor,
}

/// Where an error response's code and message are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorLocation {
    /// A header that holds the code, read first when present.
    pub code_header: Option<&'static str>,
    /// Body fields that hold the code, in order.
    pub code_fields: &'static [&'static str],
    /// Body fields that hold the message, in order.
    pub message_fields: &'static [&'static str],
}

impl ErrorLocation {
    /// Whether a structure member named `wire_name` holds an error's message:
    /// its name is one of [`message_fields`](Self::message_fields), compared
    /// ASCII case-insensitively (services write `message` and `Message`).
    pub fn is_message_member(&self, wire_name: &str) -> bool {
        self.message_fields.iter().any(|f| f.eq_ignore_ascii_case(wire_name))
    }

    /// The code as the service wrote it, reduced to the error's shape name:
    /// anything after a `:` is dropped, then anything up to the last `#`
    /// (`aws.ns#Name:http://internal...` becomes `Name`).
    pub fn sanitize_code(raw: &str) -> &str {
        let no_suffix = raw.split(':').next().unwrap_or(raw);
        no_suffix.rsplit('#').next().unwrap_or(no_suffix).trim()
    }
}

/// One protocol.
#[derive(Debug, PartialEq, Eq)]
pub struct Protocol {
    /// The Smithy trait that says a service speaks it.
    pub trait_id: &'static str,
    /// Its short name (`awsJson1_1`).
    pub name: &'static str,
    /// The `Content-Type` of requests and responses.
    pub content_type: &'static str,
    /// How a request names its operation.
    pub operation: OperationOnWire,
    /// The timestamp format when the model names none.
    pub default_timestamp_format: TimestampFormat,
    /// Where an error's code and message are.
    pub errors: ErrorLocation,
    /// Whether `@jsonName` renames members on the wire (the awsJson
    /// protocols ignore it).
    pub honours_json_name: bool,
    /// How bodies are written.
    pub body: BodyFormat,
    /// Headers every request carries besides `Content-Type`, and every
    /// response must carry back (`smithy-protocol: rpc-v2-cbor`), as
    /// lower-case names and their values.
    pub protocol_headers: &'static [(&'static str, &'static str)],
    /// The `Accept` header of requests, if the protocol sets one.
    pub accept: Option<&'static str>,
    /// Whether `@timestampFormat` is ignored: every timestamp is written in
    /// the protocol's own form (rpcv2Cbor's tag 1).
    pub ignores_timestamp_format: bool,
}

const AWS_JSON_ERRORS: ErrorLocation = ErrorLocation {
    code_header: Some("x-amzn-errortype"),
    code_fields: &["__type", "code"],
    message_fields: &["message", "Message"],
};

/// The awsJson protocols differ only in name and content type.
const fn aws_json(trait_id: &'static str, name: &'static str, content_type: &'static str) -> Protocol {
    Protocol {
        trait_id,
        name,
        content_type,
        operation: OperationOnWire::TargetHeader { name: "X-Amz-Target" },
        default_timestamp_format: TimestampFormat::EpochSeconds,
        errors: AWS_JSON_ERRORS,
        honours_json_name: false,
        body: BodyFormat::Json,
        protocol_headers: &[],
        accept: None,
        ignores_timestamp_format: false,
    }
}

/// `aws.protocols#awsJson1_0`.
pub static AWS_JSON_1_0: Protocol = aws_json("aws.protocols#awsJson1_0", "awsJson1_0", "application/x-amz-json-1.0");

/// `aws.protocols#awsJson1_1`.
pub static AWS_JSON_1_1: Protocol = aws_json("aws.protocols#awsJson1_1", "awsJson1_1", "application/x-amz-json-1.1");

/// `smithy.protocols#rpcv2Cbor`: Smithy RPC v2 with CBOR bodies.
///
/// The code of an error is only in the body's `__type` (clients ignore
/// `X-Amzn-ErrorType`); timestamps are always tag 1 with epoch seconds.
pub static RPC_V2_CBOR: Protocol = Protocol {
    trait_id: "smithy.protocols#rpcv2Cbor",
    name: "rpcv2Cbor",
    content_type: "application/cbor",
    operation: OperationOnWire::ServicePath,
    default_timestamp_format: TimestampFormat::EpochSeconds,
    errors: ErrorLocation { code_header: None, code_fields: &["__type"], message_fields: &["message", "Message"] },
    honours_json_name: false,
    body: BodyFormat::Cbor,
    protocol_headers: &[("smithy-protocol", "rpc-v2-cbor")],
    accept: Some("application/cbor"),
    ignores_timestamp_format: true,
};

/// Every protocol, in the order a client prefers them when a service
/// supports several: rpcv2Cbor before the awsJson protocols, as AWS's SDKs
/// choose.
pub static ALL: &[&Protocol] = &[&RPC_V2_CBOR, &AWS_JSON_1_1, &AWS_JSON_1_0];

/// The protocol whose trait is `trait_id`.
pub fn by_trait(trait_id: &str) -> Option<&'static Protocol> {
    ALL.iter().copied().find(|p| p.trait_id == trait_id)
}

/// The protocol named `name` (`awsJson1_1`).
pub fn by_name(name: &str) -> Option<&'static Protocol> {
    ALL.iter().copied().find(|p| p.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_and_sanitising() {
        assert_eq!(by_trait("aws.protocols#awsJson1_1").map(|p| p.name), Some("awsJson1_1"));
        assert_eq!(by_name("awsJson1_0").map(|p| p.content_type), Some("application/x-amz-json-1.0"));
        assert!(by_trait("aws.protocols#restJson1").is_none());
        assert_eq!(ErrorLocation::sanitize_code("aws.ns#Boom:http://internal/"), "Boom");
        assert!(AWS_JSON_1_1.errors.is_message_member("Message"));
        assert!(!AWS_JSON_1_1.errors.is_message_member("ErrorMessage"));
        assert_eq!(by_trait("smithy.protocols#rpcv2Cbor").map(|p| p.name), Some("rpcv2Cbor"));
        assert_eq!(RPC_V2_CBOR.operation.path("Svc", "Op"), "/service/Svc/operation/Op");
        assert_eq!(AWS_JSON_1_1.operation.path("Svc", "Op"), "");
        assert_eq!(ALL.first().map(|p| p.name), Some("rpcv2Cbor"));
    }
}
