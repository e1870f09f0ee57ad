// The Demo page's words a newcomer reads: the training mix with its kinds named (and explained), where a paused run
// stands (stage and step), and one control that pauses and resumes, labelled with what it does.
import { afterEach, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import StageTimeline from '../../../src/ui/demo/StageTimeline.svelte';
import PhaseNote from '../../../src/ui/demo/PhaseNote.svelte';
import RunControls from '../../../src/ui/demo/RunControls.svelte';
import { RunView } from '../../../src/ui/demo/run-view.svelte';
import type { Phase } from '../../../src/ui/demo/demo-session.svelte';
import { DEFAULT_CONFIG } from '../../../src/tripost/config';
import type { JsonObject } from '../../../src/store';

const view = () => new RunView({ id: 7, config: { ...DEFAULT_CONFIG, iterations: 1 } as unknown as JsonObject, status: 'running' });
const words = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim();

describe('demo words', () => {
  const mounted: Record<string, unknown>[] = [];
  afterEach(() => {
    for (const m of mounted.splice(0)) unmount(m);
    document.body.innerHTML = '';
  });

  it('labels the training mix, each kind a glossary term', () => {
    const run = view();
    run.mix = { 1: { improvement: 32, correct: 22, gold: 22 } };
    mounted.push(mount(StageTimeline, { target: document.body, props: { run } }));
    flushSync();
    const mix = document.querySelector('[data-testid=training-mix]');
    expect(words(mix)).toBe('mix: 32 improvement, 22 directly correct, 22 gold examples');
    expect([...mix!.querySelectorAll('[data-term]')].map((t) => t.getAttribute('data-term'))).toEqual(['improvementExample', 'directlyCorrect', 'gold']);
  });

  it('gives a rate and an ETA only while a worker runs the stage: estimating at first, none once paused or read back', () => {
    const run = view();
    Object.assign(run.stages[0], { state: 'active', done: 3, total: 24, itemsPerSecond: 0, etaSeconds: null });
    mounted.push(mount(StageTimeline, { target: document.body, props: { run } }));
    const numbers = () => words(document.querySelector('[data-state=active] .numbers'));
    flushSync();
    // Read back from the store after a reload: 'running' there, but nothing runs it.
    expect(numbers()).toBe('3/24 steps');
    run.apply({ type: 'status', runId: 7, status: 'running' });
    flushSync();
    expect(numbers()).toBe('3/24 steps · ETA estimating…');
    Object.assign(run.stages[0], { itemsPerSecond: 0.5, etaSeconds: 42 });
    flushSync();
    expect(numbers()).toBe('3/24 steps · 0.5 steps per second · ETA 42 s');
    run.apply({ type: 'status', runId: 7, status: 'paused' });
    flushSync();
    expect(numbers()).toBe('3/24 steps');
  });

  it('says where a paused run stands: the stage, the iteration and the step', () => {
    const run = view();
    Object.assign(run.stages[0], { state: 'active', done: 17, total: 24 });
    mounted.push(mount(PhaseNote, { target: document.body, props: { phase: 'paused', run, mainId: 7 } }));
    flushSync();
    expect(words(document.querySelector('[data-testid=phase]'))).toBe(
      'Paused in Fine-tune on gold rationales (before the first iteration), after step 17 of 24. Resume continues exactly from there.',
    );
  });

  it('has one pause/resume control whose words say what it does', () => {
    const calls: string[] = [];
    /** The controls in `phase`: the label, whether it is disabled, and a press when it is not. */
    const controls = (phase: Phase, canResume = false) => {
      document.body.innerHTML = '';
      const on = (name: string) => () => calls.push(name);
      const m = mount(RunControls, { target: document.body, props: { phase, canResume, onrun: on('run'), onpause: on('pause'), oncontinue: on('continue'), onstop: on('stop'), onresume: on('resume') } });
      flushSync();
      const buttons = [...document.querySelectorAll<HTMLButtonElement>('[aria-label="Run controls"] button')];
      const toggle = document.querySelector<HTMLButtonElement>('[data-testid=pause-resume]')!;
      if (!toggle.disabled) toggle.click();
      const seen = { labels: buttons.map((b) => b.textContent), disabled: toggle.disabled };
      unmount(m);
      return seen;
    };
    expect(controls('running')).toEqual({ labels: ['Run', 'Pause', 'Stop'], disabled: false });
    expect(controls('pausing')).toEqual({ labels: ['Run', 'Pausing…', 'Stop'], disabled: true });
    expect(controls('paused')).toEqual({ labels: ['Run', 'Resume', 'Stop'], disabled: false });
    expect(controls('stopped', true)).toEqual({ labels: ['Run', 'Resume', 'Stop'], disabled: false });
    expect(controls('interrupted', true)).toEqual({ labels: ['Run', 'Resume', 'Stop'], disabled: false });
    expect(controls('failed', false)).toEqual({ labels: ['Run', 'Resume', 'Stop'], disabled: true });
    expect(controls('idle')).toEqual({ labels: ['Run', 'Pause', 'Stop'], disabled: true });
    expect(controls('done')).toEqual({ labels: ['Run', 'Pause', 'Stop'], disabled: true });
    // Pause pauses; Resume after a pause continues in place; Resume after a stop or a reload resumes from the last stage.
    expect(calls).toEqual(['pause', 'continue', 'resume', 'resume']);
  });

  it('keeps the loss curve before a resumed training stage\'s checkpoint and replaces the steps made again', () => {
    const run = view();
    const loss = (step: number, value: number) => run.apply({ runId: 7, type: 'loss', iteration: 1, stage: 'train', step, total: 6, loss: value, lr: 1e-3, gradNorm: 1 });
    run.apply({ runId: 7, type: 'stage', iteration: 1, stage: 'train' });
    for (let s = 1; s <= 5; s++) loss(s, 10 - s);
    // Stopped after step 5, its checkpoint at step 3: the resumed stage makes steps 4 to 6 again.
    run.apply({ runId: 7, type: 'stage', iteration: 1, stage: 'train' });
    loss(4, 0.4);
    loss(5, 0.5);
    loss(6, 0.6);
    expect(run.loss.map((p) => [p.step, p.loss])).toEqual([[1, 9], [2, 8], [3, 7], [4, 0.4], [5, 0.5], [6, 0.6]]);
  });
});
