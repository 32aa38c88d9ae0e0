//! Where configuration is read from: environment variables and a home folder.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

/// The environment that configuration is loaded from.
///
/// [`Env::process`] reads the process's environment variables when asked;
/// [`Env::from_vars`] holds a fixed map, so tests (and programs that keep
/// several configurations) never have to change the process's environment.
/// The home folder, where `~/.aws/credentials` and `~/.aws/config` live, is
/// `HOME` (or `USERPROFILE`) from the same variables unless
/// [`Env::with_home`] sets it.
///
/// An empty (or all-blank) variable counts as unset, as in the AWS SDKs.
///
/// `Debug` shows variable names only, never values: the map may hold secrets.
#[derive(Clone)]
pub struct Env {
    vars: Option<Arc<BTreeMap<String, String>>>,
    home: Option<PathBuf>,
}

impl Env {
    /// The process's environment variables, read at each look-up.
    pub fn process() -> Self {
        Env { vars: None, home: None }
    }

    /// A fixed set of variables; nothing is read from the process.
    pub fn from_vars<I, K, V>(vars: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let map = vars.into_iter().map(|(k, v)| (k.into(), v.into())).collect();
        Env { vars: Some(Arc::new(map)), home: None }
    }

    /// The same variables with `home` as the home folder.
    pub fn with_home(mut self, home: impl Into<PathBuf>) -> Self {
        self.home = Some(home.into());
        self
    }

    /// A variable's value; `None` when unset, empty or not valid Unicode.
    pub fn get(&self, name: &str) -> Option<String> {
        let value = match &self.vars {
            Some(map) => map.get(name).cloned(),
            None => std::env::var(name).ok(),
        }?;
        if value.trim().is_empty() {
            None
        } else {
            Some(value)
        }
    }

    /// The home folder: the one set by [`Env::with_home`], else `HOME`, else
    /// `USERPROFILE`, else `HOMEDRIVE` + `HOMEPATH`.
    pub fn home_dir(&self) -> Option<PathBuf> {
        if let Some(home) = &self.home {
            return Some(home.clone());
        }
        if let Some(home) = self.get("HOME").or_else(|| self.get("USERPROFILE")) {
            return Some(PathBuf::from(home));
        }
        match (self.get("HOMEDRIVE"), self.get("HOMEPATH")) {
            (Some(drive), Some(path)) => Some(PathBuf::from(format!("{drive}{path}"))),
            _ => None,
        }
    }

    /// Every set variable whose name starts with `prefix`, sorted by name.
    pub(crate) fn with_prefix(&self, prefix: &str) -> Vec<(String, String)> {
        let mut found: Vec<(String, String)> = match &self.vars {
            Some(map) => {
                map.iter().filter(|(k, _)| k.starts_with(prefix)).map(|(k, v)| (k.clone(), v.clone())).collect()
            }
            None => std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
                .filter(|(k, _)| k.starts_with(prefix))
                .collect(),
        };
        found.retain(|(_, v)| !v.trim().is_empty());
        found.sort();
        found
    }

    /// A path from a variable, with a leading `~` expanded to the home folder;
    /// else `default` under the home folder.
    pub(crate) fn path_or_home(&self, var: &str, default: &str) -> Option<PathBuf> {
        match self.get(var) {
            Some(path) => Some(self.expand_home(&path)),
            None => self.home_dir().map(|home| home.join(default)),
        }
    }

    fn expand_home(&self, path: &str) -> PathBuf {
        let rest = path.strip_prefix("~/").or_else(|| path.strip_prefix("~\\"));
        match (rest, self.home_dir()) {
            (Some(rest), Some(home)) => home.join(rest),
            _ if path == "~" => self.home_dir().unwrap_or_else(|| PathBuf::from(path)),
            _ => PathBuf::from(path),
        }
    }
}

impl Default for Env {
    /// [`Env::process`].
    fn default() -> Self {
        Env::process()
    }
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Env");
        match &self.vars {
            None => d.field("vars", &"<process environment>"),
            Some(map) => d.field("var_names", &map.keys().collect::<Vec<_>>()),
        };
        d.field("home", &self.home).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_values_count_as_unset_and_debug_hides_values() {
        let env = Env::from_vars([("A", "1"), ("B", " "), ("AWS_SECRET_ACCESS_KEY", "hush")]);
        assert_eq!(env.get("A").as_deref(), Some("1"));
        assert_eq!(env.get("B"), None);
        assert_eq!(env.get("C"), None);
        let shown = format!("{env:?}");
        assert!(shown.contains("AWS_SECRET_ACCESS_KEY") && !shown.contains("hush"), "{shown}");
    }

    #[test]
    fn home_and_tilde_expansion() {
        let env = Env::from_vars([("HOME", "/h"), ("F", "~/x/y")]);
        assert_eq!(env.home_dir(), Some(PathBuf::from("/h")));
        assert_eq!(env.path_or_home("F", ".aws/config"), Some(PathBuf::from("/h/x/y")));
        assert_eq!(env.path_or_home("G", ".aws/config"), Some(PathBuf::from("/h/.aws/config")));
        let env = env.with_home("/other");
        assert_eq!(env.path_or_home("G", ".aws/config"), Some(PathBuf::from("/other/.aws/config")));
        assert_eq!(Env::from_vars([("X", "1")]).home_dir(), None);
    }

    #[test]
    fn prefix_listing_is_sorted() {
        let env = Env::from_vars([
            ("AWS_ENDPOINT_URL_B", "b"),
            ("AWS_ENDPOINT_URL", "g"),
            ("AWS_ENDPOINT_URL_A", "a"),
            ("X", "x"),
        ]);
        let names: Vec<String> = env.with_prefix("AWS_ENDPOINT_URL").into_iter().map(|(k, _)| k).collect();
        assert_eq!(names, ["AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_A", "AWS_ENDPOINT_URL_B"]);
    }
}
