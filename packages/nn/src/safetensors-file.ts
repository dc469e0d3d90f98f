// safetensors files on disk (Node, Bun, Deno). The file system is reached through
// process.getBuiltinModule at call time, never through an import, so bundling @seqmod/nn for the
// browser pulls in no Node module and needs no shims: these two functions simply reject there.
import { BackendError } from '@seqmod/tensor';
import type { StateValue } from './module';
import {
  type LoadedSafetensors,
  type LoadSafetensorsOptions,
  loadSafetensors,
  type SaveSafetensorsOptions,
  saveSafetensors,
} from './safetensors';

interface FsPromises {
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, data: Uint8Array): Promise<void>;
}

function nodeFs(op: string): FsPromises {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const fs = proc?.getBuiltinModule?.('node:fs/promises') as FsPromises | undefined;
  if (!fs) {
    throw new BackendError(
      op,
      'needs a file system (Node >= 20.16, Bun or Deno); in the browser use saveSafetensors/loadSafetensors on bytes',
    );
  }
  return fs;
}

/** Writes `stateDict` to `path` as safetensors. */
export async function saveSafetensorsFile(
  path: string,
  stateDict: Record<string, StateValue>,
  opts: SaveSafetensorsOptions = {},
): Promise<void> {
  const fs = nodeFs('saveSafetensorsFile');
  await fs.writeFile(path, saveSafetensors(stateDict, opts));
}

/** Reads the safetensors file at `path`. */
export async function loadSafetensorsFile(
  path: string,
  opts: LoadSafetensorsOptions = {},
): Promise<LoadedSafetensors> {
  const fs = nodeFs('loadSafetensorsFile');
  return loadSafetensors(await fs.readFile(path), opts);
}
