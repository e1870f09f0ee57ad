// A small Hugging Face tokenizer.json (BPE with Metaspace) written in the test, as a real checkpoint ships one.
import type { NamedBlob } from '../../src/engine/import-hf';

const PIECES = ['h', 'e', 'l', 'o', '▁', 'w', 'r', 'd', 'a', 'b', 'c', 'he', 'll', 'hell', 'hello', '▁w'];

export const TOKENIZER_CONFIG = { bos_token: '<s>', eos_token: { content: '</s>' }, pad_token: '<pad>' };

export function smallTokenizerJson(): object {
  const specials = ['<s>', '</s>', '<pad>'];
  const vocab: Record<string, number> = {};
  [...specials, ...PIECES].forEach((p, i) => (vocab[p] = i));
  const metaspace = { type: 'Metaspace', replacement: '▁', prepend_scheme: 'never', split: true };
  return {
    version: '1.0',
    added_tokens: specials.map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: null,
    pre_tokenizer: metaspace,
    post_processor: null,
    decoder: metaspace,
    model: {
      type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null, fuse_unk: false, byte_fallback: false,
      vocab, merges: ['h e', 'l l', 'he ll', 'hell o', '▁ w'],
    },
  };
}

export type HalfDtype = 'F32' | 'F16' | 'BF16';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

function bf16Bits(x: number): number {
  f32[0] = x;
  const u = u32[0];
  return ((u + 0x7fff + ((u >>> 16) & 1)) >>> 16) & 0xffff; // round to nearest even
}

/** Float → IEEE half bits, written independently of src/engine/half.ts (a second writer, as another tool would be). */
export function f16Bits(x: number): number {
  f32[0] = x;
  const u = u32[0];
  const sign = (u >>> 16) & 0x8000;
  const e = ((u >>> 23) & 0xff) - 127 + 15;
  const m = u & 0x7fffff;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    const shift = 14 - e;
    return sign | (((m | 0x800000) + (1 << (shift - 1))) >>> shift);
  }
  return sign + ((e << 10) | (m >>> 13)) + ((m >>> 12) & 1); // carry into the exponent rounds up correctly
}

/** A safetensors file as another writer would make it, in F32, F16 or BF16 per tensor. */
export function writeSafetensors(tensors: { name: string; shape: number[]; data: ArrayLike<number>; dtype: HalfDtype | string }[]): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const t of tensors) {
    let bytes: Uint8Array;
    if (t.dtype === 'F32') bytes = new Uint8Array(Float32Array.from(t.data).buffer);
    else if (t.dtype === 'F16' || t.dtype === 'BF16') bytes = new Uint8Array(Uint16Array.from(Array.from(t.data, t.dtype === 'F16' ? f16Bits : bf16Bits)).buffer);
    else bytes = new Uint8Array(t.data.length * 8); // e.g. I64: only the header matters to a reader that refuses it
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes.length] };
    chunks.push(bytes);
    offset += bytes.length;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let p = 8 + json.length;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}

/** A picked file, as the importer sees one. */
export function blob(name: string, data: Uint8Array | string): NamedBlob {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return {
    name,
    size: bytes.length,
    arrayBuffer: async () => bytes.slice().buffer,
    slice: (start, end) => ({ arrayBuffer: async () => bytes.slice(start, end).buffer }),
  };
}
