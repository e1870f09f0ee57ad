// The LLM endpoint section: preset, base URL and model (kept in the store's settings), the API key
// (memory, or localStorage when "remember" is ticked: ApiKeyStore), and Test connection.
// From their files, not the llm barrel: the barrel's client brings the openai package to every page.
import { llmConfig } from '../../llm/config';
import { LLM_PRESETS, presetById, type PresetId } from '../../llm/presets';
import { ApiKeyStore, redact } from '../../llm/secrets';
import type { ConnectionResult } from '../../llm/test-connection';
import { getSetting, setSetting, type TriPostDb } from '../../store';
import { describeError, type ErrorText } from '../errors';

const SETTING_KEY = 'llm.endpoint';
/** Test connection should answer while the user waits, not after the pipeline's minute. */
const TEST_TIMEOUT_MS = 15_000;

type SavedEndpoint = { preset: PresetId; baseURL: string; model: string };

const isPresetId = (id: unknown): id is PresetId => LLM_PRESETS.some((p) => p.id === id);

export class LlmSettings {
  preset = $state<PresetId>('ollama');
  baseURL = $state(presetById('ollama').baseURL);
  model = $state(presetById('ollama').model);
  apiKey = $state('');
  remember = $state(false);
  testing = $state(false);
  result = $state<ConnectionResult | null>(null);
  error = $state<ErrorText | null>(null);
  readonly #keys: ApiKeyStore;

  constructor(keys: ApiKeyStore = new ApiKeyStore()) {
    this.#keys = keys;
    this.apiKey = keys.key;
    this.remember = keys.remembered;
  }

  async load(db: TriPostDb): Promise<void> {
    const saved = await getSetting<SavedEndpoint | null>(db, SETTING_KEY, null);
    // A setting from another build may lack a field: keep the defaults then.
    if (!saved || !isPresetId(saved.preset) || typeof saved.baseURL !== 'string' || typeof saved.model !== 'string') return;
    this.preset = saved.preset;
    this.baseURL = saved.baseURL;
    this.model = saved.model;
  }

  async save(db: TriPostDb): Promise<void> {
    try {
      await setSetting(db, SETTING_KEY, { preset: this.preset, baseURL: this.baseURL.trim(), model: this.model.trim() });
    } catch (e) {
      this.error = describeError(e);
    }
  }

  /** A preset fills in its default address and model; the user edits them from there. */
  choosePreset(id: PresetId): void {
    const preset = presetById(id);
    this.preset = id;
    this.baseURL = preset.baseURL;
    this.model = preset.model;
    this.result = null;
  }

  /** Keeps the key in memory, and in localStorage only while "remember" is ticked. */
  storeKey(): void {
    this.#keys.set(this.apiKey, this.remember);
  }

  forgetKey(): void {
    this.#keys.forget();
    this.apiKey = '';
    this.remember = false;
  }

  get needsKey(): boolean {
    return presetById(this.preset).needsKey;
  }

  async test(): Promise<void> {
    this.testing = true;
    this.result = null;
    const config = llmConfig({
      baseURL: this.baseURL.trim(),
      // Local servers ignore the key but the SDK insists on one.
      apiKey: this.apiKey || 'not-needed',
      model: this.model.trim(),
      timeoutMs: TEST_TIMEOUT_MS,
    });
    try {
      // The openai package comes with the first test, not with every page that shows this section.
      const { testConnection } = await import('../../llm/test-connection');
      const result = await testConnection(config, { preset: presetById(this.preset) });
      this.result = { ...result, message: redact(result.message, this.apiKey) };
    } catch (e) {
      this.result = { kind: 'error', message: redact(describeError(e).message, this.apiKey) };
    } finally {
      this.testing = false;
    }
  }
}
