// Minimal safetensors (https://github.com/huggingface/safetensors) writer and reader: 8-byte
// little-endian header length, a JSON header, then raw little-endian tensor bytes.
import { fromHalves } from './half';

/** Element types this module reads; it writes F32 only (the engine's training precision). */
export type SafetensorsDtype = 'F32' | 'F16' | 'BF16';

const DTYPE_BYTES: Record<SafetensorsDtype, number> = { F32: 4, F16: 2, BF16: 2 };

/** Header sizes above this are refused: real headers are kilobytes; a huge one means a bad file. */
const MAX_HEADER_BYTES = 100 * 1024 * 1024;

export interface TensorToWrite {
  name: string;
  shape: number[];
  data: Float32Array;
}

export interface DecodedTensor {
  name: string;
  /** The stored type; `data` is always widened to float32. */
  dtype: SafetensorsDtype;
  shape: number[];
  data: Float32Array;
}

export interface DecodedSafetensors {
  /** The header's `__metadata__` (string to string), empty when absent. */
  metadata: Record<string, string>;
  /** Tensors in the order of their data in the file. */
  tensors: DecodedTensor[];
}

/** A file that is not valid safetensors, or uses a type this reader does not support. */
export class SafetensorsError extends Error {
  override readonly name = 'SafetensorsError';
}

function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * The 8-byte length and the JSON header of tensors stored one after another in the given order (any dtype: a writer
 * that streams the data, as bench/import.ts does, writes this first), padded so the data starts 8-byte aligned.
 */
export function safetensorsHeader(tensors: readonly { name: string; dtype: SafetensorsDtype; shape: readonly number[] }[], metadata: Record<string, string> = {}): { bytes: Uint8Array; dataBytes: number } {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const t of tensors) {
    if (t.name === '__metadata__' || t.name in header) throw new SafetensorsError(`Duplicate or reserved tensor name: ${t.name}`);
    const size = elementCount(t.shape) * DTYPE_BYTES[t.dtype];
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + size] };
    offset += size;
  }
  let json = JSON.stringify(header);
  // Pad with spaces so the data starts 8-byte aligned, as the reference writer does.
  json += ' '.repeat((8 - ((8 + new TextEncoder().encode(json).length) % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const bytes = new Uint8Array(8 + headerBytes.length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  bytes.set(headerBytes, 8);
  return { bytes, dataBytes: offset };
}

/** Encodes float32 tensors, in the given order, with optional string metadata. */
export function encodeSafetensors(tensors: readonly TensorToWrite[], metadata: Record<string, string> = {}): Uint8Array {
  for (const t of tensors) {
    if (elementCount(t.shape) !== t.data.length) {
      throw new SafetensorsError(`Tensor ${t.name}: shape [${t.shape}] does not hold ${t.data.length} values`);
    }
  }
  const head = safetensorsHeader(tensors.map((t) => ({ name: t.name, dtype: 'F32' as const, shape: t.shape })), metadata);
  const out = new Uint8Array(head.bytes.length + head.dataBytes);
  out.set(head.bytes);
  let position = head.bytes.length;
  for (const t of tensors) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), position);
    position += t.data.byteLength;
  }
  return out;
}

/** Widens one tensor's stored bytes (little-endian, any byte offset) into `out`, which holds its element count. */
export function decodeInto(dtype: SafetensorsDtype, bytes: Uint8Array, out: Float32Array): void {
  if (dtype === 'F32') {
    new Uint8Array(out.buffer, out.byteOffset, out.byteLength).set(bytes); // byte copy: the source may be unaligned
    return;
  }
  const halves = bytes.byteOffset % 2 === 0 ? new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2) : new Uint16Array(bytes.slice().buffer);
  if (dtype === 'BF16') {
    const outBits = new Uint32Array(out.buffer, out.byteOffset, out.length);
    for (let i = 0; i < halves.length; i++) outBits[i] = halves[i] << 16;
  } else {
    fromHalves(halves, out);
  }
}

interface HeaderEntry {
  dtype: unknown;
  shape: unknown;
  data_offsets: unknown;
}

/** Where one tensor's bytes lie in the file (absolute offsets), with its stored type and shape. */
export interface TensorSpan {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  begin: number;
  end: number;
}

/** The JSON header's length from the file's first 8 bytes; `fileBytes` is the whole file's size. */
export function headerLength(first8: Uint8Array, fileBytes: number): number {
  if (first8.length < 8 || fileBytes < 8) throw new SafetensorsError('File too short for a safetensors header');
  const length = new DataView(first8.buffer, first8.byteOffset, 8).getBigUint64(0, true);
  if (length > BigInt(Math.min(MAX_HEADER_BYTES, fileBytes - 8))) throw new SafetensorsError(`Header length ${length} exceeds the file`);
  return Number(length);
}

/**
 * The header's metadata and every tensor's span, checked against the file's size (types, shapes, offsets), in file
 * order. `json` is the header's bytes (those after the first 8); nothing of the tensor data is needed.
 */
export function parseHeader(json: Uint8Array, fileBytes: number): { metadata: Record<string, string>; spans: TensorSpan[] } {
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch (error) {
    throw new SafetensorsError(`Header is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new SafetensorsError('Header is not a JSON object');
  }
  const dataStart = 8 + json.length;
  const dataLength = fileBytes - dataStart;
  const spans: TensorSpan[] = [];
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const entry = value as HeaderEntry;
    const dtype = entry?.dtype;
    if (dtype !== 'F32' && dtype !== 'F16' && dtype !== 'BF16') {
      throw new SafetensorsError(`Tensor ${name}: dtype ${String(dtype)} is not supported (F32, F16, BF16 are)`);
    }
    const shape = entry.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new SafetensorsError(`Tensor ${name}: bad shape ${JSON.stringify(shape)}`);
    }
    const offsets = entry.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isInteger(o) && o >= 0)) {
      throw new SafetensorsError(`Tensor ${name}: bad data_offsets ${JSON.stringify(offsets)}`);
    }
    const [begin, end] = offsets as [number, number];
    if (end - begin !== elementCount(shape) * DTYPE_BYTES[dtype] || end > dataLength) {
      throw new SafetensorsError(`Tensor ${name}: data_offsets [${begin}, ${end}] do not fit shape [${shape}] or the file`);
    }
    spans.push({ name, dtype, shape: shape as number[], begin: dataStart + begin, end: dataStart + end });
  }
  spans.sort((a, b) => a.begin - b.begin);
  return { metadata: readMetadata((header as Record<string, unknown>).__metadata__), spans };
}

function readMetadata(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  const ok = typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string');
  if (!ok) throw new SafetensorsError('__metadata__ must map strings to strings');
  return value as Record<string, string>;
}

/** Decodes a safetensors file held in memory; F16 and BF16 tensors are widened to float32. */
export function decodeSafetensors(bytes: Uint8Array): DecodedSafetensors {
  const length = headerLength(bytes, bytes.length);
  const { metadata, spans } = parseHeader(bytes.subarray(8, 8 + length), bytes.length);
  const tensors = spans.map(({ name, dtype, shape, begin, end }) => {
    const data = new Float32Array(elementCount(shape));
    decodeInto(dtype, bytes.subarray(begin, end), data);
    return { name, dtype, shape, data };
  });
  return { metadata, tensors };
}
