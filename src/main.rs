#![forbid(unsafe_code)]

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match acttutor::cli::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let result = match &cli.command {
        Some(command) => acttutor::cli::run(&cli, command),
        None => acttutor::cli::run_app(&cli),
    };
    acttutor::cli::finish(result)
}
