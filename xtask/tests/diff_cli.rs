//! `cargo xtask diff` as CI gates use it: Markdown or JSON, the same report the library makes (whose content
//! the snapshot tests record), and exit code 3 on breaking changes when asked.

use std::path::Path;
use std::process::Command;

fn xtask(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).output().expect("run xtask")
}

/// The report the library makes for two of `specs/`.
fn library_report(old: &str, new: &str) -> codegen::diff::Report {
    let root = xtask::workspace_root().expect("root");
    match xtask::diff::report(&root, old, new).expect("report") {
        Ok(report) => report,
        Err(diagnostics) => panic!("{diagnostics}"),
    }
}

/// The `old:` and `new:` specs of a diff fixture pair, written as two files.
fn fixture_pair(name: &str, dir: &Path) -> (String, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../codegen/tests/diff").join(name);
    let text = std::fs::read_to_string(&path).expect("fixture");
    let value: serde_yaml::Value = serde_yaml::from_str(&text).expect("yaml");
    let write = |side: &str| {
        let file = dir.join(format!("{side}.yaml"));
        std::fs::write(&file, serde_yaml::to_string(&value[side]).expect("yaml")).expect("write");
        file.display().to_string()
    };
    (write("old"), write("new"))
}

#[test]
fn markdown_is_the_library_report() {
    let output = xtask(&["diff", "2023-08-01", "2025-01-01"]);
    assert!(output.status.success());
    let expected = library_report("2023-08-01", "2025-01-01").to_markdown();
    assert_eq!(String::from_utf8_lossy(&output.stdout), expected);

    let same = xtask(&["diff", "2025-01-01", "2025-01-01", "--fail-on-breaking"]);
    assert!(same.status.success());
    assert!(String::from_utf8_lossy(&same.stdout).starts_with("**0 breaking, 0 additive**"));
}

#[test]
fn the_breaking_gate_exits_3() {
    let temp = tempfile::tempdir().expect("temp dir");
    // The fixture removes an enum value: a breaking change.
    let (old, new) = fixture_pair("enum_values.yaml", temp.path());
    let gated = xtask(&["diff", &old, &new, "--fail-on-breaking"]);
    assert_eq!(gated.status.code(), Some(3), "{}", String::from_utf8_lossy(&gated.stdout));
    let reversed_same = xtask(&["diff", &new, &new, "--fail-on-breaking"]);
    assert!(reversed_same.status.success());
}

#[test]
fn json_for_tools() {
    let output = xtask(&["diff", "2023-08-01", "2025-01-01", "--format", "json"]);
    assert!(output.status.success());
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let expected = library_report("2023-08-01", "2025-01-01");
    assert_eq!(report["breaking"], expected.breaking);
    assert_eq!(report["additive"], expected.additive);
    assert_eq!(report["changes"].as_array().map(Vec::len), Some(expected.changes.len()));
    for change in report["changes"].as_array().expect("changes") {
        assert!(change["impact"] == "breaking" || change["impact"] == "additive", "{change}");
        assert!(change["subject"].as_str().is_some_and(|s| !s.is_empty()), "{change}");
    }
}

