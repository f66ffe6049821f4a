//! Criterion benchmarks of the build on synthetic content (see examples/synth).

#[path = "../examples/synth/generate.rs"]
mod generate;

use criterion::{Criterion, criterion_group, criterion_main};
use lpdir::site::{BuildOptions, LoadedSite, build};

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("build");
    group.sample_size(10);
    for entries in [1_000usize, 10_000] {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        generate::generate(&root, entries).unwrap();
        group.bench_function(format!("load_and_fold_{entries}"), |b| {
            b.iter(|| {
                LoadedSite::load(&root)
                    .unwrap()
                    .directory(None)
                    .unwrap()
                    .partners
                    .len()
            })
        });
        let options = BuildOptions {
            root: root.clone(),
            output: Some(dir.path().join("out")),
            ..Default::default()
        };
        group.bench_function(format!("full_build_{entries}"), |b| {
            b.iter(|| build(&options).unwrap().partners)
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
