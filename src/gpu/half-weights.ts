// Weights kept at half precision (a frozen base on a device with shader-f16): their binding says so, and the ops that
// read weights (matmul's B operand, the embedding gather) build the shader variant whose `W` storage type is f16.
// Arithmetic stays f32: each weight is widened as it is loaded.
import type { BufferRef } from './dispatch';

/** A binding of f16 weights (two bytes each). */
export interface HalfBinding extends GPUBufferBinding {
  half: true;
}

export function isHalf(ref: BufferRef): ref is HalfBinding {
  return (ref as Partial<HalfBinding>).half === true;
}

const F32_ALIASES = ['alias W = f32;', 'alias W4 = vec4f;'];

/** The shader of an op that reads `weight`: its f16 variant (named apart in the kernel cache) when the binding is half. */
export function weightShader(name: string, code: string, weight: BufferRef): { shader: string; code: string } {
  return isHalf(weight) ? { shader: `${name}_f16`, code: halfWeightsCode(code) } : { shader: name, code };
}

/** The shader with its weight storage aliases (`W`, and `W4` where it has one) switched to f16. */
export function halfWeightsCode(code: string): string {
  if (!code.includes(F32_ALIASES[0])) throw new Error('This shader declares no `alias W = f32;` for its weights');
  return `enable f16;\n${code.replace(F32_ALIASES[0], 'alias W = f16;').replace(F32_ALIASES[1], 'alias W4 = vec4h;')}`;
}
