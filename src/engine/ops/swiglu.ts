// SwiGLU op on the GPU: builds the forward and backward dispatches once for fixed buffers.
import { grid1d, makeDispatch, uniformBuffer, type BufferRef, type Dispatch, type GpuRuntime } from '../../gpu';
import code from '../../../shaders/swiglu.wgsl?raw';

const WG = 256;

/** out = silu(gate)·up with gate, up the two halves of each gateup row. */
export async function swigluForward(
  gpu: GpuRuntime,
  out: BufferRef, // (N, F)
  gateup: BufferRef, // (N, 2F)
  N: number,
  F: number,
): Promise<Dispatch[]> {
  const pipeline = await gpu.kernels.pipeline({ shader: 'swiglu', code, entryPoint: 'forward', constants: { WG } });
  const params = uniformBuffer(gpu.device, 'swiglu.params', [N, F]);
  return [makeDispatch(gpu.device, 'swiglu.forward', pipeline, [out, gateup, params], grid1d(Math.ceil((N * F) / WG)), [params])];
}

/** dgateup += ∂(silu(gate)·up)/∂(gate, up) · dout (accumulates). */
export async function swigluBackward(
  gpu: GpuRuntime,
  dgateup: BufferRef, // (N, 2F)
  dout: BufferRef, // (N, F)
  gateup: BufferRef, // (N, 2F)
  N: number,
  F: number,
): Promise<Dispatch[]> {
  const pipeline = await gpu.kernels.pipeline({ shader: 'swiglu', code, entryPoint: 'backward', constants: { WG } });
  const params = uniformBuffer(gpu.device, 'swiglu.params', [N, F]);
  return [makeDispatch(gpu.device, 'swiglu.backward', pipeline, [dgateup, dout, params, gateup], grid1d(Math.ceil((N * F) / WG)), [params])];
}
