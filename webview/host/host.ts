/** The page's only channel to the extension host: typed messages out, guarded messages in. */
import { type HostMessage, isHostMessage, type WebviewMessage } from '../../src/protocol/messages';
import type { PanelSnapshot, PanelUiState } from '../../src/protocol/state';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api: VsCodeApi = acquireVsCodeApi();

export function post(message: WebviewMessage): void {
  api.postMessage(message);
}

export function saveUiState(state: PanelUiState): void {
  api.setState(state);
}

export function savedUiState(): unknown {
  return api.getState();
}

export function onHostMessage(handler: (message: HostMessage) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (isHostMessage(event.data)) handler(event.data);
  });
}

/** The first snapshot, embedded in the page by the host for the first paint. */
export function initialState(): { snapshot?: PanelSnapshot; ui?: PanelUiState } {
  const el = document.getElementById('agent-audit-initial');
  if (!el?.textContent) return {};
  try {
    const parsed = JSON.parse(el.textContent) as { snapshot?: PanelSnapshot; ui?: PanelUiState };
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}
