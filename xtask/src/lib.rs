//! The commands behind `cargo xtask`, as a library so tests run exactly what developers run.

pub mod bench;
pub mod codegen;
pub mod diff;
pub mod generate;
pub mod release;
pub mod sync;
pub mod synth;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};

/// The commands, for the usage text and for naming them when an unknown one is given.
pub const COMMANDS: [&str; 7] = ["codegen", "generate", "outline", "diff", "bench-compile", "synth", "help"];

const USAGE: &str = "usage: cargo xtask [--root DIR] <command>

  --root DIR        the workspace to work on (default: this one)

commands:
  codegen [--check] [--strict]
                    regenerate generated-client/ from every spec in specs/; --check changes nothing and exits 1
                    with a diff when generated-client/ is stale; --strict makes every warning an error
  generate --spec FILE --out DIR [--sensitive NAME,NAME...] [--decimal] [--strict]
                    a standalone client crate from any OpenAPI 3.0 or 3.1 spec (YAML or JSON); --sensitive
                    replaces the property names whose values `Debug` redacts; --decimal makes `type: number`
                    fields rust_decimal::Decimal, read and written with their digits (default: f64)
  outline FILE      print the outline of a spec: one line per operation, parameter, response, type, field
  diff OLD NEW [--format markdown|json] [--fail-on-breaking]
                    what changed between two specs (files, or version names in specs/), breaking or
                    additive; --fail-on-breaking exits 3 when a change is breaking
  bench-compile [--feature NAME] [--runs N] [FILE...]
                    time `cargo check` of the crate generated from each spec (default: the corpus) with every
                    tag, one tag alone (token-vault, else the smallest; or NAME), none, both serde directions
                    on every type, and the mock too
  synth [--like cashfree|large] [--operations N] [--depth N] [--version V] --out FILE
                    write a synthetic spec shaped like a real payments API (cashfree: 90 operations, 18
                    tags, real specs' quirks; large: 400 untagged operations, about 4,000 types)
  help              this text";

/// Runs the command in `args` (without the program name).
pub fn run(args: &[String]) -> anyhow::Result<ExitCode> {
    let mut args: Vec<&str> = args.iter().map(String::as_str).collect();
    let root = match args.as_slice() {
        ["--root", dir, ..] => {
            let root = PathBuf::from(dir);
            args.drain(..2);
            root
        }
        _ => workspace_root()?,
    };
    match args.as_slice() {
        ["codegen", flags @ ..] => codegen::run_args(&root, flags),
        ["generate", rest @ ..] => generate::run_args(&root, rest),
        ["outline", spec] => outline(Path::new(spec)),
        ["diff", rest @ ..] => diff::run(&root, rest),
        ["synth", rest @ ..] => synth_command(rest),
        ["bench-compile", rest @ ..] => bench::run_args(&root, rest),
        ["help" | "--help" | "-h"] | [] => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        [command, ..] if COMMANDS.contains(command) => bail!("wrong arguments for `{command}`\n\n{USAGE}"),
        [command, ..] => bail!("unknown command `{command}`; the commands are: {}\n\n{USAGE}", COMMANDS.join(", ")),
    }
}

/// The workspace root: the parent of this crate's directory.
pub fn workspace_root() -> anyhow::Result<PathBuf> {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let root = manifest.parent().context("xtask has no parent directory")?;
    Ok(root.to_path_buf())
}

/// `cargo xtask outline FILE`: what the generator makes of a spec, one line per thing, as the snapshot
/// tests record it for `specs/`.
fn outline(spec: &Path) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(spec).with_context(|| format!("cannot read {}", spec.display()))?;
    let source = ::codegen::SpecSource { name: spec.display().to_string(), text };
    match ::codegen::lower_spec(&source, &::codegen::Options::default()) {
        Ok(lowered) => {
            eprintln!("{}", lowered.warnings);
            print!("{}", ::codegen::outline::outline(&lowered.api));
            Ok(ExitCode::SUCCESS)
        }
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            Ok(ExitCode::FAILURE)
        }
    }
}

/// `cargo xtask synth ...`: writes a synthetic spec.
fn synth_command(args: &[&str]) -> anyhow::Result<ExitCode> {
    let mut options = synth::Options::cashfree_like("2026-01-01");
    let mut out = None;
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().with_context(|| format!("{flag} needs a value"))?;
        match *flag {
            "--like" => {
                let version = options.version.clone();
                options = match *value {
                    "cashfree" => synth::Options::cashfree_like(&version),
                    "large" => synth::Options::large(&version),
                    other => bail!("--like takes `cashfree` or `large`, not `{other}`"),
                }
            }
            "--operations" => options.operations = value.parse().context("--operations takes a number")?,
            "--depth" => options.inline_depth = value.parse().context("--depth takes a number")?,
            "--version" => options.version = (*value).to_owned(),
            "--out" => out = Some(PathBuf::from(value)),
            other => bail!(
                "unknown flag `{other}`: synth [--like cashfree|large] [--operations N] [--depth N] [--version V] --out FILE"
            ),
        }
    }
    let out = out.context("synth needs --out FILE")?;
    std::fs::write(&out, synth::spec(&options)).with_context(|| format!("cannot write {}", out.display()))?;
    println!("wrote {}", out.display());
    Ok(ExitCode::SUCCESS)
}
