// WebGPU in Node through Dawn's binding (the `webgpu` npm package, which gpu.js depends on):
//   installNodeWebGPU(await import('webgpu'))
// sets the WebGPU globals and `navigator.gpu` so gpu.js's webgpu backend finds an adapter. Dawn's
// binding refuses the assignment `device.onuncapturederror = fn`, which gpu.js performs on every
// device it opens, so the adapter hands out a device wrapped to turn that one assignment into
// addEventListener('uncapturederror', fn). The binding needs glibc 2.38 or newer; where it does
// not load, the import throws and the webgpu backend stays unavailable.

export interface WebGPUModule {
  create(flags: string[]): unknown;
  globals: Record<string, unknown>;
}

type Listener = (e: unknown) => void;

function bindAll<T extends object>(target: T, overrides: Record<string | symbol, unknown> = {}): T {
  return new Proxy(target, {
    get(t, p) {
      if (p in overrides) return overrides[p];
      const v = Reflect.get(t, p, t);
      return typeof v === 'function' ? v.bind(t) : v;
    },
    set(t, p, v) {
      return Reflect.set(t, p, v, t);
    },
  });
}

/** Registers `fn` for uncapturederror events; Dawn builds differ in the listener forms they accept. */
function listen(t: EventTarget, fn: Listener): (() => void) | null {
  const forms: unknown[] = [fn, { handleEvent: fn }];
  for (const f of forms) {
    try {
      t.addEventListener('uncapturederror', f as EventListener);
      return () => {
        try {
          t.removeEventListener('uncapturederror', f as EventListener);
        } catch {
          // nothing to undo
        }
      };
    } catch {
      // try the next form
    }
  }
  return null;
}

function wrapDevice(device: EventTarget & object): object {
  let current: Listener | null = null;
  let remove: (() => void) | null = null;
  const proxy = new Proxy(device, {
    get(t, p) {
      if (p === 'onuncapturederror') return current;
      const v = Reflect.get(t, p, t);
      return typeof v === 'function' ? v.bind(t) : v;
    },
    set(t, p, v) {
      if (p === 'onuncapturederror') {
        remove?.();
        current = typeof v === 'function' ? (v as Listener) : null;
        // when no listener form is accepted the handler is kept but not called: errors then
        // surface through the failing call (gpu.js checks compilation info and pipeline errors)
        remove = current ? listen(t, current) : null;
        return true;
      }
      return Reflect.set(t, p, v, t);
    },
  });
  return proxy;
}

let lastDevice: unknown = null;

function wrapAdapter(adapter: object): object {
  const a = adapter as { requestDevice(desc?: unknown): Promise<EventTarget & object> };
  return bindAll(adapter, {
    requestDevice: async (desc?: unknown) => {
      const device = await a.requestDevice(desc);
      lastDevice = device;
      return wrapDevice(device);
    },
  });
}

/**
 * The last GPUDevice opened through installNodeWebGPU's adapter (gpu.js opens one and shares
 * it), for callers that need `device.queue.onSubmittedWorkDone()` to time GPU work; null before.
 */
export function nodeWebGPUDevice(): unknown {
  return lastDevice;
}

/**
 * Installs Dawn's WebGPU into this Node process (idempotent). Returns whether navigator.gpu is
 * present afterwards. Pass the `webgpu` module: `installNodeWebGPU(await import('webgpu'))`;
 * `flags` go to Dawn as they are (e.g. `enable-dawn-features=…`, see the `webgpu` package).
 */
export function installNodeWebGPU(webgpu: WebGPUModule, flags: string[] = []): boolean {
  const g = globalThis as { navigator?: { gpu?: unknown } };
  if (g.navigator?.gpu) return true;
  Object.assign(globalThis, webgpu.globals);
  const gpu = webgpu.create(flags) as { requestAdapter(opts?: unknown): Promise<object | null> };
  const wrapped = bindAll(gpu as object, {
    requestAdapter: async (opts?: unknown) => {
      const adapter = await gpu.requestAdapter(opts);
      return adapter ? wrapAdapter(adapter) : null;
    },
  });
  if (g.navigator) Object.defineProperty(g.navigator, 'gpu', { value: wrapped, configurable: true });
  else
    Object.defineProperty(globalThis, 'navigator', {
      value: { gpu: wrapped },
      configurable: true,
      writable: true,
    });
  return true;
}
