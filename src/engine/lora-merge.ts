// LoRA adapters folded into the base: W' = W + (alpha/r)·B·A for every adapted projection, what PEFT's
// merge_and_unload() does. The merged model computes what the model with adapters computes, without them.
import type { ModelConfig } from './config';
import { buildLoraTable, layerAdapters, type LoraConfig, type LoraTarget } from './lora';
import { buildParamTable, type LayerParams, type ParamEntry } from './params';

const BASE_OF: Record<LoraTarget, keyof LayerParams> = {
  q_proj: 'q', k_proj: 'k', v_proj: 'v', o_proj: 'o', gate_proj: 'gate', up_proj: 'up', down_proj: 'down',
};

/**
 * The base's tensors (copies) with every adapter merged in; `params` holds base and adapter tensors under their
 * names, as readParams() of a LoRA engine returns them. B·A is summed in f64, then added to W once.
 */
export function mergeLora(config: ModelConfig, lora: LoraConfig, params: Record<string, Float32Array>): Record<string, Float32Array> {
  const base = buildParamTable(config);
  const adapters = buildLoraTable(config, lora);
  const tensor = (e: ParamEntry): Float32Array => {
    const t = params[e.name];
    if (!t || t.length !== e.size) throw new Error(`mergeLora: tensor ${e.name} (shape [${e.shape.join(', ')}]) is ${t ? `of ${t.length} values` : 'missing'}`);
    return t;
  };
  const out: Record<string, Float32Array> = {};
  for (const e of base.entries) out[e.name] = tensor(e).slice();
  const r = adapters.config.rank;
  adapters.layers.forEach((layer, l) => {
    for (const a of layerAdapters(layer)) {
      const W = out[base.layers[l][BASE_OF[a.target]].name]; // (out, in)
      const [A, B] = [tensor(a.A), tensor(a.B)]; // (r, in), (out, r)
      for (let o = 0; o < a.outDim; o++) {
        for (let c = 0; c < a.inDim; c++) {
          let s = 0;
          for (let j = 0; j < r; j++) s += B[o * r + j] * A[j * a.inDim + c];
          W[o * a.inDim + c] += adapters.scale * s;
        }
      }
    }
  });
  return out;
}
