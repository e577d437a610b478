//! `cargo xtask bench-compile`: what the generated crate costs its users to compile, with every tag and
//! with one tag alone. Generates a client per spec (the corpus specs, else `specs/`), builds its
//! dependencies once, then times `cargo check` of the crate alone in five feature sets, interleaved run by
//! run so that drift of the machine hits all alike:
//!
//! - `all`: the default features (every version and tag): what a service gets when it picks nothing;
//! - `one`: `--no-default-features --features <tag>` (Token Vault where the spec has it, else the tag or
//!   path group with the fewest operations; `--feature NAME` picks another);
//! - `none`: `--no-default-features`: the runtime and the untagged operations, the floor every build pays;
//! - `both`: the default features of the same crate generated with every type implementing both
//!   `Serialize` and `Deserialize` (what deriving only the directions each type's uses need saves);
//! - `mock`: `--all-features`, the typed mock server too (what a service's test build compiles).
//!
//! Checks run with `CARGO_INCREMENTAL=0`: a dependency is never built incrementally, so that is what a
//! service's clean build pays (an incremental re-check of an unchanged crate reuses most of the work).
//!
//! Prints one table row per spec: operations, types, lines, median check times, the ratio `one / all` (the
//! median of each run's own ratio, with their range), the ratio of the generated code alone
//! (`(one - none) / (all - none)`), and the peak memory of the `all` check (where `/usr/bin/time` is there
//! to read it). Each check is also timed at the crate's own rustc
//! (cargo runs this binary as `RUSTC_WRAPPER`, which times the crate's compiler process and nothing else):
//! that is the crate's cost in any build, while the rest of `cargo check`'s time is cargo's own start-up,
//! paid once per build whatever the crate.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context, bail};
use codegen::{Command as Mode, Options};

/// Timed checks per feature set unless `--runs` says otherwise; the median is reported.
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

/// The variable that makes the `xtask` binary a timing `RUSTC_WRAPPER`: the file it appends times to.
pub const RUSTC_LOG: &str = "XTASK_RUSTC_LOG";
/// The crate (`--crate-name`) whose rustc the wrapper times.
const RUSTC_CRATE: &str = "XTASK_RUSTC_CRATE";

/// As `RUSTC_WRAPPER` (`xtask <rustc> <args>`): runs rustc, and when it compiles the crate named by
/// `XTASK_RUSTC_CRATE`, appends its wall time in seconds to `log`. Exits as rustc did.
pub fn timed_rustc(log: &std::ffi::OsStr) -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let Some(rustc) = args.next() else {
        eprintln!("{RUSTC_LOG} is set, but no rustc was given to run");
        return ExitCode::FAILURE;
    };
    let args: Vec<std::ffi::OsString> = args.collect();
    let name = std::env::var_os(RUSTC_CRATE).unwrap_or_default();
    let timed = args.windows(2).any(|pair| pair[0] == "--crate-name" && pair[1] == name);
    let started = Instant::now();
    let status = match Command::new(&rustc).args(&args).status() {
        Ok(status) => status,
        Err(err) => {
            eprintln!("cannot run {}: {err}", Path::new(&rustc).display());
            return ExitCode::FAILURE;
        }
    };
    if timed {
        let line = format!("{}\n", started.elapsed().as_secs_f64());
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .and_then(|mut file| std::io::Write::write_all(&mut file, line.as_bytes()));
        if let Err(err) = written {
            eprintln!("cannot record the rustc time in {}: {err}", Path::new(log).display());
            return ExitCode::FAILURE;
        }
    }
    match status.code() {
        Some(0) => ExitCode::SUCCESS,
        Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        None => ExitCode::FAILURE,
    }
}

/// One timed `cargo check`: wall time, the crate's own rustc time, and peak resident memory in bytes when
/// `/usr/bin/time` can tell.
struct Measured {
    wall: Duration,
    rustc: Option<Duration>,
    peak: Option<u64>,
}

