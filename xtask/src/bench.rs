//! `cargo xtask bench-compile`: what the generated crate costs its users to compile. Generates a client per
//! spec (the corpus specs, else `specs/`), builds its dependencies once, then times `cargo check` of the
//! crate alone, and prints the figures with the crate's size.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context, bail};

/// How many timed checks per crate; the median is reported.
const RUNS: usize = 5;

fn default_specs(root: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let corpus = root.join("../shared/corpus");
    let dir = if corpus.is_dir() { corpus } else { root.join("specs") };
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "yaml" || e == "yml"))
        .collect();
    specs.sort();
    Ok(specs)
}

fn cargo_check(dir: &Path, target: &Path) -> anyhow::Result<Duration> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let started = Instant::now();
    let status = Command::new(cargo)
        .args(["check", "--quiet"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .status()
        .with_context(|| format!("cannot run cargo in {}", dir.display()))?;
    let elapsed = started.elapsed();
    if !status.success() {
        bail!("`cargo check` failed in {}", dir.display());
    }
    Ok(elapsed)
}

/// Marks the crate's root as changed, so the next check recompiles the crate (and only it).
fn touch(file: &Path) -> anyhow::Result<()> {
    let handle =
        std::fs::File::options().write(true).open(file).with_context(|| format!("cannot open {}", file.display()))?;
    handle.set_modified(SystemTime::now()).with_context(|| format!("cannot touch {}", file.display()))
}

pub fn run(root: &Path, specs: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let specs = if specs.is_empty() { default_specs(root)? } else { specs.to_vec() };
    let target = root.join("target/bench-compile-target");
    println!("| crate | files | lines | `cargo check` of the crate alone (median of {RUNS}) | runs |");
    println!("|---|---|---|---|---|");
    for spec in specs {
        let krate = match crate::generate::plan(root, &spec)? {
            Ok(krate) => krate,
            Err(diagnostics) => bail!("{} does not generate:\n{diagnostics}", spec.display()),
        };
        let out = root.join("target/bench-compile").join(&krate.summary.package);
        crate::generate::write(&krate, &out)?;
        cargo_check(&out, &target)?;
        let mut times = Vec::new();
        for _ in 0..RUNS {
            touch(&out.join("src/lib.rs"))?;
            times.push(cargo_check(&out, &target)?);
        }
        times.sort();
        let median = times[RUNS / 2];
        let files = krate.files.iter().filter(|f| f.path.ends_with(".rs")).count();
        let runs: Vec<String> = times.iter().map(|t| format!("{:.2}", t.as_secs_f64())).collect();
        println!(
            "| {} | {files} | {} | {:.2} s | {} |",
            krate.summary.package,
            krate.summary.lines,
            median.as_secs_f64(),
            runs.join(", ")
        );
    }
    Ok(ExitCode::SUCCESS)
}
