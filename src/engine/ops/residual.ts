// Residual op on the GPU: builds the forward and backward dispatches once for fixed buffers.
import { grid1d, makeDispatch, uniformBuffer, type BufferRef, type Dispatch, type GpuRuntime } from '../../gpu';
import code from '../../../shaders/residual.wgsl?raw';

const WG = 256;

/** out = inp1 + inp2 over n floats. */
export async function residualForward(gpu: GpuRuntime, out: BufferRef, inp1: BufferRef, inp2: BufferRef, n: number): Promise<Dispatch[]> {
  const pipeline = await gpu.kernels.pipeline({ shader: 'residual', code, entryPoint: 'forward', constants: { WG } });
  const params = uniformBuffer(gpu.device, 'residual.params', [n]);
  return [makeDispatch(gpu.device, 'residual.forward', pipeline, [out, inp1, inp2, params], grid1d(Math.ceil(n / WG)), [params])];
}

/** dinp1 += dout; dinp2 += dout over n floats. */
export async function residualBackward(gpu: GpuRuntime, dinp1: BufferRef, dinp2: BufferRef, dout: BufferRef, n: number): Promise<Dispatch[]> {
  const pipeline = await gpu.kernels.pipeline({ shader: 'residual', code, entryPoint: 'backward', constants: { WG } });
  const params = uniformBuffer(gpu.device, 'residual.params', [n]);
  return [makeDispatch(gpu.device, 'residual.backward', pipeline, [dinp1, dinp2, dout, params], grid1d(Math.ceil(n / WG)), [params])];
}
