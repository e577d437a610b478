//! `cashfree-pg` builds warning-free, clippy-clean and rustdoc-clean with any of its features: nothing, each
//! version alone, each tag alone (in every version that has it), the mock, the blocking client, every type
//! serializable or deserializable (alone and with one tag), and everything.

mod common;

#[test]
fn every_feature_combination_builds_clean() {
    let root = xtask::workspace_root().expect("workspace root");
    let client = root.join("generated-client");
    let features = common::features(&client.join("Cargo.toml"));
    let versions: Vec<&String> = features
        .iter()
        .filter(|f| f.starts_with('v') && f.contains('-') && f[1..2].chars().all(|c| c.is_ascii_digit()))
        .collect();
    let tags: Vec<&String> = features.iter().filter(|f| !versions.contains(f)).collect();
    assert!(!versions.is_empty() && !tags.is_empty(), "{features:?}");
    let all_versions: Vec<&str> = versions.iter().map(|v| v.as_str()).collect();
    let all_versions = all_versions.join(",");
    let mut sets: Vec<String> = vec![String::new(), "mock".to_owned()];
    sets.extend(versions.iter().map(|v| (*v).clone()));
    // Each tag alone, in every version at once: the versions are modules apart, so a warning of one
    // version's tag alone shows here as it would in a build of that version alone.
    let tag_sets: Vec<String> = tags.iter().map(|tag| format!("{all_versions},{tag}")).collect();
    sets.extend(tag_sets.iter().cloned());
    // The runtime's features: each with every group, and all of them with one tag alone (where the
    // per-direction serde gates meet the `serialize` and `deserialize` features).
    let every_tag: Vec<&str> = tags.iter().map(|t| t.as_str()).collect();
    let every_tag = every_tag.join(",");
    for runtime in ["blocking", "serialize", "deserialize"] {
        sets.push(format!("{all_versions},{every_tag},{runtime}"));
    }
    sets.push(format!("{},serialize,deserialize,blocking", tag_sets[0]));
    let lib = ["--quiet", "--lib", "-p", "cashfree-pg", "--no-default-features"];
    for set in &sets {
        let mut args = vec!["clippy"];
        args.extend(lib);
        if !set.is_empty() {
            args.extend(["--features", set.as_str()]);
        }
        common::cargo(&root, &args);
    }
    // rustdoc too: an intra-doc link to a type another tag's feature gates away breaks only there.
    for set in &tag_sets {
        common::cargo(
            &root,
            &["doc", "--no-deps", "--quiet", "-p", "cashfree-pg", "--no-default-features", "--features", set],
        );
    }
    common::cargo(&root, &["clippy", "--quiet", "--lib", "-p", "cashfree-pg", "--all-features"]);
    common::cargo(&root, &["doc", "--no-deps", "--quiet", "-p", "cashfree-pg", "--all-features"]);
}

/// The fixture crate's groups that compile something on their own, each built alone, clippy-clean:
/// - the runtime's optional parts (multipart forms, parameter styles, unions) compile with the groups whose
///   code calls them, and nothing else of the others (a part the generator failed to declare for a group
///   would not compile here);
/// - a type several groups share in different directions derives `Serialize` with the groups that send
///   it and `Deserialize` with those that receive it (a direction a group needs but does not get would not
///   compile here).
#[test]
fn groups_that_compile_something_of_their_own_build_alone() {
    use codegen::emit::parts::{PartGate, crate_parts};
    use codegen::model::SerdeGate;
    let root = xtask::workspace_root().expect("workspace root");
    let target = &xtask::codegen::TARGETS[1];
    let mut sources = Vec::new();
    for dir in target.specs {
        sources.extend(xtask::codegen::read_specs(&root, dir).expect("fixtures"));
    }
    let options = codegen::Options {
        module_from: target.module_from,
        runtime_path: target.runtime_path.map(str::to_owned),
        version_features: target.version_features,
        mock_by_default: target.mock_by_default,
        ..codegen::Options::default()
    };
    let generated = codegen::generate(&sources, &options).expect("the fixtures generate");
    let mut groups = std::collections::BTreeSet::new();
    for (part, gate) in crate_parts(&generated.apis, target.version_features) {
        match gate {
            PartGate::Features(features) => {
                assert!(!features.is_empty(), "no fixture calls {part:?}: the fixtures must exercise every part");
                groups.extend(features);
            }
            // An always-compiled operation calls it: every build has it.
            PartGate::Always => {}
        }
    }
    let mut split = 0;
    for def in generated.apis.iter().flat_map(|api| api.types.values()) {
        for gate in [def.usage.serialize_gate(), def.usage.deserialize_gate()] {
            if let SerdeGate::Features(features) = gate {
                split += 1;
                groups.extend(features);
            }
        }
    }
    assert!(split > 0, "no fixture shares a type between groups in different directions");
    for group in groups {
        common::cargo(
            &root,
            &["clippy", "--quiet", "--lib", "-p", "fixture-client", "--no-default-features", "--features", &group],
        );
    }
}
