//! The `lpdir` binary: all the work is in the library.

fn main() -> std::process::ExitCode {
    lpdir::cli::run()
}
