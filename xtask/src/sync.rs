//! Bringing a directory in line with generated files: write only what changed (temp file, then rename),
//! remove generated files no longer produced, or, in check mode, only report what would change.

use std::path::{Path, PathBuf};

use anyhow::Context;
use codegen::render::HEADER_PREFIX;
use codegen::{GeneratedFile, GeneratedRegion};
use similar::TextDiff;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
}

/// What a sync did (or, in check mode, would do).
#[derive(Debug, Default)]
pub struct Report {
    pub updated: Vec<String>,
    pub unchanged: usize,
    pub removed: Vec<String>,
    /// Short unified diffs of stale files (check mode).
    pub diffs: Vec<String>,
}

impl Report {
    pub fn is_fresh(&self) -> bool {
        self.updated.is_empty() && self.removed.is_empty()
    }

    /// Adds `other`, a report about the crate in `dir`, naming its files from the workspace root.
    pub fn absorb(&mut self, dir: &str, other: Report) {
        self.updated.extend(other.updated.into_iter().map(|p| format!("{dir}/{p}")));
        self.removed.extend(other.removed.into_iter().map(|p| format!("{dir}/{p}")));
        self.unchanged += other.unchanged;
        self.diffs.extend(other.diffs);
    }

    /// Every file that differs or would be removed, as paths under the client crate.
    pub fn stale_files(&self) -> Vec<String> {
        self.updated.iter().chain(&self.removed).cloned().collect()
    }
}

/// How many diff lines a stale file shows in check mode.
const DIFF_LINES: usize = 40;

/// `current` with `region` in place: its lines replace the lines from its begin marker to its end marker, or,
/// when the file has no such lines, are appended.
pub fn splice(current: &str, region: &GeneratedRegion) -> String {
    let lines: Vec<&str> = current.lines().collect();
    let begin = lines.iter().position(|l| l.trim_end() == region.begin);
    let end = begin.and_then(|b| lines[b..].iter().position(|l| l.trim_end() == region.end).map(|e| b + e));
    match (begin, end) {
        (Some(b), Some(e)) => {
            let mut out: String = lines[..b].iter().map(|l| format!("{l}\n")).collect();
            out.push_str(&region.contents);
            out.extend(lines[e + 1..].iter().map(|l| format!("{l}\n")));
            out
        }
        _ => {
            let mut out = current.to_owned();
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&region.contents);
            out
        }
    }
}

/// The whole files `regions` belong in, with each region spliced into what is on disk now.
fn spliced(dir: &Path, regions: &[GeneratedRegion]) -> anyhow::Result<Vec<GeneratedFile>> {
    let mut out: Vec<GeneratedFile> = Vec::new();
    for region in regions {
        let path = dir.join(&region.path);
        let current = match out.iter().position(|f| f.path == region.path) {
            Some(index) => out.remove(index).contents,
            None => std::fs::read_to_string(&path)
                .with_context(|| format!("cannot place generated lines in {}: cannot read it", path.display()))?,
        };
        out.push(GeneratedFile { path: region.path.clone(), contents: splice(&current, region) });
    }
    Ok(out)
}

pub fn sync(dir: &Path, files: &[GeneratedFile], regions: &[GeneratedRegion], mode: Mode) -> anyhow::Result<Report> {
    let mut report = Report::default();
    let mut pending = Vec::new();
    let spliced = spliced(dir, regions)?;
    let files: Vec<&GeneratedFile> = files.iter().chain(&spliced).collect();
    for file in &files {
        let target = dir.join(&file.path);
        let current = match std::fs::read_to_string(&target) {
            Ok(text) => Some(text),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
            Err(err) => return Err(err).with_context(|| format!("cannot read {}", target.display())),
        };
        if current.as_deref() == Some(file.contents.as_str()) {
            report.unchanged += 1;
            continue;
        }
        report.updated.push(file.path.clone());
        if mode == Mode::Check {
            report.diffs.push(short_diff(&file.path, current.as_deref().unwrap_or(""), &file.contents));
        }
        pending.push((target, &file.contents));
    }
    let wanted: Vec<PathBuf> = files.iter().map(|f| dir.join(&f.path)).collect();
    let mut generated = generated_files_in(&dir.join("src"))?;
    generated.extend(generated_files_in(&dir.join("tests"))?);
    let stale: Vec<PathBuf> = generated.into_iter().filter(|p| !wanted.contains(p)).collect();
    for path in &stale {
        let shown = path.strip_prefix(dir).unwrap_or(path).display().to_string();
        if mode == Mode::Check {
            report.diffs.push(format!("--- {shown}\n(generated file no longer produced; would be removed)"));
        }
        report.removed.push(shown);
    }
    if mode == Mode::Write {
        write_all(&pending)?;
        for path in &stale {
            std::fs::remove_file(path).with_context(|| format!("cannot remove {}", path.display()))?;
        }
    }
    Ok(report)
}

/// Writes every file to a temp file beside it first, then renames them all into place, so a failure while
/// writing leaves the old files untouched.
fn write_all(pending: &[(PathBuf, &String)]) -> anyhow::Result<()> {
    let mut staged = Vec::new();
    for (target, contents) in pending {
        let parent = target.parent().context("generated file has no parent directory")?;
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        let mut temp =
            tempfile::NamedTempFile::new_in(parent).with_context(|| format!("cannot write in {}", parent.display()))?;
        std::io::Write::write_all(&mut temp, contents.as_bytes())
            .with_context(|| format!("cannot write a temp file for {}", target.display()))?;
        staged.push((temp, target));
    }
    for (temp, target) in staged {
        temp.persist(target).with_context(|| format!("cannot replace {}", target.display()))?;
    }
    Ok(())
}

/// Files under `dir` (recursively) whose first line is the generated header.
fn generated_files_in(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(out) };
    for entry in entries {
        let path = entry.with_context(|| format!("cannot list {}", dir.display()))?.path();
        if path.is_dir() {
            out.extend(generated_files_in(&path)?);
        } else if starts_with_header(&path) {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

/// Whether the file's first line is the generated header (only that line is read).
fn starts_with_header(path: &Path) -> bool {
    let Ok(file) = std::fs::File::open(path) else { return false };
    let mut first = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(file), &mut first).is_ok()
        && first.starts_with(HEADER_PREFIX)
}

fn short_diff(path: &str, old: &str, new: &str) -> String {
    let diff = TextDiff::from_lines(old, new);
    let text = diff.unified_diff().context_radius(2).header(&format!("a/{path}"), &format!("b/{path}")).to_string();
    let mut lines: Vec<&str> = text.lines().collect();
    let total = lines.len();
    lines.truncate(DIFF_LINES);
    let mut out = lines.join("\n");
    if total > DIFF_LINES {
        out.push_str(&format!("\n... ({} more diff lines)", total - DIFF_LINES));
    }
    out
}
