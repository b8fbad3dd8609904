/**
 * The door for messages from a panel. The page renders log content, so whatever it posts is
 * untrusted: it must match the protocol exactly (see isWebviewMessage), and anything else is
 * dropped with one line in the output channel, never acted on. No `vscode` here.
 */
import { inertText } from '../../core/inertText';
import { isWebviewMessage, type WebviewMessage } from '../../protocol/messages';

export type LogLine = (line: string) => void;

export function acceptWebviewMessage(raw: unknown, from: string, log: LogLine): WebviewMessage | undefined {
  if (isWebviewMessage(raw)) return raw;
  const type = typeof raw === 'object' && raw !== null && 'type' in raw && typeof raw.type === 'string' ? ` '${inertText(raw.type).slice(0, 40)}'` : '';
  log(`ignored a malformed message${type} from the ${from}`);
  return undefined;
}
