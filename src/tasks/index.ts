// Public API of the task suite.

export * from './types';
export { LEVELS, LEVEL_TEXT, isLevel, levelOf, type Level } from './level';
export { mulberry32, mixSeed, randInt, pick, shuffle, type Rng } from './rng';
export { TASK_ALPHABET, charsOutsideAlphabet } from './alphabet';
export { WORDS } from './words';
export { TASK_INFO, makePrompt, infoOfPrompt } from './prompt';
export { FINAL, parseAttempt, splitSteps, attemptLines, countSteps, compareSteps, containsSegment, type Step, type ParsedAttempt } from './steps';
export { renderFeedback, parseFeedback, errorAt } from './feedback';
export { renderTrajectory, parseTrajectory, splitTrajectory, attemptPrompt, feedbackPrompt, FEEDBACK_MARK, UPDATE_MARK, type RawTrajectory } from './trajectory';
export { checkImprovement } from './legality';
export { extractAnswer, isCorrectAnswer } from './answer';
export { generateProblem, generateProblems } from './generate';
export { scriptedFeedback, scriptedImprove, createScriptedCritic } from './critic';
export { injectError, type Injected } from './inject';
