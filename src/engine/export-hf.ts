// A model as a Hugging Face Llama folder (config.json + model.safetensors, F32), the inverse of import-hf.ts: what
// transformers' LlamaForCausalLM.from_pretrained reads. With LoRA, merge the adapters first (lora-merge.ts).
import { validateConfig, type ModelConfig } from './config';
import { checkTensors } from './checkpoint';
import { buildParamTable } from './params';
import { encodeSafetensors } from './safetensors';

/** A file of an exported folder. */
export interface FolderFile {
  name: string;
  bytes: Uint8Array;
}

/** config.json of a LlamaForCausalLM with the engine's config (max_position_embeddings is the engine's context). */
export function hfLlamaConfig(c: ModelConfig): Record<string, unknown> {
  validateConfig(c);
  const json: Record<string, unknown> = {
    architectures: ['LlamaForCausalLM'],
    model_type: 'llama',
    vocab_size: c.vocabSize,
    hidden_size: c.dim,
    intermediate_size: c.hiddenDim,
    num_hidden_layers: c.nLayers,
    num_attention_heads: c.nHeads,
    num_key_value_heads: c.nKvHeads,
    head_dim: c.dim / c.nHeads,
    hidden_act: 'silu',
    max_position_embeddings: c.maxSeqLen,
    rms_norm_eps: c.normEps,
    rope_theta: c.ropeTheta,
    rope_scaling: null,
    attention_bias: false,
    mlp_bias: false,
    tie_word_embeddings: c.tiedEmbeddings,
    torch_dtype: 'float32',
  };
  const s = c.ropeScaling;
  if (s) {
    json.rope_scaling = {
      rope_type: 'llama3', factor: s.factor, low_freq_factor: s.lowFreqFactor, high_freq_factor: s.highFreqFactor,
      original_max_position_embeddings: s.originalMaxPositionEmbeddings,
    };
  }
  return json;
}

/** config.json and model.safetensors of the base tensors in `params` (extra names, such as adapters, are refused). */
export function exportHfLlama(c: ModelConfig, params: Record<string, Float32Array>): FolderFile[] {
  const table = buildParamTable(c);
  checkTensors(table, params, 'exportHfLlama');
  const stray = Object.keys(params).find((n) => !table.byName.has(n));
  if (stray) throw new Error(`exportHfLlama: tensor ${stray} is not a Llama weight (merge LoRA adapters with mergeLora first)`);
  const tensors = table.entries.map((e) => ({ name: e.name, shape: e.shape, data: params[e.name] }));
  return [
    { name: 'config.json', bytes: new TextEncoder().encode(`${JSON.stringify(hfLlamaConfig(c), null, 2)}\n`) },
    { name: 'model.safetensors', bytes: encodeSafetensors(tensors, { format: 'pt' }) },
  ];
}
