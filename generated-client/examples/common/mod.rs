//! What the examples share: a sandbox client when credentials are in the environment, and the exit status.

use std::process::ExitCode;
use std::time::Duration;

use cashfree_pg::v2025_01_01::{Client, Credentials, Environment};
use cashfree_pg::{Config, RetryPolicy};

/// A client of the sandbox (or of `CASHFREE_BASE_URL`) when `CASHFREE_CLIENT_ID` and `CASHFREE_CLIENT_SECRET`
/// are set; `None` when they are not, and the example runs against the mock server instead.
pub fn sandbox_client() -> Option<Result<Client, String>> {
    let (Ok(id), Ok(secret)) = (std::env::var("CASHFREE_CLIENT_ID"), std::env::var("CASHFREE_CLIENT_SECRET")) else {
        println!("no CASHFREE_CLIENT_ID / CASHFREE_CLIENT_SECRET: running against the mock server");
        return None;
    };
    let environment = match std::env::var("CASHFREE_BASE_URL") {
        Ok(url) => match url.parse() {
            Ok(url) => Environment::Custom(url),
            Err(err) => return Some(Err(format!("CASHFREE_BASE_URL: {err}"))),
        },
        Err(_) => Environment::Sandbox,
    };
    let config = Config::default().timeout(Some(Duration::from_secs(15))).retry(RetryPolicy::exponential(3));
    let credentials = Credentials::client_id_client_secret(id, secret);
    Some(Client::with_config(environment, credentials, config).map_err(|err| err.to_string()))
}

/// The exit status of an example's run, its error printed.
pub fn exit(result: Result<(), String>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
