#!/usr/bin/env bash
# Benchmark `sigscope server` with SigmaHQ's corpus as its workspace: the time from a didChange
# to the publishDiagnostics of that version on a typical rule (median and p99 over EDITS edits,
# default 500, each checked against the indexed pack), and the server's resident memory
# (VmHWM, VmRSS from /proc) once the corpus is indexed and after the edits.
#
#   bench/server.sh [CORPUS_DIR]    (default ../shared/corpus/sigmahq)
#
# RUNS (default 3) runs, one line each. The driver is bench/server.py (Python 3, no packages).
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/sigmahq}
runs=${RUNS:-3}
edits=${EDITS:-500}
if [ ! -d "$corpus" ]; then
  echo "skipped: $corpus is absent"
  exit 0
fi
cargo build --release --locked -q --bin sigscope
rule=$corpus/rules/windows/process_creation/proc_creation_win_certutil_download.yml
echo "nproc: $(nproc); rule: $(basename "$rule")"
for ((i = 1; i <= runs; i++)); do
  python3 bench/server.py target/release/sigscope "$corpus" "$rule" "$edits"
done
