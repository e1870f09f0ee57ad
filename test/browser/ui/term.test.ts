// The glossary's Term in Chromium: its explanation shows on hover, on keyboard focus, on a click and on a tap, Escape hides it,
// it is text (never HTML), and a term inside a label neither changes the label's words nor clicks its control.
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { flushSync, mount, unmount } from 'svelte';
import Harness from './TermHarness.svelte';
import { GLOSSARY, type GlossaryEntry } from '../../../src/ui/glossary';

const tip = () => document.querySelector<HTMLElement>('[role=tooltip]');
const term = (key: string) => document.querySelector<HTMLElement>(`[data-term="${key}"]`)!;
const shown = () => expect.poll(() => tip()?.textContent ?? null);

describe('Term', () => {
  let app: Record<string, unknown> | undefined;
  const savedW: GlossaryEntry = { ...GLOSSARY.w };
  afterEach(() => {
    if (app) unmount(app);
    app = undefined;
    Object.assign(GLOSSARY.w, savedW);
    document.body.innerHTML = '';
  });
  const open = () => {
    app = mount(Harness, { target: document.body });
    flushSync();
  };

  it('shows the explanation on hover and hides it when the pointer leaves', async () => {
    open();
    expect(tip()).toBeNull();
    await userEvent.hover(term('siFreq'));
    await shown().toBe(`SI.Freq: ${GLOSSARY.siFreq.text}`);
    const t = tip()!;
    expect(term('siFreq').getAttribute('aria-describedby')).toBe(t.id);
    // Placed in the viewport, below or above the term.
    const box = t.getBoundingClientRect();
    expect(box.left).toBeGreaterThanOrEqual(0);
    expect(box.right).toBeLessThanOrEqual(window.innerWidth);
    expect(getComputedStyle(t).position).toBe('fixed');
    await userEvent.hover(document.querySelector('button')!);
    await shown().toBeNull();
    expect(term('siFreq').hasAttribute('aria-describedby')).toBe(false);
  });

  it('shows on keyboard focus; Escape hides it; Enter brings it back', async () => {
    open();
    term('siFreq').focus();
    await shown().toContain(GLOSSARY.siFreq.text);
    await userEvent.keyboard('{Escape}');
    await shown().toBeNull();
    expect(document.activeElement).toBe(term('siFreq'));
    await userEvent.keyboard('{Enter}');
    await shown().toContain(GLOSSARY.siFreq.text);
    term('siFreq').blur();
    await shown().toBeNull();
  });

  it('a click keeps it shown after the pointer leaves; a second click hides it', async () => {
    open();
    await userEvent.click(term('siFreq'));
    await userEvent.hover(document.querySelector('p')!, { position: { x: 1, y: 1 } });
    await new Promise((r) => setTimeout(r, 300));
    await shown().toContain(GLOSSARY.siFreq.text);
    await userEvent.click(term('siFreq'));
    await shown().toBeNull();
    await userEvent.click(term('siFreq'));
    await shown().toContain(GLOSSARY.siFreq.text);
    await userEvent.click(document.querySelector('button')!);
    await shown().toBeNull();
  });

  it('a tap shows it and a second tap hides it', async () => {
    open();
    const tap = (el: HTMLElement) => {
      el.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, pointerType: 'touch' }));
      el.focus();
      el.dispatchEvent(new PointerEvent('pointerup', { bubbles: true, pointerType: 'touch' }));
      el.click();
    };
    tap(term('siFreq'));
    await shown().toContain(GLOSSARY.siFreq.text);
    tap(term('siFreq'));
    await shown().toBeNull();
    tap(term('siFreq'));
    await shown().toContain(GLOSSARY.siFreq.text);
    term('siFreq').blur();
    await shown().toBeNull();
  });

  it('inside a label: the label keeps its words and a click on the term does not tick the box', async () => {
    open();
    const box = document.querySelector<HTMLInputElement>('[data-testid=box]')!;
    expect(box.labels![0].textContent!.replace(/\s+/g, ' ').trim()).toBe('Weight w on the feedback');
    await userEvent.click(term('w'));
    await shown().toContain(GLOSSARY.w.text);
    expect(box.checked).toBe(false);
    expect(document.querySelector('[data-testid=checked]')!.textContent).toBe('false');
  });

  it('renders the explanation as text, never as HTML', async () => {
    Object.assign(GLOSSARY.w, { term: 'w <i>x</i>', text: '<img src=x onerror="window.__termXss = 1"><b>bold</b> & more.' });
    open();
    term('w').focus();
    await shown().toBe('w <i>x</i>: <img src=x onerror="window.__termXss = 1"><b>bold</b> & more.');
    expect(tip()!.querySelector('img, b, i')).toBeNull();
    expect(term('w').querySelector('i')).toBeNull();
    expect((window as { __termXss?: number }).__termXss).toBeUndefined();
  });
});
