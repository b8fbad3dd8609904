// Placeholder until this format's parser lands.
import type { DocumentFormat, LineFormat } from './types';

export const gptmeConversationFormat: LineFormat = {
  id: 'gptme-conversation',
  agent: 'gptme',
  kind: 'lines',
  jsonLines: true,
  detect: () => false,
  open: () => ({ line: () => undefined, snapshot: () => [] }),
};

export const gptmeMessageFormat: LineFormat = {
  id: 'gptme-message',
  agent: 'gptme',
  kind: 'lines',
  jsonLines: true,
  detect: () => false,
  open: () => ({ line: () => undefined, snapshot: () => [] }),
};

export const gptmeRecordsFormat: LineFormat = {
  id: 'gptme-records',
  agent: 'gptme',
  kind: 'lines',
  jsonLines: true,
  detect: () => false,
  open: () => ({ line: () => undefined, snapshot: () => [] }),
};
