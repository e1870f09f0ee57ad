// Generation on the GPU: a KV cache and scratch per session, one plan per (slots, tokens) shape, one submit per
// step, and only the chosen ids read back. Live slots are packed to the front and run in a power-of-two plan,
// so finished rows stop costing work. Implements the DecodeBackend of src/engine/generate.ts.
import { allocateOrExplain, createBuffer, DeviceLimitError, recordPass, type GpuRuntime } from '../../gpu';
import type { ModelConfig } from '../config';
import type { GenerateOptions, GenerateResult } from '../engine';
import { runGeneration, type DecodeBackend, type LoopOptions } from '../generate';
import type { ParamTable } from '../params';
import type { ParamBuffers } from './param-buffers';
import { SLOT_WORDS } from '../reference/decode';
import type { SampleParams } from '../reference/sample';
import { DecodeBuffers, DecodePlan } from './decode-plan';
import type { LoraBuffers } from './lora-plan';
import { CHUNK_ALIGN, pow2, roundUp, sessionShape } from '../session-shape';

const MAP_READ_DST = 0x01 | 0x08;


interface Session {
  buf: DecodeBuffers;
  plans: Map<string, Promise<DecodePlan>>;
  staging: GPUBuffer; // (rows) i32, mappable
}

export class GpuDecoder implements DecodeBackend {
  private session: Session | null = null;
  private sampling!: SampleParams;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly gpu: GpuRuntime,
    readonly config: ModelConfig,
    readonly table: ParamTable,
    readonly params: ParamBuffers, // (P) the base's buffers, shared with the training engine
    readonly lora: LoraBuffers | null = null, // LoRA adapters, shared with the training engine too
  ) {}

  /** One generate call at a time per decoder: they share the cache. */
  run(prompts: Int32Array[], opts: GenerateOptions, loop: LoopOptions = {}): Promise<GenerateResult> {
    const next = this.queue.then(() => runGeneration(this, this.config, prompts, opts, loop));
    this.queue = next.catch(() => {});
    return next;
  }

  async begin(rows: number, capacity: number, maxTq: number, sampling: SampleParams): Promise<void> {
    const c = this.config;
    const { R, S, N } = sessionShape(c, rows, capacity, maxTq);
    const s = this.session;
    if (!s || s.buf.rows < R || s.buf.S !== S || s.buf.N < N) {
      const need = { R: Math.max(R, s?.buf.rows ?? 0), N: Math.max(N, s?.buf.N ?? 0) };
      const largest = DecodeBuffers.largestBytes(c, need.R, S, need.N);
      const limit = this.gpu.info.limits.maxStorageBufferBindingSize;
      if (largest.bytes > limit) {
        throw new DeviceLimitError(`Generating ${rows} rows of up to ${capacity} tokens needs a ${(largest.bytes / 2 ** 20).toFixed(1)} MiB ${largest.what} buffer, over this device's maxStorageBufferBindingSize (${(limit / 2 ** 20).toFixed(1)} MiB); use fewer rows or tokens.`);
      }
      this.destroy();
      const device = this.gpu.device;
      const session = () => ({
        buf: new DecodeBuffers(device, c, need.R, S, need.N, this.lora?.table.config.rank ?? 0),
        plans: new Map(),
        staging: createBuffer(device, 'generate.ids readback', need.R * 4, MAP_READ_DST),
      });
      this.session = await allocateOrExplain(device, `a KV cache for ${need.R} rows of ${S} tokens`, session, (s) => (s.buf.destroy(), s.staging.destroy()));
    }
    this.sampling = sampling;
  }

  private plan(M: number, Tq: number): Promise<DecodePlan> {
    const s = this.session!;
    const key = `${M}x${Tq}`;
    let plan = s.plans.get(key);
    if (!plan) {
      plan = DecodePlan.build(this.gpu, this.config, this.table, this.params, this.lora, s.buf, M, Tq);
      s.plans.set(key, plan);
      plan.catch(() => s.plans.delete(key));
    }
    return plan;
  }

  async step(slots: Int32Array, tokens: Int32Array, M: number, Tq: number): Promise<Int32Array> {
    const s = this.session;
    if (!s) throw new Error('generate: step() before begin()');
    const Mp = Math.min(pow2(M), s.buf.rows); // slots M..Mp are padding (row −1)
    const Tp = Tq === 1 ? 1 : Math.min(roundUp(Tq, CHUNK_ALIGN), s.buf.N / Mp);
    const plan = await this.plan(Mp, Tp);
    plan.sample.update(this.sampling);

    const slotWords = new Int32Array(Mp * SLOT_WORDS).fill(-1);
    slotWords.set(slots);
    const padded = new Int32Array(Mp * Tp);
    for (let m = 0; m < M; m++) padded.set(tokens.subarray(m * Tq, (m + 1) * Tq), m * Tp);
    const q = this.gpu.device.queue;
    q.writeBuffer(s.buf.slots, 0, slotWords);
    q.writeBuffer(s.buf.tokens, 0, padded);

    const encoder = this.gpu.device.createCommandEncoder({ label: `generate step ${Mp}x${Tp}` });
    recordPass(encoder, 'generate', plan.dispatches);
    encoder.copyBufferToBuffer(s.buf.ids, 0, s.staging, 0, Mp * 4);
    this.gpu.submit(encoder);
    await s.staging.mapAsync(0x0001, 0, Mp * 4);
    const ids = new Int32Array(s.staging.getMappedRange(0, Mp * 4).slice(0, M * 4));
    s.staging.unmap();
    return ids;
  }

  end(): void {}

  destroy(): void {
    const s = this.session;
    this.session = null;
    if (!s) return;
    for (const plan of s.plans.values()) plan.then((p) => p.destroy(), () => {});
    s.buf.destroy();
    s.staging.destroy();
  }
}
