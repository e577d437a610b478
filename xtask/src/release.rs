//! The next version of `cashfree-pg` and its changelog entry, from what the working tree's change of `specs/`
//! does against `HEAD` (`crate::diff::since`): a breaking change is a major bump, an additive one a minor bump,
//! as Cargo reads versions (for `0.y.z`: breaking `0.(y+1).0`, additive `0.y.(z+1)`; for `0.0.z` every change
//! is `0.0.(z+1)`). `cargo xtask codegen` writes both, so the PR shows what consumers will read; nothing is
//! written when no spec changed what the client does. Running it again gives the same files.

use std::path::Path;

use anyhow::{Context, bail};

use crate::diff::{Since, SpecChange};

/// The crate the version and changelog are of.
pub const CLIENT_MANIFEST: &str = "generated-client/Cargo.toml";
pub const CHANGELOG: &str = "generated-client/CHANGELOG.md";
/// Lock files that record the crate's version.
const LOCK_FILES: [&str; 2] = ["Cargo.lock", "consumer/Cargo.lock"];
const PACKAGE: &str = "cashfree-pg";

/// What a change makes of the version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    /// The version at `HEAD`.
    pub from: String,
    pub to: String,
    pub breaking: bool,
}

/// `version` after a change, breaking or not, as Cargo's semver rules read it.
pub fn bump(version: &str, breaking: bool) -> anyhow::Result<String> {
    let core = version.split(['-', '+']).next().unwrap_or(version);
    let parts: Vec<u64> = core
        .split('.')
        .map(|p| p.parse::<u64>().with_context(|| format!("version `{version}` is not semver")))
        .collect::<anyhow::Result<_>>()?;
    let [major, minor, patch] = parts.as_slice() else { bail!("version `{version}` is not MAJOR.MINOR.PATCH") };
    Ok(match (major, minor, breaking) {
        (0, 0, _) => format!("0.0.{}", patch + 1),
        (0, minor, true) => format!("0.{}.0", minor + 1),
        (0, minor, false) => format!("0.{minor}.{}", patch + 1),
        (major, _, true) => format!("{}.0.0", major + 1),
        (major, minor, false) => format!("{major}.{}.0", minor + 1),
    })
}

/// The `version = "..."` of a manifest's `[package]`.
fn package_version(manifest: &str) -> Option<&str> {
    let package = manifest.split("\n[").next()?;
    package.lines().find_map(|line| {
        let value = line.trim().strip_prefix("version")?.trim_start().strip_prefix('=')?.trim();
        value.strip_prefix('"')?.strip_suffix('"')
    })
}

/// `manifest` with its `[package]` version set to `to`.
fn with_package_version(manifest: &str, to: &str) -> Option<String> {
    let from = package_version(manifest)?;
    let needle = format!("\"{from}\"");
    let at = manifest.find(&needle)?;
    Some(format!("{}\"{to}\"{}", &manifest[..at], &manifest[at + needle.len()..]))
}

/// A lock file with the package's recorded version set to `to`.
fn with_locked_version(lock: &str, to: &str) -> String {
    let header = format!("name = \"{PACKAGE}\"\nversion = \"");
    let Some(at) = lock.find(&header) else { return lock.to_owned() };
    let start = at + header.len();
    let Some(len) = lock[start..].find('"') else { return lock.to_owned() };
    format!("{}{to}{}", &lock[..start], &lock[start + len..])
}

