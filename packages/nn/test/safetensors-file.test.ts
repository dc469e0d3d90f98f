import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tensor } from '@seqmod/tensor';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSafetensors, loadSafetensorsFile, saveSafetensorsFile } from '../src/index';

const dir = mkdtempSync(join(tmpdir(), 'seqmod-nn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('safetensors files', () => {
  it('writes and reads a file', async () => {
    const path = join(dir, 'model.safetensors');
    await saveSafetensorsFile(
      path,
      {
        w: tensor([
          [1, 2],
          [3, 4],
        ]),
      },
      { metadata: { format: 'pt' } },
    );
    const onDisk = loadSafetensors(new Uint8Array(readFileSync(path)));
    expect(onDisk.metadata).toEqual({ format: 'pt' });
    const { tensors } = await loadSafetensorsFile(path);
    expect(tensors['w']!.toNested()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    await expect(loadSafetensorsFile(join(dir, 'missing.safetensors'))).rejects.toThrow(/ENOENT/);
  });
  it('bundles for the browser with no Node module in it', async () => {
    const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'esm',
      conditions: ['@seqmod/source'],
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/from ["']node:|import\(["']node:|require\(["']node:/);
    expect(code).toContain('getBuiltinModule');
  });
});
