//! Loading: a spec file's text becomes a [`Spec`], the openapiv3 document plus what we need to point at
//! places in the file. The only module that knows the YAML and JSON parsers.
//!
//! Loading is tolerant: the text is parsed into a plain value first, quirks are mended (`mend`), webhooks
//! (callbacks, which openapiv3 cannot read as `$ref`s, and `x-webhooks`) are taken out, and the typed document is then built
//! part by part (`assemble`), so one broken path item or schema is reported without hiding the others.
//! Nothing here panics on input.

mod assemble;
mod mend;
pub(crate) use mend::{describe, fits};
mod webhooks;

pub use webhooks::WebhookSource;

use indexmap::IndexMap;
use openapiv3::{Components, OpenAPI, ReferenceOr};
use serde_json::Value;

use crate::diagnostic::{Diagnostic, Diagnostics, Location, Pointer, Severity};

/// A loaded spec: the typed document and the file it came from.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The file name as reports show it (relative, `/`-separated).
    pub file: String,
    pub doc: OpenAPI,
    /// The document as a plain JSON value, for vendor extensions and raw lookups.
    pub raw: Value,
    /// Problems found while loading: broken parts (errors; the part is left out) and ignored constructs.
    pub problems: Diagnostics,
    /// The webhooks it declares.
    pub webhooks: Vec<WebhookSource>,
}

/// Which parser reads the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Json,
}

impl Format {
    /// JSON for `.json` files, YAML (a superset) for anything else.
    pub fn for_file(file: &str) -> Format {
        if file.to_ascii_lowercase().ends_with(".json") { Format::Json } else { Format::Yaml }
    }
}

pub(crate) fn error_at(file: &str, line: Option<usize>, pointer: &str, message: String) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        location: Location { file: file.to_owned(), line, pointer: pointer.to_owned(), operation: None },
        message,
    }
}

pub(crate) fn warning_at(file: &str, pointer: &str, operation: Option<String>, message: String) -> Diagnostic {
    Diagnostic {
        severity: Severity::Warning,
        location: Location { file: file.to_owned(), line: None, pointer: pointer.to_owned(), operation },
        message,
    }
}

pub(crate) fn single(d: Diagnostic) -> Diagnostics {
    let mut all = Diagnostics::default();
    all.push(d);
    all
}

/// Parses `text` (the contents of `file`) into a [`Spec`].
pub fn load(file: &str, text: &str) -> Result<Spec, Diagnostics> {
    if text.trim().is_empty() {
        return Err(single(error_at(file, None, "#", "the file is empty".to_owned())));
    }
    let mut raw = parse_value(file, text)?;
    let read_as_3_0 = check_version(file, &raw)?;
    if read_as_3_0.is_some()
        && let Some(map) = raw.as_object_mut()
    {
        // 3.1 makes `paths` optional (a spec of webhooks alone has none).
        map.entry("paths").or_insert_with(|| Value::Object(serde_json::Map::new()));
    }
    let mut problems = mend::mend(file, &mut raw, read_as_3_0.is_some());
    if let Some(warning) = read_as_3_0 {
        problems.push(warning);
    }
    let (webhooks, warnings) = webhooks::take_webhooks(file, &mut raw);
    problems.extend(warnings);
    let doc = assemble::assemble(file, &raw, &mut problems)?;
    Ok(Spec { file: file.to_owned(), doc, raw, problems, webhooks })
}

fn parse_value(file: &str, text: &str) -> Result<Value, Diagnostics> {
    match Format::for_file(file) {
        Format::Json => serde_json::from_str::<Value>(text)
            .map_err(|err| single(error_at(file, Some(err.line()), "#", format!("invalid JSON: {err}")))),
        Format::Yaml => {
            let yaml = serde_yaml::from_str::<serde_yaml::Value>(text).map_err(|err| {
                let line = err.location().map(|l| l.line());
                single(error_at(file, line, "#", format!("invalid YAML: {err}")))
            })?;
            serde_json::to_value(&yaml)
                .map_err(|err| single(error_at(file, None, "#", format!("YAML that has no JSON equivalent: {err}"))))
        }
    }
}

