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
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("acttutor: {}", error_line(&err));
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes on one line.
fn error_line(err: &anyhow::Error) -> String {
    err.chain()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(": ")
}
