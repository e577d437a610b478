//! `cargo xtask generate --spec FILE --out DIR`: a standalone client crate from any OpenAPI 3.0 or 3.1 spec
//! (its own Cargo.toml, the runtime, one version module), through the same `codegen::generate` as `cargo
//! xtask codegen`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use codegen::diagnostic::{Diagnostics, Severity};
use codegen::{Command, GeneratedFile, Options, SpecSource};

use crate::codegen::CLIENT_DIR;

/// The dependencies of a generated crate: the runtime's, at the versions this workspace pins and tests.
pub const DEPENDENCIES: &str = r#"aws-lc-rs = { version = "1.19.0", default-features = false, features = ["aws-lc-sys", "prebuilt-nasm"] }
backon = { version = "1.6.0", default-features = false, features = ["std"] }
base64 = "0.22.1"
bytes = "1.12.2"
futures-core = { version = "0.3.34", default-features = false, features = ["std"] }
percent-encoding = "2.3.2"
reqwest = { version = "0.13.5", default-features = false, features = ["json", "multipart", "query", "rustls", "http2"] }
serde = { version = "1.0.229", features = ["derive"] }
serde_json = { version = "1.0.154", features = ["raw_value"] }
serde_path_to_error = "0.1.20"
thiserror = "2.0.21"
tokio = { version = "1.54.1", default-features = false, features = ["time"] }
tracing = { version = "0.1.44", default-features = false, features = ["std"] }
url = "2.5.8"
wiremock = { version = "0.6.5", optional = true }
"#;

/// The dependency of a crate whose numbers are decimals (`--decimal`), at the version this workspace pins.
pub const DECIMAL_DEPENDENCY: &str =
    r#"rust_decimal = { version = "1.43.0", default-features = false, features = ["std"] }"#;

/// A generated crate, before it is written.
#[derive(Debug)]
pub struct Crate {
    pub files: Vec<GeneratedFile>,
    pub summary: Summary,
    /// The models it was generated from.
    pub apis: Vec<codegen::model::Api>,
}

/// The group (tag) features of a generated crate, in name order.
pub fn group_features(krate: &Crate) -> Vec<String> {
    codegen::manifest::group_features(&krate.apis).into_keys().collect()
}

/// What `generate` prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub package: String,
    pub operations_generated: usize,
    pub operations_in_spec: usize,
    pub types: usize,
    pub lines: usize,
    pub diagnostics: Diagnostics,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: operations generated {} / in spec {}, types {}, lines {}, diagnostics: {} error(s), {} warning(s)",
            self.package,
            self.operations_generated,
            self.operations_in_spec,
            self.types,
            self.lines,
            self.diagnostics.count(Severity::Error),
            self.diagnostics.count(Severity::Warning)
        )
    }
}

/// A crate name from the spec's file name: lowercase letters, digits and dashes, starting with a letter.
fn package_name(spec: &Path) -> String {
    let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let mut name: String =
        stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    name = name.split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-");
    if !name.starts_with(|c: char| c.is_ascii_lowercase()) {
        name = format!("api-{name}");
    }
    format!("{name}-client")
}

/// A semver version for the crate: the API version itself if it is one, else `0.1.0+<api version>`.
fn crate_version(api_version: &str) -> String {
    let parts: Vec<&str> = api_version.split('.').collect();
    let is_semver = parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    if is_semver {
        return api_version.to_owned();
    }
    let build: String =
        api_version.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '-' }).collect();
    let build = build.trim_matches(|c| c == '.' || c == '-');
    if build.is_empty() { "0.1.0".to_owned() } else { format!("0.1.0+{build}") }
}

/// Generates the crate for `spec` in memory. `Ok(Err(..))` carries the spec's diagnostics when it has errors.
pub fn plan(root: &Path, spec: &Path) -> anyhow::Result<Result<Crate, Diagnostics>> {
    plan_with(root, spec, Options { command: Command::Generate, ..Options::default() })
}

