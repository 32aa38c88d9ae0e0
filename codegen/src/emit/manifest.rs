//! The generated crate's `Cargo.toml`, built as a TOML document.
//!
//! Every value that comes from the model or the command line (the service's
//! title and API version, the crate name, the runtime's path) is a string
//! value that `toml_edit` escapes, so no model can add a key such as
//! `build = "..."` to the manifest. The header is written as comment lines
//! whose control characters are escaped, so it cannot start a TOML line either.

use std::fmt::Write as _;
use toml_edit::{value, Array, DocumentMut, InlineTable, Item, Table};

/// What the manifest says.
#[derive(Debug, Clone, Copy)]
pub struct Manifest<'a> {
    /// Comment text for the top of the file (the generated-file header). Each
    /// line becomes a comment: kept as it is when it already starts with `#`,
    /// prefixed with `# ` otherwise.
    pub header: &'a str,
    /// The package name.
    pub crate_name: &'a str,
    /// The service's title, for the description.
    pub title: &'a str,
    /// The service's API version, for the description.
    pub api_version: &'a str,
    /// Where the runtime crate (`smithy-rt`) comes from.
    pub runtime: &'a Runtime,
    /// Whether to add an empty `[workspace]` table so the crate builds on its
    /// own, outside any workspace.
    pub standalone: bool,
}

/// Where a generated crate gets the runtime crate `smithy-rt` from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Runtime {
    /// `{ path = "..." }`: a checkout of this workspace's `runtime/`.
    Path(String),
    /// `{ git = "...", rev = "..." }`: a repository holding this workspace.
    Git {
        /// The repository URL.
        url: String,
        /// The commit, tag or branch; the default branch when `None`.
        rev: Option<String>,
    },
    /// `{ version = "..." }`: the published crate.
    Version(String),
}

impl Runtime {
    fn dependency(&self) -> Item {
        match self {
            Runtime::Path(path) => inline(&[("path", value(path))]),
            Runtime::Git { url, rev: None } => inline(&[("git", value(url))]),
            Runtime::Git { url, rev: Some(rev) } => inline(&[("git", value(url)), ("rev", value(rev))]),
            Runtime::Version(req) => inline(&[("version", value(req))]),
        }
    }
}

/// The comment above the `client` feature.
const CLIENT_FEATURE_DOC: &str =
    "# The async client (HTTP, TLS, signing); without it the crate is types and validators only.\n";

/// The `Cargo.toml` of the generated crate.
pub fn cargo_toml(m: &Manifest<'_>) -> String {
    let mut doc = DocumentMut::new();

    let mut package = Table::new();
    package.insert("name", value(m.crate_name));
    package.insert("version", value("0.1.0"));
    package.insert("edition", value("2021"));
    package.insert("rust-version", value("1.94"));
    package.insert("description", value(description(m.title, m.api_version)));
    package.insert("license", value("Apache-2.0"));
    package.insert("publish", value(false));

    let mut features = Table::new();
    features.insert("default", value(strings(&["client"])));
    features.insert("client", value(strings(&["smithy-rt/client"])));
    if let Some(mut key) = features.key_mut("client") {
        key.leaf_decor_mut().set_prefix(CLIENT_FEATURE_DOC);
    }

    let mut dependencies = Table::new();
    dependencies.insert("serde", inline(&[("version", value("1")), ("features", value(strings(&["derive"])))]));
    dependencies.insert("smithy-rt", m.runtime.dependency());

    let mut dev_dependencies = Table::new();
    dev_dependencies.insert(
        "tokio",
        inline(&[("version", value("1")), ("features", value(strings(&["macros", "rt-multi-thread"])))]),
    );

    let mut tables = vec![
        ("package", package),
        ("features", features),
        ("dependencies", dependencies),
        ("dev-dependencies", dev_dependencies),
    ];
    if m.standalone {
        tables.push(("workspace", Table::new()));
    }
    for (position, (name, mut table)) in tables.into_iter().enumerate() {
        table.set_position(Some(position as isize));
        if position > 0 {
            // A blank line before every table but the first.
            table.decor_mut().set_prefix("\n");
        }
        doc.insert(name, Item::Table(table));
    }

    let mut out = comment_lines(m.header);
    out.push_str(&doc.to_string());
    out
}

