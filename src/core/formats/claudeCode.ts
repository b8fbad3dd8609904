// Placeholder until this format's parser lands.
import type { DocumentFormat, LineFormat } from './types';

export const claudeCodeFormat: LineFormat = {
  id: 'claude-code',
  agent: 'claude-code',
  kind: 'lines',
  jsonLines: true,
  detect: () => false,
  open: () => ({ line: () => undefined, snapshot: () => [] }),
};
