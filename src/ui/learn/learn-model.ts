// The Learn page's models: a shipped warm start on a backend, and a model moved to another backend with its weights.
import { createEngine, deserializeTokenizer, loadCheckpoint, type Engine, type Tokenizer } from '../../engine';
import type { WarmStartEntry } from '../../tripost/warmstart-manifest';
import { fetchWarmStart } from '../../worker/warm-start';

/** The warm start's model (its config with the page's context) and tokenizer, its weights written. */
export async function warmStartModel(entry: WarmStartEntry, backend: 'cpu' | 'webgpu', context: number): Promise<{ engine: Engine; tokenizer: Tokenizer }> {
  const ck = loadCheckpoint(await fetchWarmStart(entry.name));
  if (!ck.tokenizer) throw new Error('the checkpoint has no tokenizer in its metadata');
  const tokenizer = deserializeTokenizer(ck.tokenizer);
  const engine = await createEngine({ backend, config: { ...ck.config, maxSeqLen: context }, seed: 1 });
  try {
    await engine.writeParams(ck.params);
  } catch (e) {
    engine.destroy();
    throw e;
  }
  return { engine, tokenizer };
}

/** The same model on another backend: its weights (the warm start's and whatever was trained since) come along. */
export async function moveEngine(old: Engine, backend: 'cpu' | 'webgpu'): Promise<Engine> {
  const params = await old.readParams();
  const engine = await createEngine({ backend, config: old.config, seed: 1 });
  await engine.writeParams(params);
  old.destroy();
  return engine;
}
