// Placeholder until this format's parser lands.
import type { DocumentFormat, LineFormat } from './types';

export const aiderFormat: LineFormat = {
  id: 'aider',
  agent: 'aider',
  kind: 'lines',
  jsonLines: true,
  detect: () => false,
  open: () => ({ line: () => undefined, snapshot: () => [] }),
};
