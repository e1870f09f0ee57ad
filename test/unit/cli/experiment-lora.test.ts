// `npm run experiment -- --init-hf DIR --lora-rank N [--lora-alpha N] [--lora-targets a,b] [--export-peft DIR]`: the
// flags' LoRA config, and the refusals that say what is wrong and what to do.
import { dirname } from 'node:path';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parseExperimentArgs, usage, UsageError, type ExperimentOptions } from '../../../src/cli/experiment-args';
import { DEFAULT_CONFIG, type RunConfig } from '../../../src/tripost/config';
import { writeTinyHfCheckpoint } from '../../helpers/hf-checkpoint-files';

const dir = dirname(writeTinyHfCheckpoint()[0]);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const parse = (argv: string[], readConfig?: (path: string) => RunConfig) => parseExperimentArgs(argv, {}, readConfig) as ExperimentOptions;
/** The usage error's message, or what was accepted. */
const refusal = (argv: string[], readConfig?: (path: string) => RunConfig): string => {
  const error = (() => {
    try {
      return parse(argv, readConfig);
    } catch (e) {
      return e as Error;
    }
  })();
  return error instanceof UsageError ? error.message : `accepted: ${argv.join(' ')} (${String(error)})`;
};

describe('LoRA flags', () => {
  it('--lora-rank with --init-hf trains adapters: alpha defaults to the rank, targets to q_proj and v_proj', () => {
    expect(parse(['--init-hf', dir, '--lora-rank', '8']).config.lora).toEqual({ rank: 8, alpha: 8, targets: ['q_proj', 'v_proj'] });
    const o = parse(['--init-hf', dir, '--lora-rank=4', '--lora-alpha', '16', '--lora-targets', 'down_proj,q_proj,o_proj', '--export-peft', 'adapters']);
    expect(o.config.lora).toEqual({ rank: 4, alpha: 16, targets: ['down_proj', 'q_proj', 'o_proj'] });
    expect(o.exportPeft).toBe('adapters');
    expect(parse(['--init-hf', dir, '--lora-rank', '2', '--lora-alpha', '0.5']).config.lora?.alpha).toBe(0.5);
  });

  it('--lora-half keeps the frozen base as f16 (the run config says so); it needs a rank and is refused on resume', () => {
    const o = parse(['--init-hf', dir, '--lora-rank', '8', '--lora-half']);
    expect(o.config.halfBase).toBe(true);
    expect(parse(['--init-hf', dir, '--lora-rank', '8']).config.halfBase).toBeUndefined();
    expect(refusal(['--init-hf', dir, '--lora-half'])).toBe("--lora-half needs --lora-rank N (the adapters' rank)");
    const loraRun = () => ({ ...DEFAULT_CONFIG, initialCheckpoint: 1, lora: { rank: 4, alpha: 8, targets: ['q_proj' as const] } });
    expect(refusal(['--resume', 'run.zip', '--init-hf', dir, '--lora-half'], loraRun)).toBe('--lora-half cannot be used with --resume: a resumed run keeps the config stored in its bundle');
  });

  it('without them the run fine-tunes every weight, as before', () => {
    const o = parse(['--init-hf', dir]);
    expect(o.config.lora).toBeUndefined();
    expect(o.exportPeft).toBeUndefined();
  });

  it('are listed in --help', () => {
    for (const flag of ['--lora-rank N', '--lora-alpha N', '--lora-half ', '--lora-targets a,b,…', '--export-peft DIR']) expect(usage()).toContain(flag);
  });

  it('refuses LoRA without --init-hf, and alpha or targets without a rank', () => {
    expect(refusal(['--lora-rank', '8'])).toBe("--lora-rank needs --init-hf DIR: LoRA trains adapters beside a pretrained model's frozen weights, and a seeded preset has nothing trained to adapt");
    expect(refusal(['--init-hf', dir, '--lora-alpha', '16'])).toBe("--lora-alpha needs --lora-rank N (the adapters' rank)");
    expect(refusal(['--init-hf', dir, '--lora-targets', 'q_proj'])).toBe("--lora-targets needs --lora-rank N (the adapters' rank)");
  });

  it('refuses bad values, naming the flag and what it takes', () => {
    const lora = (...flags: string[]) => refusal(['--init-hf', dir, '--lora-rank', '8', ...flags]);
    expect(refusal(['--init-hf', dir, '--lora-rank', '0'])).toBe("--lora-rank: expected a whole number of at least 1; got '0'");
    expect(refusal(['--init-hf', dir, '--lora-rank', '2.5'])).toBe("--lora-rank: expected a whole number of at least 1; got '2.5'");
    expect(refusal(['--init-hf', dir, '--lora-rank', 'eight'])).toBe("--lora-rank: expected a whole number of at least 1; got 'eight'");
    expect(lora('--lora-alpha', '0')).toBe("--lora-alpha: expected a positive number; got '0'");
    expect(lora('--lora-alpha', 'big')).toBe("--lora-alpha: expected a positive number; got 'big'");
    expect(lora('--lora-targets', 'q_proj,w_proj')).toBe("--lora-targets: unknown projection 'w_proj'; choose among q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj");
    expect(lora('--lora-targets', 'q_proj,q_proj')).toBe("--lora-targets: 'q_proj' is named twice");
    expect(lora('--lora-targets', ',')).toBe('--lora-targets: name at least one of q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj');
  });

  it('--export-peft needs a LoRA run; a resumed LoRA run keeps its bundle\'s adapters and may export them', () => {
    expect(refusal(['--init-hf', dir, '--export-peft', 'out'])).toMatch(/^--export-peft needs a LoRA run \(--lora-rank N with --init-hf DIR\): full fine-tuning trains no adapters to export/);
    const loraRun = () => ({ ...DEFAULT_CONFIG, initialCheckpoint: 1, lora: { rank: 4, alpha: 8, targets: ['q_proj' as const, 'v_proj' as const] } });
    const resumed = parse(['--resume', 'run.zip', '--init-hf', dir, '--export-peft', 'out'], loraRun);
    expect(resumed.config.lora).toEqual(loraRun().lora);
    expect(resumed.exportPeft).toBe('out');
    expect(refusal(['--resume', 'run.zip', '--init-hf', dir, '--lora-rank', '8'], loraRun)).toBe('--lora-rank cannot be used with --resume: a resumed run keeps the config stored in its bundle');
  });
});
