//! `cargo xtask codegen [--check]`: every spec in `specs/` -> `generated-client/src/`, and every decoding
//! fixture in `codegen/tests/fixtures/` -> `fixture-client/src/` (compiled and tested like the real client).

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, bail};
use codegen::diagnostic::Diagnostics;
use codegen::{Generated, ModuleFrom, Options, SpecSource, Strictness};

use crate::sync::{self, Mode, Report};

pub const SPECS_DIR: &str = "specs";
pub const CLIENT_DIR: &str = "generated-client";

/// A set of specs and the crate generated from them.
pub struct Target {
    /// The folders its specs are read from, in order.
    pub specs: &'static [&'static str],
    pub client: &'static str,
    pub module_from: ModuleFrom,
    pub runtime_path: Option<&'static str>,
    /// Whether its warnings are news. The fixtures' are expected (they exercise them) and are kept in
    /// their snapshots instead.
    pub report_warnings: bool,
    /// Whether each version module is behind a feature of its own (a crate of several API versions).
    pub version_features: bool,
    /// Whether its `mock` feature is on by default: the fixture crate tests both serde directions.
    pub mock_by_default: bool,
    /// What a JSON `number` becomes: money in Cashfree's crate is a decimal, never an `f64`.
    pub numbers: codegen::Numbers,
    /// The crate's Rust name: it gets `tests/spec_examples.rs`, which decodes every fitting example.
    pub crate_name: &'static str,
    /// Whether it gets `tests/every_operation/mod.rs` (every operation called once, for its contract test).
    pub operation_calls: bool,
}

/// What `cargo xtask codegen` generates.
pub const TARGETS: [Target; 2] = [
    Target {
        specs: &[SPECS_DIR],
        client: CLIENT_DIR,
        module_from: ModuleFrom::Version,
        runtime_path: None,
        report_warnings: true,
        version_features: true,
        mock_by_default: false,
        numbers: codegen::Numbers::Decimal,
        crate_name: "cashfree_pg",
        operation_calls: true,
    },
    // The one-construct fixtures and the quirk fixtures: every spec the generator accepts must compile.
    Target {
        specs: &["codegen/tests/fixtures", "codegen/tests/quirks"],
        client: "fixture-client",
        module_from: ModuleFrom::FileStem,
        runtime_path: Some("../../generated-client/src/runtime/mod.rs"),
        report_warnings: false,
        version_features: false,
        mock_by_default: true,
        numbers: codegen::Numbers::F64,
        crate_name: "fixture_client",
        operation_calls: false,
    },
];

/// Reads every `.yaml`, `.yml` and `.json` file in `dir`, sorted by name, named relative to `root`.
/// Whether a file of a specs folder is a spec, by its name.
pub fn is_spec_file(name: &str) -> bool {
    [".yaml", ".yml", ".json"].iter().any(|ext| name.ends_with(ext))
}

pub fn read_specs(root: &Path, dir: &str) -> anyhow::Result<Vec<SpecSource>> {
    let path = root.join(dir);
    let entries =
        std::fs::read_dir(&path).with_context(|| format!("cannot read the specs folder {}", path.display()))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot list {}", path.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_spec_file(&name) {
            names.push(name);
        }
    }
    names.sort();
    if names.is_empty() {
        bail!("no specs (*.yaml, *.yml, *.json) in {}", path.display());
    }
    names
        .into_iter()
        .map(|name| {
            let file = path.join(&name);
            let text = std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
            Ok(SpecSource { name: format!("{dir}/{name}"), text })
        })
        .collect()
}

/// What a codegen run came to.
#[derive(Debug)]
pub enum Outcome {
    /// A spec has errors: nothing was written. The diagnostics, sorted.
    Refused(codegen::diagnostic::Diagnostics),
    /// The client was written (or checked); warnings found on the way, and the versions of `specs/`.
    Synced { report: Report, warnings: codegen::diagnostic::Diagnostics, apis: Vec<codegen::model::Api> },
}

/// Generates every target and writes it to (or checks it against) its crate. Every spec of every target is
/// checked first; if any has an error, nothing is written.
pub fn codegen(root: &Path, mode: Mode) -> anyhow::Result<Outcome> {
    codegen_with(root, mode, Strictness::Lenient)
}

