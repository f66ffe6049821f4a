//! `lpdir init`: start a new directory.

use super::{EXIT_FAILURE, EXIT_INPUT, EXIT_OK};
use lpdir::init::{InitError, init};
use lpdir::publish::schedule;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The new directory's folder (created if missing).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Add the missing files to a folder that is not empty (existing files are kept).
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: &InitArgs) -> u8 {
    let month = schedule::today().month;
    match init(&args.dir, month, args.force) {
        Ok(report) => {
            println!(
                "Started a Microsoft Learning Partner directory in {}",
                args.dir.display()
            );
            for file in &report.written {
                println!("  wrote {file}");
            }
            for file in &report.kept {
                println!("  kept  {file} (it existed)");
            }
            let dir = args.dir.display();
            println!(
                "Next: `lpdir serve --root {dir}` to preview it, and `lpdir add --root {dir} --name … --country … --url …` for a partner's request."
            );
            EXIT_OK
        }
        Err(e) => {
            anstream::eprintln!("error: {e}\n   = help: {}", e.help());
            match e {
                InitError::Io { .. } => EXIT_FAILURE,
                _ => EXIT_INPUT,
            }
        }
    }
}
