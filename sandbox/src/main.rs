//! `gradebridge-sandbox`: run the sandbox and print `listening on http://HOST:PORT`.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::net::SocketAddr;
use std::time::Duration;

use gradebridge_sandbox::{Faults, Sandbox, SandboxConfig};

const USAGE: &str = "usage: gradebridge-sandbox [--host 127.0.0.1] [--port 0] [--token T] \
[--rate-limit N (per minute, 0 = off)] [--latency-ms N] [--error-rate 0.0-1.0] [--drop-rate 0.0-1.0]

Serves one demo school on three APIs:
  ManageBac   {url}           auth-token: sandbox-token (sandbox-readonly-token reads only);
                              OAuth2 client sandbox-client / sandbox-secret at /oauth/token
  Schoology   {url}/v1        OAuth 1.0a consumer sandbox-consumer-key / sandbox-consumer-secret
                              (three-legged: sandbox-access-token / sandbox-token-secret)
  Blackboard  {url}/learn/... Grades Journey; key sandbox-bb-key, secret sandbox-bb-secret
Control: /__sandbox/health, /stats, /state, /faults, /rate-limit, /reset, /blackboard";

fn main() {
    if let Err(e) = run() {
        eprintln!("gradebridge-sandbox: {e}\n{USAGE}");
        std::process::exit(2);
    }
}

fn run() -> Result<(), String> {
    let mut config = SandboxConfig::default();
    let mut host = "127.0.0.1".to_string();
    let mut port: u16 = 0;
    let mut faults = Faults::default();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        if flag == "--help" || flag == "-h" {
            println!("{USAGE}");
            return Ok(());
        }
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let bad = |e: &dyn std::fmt::Display| format!("{flag}: {e}");
        match flag.as_str() {
            "--host" => host = value,
            "--port" => port = value.parse().map_err(|e| bad(&e))?,
            "--token" => config.token = value,
            "--rate-limit" => {
                let n: u32 = value.parse().map_err(|e| bad(&e))?;
                config.rate_limit = if n == 0 {
                    None
                } else {
                    Some((n, Duration::from_secs(60)))
                };
            }
            "--latency-ms" => faults.latency_ms = value.parse().map_err(|e| bad(&e))?,
            "--error-rate" => faults.error_rate = value.parse().map_err(|e| bad(&e))?,
            "--drop-rate" => faults.drop_rate = value.parse().map_err(|e| bad(&e))?,
            other => return Err(format!("unknown option {other}")),
        }
    }
    let ip = host.parse().map_err(|e| format!("--host: {e}"))?;
    config.addr = SocketAddr::new(ip, port);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let sandbox = Sandbox::start(config).await.map_err(|e| e.to_string())?;
        sandbox.set_faults(faults);
        println!("listening on {}", sandbox.url());
        let _ = std::io::stdout().flush();
        let _ = tokio::signal::ctrl_c().await;
        Ok::<(), String>(())
    })
}
