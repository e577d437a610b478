//! `cargo xtask diff OLD NEW`: what changed between two spec versions for code that uses the client,
//! breaking or additive, from the same lowering the generator uses.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use codegen::{Options, SpecSource};

/// The exit code of `--fail-on-breaking` when a change is breaking (1 is kept for errors).
pub const BREAKING_EXIT: u8 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Json,
}

/// A spec file as given, or `specs/<name>.yaml` for a version name.
fn resolve(root: &Path, name: &str) -> PathBuf {
    let given = PathBuf::from(name);
    if given.is_file() { given } else { root.join("specs").join(format!("{name}.yaml")) }
}

fn lower(path: &Path) -> anyhow::Result<Result<codegen::model::Api, codegen::diagnostic::Diagnostics>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    // A spec of `specs/` is read as `cargo xtask codegen` reads it (its numbers decimals).
    let in_specs = path.parent().is_some_and(|p| p.ends_with("specs"));
    let options = if in_specs {
        Options { numbers: crate::codegen::TARGETS[0].numbers, ..Options::default() }
    } else {
        Options::default()
    };
    let name = if in_specs { format!("specs/{name}") } else { name };
    Ok(codegen::lower_spec(&SpecSource { name, text }, &options).map(|l| l.api))
}

/// The report for `old` -> `new`; `Err` with diagnostics when either spec doesn't load.
pub fn report(root: &Path, old: &str, new: &str) -> anyhow::Result<Result<codegen::diff::Report, String>> {
    let (old, new) = (lower(&resolve(root, old))?, lower(&resolve(root, new))?);
    Ok(match (old, new) {
        (Ok(old), Ok(new)) => Ok(codegen::diff::diff(&old, &new)),
        (Err(a), Err(b)) => Err(format!("{a}\n{b}")),
        (Err(d), _) | (_, Err(d)) => Err(d.to_string()),
    })
}

pub fn run(root: &Path, args: &[&str]) -> anyhow::Result<ExitCode> {
    let mut names = Vec::new();
    let mut format = Format::Markdown;
    let mut fail_on_breaking = false;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match *arg {
            "--fail-on-breaking" => fail_on_breaking = true,
            "--format" => {
                format = match rest.next().copied() {
                    Some("json") => Format::Json,
                    Some("markdown" | "md") => Format::Markdown,
                    other => bail!("--format takes `markdown` or `json`, not {other:?}"),
                }
            }
            name => names.push(name),
        }
    }
    let [old, new] = names.as_slice() else { bail!("diff takes two specs: cargo xtask diff OLD NEW") };
    let report = match report(root, old, new)? {
        Ok(report) => report,
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            return Ok(ExitCode::FAILURE);
        }
    };
    match format {
        Format::Markdown => print!("{}", report.to_markdown()),
        Format::Json => println!("{}", serde_json::to_string_pretty(&report).context("cannot write JSON")?),
    }
    if fail_on_breaking && report.breaking > 0 {
        return Ok(ExitCode::from(BREAKING_EXIT));
    }
    Ok(ExitCode::SUCCESS)
}