fn cargo_check(dir: &Path, target: &Path, krate: &str, features: &[&str]) -> anyhow::Result<Measured> {
    let log = target.join("rustc-times.txt");
    // A stale log would be read as this check's time.
    match std::fs::remove_file(&log) {
        Ok(()) => {}
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        Err(err) => return Err(err).with_context(|| format!("cannot remove {}", log.display())),
    }
    let wrapper = std::env::current_exe().context("cannot find the xtask binary to time rustc with")?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let gnu_time = Path::new("/usr/bin/time");
    let mut command = if gnu_time.is_file() {
        let mut command = Command::new(gnu_time);
        command.args(["-f", "peak-kb %M", "--"]).arg(&cargo);
        command
    } else {
        Command::new(&cargo)
    };
    command
        .args(["check", "--quiet"])
        .args(features)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .env("RUSTC_WRAPPER", &wrapper)
        .env(RUSTC_LOG, &log)
        .env(RUSTC_CRATE, krate.replace('-', "_"));
    let started = Instant::now();
    let output = command.output().with_context(|| format!("cannot run cargo in {}", dir.display()))?;
    let wall = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        bail!("`cargo check {}` failed in {}:\n{stderr}", features.join(" "), dir.display());
    }
    let peak = stderr
        .lines()
        .rev()
        .find_map(|line| line.strip_prefix("peak-kb "))
        .and_then(|kb| kb.trim().parse::<u64>().ok())
        .map(|kb| kb * 1024);
    let rustc = std::fs::read_to_string(&log)
        .ok()
        .and_then(|text| text.lines().last().and_then(|l| l.trim().parse::<f64>().ok()))
        .map(Duration::from_secs_f64);
    Ok(Measured { wall, rustc, peak })
}

/// The `one` cell (its median time and feature) and the ratio `one / all`: the median of the runs' own
/// ratios (each run's `one` and `all` are timed minutes apart at most, so drift of the machine between runs
/// cancels), with their range; dashes when there was no one-group check.
fn one_cells(one: Option<&[Duration]>, feature: Option<&str>, all: &[Duration]) -> (String, String) {
    match (one, feature) {
        (Some(one), Some(name)) if !one.is_empty() && one.len() == all.len() => {
            let mut ratios: Vec<f64> =
                one.iter().zip(all).map(|(one, all)| 100.0 * one.as_secs_f64() / all.as_secs_f64()).collect();
            ratios.sort_by(f64::total_cmp);
            let (low, mid, high) = (ratios[0], ratios[ratios.len() / 2], ratios[ratios.len() - 1]);
            (format!("{} (`{name}`)", seconds(median(one.to_vec()))), format!("{mid:.1}% ({low:.1}-{high:.1})"))
        }
        _ => ("-".to_owned(), "-".to_owned()),
    }
}

/// Marks the crate's root as changed, so the next check recompiles the crate (and only it).
fn touch(file: &Path) -> anyhow::Result<()> {
    let handle =
        std::fs::File::options().write(true).open(file).with_context(|| format!("cannot open {}", file.display()))?;
    handle.set_modified(SystemTime::now()).with_context(|| format!("cannot touch {}", file.display()))
}

/// The feature `one` measures: `wanted` when given (it must exist), else `token-vault` when the crate has it,
/// else the group feature with the fewest operations (then by name).
fn one_feature(krate: &crate::generate::Crate, wanted: Option<&str>) -> anyhow::Result<Option<String>> {
    let features = crate::generate::group_features(krate);
    if let Some(wanted) = wanted {
        if features.iter().any(|f| f == wanted) {
            return Ok(Some(wanted.to_owned()));
        }
        bail!("{} has no feature `{wanted}`; its features: {}", krate.summary.package, features.join(", "));
    }
    if features.iter().any(|f| f == "token-vault") {
        return Ok(Some("token-vault".to_owned()));
    }
    let mut operations: BTreeMap<&str, usize> = BTreeMap::new();
    for api in &krate.apis {
        for group in &api.groups {
            if let Some(feature) = &group.feature {
                let count = api.operations.iter().filter(|o| o.group == group.module).count();
                *operations.entry(feature.as_str()).or_default() += count;
            }
        }
    }
    Ok(operations
        .into_iter()
        .filter(|(_, count)| *count > 0)
        .min_by_key(|(name, count)| (*count, *name))
        .map(|(name, _)| name.to_owned()))
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values.get(values.len() / 2).copied().unwrap_or_default()
}

