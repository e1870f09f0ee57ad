// The task language's words (made by scripts/task-words.ts from src/tasks/corpus.ts; a unit test checks it is current).

export const TASK_WORDS: readonly string[] = `
Ada All Amy Ana Answer Apr Aug Brackets By DD Dan Dec Eli Eve Feb Feedback Final Finally If In Jan Joe Jul
Jun Kim Let's List MM Mar Mel Mya Nov Oct On Options Order Rob Ron Sam Sep So Sort Step The This Today Tom
Tomorrow Updated What YYYY Yesterday above after alphabetically also and answer are back because before below
black blue book books breaks brown but by calculate calculation come comes concert correct date day days does
equal equation error exactly exam final finished first five following four fourth from game give gives golf
golfers gray green in incorrect is it last left leftmost letter means meeting more not objects of one or
orange original part party purple question red response right rightmost says second seven shelf should show
since so step steps substituting the then there think third three to today together tomorrow tournament trip
using was wedding week weeks were where white with words yellow yesterday
`
  .split(/\s+/)
  .filter(Boolean);
