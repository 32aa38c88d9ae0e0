//! `aws.partition`: which AWS partition a region is in, from the
//! partitions data in `runtime/data/partitions.json`.
//!
//! The data is embedded in the crate and parsed once, on the first call;
//! every later call is a lookup that neither parses nor allocates. A new
//! region or partition is an update of the data file only: nothing here
//! names a region or a partition except the fallback partition `aws`.

use regex_lite::Regex;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The partitions file as AWS publishes it (see `runtime/data/README.md`).
const PARTITIONS_JSON: &str = include_str!("../../data/partitions.json");

/// The partition a region is in when no partition lists it and no
/// partition's `regionRegex` matches it.
const FALLBACK_PARTITION: &str = "aws";

/// What `aws.partition` returns: the `Partition` structure of the rules
/// language, one partition's outputs with the region's overrides applied.
///
/// Each method is one attribute (`getAttr`) of the structure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partition {
    name: String,
    dns_suffix: String,
    dual_stack_dns_suffix: String,
    supports_fips: bool,
    supports_dual_stack: bool,
    implicit_global_region: String,
}

impl Partition {
    /// `name`: the partition's name (`aws`, `aws-cn`, `aws-us-gov`, ...).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// `dnsSuffix`: the partition's DNS suffix (`amazonaws.com`, say).
    pub fn dns_suffix(&self) -> &str {
        &self.dns_suffix
    }

    /// `dualStackDnsSuffix`: the DNS suffix of the partition's dual-stack
    /// (IPv4 and IPv6) endpoints (`api.aws`, say).
    pub fn dual_stack_dns_suffix(&self) -> &str {
        &self.dual_stack_dns_suffix
    }

    /// `supportsFIPS`: whether the partition has FIPS endpoints.
    pub fn supports_fips(&self) -> bool {
        self.supports_fips
    }

    /// `supportsDualStack`: whether the partition has dual-stack endpoints.
    pub fn supports_dual_stack(&self) -> bool {
        self.supports_dual_stack
    }

    /// `implicitGlobalRegion`: the region that global endpoints of the
    /// partition sign for (`us-east-1` in `aws`).
    pub fn implicit_global_region(&self) -> &str {
        &self.implicit_global_region
    }
}

/// `aws.partition(region)`: the partition of `region`.
///
/// The partition is, in this order: the first partition that lists
/// `region` among its `regions` (with that region's overrides of the
/// partition's outputs, if the data has any); else the first partition
/// whose `regionRegex` matches `region`; else the `aws` partition. So an
/// unknown region (`mars-1`, or even the empty string) gives `aws`, the
/// way other AWS SDKs resolve it; `None` is returned only if the data had
/// no `aws` partition, which the embedded data has.
///
/// The first call parses the embedded data; later calls only look up.
///
/// ```
/// let gov = smithy_rt::rules::partition("us-gov-west-1").unwrap();
/// assert_eq!(gov.name(), "aws-us-gov");
/// assert_eq!(smithy_rt::rules::partition("cn-north-1").unwrap().dns_suffix(), "amazonaws.com.cn");
/// // Not listed, but matches the `aws` partition's regionRegex.
/// assert_eq!(smithy_rt::rules::partition("us-west-99").unwrap().name(), "aws");
/// ```
pub fn partition(region: &str) -> Option<&'static Partition> {
    embedded().find(region)
}

/// The embedded partitions, parsed on first use.
fn embedded() -> &'static Partitions {
    static PARTITIONS: OnceLock<Partitions> = OnceLock::new();
    PARTITIONS.get_or_init(|| match Partitions::parse(PARTITIONS_JSON) {
        Ok(partitions) => partitions,
        // The file is fixed at build time and a unit test parses it.
        Err(e) => panic!("runtime/data/partitions.json: {e}"),
    })
}

/// A parsed partitions file, in the file's order.
#[derive(Debug)]
struct Partitions {
    entries: Vec<Entry>,
    /// The index of the `aws` partition, if the file has one.
    fallback: Option<usize>,
}