fn seconds(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

/// Parses `[--feature NAME] [--runs N] [FILE...]`.
pub fn run_args(root: &Path, args: &[&str]) -> anyhow::Result<ExitCode> {
    let (mut feature, mut runs, mut specs) = (None, RUNS, Vec::new());
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match *arg {
            "--feature" => feature = Some(rest.next().context("--feature needs a name")?.to_string()),
            "--runs" => {
                runs = rest.next().context("--runs needs a number")?.parse().context("--runs takes a number")?;
                if runs == 0 {
                    bail!("--runs must be at least 1");
                }
            }
            flag if flag.starts_with("--") => {
                bail!("unknown flag `{flag}`: bench-compile [--feature NAME] [--runs N] [FILE...]")
            }
            file => specs.push(PathBuf::from(file)),
        }
    }
    run(root, &specs, feature.as_deref(), runs)
}

pub fn run(root: &Path, specs: &[PathBuf], feature: Option<&str>, runs: usize) -> anyhow::Result<ExitCode> {
    let specs = if specs.is_empty() { default_specs(root)? } else { specs.to_vec() };
    let target = root.join("target/bench-compile-target");
    println!(
        "| crate | operations | types | lines | `all` | `one` (feature) | `none` | one / all | generated code one / all | peak memory, `all` | `both` (both serde directions) | `all` / `both` | `mock` (all features) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    let mut rustc_rows = Vec::new();
    for spec in specs {
        let krate = match crate::generate::plan(root, &spec)? {
            Ok(krate) => krate,
            Err(diagnostics) => bail!("{} does not generate:\n{diagnostics}", spec.display()),
        };
        let one = one_feature(&krate, feature)?;
        let out = root.join("target/bench-compile").join(&krate.summary.package);
        crate::generate::write(&krate, &out)?;
        let both_options = Options { command: Mode::Generate, serde_both_directions: true, ..Options::default() };
        let both_crate = match crate::generate::plan_with(root, &spec, both_options)? {
            Ok(krate) => krate,
            Err(diagnostics) => bail!("{} does not generate:\n{diagnostics}", spec.display()),
        };
        let out_both = root.join("target/bench-compile/both-directions").join(&krate.summary.package);
        crate::generate::write(&both_crate, &out_both)?;
        let mut sets: Vec<(&str, &Path, Vec<&str>)> = vec![("all", &out, Vec::new())];
        if let Some(one) = &one {
            sets.push(("one", &out, vec!["--no-default-features", "--features", one.as_str()]));
        }
        sets.push(("none", &out, vec!["--no-default-features"]));
        sets.push(("both", &out_both, Vec::new()));
        sets.push(("mock", &out, vec!["--all-features"]));
        // Dependencies first, untimed.
        for (_, dir, features) in &sets {
            cargo_check(dir, &target, &krate.summary.package, features)?;
        }
        let mut walls: BTreeMap<&str, Vec<Duration>> = BTreeMap::new();
        let mut rustcs: BTreeMap<&str, Vec<Duration>> = BTreeMap::new();
        let mut peak: Option<u64> = None;
        for _ in 0..runs {
            for (name, dir, features) in &sets {
                touch(&dir.join("src/lib.rs"))?;
                let measured = cargo_check(dir, &target, &krate.summary.package, features)?;
                walls.entry(name).or_default().push(measured.wall);
                if let Some(rustc) = measured.rustc {
                    rustcs.entry(name).or_default().push(rustc);
                }
                if *name == "all" {
                    peak = peak.max(measured.peak);
                }
            }
        }
        let of = |name: &str| walls.get(name).cloned().map(median);
        let (all, none) = (of("all").unwrap_or_default(), of("none").unwrap_or_default());
        let runs_of = |name: &str| walls.get(name).map(Vec::as_slice);
        let (one_cell, ratio) = one_cells(runs_of("one"), one.as_deref(), runs_of("all").unwrap_or_default());
        let code_ratio = match of("one").filter(|_| one.is_some()) {
            Some(time) => {
                let code = (time.as_secs_f64() - none.as_secs_f64()) / (all.as_secs_f64() - none.as_secs_f64());
                format!("{:.0}%", 100.0 * code.max(0.0))
            }
            None => "-".to_owned(),
        };
        let peak = peak.map_or("-".to_owned(), |bytes| format!("{:.2} GB", bytes as f64 / 1e9));
        let both = of("both").unwrap_or_default();
        let mock = of("mock").unwrap_or_default();
        let rustc_runs = |name: &str| rustcs.get(name).filter(|v| v.len() == runs).map(Vec::as_slice);
        let rustc_of = |name: &str| rustc_runs(name).map(|v| median(v.to_vec()));
        if let (Some(all_runs), Some(all), Some(none)) = (rustc_runs("all"), rustc_of("all"), rustc_of("none")) {
            let (one_cell, ratio) = one_cells(rustc_runs("one"), one.as_deref(), all_runs);
            rustc_rows.push(format!(
                "| {} | {} | {one_cell} | {} | {ratio} |",
                krate.summary.package,
                seconds(all),
                seconds(none)
            ));
        }
        println!(
            "| {} | {} | {} | {} | {} | {one_cell} | {} | {ratio} | {code_ratio} | {peak} | {} ({} lines) | {:.0}% | {} |",
            krate.summary.package,
            krate.summary.operations_generated,
            krate.summary.types,
            krate.summary.lines,
            seconds(all),
            seconds(none),
            seconds(both),
            both_crate.summary.lines,
            100.0 * all.as_secs_f64() / both.as_secs_f64(),
            seconds(mock),
        );
    }
    println!(
        "\n(median of {runs} interleaved runs each, `one / all` the median of the runs' own ratios with their \
         range; `cargo check` of the crate alone, dependencies built, CARGO_INCREMENTAL=0; lines count every \
         file, the mock's too)"
    );
    if !rustc_rows.is_empty() {
        println!("\nThe same checks, the crate's own rustc process only (without cargo's start-up):\n");
        println!("| crate | rustc `all` | rustc `one` (feature) | rustc `none` | rustc one / all |");
        println!("|---|---|---|---|---|");
        for row in &rustc_rows {
            println!("{row}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::Crate;
    use codegen::SpecSource;

    fn plan(text: String) -> Crate {
        let root = crate::workspace_root().expect("root");
        let source = SpecSource { name: "bench.yaml".to_owned(), text };
        let options = Options { command: Mode::Generate, ..Options::default() };
        crate::generate::plan_sources(&root, &[source], "bench-client", options).expect("plan").expect("generates")
    }

    #[test]
    fn token_vault_is_the_default_one_tag_where_it_exists() {
        let root = crate::workspace_root().expect("root");
        let text = std::fs::read_to_string(root.join("specs/2025-01-01.yaml")).expect("spec");
        let krate = plan(text);
        assert_eq!(one_feature(&krate, None).expect("feature").as_deref(), Some("token-vault"));
        let err = one_feature(&krate, Some("no-such-tag")).expect_err("unknown feature");
        assert!(err.to_string().contains("token-vault"), "{err}");
    }

    #[test]
    fn otherwise_the_group_with_the_fewest_operations() {
        let options = crate::synth::Options { operations: 12, ..crate::synth::Options::large("2026-01-01") };
        let krate = plan(crate::synth::spec(&options));
        let chosen = one_feature(&krate, None).expect("feature").expect("a group");
        let count = |feature: &str| {
            let modules: Vec<&str> = krate.apis[0]
                .groups
                .iter()
                .filter(|g| g.feature.as_deref() == Some(feature))
                .map(|g| g.module.as_str())
                .collect();
            krate.apis[0].operations.iter().filter(|o| modules.contains(&o.group.as_str())).count()
        };
        let fewest = crate::generate::group_features(&krate).iter().map(|f| count(f)).filter(|c| *c > 0).min();
        assert_eq!(Some(count(&chosen)), fewest);
    }

    #[test]
    fn the_one_tag_ratio_is_the_median_of_each_runs_own_ratio() {
        let ms = |v: &[u64]| v.iter().map(|m| Duration::from_millis(*m)).collect::<Vec<_>>();
        // The machine slows down in the third run: `all` and `one` both take longer, their ratio does not.
        let (one, all) = (ms(&[200, 210, 400, 190, 205]), ms(&[1000, 1000, 2000, 1000, 1000]));
        let (cell, ratio) = one_cells(Some(&one), Some("token-vault"), &all);
        assert_eq!(cell, "0.20 s (`token-vault`)");
        assert_eq!(ratio, "20.0% (19.0-21.0)");
        assert_eq!(one_cells(None, Some("token-vault"), &all), ("-".to_owned(), "-".to_owned()));
        // Runs that do not pair up give no ratio rather than a wrong one.
        assert_eq!(one_cells(Some(&one[..2]), Some("token-vault"), &all).1, "-");
    }
}
