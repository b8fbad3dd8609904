/** Events the components fire towards the app root (bubbling, composed through shadow roots). */
import type { Category, Outcome } from '../../src/protocol/state';

export interface OpenFileDetail {
  path: string;
  line?: number;
  endLine?: number;
}

export interface FilterDetail {
  category?: Category;
  outcome?: Outcome;
  agent?: string;
  model?: string;
}

export function fire<T>(from: HTMLElement, name: string, detail: T): void {
  from.dispatchEvent(new CustomEvent<T>(name, { detail, bubbles: true, composed: true }));
}
