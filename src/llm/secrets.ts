// The API key: in memory, in localStorage only when the user ticks "remember", and scrubbed from any text we show.

const STORAGE_KEY = 'tripost.llm.apiKey';

/** Replaces the key, and anything shaped like an OpenAI key, in text meant for users or logs. */
export function redact(text: string, apiKey?: string): string {
  let out = text;
  if (apiKey && apiKey.length >= 4) out = out.split(apiKey).join('[redacted]');
  // Servers echo partial keys ("Incorrect API key provided: sk-ab***yz"); hide those too.
  return out.replace(/\bsk-[A-Za-z0-9_*.-]{4,}/g, '[redacted]');
}

/** The storage the key may be remembered in; `localStorage` in the app, a stub in tests. */
export type KeyStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function defaultStorage(): KeyStorage | undefined {
  return typeof localStorage === 'undefined' ? undefined : localStorage;
}

/** Holds the API key for this tab; persists it only on request. */
export class ApiKeyStore {
  #key = '';
  readonly #storage: KeyStorage | undefined;

  constructor(storage: KeyStorage | undefined = defaultStorage()) {
    this.#storage = storage;
    this.#key = storage?.getItem(STORAGE_KEY) ?? '';
  }

  get key(): string {
    return this.#key;
  }

  /** Whether the key is in localStorage (the "remember" box). */
  get remembered(): boolean {
    return (this.#storage?.getItem(STORAGE_KEY) ?? null) !== null;
  }

  set(key: string, remember: boolean): void {
    this.#key = key;
    if (remember && key) this.#storage?.setItem(STORAGE_KEY, key);
    else this.#storage?.removeItem(STORAGE_KEY);
  }

  forget(): void {
    this.set('', false);
  }

  /** Keeps the key out of JSON.stringify (exports, structured logs). */
  toJSON(): { remembered: boolean } {
    return { remembered: this.remembered };
  }
}