/// [`codegen()`] with warnings counted as `strictness` says.
pub fn codegen_with(root: &Path, mode: Mode, strictness: Strictness) -> anyhow::Result<Outcome> {
    let mut diagnostics = Diagnostics::default();
    let mut planned: Vec<(&Target, Generated)> = Vec::new();
    for target in &TARGETS {
        let mut sources = Vec::new();
        for dir in target.specs {
            sources.extend(read_specs(root, dir)?);
        }
        let options = Options {
            module_from: target.module_from,
            runtime_path: target.runtime_path.map(str::to_owned),
            // The fixtures exercise quirks on purpose; only the specs are held to `--strict`.
            strictness: if target.report_warnings { strictness } else { Strictness::Lenient },
            version_features: target.version_features,
            mock_by_default: target.mock_by_default,
            numbers: target.numbers,
            example_tests: Some(target.crate_name.to_owned()),
            operation_calls: target.operation_calls.then(|| target.crate_name.to_owned()),
            ..Options::default()
        };
        match codegen::generate(&sources, &options) {
            Ok(generated) => {
                if target.report_warnings {
                    diagnostics.extend(generated.warnings.clone());
                }
                planned.push((target, generated));
            }
            Err(errors) => diagnostics.extend(errors),
        }
    }
    let diagnostics = diagnostics.sorted();
    if diagnostics.has_errors() {
        return Ok(Outcome::Refused(diagnostics));
    }
    let mut report = Report::default();
    let mut apis = Vec::new();
    for (target, generated) in planned {
        if target.specs == [SPECS_DIR] {
            apis = generated.apis.clone();
        }
        let synced = sync::sync(&root.join(target.client), &generated.files, &generated.regions, mode)?;
        report.absorb(target.client, synced);
    }
    Ok(Outcome::Synced { report, warnings: diagnostics, apis })
}

/// `cargo xtask codegen [--check] [--strict]`, from its arguments.
pub fn run_args(root: &Path, flags: &[&str]) -> anyhow::Result<ExitCode> {
    let mut mode = Mode::Write;
    let mut strictness = Strictness::Lenient;
    for flag in flags {
        match *flag {
            "--check" => mode = Mode::Check,
            "--strict" => strictness = Strictness::Strict,
            other => bail!("unknown flag `{other}`: codegen [--check] [--strict]"),
        }
    }
    run(root, mode, strictness)
}

/// `cargo xtask codegen [--check] [--strict]`: runs [`codegen_with`] and reports. Diagnostics go to stderr.
pub fn run(root: &Path, mode: Mode, strictness: Strictness) -> anyhow::Result<ExitCode> {
    let (report, warnings, apis) = match codegen_with(root, mode, strictness)? {
        Outcome::Refused(diagnostics) => {
            eprintln!("{diagnostics}");
            if strictness == Strictness::Strict {
                eprintln!("--strict: every warning is an error");
            }
            eprintln!("nothing was written");
            return Ok(ExitCode::FAILURE);
        }
        Outcome::Synced { report, warnings, apis } => (report, warnings, apis),
    };
    for warning in warnings.iter() {
        eprintln!("{warning}");
    }
    match mode {
        Mode::Write => {
            println!(
                "updated {}, unchanged {}, removed {}",
                report.updated.len(),
                report.unchanged,
                report.removed.len()
            );
            for summary in version_summaries(&apis, &report) {
                println!("{summary}");
            }
            // What the working tree's change of `specs/` does, against the last commit (none outside git).
            if let Ok(Ok(since)) = crate::diff::since(root, "HEAD") {
                println!("{}\n  (all of them: cargo xtask diff --since HEAD)", since.summary(SINCE_CHANGES));
                // The version and changelog entry consumers will read.
                if let Some(proposal) = crate::release::apply(root, &since)? {
                    println!(
                        "cashfree-pg {} -> {} ({}): version set in {}, entry written in {}",
                        proposal.from,
                        proposal.to,
                        if proposal.breaking { "breaking" } else { "additive" },
                        crate::release::CLIENT_MANIFEST,
                        crate::release::CHANGELOG
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Mode::Check if report.is_fresh() => {
            println!("the generated clients are up to date ({} files)", report.unchanged);
            Ok(ExitCode::SUCCESS)
        }
        Mode::Check => {
            for diff in &report.diffs {
                println!("{diff}");
            }
            println!("stale generated files: {}; run `cargo xtask codegen`", report.stale_files().join(", "));
            Ok(ExitCode::FAILURE)
        }
    }
}

/// How many changes of each kind a summary lists.
const SUMMARY_CHANGES: usize = 5;

/// How many changes of each kind the summary of the working tree's change lists: a change under review is
/// usually small, and every line of it is news.
const SINCE_CHANGES: usize = 20;

/// For each version whose generated files were written (new or changed), what changed against the version
/// before it: the counts of breaking and additive changes and the first few of each, as `cargo xtask diff`
/// reports them.
pub fn version_summaries(apis: &[codegen::model::Api], report: &Report) -> Vec<String> {
    let mut ordered: Vec<&codegen::model::Api> = apis.iter().collect();
    ordered.sort_by(|a, b| a.version.cmp(&b.version));
    let mut out = Vec::new();
    for (index, api) in ordered.iter().enumerate() {
        let prefix = format!("{CLIENT_DIR}/src/{}/", api.module);
        if !report.updated.iter().any(|path| path.starts_with(&prefix)) {
            continue;
        }
        match index.checked_sub(1).and_then(|i| ordered.get(i)) {
            Some(previous) => {
                let diff = codegen::diff::diff(previous, api);
                out.push(format!(
                    "{}\n  (all of them: cargo xtask diff {} {})",
                    diff.summary(SUMMARY_CHANGES),
                    previous.version,
                    api.version
                ));
            }
            None => out.push(format!("{}: {} operations (the first version)", api.version, api.operations.len())),
        }
    }
    out
}