/// The Keep a Changelog entry of a change.
pub fn entry(version: &str, since: &Since) -> String {
    let mut added = Vec::new();
    let mut changed = Vec::new();
    let mut removed = Vec::new();
    for spec in &since.specs {
        match spec {
            SpecChange::Added { version, operations, .. } => {
                added.push(format!("API version {version}, with {} operations.", operations.len()))
            }
            SpecChange::Removed { version, .. } => removed.push(format!("**Breaking**: API version {version}.")),
            SpecChange::Changed { file, report } => {
                for change in &report.changes {
                    let line = format!("{} ({file}): {}", change.subject, change.detail);
                    match change.impact {
                        codegen::diff::Impact::Breaking if change.detail.contains("removed") => {
                            removed.push(format!("**Breaking**: {line}"))
                        }
                        codegen::diff::Impact::Breaking => changed.push(format!("**Breaking**: {line}")),
                        codegen::diff::Impact::Additive if change.detail.contains("added") => added.push(line),
                        codegen::diff::Impact::Additive => changed.push(line),
                    }
                }
            }
        }
    }
    let mut out = format!("## [{version}] - Unreleased\n");
    for (title, lines) in [("Added", added), ("Changed", changed), ("Removed", removed)] {
        if lines.is_empty() {
            continue;
        }
        out.push_str(&format!("\n### {title}\n\n"));
        for line in lines {
            out.push_str(&format!("- {line}\n"));
        }
    }
    out
}

const CHANGELOG_HEAD: &str = "# Changelog\n\nWhat changed in `cashfree-pg` for code that uses it, newest first. The format is \
[Keep a Changelog](https://keepachangelog.com/en/1.1.0/), versions follow Cargo's semver rules; `cargo xtask codegen` \
writes the entry of an unreleased change of `specs/`.\n";

/// The line under the heading of an entry this step wrote.
const MARK: &str = "<!-- written by cargo xtask codegen from the change of specs/ -->";

/// `changelog` with `entry` first: entries this step wrote before that `HEAD`'s changelog does not have (an
/// earlier run on the same change) are replaced, never stacked; entries written by hand, and those already
/// committed, stay.
fn with_entry(changelog: Option<&str>, head: Option<&str>, entry: &str) -> String {
    let text = changelog.or(head).unwrap_or(CHANGELOG_HEAD);
    let (top, rest) = match text.find("\n## [") {
        Some(at) => (&text[..at + 1], &text[at + 1..]),
        None => (text, ""),
    };
    let mut sections: Vec<&str> = Vec::new();
    let mut remaining = rest;
    while !remaining.is_empty() {
        let end = remaining[1..].find("\n## [").map_or(remaining.len(), |at| at + 2);
        sections.push(&remaining[..end]);
        remaining = &remaining[end..];
    }
    let committed = head.unwrap_or_default();
    let kept: Vec<&str> = sections
        .into_iter()
        .filter(|section| !section.contains(MARK) || committed.contains(section.trim_end()))
        .collect();
    let mut out = format!("{}\n\n{}", top.trim_end(), entry.replacen('\n', &format!("\n{MARK}\n"), 1));
    for section in kept {
        out.push('\n');
        out.push_str(section.trim_end());
        out.push('\n');
    }
    out
}

/// `MAJOR.MINOR.PATCH` as numbers, for comparing.
fn numbers(version: &str) -> Option<(u64, u64, u64)> {
    let mut parts = version.split(['-', '+']).next()?.split('.').map(|p| p.parse::<u64>().ok());
    Some((parts.next()??, parts.next()??, parts.next()??))
}

/// Writes the proposed version (manifest and lock files) and the changelog entry for `since` (a change
/// against `HEAD`); returns the proposal, or `None` when nothing changed or `HEAD` has no manifest.
pub fn apply(root: &Path, since: &Since) -> anyhow::Result<Option<Proposal>> {
    if since.specs.is_empty() {
        return Ok(None);
    }
    let Ok(head_manifest) = crate::diff::git_show(root, "HEAD", CLIENT_MANIFEST) else { return Ok(None) };
    let from = package_version(&head_manifest).context("HEAD's manifest has no version")?.to_owned();
    let breaking = since.breaking > 0;
    let manifest_path = root.join(CLIENT_MANIFEST);
    let manifest = std::fs::read_to_string(&manifest_path).with_context(|| format!("cannot read {CLIENT_MANIFEST}"))?;
    // A version set by hand past the proposal (a release planned in the same change) stays.
    let proposed = bump(&from, breaking)?;
    let to = match package_version(&manifest) {
        Some(current) if numbers(current) > numbers(&proposed) => current.to_owned(),
        _ => proposed,
    };
    let manifest = with_package_version(&manifest, &to).context("the client's manifest has no version")?;
    write_if_changed(&manifest_path, &manifest)?;
    for lock in LOCK_FILES {
        let path = root.join(lock);
        if let Ok(text) = std::fs::read_to_string(&path) {
            write_if_changed(&path, &with_locked_version(&text, &to))?;
        }
    }
    let changelog_path = root.join(CHANGELOG);
    let changelog = std::fs::read_to_string(&changelog_path).ok();
    let head = crate::diff::git_show(root, "HEAD", CHANGELOG).ok();
    write_if_changed(&changelog_path, &with_entry(changelog.as_deref(), head.as_deref(), &entry(&to, since)))?;
    Ok(Some(Proposal { from, to, breaking }))
}

