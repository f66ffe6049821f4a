//! The `lpdir` binary: the command line (`cli/`) over the library, where all the work is.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