/// [`plan`] with generator options of the caller's choosing.
pub fn plan_with(root: &Path, spec: &Path, options: Options) -> anyhow::Result<Result<Crate, Diagnostics>> {
    let text = std::fs::read_to_string(spec).with_context(|| format!("cannot read {}", spec.display()))?;
    let name = spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    plan_sources(root, &[SpecSource { name, text }], &package_name(spec), options)
}

/// A crate of one module per spec in `sources` (the first names the crate's version and README).
pub fn plan_sources(
    root: &Path,
    sources: &[SpecSource],
    package: &str,
    options: Options,
) -> anyhow::Result<Result<Crate, Diagnostics>> {
    let generated = match codegen::generate(sources, &options) {
        Ok(generated) => generated,
        Err(diagnostics) => return Ok(Err(diagnostics)),
    };
    let Some(api) = generated.apis.first() else { bail!("no spec produced an API") };
    let name = sources.first().map(|s| s.name.clone()).unwrap_or_default();
    let mut files = generated.files.clone();
    files.extend(runtime_files(root)?);
    let features = codegen::manifest::features_table(&generated.apis, false, false);
    files.push(GeneratedFile {
        path: "Cargo.toml".to_owned(),
        contents: manifest(package, &api.version, &api.title, &features, options.numbers),
    });
    files.push(GeneratedFile { path: "README.md".to_owned(), contents: readme(package, &name, api) });
    let lockfile = root.join("Cargo.lock");
    let lock = std::fs::read_to_string(&lockfile).with_context(|| format!("cannot read {}", lockfile.display()))?;
    files.push(GeneratedFile { path: "Cargo.lock".to_owned(), contents: lock });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let lines = files.iter().filter(|f| f.path.ends_with(".rs")).map(|f| f.contents.lines().count()).sum();
    let summary = Summary {
        package: package.to_owned(),
        operations_generated: generated.apis.iter().map(|a| a.operations.len()).sum(),
        operations_in_spec: generated.apis.iter().map(|a| a.operations_in_spec).sum(),
        types: generated.apis.iter().map(|a| a.types.len()).sum(),
        lines,
        diagnostics: generated.warnings.clone(),
    };
    Ok(Ok(Crate { files, summary, apis: generated.apis }))
}

/// The hand-written runtime, copied from the checked-in client.
fn runtime_files(root: &Path) -> anyhow::Result<Vec<GeneratedFile>> {
    let dir = root.join(CLIENT_DIR).join("src/runtime");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("cannot read the runtime in {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|path| {
            let contents = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
            let file = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            Ok(GeneratedFile { path: format!("src/runtime/{file}"), contents })
        })
        .collect()
}

fn manifest(package: &str, api_version: &str, title: &str, features: &str, numbers: codegen::Numbers) -> String {
    let decimal = match numbers {
        codegen::Numbers::Decimal => format!("{DECIMAL_DEPENDENCY}\n"),
        codegen::Numbers::F64 => String::new(),
    };
    let version = crate_version(api_version);
    let description = format!("Client for {title} (API version {api_version}), generated by cargo xtask generate")
        .replace('\\', "\\\\")
        .replace('"', "\\\"");
    format!(
        "# @generated by `cargo xtask generate`. Do not edit.\n[package]\nname = \"{package}\"\nversion = \"{version}\"\n\
         edition = \"2024\"\nrust-version = \"1.95\"\ndescription = \"{description}\"\npublish = false\n\n\
         [dependencies]\n{DEPENDENCIES}{decimal}\n{features}\n# A crate of its own, even when generated inside another workspace.\n[workspace]\n"
    )
}

fn readme(package: &str, spec: &str, api: &codegen::model::Api) -> String {
    format!(
        "<!-- @generated by `cargo xtask generate` from {spec}. Do not edit. -->\n# {package}\n\n\
         Client for {} (API version `{}`), generated from `{spec}`: module `{}` over the runtime in `src/runtime/`.\n",
        api.title, api.version, api.module
    )
}

