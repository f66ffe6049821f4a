//! Criterion benchmarks of the build on synthetic content (see examples/synth), with the
//! ledgers of a run that accepted every entry: a published build, partner pages, what each
//! partner teaches, statistics and embeds included.

#[path = "../examples/synth/generate.rs"]
mod generate;

use criterion::{Criterion, criterion_group, criterion_main};
use lpdir::preview::PreviewBuilder;
use lpdir::publish::{BuildOptions, build};
use lpdir::site_root::SiteRoot;
use std::path::{Path, PathBuf};

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("build");
    group.sample_size(10);
    // `cargo test` runs each benchmark once as a smoke test: the small site is enough there,
    // and a debug build of 10,000 partners would cost CI half a minute.
    let benchmarking = std::env::args().any(|a| a == "--bench");
    let sizes: &[usize] = if benchmarking {
        &[1_000, 10_000]
    } else {
        &[1_000]
    };
    for &entries in sizes {
        // In memory where the machine offers it: at 10,000 partners a build writes 19,000
        // files in 19,000 folders, and a virtual machine's disk would be measured, not lpdir.
        let dir = match Path::new("/dev/shm").is_dir() {
            true => tempfile::tempdir_in("/dev/shm").unwrap(),
            false => tempfile::tempdir().unwrap(),
        };
        let root = dir.path().join("site");
        generate::generate(&root, entries, true).unwrap();
        group.bench_function(format!("load_and_fold_{entries}"), |b| {
            b.iter(|| {
                SiteRoot::load(&root)
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
            drafts: false,
            ..Default::default()
        };
        group.bench_function(format!("full_build_{entries}"), |b| {
            b.iter(|| build(&options).unwrap().partners)
        });

        // The live preview after a one-file edit: that entry re-read, the site rendered again.
        let base = url::Url::parse("http://127.0.0.1:1111/").unwrap();
        let mut preview = PreviewBuilder::new(root.clone(), dir.path().join("preview"), base, None);
        preview.build(&[]).unwrap();
        let file = first_entry(&root);
        let original = std::fs::read_to_string(&file).unwrap();
        let mut n = 0u64;
        group.bench_function(format!("preview_rebuild_after_one_edit_{entries}"), |b| {
            b.iter(|| {
                n += 1;
                std::fs::write(
                    &file,
                    original.replace("name: ", &format!("name: Edited {n} ")),
                )
                .unwrap();
                preview.build(std::slice::from_ref(&file)).unwrap().partners
            })
        });
    }
    group.finish();
}

/// The first entry file of the first month.
fn first_entry(root: &Path) -> PathBuf {
    let first = |dir: PathBuf| {
        std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_none_or(|e| e == "yaml"))
            .min()
            .unwrap()
    };
    first(first(root.join("content/partners")))
}

criterion_group!(benches, bench);
criterion_main!(benches);
