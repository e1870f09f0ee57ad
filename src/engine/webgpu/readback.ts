// Asynchronous readback of per-step results (losses, gradient norm) through a small ring of mappable
// buffers: a step's results are copied at the end of its own submit, so nothing waits on the GPU
// unless more than RING steps are in flight.
import { createBuffer } from '../../gpu';

const MAP_READ_DST = 0x01 | 0x08;
const RING = 3;

interface Slot {
  buffer: GPUBuffer;
  done: Promise<unknown>;
}

export interface StepResults {
  losses: Float32Array;
  normSquared: number;
}

export class ReadbackRing {
  private slots: Slot[] = [];
  private next = 0;

  constructor(private device: GPUDevice) {}

  /**
   * Waits for a free slot, records copies of `losses` (n floats) and norm² (1 float, optional) into it,
   * and returns a function to call after the submit that resolves to their values.
   */
  async record(encoder: GPUCommandEncoder, losses: GPUBuffer, n: number, norm: GPUBuffer | null): Promise<() => Promise<StepResults>> {
    const bytes = Math.ceil(((n + 1) * 4) / 16) * 16;
    const slot = await this.slot(bytes);
    encoder.copyBufferToBuffer(losses, 0, slot.buffer, 0, n * 4);
    if (norm) encoder.copyBufferToBuffer(norm, 0, slot.buffer, n * 4, 4);
    return () => {
      const result = (async () => {
        await slot.buffer.mapAsync(0x0001, 0, bytes);
        const view = new Float32Array(slot.buffer.getMappedRange(0, bytes));
        const out = { losses: view.slice(0, n), normSquared: norm ? view[n] : 0 };
        slot.buffer.unmap();
        return out;
      })();
      slot.done = result.catch(() => {});
      return result;
    };
  }

  private async slot(bytes: number): Promise<Slot> {
    const i = this.next;
    this.next = (this.next + 1) % RING;
    if (this.slots[i]) await this.slots[i].done;
    if (!this.slots[i] || this.slots[i].buffer.size < bytes) await this.grow(bytes);
    return this.slots[i];
  }

  /** (Re)creates every slot at once, so steady-state steps find them all allocated. */
  private async grow(bytes: number): Promise<void> {
    await Promise.all(this.slots.map((s) => s.done));
    for (const s of this.slots) s.buffer.destroy();
    this.slots = Array.from({ length: RING }, (_, k) => ({
      buffer: createBuffer(this.device, `readback ring ${k}`, bytes, MAP_READ_DST),
      done: Promise.resolve(),
    }));
  }

  destroy(): void {
    for (const s of this.slots) s.buffer.destroy();
  }
}
