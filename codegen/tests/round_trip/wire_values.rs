//! Round trips through the types generated from `tests/models/wire_values.json`
//! (run by `tests/compile.rs` in its round-trip crate): non-finite floats, longs past
//! 2^53, and each `@timestampFormat` on members and on timestamp shapes.

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};
    use snapshot_wire_values::operation::echo::{EchoInput, EchoOutput};
    use snapshot_wire_values::primitives::Timestamp;

    fn to_value<T: serde::Serialize>(v: &T) -> Value {
        serde_json::to_value(v).unwrap()
    }

    #[test]
    fn non_finite_floats_are_strings_in_requests() {
        let input = EchoInput::builder()
            .limit(f64::NEG_INFINITY)
            .ratio(f64::NAN)
            .scale(f32::INFINITY)
            .samples(1.5)
            .samples(f64::NAN)
            .samples(f64::NEG_INFINITY)
            .weights("a", f32::NEG_INFINITY)
            .weights("b", 0.5)
            .matrix(vec![f64::INFINITY, 2.0])
            .build()
            .unwrap();
        let wire = to_value(&input);
        assert_eq!(wire["Limit"], json!("-Infinity"));
        assert_eq!(wire["Ratio"], json!("NaN"));
        assert_eq!(wire["Scale"], json!("Infinity"));
        assert_eq!(wire["Samples"], json!([1.5, "NaN", "-Infinity"]));
        assert_eq!(wire["Weights"], json!({"a": "-Infinity", "b": 0.5}));
        assert_eq!(wire["Matrix"], json!([["Infinity", 2.0]]));

        let back: EchoInput = serde_json::from_value(wire).unwrap();
        assert_eq!(back.limit, Some(f64::NEG_INFINITY));
        assert!(back.ratio.unwrap().is_nan());
        assert_eq!(back.scale, Some(f32::INFINITY));
        let samples = back.samples.unwrap();
        assert_eq!((samples.len(), samples[0], samples[2]), (3, 1.5, f64::NEG_INFINITY));
        assert!(samples[1].is_nan());
        assert_eq!(back.weights, input.weights);
        assert_eq!(back.matrix, input.matrix);
    }

    #[test]
    fn non_finite_floats_are_read_from_responses() {
        let body = r#"{
            "Total": null,
            "Ratio": "NaN",
            "Scale": "-Infinity",
            "Samples": [null, "Infinity", 2, null],
            "Weights": {"x": "NaN", "y": null, "z": 0.25},
            "Matrix": [["-Infinity"], []],
            "Stamp": "2024-02-29T12:34:56Z"
        }"#;
        let out: EchoOutput = serde_json::from_str(body).unwrap();
        assert_eq!(out.total, 0.0, "a null required double is zero");
        assert_eq!(out.threshold, 1.5, "a missing member with a default takes it");
        assert!(out.ratio.unwrap().is_nan());
        assert_eq!(out.scale, Some(f32::NEG_INFINITY));
        assert_eq!(out.samples, Some(vec![f64::INFINITY, 2.0]), "null elements are dropped");
        let weights = out.weights.as_ref().unwrap();
        assert_eq!(weights.len(), 2);
        assert!(weights["x"].is_nan());
        assert_eq!(out.matrix, Some(vec![vec![f64::NEG_INFINITY], vec![]]));

        let wire = to_value(&out);
        assert_eq!(wire["Ratio"], json!("NaN"));
        assert_eq!(wire["Scale"], json!("-Infinity"));
        assert_eq!(wire["Samples"], json!(["Infinity", 2.0]));
        assert_eq!(wire["Weights"], json!({"x": "NaN", "z": 0.25}));
        assert_eq!(wire["Threshold"], json!(1.5));
        // Other strings are still errors, saying what was expected.
        let bad = r#"{"Total": 1, "Stamp": "2024-02-29T12:34:56Z", "Samples": ["inf"]}"#;
        let err = serde_json::from_str::<EchoOutput>(bad).unwrap_err().to_string();
        assert!(err.contains(r#"string "inf", expected a number, "NaN", "Infinity" or "-Infinity""#), "{err}");
    }

    #[test]
    fn longs_past_2_pow_53_round_trip_exactly() {
        let values = [(1i64 << 53) + 1, i64::MAX, i64::MIN, -(1i64 << 53) - 1];
        let input = EchoInput::builder()
            .limit(0.0)
            .big(values[0])
            .set_counts(Some(values.to_vec()))
            .build()
            .unwrap();
        let text = serde_json::to_string(&input).unwrap();
        assert!(text.contains(r#""Big":9007199254740993"#), "{text}");
        assert!(
            text.contains(r#""Counts":[9007199254740993,9223372036854775807,-9223372036854775808,-9007199254740993]"#),
            "{text}"
        );
        let back: EchoInput = serde_json::from_str(&text).unwrap();
        assert_eq!(back, input);

        let body = r#"{"Total": 0, "Stamp": "2024-02-29T12:34:56Z", "Big": 9223372036854775807, "Counts": [9007199254740993, -9007199254740993]}"#;
        let out: EchoOutput = serde_json::from_str(body).unwrap();
        assert_eq!(out.big, Some(i64::MAX));
        assert_eq!(out.counts, Some(vec![(1 << 53) + 1, -(1 << 53) - 1]));
        let text = serde_json::to_string(&out).unwrap();
        assert!(text.contains(r#""Big":9223372036854775807"#), "{text}");
        assert!(text.contains(r#""Counts":[9007199254740993,-9007199254740993]"#), "{text}");
    }

    #[test]
    fn big_integers_and_decimals_keep_every_digit() {
        use smithy_rt::{BigDecimal, BigInteger};
        let huge = BigInteger::new("123456789012345678901234567890123").unwrap();
        let precise = BigDecimal::new("-0.1000000000000000000000000000000000001e-4000").unwrap();
        let input = EchoInput::builder()
            .limit(0.0)
            .huge(huge.clone())
            .precise(precise.clone())
            .set_exacts(Some(vec![BigDecimal::from(0.1), BigDecimal::new("1E+999").unwrap()]))
            .build()
            .unwrap();
        let text = serde_json::to_string(&input).unwrap();
        assert!(text.contains(r#""Huge":123456789012345678901234567890123"#), "{text}");
        assert!(text.contains(r#""Precise":-0.1000000000000000000000000000000000001e-4000"#), "{text}");
        assert!(text.contains(r#""Exacts":[0.1,1E+999]"#), "{text}");
        let back: EchoInput = serde_json::from_str(&text).unwrap();
        assert_eq!(back, input);

        // `@range(min: 0)` on the input member: a negative one is reported.
        let negative = EchoInput::builder().limit(0.0).huge(BigInteger::from(-1i64)).build().unwrap();
        let errors = negative.validate(smithy_rt::validate::ValidationMode::Standard).unwrap_err();
        assert!(errors.to_string().contains("EchoInput.Huge"), "{errors}");

        let body = r#"{"Total": 0, "Stamp": "2024-02-29T12:34:56Z", "Huge": -98765432109876543210987654321, "Exacts": [3.14159265358979323846264338327950288]}"#;
        let out: EchoOutput = serde_json::from_str(body).unwrap();
        assert_eq!(out.huge.as_ref().map(BigInteger::as_str), Some("-98765432109876543210987654321"));
        assert_eq!(out.exacts.as_ref().unwrap()[0].as_str(), "3.14159265358979323846264338327950288");
        // A fraction is not an integer: the error names the member.
        let err = smithy_rt::json::from_slice::<EchoOutput>(br#"{"Huge": 1.5}"#, "EchoOutput").unwrap_err();
        assert!(err.to_string().contains("Huge") && err.to_string().contains("not an integer"), "{err}");
    }

    #[test]
    fn timestamp_formats_of_members_and_shapes() {
        let t: Timestamp = "2024-02-29T12:34:56.5Z".parse().unwrap();
        let input = EchoInput::builder()
            .limit(1.0)
            .at(t)
            .at_epoch_seconds(t)
            .at_date_time(t)
            .at_http_date(Timestamp::from_seconds(t.as_seconds()).unwrap())
            .shape_date_time(t)
            .shape_http_date(Timestamp::from_seconds(t.as_seconds()).unwrap())
            .member_overrides_shape(t)
            .build()
            .unwrap();
        let wire = to_value(&input);
        // awsJson's default, and epoch-seconds named on the member.
        assert_eq!(wire["At"], json!(1709210096.5));
        assert_eq!(wire["AtEpochSeconds"], json!(1709210096.5));
        // On the member.
        assert_eq!(wire["AtDateTime"], json!("2024-02-29T12:34:56.5Z"));
        assert_eq!(wire["AtHttpDate"], json!("Thu, 29 Feb 2024 12:34:56 GMT"));
        // On the timestamp shape the member targets.
        assert_eq!(wire["ShapeDateTime"], json!("2024-02-29T12:34:56.5Z"));
        assert_eq!(wire["ShapeHttpDate"], json!("Thu, 29 Feb 2024 12:34:56 GMT"));
        // The member's format wins over its target's.
        assert_eq!(wire["MemberOverridesShape"], json!(1709210096.5));
        let back: EchoInput = serde_json::from_value(wire).unwrap();
        assert_eq!(back, input);

        let body = r#"{
            "Total": 1,
            "Stamp": "2024-02-29T12:34:56Z",
            "At": 1709210096,
            "AtEpochSeconds": 1709210096.25,
            "AtDateTime": "2024-02-29T12:34:56.125Z",
            "AtHttpDate": "Thu, 29 Feb 2024 12:34:56 GMT",
            "ShapeDateTime": "2024-02-29T12:34:56Z",
            "ShapeHttpDate": "Thu, 29 Feb 2024 12:34:56 GMT",
            "MemberOverridesShape": 1709210096
        }"#;
        let out: EchoOutput = serde_json::from_str(body).unwrap();
        let whole: Timestamp = "2024-02-29T12:34:56Z".parse().unwrap();
        assert_eq!(out.stamp, whole, "a required member targeting a date-time shape");
        assert_eq!(out.at, Some(whole));
        assert_eq!(out.at_epoch_seconds, Some("2024-02-29T12:34:56.25Z".parse().unwrap()));
        assert_eq!(out.at_date_time, Some("2024-02-29T12:34:56.125Z".parse().unwrap()));
        assert_eq!(out.at_http_date, Some(whole));
        assert_eq!(out.shape_date_time, Some(whole));
        assert_eq!(out.shape_http_date, Some(whole));
        assert_eq!(out.member_overrides_shape, Some(whole));
        let wire = to_value(&out);
        assert_eq!(wire["Stamp"], json!("2024-02-29T12:34:56Z"));
        assert_eq!(wire["ShapeHttpDate"], json!("Thu, 29 Feb 2024 12:34:56 GMT"));
        assert_eq!(wire["MemberOverridesShape"], json!(1709210096));
        // A format the member does not use is refused.
        let wrong = body.replace(r#""ShapeDateTime": "2024-02-29T12:34:56Z""#, r#""ShapeDateTime": 1709210096"#);
        assert!(serde_json::from_str::<EchoOutput>(&wrong).is_err());
    }
}
