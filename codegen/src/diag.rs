//! Errors that point into the model: a file, a JSON pointer, and what was expected.

use std::fmt;

/// Where in a model file something is: the file as the user named it and an
/// RFC 6901 JSON pointer (`/shapes/com.example#Foo/members/Bar`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// The model file, as given on the command line.
    pub file: String,
    /// The JSON pointer of the value, `""` for the whole document.
    pub pointer: String,
}

impl Location {
    /// The document root of `file`.
    pub fn root(file: &str) -> Self {
        Self { file: file.to_owned(), pointer: String::new() }
    }

    /// The location of `key` inside this value (an object key or array index).
    pub fn child(&self, key: impl fmt::Display) -> Self {
        let key = key.to_string().replace('~', "~0").replace('/', "~1");
        Self { file: self.file.clone(), pointer: format!("{}/{key}", self.pointer) }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pointer.is_empty() {
            write!(f, "{}", self.file)
        } else {
            write!(f, "{}#{}", self.file, self.pointer)
        }
    }
}

/// One problem found in a model.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Where the problem is.
    pub location: Location,
    /// What is wrong and what was expected.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Every problem found in a model; generation stops before anything is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError {
    /// The problems, sorted by location.
    pub diagnostics: Vec<Diagnostic>,
}

impl ModelError {
    /// One problem at `location`.
    pub fn at(location: &Location, message: impl Into<String>) -> Self {
        Self { diagnostics: vec![Diagnostic { location: location.clone(), message: message.into() }] }
    }
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.diagnostics.len();
        writeln!(f, "the model has {n} problem{}:", if n == 1 { "" } else { "s" })?;
        for d in &self.diagnostics {
            writeln!(f, "  {d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ModelError {}

/// Collects diagnostics while a pass goes on, so a user sees every problem at once.
#[derive(Debug, Default)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// Records a problem.
    pub fn error(&mut self, location: &Location, message: impl Into<String>) {
        self.0.push(Diagnostic { location: location.clone(), message: message.into() });
    }

    /// How many problems were recorded.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(value)` when nothing was recorded, otherwise every problem, sorted.
    pub fn finish<T>(mut self, value: T) -> Result<T, ModelError> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            self.0.sort();
            self.0.dedup();
            Err(ModelError { diagnostics: self.0 })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_slash_and_tilde() {
        let loc = Location::root("m.json").child("shapes").child("a/b~c").child(3);
        assert_eq!(loc.to_string(), "m.json#/shapes/a~1b~0c/3");
        assert_eq!(Location::root("m.json").to_string(), "m.json");
    }
}
