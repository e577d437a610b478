//! `cargo xtask diff OLD NEW`: what changed between two spec versions for code that uses the client,
//! breaking or additive, from the same lowering the generator uses. `cargo xtask diff --since REV`: what
//! changed in each spec of `specs/` since a git revision (a reviewer's view of a PR).

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
    Ok(lower_text(&name, text, in_specs))
}

/// A spec's text lowered; one of `specs/` as `cargo xtask codegen` reads it (its numbers decimals).
fn lower_text(
    file_name: &str,
    text: String,
    in_specs: bool,
) -> Result<codegen::model::Api, codegen::diagnostic::Diagnostics> {
    let options = if in_specs {
        Options { numbers: crate::codegen::TARGETS[0].numbers, ..Options::default() }
    } else {
        Options::default()
    };
    let name = if in_specs { format!("specs/{file_name}") } else { file_name.to_owned() };
    codegen::lower_spec(&SpecSource { name, text }, &options).map(|l| l.api)
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

/// What happened to one spec of `specs/` since a revision.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum SpecChange {
    /// A new version: additive, with its operations.
    Added { file: String, version: String, operations: Vec<String> },
    /// A version taken away: breaking, with the operations it had.
    Removed { file: String, version: String, operations: Vec<String> },
    /// A version whose spec changed: the semantic diff of its two texts.
    Changed { file: String, report: codegen::diff::Report },
}

/// Every spec of `specs/` against its content at `rev`, in file order; specs whose text did not change are
/// left out. `Err` with diagnostics when a spec does not load.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Since {
    pub since: String,
    pub breaking: usize,
    pub additive: usize,
    pub specs: Vec<SpecChange>,
}

