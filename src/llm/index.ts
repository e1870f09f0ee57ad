// The LLM critic's public API.
export { type LlmConfig, DEFAULT_LLM_CONFIG, llmConfig, publicConfig } from './config';
export { type PresetId, type LlmPreset, LLM_PRESETS, presetById, presetForURL, corsAdvice } from './presets';
export { redact, ApiKeyStore, type KeyStorage } from './secrets';
export { LlmError, type LlmErrorKind, isRetryable, retryAfterMs } from './errors';
export { isEndpointFailure, endpointLabel, LlmEndpointDown } from './endpoint-down';
export { Limiter } from './limiter';
export { stripTelemetryFetch, isTelemetryHeader } from './strip-headers';
export { type ResponseCache, dbResponseCache, memoryResponseCache, cacheKey } from './cache';
export { LlmClient, type ChatMessage, type ChatOptions, type ChatResult, type LlmUsage, type LlmClientDeps } from './client';
export { testConnection, type ConnectionResult, type TestConnectionDeps } from './test-connection';
export { type FewShot, FEW_SHOT_SEED, fewShotExamples } from './examples';
export { feedbackMessages, improveMessages } from './prompts';
export { parseLlmFeedback, parseLlmImprovement, type ParsedFeedback } from './parse';
export {
  type Drop,
  type DropReason,
  type FeedbackOutcome,
  type ImproveOutcome,
  CriticDropError,
  isFatal,
  feedbackOutcome,
  improveOutcome,
  formatDrop,
} from './outcome';
export { LlmCritic, type LlmCriticOptions } from './critic';
export { HybridCritic, feedbackAgrees, type HybridOptions, type AgreementStats } from './hybrid';