/// One partition of the file.
#[derive(Debug)]
struct Entry {
    id: String,
    region_regex: Regex,
    outputs: Partition,
    /// The regions the partition lists: `None` for a region with the
    /// partition's outputs, `Some` for one with overrides merged in.
    regions: HashMap<String, Option<Partition>>,
}

impl Partitions {
    /// Reads a partitions file (the format of `partitions.json`: a
    /// `partitions` array of objects with `id`, `outputs`, `regionRegex`
    /// and `regions`).
    fn parse(json: &str) -> Result<Self, String> {
        let file: FileDe = serde_json::from_str(json).map_err(|e| e.to_string())?;
        let mut entries = Vec::with_capacity(file.partitions.len());
        for p in file.partitions {
            let region_regex = Regex::new(&p.region_regex)
                .map_err(|e| format!("partition {}: regionRegex {:?}: {e}", p.id, p.region_regex))?;
            let outputs = p.outputs.into_partition();
            let regions = p
                .regions
                .into_iter()
                .map(|(name, region)| {
                    let merged = region.overrides().map(|o| o.apply(&outputs));
                    (name, merged)
                })
                .collect();
            entries.push(Entry { id: p.id, region_regex, outputs, regions });
        }
        let fallback = entries.iter().position(|e| e.id == FALLBACK_PARTITION);
        Ok(Partitions { entries, fallback })
    }

    /// The partition of `region` (see [`partition()`]).
    fn find(&self, region: &str) -> Option<&Partition> {
        for entry in &self.entries {
            if let Some(merged) = entry.regions.get(region) {
                return Some(merged.as_ref().unwrap_or(&entry.outputs));
            }
        }
        for entry in &self.entries {
            if entry.region_regex.is_match(region) {
                return Some(&entry.outputs);
            }
        }
        self.fallback.map(|i| &self.entries[i].outputs)
    }
}

