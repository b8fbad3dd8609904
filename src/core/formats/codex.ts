// Placeholder until this format's parser lands.
import type { DocumentFormat, LineFormat } from './types';

export const codexFormat: LineFormat = {
  id: 'codex',
  agent: 'codex',
  kind: 'lines',
  jsonLines: true,
  detect: () => false,
  open: () => ({ line: () => undefined, snapshot: () => [] }),
};
