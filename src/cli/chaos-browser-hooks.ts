// What `npm run chaos` puts into Chromium: a worker hook that stops the pipeline worker dead at the armed moment (as a
// stage starts, after a share of its items, inside an IndexedDB write transaction) and says so, and a page hook that
// then kills it (terminates the worker, or has Node close the page). Plain source text: it runs in Chromium.
import type { PlannedStage } from '../tripost/run';
import type { KillTarget } from './chaos-schedule';

export type KillWay = 'close-page' | 'terminate-worker';

/** A target as the hooks see it: stages named "iteration stage", the plan's order, how to kill. */
export interface ArmedTarget {
  stageKey: string;
  moment: KillTarget['moment'];
  stage: KillTarget['stage'];
  fraction: number;
  index: number;
  plan: string[];
  way: KillWay;
  /** The stores whose write the kill interrupts (mid-write): the stage's own output. */
  stores: string[];
}

/** What the page reports when it kills. */
export interface KillReport {
  stage: string | null;
  /** The store whose transaction was open, for a kill inside one. */
  store: string | null;
}

export const stageKey = (s: PlannedStage) => `${s.iteration} ${s.stage}`;

/** The writes that make each stage's result: trained weights, trajectories, examples, evaluation progress and results. */
const OUTPUT_STORES: Record<KillTarget['stage'], string[]> = {
  finetune: ['checkpointChunks'],
  train: ['checkpointChunks'],
  edit: ['trajectories'],
  postprocess: ['examples'],
  evaluate: ['evalProgress', 'evals'],
};

export function armedTarget(target: KillTarget, plan: readonly PlannedStage[], way: KillWay): ArmedTarget {
  return { stageKey: stageKey(target), moment: target.moment, stage: target.stage, fraction: target.fraction, index: target.index, plan: plan.map(stageKey), way, stores: OUTPUT_STORES[target.stage] };
}

/** Whether event `e` of stage `t` is the armed mid-stage moment: a share of its steps or problems done, or the mix stored. */
const MID_STAGE = String.raw`(t, e) => {
  const item = (total) => Math.min(Math.max(1, total - 1), Math.max(1, Math.round(t.fraction * total)));
  if (t.stage === 'postprocess') return e.type === 'mix';
  if (t.stage === 'finetune' || t.stage === 'train') return e.type === 'loss' && e.step >= item(e.total);
  return e.type === 'progress' && e.total > 0 && e.done >= item(e.total);
}`;

/**
 * Init script of every page of the chaos context: wraps Worker so each pipeline worker's messages are seen first.
 * `__chaosArm(target)` arms a kill; `__chaosKilled(report)` (a Playwright binding) tells Node it came. The kill comes
 * when the worker hook says it holds the worker (or, as a fallback, from the page's own view of the events).
 */
export const PAGE_HOOK = String.raw`(() => {
  const Native = window.Worker;
  const chaos = { target: null, current: null, fired: false, waiting: [] };
  window.__chaosArm = (target) => { chaos.target = target; chaos.fired = false; };
  // Node has put the worker hook into the worker at this URL: what the page sent it goes through now.
  window.__chaosRelease = (url) => {
    for (const w of chaos.waiting.filter((w) => w.url === url)) {
      for (const args of w.held) Native.prototype.postMessage.apply(w.worker, args);
      w.held = null;
    }
    chaos.waiting = chaos.waiting.filter((w) => w.held);
  };
  const midStage = ${MID_STAGE};
  window.Worker = class extends Native {
    constructor(url, options) {
      super(url, options);
      // While a kill is armed, the page's messages (the run to resume) wait until the worker hook is in.
      this.__chaos = chaos.target ? { url: new URL(url, location.href).href, worker: this, held: [] } : null;
      if (this.__chaos) chaos.waiting.push(this.__chaos);
      this.addEventListener('message', (m) => {
        const e = m.data;
        // The worker hook's own message is not the app's business.
        if (e && e.__chaos) m.stopImmediatePropagation();
        if (e && e.type === 'stage') chaos.current = e.iteration + ' ' + e.stage;
        const t = chaos.target;
        if (!t || chaos.fired || !e || !chaos.current) return;
        const inTarget = chaos.current === t.stageKey;
        // A run already past its target (kills go in plan order, so it never should be) is killed where it is.
        const passed = t.plan.indexOf(chaos.current) > t.index;
        const due = e.__chaos === 'held' || (inTarget && (t.moment === 'stage-start' ? e.type === 'stage' : t.moment === 'mid-stage' && midStage(t, e)));
        if (!due && !passed) return;
        chaos.fired = true;
        if (t.way === 'terminate-worker') this.terminate();
        window.__chaosKilled({ stage: e.__chaos ? e.stage : chaos.current, store: e.__chaos ? e.store : null });
      });
    }
    postMessage(...args) {
      if (this.__chaos && this.__chaos.held) this.__chaos.held.push(args);
      else super.postMessage(...args);
    }
  };
})();`;

/**
 * Evaluated in each pipeline worker as it starts, with the armed target: at the armed moment it posts a note and then
 * holds the worker (no return to the event loop: no further step, no commit of an open transaction) until it is killed.
 * Mid-write, the moment is the first write into one of the target stage's stores.
 */
export const WORKER_HOOK = String.raw`(target) => {
  const midStage = ${MID_STAGE};
  const post = self.postMessage.bind(self);
  let current = null;
  let held = false;
  const hold = (store) => {
    if (held) return;
    held = true;
    post({ __chaos: 'held', stage: current, store });
    const until = Date.now() + 60000;
    while (Date.now() < until) {}
  };
  self.postMessage = (e, transfer) => {
    // The event goes out first, so the page has seen what the worker did before it stopped.
    const sent = post(e, transfer);
    if (e && e.type === 'stage') current = e.iteration + ' ' + e.stage;
    const due = target.moment === 'stage-start' ? e && e.type === 'stage' : target.moment === 'mid-stage' && e && midStage(target, e);
    if (current === target.stageKey && due) hold(null);
    return sent;
  };
  if (target.moment !== 'mid-write') return;
  for (const method of ['put', 'add']) {
    const original = IDBObjectStore.prototype[method];
    IDBObjectStore.prototype[method] = function (...args) {
      const request = original.apply(this, args);
      // A worker that began before this hook did posted its stage unseen; the run record's progress names it.
      const progress = this.name === 'runs' && args[0] && args[0].current;
      if (progress) current = progress.iteration + ' ' + progress.stage;
      if (current === target.stageKey && target.stores.includes(this.name)) hold(this.name);
      return request;
    };
  }
}`;
