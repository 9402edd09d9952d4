//! A libFuzzer-free fuzz runner for the harnesses in `src/lib.rs`, for machines without a
//! nightly toolchain (`cargo fuzz` needs `-Zsanitizer`).
//!
//! ```sh
//! cargo run --release --bin run -- all 60          # every target, 60 s each
//! cargo run --release --bin run -- condition 10    # one target
//! cargo run --release --bin run -- check_file 0 crash.yml   # replay one input
//! ```
//!
//! Inputs are the seeds in `corpus/<target>/` mutated by a deterministic PRNG (`FUZZ_SEED`,
//! default 1): byte flips, insertions and deletions, repeated chunks, splices of two seeds and
//! YAML/condition tokens (`*`, `&`, `[`, `(`, `not`, tabs, CRLF, a BOM, NULs). There is no
//! coverage feedback. Each target runs in a child process; the input being run is kept in
//! `artifacts/<target>/current`, so a panic, stack overflow or abort leaves it behind, and it is
//! renamed `crash-<hash>` (or `slow-<hash>` for an input over 2 s). Exit status 1 on any finding.

use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use sigscope_fuzz::{TARGETS, run};

const SLOW: Duration = Duration::from_secs(2);

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let base = Path::new(env!("CARGO_MANIFEST_DIR"));
    match args.as_slice() {
        [child, target, secs] if child == "--child" => {
            let secs: u64 = secs.parse().unwrap_or(10);
            fuzz(base, target, Duration::from_secs(secs))
        }
        [target, _, file] => {
            let data = std::fs::read(file).unwrap_or_else(|e| panic!("{file}: {e}"));
            if run(target, &data).is_none() {
                return usage();
            }
            eprintln!("{target}: {file} passed");
            ExitCode::SUCCESS
        }
        [target, secs] => {
            let Ok(secs) = secs.parse::<u64>() else {
                return usage();
            };
            let targets: Vec<&str> = if target == "all" {
                TARGETS.to_vec()
            } else if TARGETS.contains(&target.as_str()) {
                vec![target.as_str()]
            } else {
                return usage();
            };
            let mut ok = true;
            for t in targets {
                ok &= supervise(base, t, secs);
            }
            if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        _ => usage(),
    }
}

fn usage() -> ExitCode {
    eprintln!(
        "usage: run <{}|all> <seconds> [replay-file]",
        TARGETS.join("|")
    );
    ExitCode::from(2)
}

/// Runs one target in a child process, so that an abort or a stack overflow is a finding.
fn supervise(base: &Path, target: &str, secs: u64) -> bool {
    let exe = std::env::current_exe().expect("own path");
    let mut child = Command::new(exe)
        .args(["--child", target, &secs.to_string()])
        .spawn()
        .expect("start the fuzz child");
    let deadline = Instant::now() + Duration::from_secs(secs) + SLOW * 10;
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break Some(s);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let current = base.join("artifacts").join(target).join("current");
    match status {
        Some(s) if s.success() => true,
        other => {
            let what = match other {
                None => "hang",
                Some(_) => "crash",
            };
            let kept = keep(&current, what);
            eprintln!(
                "{target}: {what} ({other:?}); input kept in {}",
                kept.display()
            );
            false
        }
    }
}

/// Renames the current input to `<what>-<hash>` and returns its path.
fn keep(current: &Path, what: &str) -> PathBuf {
    let data = std::fs::read(current).unwrap_or_default();
    let name = format!("{what}-{:016x}", fnv(&data));
    let to = current.with_file_name(name);
    let _ = std::fs::rename(current, &to);
    to
}

fn fnv(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// SplitMix64: small, deterministic, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const TOKENS: &[&str] = &[
    "*",
    "&a ",
    "*a",
    "!!str ",
    "[",
    "]",
    "{",
    "}",
    "(",
    ")",
    "not ",
    " and ",
    " or ",
    "1 of ",
    "all of ",
    "them",
    "selection*",
    "|",
    " | count() > 5",
    ": ",
    "- ",
    "\n",
    "\r\n",
    "\t",
    "\u{feff}",
    "\0",
    "'",
    "\"",
    "\\",
    "#",
    "---\n",
    "...\n",
    "? ",
    "|-\n",
    ">\n",
    "%YAML 1.2\n",
    "\u{202e}",
    "é",
    "😀",
    "|contains|all",
    "|re",
    "|base64offset",
    "null",
    "~",
    "0x",
    "1e999",
    "detection:\n",
    "condition: ",
    "<script>",
    "javascript:",
    "../",
];