/// Writes `krate` to `out`: into a temporary directory beside it first, then swapped into place, so an
/// interrupted run leaves either the old crate or the new one, never half of each.
pub fn write(krate: &Crate, out: &Path) -> anyhow::Result<()> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).with_context(|| format!("cannot create {}", parent.display()))?;
    let staging = tempfile::Builder::new()
        .prefix(".generate-")
        .tempdir_in(&parent)
        .with_context(|| format!("cannot write in {}", parent.display()))?;
    for file in &krate.files {
        let path = staging.path().join(&file.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        std::fs::write(&path, &file.contents).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let staged = staging.keep();
    let old = parent.join(format!(".generate-old-{}", std::process::id()));
    if out.exists() {
        std::fs::rename(out, &old).with_context(|| format!("cannot move the old {} aside", out.display()))?;
    }
    std::fs::rename(&staged, out).with_context(|| format!("cannot move the new crate to {}", out.display()))?;
    if old.exists() {
        std::fs::remove_dir_all(&old).with_context(|| format!("cannot remove {}", old.display()))?;
    }
    Ok(())
}

/// `cargo xtask generate --spec FILE --out DIR [--sensitive NAME,NAME...] [--decimal]`, from its arguments.
pub fn run_args(root: &Path, args: &[&str]) -> anyhow::Result<ExitCode> {
    let (mut spec, mut out) = (None, None);
    let mut options = Options { command: Command::Generate, ..Options::default() };
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        if *arg == "--strict" {
            options.strictness = codegen::Strictness::Strict;
            continue;
        }
        if *arg == "--decimal" {
            options.numbers = codegen::Numbers::Decimal;
            continue;
        }
        let value = rest.next().with_context(|| format!("{arg} needs a value"))?;
        match *arg {
            "--spec" => spec = Some(Path::new(value)),
            "--out" => out = Some(Path::new(value)),
            "--sensitive" => {
                options.sensitive_names =
                    value.split(',').map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned).collect();
            }
            other => {
                bail!(
                    "unknown argument `{other}`: generate --spec FILE --out DIR [--sensitive NAME,NAME...] [--decimal] [--strict]"
                )
            }
        }
    }
    let (Some(spec), Some(out)) = (spec, out) else { bail!("generate needs --spec FILE and --out DIR") };
    run(root, spec, out, options)
}

/// `cargo xtask generate`: generate, report, write.
pub fn run(root: &Path, spec: &Path, out: &Path, options: Options) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let krate = match plan_with(root, spec, options)? {
        Ok(krate) => krate,
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            eprintln!("nothing was written");
            return Ok(ExitCode::FAILURE);
        }
    };
    for warning in krate.summary.diagnostics.iter() {
        eprintln!("{warning}");
    }
    write(&krate, out)?;
    println!("{} (in {} ms) -> {}", krate.summary, started.elapsed().as_millis(), out.display());
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A generated crate builds with the versions this workspace pins and tests.
    #[test]
    fn dependencies_match_the_workspace() {
        let workspace = include_str!("../../Cargo.toml");
        for line in DEPENDENCIES
            .lines()
            .chain([DECIMAL_DEPENDENCY])
            .filter(|l| !l.starts_with("tokio") && !l.starts_with("wiremock"))
        {
            assert!(workspace.contains(line), "{line} is not how the workspace pins it");
        }
        assert!(workspace.contains(r#"tokio = { version = "1.54.1", default-features = false }"#));
    }

    #[test]
    fn names_and_versions() {
        assert_eq!(package_name(Path::new("specs/cashfree-pg-2025-01-01.json")), "cashfree-pg-2025-01-01-client");
        assert_eq!(package_name(Path::new("2025-01-01.yaml")), "api-2025-01-01-client");
        assert_eq!(package_name(Path::new("My API.yaml")), "my-api-client");
        assert_eq!(crate_version("2025-01-01"), "0.1.0+2025-01-01");
        assert_eq!(crate_version("1.2.3"), "1.2.3");
        assert_eq!(crate_version("v2 beta"), "0.1.0+v2-beta");
        assert_eq!(crate_version("..."), "0.1.0");
    }
}