#[derive(Deserialize)]
struct FileDe {
    partitions: Vec<PartitionDe>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PartitionDe {
    id: String,
    region_regex: String,
    outputs: OutputsDe,
    #[serde(default)]
    regions: HashMap<String, RegionDe>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OutputsDe {
    name: String,
    dns_suffix: String,
    dual_stack_dns_suffix: String,
    #[serde(rename = "supportsFIPS")]
    supports_fips: bool,
    supports_dual_stack: bool,
    implicit_global_region: String,
}

impl OutputsDe {
    fn into_partition(self) -> Partition {
        Partition {
            name: self.name,
            dns_suffix: self.dns_suffix,
            dual_stack_dns_suffix: self.dual_stack_dns_suffix,
            supports_fips: self.supports_fips,
            supports_dual_stack: self.supports_dual_stack,
            implicit_global_region: self.implicit_global_region,
        }
    }
}

/// A region of a partition: a `description` (ignored) and, possibly,
/// overrides of the partition's outputs, written either in the region's
/// object itself or in an `outputs` object of it (which wins).
#[derive(Deserialize)]
struct RegionDe {
    #[serde(flatten)]
    inline: OverridesDe,
    #[serde(default)]
    outputs: Option<OverridesDe>,
}

impl RegionDe {
    /// The region's overrides, or `None` if it has none.
    fn overrides(self) -> Option<OverridesDe> {
        let merged = match self.outputs {
            Some(outputs) => outputs.or(self.inline),
            None => self.inline,
        };
        (!merged.is_empty()).then_some(merged)
    }
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct OverridesDe {
    name: Option<String>,
    dns_suffix: Option<String>,
    dual_stack_dns_suffix: Option<String>,
    #[serde(rename = "supportsFIPS")]
    supports_fips: Option<bool>,
    supports_dual_stack: Option<bool>,
    implicit_global_region: Option<String>,
}

impl OverridesDe {
    fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.dns_suffix.is_none()
            && self.dual_stack_dns_suffix.is_none()
            && self.supports_fips.is_none()
            && self.supports_dual_stack.is_none()
            && self.implicit_global_region.is_none()
    }

    /// `self`'s values, and `other`'s where `self` has none.
    fn or(self, other: OverridesDe) -> OverridesDe {
        OverridesDe {
            name: self.name.or(other.name),
            dns_suffix: self.dns_suffix.or(other.dns_suffix),
            dual_stack_dns_suffix: self.dual_stack_dns_suffix.or(other.dual_stack_dns_suffix),
            supports_fips: self.supports_fips.or(other.supports_fips),
            supports_dual_stack: self.supports_dual_stack.or(other.supports_dual_stack),
            implicit_global_region: self.implicit_global_region.or(other.implicit_global_region),
        }
    }

    /// `base` with these overrides applied.
    fn apply(self, base: &Partition) -> Partition {
        Partition {
            name: self.name.unwrap_or_else(|| base.name.clone()),
            dns_suffix: self.dns_suffix.unwrap_or_else(|| base.dns_suffix.clone()),
            dual_stack_dns_suffix: self.dual_stack_dns_suffix.unwrap_or_else(|| base.dual_stack_dns_suffix.clone()),
            supports_fips: self.supports_fips.unwrap_or(base.supports_fips),
            supports_dual_stack: self.supports_dual_stack.unwrap_or(base.supports_dual_stack),
            implicit_global_region: self.implicit_global_region.unwrap_or_else(|| base.implicit_global_region.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every partition of the embedded file, and how its regions resolve.
    #[test]
    fn embedded_data_parses_and_has_the_known_partitions() {
        let parsed = Partitions::parse(PARTITIONS_JSON).unwrap();
        let ids: Vec<&str> = parsed.entries.iter().map(|e| e.id.as_str()).collect();
        for id in ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f"] {
            assert!(ids.contains(&id), "{id} missing from {ids:?}");
        }
        assert_eq!(parsed.fallback.map(|i| parsed.entries[i].id.as_str()), Some("aws"));
        // Every listed region resolves to its own partition, and every
        // partition's implicit global region is one of its regions.
        for entry in &parsed.entries {
            for region in entry.regions.keys() {
                assert_eq!(parsed.find(region).unwrap().name(), entry.outputs.name(), "{region}");
            }
            let global = entry.outputs.implicit_global_region();
            assert!(entry.regions.contains_key(global), "{}: {global}", entry.id);
            assert_eq!(entry.outputs.name(), entry.id);
        }
    }

    fn check(region: &str, name: &str, dns: &str, dual_stack_dns: &str, global: &str) {
        let p = partition(region).unwrap_or_else(|| panic!("{region}: no partition"));
        assert_eq!(p.name(), name, "{region}");
        assert_eq!(p.dns_suffix(), dns, "{region}");
        assert_eq!(p.dual_stack_dns_suffix(), dual_stack_dns, "{region}");
        assert_eq!(p.implicit_global_region(), global, "{region}");
        assert!(p.supports_fips(), "{region}");
        // In this file the ISO partitions offer no dual-stack endpoints (their
        // dual-stack suffix is the plain one), as the models' tests expect.
        assert_eq!(p.supports_dual_stack(), !name.starts_with("aws-iso"), "{region}");
    }

    #[test]
    fn listed_regions() {
        check("us-east-1", "aws", "amazonaws.com", "api.aws", "us-east-1");
        check("eu-central-2", "aws", "amazonaws.com", "api.aws", "us-east-1");
        check("aws-global", "aws", "amazonaws.com", "api.aws", "us-east-1");
        check("cn-north-1", "aws-cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn", "cn-northwest-1");
        check("aws-cn-global", "aws-cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn", "cn-northwest-1");
        check("us-gov-west-1", "aws-us-gov", "amazonaws.com", "api.aws", "us-gov-west-1");
        check("aws-us-gov-global", "aws-us-gov", "amazonaws.com", "api.aws", "us-gov-west-1");
        check("us-iso-east-1", "aws-iso", "c2s.ic.gov", "c2s.ic.gov", "us-iso-east-1");
        check("aws-iso-global", "aws-iso", "c2s.ic.gov", "c2s.ic.gov", "us-iso-east-1");
        check("us-isob-east-1", "aws-iso-b", "sc2s.sgov.gov", "sc2s.sgov.gov", "us-isob-east-1");
        check("eu-isoe-west-1", "aws-iso-e", "cloud.adc-e.uk", "cloud.adc-e.uk", "eu-isoe-west-1");
        check("us-isof-south-1", "aws-iso-f", "csp.hci.ic.gov", "csp.hci.ic.gov", "us-isof-south-1");
    }

    #[test]
    fn unlisted_regions_match_a_region_regex() {
        check("us-west-99", "aws", "amazonaws.com", "api.aws", "us-east-1");
        check("ap-nowhere-7", "aws", "amazonaws.com", "api.aws", "us-east-1");
        check("cn-south-9", "aws-cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn", "cn-northwest-1");
        // `us-gov-...` must not fall into `aws` (whose regex also starts with `us`).
        check("us-gov-central-5", "aws-us-gov", "amazonaws.com", "api.aws", "us-gov-west-1");
        check("us-iso-north-3", "aws-iso", "c2s.ic.gov", "c2s.ic.gov", "us-iso-east-1");
        check("us-isob-west-9", "aws-iso-b", "sc2s.sgov.gov", "sc2s.sgov.gov", "us-isob-east-1");
        check("eu-isoe-north-2", "aws-iso-e", "cloud.adc-e.uk", "cloud.adc-e.uk", "eu-isoe-west-1");
        check("us-isof-east-8", "aws-iso-f", "csp.hci.ic.gov", "csp.hci.ic.gov", "us-isof-south-1");
    }

    #[test]
    fn regions_matching_nothing_are_in_aws() {
        for region in ["mars-1", "", "US-EAST-1", "us-east-1 ", "aws-mars-global", "us_east_1", "cn-north-1x", "ü"] {
            check(region, "aws", "amazonaws.com", "api.aws", "us-east-1");
        }
    }

    #[test]
    fn later_calls_return_the_same_parsed_partition() {
        for region in ["us-east-1", "us-west-99", "mars-1", "cn-north-1"] {
            let first = partition(region).unwrap();
            assert!(std::ptr::eq(first, partition(region).unwrap()), "{region}");
        }
        // Regions of a partition share its outputs (no per-region copy).
        assert!(std::ptr::eq(partition("us-east-1").unwrap(), partition("eu-west-1").unwrap()));
        assert!(std::ptr::eq(partition("us-east-1").unwrap(), partition("mars-1").unwrap()));
    }

    /// A file with a partition and regions this crate has never heard of
    /// is read like the real one: new data needs no new code.
    #[test]
    fn a_new_partition_in_the_data_is_used() {
        let json = r#"{
          "partitions": [
            {
              "id": "aws",
              "outputs": {
                "dnsSuffix": "amazonaws.com", "dualStackDnsSuffix": "api.aws",
                "implicitGlobalRegion": "us-east-1", "name": "aws",
                "supportsDualStack": true, "supportsFIPS": true
              },
              "regionRegex": "^(us|eu)\\-\\w+\\-\\d+$",
              "regions": { "us-east-1": { "description": "US East" } }
            },
            {
              "id": "aws-moon",
              "outputs": {
                "dnsSuffix": "amazonaws.moon", "dualStackDnsSuffix": "api.aws.moon",
                "implicitGlobalRegion": "moon-north-1", "name": "aws-moon",
                "supportsDualStack": false, "supportsFIPS": false
              },
              "regionRegex": "^moon\\-\\w+\\-\\d+$",
              "regions": {
                "moon-north-1": { "description": "Moon (North)" },
                "moon-far-side-1": { "description": "Moon (Far side)", "dnsSuffix": "far.amazonaws.moon" },
                "moon-crater-1": { "outputs": { "supportsFIPS": true }, "supportsDualStack": true },
                "us-east-1": { "description": "listed twice: the first partition wins" }
              },
              "extraField": ["ignored"]
            }
          ],
          "version": "9.9"
        }"#;
        let parsed = Partitions::parse(json).unwrap();
        let moon = parsed.find("moon-north-1").unwrap();
        assert_eq!(moon.name(), "aws-moon");
        assert_eq!(moon.dns_suffix(), "amazonaws.moon");
        assert_eq!(moon.dual_stack_dns_suffix(), "api.aws.moon");
        assert_eq!(moon.implicit_global_region(), "moon-north-1");
        assert!(!moon.supports_fips() && !moon.supports_dual_stack());
        // Matched by the new regex only.
        assert_eq!(parsed.find("moon-south-4").unwrap().name(), "aws-moon");
        assert!(std::ptr::eq(parsed.find("moon-south-4").unwrap(), moon));
        // A region's overrides merge over the partition's outputs.
        let far = parsed.find("moon-far-side-1").unwrap();
        assert_eq!(far.dns_suffix(), "far.amazonaws.moon");
        assert_eq!(far.name(), "aws-moon");
        assert_eq!(far.dual_stack_dns_suffix(), "api.aws.moon");
        let crater = parsed.find("moon-crater-1").unwrap();
        assert!(crater.supports_fips() && crater.supports_dual_stack());
        assert_eq!(crater.dns_suffix(), "amazonaws.moon");
        assert_eq!(parsed.find("us-east-1").unwrap().name(), "aws");
        assert_eq!(parsed.find("mars-1").unwrap().name(), "aws");
    }

    #[test]
    fn an_outputs_object_of_a_region_wins_over_inline_overrides() {
        let json = r#"{"partitions": [{
            "id": "aws", "regionRegex": "^x$",
            "outputs": {"dnsSuffix": "a", "dualStackDnsSuffix": "b", "implicitGlobalRegion": "r",
                        "name": "aws", "supportsDualStack": true, "supportsFIPS": true},
            "regions": {"r": {"dnsSuffix": "inline", "outputs": {"dnsSuffix": "nested"}, "name": "n"}}
        }]}"#;
        let parsed = Partitions::parse(json).unwrap();
        let r = parsed.find("r").unwrap();
        assert_eq!((r.dns_suffix(), r.name()), ("nested", "n"));
    }

