// Token choice on the GPU (see shaders/sample.wgsl): greedy or seeded temperature / top-k / top-p sampling.
// The sampling settings live in a uniform the caller updates per generate call, without rebuilding.
import { makeDispatch, uniformBuffer, type BufferRef, type Dispatch, type GpuRuntime } from '../../gpu';
import type { SampleParams } from '../reference/sample';
import code from '../../../shaders/sample.wgsl?raw';

const WG = 256;

export type SampleDispatches = Dispatch[] & { update(p: SampleParams): void };

/** ids (M) i32 ← the chosen token of each slot from logits (M, V); slots (M, 4) i32 = [row, pos, len, step]. */
export async function sampleForward(gpu: GpuRuntime, ids: BufferRef, logits: BufferRef, slots: BufferRef, M: number, V: number): Promise<SampleDispatches> {
  const { device } = gpu;
  const pipeline = await gpu.kernels.pipeline({ shader: 'sample', code, entryPoint: 'main', constants: { WG } });
  const params = uniformBuffer(device, 'sample.params', [M, V, 1, 0, 1, 0, 1], [false, false, true, false, true]);
  const dispatches = [makeDispatch(device, `sample(${M}x${V})`, pipeline, [ids, logits, slots, params], [M], [params])];
  const words = new ArrayBuffer(20);
  const [f32, u32] = [new Float32Array(words), new Uint32Array(words)];
  return Object.assign(dispatches, {
    update(p: SampleParams) {
      const greedy = p.temperature <= 0;
      f32[0] = greedy ? 1 : 1 / p.temperature;
      u32[1] = p.topK > 0 && p.topK < V ? p.topK : 0;
      f32[2] = p.topP;
      u32[3] = p.seed >>> 0;
      u32[4] = greedy ? 1 : 0;
      device.queue.writeBuffer(params, 8, words); // Params.invT .. greedy
    },
  });
}
