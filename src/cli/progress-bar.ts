// A progress bar per stage on stderr: redrawn in place on a terminal, one summary line per stage otherwise.
import type { PipelineEvent } from '../tripost/events';

export interface Sink {
  write(text: string): unknown;
  isTTY?: boolean;
}

interface Current {
  label: string;
  /** What the stage counts, for the rate: "steps/s", not a bare "/s". */
  unit: string;
  done: number;
  total: number;
  rate: number;
  eta: number | null;
  started: number;
}

const WIDTH = 24;
const UNITS: Record<string, string> = { finetune: 'steps', train: 'steps', edit: 'problems', evaluate: 'problems', postprocess: 'sets' };
/** Without a terminal, a progress line at most this often. */
const LOG_EVERY_MS = 10_000;

function seconds(s: number): string {
  return s < 60 ? `${s.toFixed(1)}s` : `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
}

function percent(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}

export class ProgressBars {
  #current: Current | null = null;
  #lastDraw = 0;

  constructor(private sink: Sink) {}

  /** Feeds one pipeline event of the run called `run` (e.g. "tripost", "ft-si-demo"). */
  update(run: string, e: PipelineEvent): void {
    if (e.type === 'stage') {
      this.finish();
      this.#current = { label: `${run} t=${e.iteration} ${e.stage}`, unit: UNITS[e.stage] ?? 'items', done: 0, total: 0, rate: 0, eta: null, started: performance.now() };
      this.#draw(true);
    } else if (e.type === 'progress' && this.#current) {
      Object.assign(this.#current, { done: e.done, total: e.total, rate: e.itemsPerSecond, eta: e.etaSeconds });
      this.#draw(e.done === e.total);
    } else if (e.type === 'log') {
      this.#say(e.message);
    } else if (e.type === 'eval') {
      // Each evaluation as it lands, so a long run shows where it stands before its final table.
      const m = e.metrics;
      this.#say(`${run} t=${e.iteration} ${e.split}: accuracy ${percent(m.accuracy)} · SI.Freq ${percent(m.siFreq)} · SI.Contrib ${percent(m.siContrib)} (${m.n} problems)`);
    } else if (e.type === 'mix') {
      const a = e.mix.available;
      this.#say(`${run} t=${e.iteration} training mix: ${e.mix.improvement} improvement · ${e.mix.correct} correct · ${e.mix.gold} gold (of ${a.improvement} · ${a.correct} · ${a.gold} available)`);
    }
  }

  /** Ends the stage in progress with its final line. */
  finish(): void {
    const c = this.#current;
    if (!c) return;
    const took = (performance.now() - c.started) / 1000;
    this.#clearLine();
    this.sink.write(`${this.#bar(c)} done in ${seconds(took)}\n`);
    this.#current = null;
  }

  #bar(c: Current): string {
    const label = c.label.padEnd(38);
    // Stages without counted units (postprocess, a shared fine-tune) get no bar.
    if (c.total === 0) return label;
    const filled = Math.round((WIDTH * c.done) / c.total);
    return `${label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${c.done}/${c.total}`;
  }

  #draw(force: boolean): void {
    const c = this.#current;
    if (!c) return;
    const now = performance.now();
    const eta = c.eta === null ? '' : ` ETA ${seconds(c.eta)}`;
    if (this.sink.isTTY) {
      // Redrawing on every training step would cost more than the step on a fast machine.
      if (!force && now - this.#lastDraw < 100) return;
      this.#lastDraw = now;
      this.sink.write(`\r\x1b[2K${this.#bar(c)} ${c.rate.toFixed(1)} ${c.unit}/s${eta}`);
    } else if (c.total > 0 && c.done < c.total && now - Math.max(this.#lastDraw, c.started) >= LOG_EVERY_MS) {
      // A log file gets a line now and then, so a long stage still shows it is alive.
      this.#lastDraw = now;
      this.sink.write(`${this.#bar(c)} ${c.rate.toFixed(2)} ${c.unit}/s${eta}\n`);
    }
  }

  /** A line of its own above the bar being drawn. */
  #say(line: string): void {
    this.#clearLine();
    this.sink.write(`${line}\n`);
    this.#draw(true);
  }

  #clearLine(): void {
    if (this.sink.isTTY) this.sink.write('\r\x1b[2K');
  }
}
