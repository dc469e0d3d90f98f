#!/usr/bin/env bash
# Set-up for a fresh Debian 12 machine with Node 20: system packages, pnpm, dependencies, build,
# then the main job (for now the demonstration in scripts/demo.ts).
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian's chromium: headless WebGL2 (SwiftShader) for the browser tests of @seqmod/scan.
if ! command -v chromium >/dev/null 2>&1; then
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
fi

# pnpm 12 from the npm registry (corepack's signature check fails on some registries).
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm -v | cut -d. -f1)" != 12 ]; then
  if [ -w "$(npm prefix -g)" ]; then npm install -g pnpm@12; else as_root npm install -g pnpm@12; fi
fi

pnpm install --frozen-lockfile
pnpm build
pnpm demo
