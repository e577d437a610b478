//! `cargo xtask codegen [--check]`: every spec in `specs/` -> `generated-client/src/`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, bail};
use codegen::{Options, SpecSource};

use crate::sync::{self, Mode, Report};

pub const SPECS_DIR: &str = "specs";
pub const CLIENT_DIR: &str = "generated-client";

/// Reads every `.yaml`, `.yml` and `.json` file in `dir`, sorted by name, named relative to `root`.
pub fn read_specs(root: &Path, dir: &str) -> anyhow::Result<Vec<SpecSource>> {
    let path = root.join(dir);
    let entries =
        std::fs::read_dir(&path).with_context(|| format!("cannot read the specs folder {}", path.display()))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot list {}", path.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if [".yaml", ".yml", ".json"].iter().any(|ext| name.ends_with(ext)) {
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
    /// The client was written (or checked); warnings found on the way.
    Synced { report: Report, warnings: codegen::diagnostic::Diagnostics },
}

/// Generates the client from `root/specs/` and writes it to (or checks it against) `root/generated-client/`.
pub fn codegen(root: &Path, mode: Mode) -> anyhow::Result<Outcome> {
    let sources = read_specs(root, SPECS_DIR)?;
    let generated = match codegen::generate(&sources, &Options::default()) {
        Ok(generated) => generated,
        Err(diagnostics) => return Ok(Outcome::Refused(diagnostics)),
    };
    let report = sync::sync(&root.join(CLIENT_DIR), &generated.files, mode)?;
    Ok(Outcome::Synced { report, warnings: generated.warnings })
}

/// `cargo xtask codegen [--check]`: runs [`codegen()`] and reports. Diagnostics go to stderr.
pub fn run(root: &Path, mode: Mode) -> anyhow::Result<ExitCode> {
    let (report, warnings) = match codegen(root, mode)? {
        Outcome::Refused(diagnostics) => {
            eprintln!("{diagnostics}");
            eprintln!("nothing was written");
            return Ok(ExitCode::FAILURE);
        }
        Outcome::Synced { report, warnings } => (report, warnings),
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
            Ok(ExitCode::SUCCESS)
        }
        Mode::Check if report.is_fresh() => {
            println!("generated-client is up to date ({} files)", report.unchanged);
            Ok(ExitCode::SUCCESS)
        }
        Mode::Check => {
            for diff in &report.diffs {
                println!("{diff}");
            }
            println!("generated-client is stale: {}; run `cargo xtask codegen`", report.stale_files().join(", "));
            Ok(ExitCode::FAILURE)
        }
    }
}
