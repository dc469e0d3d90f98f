// pnpm conformance [dir] [--dtype float64|float32] [--backend NAME] [--filter TEXT] [--fail-only]
// Prints one line per case and a closing `N passed, N failed, N skipped`; exits 1 on any failure.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ComputeDType } from './adapter';
import { allOps } from './ops/index';
import { runDirectory, type Verdict } from './runner';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const defaultDir = resolve(repoRoot, '../shared/fixtures');

const usage = `usage: pnpm conformance [dir] [--dtype float64|float32] [--backend NAME] [--filter TEXT] [--fail-only]
  dir        a folder (searched recursively) or one file of fixtures; default ../shared/fixtures
  --dtype    the precision to compute in (default float64); float32 is judged by rtol32/atol32
  --backend  a backend for ops that have several (scan: cpu, webasm)
  --filter   only cases whose id or op contains TEXT
  --fail-only  print only FAIL lines (the closing line always prints)`;

function parseArgs(argv: string[]) {
  let dir: string | undefined;
  let dtype: ComputeDType = 'float64';
  let backend: string | undefined;
  let filter: string | undefined;
  let failOnly = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--') continue;
    else if (a === '--help' || a === '-h') {
      console.log(usage);
      process.exit(0);
    } else if (a === '--dtype') {
      const v = value();
      if (v !== 'float32' && v !== 'float64') throw new Error(`--dtype must be float32 or float64, got ${v}`);
      dtype = v;
    } else if (a === '--backend') backend = value();
    else if (a === '--filter') filter = value();
    else if (a === '--fail-only') failOnly = true;
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else if (dir === undefined) dir = a;
    else throw new Error(`only one dir may be given (got ${dir} and ${a})`);
  }
  return { dir, dtype, backend, filter, failOnly };
}

async function main() {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`conformance: ${(e as Error).message}\n${usage}`);
    process.exit(2);
  }
  // pnpm runs scripts from the workspace root; a relative dir means relative to where the user stood.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const dir = args.dir ? resolve(cwd, args.dir) : defaultDir;
  if (!existsSync(dir)) {
    console.error(`conformance: no such file or folder: ${dir}`);
    process.exit(2);
  }
  const print = (v: Verdict) => {
    if (args.failOnly && v.status !== 'FAIL') return;
    console.log(`${v.status.padEnd(4)} ${v.id}  ${v.detail}`);
  };
  const filter = args.filter;
  const summary = await runDirectory(
    dir,
    allOps,
    { dtype: args.dtype, backend: args.backend },
    print,
    filter ? (fx) => fx.case.includes(filter) || fx.op.includes(filter) : undefined,
  );
  console.log(`${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`);
  process.exit(summary.failed > 0 ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
