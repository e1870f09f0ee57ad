// Default endpoints of the five servers the playground knows, and the one setting that lets a browser page call each.

export type PresetId = 'openai' | 'ollama' | 'lmstudio' | 'vllm' | 'llamacpp';

export interface LlmPreset {
  id: PresetId;
  label: string;
  baseURL: string;
  /** A model name to start from; the user changes it to one the server has. */
  model: string;
  /** Whether the server checks the key; local servers accept a placeholder. */
  needsKey: boolean;
  /** What to change when the browser blocks the server (CORS); `{origin}` is this page's origin. */
  cors: string;
}

export const LLM_PRESETS: readonly LlmPreset[] = [
  {
    id: 'openai',
    label: 'OpenAI',
    baseURL: 'https://api.openai.com/v1',
    model: 'gpt-4o-mini',
    needsKey: true,
    cors: 'OpenAI allows browser requests; if this is blocked, a browser extension or proxy is in the way.',
  },
  {
    id: 'ollama',
    label: 'Ollama',
    baseURL: 'http://localhost:11434/v1',
    model: 'llama3.1:8b',
    needsKey: false,
    cors: 'Restart Ollama with OLLAMA_ORIGINS={origin} (e.g. `OLLAMA_ORIGINS={origin} ollama serve`).',
  },
  {
    id: 'lmstudio',
    label: 'LM Studio',
    baseURL: 'http://localhost:1234/v1',
    model: 'local-model',
    needsKey: false,
    cors: 'In LM Studio\'s Developer tab, open the server settings and turn on "Enable CORS" (or `lms server start --cors`).',
  },
  {
    id: 'vllm',
    label: 'vLLM',
    baseURL: 'http://localhost:8000/v1',
    model: 'meta-llama/Llama-3.1-8B-Instruct',
    needsKey: false,
    cors: 'Start vLLM with --allowed-origins \'["{origin}"]\' (e.g. `vllm serve MODEL --allowed-origins \'["{origin}"]\'`).',
  },
  {
    id: 'llamacpp',
    label: 'llama.cpp server',
    baseURL: 'http://localhost:8080/v1',
    model: 'default',
    needsKey: false,
    cors: 'Start llama-server with --cors-origins {origin} (older builds allow every origin; update if yours does not).',
  },
];

export function presetById(id: PresetId): LlmPreset {
  const preset = LLM_PRESETS.find((p) => p.id === id);
  if (!preset) throw new RangeError(`unknown preset ${id}`);
  return preset;
}

/** The preset a base URL most likely belongs to: same host and port, or OpenAI's host. */
export function presetForURL(baseURL: string): LlmPreset | undefined {
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    return undefined;
  }
  if (url.hostname === 'api.openai.com') return presetById('openai');
  return LLM_PRESETS.find((p) => p.id !== 'openai' && new URL(p.baseURL).port === url.port);
}

/** The preset's CORS advice with this page's origin filled in. */
export function corsAdvice(preset: LlmPreset | undefined, origin: string): string {
  if (!preset) return `Allow the origin ${origin} in the server's CORS settings.`;
  return preset.cors.replaceAll('{origin}', origin);
}
