//! Build script: the lint registry (`build/registry.rs`), and build-time facts for the tests.

use std::path::PathBuf;

#[path = "build/registry.rs"]
mod registry;

fn main() {
    registry::generate();
    shared_data();
    taxonomy_source();
}

/// The pySigma-validators-sigmahq checkout `scripts/taxonomy_data.py` reads
/// (`SIGSCOPE_TAXONOMY_SOURCE=DIR`, else the script's default mirror): the cfg
/// `taxonomy_source` is set when it is there, for the test that the embedded table is up to date.
fn taxonomy_source() {
    const DEFAULT: &str = "/work/.mirror/SigmaHQ+pySigma-validators-sigmaHQ/repo";
    println!("cargo::rerun-if-env-changed=SIGSCOPE_TAXONOMY_SOURCE");
    println!("cargo::rustc-check-cfg=cfg(taxonomy_source)");
    let dir = match std::env::var("SIGSCOPE_TAXONOMY_SOURCE") {
        Ok(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => PathBuf::from(DEFAULT),
    };
    println!(
        "cargo::rustc-env=SIGSCOPE_TAXONOMY_SOURCE_DIR={}",
        dir.display()
    );
    if dir.exists() {
        println!("cargo::rustc-cfg=taxonomy_source");
    }
}

/// The test data in `../shared` (or `$SIGSCOPE_SHARED`): one cfg per kind of data, set only when
/// that data is there, so that a test needing it is reported as ignored, with its reason, rather
/// than as passed without running. Tests find the folder at `env!("SIGSCOPE_SHARED_DIR")`.
fn shared_data() {
    const KINDS: [(&str, &str); 4] = [
        ("shared_corpus", "corpus/sigmahq"),
        ("shared_spec", "spec/tests/schema"),
        ("shared_attack", "attack"),
        ("shared_sarif", "sarif/sarif-schema-2.1.0.json"),
    ];
    println!("cargo::rerun-if-env-changed=SIGSCOPE_SHARED");
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    // A relative `SIGSCOPE_SHARED` is read from the project root, like the default.
    let dir = match std::env::var_os("SIGSCOPE_SHARED") {
        Some(dir) if !dir.is_empty() => manifest.join(dir),
        _ => manifest.join("../shared"),
    };
    let dir = dir.canonicalize().unwrap_or(dir);
    println!("cargo::rustc-env=SIGSCOPE_SHARED_DIR={}", dir.display());
    for (cfg, rel) in KINDS {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
        let path = dir.join(rel);
        if path.exists() {
            println!("cargo::rustc-cfg={cfg}");
        }
        // Cargo rebuilds on every run while a watched path is missing, so a missing path is
        // watched through its nearest ancestor inside the folder. When the folder itself is
        // missing nothing is watched: its parent holds this checkout and its `target/`.
        if let Some(watched) = path
            .ancestors()
            .take_while(|p| p.starts_with(&dir))
            .find(|p| p.exists())
        {
            println!("cargo::rerun-if-changed={}", watched.display());
        }
    }
}
