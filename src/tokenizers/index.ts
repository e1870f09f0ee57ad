// The tokenizers a run can choose by name (an imported model brings its own tokenizer.json instead).
import { taskTokenizer, type Tokenizer } from '../engine/tokenizer';
import { createTaskTokenizer } from './task';

export { TaskTokenizer, createTaskTokenizer, type NumberMode, type SerializedTaskTokenizer } from './task';
export { TASK_WORDS } from './task-words';
export { TextStream, decodeAfter, encodeWithSpans, type TokenSpans } from './text-stream';
export { TextStops, eosStop, findStop } from './stops';

/** `char`: one token per character; `task`: words and numbers up to 99 as tokens; `task-digits`: numbers spelled. */
export type TokenizerChoice = 'char' | 'task' | 'task-digits';

export const TOKENIZER_CHOICES: readonly TokenizerChoice[] = ['task', 'task-digits', 'char'];

export function tokenizerFor(choice: TokenizerChoice): Tokenizer {
  switch (choice) {
    case 'char':
      return taskTokenizer();
    case 'task':
      return createTaskTokenizer('whole');
    case 'task-digits':
      return createTaskTokenizer('digits');
  }
}
