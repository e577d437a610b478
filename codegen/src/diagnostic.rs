//! Located problems: where a problem is (file, line, JSON pointer, operation), how bad it is, and what it is.
//!
//! Stages collect diagnostics instead of stopping at the first one; callers sort and report them together,
//! and refuse to write anything when one of them is an error.

use std::fmt;

/// How bad a problem is. Errors stop generation; warnings are reported and generation goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// Where a problem is. `line` is filled in by the loader's source map when the pointer can be found.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub file: String,
    pub line: Option<usize>,
    /// RFC 6901 JSON pointer into the spec, written with the leading `#` (`#/paths/~1a/get`).
    pub pointer: String,
    /// The operation id when the problem is inside an operation.
    pub operation: Option<String>,
}

/// One problem found in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Location,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let loc = &self.location;
        write!(f, "{}", loc.file)?;
        if let Some(line) = loc.line {
            write!(f, ":{line}")?;
        }
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {severity}: {}", loc.pointer)?;
        if let Some(op) = &loc.operation {
            write!(f, " ({op})")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Diagnostics of one run, kept in a stable order (by file, line, pointer, then message).
#[derive(Debug, Clone, Default, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// The diagnostics sorted by location, so reports read top to bottom through the file.
    pub fn sorted(mut self) -> Self {
        self.items.sort_by(|a, b| {
            (&a.location.file, a.location.line, &a.location.pointer, &a.message, a.severity).cmp(&(
                &b.location.file,
                b.location.line,
                &b.location.pointer,
                &b.message,
                b.severity,
            ))
        });
        self.items.dedup();
        self
    }

    /// These diagnostics with every warning made an error (`--strict`).
    pub fn strict(mut self) -> Self {
        for d in &mut self.items {
            d.severity = Severity::Error;
        }
        self
    }

    /// These diagnostics without the ones `drop` picks.
    pub fn without(mut self, drop: impl Fn(&Diagnostic) -> bool) -> Self {
        self.items.retain(|d| !drop(d));
        self
    }

    /// Fills in the line of every diagnostic that has none, from where its pointer is in the file.
    pub fn locate(mut self, map: &crate::source_map::SourceMap) -> Self {
        for d in &mut self.items {
            if d.location.line.is_none() {
                d.location.line = map.line(&d.location.pointer);
            }
        }
        self
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.items {
            writeln!(f, "{d}")?;
        }
        let errors = self.count(Severity::Error);
        let warnings = self.count(Severity::Warning);
        write!(f, "{errors} error(s), {warnings} warning(s)")
    }
}

/// Escapes one JSON pointer segment (RFC 6901: `~` as `~0`, `/` as `~1`).
pub fn escape_pointer_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// A JSON pointer under construction; `child` returns a new pointer one level down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pointer(String);

impl Pointer {
    pub fn root() -> Self {
        Pointer("#".to_owned())
    }

    pub fn parse(text: &str) -> Self {
        Pointer(text.to_owned())
    }

    pub fn child(&self, segment: impl fmt::Display) -> Self {
        Pointer(format!("{}/{}", self.0, escape_pointer_segment(&segment.to_string())))
    }

    /// The pointer one level up (the root stays the root).
    pub fn parent(&self) -> Self {
        match self.0.rfind('/') {
            Some(cut) => Pointer(self.0[..cut].to_owned()),
            None => self.clone(),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_matches_house_style() {
        let d = Diagnostic {
            severity: Severity::Error,
            location: Location {
                file: "specs/2025-01-01.yaml".into(),
                line: Some(42),
                pointer: Pointer::root()
                    .child("paths")
                    .child("/customers/{customer_id}/instruments")
                    .child("get")
                    .to_string(),
                operation: Some("PGCustomerFetchInstruments".into()),
            },
            message: "parameter 'x-api-version' has no schema".into(),
        };
        assert_eq!(
            d.to_string(),
            "specs/2025-01-01.yaml:42: error: #/paths/~1customers~1{customer_id}~1instruments/get \
             (PGCustomerFetchInstruments): parameter 'x-api-version' has no schema"
        );
    }
}