    #[test]
    fn without_an_aws_partition_unknown_regions_have_none() {
        let json = r#"{"partitions": [{
            "id": "other", "regionRegex": "^o\\-\\d+$",
            "outputs": {"dnsSuffix": "o", "dualStackDnsSuffix": "o", "implicitGlobalRegion": "o-1",
                        "name": "other", "supportsDualStack": false, "supportsFIPS": false}
        }]}"#;
        let parsed = Partitions::parse(json).unwrap();
        assert_eq!(parsed.find("o-7").unwrap().name(), "other");
        assert!(parsed.find("mars-1").is_none());
    }

    #[test]
    fn bad_files_are_errors_not_panics() {
        assert!(Partitions::parse("").is_err());
        assert!(Partitions::parse("{}").is_err());
        // A required output missing.
        let no_suffix = r#"{"partitions": [{"id": "aws", "regionRegex": "^a$",
            "outputs": {"dualStackDnsSuffix": "b", "implicitGlobalRegion": "r", "name": "aws",
                        "supportsDualStack": true, "supportsFIPS": true}}]}"#;
        assert!(Partitions::parse(no_suffix).unwrap_err().contains("dnsSuffix"));
        let bad_regex = r#"{"partitions": [{"id": "aws", "regionRegex": "^(a$",
            "outputs": {"dnsSuffix": "a", "dualStackDnsSuffix": "b", "implicitGlobalRegion": "r", "name": "aws",
                        "supportsDualStack": true, "supportsFIPS": true}}]}"#;
        assert!(Partitions::parse(bad_regex).unwrap_err().contains("regionRegex"));
    }
}
