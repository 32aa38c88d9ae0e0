//! What a response adds to an operation's output besides its members.

/// The response metadata an operation output carries: today its request id
/// (`x-amzn-RequestId`), which AWS Support asks for.
///
/// It never takes part in comparisons: two outputs with equal members are
/// equal whatever responses they came from, so an output read from the wire
/// compares equal to the same output built by hand.
#[derive(Clone, Default, Debug)]
#[non_exhaustive]
pub struct OutputMeta {
    request_id: Option<Box<str>>,
}

impl OutputMeta {
    /// Metadata with this request id.
    pub fn with_request_id(request_id: impl Into<String>) -> Self {
        OutputMeta { request_id: Some(request_id.into().into_boxed_str()) }
    }

    /// The request id of the response, when it sent one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// Sets or clears the request id.
    pub fn set_request_id(&mut self, request_id: Option<String>) {
        self.request_id = request_id.map(String::into_boxed_str);
    }
}

impl PartialEq for OutputMeta {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for OutputMeta {}

/// An operation's output: generated outputs implement it, and the client
/// fills in the metadata of the response each one came from.
pub trait OperationOutput {
    /// The response's metadata.
    fn meta(&self) -> &OutputMeta;

    /// The response's metadata, to fill in.
    fn meta_mut(&mut self) -> &mut OutputMeta;

    /// The request id of the response (`x-amzn-RequestId`), when it sent one.
    fn request_id(&self) -> Option<&str> {
        self.meta().request_id()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_are_kept_and_never_compared() {
        let mut a = OutputMeta::with_request_id("r-1");
        assert_eq!(a.request_id(), Some("r-1"));
        assert_eq!(a, OutputMeta::default());
        a.set_request_id(None);
        assert_eq!(a.request_id(), None);
        assert_eq!(format!("{:?}", OutputMeta::with_request_id("r-2")), "OutputMeta { request_id: Some(\"r-2\") }");
    }
}
