#!/usr/bin/env bash
# Scaffolds packages/<dir> as @seqmod/<dir> with the house layout:
#   package.json (exports map: ESM + CJS + types, and the @seqmod/source condition for in-repo use),
#   tsconfig.json, tsconfig.build.json, tsup.config.ts, vitest.config.ts, src/index.ts, test/, bench/.
#   scripts/new-package.sh fft "complex FFT, real FFT and causal FFT convolution"
set -euo pipefail
dir=${1:?usage: new-package.sh DIR "description"}
desc=${2:?usage: new-package.sh DIR "description"}
root=$(cd "$(dirname "$0")/.." && pwd)
pkg="$root/packages/$dir"
[ -e "$pkg/package.json" ] && { echo "packages/$dir exists" >&2; exit 1; }
mkdir -p "$pkg/src" "$pkg/test" "$pkg/bench"
cat > "$pkg/package.json" <<JSON
{
  "name": "@seqmod/$dir",
  "version": "0.0.0",
  "description": "$desc",
  "license": "MIT",
  "type": "module",
  "sideEffects": false,
  "main": "./dist/index.cjs",
  "module": "./dist/index.js",
  "types": "./dist/index.d.ts",
  "exports": {
    ".": {
      "@seqmod/source": "./src/index.ts",
      "import": { "types": "./dist/index.d.ts", "default": "./dist/index.js" },
      "require": { "types": "./dist/index.d.cts", "default": "./dist/index.cjs" }
    },
    "./package.json": "./package.json"
  },
  "files": ["dist", "README.md"],
  "scripts": {
    "build": "tsup",
    "test": "vitest run",
    "typecheck": "tsc --noEmit -p tsconfig.json",
    "bench": "node --conditions=@seqmod/source --import tsx bench/run.ts"
  },
  "dependencies": {},
  "devDependencies": {}
}
JSON
cat > "$pkg/tsconfig.json" <<'JSON'
{
  "extends": "../../tsconfig.base.json",
  "include": ["src", "test", "bench", "vitest.config.ts", "tsup.config.ts"]
}
JSON
cat > "$pkg/tsconfig.build.json" <<'JSON'
{
  "extends": "../../tsconfig.base.json",
  "include": ["src"]
}
JSON
cat > "$pkg/tsup.config.ts" <<'TS'
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  tsconfig: 'tsconfig.build.json',
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
TS
cat > "$pkg/vitest.config.ts" <<'TS'
export { default } from '../../vitest.shared';
TS
echo "export {};" > "$pkg/src/index.ts"
echo "created packages/$dir"