/// The package description.
fn description(title: &str, api_version: &str) -> String {
    format!("{title} ({api_version}): types generated from the service's Smithy model.")
}

/// Comment lines for `text`, each ending in a newline; nothing for "".
///
/// TOML ends a comment at a line feed and allows no control character but
/// tab inside one, so the text is split at line breaks (LF, CRLF or a lone
/// CR) and any other control character is written as `\u{..}`.
fn comment_lines(text: &str) -> String {
    let mut out = String::new();
    if text.is_empty() {
        return out;
    }
    for line in text.split("\r\n").flat_map(|l| l.split(['\n', '\r'])) {
        if !line.starts_with('#') {
            out.push_str(if line.is_empty() { "#" } else { "# " });
        }
        for c in line.chars() {
            if c.is_control() && c != '\t' {
                let _ = write!(out, "{}", c.escape_unicode());
            } else {
                out.push(c);
            }
        }
        out.push('\n');
    }
    out
}

fn strings(items: &[&str]) -> Array {
    items.iter().copied().collect()
}

fn inline(entries: &[(&str, Item)]) -> Item {
    let mut table = InlineTable::new();
    for (key, item) in entries {
        if let Some(v) = item.as_value() {
            table.insert(*key, v.clone());
        }
    }
    value(table)
}

