// A tiny Hugging Face Llama checkpoint written to a folder, for the e2e checkpoint import.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { smallTokenizerJson, TOKENIZER_CONFIG, writeSafetensors } from './hf-fixtures';

const CONFIG = {
  architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_act: 'silu',
  vocab_size: 19, hidden_size: 24, intermediate_size: 40, num_hidden_layers: 2, num_attention_heads: 6, num_key_value_heads: 2,
  max_position_embeddings: 64, rope_theta: 10000, rms_norm_eps: 1e-5, tie_word_embeddings: true,
};

/** The Llama tensors of CONFIG, all 0.01 (the import checks names and shapes, not values). */
function tensors() {
  const { vocab_size: V, hidden_size: C, intermediate_size: F, num_hidden_layers: L } = CONFIG;
  const kv = (C / CONFIG.num_attention_heads) * CONFIG.num_key_value_heads;
  const shapes: [string, number[]][] = [['model.embed_tokens.weight', [V, C]], ['model.norm.weight', [C]]];
  for (let l = 0; l < L; l++) {
    const p = `model.layers.${l}.`;
    shapes.push([`${p}input_layernorm.weight`, [C]], [`${p}post_attention_layernorm.weight`, [C]]);
    shapes.push([`${p}self_attn.q_proj.weight`, [C, C]], [`${p}self_attn.k_proj.weight`, [kv, C]], [`${p}self_attn.v_proj.weight`, [kv, C]]);
    shapes.push([`${p}self_attn.o_proj.weight`, [C, C]], [`${p}mlp.gate_proj.weight`, [F, C]], [`${p}mlp.up_proj.weight`, [F, C]], [`${p}mlp.down_proj.weight`, [C, F]]);
  }
  return shapes.map(([name, shape]) => ({ name, shape, dtype: 'F32', data: new Float32Array(shape.reduce((a, b) => a * b)).fill(0.01) }));
}

/** Writes config.json, model.safetensors, tokenizer.json and tokenizer_config.json; returns their paths. */
export function writeTinyHfCheckpoint(): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'tripost-hf-'));
  const files: Record<string, string | Uint8Array> = {
    'config.json': JSON.stringify(CONFIG),
    'model.safetensors': writeSafetensors(tensors()),
    'tokenizer.json': JSON.stringify(smallTokenizerJson()),
    'tokenizer_config.json': JSON.stringify(TOKENIZER_CONFIG),
  };
  return Object.entries(files).map(([name, data]) => {
    writeFileSync(join(dir, name), data);
    return join(dir, name);
  });
}
