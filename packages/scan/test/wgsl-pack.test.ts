// Small operands packed into one storage buffer (test/fake-gpu.ts device): host values written
// at their pieces' offsets, DeviceTensors turned into GPU copies, absent operands skipped.
import { describe, expect, it } from 'vitest';
import { DeviceTensor } from '../src/index';
import { packOperands } from '../src/wgsl-pack';
import { ROOMY_LIMITS, useFakeWgslScanner } from './fake-gpu';

describe('packOperands', () => {
  const fx = useFakeWgslScanner(ROOMY_LIMITS);

  it('writes host pieces where they belong and records copies for device tensors', async () => {
    const engine = fx.s.wgsl!;
    const dst = engine.scratchBuffer('test.pack', 16);
    const dev = await fx.s.upload({ data: Float32Array.from([10, 11, 12, 13]), shape: [4] });
    expect(dev).toBeInstanceOf(DeviceTensor);
    const copies = packOperands(
      engine,
      'test',
      dst,
      [
        { name: 'a', value: { data: [1, 2, 3], shape: [3] }, floats: 3, pieces: [[0, 0, 3]] },
        { name: 'absent', value: undefined, floats: 2, pieces: [[0, 3, 2]] },
        // two pieces of one operand, the second from its middle
        {
          name: 'b',
          value: { data: [4, 5, 6, 7], shape: [4] },
          floats: 4,
          pieces: [
            [0, 5, 2],
            [2, 9, 2],
          ],
        },
        { name: 'c', value: dev, floats: 4, pieces: [[1, 12, 3]] },
      ],
      fx.s,
    );
    const got = [...new Float32Array((dst as unknown as { data: Uint8Array }).data.buffer, 0, 16)];
    expect(got).toEqual([1, 2, 3, 0, 0, 4, 5, 0, 0, 6, 7, 0, 0, 0, 0, 0]);
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatchObject({ srcOffset: 4, dst, dstOffset: 48, bytes: 12 });
    // a device tensor of another length is refused by name
    expect(() =>
      packOperands(engine, 'test', dst, [{ name: 'c', value: dev, floats: 5, pieces: [[0, 0, 5]] }], fx.s),
    ).toThrow(/c on the device holds 4 numbers, expected 5/);
    dev.release();
  });
});
