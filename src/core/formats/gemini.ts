// Placeholder until this format's parser lands.
import type { DocumentFormat, LineFormat } from './types';

export const geminiJsonFormat: DocumentFormat = {
  id: 'gemini-json',
  agent: 'gemini-cli',
  kind: 'document',
  detect: () => false,
  parse: () => [],
};

export const geminiJsonlFormat: LineFormat = {
  id: 'gemini-jsonl',
  agent: 'gemini-cli',
  kind: 'lines',
  jsonLines: true,
  detect: () => false,
  open: () => ({ line: () => undefined, snapshot: () => [] }),
};
