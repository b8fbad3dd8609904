// Placeholder until this format's parser lands.
import type { DocumentFormat, LineFormat } from './types';

export const clineFormat: DocumentFormat = {
  id: 'cline',
  agent: 'cline',
  kind: 'document',
  detect: () => false,
  parse: () => [],
};
