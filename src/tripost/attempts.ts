// The model's attempts at problems (batched generation): the text after each prompt, cut where the model starts its
// own feedback or a new question. Used by the iterations' edit stage and by warm starts trained on their own attempts.
import type { Engine } from '../engine';
import type { Tokenizer } from '../engine/tokenizer';
import { attemptPrompt, type Problem } from '../tasks';
import { eosStop, TextStops } from '../tokenizers/stops';

/** An attempt ends where the model starts its own feedback or a new question. */
export const ATTEMPT_STOPS = ['\nFeedback:', '\nQ:'];

export interface AttemptOptions {
  contextLength: number;
  /** 0: greedy. */
  temperature: number;
  seed: number;
  signal?: AbortSignal;
}

export async function generateAttempts(engine: Engine, tok: Tokenizer, problems: readonly Problem[], o: AttemptOptions): Promise<string[]> {
  const prompts = problems.map((p) => tok.encode(attemptPrompt(p.prompt), { bos: true }));
  const room = Math.max(0, o.contextLength - Math.max(...prompts.map((p) => p.length)));
  const stops = new TextStops(tok, prompts, ATTEMPT_STOPS);
  const { tokens } = await engine.generate(prompts, { maxNewTokens: room, temperature: o.temperature, seed: o.seed, stop: eosStop(tok), stopWhen: stops.stopWhen, signal: o.signal });
  return tokens.map((t, r) => stops.text(r, t));
}
