// The response cache: identical temperature-0 requests are answered from IndexedDB, so a demo replays offline.

import type { TriPostDb } from '../store/db';
import { clearLlmCache, countCachedResponses, getCachedResponse, putCachedResponse } from '../store/llm-cache';

export interface ResponseCache {
  get(key: string): Promise<string | undefined>;
  put(key: string, response: string): Promise<void>;
  clear(): Promise<void>;
  count(): Promise<number>;
}

/** The cache in the app's Dexie database (the store's llmCache table). */
export function dbResponseCache(db: TriPostDb): ResponseCache {
  return {
    get: (key) => getCachedResponse(db, key),
    put: (key, response) => putCachedResponse(db, key, response),
    clear: () => clearLlmCache(db),
    count: () => countCachedResponses(db),
  };
}

/** A cache in a Map, for Node runs and tests. */
export function memoryResponseCache(): ResponseCache {
  const map = new Map<string, string>();
  return {
    get: async (key) => map.get(key),
    put: async (key, response) => void map.set(key, response),
    clear: async () => map.clear(),
    count: async () => map.size,
  };
}

/** What makes two requests the same; the API key is deliberately not part of it. */
export interface CacheKeyParts {
  baseURL: string;
  model: string;
  temperature: number;
  maxTokens: number;
  messages: readonly { role: string; content: string }[];
}

/** SHA-256 of the request, hex; identical in Node and the browser. */
export async function cacheKey(parts: CacheKeyParts): Promise<string> {
  const text = JSON.stringify([parts.baseURL.replace(/\/+$/, ''), parts.model, parts.temperature, parts.maxTokens, parts.messages]);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
