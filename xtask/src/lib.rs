//! The commands behind `cargo xtask`, as a library so tests run exactly what developers run.

pub mod codegen;
pub mod sync;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};

const USAGE: &str = "usage: cargo xtask <command>

commands:
  codegen           regenerate generated-client/ from every spec in specs/
  codegen --check   change nothing; exit 1 and show a diff when generated-client/ is stale";

/// Runs the command in `args` (without the program name).
pub fn run(args: &[String]) -> anyhow::Result<ExitCode> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["codegen"] => codegen::run(&workspace_root()?, sync::Mode::Write),
        ["codegen", "--check"] => codegen::run(&workspace_root()?, sync::Mode::Check),
        ["help" | "--help" | "-h"] | [] => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => bail!("unknown arguments `{}`\n\n{USAGE}", other.join(" ")),
    }
}

/// The workspace root: the parent of this crate's directory.
pub fn workspace_root() -> anyhow::Result<PathBuf> {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let root = manifest.parent().context("xtask has no parent directory")?;
    Ok(root.to_path_buf())
}
