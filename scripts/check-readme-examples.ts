// Runs the example of every package README (the first ```ts block after "## Example"), from the
// package's own folder so that its imports resolve as a user's would. A README whose example
// no longer runs fails CI.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
let failed = 0;
for (const dir of readdirSync(join(root, 'packages')).sort()) {
  const readme = join(root, 'packages', dir, 'README.md');
  if (!existsSync(readme)) {
    console.log(`FAIL packages/${dir}: no README.md`);
    failed++;
    continue;
  }
  const text = readFileSync(readme, 'utf8');
  const at = text.search(/^## Example/m);
  const block = at < 0 ? null : /```ts\n([\s\S]*?)```/.exec(text.slice(at));
  if (!block) {
    console.log(`FAIL packages/${dir}: no \`\`\`ts block under "## Example"`);
    failed++;
    continue;
  }
  const file = join(root, 'packages', dir, `.readme-example-${process.pid}.ts`);
  writeFileSync(file, block[1]!);
  const t0 = performance.now();
  const run = spawnSync(process.execPath, ['--conditions=@seqmod/source', '--import', 'tsx', file], {
    cwd: join(root, 'packages', dir),
    encoding: 'utf8',
    timeout: 300_000,
  });
  rmSync(file, { force: true });
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  if (run.status === 0) console.log(`ok   packages/${dir} (${secs} s)`);
  else {
    failed++;
    console.log(`FAIL packages/${dir} (exit ${run.status}):\n${(run.stderr || run.stdout).slice(-2000)}`);
  }
}
process.exit(failed ? 1 : 0);
