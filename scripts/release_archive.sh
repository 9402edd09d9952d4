#!/usr/bin/env bash
# Packs a release binary as the release workflow publishes it and `cargo binstall` and the
# GitHub Action (action.yml) fetch it: OUTDIR/sigscope-VERSION-TARGET.tar.gz (.zip for Windows)
# holding sigscope (sigscope.exe), README.md and CHANGELOG.md at its top, and beside it
# ARCHIVE.sha256 in `sha256sum` format.
#
#   scripts/release_archive.sh TARGET BINARY OUTDIR [VERSION]     VERSION defaults to Cargo.toml's
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 TARGET BINARY OUTDIR [VERSION]" >&2; exit 2; }
target=$1; binary=$2; outdir=$3
root="$(cd "$(dirname "$0")/.." && pwd)"
version=${4:-$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)}
name="sigscope-$version-$target"
mkdir -p "$outdir"
outdir="$(cd "$outdir" && pwd)"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
case "$target" in
  *windows*) exe=sigscope.exe; archive="$name.zip" ;;
  *) exe=sigscope; archive="$name.tar.gz" ;;
esac
cp "$binary" "$stage/$exe"
cp "$root/README.md" "$root/CHANGELOG.md" "$stage/"
chmod 755 "$stage/$exe"
rm -f "$outdir/$archive" "$outdir/$archive.sha256"
case "$archive" in
  *.zip) (cd "$stage" && 7z a -tzip -bd "$outdir/$archive" "$exe" README.md CHANGELOG.md >/dev/null) ;;
  *) tar -C "$stage" -czf "$outdir/$archive" "$exe" README.md CHANGELOG.md ;;
esac
if command -v sha256sum >/dev/null 2>&1; then
  (cd "$outdir" && sha256sum "$archive" > "$archive.sha256")
else
  (cd "$outdir" && shasum -a 256 "$archive" > "$archive.sha256")
fi
echo "$outdir/$archive"
