// The scans in headless Chromium: webgl2 (SwiftShader), webgpu where Chromium's SwiftShader
// adapter answers (--enable-unsafe-webgpu), and seqmod's wasm-simd kernels (compiled
// asynchronously: the module is over the 4 KB a page may compile synchronously), each checked
// against the fixtures and the CPU reference inside the page (test/browser/page.ts, bundled with
// esbuild and served locally).
// Needs Debian's chromium at /usr/bin/chromium (or CHROMIUM_PATH). Without it the suite is
// skipped locally and FAILS under CI (process.env.CI set).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanFixtures } from './helpers';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // WebGPU on Chromium's software (SwiftShader) adapter
  '--enable-unsafe-webgpu',
];
const present = existsSync(CHROMIUM);

if (!present && process.env.CI) {
  describe('browser', () => {
    it('needs chromium under CI', () => {
      throw new Error(
        `chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`,
      );
    });
  });
} else if (!present) {
  describe.skip(`browser (skipped: no chromium at ${CHROMIUM}; apt-get install -y chromium)`, () => {
    it('webgl2', () => {});
  });
} else {
  type Page = import('playwright-core').Page;
  type Browser = import('playwright-core').Browser;
  let server: Server;
  let browser: Browser;
  let page: Page;
  let dir: string;
  const errors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scan-browser-'));
    const esbuild = await import('esbuild');
    await esbuild.build({
      entryPoints: [resolve(__dirname, 'browser/page.ts')],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      outfile: join(dir, 'page.js'),
      conditions: ['@seqmod/source'],
      logLevel: 'error',
    });
    const js = readFileSync(join(dir, 'page.js'));
    server = createServer((req, res) => {
      if (req.url?.endsWith('page.js')) {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        res.end(js);
      } else {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><meta charset="utf-8"><script src="page.js"></script>');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    const port = (server.address() as { port: number }).port;
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => 'scanTest' in window);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const fixtures = scanFixtures();

  describe('browser', () => {
    it('has webgl2 (and reports which backends answer)', async () => {
      const backends = await page.evaluate(() => window.scanTest.backends());
      expect(backends).toContain('webgl2');
      expect(backends).toContain('wasm-simd');
      expect(backends.indexOf('wasm-simd')).toBeLessThan(backends.indexOf('webasm'));
      expect(backends.at(-1)).toBe('cpu');
      expect(await page.evaluate(() => window.scanTest.missing('headlessgl'))).toMatch(
        /BackendError: .*headlessgl is not available/,
      );
    });

    it('webgpu-wgsl: every tile shape and option, selective backward, linear scan and adjoint, against float64', async (ctx) => {
      const backends = await page.evaluate(() => window.scanTest.backends());
      if (!backends.includes('webgpu-wgsl')) ctx.skip();
      // seqmod's WGSL kernels come before gpu.js's on the same adapter
      expect(backends.indexOf('webgpu-wgsl')).toBeLessThan(backends.indexOf('webgpu'));
      const res = await page.evaluate(() => window.scanTest.wgsl());
      expect(res.backend).toBe('webgpu-wgsl');
      let checked = 0;
      for (const [k, v] of Object.entries(res)) {
        if (k.endsWith('.engine')) expect(v, k).toBe('seqmod-wgsl');
        else if (typeof v === 'number') {
          expect(v, k).toBeLessThanOrEqual(1);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(30);
      // with subgroups of one size, the shuffle-combine cases ran (each checked above), both
      // combines on three shapes
      const sgCases = Object.keys(res).filter((k) => k.endsWith('.subgroup'));
      if (res.subgroupSize !== '0') expect(sgCases.length).toBe(6);
      else expect(sgCases).toEqual([]);
      // the state-lanes cases (the last four split along L): Q = 1 always, Q = 2 and 4 with
      // subgroups their size divides
      const lanes = Object.entries(res)
        .filter(([k]) => k.endsWith('.lanes'))
        .map(([, v]) => Number(v));
      const sgSize = Number(res.subgroupSize);
      expect(lanes).toEqual(
        [1, 4, 4, 4, 2, 4, 4, 4, 4, 4, 4, 1].filter((q) => q === 1 || (sgSize > 0 && sgSize % q === 0)),
      );
      // the selective backward: 5 cases with every option (9 gradients), 2 bare ones (5)
      const bwd = Object.entries(res).filter(([k]) => /^bwd\d+\.grad_/.test(k));
      const sums = Object.entries(res)
        .filter(([k]) => /^bwd\d+\.sums$/.test(k))
        .map(([, v]) => v);
      // each case again with the load options off, every gradient checked (the loop above)
      const bwdp = Object.entries(res).filter(([k]) => /^bwdp\d+\.grad_/.test(k));
      expect(bwdp.length).toBe(bwd.length);
      const of = (re: RegExp) =>
        Object.entries(res)
          .filter(([k]) => re.test(k))
          .map(([, v]) => v);
      expect(of(/^bwdp\d+\.sums$/)).toEqual(sums);
      // the decays kept exactly where the sums go by subgroup shuffles
      expect(of(/^bwd\d+\.loads$/)).toEqual(
        sums.map((v) => (String(v).startsWith('subgroup') ? 'prefetch hoist keep' : 'prefetch hoist -')),
      );
      expect(new Set(of(/^bwdp\d+\.loads$/))).toEqual(new Set(['- - -']));
      if (sgSize > 0 && 16 % sgSize === 0) {
        // one more case with every option; ∂B∂C by shuffles wherever the subgroup size divides 2N
        // (N = 4, 16, 6: the rule's tiles) and on the case of its own
        // and three with a channel's states over lanes (two with every option)
        const lanes = sgSize % 4 === 0 ? 3 : 0;
        expect(bwd.length).toBe((6 + (lanes ? 2 : 0)) * 9 + (2 + (lanes ? 1 : 0)) * 5);
        // the rule: over 2 lanes where a channel's state blocks pair up (N = 16: 4 blocks), else
        // one lane where the subgroup size divides 2N
        const by = (n: number) => {
          const blocks = n % 4 === 0 ? n / 4 : n % 2 === 0 ? n / 2 : n;
          if (sgSize >= 4 && blocks % 2 === 0) return 'subgroup q2';
          return sgSize > 1 && (2 * n) % sgSize === 0 ? 'subgroup' : 'workgroup';
        };
        expect(sums).toEqual([
          by(4),
          by(3),
          by(16),
          by(6),
          'workgroup',
          'workgroup',
          'workgroup',
          'subgroup',
          ...(lanes ? ['subgroup q4', 'subgroup q2', 'subgroup q2'] : []),
        ]);
      } else {
        expect(bwd.length).toBe(5 * 9 + 2 * 5);
        expect(new Set(sums)).toEqual(new Set(['workgroup']));
      }
      console.info(
        `webgpu-wgsl backward: worst error / allowed ${Math.max(...bwd.map(([, v]) => Number(v))).toExponential(2)}`,
      );
      console.info(`webgpu-wgsl subgroup size: ${res.subgroupSize}`);
      expect(errors).toEqual([]);
    }, 180_000);

    for (const backend of ['webgl2', 'webgpu', 'webgpu-wgsl', 'wasm-simd'] as const) {
      it(`${backend}: fixtures, forward and gradients`, async (ctx) => {
        const backends = await page.evaluate(() => window.scanTest.backends());
        if (!backends.includes(backend)) {
          // only the WebGPU backends depend on the adapter Chromium gives
          expect(['webgpu', 'webgpu-wgsl']).toContain(backend);
          ctx.skip();
        }
        for (const fx of fixtures) {
          const res = await page.evaluate(([b, f]) => window.scanTest.fixture(b, f as never), [
            backend,
            fx,
          ] as const);
          expect(Object.keys(res).length).toBeGreaterThan(0);
          for (const [name, r] of Object.entries(res)) expect(r, `${fx.case} ${name}`).toBeLessThanOrEqual(1);
        }
      }, 180_000);

      it(`${backend}: both forms, every option, resident data, distinct results`, async (ctx) => {
        const backends = await page.evaluate(() => window.scanTest.backends());
        if (!backends.includes(backend)) ctx.skip();
        const res = await page.evaluate((b) => window.scanTest.random(b), backend);
        expect(res.backend).toBe(backend);
        expect(res['sequential.backend']).toBe(backend);
        expect(res['chunked.backend']).toBe(backend);
        for (const [k, v] of Object.entries(res)) {
          if (typeof v === 'number' && k !== 'resident.sameElements') expect(v, k).toBeLessThanOrEqual(1);
        }
        // the second result of a kernel did not overwrite the first one
        expect(res['resident.sameElements']).toBe(0);
        expect(errors).toEqual([]);
      }, 180_000);
    }
  });
}
