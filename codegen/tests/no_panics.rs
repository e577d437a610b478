//! No input makes the generator panic. Real specs (`specs/` and, when present, the corpus) and the small
//! one-construct fixtures (many more cases: each is fast) are mutated:
//! nodes deleted, duplicated, retyped and renamed, the text truncated; load -> lower -> emit -> render runs
//! on each, and whenever output is refused there is an error diagnostic saying why.

mod common;

use std::path::{Path, PathBuf};

use codegen::source_map::SourceMap;
use codegen::{Options, SpecSource};
use proptest::prelude::*;
use serde_json::Value;

#[derive(Debug, Clone)]
enum Mutation {
    Delete,
    Duplicate,
    Retype(u8),
    Rename(String),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        Just(Mutation::Delete),
        Just(Mutation::Duplicate),
        (0u8..8).prop_map(Mutation::Retype),
        prop_oneof![
            "[a-z_]{0,8}".prop_map(|s| s),
            Just("$ref".to_owned()),
            Just("type".to_owned()),
            Just("oneOf".to_owned()),
            Just("allOf".to_owned()),
            Just("{id}".to_owned()),
            Just("/a/{b}".to_owned()),
            Just("2XX".to_owned()),
            ".{0,6}".prop_map(|s| s),
        ]
        .prop_map(Mutation::Rename),
    ]
}

fn replacement(kind: u8) -> Value {
    match kind {
        0 => Value::Null,
        1 => Value::Bool(true),
        2 => serde_json::json!(7),
        3 => serde_json::json!(-1.5),
        4 => serde_json::json!("text"),
        5 => serde_json::json!([]),
        6 => serde_json::json!({}),
        _ => serde_json::json!({"$ref": "#/components/schemas/Nowhere"}),
    }
}

fn change(slot: &mut Value, mutation: &Mutation) -> Option<Value> {
    match mutation {
        Mutation::Retype(kind) => {
            *slot = replacement(*kind);
            None
        }
        Mutation::Duplicate => Some(slot.clone()),
        Mutation::Delete | Mutation::Rename(_) => None,
    }
}

/// Walks down by `path` (each step picks a child by index, modulo) and mutates the node where it stops.
fn apply(node: &mut Value, path: &[u32], mutation: &Mutation) {
    let Some((first, rest)) = path.split_first() else { return };
    match node {
        Value::Object(map) if !map.is_empty() => {
            let index = *first as usize % map.len();
            let Some(key) = map.keys().nth(index).cloned() else { return };
            let deeper = !rest.is_empty()
                && map.get(&key).is_some_and(|c| {
                    c.as_object().is_some_and(|m| !m.is_empty()) || c.as_array().is_some_and(|a| !a.is_empty())
                });
            if deeper {
                if let Some(child) = map.get_mut(&key) {
                    apply(child, rest, mutation);
                }
                return;
            }
            match mutation {
                Mutation::Delete => {
                    map.remove(&key);
                }
                Mutation::Rename(new) => {
                    if let Some(value) = map.remove(&key) {
                        map.insert(new.clone(), value);
                    }
                }
                other => {
                    if let Some(copy) = map.get_mut(&key).and_then(|slot| change(slot, other)) {
                        map.insert(format!("{key}_copy"), copy);
                    }
                }
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let index = *first as usize % items.len();
            let deeper = !rest.is_empty() && (items[index].is_object() || items[index].is_array());
            if deeper {
                apply(&mut items[index], rest, mutation);
                return;
            }
            match mutation {
                Mutation::Delete | Mutation::Rename(_) => {
                    items.remove(index);
                }
                other => {
                    if let Some(copy) = change(&mut items[index], other) {
                        items.push(copy);
                    }
                }
            }
        }
        _ => {}
    }
}

fn load_value(path: &Path) -> (String, Value) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    let value = if path.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(&text).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
    } else {
        let yaml: serde_yaml::Value =
            serde_yaml::from_str(&text).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
        serde_json::to_value(yaml).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
    };
    (path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(), value)
}

/// Runs the whole pipeline on `text` named `name`: no panic, and a refusal always comes with an error.
fn check(name: &str, text: String) -> Result<(), TestCaseError> {
    let _ = SourceMap::build(&text);
    let source = SpecSource { name: name.to_owned(), text };
    match codegen::generate(std::slice::from_ref(&source), &Options::default()) {
        Ok(generated) => prop_assert!(!generated.files.is_empty()),
        Err(diagnostics) => prop_assert!(diagnostics.has_errors(), "refused without an error:\n{diagnostics}"),
    }
    Ok(())
}

fn render(name: &str, value: &Value) -> String {
    if name.ends_with(".json") {
        serde_json::to_string_pretty(value).unwrap_or_default()
    } else {
        serde_yaml::to_string(value).unwrap_or_default()
    }
}

fn fuzz(specs: Vec<PathBuf>, cases: u32) {
    let inputs: Vec<(String, Value)> = specs.iter().map(|p| load_value(p)).collect();
    let config = ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() };
    let strategy = (
        0..inputs.len(),
        proptest::collection::vec((proptest::collection::vec(any::<u32>(), 1..10), mutation()), 1..4),
        proptest::option::weighted(0.15, 0.0f64..1.0),
    );
    proptest!(config, |((which, steps, truncate) in strategy)| {
        let (name, original) = &inputs[which];
        let mut value = original.clone();
        for (path, mutation) in &steps {
            apply(&mut value, path, mutation);
        }
        let mut text = render(name, &value);
        if let Some(fraction) = truncate {
            let mut cut = (text.len() as f64 * fraction) as usize;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text.truncate(cut);
        }
        check(name, text)?;
    });
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn specs_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { panic!("cannot list {}", dir.display()) };
    let mut specs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    specs.sort();
    assert!(!specs.is_empty(), "no specs in {}", dir.display());
    specs
}

#[test]
fn mutated_specs_never_panic() {
    // Whole Payment Gateway APIs: each case generates a large crate.
    fuzz(specs_in(&workspace().join("specs")), 60);
}

#[test]
fn mutated_fixtures_never_panic() {
    let tests = workspace().join("codegen/tests");
    let mut specs = specs_in(&tests.join("fixtures"));
    specs.extend(specs_in(&tests.join("quirks")));
    fuzz(specs, 1500);
}

#[test]
fn mutated_corpus_specs_never_panic() {
    let Some(dir) = common::corpus_dir("fuzzing the corpus") else { return };
    fuzz(specs_in(&dir), 40);
}

#[test]
fn arbitrary_text_never_panics() {
    let config = ProptestConfig { cases: 500, failure_persistence: None, ..ProptestConfig::default() };
    proptest!(config, |(text in ".{0,200}", json in any::<bool>())| {
        let name = if json { "arbitrary.json" } else { "arbitrary.yaml" };
        check(name, text)?;
    });
}
