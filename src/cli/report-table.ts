// The per-iteration table and the baseline comparison the experiment prints on stdout.
import type { SiMetrics } from '../tripost/evaluate';
import type { IterationReport } from '../tripost/report';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function row(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
}

const WIDTHS = [28, 9, 8, 10, 5, 9];
const HEADER = row(['', 'accuracy', 'SI.Freq', 'SI.Contrib', 'n', 'shortcut'], WIDTHS);

/** `shortcut`: the accuracy of always giving the most frequent answer, printed beside the model's. */
function metricsRow(label: string, m: SiMetrics | null, shortcut?: number): string {
  const cut = shortcut === undefined ? '' : pct(shortcut);
  return row(m ? [label, pct(m.accuracy), pct(m.siFreq), pct(m.siContrib), String(m.n), cut] : [label, '-', '-', '-', '-', cut], WIDTHS);
}

export function iterationTable(run: string, it: IterationReport): string {
  const start = it.warmStart ? 'the shipped warm start' : 'initial fine-tune on gold rationales';
  const title = it.t === 0 ? `${run} · t=0 (${start})` : `${run} · iteration t=${it.t}`;
  const dropped = Object.entries(it.trajectories.dropped);
  const droppedTotal = dropped.reduce((n, [, c]) => n + c, 0);
  const lines = [title, `  ${HEADER}`, `  ${metricsRow('seen', it.evals.seen, it.shortcut.seen)}`, `  ${metricsRow('unseen', it.evals.unseen, it.shortcut.unseen)}`];
  if (it.t > 0) {
    const reasons = dropped.length ? ` (${dropped.map(([r, c]) => `${r}: ${c}`).join('; ')})` : '';
    lines.push(`  trajectories: ${it.trajectories.kept} kept, ${droppedTotal} dropped${reasons}`);
  }
  const mix = it.trainingMix;
  if (!it.warmStart) lines.push(`  training mix: ${mix.improvement} improvement, ${mix.correct} correct, ${mix.gold} gold`);
  lines.push('  shortcut: always giving the most frequent answer of the evaluation problems');
  return lines.join('\n') + '\n';
}

export interface FinalScores {
  seen: SiMetrics | null;
  unseen: SiMetrics | null;
}

/** One row per method and split, side by side with the main run. */
export function comparisonTable(runs: Record<string, FinalScores & { error?: string }>): string {
  const lines = ['Final models', `  ${HEADER}`];
  for (const [name, s] of Object.entries(runs)) {
    lines.push(`  ${metricsRow(`${name} seen`, s.seen)}`, `  ${metricsRow(`${name} unseen`, s.unseen)}`);
    if (s.error) lines.push(`    (${name} ended early: ${s.error})`);
  }
  return lines.join('\n') + '\n';
}
