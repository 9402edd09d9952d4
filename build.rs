//! Build script: generates the lint registry (`build/registry.rs`).

#[path = "build/registry.rs"]
mod registry;

fn main() {
    registry::generate();
}
