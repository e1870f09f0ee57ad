import { describe, expect, it } from 'vitest';
import { presetConfig, type ModelConfig } from '../../../src/engine/config';
import { runGeneration } from '../../../src/engine/generate';
import { CpuDecoder } from '../../../src/engine/generate-cpu';
import { buildParamTable } from '../../../src/engine/params';
import { attentionDecode } from '../../../src/engine/reference/attention_decode';
import { kvAppend } from '../../../src/engine/reference/decode';
import { ReferenceModel } from '../../../src/engine/reference/model';
import { createEngine } from '../../../src/engine';
import { unflatten } from '../../../src/engine/params';
import { expectClose, randomArray } from '../../helpers/numeric';
import { GQA_SMALL, PROMPTS, sharpParams } from '../../helpers/generation';

const NANO: ModelConfig = presetConfig('nano', 41);

function decoder(c: ModelConfig, seed = 3): CpuDecoder {
  const table = buildParamTable(c);
  return new CpuDecoder(c, table, sharpParams(table, c, seed));
}

const greedy = (n: number) => ({ maxNewTokens: n, temperature: 0, seed: 0 });

describe('decode ops (reference)', () => {
  it('a chunk, then token by token, fills the cache and attends as one whole chunk does', () => {
    const [H, KVH, hd, S, T] = [4, 2, 6, 16, 7];
    const heads = H + 2 * KVH;
    const qkv = randomArray(T * heads * hd, 5);
    const run = (chunks: number[]) => {
      const kc = new Float32Array(KVH * S * hd);
      const vc = new Float32Array(KVH * S * hd);
      const out: number[] = [];
      let pos = 0;
      for (const n of chunks) {
        const x = qkv.slice(pos * heads * hd, (pos + n) * heads * hd);
        const slots = Int32Array.of(0, pos, n, 0);
        kvAppend(x, kc, vc, slots, 1, n, H, KVH, hd, S, 10000);
        const att = new Float32Array(n * H * hd);
        attentionDecode(att, x, kc, vc, slots, 1, n, H, KVH, hd, S);
        out.push(...att);
        pos += n;
      }
      return { out, kc };
    };
    const whole = run([T]);
    const pieces = run([3, 1, 1, 2]);
    expectClose(pieces.out, whole.out, { atol: 1e-6, rtol: 1e-6 }, 'attention');
    expectClose(pieces.kc, whole.kc, { atol: 0, rtol: 0 }, 'k cache');
  });
});

