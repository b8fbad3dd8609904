// Placeholder until this format's parser lands.
import type { DocumentFormat, LineFormat } from './types';

export const opencodeFormat: DocumentFormat = {
  id: 'opencode',
  agent: 'opencode',
  kind: 'document',
  detect: () => false,
  parse: () => [],
};
