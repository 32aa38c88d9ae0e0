//! `aws.parseArn`: an Amazon Resource Name taken apart for a rule set.

/// What `aws.parseArn` returns: the `ARN` structure of the rules language.
///
/// Each method is one attribute (`getAttr`) of the structure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arn {
    partition: String,
    service: String,
    region: String,
    account_id: String,
    resource_id: Vec<String>,
}

impl Arn {
    /// `partition`: the partition (`aws`, `aws-cn`, ...); never empty.
    pub fn partition(&self) -> &str {
        &self.partition
    }

    /// `service`: the service namespace (`s3`, `sns`, ...); never empty.
    pub fn service(&self) -> &str {
        &self.service
    }

    /// `region`: the region; empty for resources that are not regional
    /// (`arn:aws:iam::012345678910:user/johndoe`).
    pub fn region(&self) -> &str {
        &self.region
    }

    /// `accountId`: the account; empty for resources without one
    /// (`arn:aws:s3:::bucket_name`).
    pub fn account_id(&self) -> &str {
        &self.account_id
    }

    /// `resourceId`: the resource (everything after the fifth `:`) split on
    /// every `:` and `/`: `vpc/vpc-0e9801d129EXAMPLE` is `["vpc",
    /// "vpc-0e9801d129EXAMPLE"]`. Never empty; its elements may be (`a//b`
    /// is `["a", "", "b"]`). A rule's `resourceId[n]` is
    /// `resource_id().get(n)`.
    pub fn resource_id(&self) -> &[String] {
        &self.resource_id
    }
}

/// `aws.parseArn(value)`: `value` taken apart, or `None` if it is not an
/// ARN.
///
/// An ARN here is `arn:partition:service:region:account-id:resource`:
/// the literal `arn` (lower case), then five fields separated by `:`, of
/// which the partition, the service and the resource must not be empty;
/// the resource is everything after the fifth `:` and may contain more of
/// them. Nothing else is checked (a region need not be a known region).
///
/// ```
/// use smithy_rt::rules::parse_arn;
///
/// let arn = parse_arn("arn:aws:ec2:us-east-1:012345678910:vpc/vpc-0e9801d129EXAMPLE").unwrap();
/// assert_eq!((arn.partition(), arn.service(), arn.region()), ("aws", "ec2", "us-east-1"));
/// assert_eq!(arn.account_id(), "012345678910");
/// assert_eq!(arn.resource_id(), ["vpc", "vpc-0e9801d129EXAMPLE"]);
/// assert!(parse_arn("11111111-2222-3333-4444-555555555555").is_none());
/// ```
pub fn parse_arn(value: &str) -> Option<Arn> {
    let mut fields = value.splitn(6, ':');
    let (arn, partition, service, region, account_id, resource) =
        (fields.next()?, fields.next()?, fields.next()?, fields.next()?, fields.next()?, fields.next()?);
    if arn != "arn" || partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    Some(Arn {
        partition: partition.to_owned(),
        service: service.to_owned(),
        region: region.to_owned(),
        account_id: account_id.to_owned(),
        resource_id: resource.split([':', '/']).map(str::to_owned).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(value: &str) -> (String, String, String, String, Vec<String>) {
        let arn = parse_arn(value).unwrap_or_else(|| panic!("{value} did not parse"));
        (
            arn.partition().to_owned(),
            arn.service().to_owned(),
            arn.region().to_owned(),
            arn.account_id().to_owned(),
            arn.resource_id().to_vec(),
        )
    }

    fn owned(fields: (&str, &str, &str, &str, &[&str])) -> (String, String, String, String, Vec<String>) {
        let (p, s, r, a, res) = fields;
        (p.into(), s.into(), r.into(), a.into(), res.iter().map(|s| s.to_string()).collect())
    }

    /// The examples of the specification.
    #[test]
    fn spec_examples() {
        assert_eq!(
            parts("arn:aws:sns:us-west-2:012345678910:example-sns-topic-name"),
            owned(("aws", "sns", "us-west-2", "012345678910", &["example-sns-topic-name"]))
        );
        assert_eq!(parse_arn("11111111-2222-3333-4444-555555555555"), None);
        assert_eq!(
            parts("arn:aws:ec2:us-east-1:012345678910:vpc/vpc-0e9801d129EXAMPLE"),
            owned(("aws", "ec2", "us-east-1", "012345678910", &["vpc", "vpc-0e9801d129EXAMPLE"]))
        );
        assert_eq!(
            parts("arn:aws:iam::012345678910:user/johndoe"),
            owned(("aws", "iam", "", "012345678910", &["user", "johndoe"]))
        );
        assert_eq!(parts("arn:aws:s3:::bucket_name"), owned(("aws", "s3", "", "", &["bucket_name"])));
    }

    #[test]
    fn the_resource_splits_on_colons_and_slashes() {
        assert_eq!(
            parts("arn:aws:s3:us-west-2:123456789012:accesspoint:myendpoint"),
            owned(("aws", "s3", "us-west-2", "123456789012", &["accesspoint", "myendpoint"]))
        );
        assert_eq!(
            parts("arn:aws-cn:s3-outposts:cn-north-1:123456789012:outpost/op-01234567890123456/accesspoint/reports"),
            owned((
                "aws-cn",
                "s3-outposts",
                "cn-north-1",
                "123456789012",
                &["outpost", "op-01234567890123456", "accesspoint", "reports"]
            ))
        );
        assert_eq!(
            parts("arn:aws:lambda:us-east-1:123456789012:function:my-fn:$LATEST").4,
            ["function", "my-fn", "$LATEST"]
        );
        // Empty pieces are kept, at either end and in the middle.
        assert_eq!(parts("arn:aws:s3:::a//b").4, ["a", "", "b"]);
        assert_eq!(parts("arn:aws:s3:::bucket/").4, ["bucket", ""]);
        assert_eq!(parts("arn:aws:s3:::/key").4, ["", "key"]);
        assert_eq!(parts("arn:aws:s3:::a:").4, ["a", ""]);
        assert_eq!(parts("arn:aws:s3::::").4, ["", ""]);
        assert_eq!(parts("arn:aws:s3:::/").4, ["", ""]);
        // Not split on other characters; non-ASCII is kept as it is.
        assert_eq!(parts("arn:aws:s3:::my.bucket-ä").4, ["my.bucket-ä"]);
    }

    #[test]
    fn invalid_arns() {
        for value in [
            "",
            "arn",
            "arn:",
            "arn:aws:s3:us-east-1:123456789012",      // five fields: no resource
            "arn:aws:s3:us-east-1:123456789012:",     // empty resource
            "arn::s3:us-east-1:123456789012:bucket",  // empty partition
            "arn:aws::us-east-1:123456789012:bucket", // empty service
            "ARN:aws:s3:us-east-1:123456789012:bucket",
            "arnx:aws:s3:::bucket",
            " arn:aws:s3:::bucket",
            "aws:arn:s3:eu-west-1:123456789:bucket/path/object",
            "arn:aws:s3:::",
        ] {
            assert_eq!(parse_arn(value), None, "{value:?}");
        }
    }

    #[test]
    fn region_and_account_are_not_checked() {
        let (_, _, region, account, _) = parts("arn:aws:sqs:Not A Region:x:q");
        assert_eq!((region.as_str(), account.as_str()), ("Not A Region", "x"));
    }
}
