//! Writes a synthetic site for benchmarks:
//! `cargo run --release --example synth -- --entries 10000 --ledgers --out /tmp/synth-10k`

mod generate;

use clap::Parser;
use std::path::PathBuf;

#[derive(Parser)]
struct Args {
    /// How many entry files to write.
    #[arg(long, default_value_t = 10_000)]
    entries: usize,
    /// Also write the ledgers of a run that accepted every entry (a published build).
    #[arg(long)]
    ledgers: bool,
    /// The site root to create; it must not exist yet.
    #[arg(long)]
    out: PathBuf,
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    if args.out.exists() {
        eprintln!("error: {} exists; choose a new folder", args.out.display());
        return std::process::ExitCode::from(2);
    }
    match generate::generate(&args.out, args.entries, args.ledgers) {
        Ok(()) => {
            println!("wrote {} entries to {}", args.entries, args.out.display());
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
