//! What the generator's tests share: finding the corpus beside the project.

use std::path::{Path, PathBuf};

/// `../shared/corpus`, if it is there. Absent locally: `None`, with a visible skip message. Absent under CI
/// (`CI=true`): a failure, so a missing corpus never passes as a checked one.
pub fn corpus_dir(what: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(std::env::var("CI").map(|v| v != "true").unwrap_or(true), "CI=true but the corpus folder is absent");
    // Straight to the process's stderr, not `eprintln!`: libtest captures that for a passing test, and a
    // skip must show in a plain `cargo test`.
    let line = format!("SKIPPED: the corpus folder ../shared/corpus is absent: {what} was not checked\n");
    let _ = std::io::Write::write_all(&mut std::io::stderr(), line.as_bytes());
    None
}
