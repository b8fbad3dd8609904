// Placeholder until this format's parser lands.
import type { DocumentFormat, LineFormat } from './types';

export const piFormat: LineFormat = {
  id: 'pi',
  agent: 'pi',
  kind: 'lines',
  jsonLines: true,
  detect: () => false,
  open: () => ({ line: () => undefined, snapshot: () => [] }),
};
