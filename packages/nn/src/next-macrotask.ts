// Waiting for the next macrotask: a long synchronous training loop must let the event loop run now
// and then, or a browser page freezes and an AbortSignal fired by a button or a timer is never
// seen. Microtasks (await of a resolved promise) are not enough: they run before other events.

type Scheduler = (fn: () => void) => void;

function pickScheduler(): Scheduler {
  const g = globalThis as {
    setImmediate?: (fn: () => void) => unknown;
    MessageChannel?: typeof MessageChannel;
  };
  // setImmediate (Node, Bun): runs after pending I/O, without setTimeout's 1 ms floor.
  if (typeof g.setImmediate === 'function') return (fn) => void g.setImmediate!(fn);
  // Browsers: a message on a channel is a macrotask without the 4 ms clamp of nested setTimeout.
  if (typeof g.MessageChannel === 'function') {
    return (fn) => {
      const ch = new g.MessageChannel!();
      ch.port1.onmessage = () => {
        ch.port1.close();
        fn();
      };
      ch.port2.postMessage(null);
    };
  }
  return (fn) => void setTimeout(fn, 0);
}

const schedule = pickScheduler();

/** Resolves on a later turn of the event loop. */
export function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => schedule(resolve));
}