/// Whether `name` is a package name cargo accepts: 1 to 64 ASCII letters,
/// digits, `-` or `_`, starting with a letter. The manifest escapes any name,
/// so this is for callers that want to refuse a bad name early with a clear
/// message instead of leaving it to cargo.
pub fn is_valid_crate_name(name: &str) -> bool {
    name.len() <= 64
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    static RUNTIME: std::sync::LazyLock<Runtime> = std::sync::LazyLock::new(|| Runtime::Path("../runtime".into()));

    const HEADER: &str = "# Generated by `cargo xtask codegen` from model/appstream.json. Do not edit by hand.";

    fn normal(standalone: bool) -> Manifest<'static> {
        Manifest {
            header: HEADER,
            crate_name: "appstream",
            title: "Amazon AppStream",
            api_version: "2016-12-01",
            runtime: &RUNTIME,
            standalone,
        }
    }

    /// What `crate_files::cargo_toml` wrote with `format!` before this module.
    fn previous_output(standalone: bool) -> String {
        let workspace = if standalone { "\n[workspace]\n" } else { "" };
        format!(
            "{HEADER}\n\
             [package]\n\
             name = \"appstream\"\n\
             version = \"0.1.0\"\n\
             edition = \"2021\"\n\
             rust-version = \"1.94\"\n\
             description = \"Amazon AppStream (2016-12-01): types generated from the service's Smithy model.\"\n\
             license = \"Apache-2.0\"\n\
             publish = false\n\
             \n\
             [features]\n\
             default = [\"client\"]\n\
             # The async client (HTTP, TLS, signing); without it the crate is types and validators only.\n\
             client = [\"smithy-rt/client\"]\n\
             \n\
             [dependencies]\n\
             serde = {{ version = \"1\", features = [\"derive\"] }}\n\
             smithy-rt = {{ path = \"../runtime\" }}\n\
             \n\
             [dev-dependencies]\n\
             tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n\
             {workspace}"
        )
    }

    fn parse(text: &str) -> DocumentMut {
        text.parse::<DocumentMut>().unwrap_or_else(|e| panic!("not TOML: {e}\n{text}"))
    }

    fn top_level(doc: &DocumentMut) -> Vec<String> {
        doc.iter().map(|(k, _)| k.to_owned()).collect()
    }

    fn str_at<'d>(doc: &'d DocumentMut, path: &[&str]) -> &'d str {
        let mut item = doc.as_item();
        for key in path {
            item = &item[*key];
        }
        item.as_str().unwrap_or_else(|| panic!("{path:?} is not a string: {item}"))
    }

    fn strs_at(doc: &DocumentMut, path: &[&str]) -> Vec<String> {
        let mut item = doc.as_item();
        for key in path {
            item = &item[*key];
        }
        let array = item.as_array().unwrap_or_else(|| panic!("{path:?} is not an array: {item}"));
        array.iter().map(|v| v.as_str().expect("a string").to_owned()).collect()
    }

    #[test]
    fn normal_input_is_byte_for_byte_what_format_wrote() {
        for standalone in [false, true] {
            assert_eq!(cargo_toml(&normal(standalone)), previous_output(standalone), "standalone: {standalone}");
        }
    }

    #[test]
    fn normal_input_parses_to_the_expected_values() {
        let doc = parse(&cargo_toml(&normal(true)));
        assert_eq!(top_level(&doc), ["package", "features", "dependencies", "dev-dependencies", "workspace"]);
        let package: Vec<&str> = doc["package"].as_table().unwrap().iter().map(|(k, _)| k).collect();
        assert_eq!(package, ["name", "version", "edition", "rust-version", "description", "license", "publish"]);
        assert_eq!(str_at(&doc, &["package", "name"]), "appstream");
        assert_eq!(str_at(&doc, &["package", "version"]), "0.1.0");
        assert_eq!(str_at(&doc, &["package", "edition"]), "2021");
        assert_eq!(str_at(&doc, &["package", "rust-version"]), "1.94");
        assert_eq!(
            str_at(&doc, &["package", "description"]),
            "Amazon AppStream (2016-12-01): types generated from the service's Smithy model."
        );
        assert_eq!(str_at(&doc, &["package", "license"]), "Apache-2.0");
        assert_eq!(doc["package"]["publish"].as_bool(), Some(false));
        assert_eq!(strs_at(&doc, &["features", "default"]), ["client"]);
        assert_eq!(strs_at(&doc, &["features", "client"]), ["smithy-rt/client"]);
        assert_eq!(str_at(&doc, &["dependencies", "serde", "version"]), "1");
        assert_eq!(strs_at(&doc, &["dependencies", "serde", "features"]), ["derive"]);
        assert_eq!(str_at(&doc, &["dependencies", "smithy-rt", "path"]), "../runtime");
        assert_eq!(str_at(&doc, &["dev-dependencies", "tokio", "version"]), "1");
        assert_eq!(strs_at(&doc, &["dev-dependencies", "tokio", "features"]), ["macros", "rt-multi-thread"]);
        assert!(doc["workspace"].as_table().unwrap().is_empty());

        let doc = parse(&cargo_toml(&normal(false)));
        assert_eq!(top_level(&doc), ["package", "features", "dependencies", "dev-dependencies"]);
    }

    #[test]
    fn the_header_is_the_first_line_so_the_file_is_recognised_as_generated() {
        let text = cargo_toml(&normal(false));
        let first = text.lines().next().unwrap();
        assert!(first.starts_with("# ") && first.contains(crate::emit::HEADER_PREFIX), "{first}");
    }

    const HOSTILE: &[&str] = &[
        "x\"\nbuild = \"evil.rs\"\n[package]\nname = \"pwned",
        "2016\"\r\nbuild = \"evil.rs\"\r\n#",
        "a\\\" ]\n[lib]\npath = \"evil.rs\"",
        "'''\nbuild = 'evil.rs'\n'''",
        "\"\"\"\nbuild = \"evil.rs\"\n\"\"\"",
        "back\\slash \\u0022 \\n ] ]] [[bin]] } {",
        "Ünïcödé — 服务 🦀 \u{2028} \u{feff} \u{7f} \u{0} \t tab",
        "",
    ];

    #[test]
    fn hostile_title_and_version_stay_inside_the_description() {
        for title in HOSTILE {
            for version in HOSTILE {
                let m = Manifest { title, api_version: version, ..normal(false) };
                let text = cargo_toml(&m);
                let doc = parse(&text);
                assert_eq!(str_at(&doc, &["package", "description"]), description(title, version), "{text}");
                let package = doc["package"].as_table().unwrap();
                assert!(!package.contains_key("build"), "{text}");
                assert_eq!(package.len(), 7, "{text}");
                assert_eq!(top_level(&doc), ["package", "features", "dependencies", "dev-dependencies"], "{text}");
                assert_eq!(str_at(&doc, &["package", "name"]), "appstream");
            }
        }
    }

    #[test]
    fn hostile_crate_name_and_runtime_path_are_escaped() {
        for hostile in HOSTILE {
            let runtime = Runtime::Path(hostile.to_string());
            let m = Manifest { crate_name: hostile, runtime: &runtime, standalone: true, ..normal(false) };
            let text = cargo_toml(&m);
            let doc = parse(&text);
            assert_eq!(str_at(&doc, &["package", "name"]), *hostile, "{text}");
            assert_eq!(str_at(&doc, &["dependencies", "smithy-rt", "path"]), *hostile, "{text}");
            assert!(!doc["package"].as_table().unwrap().contains_key("build"), "{text}");
            assert_eq!(top_level(&doc), ["package", "features", "dependencies", "dev-dependencies", "workspace"]);
            assert_eq!(doc["dependencies"].as_table().unwrap().len(), 2, "{text}");
        }
    }

    #[test]
    fn git_and_version_runtimes_are_escaped_too() {
        for hostile in HOSTILE {
            let cases = [
                (Runtime::Git { url: hostile.to_string(), rev: None }, vec![("git", *hostile)]),
                (
                    Runtime::Git { url: hostile.to_string(), rev: Some(hostile.to_string()) },
                    vec![("git", *hostile), ("rev", *hostile)],
                ),
                (Runtime::Version(hostile.to_string()), vec![("version", *hostile)]),
            ];
            for (runtime, expected) in cases {
                let text = cargo_toml(&Manifest { runtime: &runtime, ..normal(false) });
                let doc = parse(&text);
                let dep = doc["dependencies"]["smithy-rt"].as_inline_table().unwrap_or_else(|| panic!("{text}"));
                let got: Vec<(&str, &str)> = dep.iter().map(|(k, v)| (k, v.as_str().unwrap())).collect();
                assert_eq!(got, expected, "{text}");
                assert_eq!(doc["dependencies"].as_table().unwrap().len(), 2, "{text}");
                assert_eq!(top_level(&doc), ["package", "features", "dependencies", "dev-dependencies"], "{text}");
            }
        }
        let text = cargo_toml(&Manifest {
            runtime: &Runtime::Git { url: "https://example.invalid/r.git".into(), rev: Some("abc123".into()) },
            ..normal(false)
        });
        assert!(text.contains("smithy-rt = { git = \"https://example.invalid/r.git\", rev = \"abc123\" }"), "{text}");
    }

    #[test]
    fn a_hostile_header_stays_a_comment() {
        for hostile in HOSTILE {
            let header = format!("Generated by `cargo xtask {hostile}` from {hostile}. Do not edit by hand.");
            let m = Manifest { header: &header, ..normal(false) };
            let text = cargo_toml(&m);
            let doc = parse(&text);
            assert_eq!(top_level(&doc), ["package", "features", "dependencies", "dev-dependencies"], "{text}");
            assert_eq!(doc["package"].as_table().unwrap().len(), 7, "{text}");
            assert_eq!(str_at(&doc, &["package", "name"]), "appstream");
            let before_package: Vec<&str> = text.lines().take_while(|l| *l != "[package]").collect();
            assert!(!before_package.is_empty() && before_package.iter().all(|l| l.starts_with('#')), "{text}");
            assert!(before_package[0].starts_with("# Generated by `cargo xtask "), "{text}");
        }
    }

    #[test]
    fn crate_names() {
        for good in ["appstream", "a", "aws-sdk-appstream", "my_crate2"] {
            assert!(is_valid_crate_name(good), "{good}");
        }
        for bad in ["", "2fa", "-x", "a b", "a\"", "ü", &"a".repeat(65)] {
            assert!(!is_valid_crate_name(bad), "{bad}");
        }
    }
}
