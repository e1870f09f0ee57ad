// The response cache in real IndexedDB: a repeated greedy request is answered without the network, and can be cleared.
import { expect, inject, it } from 'vitest';
import { LlmClient, dbResponseCache } from '../../../src/llm';
import { openDb } from '../../../src/store/db';
import { mockControl } from '../../helpers/llm-mock-control';
import { testConfig } from '../../shared/llm-client';

it('replays temperature-0 answers from IndexedDB until cleared', async () => {
  const mock = mockControl(inject('llmMockUrl'));
  await mock.reset();
  await mock.script({ content: 'cached answer' });
  const db = await openDb({ name: `llm-cache-${Date.now()}` });
  const cache = dbResponseCache(db);
  const ask = [{ role: 'user' as const, content: 'same question' }];
  const first = new LlmClient(testConfig(mock), { cache });
  await first.chat(ask, { temperature: 0 });
  // A new client (a reloaded tab) finds the answer in the database.
  const second = new LlmClient(testConfig(mock), { cache });
  expect(await second.chat(ask, { temperature: 0 })).toEqual({ text: 'cached answer', cached: true, attempts: 0 });
  expect(await cache.count()).toBe(1);
  await cache.clear();
  expect(await second.chat(ask, { temperature: 0 })).toMatchObject({ cached: false });
  expect((await mock.requests()).length).toBe(2);
  db.close();
});
