//! The time of each stage of the generator and of the whole run, for every spec in `specs/` and in
//! `../shared/corpus/`: `cargo bench -p codegen --bench stages`. Release build; criterion prints the figures.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use codegen::source_map::SourceMap;
use codegen::{Command, Options, SpecSource};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

fn specs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default();
    let mut found = Vec::new();
    for dir in [root.join("specs"), root.join("../shared/corpus")] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            eprintln!("{} is absent: not benchmarked", dir.display());
            continue;
        };
        let mut names: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        names.sort();
        found.extend(names);
    }
    found
}

fn stages(c: &mut Criterion) {
    let options = Options::default();
    for path in specs() {
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let Ok(spec) = codegen::spec::load(&name, &text) else { continue };
        let Ok(lowered) = codegen::lower::lower(&spec, &options) else { continue };
        let api = lowered.api;
        let mut group = c.benchmark_group(name.clone());
        group.sample_size(20);
        group.bench_function("load", |b| b.iter(|| codegen::spec::load(&name, black_box(&text))));
        group.bench_function("source_map", |b| b.iter(|| SourceMap::build(black_box(&text))));
        group.bench_function("lower", |b| b.iter(|| codegen::lower::lower(black_box(&spec), &options)));
        group.bench_function("emit", |b| b.iter(|| codegen::emit::emit_version(black_box(&api))));
        group.bench_function("render", |b| {
            b.iter_batched(
                || codegen::emit::emit_version(&api),
                |files| files.into_iter().map(|f| codegen::render::render(f, Command::Codegen).len()).sum::<usize>(),
                BatchSize::LargeInput,
            )
        });
        let source = SpecSource { name: name.clone(), text: text.clone() };
        group.bench_function("total", |b| {
            b.iter(|| codegen::generate(std::slice::from_ref(black_box(&source)), &options))
        });
        group.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
