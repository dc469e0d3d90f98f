// Loads every built package through its published entry points (ESM import and CJS require),
// outside the @seqmod/source condition, so a broken exports map or build fails CI.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
let failed = 0;
for (const dir of readdirSync(join(root, 'packages'))) {
  const pkgDir = join(root, 'packages', dir);
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const exp = pkg.exports['.'];
  try {
    const esm = await import(pathToFileURL(join(pkgDir, exp.import.default)).href);
    const cjs = require(join(pkgDir, exp.require.default));
    const names = Object.keys(esm);
    if (names.length === 0) throw new Error('exports nothing');
    const missing = names.filter((n) => n !== 'default' && !(n in cjs));
    if (missing.length) throw new Error(`CJS build lacks ${missing.join(', ')}`);
    for (const t of [exp.import.types, exp.require.types]) readFileSync(join(pkgDir, t));
    console.log(`ok   ${pkg.name}: ${names.length} exports`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${pkg.name}: ${e.message}`);
  }
}
process.exit(failed ? 1 : 0);
