// Llama 3.1/3.2 rope_scaling ("llama3") on the GPU: the rope op, a whole training step and generation (kv_append)
// against the cpu backend. Head dim 8 with theta 10000 puts one frequency in each band of the formula.
import type { ModelConfig } from '../../src/engine';
import type { Llama3RopeScaling } from '../../src/engine/rope-frequencies';
import { GQA_SMALL } from '../helpers/generation';
import { engineSuite, GQA_CONFIG } from '../shared/engine';
import { generateSuite } from '../shared/generate';
import { ropeSuite } from '../shared/rope';

const LLAMA3: Llama3RopeScaling = { type: 'llama3', factor: 8, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositionEmbeddings: 64 };
// Llama-3.2-1B's own numbers, at positions past its original context.
const LLAMA_32: Llama3RopeScaling = { type: 'llama3', factor: 32, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositionEmbeddings: 8192 };

ropeSuite([{ B: 2, T: 9, H: 3, KVH: 1, hd: 8, posOffset: 0 }], { theta: 10000, scaling: LLAMA3 });
ropeSuite([{ B: 1, T: 3, H: 2, KVH: 1, hd: 64, posOffset: 9000 }], { theta: 500000, scaling: LLAMA_32 });

const scaled = (c: ModelConfig): ModelConfig => ({ ...c, ropeScaling: LLAMA3 });
engineSuite([{ name: 'GQA, hd 8, llama3 rope scaling', config: scaled(GQA_CONFIG), B: 2, T: 19, steps: 2 }]);
generateSuite([{ name: 'GQA, hd 8, llama3 rope scaling', config: scaled({ ...GQA_SMALL, nHeads: 3, nKvHeads: 1 }), newTokens: 8 }]);
