// A tiny Llama checkpoint with random weights and a planted path: from the token the run's prompts end with, greedy
// decoding (and sampling at temperature 1) writes a chosen text token by token, then goes round again. So a run with
// a real tokenizer.json has stops to fire and answers to parse, where a purely random model writes noise.
import { mulberry32 } from '../../src/tasks';
import { blob, writeSafetensors } from './hf-fixtures';
import type { NamedBlob } from '../../src/engine/import-hf';

const DIMS = { hidden_size: 16, intermediate_size: 32, num_hidden_layers: 1, num_attention_heads: 2, num_key_value_heads: 1 };
/** Random weights: uniform with this half-width (std ≈ 0.02, as HF initialises). */
const NOISE = 0.035;
/** The planted logit over every other's (RMSNorm makes a one-hot residual √dim long): e^-30 leaves no room to stray. */
const PLANTED = 6;

/**
 * A model folder: config.json, model.safetensors and the tokenizer's files. `path[0]` is the token prompts end with;
 * the model writes path[1], path[2], … and after the last token path[1] again. The tokens must be distinct.
 */
export function plantedLlamaFiles(vocabSize: number, path: number[], tokenizerFiles: Record<string, string>, seed = 5): NamedBlob[] {
  const C = DIMS.hidden_size;
  if (new Set(path).size !== path.length) throw new Error('planted path: tokens must be distinct');
  if (path.length > C) throw new Error(`planted path: at most ${C} tokens`);
  const rng = mulberry32(seed);
  const random = (n: number) => Float32Array.from({ length: n }, () => (rng() * 2 - 1) * NOISE);
  const ones = (n: number) => new Float32Array(n).fill(1);
  const embed = random(vocabSize * C);
  const head = random(vocabSize * C);
  path.forEach((token, j) => {
    // Token path[j] writes dimension j alone, and that dimension raises the logit of the token after it.
    embed.fill(0, token * C, (token + 1) * C);
    embed[token * C + j] = 1;
    const next = path[j + 1 < path.length ? j + 1 : 1];
    head[next * C + j] = PLANTED;
  });
  const { intermediate_size: F, num_attention_heads: H, num_key_value_heads: KV } = DIMS;
  const kv = (C / H) * KV;
  const tensors = [
    { name: 'model.embed_tokens.weight', shape: [vocabSize, C], data: embed },
    { name: 'lm_head.weight', shape: [vocabSize, C], data: head },
    { name: 'model.norm.weight', shape: [C], data: ones(C) },
  ];
  for (let l = 0; l < DIMS.num_hidden_layers; l++) {
    const p = `model.layers.${l}.`;
    tensors.push({ name: `${p}input_layernorm.weight`, shape: [C], data: ones(C) }, { name: `${p}post_attention_layernorm.weight`, shape: [C], data: ones(C) });
    for (const [name, shape] of [['self_attn.q_proj', [C, C]], ['self_attn.k_proj', [kv, C]], ['self_attn.v_proj', [kv, C]], ['self_attn.o_proj', [C, C]], ['mlp.gate_proj', [F, C]], ['mlp.up_proj', [F, C]], ['mlp.down_proj', [C, F]]] as const) {
      tensors.push({ name: `${p}${name}.weight`, shape: [...shape], data: random(shape[0] * shape[1]) });
    }
  }
  const config = {
    architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_act: 'silu', vocab_size: vocabSize, ...DIMS,
    max_position_embeddings: 8192, rope_theta: 500000, rms_norm_eps: 1e-5, tie_word_embeddings: false,
  };
  const files: Record<string, string | Uint8Array> = {
    'config.json': JSON.stringify(config),
    'model.safetensors': writeSafetensors(tensors.map((t) => ({ ...t, dtype: 'F32' }))),
    ...tokenizerFiles,
  };
  return Object.entries(files).map(([name, data]) => blob(name, data));
}