fn write_if_changed(path: &Path, text: &str) -> anyhow::Result<()> {
    if std::fs::read_to_string(path).ok().as_deref() == Some(text) {
        return Ok(());
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_bump_as_cargo_reads_them() {
        let cases = [
            ("0.1.0", true, "0.2.0"),
            ("0.1.0", false, "0.1.1"),
            ("0.3.7", true, "0.4.0"),
            ("0.0.4", false, "0.0.5"),
            ("0.0.4", true, "0.0.5"),
            ("1.4.2", true, "2.0.0"),
            ("1.4.2", false, "1.5.0"),
            ("1.4.2-rc.1", false, "1.5.0"),
        ];
        for (from, breaking, to) in cases {
            assert_eq!(bump(from, breaking).expect("semver"), to, "{from} breaking={breaking}");
        }
        assert!(bump("11.1.00x", false).is_err());
        assert!(bump("1.2", false).is_err());
    }

    #[test]
    fn the_manifest_and_lock_versions_are_rewritten_in_place() {
        let manifest =
            "[package]\nname = \"cashfree-pg\"\nversion = \"0.1.0\"\n\n[dependencies]\nx = { version = \"0.1.0\" }\n";
        let written = with_package_version(manifest, "0.2.0").expect("version");
        assert_eq!(written, manifest.replacen("\"0.1.0\"", "\"0.2.0\"", 1));
        let lock = "[[package]]\nname = \"bytes\"\nversion = \"0.1.0\"\n\n[[package]]\nname = \"cashfree-pg\"\nversion = \"0.1.0\"\n";
        let locked = with_locked_version(lock, "0.2.0");
        assert!(
            locked.ends_with("name = \"cashfree-pg\"\nversion = \"0.2.0\"\n")
                && locked.contains("\"bytes\"\nversion = \"0.1.0\"")
        );
    }

    #[test]
    fn the_entry_of_a_change_is_replaced_not_stacked_and_committed_ones_stay() {
        let first = with_entry(None, None, "## [0.1.1] - Unreleased\n\n### Added\n\n- a\n");
        assert!(first.starts_with("# Changelog") && first.contains("## [0.1.1] - Unreleased"), "{first}");
        assert!(first.contains(MARK), "{first}");
        // Run again on a changed change: the earlier entry of this change goes.
        let again = with_entry(Some(&first), None, "## [0.2.0] - Unreleased\n\n### Removed\n\n- b\n");
        assert!(!again.contains("0.1.1") && again.contains("## [0.2.0] - Unreleased"), "{again}");
        assert_eq!(with_entry(Some(&again), None, "## [0.2.0] - Unreleased\n\n### Removed\n\n- b\n"), again);
        // Once committed, an entry stays under the next change's; one written by hand too.
        let by_hand = format!("{again}\n## [0.1.0] - 2026-12-01\n\n- first\n");
        let next = with_entry(Some(&by_hand), Some(&by_hand), "## [0.2.1] - Unreleased\n\n### Added\n\n- c\n");
        let order: Vec<usize> =
            ["## [0.2.1]", "## [0.2.0]", "## [0.1.0]"].iter().map(|h| next.find(h).expect(h)).collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{next}");
    }
}
