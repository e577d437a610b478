//! Quirks of real specs that have one obvious reading (`tests/quirks/`): each generates, with located
//! warnings that say what was done (snapshotted with the outline of what was made); under `--strict` each is
//! refused, with the same diagnostics as errors and nothing generated. Every quirk spec is also compiled and
//! linted as part of `fixture-client`.

use std::path::Path;

use codegen::diagnostic::Severity;
use codegen::{Options, SpecSource, Strictness};

fn quirks() -> Vec<(String, SpecSource)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/quirks");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("cannot list {}: {err}", dir.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml") || n.ends_with(".json"))
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no quirk specs in {}", dir.display());
    names
        .into_iter()
        .map(|name| {
            let text = std::fs::read_to_string(dir.join(&name)).unwrap_or_else(|err| panic!("{name}: {err}"));
            let stem = name.rsplit_once('.').map(|(s, _)| s.to_owned()).unwrap_or_default();
            (stem, SpecSource { name: format!("quirks/{name}"), text })
        })
        .collect()
}

#[test]
fn each_quirk_generates_with_located_warnings() {
    for (stem, source) in quirks() {
        let generated = codegen::generate(std::slice::from_ref(&source), &Options::default())
            .unwrap_or_else(|d| panic!("{stem} is refused:\n{d}"));
        assert!(!generated.warnings.is_empty(), "{stem}: a quirk must be reported");
        for warning in generated.warnings.iter() {
            assert_eq!(warning.severity, Severity::Warning);
            assert_eq!(warning.location.file, source.name, "{warning}");
            assert!(warning.location.line.is_some(), "{stem}: every warning has a line: {warning}");
            assert!(warning.location.pointer.starts_with('#'), "{warning}");
        }
        let report = format!("{}\n\n{}", generated.warnings, codegen::outline::outline(&generated.apis[0]));
        let mut settings = insta::Settings::clone_current();
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.bind(|| insta::assert_snapshot!(format!("quirk_{stem}"), report));
    }
}

#[test]
fn strict_refuses_each_quirk_with_the_same_diagnostics_as_errors() {
    let strict = Options { strictness: Strictness::Strict, ..Options::default() };
    for (stem, source) in quirks() {
        let lenient = codegen::generate(std::slice::from_ref(&source), &Options::default())
            .unwrap_or_else(|d| panic!("{stem} is refused:\n{d}"));
        let errors = match codegen::generate(std::slice::from_ref(&source), &strict) {
            Ok(_) => panic!("{stem}: --strict generated a spec with warnings"),
            Err(errors) => errors,
        };
        assert_eq!(errors.len(), lenient.warnings.len(), "{stem}");
        assert_eq!(errors.count(Severity::Error), errors.len(), "{stem}: every diagnostic is an error");
        let lenient_places: Vec<_> = lenient.warnings.iter().map(|d| (&d.location, &d.message)).collect();
        let strict_places: Vec<_> = errors.iter().map(|d| (&d.location, &d.message)).collect();
        assert_eq!(lenient_places, strict_places, "{stem}");
    }
}

/// A spec with nothing to warn about generates the same files under `--strict` as without it: strictness
/// only counts warnings, it changes nothing that is made. Every one-construct fixture that warns of nothing
/// is such a spec.
#[test]
fn strict_generates_a_clean_spec_unchanged() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut clean = 0;
    for entry in std::fs::read_dir(&dir).expect("fixtures folder") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read fixture");
        let name = format!("fixtures/{}", path.file_name().unwrap_or_default().to_string_lossy());
        let sources = [SpecSource { name: name.clone(), text }];
        let Ok(lenient) = codegen::generate(&sources, &Options::default()) else { continue };
        if !lenient.warnings.is_empty() {
            continue;
        }
        clean += 1;
        let strict = Options { strictness: Strictness::Strict, ..Options::default() };
        let strict = codegen::generate(&sources, &strict).unwrap_or_else(|d| panic!("{name} is clean:\n{d}"));
        assert_eq!(lenient.files, strict.files, "{name}");
    }
    assert!(clean > 0, "no fixture generates without warnings");
}
