//! Helpers shared by the integration tests that run the real binary. Each
//! test file is its own crate and uses some of them.
#![allow(dead_code)]

use std::process::{Command, Output};

use serde_json::Value;

/// The binary under test.
pub fn unspun() -> Command {
    Command::new(env!("CARGO_BIN_EXE_unspun"))
}

/// The JSONL records in `bytes` (a run's stdout, a decompressed file); a
/// line that is not JSON fails the test, naming the line.
pub fn records(bytes: &[u8]) -> Vec<Value> {
    std::str::from_utf8(bytes)
        .expect("output is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON {l:?}: {e}")))
        .collect()
}

/// Run `cmd` and return its output; a run that fails fails the test, with
/// its stderr.
pub fn run_ok(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("the binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}
