// The result of injecting one known mistake into a gold rationale.

/** An attempt with exactly one first error, at `step`, whose quoted part is `segment`. */
export interface Injected {
  attempt: string;
  step: string;
  segment: string;
}