/// What 3.1 writes differently, and how the 3.0 rules read it.
const READ_3_1_AS_3_0: &str = "read with the OpenAPI 3.0 rules: type lists (`[string, \"null\"]`) as a type \
    that is nullable, numeric `exclusiveMinimum`/`exclusiveMaximum` as bounds, a `{type: \"null\"}` member of \
    `oneOf`/`anyOf` as nullable, `const` as a one-value `enum`, `webhooks` as `x-webhooks`, a missing `paths` \
    as none; 3.1's other keywords (`prefixItems`, `if`/`then`, `unevaluatedProperties`, ...) are ignored";

/// Refuses what cannot be read as OpenAPI 3.0; `Ok(Some(warning))` for a 3.1 spec, read with the 3.0 rules
/// (which take its type lists, numeric bounds, null members and `webhooks`).
fn check_version(file: &str, raw: &Value) -> Result<Option<Diagnostic>, Diagnostics> {
    let Some(map) = raw.as_object() else {
        return Err(single(error_at(file, None, "#", "the document is not a mapping".to_owned())));
    };
    if let Some(swagger) = map.get("swagger") {
        return Err(single(error_at(
            file,
            None,
            "#/swagger",
            format!("Swagger {swagger} is not supported; convert the spec to OpenAPI 3.0"),
        )));
    }
    match map.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0.") || v == "3.0" => Ok(None),
        Some(v) if v.starts_with("3.1.") || v == "3.1" => {
            Ok(Some(warning_at(file, "#/openapi", None, format!("OpenAPI {v} {READ_3_1_AS_3_0}"))))
        }
        Some(v) => Err(single(error_at(
            file,
            None,
            "#/openapi",
            format!("OpenAPI {v} is not supported; only OpenAPI 3.0.x and 3.1.x are"),
        ))),
        None => Err(single(error_at(file, None, "#/openapi", "missing the `openapi: 3.0.x` field".to_owned()))),
    }
}

/// The component section a `$ref` points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Schemas,
    Parameters,
    Responses,
    Headers,
    RequestBodies,
    Examples,
    SecuritySchemes,
    Callbacks,
}

impl Section {
    fn key(self) -> &'static str {
        match self {
            Section::Schemas => "schemas",
            Section::Parameters => "parameters",
            Section::Responses => "responses",
            Section::Headers => "headers",
            Section::RequestBodies => "requestBodies",
            Section::Examples => "examples",
            Section::SecuritySchemes => "securitySchemes",
            Section::Callbacks => "callbacks",
        }
    }
}

/// The component name a local `$ref` names, if it points at `#/components/<section>/<name>`.
pub fn ref_name(reference: &str, section: Section) -> Result<String, String> {
    if !reference.starts_with('#') {
        return Err(format!(
            "external reference '{reference}' is not supported; inline it or use a local `#/components/...` reference"
        ));
    }
    let prefix = format!("#/components/{}/", section.key());
    match reference.strip_prefix(&prefix) {
        Some(name) if !name.is_empty() && !name.contains('/') => Ok(name.replace("~1", "/").replace("~0", "~")),
        _ => Err(format!("reference '{reference}' does not point into #/components/{}", section.key())),
    }
}

