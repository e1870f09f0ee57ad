// Buffers: labelled creation with a counter, a size-class pool so steady-state work allocates nothing,
// and upload / readback helpers.

export const STORAGE = 0x80 | 0x08 | 0x04; // STORAGE | COPY_DST | COPY_SRC (GPUBufferUsage values, usable before globals exist)
export const UNIFORM = 0x40 | 0x08; // UNIFORM | COPY_DST
const MAP_READ_DST = 0x01 | 0x08; // MAP_READ | COPY_DST

/**
 * Counts every buffer this runtime creates (so benchmarks can prove a training step creates none) and every
 * one destroyed, so tests can prove a destroyed engine gave all of its memory back. `bytes` is the total ever
 * created; `liveBytes` what is not yet destroyed (device.destroy() frees buffers without counting them).
 */
export const bufferStats = { created: 0, bytes: 0, destroyed: 0, liveBytes: 0 };

export function createBuffer(device: GPUDevice, label: string, size: number, usage = STORAGE): GPUBuffer {
  bufferStats.created++;
  const aligned = Math.max(16, Math.ceil(size / 16) * 16);
  bufferStats.bytes += aligned;
  bufferStats.liveBytes += aligned;
  const buffer = device.createBuffer({ label, size: aligned, usage });
  // Counted on the buffer itself, so whoever destroys it (and however often) is accounted for once.
  const destroy = buffer.destroy.bind(buffer);
  let live = true;
  buffer.destroy = () => {
    if (live) {
      live = false;
      bufferStats.destroyed++;
      bufferStats.liveBytes -= aligned;
    }
    return destroy();
  };
  return buffer;
}

/** Storage buffer holding `data` (f32, i32 or u32). */
export function uploadBuffer(device: GPUDevice, label: string, data: Float32Array | Int32Array | Uint32Array, usage = STORAGE): GPUBuffer {
  const buffer = createBuffer(device, label, data.byteLength, usage);
  device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
  return buffer;
}

/** Small uniform buffer of u32/f32 words (shape sizes, strides, scalars). */
export function uniformBuffer(device: GPUDevice, label: string, words: ArrayLike<number>, asFloat: boolean[] = []): GPUBuffer {
  const raw = new ArrayBuffer(Math.max(16, Math.ceil((words.length * 4) / 16) * 16));
  const u32 = new Uint32Array(raw);
  const f32 = new Float32Array(raw);
  for (let i = 0; i < words.length; i++) {
    if (asFloat[i]) f32[i] = words[i];
    else u32[i] = words[i];
  }
  const buffer = createBuffer(device, label, raw.byteLength, UNIFORM);
  device.queue.writeBuffer(buffer, 0, raw);
  return buffer;
}

/** Copies `byteLength` bytes of a storage buffer back to the CPU (one staging buffer per call: not for hot loops). */
export async function readBuffer(device: GPUDevice, src: GPUBuffer, byteLength = src.size, offset = 0): Promise<ArrayBuffer> {
  const staging = createBuffer(device, `readback:${src.label}`, byteLength, MAP_READ_DST);
  const encoder = device.createCommandEncoder({ label: `readback:${src.label}` });
  encoder.copyBufferToBuffer(src, offset, staging, 0, Math.ceil(byteLength / 4) * 4);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(0x0001);
  const copy = staging.getMappedRange(0, byteLength).slice(0);
  staging.unmap();
  staging.destroy();
  return copy;
}

export async function readFloat32(device: GPUDevice, src: GPUBuffer, length?: number, offsetFloats = 0): Promise<Float32Array> {
  const n = length ?? src.size / 4 - offsetFloats;
  return new Float32Array(await readBuffer(device, src, n * 4, offsetFloats * 4));
}

export async function readInt32(device: GPUDevice, src: GPUBuffer, length?: number): Promise<Int32Array> {
  const n = length ?? src.size / 4;
  return new Int32Array(await readBuffer(device, src, n * 4));
}

/** queue.writeBuffer of a typed array's bytes (also views over a SharedArrayBuffer or part of a larger buffer). */
export function writeArray(device: GPUDevice, target: GPUBuffer, data: ArrayBufferView, offsetBytes = 0): void {
  device.queue.writeBuffer(target, offsetBytes, data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
}
