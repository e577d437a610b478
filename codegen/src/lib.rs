//! The generator: versioned OpenAPI specs in, the files of a typed Rust client out.
//!
//! Stages, with plain data between them: [`spec::load`] (text to document) -> [`lower::lower`] (document to
//! [`model::Api`], every check and naming decision) -> [`emit`] (model to syn items) -> [`render`] (items to
//! text). Only the first two can fail, and they report every problem found, with its location.

// Spec data never reaches an `unwrap`, `expect` or `panic!`: problems become located diagnostics.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::todo, clippy::unimplemented)
)]

pub mod diagnostic;
pub mod diff;
pub mod emit;
pub mod lower;
pub mod manifest;
pub mod model;
pub mod naming;
pub mod outline;
pub mod render;
pub mod source_map;
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

/// A part of a hand-written file that generation owns: the lines from `begin` to `end` (both included) are
/// replaced by `contents` (which starts with `begin` and ends with `end`); when the file has no such lines,
/// `contents` is appended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedRegion {
    /// Relative to the crate root (`Cargo.toml`).
    pub path: String,
    pub begin: String,
    pub end: String,
    pub contents: String,
}

/// The result of a successful run: the files, the regions of hand-written files, the models they came
/// from, and the warnings.
#[derive(Debug, Clone)]
pub struct Generated {
    pub files: Vec<GeneratedFile>,
    pub regions: Vec<GeneratedRegion>,
    pub apis: Vec<Api>,
    pub warnings: Diagnostics,
}

/// Property names whose values the generated types never show in `Debug`, unless configured otherwise:
/// card numbers, CVVs, cryptograms, token PANs and secrets. A property matches a name when it equals it or
/// ends with `_<name>` (`card_number`, `token_pan`, `client_secret`).
pub const DEFAULT_SENSITIVE_NAMES: &[&str] = &[
    "card_number",
    "cvv",
    "cvv2",
    "card_cvv",
    "cryptogram",
    "pan",
    "token_pan",
    "secret",
    "password",
    "apikey",
    "api_key",
    "signature",
    "otp",
    "pin",
];

/// How to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The command the generated files name as their source.
    pub command: Command,
    /// Property names whose values `Debug` prints as `<redacted>` (see [`DEFAULT_SENSITIVE_NAMES`]).
    pub sensitive_names: Vec<String>,
    /// What names each spec's module.
    pub module_from: ModuleFrom,
    /// Where `lib.rs` finds the runtime, when not in `src/runtime/` (a `#[path]` relative to `src/`).
    pub runtime_path: Option<String>,
    /// What a warning means: reported (lenient), or an error that stops generation (`--strict`).
    pub strictness: Strictness,
    /// Whether each version module is behind a cargo feature named after it (`v2025-01-01`), as in a crate
    /// of several versions.
    pub version_features: bool,
    /// Whether the `mock` feature is on by default (for a crate that exists to be tested).
    pub mock_by_default: bool,
    /// Whether every type implements both `Serialize` and `Deserialize`, whatever its uses need: off in
    /// every crate; on only to measure what deriving by use saves (`cargo xtask bench-compile`).
    pub serde_both_directions: bool,
    /// What a JSON `number` becomes: `f64`, or `rust_decimal::Decimal` read and written with its digits.
    pub numbers: Numbers,
    /// The crate's Rust name when it gets `tests/spec_examples.rs`, the test that decodes every fitting example
    /// of the specs into its type (`cashfree_pg`); `None`: no such test.
    pub example_tests: Option<String>,
    /// The crate's Rust name when it gets `tests/every_operation/mod.rs`: every operation called once through
    /// the client with values from the test (for a contract test); `None`: no such module.
    pub operation_calls: Option<String>,
}

/// What a JSON `number` becomes in the generated types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Numbers {
    /// `f64`: arithmetic rounds, `10.15` may print as `10.149999..`.
    #[default]
    F64,
    /// `rust_decimal::Decimal` (`runtime::Decimal`) in the fields of objects and the members of unions, read
    /// and written with the digits the JSON has (`10.15` is 10.15, `170.00` stays 170.00). A number anywhere
    /// else (a whole body, a parameter that is not plain text, an alias) stays `f64`, with a warning.
    Decimal,
}

