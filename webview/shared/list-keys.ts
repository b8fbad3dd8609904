/**
 * Arrow keys for a virtual list: Up/Down move to the previous/next row, Home/End to the first and
 * last, even when that row is not in the DOM yet (the list scrolls it in, then it takes the focus).
 * Rows carry `data-index`; the list element is the virtualizer's host.
 */
import { virtualizerRef, type VirtualizerHostElement } from '@lit-labs/virtualizer/virtualize.js';

const FRAMES_TO_WAIT = 10;

export function listKeyNavigation(rowSelector: string, focusSelector: string, count: number): (e: KeyboardEvent) => void {
  return (e: KeyboardEvent) => {
    if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key) || e.altKey || e.ctrlKey || e.metaKey) return;
    const list = e.currentTarget as VirtualizerHostElement;
    const virtualizer = list[virtualizerRef];
    const row = e.composedPath().find((n): n is HTMLElement => n instanceof HTMLElement && n.matches(rowSelector));
    if (!virtualizer || !row) return;
    const current = Number(row.dataset.index);
    if (!Number.isInteger(current) || count === 0) return;
    const target = e.key === 'Home' ? 0 : e.key === 'End' ? count - 1 : Math.min(count - 1, Math.max(0, current + (e.key === 'ArrowDown' ? 1 : -1)));
    e.preventDefault();
    if (target === current) return;
    virtualizer.element(target)?.scrollIntoView({ block: 'nearest' });
    focusWhenRendered(list, rowSelector, focusSelector, target, FRAMES_TO_WAIT);
  };
}

function focusWhenRendered(list: HTMLElement, rowSelector: string, focusSelector: string, index: number, frames: number): void {
  const row = list.querySelector<HTMLElement>(`${rowSelector}[data-index="${index}"]`);
  if (row) {
    (row.querySelector<HTMLElement>(focusSelector) ?? row).focus({ preventScroll: false });
    return;
  }
  if (frames > 0) requestAnimationFrame(() => focusWhenRendered(list, rowSelector, focusSelector, index, frames - 1));
}