#[test]
fn a_broken_spec_is_an_error_not_a_diff() {
    let temp = tempfile::tempdir().expect("temp dir");
    let broken = temp.path().join("broken.yaml");
    std::fs::write(&broken, "openapi: 4.0.0\n").expect("write");
    let output = xtask(&["diff", "2025-01-01", &broken.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("OpenAPI 4.0.0 is not supported"));
}

/// A git repository holding `specs/` as given, committed; `git` run with a fixed identity.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new(specs: &[(&str, &serde_yaml::Value)]) -> Repo {
        let repo = Repo { dir: tempfile::tempdir().expect("temp dir") };
        std::fs::create_dir(repo.dir.path().join("specs")).expect("specs/");
        repo.git(&["init", "--quiet"]);
        for (name, spec) in specs {
            repo.write(name, spec);
        }
        let client = repo.dir.path().join("generated-client");
        std::fs::create_dir(&client).expect("generated-client/");
        let manifest = "[package]\nname = \"cashfree-pg\"\nversion = \"0.1.0\"\n\n[dependencies]\nserde = \"1.0.0\"\n";
        std::fs::write(client.join("Cargo.toml"), manifest).expect("manifest");
        let lock = "[[package]]\nname = \"cashfree-pg\"\nversion = \"0.1.0\"\n\n[[package]]\nname = \"serde\"\nversion = \"1.0.0\"\n";
        std::fs::write(repo.dir.path().join("Cargo.lock"), lock).expect("lock");
        repo.git(&["add", "."]);
        repo.git(&["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "--quiet", "-m", "specs"]);
        repo
    }

    fn git(&self, args: &[&str]) {
        let status = Command::new("git").arg("-C").arg(self.dir.path()).args(args).status().expect("git");
        assert!(status.success(), "git {args:?}");
    }

    fn write(&self, name: &str, spec: &serde_yaml::Value) {
        let text = serde_yaml::to_string(spec).expect("yaml");
        std::fs::write(self.dir.path().join("specs").join(name), text).expect("write spec");
    }

    fn since(&self, rev: &str) -> xtask::diff::Since {
        match xtask::diff::since(self.dir.path(), rev).expect("since") {
            Ok(since) => since,
            Err(diagnostics) => panic!("{diagnostics}"),
        }
    }
}

fn spec_2025() -> serde_yaml::Value {
    let root = xtask::workspace_root().expect("root");
    serde_yaml::from_str(&std::fs::read_to_string(root.join("specs/2025-01-01.yaml")).expect("spec")).expect("yaml")
}

#[test]
fn since_a_revision_names_each_change_of_each_spec() {
    let original = spec_2025();
    let repo = Repo::new(&[("2025-01-01.yaml", &original)]);
    let nothing = repo.since("HEAD");
    assert_eq!((nothing.breaking, nothing.additive, nothing.specs.len()), (0, 0, 0));

    // The change: an optional field and an enum value.
    let mut changed = original.clone();
    let entity = &mut changed["components"]["schemas"]["InstrumentEntity"];
    entity["properties"]["network_token_status"] = serde_yaml::from_str("{type: string}").expect("yaml");
    let values = entity["properties"]["instrument_status"]["enum"].as_sequence_mut().expect("enum");
    values.push("SUSPENDED".into());
    repo.write("2025-01-01.yaml", &changed);
    let since = repo.since("HEAD");
    assert_eq!(since.breaking, 0, "{}", since.to_markdown());
    let text = since.to_markdown();
    assert!(text.contains("network_token_status") && text.contains("SUSPENDED"), "{text}");
    assert!(text.starts_with("# Spec changes since `HEAD`"), "{text}");
    let summary = since.summary(20);
    assert!(summary.contains("network_token_status") && summary.contains("SUSPENDED"), "{summary}");

    // A field taken away is breaking.
    let mut removed = original.clone();
    removed["components"]["schemas"]["InstrumentEntity"]["properties"]
        .as_mapping_mut()
        .expect("properties")
        .remove("instrument_uid");
    repo.write("2025-01-01.yaml", &removed);
    let since = repo.since("HEAD");
    assert!(since.breaking > 0, "{}", since.to_markdown());
    assert!(since.to_markdown().contains("instrument_uid"));
}

#[test]
fn since_a_revision_a_new_version_is_additive_and_a_removed_one_breaking() {
    let original = spec_2025();
    let repo = Repo::new(&[("2025-01-01.yaml", &original)]);
    let mut next = original.clone();
    next["info"]["version"] = "2026-01-01".into();
    repo.write("2026-01-01.yaml", &next);
    std::fs::remove_file(repo.dir.path().join("specs/2025-01-01.yaml")).expect("remove");
    let since = repo.since("HEAD");
    let json = serde_json::to_value(&since).expect("json");
    let statuses: Vec<&str> =
        json["specs"].as_array().expect("specs").iter().filter_map(|s| s["status"].as_str()).collect();
    assert_eq!(statuses, ["removed", "added"], "{json}");
    assert_eq!((since.breaking, since.additive), (1, 1));
    assert!(since.to_markdown().contains("version 2026-01-01 added (additive)"));
    assert!(json["specs"][1]["operations"].as_array().is_some_and(|ops| !ops.is_empty()));
}

#[test]
fn since_needs_a_revision_git_knows() {
    let repo = Repo::new(&[("2025-01-01.yaml", &spec_2025())]);
    let err = xtask::diff::since(repo.dir.path(), "no-such-rev").expect_err("unknown revision");
    assert!(err.to_string().contains("no-such-rev"), "{err}");
}

#[test]
fn a_change_proposes_the_next_version_and_writes_its_changelog_entry() {
    let original = spec_2025();
    let repo = Repo::new(&[("2025-01-01.yaml", &original)]);
    let root = repo.dir.path();
    let read = |path: &str| std::fs::read_to_string(root.join(path)).unwrap_or_default();
    // Nothing changed: nothing written.
    assert_eq!(xtask::release::apply(root, &repo.since("HEAD")).expect("apply"), None);
    assert!(!root.join("generated-client/CHANGELOG.md").exists());

    let mut additive = original.clone();
    let entity = &mut additive["components"]["schemas"]["InstrumentEntity"];
    entity["properties"]["network_token_status"] = serde_yaml::from_str("{type: string}").expect("yaml");
    repo.write("2025-01-01.yaml", &additive);
    let proposal = xtask::release::apply(root, &repo.since("HEAD")).expect("apply").expect("a proposal");
    assert_eq!((proposal.from.as_str(), proposal.to.as_str(), proposal.breaking), ("0.1.0", "0.1.1", false));
    assert!(read("generated-client/Cargo.toml").contains("version = \"0.1.1\""));
    assert!(read("generated-client/Cargo.toml").contains("serde = \"1.0.0\""), "only the package's version");
    assert!(read("Cargo.lock").contains("name = \"cashfree-pg\"\nversion = \"0.1.1\""));
    let changelog = read("generated-client/CHANGELOG.md");
    assert!(changelog.starts_with("# Changelog"), "{changelog}");
    assert!(changelog.contains("## [0.1.1] - Unreleased") && changelog.contains("### Added"), "{changelog}");
    assert!(changelog.contains("network_token_status"), "{changelog}");
    // Again: the same files.
    xtask::release::apply(root, &repo.since("HEAD")).expect("apply");
    assert_eq!(read("generated-client/CHANGELOG.md"), changelog);
    assert!(read("generated-client/Cargo.toml").contains("version = \"0.1.1\""));

    // The change grows a breaking part: the proposal becomes 0.2.0, one entry.
    additive["components"]["schemas"]["InstrumentEntity"]["properties"]
        .as_mapping_mut()
        .expect("properties")
        .remove("instrument_uid");
    repo.write("2025-01-01.yaml", &additive);
    let proposal = xtask::release::apply(root, &repo.since("HEAD")).expect("apply").expect("a proposal");
    assert_eq!((proposal.to.as_str(), proposal.breaking), ("0.2.0", true));
    let changelog = read("generated-client/CHANGELOG.md");
    assert!(!changelog.contains("0.1.1") && changelog.contains("## [0.2.0] - Unreleased"), "{changelog}");
    assert!(changelog.contains("**Breaking**") && changelog.contains("instrument_uid"), "{changelog}");
}
