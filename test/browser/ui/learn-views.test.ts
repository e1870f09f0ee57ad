// The Learn page's weighted-loss and post-processing steps in Chromium at phone width (390 px): the token shading's
// opacity follows w on a fixed scale (w = 1.5 and 4 look different; weight-1 tokens look the same at both) with a
// legend for weight 0, 1 and w; at p = 0.1 the mix says why improvement examples make up 25%, not 10%. Nothing
// scrolls sideways. Screenshots: test-results/learn-weights-phone.png, test-results/learn-mix-phone.png.
import '../../../src/ui/app.css';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { flushSync, mount, unmount, type Component } from 'svelte';
import type { LearnSession } from '../../../src/ui/learn/learn-session.svelte';
import PostprocessStage from '../../../src/ui/learn/PostprocessStage.svelte';
import WeightsStage from '../../../src/ui/learn/WeightsStage.svelte';
import WeightHeatmap from '../../../src/ui/trajectories/WeightHeatmap.svelte';
import { learnSession as session } from '../../helpers/learn-fixtures';

let app: Record<string, unknown> | undefined;
function open(stage: Component<{ session: LearnSession }>, s: LearnSession): HTMLElement {
  document.body.innerHTML = '<main class="app-main"><section class="panel"></section></main>';
  const target = document.querySelector<HTMLElement>('.panel')!;
  app = mount(stage, { target, props: { session: s } });
  flushSync();
  return target;
}

/** The alpha of an element's computed background colour. */
function alpha(el: Element): number {
  const m = getComputedStyle(el).backgroundColor.match(/rgba?\(([^)]+)\)/);
  const parts = m ? m[1].split(',').map(Number) : [];
  return parts.length === 4 ? parts[3] : parts.length === 3 ? 1 : 0;
}

const noSidewaysScroll = () => expect(document.documentElement.scrollWidth).toBeLessThanOrEqual(window.innerWidth);

/** A screenshot of the 390 × 844 frame (scrolled to its top: a scrolled or taller frame is not drawn whole). */
async function keep(name: string): Promise<void> {
  window.scrollTo(0, 0);
  await page.screenshot({ path: `../../../test-results/${name}.png` });
}

describe('Learn views at 390 px', () => {
  beforeAll(async () => {
    await page.viewport(390, 844);
    expect(window.innerWidth).toBe(390);
  });
  afterEach(() => {
    if (app) unmount(app);
    app = undefined;
    document.body.innerHTML = '';
  });

  it('the weighted loss: opacity proportional to w on a fixed scale, with a legend for 0, 1 and w', async () => {
    const s = session();
    s.w = 1.5;
    const root = open(WeightsStage, s);
    const span = (w: string) => root.querySelector(`pre span[title="weight ${w}"]`)!;
    expect(root.querySelector<HTMLInputElement>('input[type=range]')!.max).toBe('5');
    const [one15, heavy15] = [alpha(span('1')), alpha(span('1.5'))];
    expect(heavy15).toBeCloseTo(0.255, 2);
    expect(heavy15 / one15).toBeCloseTo(1.5, 1);
    const legend = root.querySelector<HTMLElement>('[data-testid=weight-legend]')!;
    expect(legend.textContent).toContain("The shade grows in proportion to a token's weight: none at weight 0, strongest at weight 5.");
    const items = [...legend.querySelectorAll('li')].map((li) => li.textContent?.trim());
    expect(items).toEqual([
      '0: padding, which the loss skips (this text has none)',
      '1: every token before the first Feedback:',
      'w = 1.5: from the first Feedback: to the end',
    ]);
    const swatches = [...legend.querySelectorAll('li .swatch')].map(alpha);
    expect(swatches[0]).toBe(0);
    expect(swatches[2]).toBeCloseTo(heavy15, 3);
    noSidewaysScroll();

    s.w = 4;
    flushSync();
    expect(root.querySelector('pre span[title="weight 1.5"]')).toBeNull();
    const heavy4 = alpha(span('4'));
    expect(heavy4).toBeCloseTo(0.68, 2);
    expect(heavy4 - heavy15).toBeGreaterThan(0.3);
    // Weight-1 tokens keep their shade: the scale does not stretch to w.
    expect(alpha(span('1'))).toBeCloseTo(one15, 3);
    expect(legend.querySelectorAll('li')[2].textContent).toContain('w = 4: from the first Feedback: to the end');
    expect(legend.textContent).toContain('w = 4');

    s.w = 5;
    flushSync();
    expect(alpha(span('5'))).toBeGreaterThan(heavy4 + 0.1);
    s.w = 4;
    flushSync();
    noSidewaysScroll();
    // The picture: the shaded text and its legend alone, as they show on this step (the explanation above is left out).
    const text = s.example!.text;
    unmount(app!);
    app = undefined;
    document.body.innerHTML = '<main class="app-main"><section class="panel"></section></main>';
    app = mount(WeightHeatmap, { target: document.querySelector<HTMLElement>('.panel')!, props: { text, w: 4 } });
    flushSync();
    await keep('learn-weights-phone');
  });

  it('the training mix at p = 0.1 says why improvement examples make up 25%', async () => {
    const s = session();
    s.p = 0.1;
    const root = open(PostprocessStage, s);
    const note = () => root.querySelector<HTMLElement>('[data-testid=mix-note]')?.textContent ?? null;
    await expect.poll(note).not.toBeNull();
    expect(note()).toBe(
      'p = 0.10 asks for 10% improvement examples: with 16 of them, that is 72 directly-correct and 72 gold examples. ' +
        'This batch has only 24 directly-correct and 24 gold examples, so all of them are used, and improvement examples make up 25% of the mix.',
    );
    expect(root.querySelector('[data-testid=mix]')!.textContent).toContain('16 (25%)');
    noSidewaysScroll();
    await keep('learn-mix-phone');

    s.p = 0.43;
    flushSync();
    expect(note()).toContain('Counts are whole numbers, so that rounds up to 11 directly-correct and 11 gold, and improvement examples make up 42% of the mix.');
  });
});
