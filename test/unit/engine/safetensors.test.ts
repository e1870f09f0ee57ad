import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors, SafetensorsError } from '../../../src/engine/safetensors';

/** A file written by hand, as another writer would: header JSON, then raw little-endian bytes. */
function handWritten(header: object, data: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

describe('safetensors', () => {
  it('round-trips float32 tensors bit-exactly, with metadata and order kept', () => {
    const special = new Float32Array([0, -0, 1.5, -3.25e-7, Infinity, -Infinity, NaN, 3.4028234663852886e38, 1e-45]);
    const tensors = [
      { name: 'tok_emb.weight', shape: [3, 3], data: special },
      { name: 'layers.0.ln.weight', shape: [5], data: new Float32Array([1, 2, 3, 4, 5]) },
      { name: 'scalar', shape: [], data: new Float32Array([42]) },
      { name: 'empty', shape: [0, 4], data: new Float32Array(0) },
    ];
    const bytes = encodeSafetensors(tensors, { format: 'pt', note: 'ünïcode' });
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + headerLength) % 8).toBe(0);
    const decoded = decodeSafetensors(bytes);
    expect(decoded.metadata).toEqual({ format: 'pt', note: 'ünïcode' });
    expect(decoded.tensors.map((t) => [t.name, t.dtype, t.shape])).toEqual(tensors.map((t) => [t.name, 'F32', t.shape]));
    for (let i = 0; i < tensors.length; i++) {
      expect(new Uint32Array(decoded.tensors[i].data.buffer)).toEqual(new Uint32Array(tensors[i].data.slice().buffer));
    }
  });

  it('writes the layout the format specifies', () => {
    const bytes = encodeSafetensors([{ name: 'a', shape: [2], data: new Float32Array([1, -2]) }]);
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
    expect(header).toEqual({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } });
    expect(new DataView(bytes.buffer).getFloat32(8 + headerLength + 4, true)).toBe(-2);
  });

  it('reads F16 and BF16, widening to float32', () => {
    // F16: 1.0, -2.0, 0.5, 65504 (max), 2^-24 (smallest subnormal), +inf; BF16: 1.0, -3.0, 2^-126
    const f16 = new Uint16Array([0x3c00, 0xc000, 0x3800, 0x7bff, 0x0001, 0x7c00]);
    const bf16 = new Uint16Array([0x3f80, 0xc040, 0x0080]);
    const data = new Uint8Array(f16.byteLength + bf16.byteLength);
    data.set(new Uint8Array(f16.buffer), 0);
    data.set(new Uint8Array(bf16.buffer), f16.byteLength);
    const file = handWritten(
      { h: { dtype: 'F16', shape: [2, 3], data_offsets: [0, 12] }, b: { dtype: 'BF16', shape: [3], data_offsets: [12, 18] } },
      data,
    );
    const { tensors, metadata } = decodeSafetensors(file);
    expect(metadata).toEqual({});
    expect(Array.from(tensors[0].data)).toEqual([1, -2, 0.5, 65504, 2 ** -24, Infinity]);
    expect(tensors[0].dtype).toBe('F16');
    expect(Array.from(tensors[1].data)).toEqual([1, -3, 2 ** -126]);
  });

  it('reads tensors at unaligned offsets and returns them in data order', () => {
    const f32 = new Float32Array([7.5]);
    const data = new Uint8Array(6);
    data.set(new Uint8Array(f32.buffer), 2);
    data.set(new Uint8Array(new Uint16Array([0x3c00]).buffer), 0);
    const file = handWritten({ late: { dtype: 'F32', shape: [1], data_offsets: [2, 6] }, early: { dtype: 'F16', shape: [1], data_offsets: [0, 2] } }, data);
    const { tensors } = decodeSafetensors(file);
    expect(tensors.map((t) => [t.name, t.data[0]])).toEqual([['early', 1], ['late', 7.5]]);
  });

  const bad: [string, Uint8Array, RegExp][] = [
    ['too short', new Uint8Array(4), /too short/],
    ['header longer than the file', handWritten({}, new Uint8Array()).map((b, i) => (i === 0 ? 200 : b)), /exceeds/],
    ['header not JSON', (() => { const f = handWritten({ a: 1 }, new Uint8Array()); f[8] = 0x7b; f[9] = 0x7b; return f; })(), /not valid JSON/],
    ['unsupported dtype', handWritten({ a: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, new Uint8Array(8)), /I64 is not supported/],
    ['offsets past the end', handWritten({ a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, new Uint8Array(8)), /do not fit/],
    ['offsets that disagree with the shape', handWritten({ a: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, new Uint8Array(8)), /do not fit/],
    ['bad shape', handWritten({ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 0] } }, new Uint8Array()), /bad shape/],
    ['non-string metadata', handWritten({ __metadata__: { n: 1 } }, new Uint8Array()), /__metadata__/],
  ];
  for (const [name, file, message] of bad) {
    it(`refuses a file with ${name}`, () => {
      expect(() => decodeSafetensors(file)).toThrow(SafetensorsError);
      expect(() => decodeSafetensors(file)).toThrow(message);
    });
  }

  it('refuses to write a tensor whose shape does not match its data', () => {
    expect(() => encodeSafetensors([{ name: 'a', shape: [3], data: new Float32Array(2) }])).toThrow(SafetensorsError);
    expect(() => encodeSafetensors([{ name: '__metadata__', shape: [1], data: new Float32Array(1) }])).toThrow(/reserved/);
  });
});