/// Whether warnings stop generation. Decided once, where a run's diagnostics are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Strictness {
    /// Take the obvious reading of a quirk, warn, and generate.
    #[default]
    Lenient,
    /// Every warning is an error: nothing is generated.
    Strict,
}

/// What names the module a spec becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModuleFrom {
    /// `info.version`: `2025-01-01` gives `v2025_01_01`.
    Version,
    /// The spec's file name: `enum_values.yaml` gives `enum_values` (for fixtures that share a version).
    FileStem,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            command: Command::Codegen,
            sensitive_names: DEFAULT_SENSITIVE_NAMES.iter().map(|s| (*s).to_owned()).collect(),
            module_from: ModuleFrom::Version,
            runtime_path: None,
            strictness: Strictness::Lenient,
            version_features: false,
            mock_by_default: false,
            serde_both_directions: false,
            numbers: Numbers::F64,
            example_tests: None,
            operation_calls: None,
        }
    }
}

/// Loads and lowers one spec. Every diagnostic carries the line it is about: the source map that finds
/// lines (and duplicate keys, which a JSON parser takes silently) is built on a second thread meanwhile.
pub fn lower_spec(source: &SpecSource, options: &Options) -> Result<lower::Lowered, Diagnostics> {
    std::thread::scope(|scope| {
        let mapping = scope.spawn(|| source_map::SourceMap::build(&source.text));
        let lowered = spec::load(&source.name, &source.text).and_then(|spec| lower::lower(&spec, options));
        let map = mapping.join().unwrap_or_default();
        // A duplicate key is reported where the second one is (serde_yaml names the mapping instead).
        let mut duplicates = Diagnostics::default();
        let lowered = lowered.map_err(|errors| errors.without(|d| d.message.contains("duplicate entry with key")));
        {
            for (pointer, line) in &map.duplicates {
                duplicates.push(Diagnostic {
                    severity: Severity::Error,
                    location: Location {
                        file: source.name.clone(),
                        line: Some(*line),
                        pointer: pointer.clone(),
                        operation: None,
                    },
                    message: "this key is given twice in the same mapping".to_owned(),
                });
            }
        }
        match lowered {
            Ok(lowered) if duplicates.is_empty() => {
                Ok(lower::Lowered { api: lowered.api, warnings: lowered.warnings.locate(&map).sorted() })
            }
            Ok(lowered) => {
                duplicates.extend(lowered.warnings);
                Err(duplicates.locate(&map).sorted())
            }
            Err(errors) => {
                duplicates.extend(errors);
                Err(duplicates.locate(&map).sorted())
            }
        }
    })
}

/// Generates the client crate's `src/` files from `sources`. Every spec is checked before anything is
/// returned; if any has an error, the result is every diagnostic of every spec, sorted.
pub fn generate(sources: &[SpecSource], options: &Options) -> Result<Generated, Diagnostics> {
    let command = options.command;
    let mut diagnostics = Diagnostics::default();
    let mut apis: Vec<Api> = Vec::new();
    for source in sources {
        match lower_spec(source, options) {
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
    let diagnostics = match options.strictness {
        Strictness::Lenient => diagnostics.sorted(),
        Strictness::Strict => diagnostics.strict().sorted(),
    };
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
    let parts = emit::parts::crate_parts(&apis, options.version_features);
    let lib = emit::emit_lib(
        &modules,
        options.runtime_path.as_deref(),
        options.version_features,
        &parts,
        options.numbers == Numbers::Decimal,
    );
    files.push(GeneratedFile { path: format!("src/{}", lib.path), contents: render::render(lib, command) });
    if let Some(krate) = options.example_tests.as_ref().filter(|_| apis.iter().any(|a| !a.examples.is_empty())) {
        let tests = emit::examples::emit_example_tests(&apis, krate);
        files.push(GeneratedFile { path: format!("tests/{}", tests.path), contents: render::render(tests, command) });
    }
    if let Some(krate) = &options.operation_calls {
        let calls = emit::calls::emit_operation_calls(&apis, krate, options.version_features);
        files.push(GeneratedFile { path: format!("tests/{}", calls.path), contents: render::render(calls, command) });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut regions =
        vec![manifest::features_region(&apis, options.version_features, options.mock_by_default, command)];
    if options.version_features {
        regions.push(manifest::versions_region(&apis, command));
    }
    Ok(Generated { files, regions, apis, warnings: diagnostics })
}
