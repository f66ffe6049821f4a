//! The `lpdir` command line: parses arguments, runs the library, prints results.

mod add;
mod build;
mod check;
mod init;
mod network;
mod page_report;
mod publish;
mod self_check;
mod serve;
mod validate;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Builds and guards the Microsoft Learning Partner directory.
#[derive(Debug, Parser)]
#[command(name = "lpdir", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the directory site from the monthly partner entries.
    Build(build::BuildArgs),
    /// Judge one landing page against the directory's four rules (for partners).
    Check(check::CheckArgs),
    /// Judge every landing page submitted in a month (for maintainers).
    Validate(validate::ValidateArgs),
    /// Run the month's publication: judge its entries, record the decisions, build the site.
    Publish(publish::PublishArgs),
    /// Build the site and serve it on this machine for a preview.
    Serve(serve::ServeArgs),
    /// Run the partner self-check web service (a form and a JSON API) for a directory.
    SelfCheck(self_check::SelfCheckArgs),
    /// Print the JSON Schema of a partner entry (for editors).
    Schema,
    /// Start a new directory: configuration, pages, schema, and CI workflows.
    Init(init::InitArgs),
    /// Turn a partner's request (or a CSV of them) into an entry file for the month.
    Add(add::AddArgs),
    /// Write the removal of a listed partner for the month.
    Remove(add::RemoveArgs),
}

/// Exit status: everything went well.
pub const EXIT_OK: u8 = 0;
/// Exit status: a failure that is not the user's input (I/O, …).
pub const EXIT_FAILURE: u8 = 1;
/// Exit status: bad usage, configuration or content.
pub const EXIT_INPUT: u8 = 2;
/// Exit status of `publish` outside the month's third week (without `--force`): nothing was
/// done, and a scheduled job can skip quietly.
pub const EXIT_NOT_THIRD_WEEK: u8 = 3;

/// Refuses a site folder that does not exist: a mistyped `--root` would otherwise serve an
/// empty directory.
fn require_root(root: &std::path::Path) -> Result<(), u8> {
    if root.is_dir() {
        return Ok(());
    }
    anstream::eprintln!(
        "error: the site folder `{}` does not exist\n   = help: pass the folder holding \
         lpdir.toml and content/ with --root",
        root.display()
    );
    Err(EXIT_INPUT)
}

/// Runs the command line and returns the process's exit status.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_INPUT } else { EXIT_OK });
        }
    };
    let code = match cli.command {
        Command::Build(args) => build::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Validate(args) => validate::run(&args),
        Command::Publish(args) => publish::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::SelfCheck(args) => self_check::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Add(args) => add::run_add(&args),
        Command::Remove(args) => add::run_remove(&args),
        Command::Schema => {
            let schema = lpdir::content::schema::entry_schema();
            println!(
                "{}",
                serde_json::to_string_pretty(&schema).unwrap_or_default()
            );
            EXIT_OK
        }
    };
    ExitCode::from(code)
}