fn mutate(rng: &mut Rng, pool: &[Vec<u8>], max_len: usize) -> Vec<u8> {
    let mut data = pool[rng.below(pool.len())].clone();
    for _ in 0..=rng.below(8) {
        let at = rng.below(data.len() + 1);
        match rng.below(8) {
            0 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] ^= 1 << rng.below(8);
            }
            1 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] = rng.next() as u8;
            }
            2 if at < data.len() => {
                let n = 1 + rng.below((data.len() - at).min(32));
                data.drain(at..at + n);
            }
            3 => {
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                data.splice(at..at, t.iter().copied());
            }
            4 if at < data.len() => {
                // Repeat a chunk: deep nesting, long lines, many keys.
                let n = 1 + rng.below((data.len() - at).min(16));
                let chunk = data[at..at + n].to_vec();
                for _ in 0..=rng.below(64) {
                    data.splice(at..at, chunk.iter().copied());
                }
            }
            5 => {
                let other = &pool[rng.below(pool.len())];
                let from = rng.below(other.len() + 1);
                let to = from + rng.below(other.len() - from + 1);
                data.splice(at..at, other[from..to].iter().copied());
            }
            6 if at < data.len() => {
                // Swap in a line of another input.
                data.truncate(at);
                let other = &pool[rng.below(pool.len())];
                let from = rng.below(other.len() + 1);
                data.extend_from_slice(&other[from..]);
            }
            _ => {
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                data.extend_from_slice(t);
            }
        }
    }
    data.truncate(max_len);
    data
}

fn fuzz(base: &Path, target: &str, budget: Duration) -> ExitCode {
    let seed: u64 = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let mut pool: Vec<Vec<u8>> = Vec::new();
    let dir = base.join("corpus").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    for f in files {
        if let Ok(d) = std::fs::read(&f) {
            pool.push(d);
        }
    }
    if pool.is_empty() {
        pool.push(Vec::new());
    }
    let seeds = pool.len();
    let max_len = if target == "condition" {
        4096
    } else {
        64 * 1024
    };
    let artifacts = base.join("artifacts").join(target);
    std::fs::create_dir_all(&artifacts).expect("artifacts directory");
    let current = artifacts.join("current");
    let mut out = std::fs::File::create(&current).expect("artifacts/current");

    let mut rng = Rng(seed);
    let start = Instant::now();
    let mut runs = 0u64;
    let mut slowest = Duration::ZERO;
    // The seeds themselves first, then mutants until the budget is spent.
    while runs < seeds as u64 || start.elapsed() < budget {
        let data = if runs < seeds as u64 {
            pool[runs as usize].clone()
        } else {
            mutate(&mut rng, &pool, max_len)
        };
        out.seek(SeekFrom::Start(0)).expect("seek");
        out.write_all(&data).expect("write");
        out.set_len(data.len() as u64).expect("truncate");
        let t = Instant::now();
        run(target, &data);
        let took = t.elapsed();
        slowest = slowest.max(took);
        if took > SLOW {
            drop(out);
            let kept = keep(&current, "slow");
            eprintln!(
                "{target}: an input took {took:?}; kept in {}",
                kept.display()
            );
            return ExitCode::FAILURE;
        }
        runs += 1;
        // Let some mutants breed, so inputs drift further from the seeds.
        if runs > seeds as u64 && rng.below(16) == 0 && pool.len() < 4096 {
            pool.push(data);
        }
    }
    drop(out);
    let _ = std::fs::remove_file(&current);
    eprintln!(
        "{target}: {runs} inputs in {:.1}s ({seeds} seeds, FUZZ_SEED={seed}), slowest {slowest:?}, no crash",
        start.elapsed().as_secs_f64()
    );
    ExitCode::SUCCESS
}
