// Placeholder until this format's parser lands.
import type { DocumentFormat, LineFormat } from './types';

export const openhandsFormat: DocumentFormat = {
  id: 'openhands',
  agent: 'openhands',
  kind: 'document',
  detect: () => false,
  parse: () => [],
};

export const openhandsEventsFormat: LineFormat = {
  id: 'openhands-events',
  agent: 'openhands',
  kind: 'lines',
  jsonLines: true,
  detect: () => false,
  open: () => ({ line: () => undefined, snapshot: () => [] }),
};