fn git(root: &Path, args: &[&str]) -> anyhow::Result<Vec<u8>> {
    let output = std::process::Command::new("git").arg("-C").arg(root).args(args).output().context("cannot run git")?;
    if !output.status.success() {
        bail!("git {}: {}", args.join(" "), String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(output.stdout)
}

/// The text of `path` at `rev`.
pub fn git_show(root: &Path, rev: &str, path: &str) -> anyhow::Result<String> {
    let bytes = git(root, &["show", &format!("{rev}:{path}")])?;
    String::from_utf8(bytes).with_context(|| format!("{rev}:{path} is not UTF-8"))
}

/// The spec files of `specs/` at `rev`, with their text.
fn specs_at(root: &Path, rev: &str) -> anyhow::Result<std::collections::BTreeMap<String, String>> {
    let listing = git(root, &["ls-tree", "--name-only", &format!("{rev}:specs")])?;
    let mut specs = std::collections::BTreeMap::new();
    for name in String::from_utf8_lossy(&listing).lines().filter(|n| crate::codegen::is_spec_file(n)) {
        let text = git(root, &["show", &format!("{rev}:specs/{name}")])?;
        specs.insert(name.to_owned(), String::from_utf8(text).with_context(|| format!("{rev}:specs/{name}"))?);
    }
    Ok(specs)
}

/// The spec files of `specs/` in the working tree, with their text, as `cargo xtask codegen` reads them.
fn specs_now(root: &Path) -> anyhow::Result<std::collections::BTreeMap<String, String>> {
    let dir = crate::codegen::SPECS_DIR;
    let sources = crate::codegen::read_specs(root, dir)?;
    Ok(sources
        .into_iter()
        .map(|s| (s.name.strip_prefix(&format!("{dir}/")).unwrap_or(&s.name).to_owned(), s.text))
        .collect())
}

/// [`Since`] for the working tree's `specs/` against `rev`.
pub fn since(root: &Path, rev: &str) -> anyhow::Result<Result<Since, String>> {
    let before = specs_at(root, rev)?;
    let now = specs_now(root)?;
    let mut names: Vec<&String> = before.keys().chain(now.keys()).collect();
    names.sort();
    names.dedup();
    let mut specs = Vec::new();
    let mut problems = Vec::new();
    let operations = |api: &codegen::model::Api| api.operations.iter().map(|op| op.id.clone()).collect::<Vec<_>>();
    for name in names {
        let file = format!("specs/{name}");
        match (before.get(name), now.get(name)) {
            (Some(old), Some(new)) if old == new => {}
            (Some(old), Some(new)) => {
                match (lower_text(name, old.clone(), true), lower_text(name, new.clone(), true)) {
                    (Ok(old), Ok(new)) => {
                        let mut report = codegen::diff::diff(&old, &new);
                        report.old = format!("{file} at {rev} ({})", old.version);
                        report.new = format!("{file} now ({})", new.version);
                        if !report.changes.is_empty() {
                            specs.push(SpecChange::Changed { file, report });
                        }
                    }
                    (Err(d), _) | (_, Err(d)) => problems.push(d.to_string()),
                }
            }
            (None, Some(new)) => match lower_text(name, new.clone(), true) {
                Ok(api) => {
                    specs.push(SpecChange::Added { file, version: api.version.clone(), operations: operations(&api) })
                }
                Err(d) => problems.push(d.to_string()),
            },
            (Some(old), None) => match lower_text(name, old.clone(), true) {
                Ok(api) => {
                    specs.push(SpecChange::Removed { file, version: api.version.clone(), operations: operations(&api) })
                }
                Err(d) => problems.push(d.to_string()),
            },
            (None, None) => {}
        }
    }
    if !problems.is_empty() {
        return Ok(Err(problems.join("\n")));
    }
    let (mut breaking, mut additive) = (0, 0);
    for spec in &specs {
        match spec {
            SpecChange::Added { .. } => additive += 1,
            SpecChange::Removed { .. } => breaking += 1,
            SpecChange::Changed { report, .. } => {
                breaking += report.breaking;
                additive += report.additive;
            }
        }
    }
    Ok(Ok(Since { since: rev.to_owned(), breaking, additive, specs }))
}

impl Since {
    /// Markdown for a PR comment: the counts, then each spec's changes.
    pub fn to_markdown(&self) -> String {
        let mut out = format!(
            "# Spec changes since `{}`\n\n**{} breaking, {} additive**\n",
            self.since, self.breaking, self.additive
        );
        if self.specs.is_empty() {
            out.push_str("\nNo spec of `specs/` changed what the client does.\n");
        }
        for spec in &self.specs {
            match spec {
                SpecChange::Added { file, version, operations } => {
                    out.push_str(&format!(
                        "\n## {file}: version {version} added (additive)\n\n{} operations: {}\n",
                        operations.len(),
                        operations.iter().map(|o| format!("`{o}`")).collect::<Vec<_>>().join(", ")
                    ));
                }
                SpecChange::Removed { file, version, operations } => {
                    out.push_str(&format!(
                        "\n## {file}: version {version} removed (breaking)\n\n{} operations gone: {}\n",
                        operations.len(),
                        operations.iter().map(|o| format!("`{o}`")).collect::<Vec<_>>().join(", ")
                    ));
                }
                SpecChange::Changed { file, report } => {
                    out.push_str(&format!("\n## {file}\n\n"));
                    // The report's own headings, one level down.
                    out.push_str(&report.to_markdown().replace("\n## ", "\n### "));
                }
            }
        }
        out
    }

    /// A few lines for a terminal: each spec's counts and its first changes.
    pub fn summary(&self, first: usize) -> String {
        let mut lines = vec![format!(
            "since {}: {} breaking, {} additive{}",
            self.since,
            self.breaking,
            self.additive,
            if self.specs.is_empty() { " (no spec changed what the client does)" } else { "" }
        )];
        for spec in &self.specs {
            lines.push(match spec {
                SpecChange::Added { file, version, operations } => {
                    format!("  {file}: version {version} added, {} operations (additive)", operations.len())
                }
                SpecChange::Removed { file, version, .. } => format!("  {file}: version {version} removed (breaking)"),
                SpecChange::Changed { file, report } => {
                    let text = report.summary(first);
                    let body = text.split_once('\n').map(|(_, rest)| rest.replace("\n", "\n  ")).unwrap_or_default();
                    format!("  {file}: {} breaking, {} additive\n  {body}", report.breaking, report.additive)
                }
            });
        }
        lines.join("\n")
    }
}

pub fn run(root: &Path, args: &[&str]) -> anyhow::Result<ExitCode> {
    let mut names = Vec::new();
    let mut format = Format::Markdown;
    let mut fail_on_breaking = false;
    let mut since_rev = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match *arg {
            "--fail-on-breaking" => fail_on_breaking = true,
            "--since" => match rest.next() {
                Some(rev) => since_rev = Some(*rev),
                None => bail!("--since takes a git revision: cargo xtask diff --since main"),
            },
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
    if let Some(rev) = since_rev {
        if !names.is_empty() {
            bail!("diff takes two specs or --since REV, not both");
        }
        let since = match since(root, rev)? {
            Ok(since) => since,
            Err(diagnostics) => {
                eprintln!("{diagnostics}");
                return Ok(ExitCode::FAILURE);
            }
        };
        match format {
            Format::Markdown => print!("{}", since.to_markdown()),
            Format::Json => println!("{}", serde_json::to_string_pretty(&since).context("cannot write JSON")?),
        }
        if fail_on_breaking && since.breaking > 0 {
            return Ok(ExitCode::from(BREAKING_EXIT));
        }
        return Ok(ExitCode::SUCCESS);
    }
    let [old, new] = names.as_slice() else {
        bail!("diff takes two specs (cargo xtask diff OLD NEW) or a revision (cargo xtask diff --since REV)")
    };
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
