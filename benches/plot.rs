//! Whole-process time of `acttutor plot gelu --width 100 --height 30` (issue 2's
//! figure: under 5 ms). Run with `cargo bench --bench plot`.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 200;

fn main() {
    let binary = env!("CARGO_BIN_EXE_acttutor");
    let args = ["plot", "gelu", "--width", "100", "--height", "30"];
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let status = Command::new(binary)
                .args(args)
                .stdout(Stdio::null())
                .status()
                .expect("run acttutor");
            assert!(status.success());
            start.elapsed()
        })
        .collect();
    times.sort();
    let median = times[RUNS / 2];
    let p90 = times[RUNS * 9 / 10];
    println!(
        "acttutor {}: median {:.2} ms, p90 {:.2} ms over {RUNS} runs",
        args.join(" "),
        median.as_secs_f64() * 1e3,
        p90.as_secs_f64() * 1e3
    );
}