impl Spec {
    /// Follows `$ref`s (also chains of them) into `section` until an item is found. Returns the item and the
    /// pointer of the place that holds it.
    pub fn resolve<'a, T>(
        &'a self,
        item: &'a ReferenceOr<T>,
        here: &Pointer,
        section: Section,
        pick: fn(&Components) -> &IndexMap<String, ReferenceOr<T>>,
    ) -> Result<(&'a T, Pointer), String> {
        let mut current = item;
        let mut at = here.clone();
        for _ in 0..32 {
            match current {
                ReferenceOr::Item(value) => return Ok((value, at)),
                ReferenceOr::Reference { reference } => {
                    let name = ref_name(reference, section)?;
                    let found = self.doc.components.as_ref().and_then(|c| pick(c).get(&name));
                    current = found.ok_or_else(|| format!("reference '{reference}' points at nothing"))?;
                    at = Pointer::root().child("components").child(section.key()).child(&name);
                }
            }
        }
        Err("reference chain is too long or circular".to_owned())
    }

    /// The schema a `#/components/schemas/...` reference leads to (following chains of references), with its
    /// pointer.
    pub fn resolve_schema_ref(&self, reference: &str) -> Option<(&openapiv3::Schema, Pointer)> {
        let mut reference = reference.to_owned();
        for _ in 0..32 {
            let name = ref_name(&reference, Section::Schemas).ok()?;
            let at = Pointer::root().child("components").child("schemas").child(&name);
            match self.doc.components.as_ref()?.schemas.get(&name)? {
                ReferenceOr::Item(schema) => return Some((schema, at)),
                ReferenceOr::Reference { reference: next } => reference = next.clone(),
            }
        }
        None
    }

    /// Looks up a raw value by JSON pointer (with the leading `#`), for vendor extensions.
    pub fn raw_at(&self, pointer: &Pointer) -> Option<&Value> {
        self.raw.pointer(pointer.as_str().trim_start_matches('#'))
    }
}

#[cfg(test)]
mod versions {
    use super::load;
    use crate::diagnostic::Severity;

    const WEBHOOKS_ONLY: &str = r#"
info: {title: Notifications, version: '1'}
webhooks:
  refund.updated:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                type: {type: string, enum: [REFUND_UPDATED]}
                note: {type: [string, "null"]}
      responses:
        '200': {description: ok}
"#;

    #[test]
    fn openapi_3_1_is_read_with_the_3_0_rules_and_says_so() {
        let spec = match load("hooks.yaml", &format!("openapi: 3.1.1{WEBHOOKS_ONLY}")) {
            Ok(spec) => spec,
            Err(diagnostics) => panic!("{diagnostics}"),
        };
        // No `paths` (3.1 makes them optional), and the top-level `webhooks` are read.
        assert!(spec.doc.paths.paths.is_empty());
        assert_eq!(spec.webhooks.iter().map(|w| w.key.as_str()).collect::<Vec<_>>(), ["refund.updated"]);
        let version = spec.problems.iter().find(|d| d.location.pointer == "#/openapi").expect("a version warning");
        assert_eq!(version.severity, Severity::Warning);
        assert!(version.message.contains("OpenAPI 3.1.1 read with the OpenAPI 3.0 rules"), "{}", version.message);
        // The webhook's payload is read (its 3.1 type list mended like an operation's), and 3.1's own syntax
        // is not reported place by place.
        assert!(spec.webhooks.iter().all(|w| w.schema.is_some()));
        assert_eq!(spec.problems.len(), 1, "{}", spec.problems);
    }

    #[test]
    fn other_versions_are_refused_and_3_0_still_needs_paths() {
        for (text, expected) in [
            ("openapi: 3.2.0\ninfo: {title: T, version: '1'}\npaths: {}\n", "OpenAPI 3.2.0 is not supported"),
            ("openapi: '4.0'\ninfo: {title: T, version: '1'}\npaths: {}\n", "OpenAPI 4.0 is not supported"),
            ("swagger: '2.0'\n", "Swagger"),
            ("openapi: 3.0.3\ninfo: {title: T, version: '1'}\n", "missing the `paths` field"),
        ] {
            match load("spec.yaml", text) {
                Ok(spec) if !spec.problems.iter().any(|d| d.severity == Severity::Error) => {
                    panic!("{text:?} was read")
                }
                Ok(spec) => {
                    let messages: Vec<&str> = spec.problems.iter().map(|d| d.message.as_str()).collect();
                    assert!(messages.iter().any(|m| m.contains(expected)), "{text:?}: {messages:?}");
                }
                Err(diagnostics) => assert!(diagnostics.to_string().contains(expected), "{text:?}: {diagnostics}"),
            }
        }
    }
}
