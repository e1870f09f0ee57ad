// Rewrites src/tokenizers/task-words.ts from the task suite's corpus: `node --import tsx scripts/task-words.ts`.
import { writeFileSync } from 'node:fs';
import { taskCorpus, taskLanguageWords } from '../src/tasks/corpus';

const words = taskLanguageWords(taskCorpus());
const lines: string[] = [];
let line = '';
for (const w of words) {
  if (line.length + w.length + 1 > 110) {
    lines.push(line.trimEnd());
    line = '';
  }
  line += `${w} `;
}
lines.push(line.trimEnd());
const text = `// The task language's words (made by scripts/task-words.ts from src/tasks/corpus.ts; a unit test checks it is current).

export const TASK_WORDS: readonly string[] = \`
${lines.join('\n')}
\`
  .split(/\\s+/)
  .filter(Boolean);
`;
writeFileSync(new URL('../src/tokenizers/task-words.ts', import.meta.url), text);
process.stdout.write(`${words.length} words\n`);