describe('cpu generation', () => {
  it('KV-cache greedy equals greedy that recomputes the whole prefix each step', async () => {
    for (const c of [NANO, GQA_SMALL]) {
      const d = decoder(c);
      const kv = await runGeneration(d, c, PROMPTS, greedy(12));
      const re = await runGeneration(d, c, PROMPTS, greedy(12), { recompute: true });
      expect(kv).toEqual(re);
      expect(new Set(kv.tokens[0]).size).toBeGreaterThan(2); // the sharpened model does not just repeat one id
    }
  });

  it('CpuEngine greedy equals argmax of the training forward (ReferenceModel) over the whole prefix', async () => {
    for (const c of [NANO, GQA_SMALL]) {
      const table = buildParamTable(c);
      const params = sharpParams(table, c, 3);
      const engine = await createEngine({ backend: 'cpu', config: c, seed: 1 });
      await engine.writeParams(unflatten(table, params));
      const kv = await engine.generate(PROMPTS, greedy(10));
      const model = new ReferenceModel(c, table, params, new Float32Array(table.total));
      PROMPTS.forEach((prompt, r) => {
        const seq = Array.from(prompt);
        for (let i = 0; i < 10; i++) {
          const logits = model.forwardLogits(Int32Array.from(seq), 1, seq.length);
          const row = logits.subarray((seq.length - 1) * c.vocabSize, seq.length * c.vocabSize);
          seq.push(row.indexOf(Math.max(...row)));
        }
        expect(Array.from(kv.tokens[r])).toEqual(seq.slice(prompt.length));
      });
    }
  });

  it('a batch of mixed-length prompts gives the same rows as each prompt alone', async () => {
    const d = decoder(NANO);
    const batch = await runGeneration(d, NANO, PROMPTS, greedy(10));
    for (let r = 0; r < PROMPTS.length; r++) {
      const alone = await runGeneration(d, NANO, [PROMPTS[r]], greedy(10));
      expect(alone.tokens[0]).toEqual(batch.tokens[r]);
    }
  });

  it('sampling is seeded: the same seed gives the same samples, another seed others', async () => {
    const d = decoder(NANO);
    const opts = { maxNewTokens: 16, temperature: 0.9, topK: 20, topP: 0.95, seed: 42 };
    const a = await runGeneration(d, NANO, PROMPTS, opts);
    const b = await runGeneration(d, NANO, PROMPTS, opts);
    const c = await runGeneration(d, NANO, PROMPTS, { ...opts, seed: 43 });
    expect(a).toEqual(b);
    expect(a.tokens).not.toEqual(c.tokens);
  });

  it('stop sequences end a row (kept in the output); others run to maxNewTokens', async () => {
    const d = decoder(NANO);
    const free = await runGeneration(d, NANO, PROMPTS, greedy(10));
    const stop = free.tokens[1].slice(3, 5);
    const seen: [number, number][] = [];
    const res = await runGeneration(d, NANO, PROMPTS, { ...greedy(10), stop: [Int32Array.of(999), stop], onToken: (r, t) => seen.push([r, t]) });
    const cut = (t: Int32Array) => {
      for (let i = 1; i < t.length; i++) if (t[i - 1] === stop[0] && t[i] === stop[1]) return i + 1;
      return t.length;
    };
    res.tokens.forEach((t, r) => {
      expect(t).toEqual(free.tokens[r].slice(0, cut(free.tokens[r])));
      expect(res.finish[r]).toBe(cut(free.tokens[r]) < 10 ? 'stop' : 'length');
      expect(seen.filter(([row]) => row === r).map(([, tok]) => tok)).toEqual(Array.from(t));
    });
    expect(res.finish[1]).toBe('stop');
  });

  it('finished rows leave the step: later steps run only the live rows', async () => {
    const d = decoder(NANO);
    const sizes: number[] = [];
    const step = d.step.bind(d);
    d.step = (slots, tokens, M, Tq) => (sizes.push(M), step(slots, tokens, M, Tq));
    const free = await runGeneration(d, NANO, PROMPTS, greedy(8));
    sizes.length = 0;
    await runGeneration(d, NANO, PROMPTS, { ...greedy(8), stop: [free.tokens[1].slice(0, 1), free.tokens[3].slice(2, 3)] });
    expect(sizes[0]).toBe(4);
    expect(sizes[sizes.length - 1]).toBeLessThan(4);
    expect([...sizes].sort((a, b) => b - a)).toEqual(sizes); // never grows
  });

  it('maxSeqLen caps a row at "length"; an aborted run returns what it has', async () => {
    const d = decoder(NANO);
    const long = new Int32Array(NANO.maxSeqLen - 3).fill(5);
    const capped = await runGeneration(d, NANO, [long, PROMPTS[0]], greedy(8));
    expect(capped.tokens.map((t) => t.length)).toEqual([3, 8]);
    expect(capped.finish).toEqual(['length', 'length']);

    const ac = new AbortController();
    let firstRow = 0;
    const onToken = (r: number) => {
      if (r === 0 && ++firstRow === 3) ac.abort();
    };
    const res = await runGeneration(d, NANO, PROMPTS, { ...greedy(10), signal: ac.signal, onToken });
    expect(res.finish).toEqual(PROMPTS.map(() => 'abort'));
    expect(res.tokens[0].length).toBe(3);
    const pre = new AbortController();
    pre.abort();
    const none = await runGeneration(d, NANO, PROMPTS, { ...greedy(10), signal: pre.signal });
    expect(none.tokens.every((t) => t.length === 0)).toBe(true);
  });

  it('refuses bad requests with messages naming the problem', async () => {
    const d = decoder(NANO);
    await expect(runGeneration(d, NANO, [new Int32Array(0)], greedy(2))).rejects.toThrow(/prompt 0 is empty/);
    await expect(runGeneration(d, NANO, [Int32Array.of(1, 41)], greedy(2))).rejects.toThrow(/token 41, outside the vocabulary/);
    await expect(runGeneration(d, NANO, [new Int32Array(65)], greedy(2))).rejects.toThrow(/over the model's maxSeqLen 64/);
    await expect(runGeneration(d, NANO, PROMPTS, { ...greedy(2), topP: 0 })).rejects.toThrow(/topP/);
    await expect(runGeneration(d, NANO, PROMPTS, { ...greedy(2), stop: [new Int32Array(0)] })).rejects.toThrow(/stop sequence 0 is empty/);
  });
});
