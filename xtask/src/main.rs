//! `cargo xtask`: the project's own commands. IO lives here; the generator itself is the `codegen` crate.

use std::process::ExitCode;

fn main() -> ExitCode {
    // Run by cargo as `RUSTC_WRAPPER` for `bench-compile`, which times the crate's own rustc.
    if let Some(log) = std::env::var_os(xtask::bench::RUSTC_LOG) {
        return xtask::bench::timed_rustc(&log);
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    match xtask::run(&args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
