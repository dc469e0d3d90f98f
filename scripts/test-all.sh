#!/usr/bin/env bash
# Every test: lint and format, types, unit/property/browser tests of every package, the built
# packages' entry points, and conformance against ../shared/fixtures in float64 and float32.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n== %s\n' "$*"; }

step lint; pnpm lint
step typecheck; pnpm typecheck
# pnpm test runs the packages one at a time (turbo --concurrency=1): on two cores the browser
# test's SwiftShader, overlapping a CPU-bound training test (cells' adding problem, 10 s alone),
# starved it past its 60 s timeout
step "unit, property and browser tests"; pnpm test
step "built packages load (ESM and CJS)"; node scripts/check-dist.mjs
step "README examples run"; node --import tsx scripts/check-readme-examples.ts
step "conformance float64"; pnpm conformance --fail-only
step "conformance float32"; pnpm conformance --dtype float32 --fail-only
# The scan kernels once more on every CPU backend (the default run above uses the cpu reference).
for backend in wasm-simd webasm; do
  step "conformance, scans on $backend"; pnpm conformance --backend "$backend" --filter _scan --fail-only
done
