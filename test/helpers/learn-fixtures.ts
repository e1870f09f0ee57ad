// The Learn page's session for the UI tests: a warm-start manifest with the MSA quick checkpoint, read already, so
// the session knows its model and level without fetching anything (no model is built until a step needs one).
import type { WarmStartEntry } from '../../src/tripost/warmstart-manifest';
import { WarmStarts } from '../../src/ui/demo/warm-starts.svelte';
import { LearnSession } from '../../src/ui/learn/learn-session.svelte';

export const MSA_QUICK: WarmStartEntry = {
  name: 'msa-quick', file: 'msa-quick.safetensors', bytes: 1, task: 'msa', level: 'quick', preset: 'micro', tokenizer: 'task',
  steps: 2000, batchSize: 16, lr: 0.003, dataSeed: 1, initSeed: 1, backend: 'webgpu', wallSeconds: 600, evalProblems: 200,
  seen: { accuracy: 0.9, majority: { answer: '0', accuracy: 0.1 } }, unseen: { accuracy: 0.3, majority: { answer: '0', accuracy: 0.05 } },
  curve: [], command: 'npm run warmstart -- --task msa --level quick',
};

export function learnSession(entries: WarmStartEntry[] = [MSA_QUICK]): LearnSession {
  const ws = new WarmStarts();
  ws.manifest = { checkpoints: entries };
  ws.loaded = true;
  return new LearnSession(ws);
}
