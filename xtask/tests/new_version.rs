//! A new API version is a new file: a spec shaped like a dated Cashfree PG version (about 90 operations over
//! 18 tags, with real specs' quirks: duplicate operationIds, enums beside `type: array`, string defaults,
//! bearer credentials and form bodies in places) dropped into `specs/` of a copy of this repository is taken
//! by `cargo xtask codegen` with located warnings and a diff summary against the version before; the crate
//! passes clippy with warnings denied with that version alone and with all versions; `--strict` refuses it.

mod common;

use xtask::codegen::{Outcome, codegen_with, version_summaries};
use xtask::sync::Mode;

const VERSION: &str = "2026-01-01";

#[test]
fn a_new_dated_spec_is_taken_with_no_hand_edit() {
    let temp = tempfile::tempdir().expect("temp dir");
    let repo = temp.path();
    common::copy_repository(repo);
    let spec = repo.join(format!("specs/{VERSION}.yaml"));
    std::fs::write(&spec, xtask::synth::spec(&xtask::synth::Options::cashfree_like(VERSION))).expect("write spec");

    let (report, warnings, apis) = match codegen_with(repo, Mode::Write, codegen::Strictness::Lenient).expect("runs") {
        Outcome::Synced { report, warnings, apis } => (report, warnings, apis),
        Outcome::Refused(diagnostics) => panic!("the new version is refused:\n{diagnostics}"),
    };
    let ours: Vec<_> = warnings.iter().filter(|w| w.location.file == format!("specs/{VERSION}.yaml")).collect();
    assert!(!ours.is_empty(), "the quirks must be reported");
    for warning in &ours {
        assert!(warning.location.line.is_some() && warning.location.pointer.starts_with("#/"), "{warning}");
    }
    for quirk in ["is also used by", "beside `type: array`", "read as false for type boolean", "read as 10"] {
        assert!(ours.iter().any(|w| w.message.contains(quirk)), "no warning says `{quirk}`");
    }
    let summaries = version_summaries(&apis, &report);
    let summary = summaries.iter().find(|s| s.contains(VERSION)).expect("a diff summary for the new version");
    assert!(
        summary.contains("2025-01-01") && summary.contains("breaking") && summary.contains("additive"),
        "{summary}"
    );

    let client = repo.join("generated-client");
    let lib = std::fs::read_to_string(client.join("src/lib.rs")).expect("lib.rs");
    assert!(lib.contains("#[cfg(feature = \"v2026-01-01\")]") && lib.contains("pub mod v2026_01_01;"), "{lib}");
    let readme = std::fs::read_to_string(client.join("README.md")).expect("README");
    assert!(readme.contains("| `v2026_01_01` | `2026-01-01` | `v2026-01-01` |"), "the README lists the version");
    let features = common::features(&client.join("Cargo.toml"));
    assert!(features.contains(&"v2026-01-01".to_owned()), "{features:?}");

    // The new version alone, with its tags; then every version.
    let groups: Vec<String> = codegen::manifest::group_features(&apis[apis.len() - 1..]).into_keys().collect();
    let alone = std::iter::once(format!("v{VERSION}")).chain(groups).collect::<Vec<_>>().join(",");
    common::cargo(&client, &["clippy", "--quiet", "--lib", "--no-default-features", "--features", &alone]);
    common::cargo(&client, &["clippy", "--quiet", "--lib"]);

    match codegen_with(repo, Mode::Check, codegen::Strictness::Strict).expect("runs") {
        Outcome::Refused(diagnostics) => {
            assert!(diagnostics.iter().all(|d| d.severity == codegen::diagnostic::Severity::Error));
            assert!(diagnostics.iter().any(|d| d.location.file == format!("specs/{VERSION}.yaml")));
        }
        Outcome::Synced { .. } => panic!("--strict must refuse a spec with quirks"),
    }
}
