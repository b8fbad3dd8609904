// Placeholder until this format's parser lands.
import type { DocumentFormat, LineFormat } from './types';

export const aepJsonFormat: DocumentFormat = {
  id: 'aep-json',
  agent: 'aep',
  kind: 'document',
  detect: () => false,
  parse: () => [],
};

export const aepJsonlFormat: LineFormat = {
  id: 'aep-jsonl',
  agent: 'aep',
  kind: 'lines',
  jsonLines: true,
  detect: () => false,
  open: () => ({ line: () => undefined, snapshot: () => [] }),
};
