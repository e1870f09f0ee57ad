// Worker errors: known names kept, resumable ones marked, the API key never in a message.
import { describe, expect, it } from 'vitest';
import { DeviceLost, NoWebGPU } from '../../../src/gpu/errors';
import { LlmError } from '../../../src/llm/errors';
import { StorageFull } from '../../../src/store/errors';
import { NotEnoughData } from '../../../src/tripost/postprocess';
import { toWorkerError } from '../../../src/worker/errors';

describe('toWorkerError', () => {
  it('keeps the names the UI knows and says which runs can resume', () => {
    expect(toWorkerError(new NoWebGPU())).toMatchObject({ name: 'NoWebGPU', resumable: false });
    expect(toWorkerError(new DeviceLost('unknown', 'gpu reset'))).toMatchObject({ name: 'DeviceLost', resumable: true });
    expect(toWorkerError(new StorageFull(1, 2))).toMatchObject({ name: 'StorageFull', resumable: true });
    expect(toWorkerError(new NotEnoughData('not enough training data: 2 examples'))).toMatchObject({ name: 'NotEnoughData', resumable: false });
    expect(toWorkerError(new Error('Run config: p must be between 0 and 1'))).toMatchObject({ name: 'InvalidConfig' });
    expect(toWorkerError(new TypeError('x is undefined'))).toMatchObject({ name: 'Error', message: 'x is undefined' });
    expect(toWorkerError('plain string')).toMatchObject({ name: 'Error', message: 'plain string' });
  });

  it('gives LLM failures their kind and never shows the key', () => {
    const key = 'sk-live-abcdef123456';
    const e = toWorkerError(new LlmError('unauthorized', `The server rejected the API key (401). Server says: bad key ${key}`, { status: 401 }), key);
    expect(e).toMatchObject({ name: 'LlmError', llmKind: 'unauthorized', resumable: true });
    expect(e.message).not.toContain(key);
    expect(toWorkerError(new Error(`failed with secret-key-99`), 'secret-key-99').message).toBe('failed with [redacted]');
  });
});
