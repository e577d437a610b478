//! The generator: versioned OpenAPI specs in, the files of a typed Rust client out.
//!
//! Stages, with plain data between them: [`spec::load`] (text to document) -> [`lower::lower`] (document to
//! [`model::Api`], every check and naming decision) -> [`emit`] (model to syn items) -> [`render`] (items to
//! text). Only the first two can fail, and they report every problem found, with its location.

pub mod diagnostic;
pub mod emit;
pub mod lower;
pub mod model;
pub mod naming;
pub mod outline;
pub mod render;
pub mod spec;

use diagnostic::{Diagnostic, Diagnostics, Location, Severity};
use model::Api;
pub use render::Command;

/// A spec to generate from: its display name (`specs/2025-01-01.yaml`) and its text.
#[derive(Debug, Clone)]
pub struct SpecSource {
    pub name: String,
    pub text: String,
}

/// A file of the client crate: its path relative to the crate root (`src/lib.rs`) and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

/// The result of a successful run: the files, the models they came from, and the warnings.
#[derive(Debug, Clone)]
pub struct Generated {
    pub files: Vec<GeneratedFile>,
    pub apis: Vec<Api>,
    pub warnings: Diagnostics,
}

/// Loads and lowers one spec.
pub fn lower_spec(source: &SpecSource) -> Result<lower::Lowered, Diagnostics> {
    let spec = spec::load(&source.name, &source.text)?;
    lower::lower(&spec)
}

/// Generates the client crate's `src/` files from `sources`. Every spec is checked before anything is
/// returned; if any has an error, the result is every diagnostic of every spec, sorted.
pub fn generate(sources: &[SpecSource], command: Command) -> Result<Generated, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let mut apis: Vec<Api> = Vec::new();
    for source in sources {
        match lower_spec(source) {
            Ok(lowered) => {
                diagnostics.extend(lowered.warnings);
                if let Some(other) = apis.iter().find(|a| a.module == lowered.api.module) {
                    diagnostics.push(Diagnostic {
                        severity: Severity::Error,
                        location: Location {
                            file: source.name.clone(),
                            line: None,
                            pointer: "#/info/version".to_owned(),
                            operation: None,
                        },
                        message: format!("version module `{}` is also made from {}", other.module, other.source),
                    });
                }
                apis.push(lowered.api);
            }
            Err(errors) => diagnostics.extend(errors),
        }
    }
    let diagnostics = diagnostics.sorted();
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    apis.sort_by(|a, b| a.module.cmp(&b.module));
    let mut files = Vec::new();
    for api in &apis {
        for file in emit::emit_version(api) {
            files.push(GeneratedFile { path: format!("src/{}", file.path), contents: render::render(file, command) });
        }
    }
    let modules: Vec<_> = apis.iter().map(|a| (a.module.clone(), a.version.clone())).collect();
    let lib = emit::emit_lib(&modules);
    files.push(GeneratedFile { path: format!("src/{}", lib.path), contents: render::render(lib, command) });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Generated { files, apis, warnings: diagnostics })
}
