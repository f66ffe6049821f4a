//! The directory's weight and speed in a browser at scale: builds a synthetic directory
//! (examples/synth, with ledgers: a published build), serves it on loopback, and measures in
//! headless Chromium (over DevTools) the home page's HTML weight, the time from navigation
//! until the filters are usable, and the time a keystroke in the search box takes to update
//! the list, painted.
//!
//! `cargo run --release --example browse_bench -- --entries 10000` (scripts/bench-browse.sh)

#[path = "../synth/generate.rs"]
mod generate;

// Only what starting a browser needs is used here.
#[allow(dead_code)]
#[path = "../../tests/common/browser.rs"]
mod browser;

use clap::Parser;
use std::io::Write as _;

#[derive(Parser)]
struct Args {
    #[arg(long, default_value_t = 10_000)]
    entries: usize,
    /// Page loads to measure (the figures are their median and worst).
    #[arg(long, default_value_t = 5)]
    runs: usize,
}

/// The search box's text after each keystroke of `KEYSTROKES`.
const STEPS: [&str; 8] = ["c", "co", "con", "cont", "conto", "contos", "contoso", ""];

/// Types a search one key at a time, timing each key from the input event to the next frame
/// after the list changed (layout and paint included), then clears it in one step.
const KEYSTROKES: &str = r#"
const done = arguments[arguments.length - 1];
const q = document.getElementById('q');
const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
(async () => {
  const times = [];
  for (const text of ['c', 'co', 'con', 'cont', 'conto', 'contos', 'contoso', '']) {
    const t0 = performance.now();
    q.value = text;
    q.dispatchEvent(new Event('input'));
    await frame();
    times.push(performance.now() - t0);
  }
  done(times);
})();
"#;

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let work = tempfile::tempdir()?;
    let root = work.path().join("site");
    generate::generate(&root, args.entries, true)?;
    let public = work.path().join("public");
    lpdir::publish::build(&lpdir::publish::BuildOptions {
        root,
        output: Some(public.clone()),
        drafts: false,
        ..Default::default()
    })
    .map_err(|e| format!("the build failed: {e}"))?;
    let html = std::fs::read(public.join("index.html"))?;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    gz.write_all(&html)?;
    let gzipped = gz.finish()?.len();
    let rows = String::from_utf8_lossy(&html).matches("<tr data-").count();

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let router = lpdir::preview::router(&public, "/");
    tokio::spawn(async move { axum::serve(listener, router).await });

    // The browser tests' headless Chromium (DevTools over a pipe, a 1280 × 900 tab).
    let browser = browser::Browser::start().await;

    let (mut ready, mut interactive, mut keys, mut worst) =
        (Vec::new(), Vec::new(), Vec::new(), 0f64);
    let mut by_step: Vec<Vec<f64>> = vec![Vec::new(); STEPS.len()];
    for _ in 0..args.runs {
        browser.goto(&format!("http://{addr}/")).await;
        let timing = browser
            .eval(
                "const n = performance.getEntriesByType('navigation')[0];
                 const m = performance.getEntriesByName('lpdir-filters-ready')[0];
                 return [n.domInteractive, m ? m.startTime : -1];",
            )
            .await;
        interactive.push(timing[0].as_f64().unwrap_or(-1.0));
        ready.push(timing[1].as_f64().unwrap_or(-1.0));
        let times: Vec<f64> = serde_json::from_value(browser.eval_async(KEYSTROKES).await)?;
        for (i, t) in times.into_iter().enumerate() {
            worst = worst.max(t);
            keys.push(t);
            by_step[i].push(t);
        }
    }
    let steps: Vec<String> = STEPS
        .iter()
        .zip(by_step.iter_mut())
        .map(|(text, times)| format!("{text:?} {:.0}", median(times)))
        .collect();
    println!(
        "{} partners ({} rows in the home page)\n\
         home page HTML: {:.2} MB raw, {:.0} KB gzip (level 6)\n\
         navigation to DOM interactive: median {:.0} ms\n\
         navigation to usable filters: median {:.0} ms (worst {:.0} ms) over {} loads\n\
         keystroke to painted list: median {:.1} ms, worst {:.1} ms over {} keystrokes\n\
         per keystroke (the search box's text after it; median ms): {}",
        args.entries,
        rows,
        html.len() as f64 / 1e6,
        gzipped as f64 / 1e3,
        median(&mut interactive),
        median(&mut ready.clone()),
        ready.iter().copied().fold(0.0, f64::max),
        args.runs,
        median(&mut keys),
        worst,
        keys.len(),
        steps.join(", ")
    );
    Ok(())
}
