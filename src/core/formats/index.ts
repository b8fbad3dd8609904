/** Every format the engine reads, and detection by content (file names are only a hint). */
import { aepJsonFormat, aepJsonlFormat } from './aep';
import { aiderFormat } from './aider';
import { claudeCodeFormat, claudeCodeMetaFormat } from './claudeCode';
import { clineFormat } from './cline';
import { codexFormat } from './codex';
import { geminiJsonFormat, geminiJsonlFormat } from './gemini';
import { gptmeConversationFormat, gptmeMessageFormat, gptmeRecordsFormat } from './gptme';
import { opencodeFormat } from './opencode';
import { openhandsEventsFormat, openhandsFormat } from './openhands';
import { piFormat } from './pi';
import type { DocumentFormat, FileHead, Format, LineFormat } from './types';

/** Line formats, most specific first: the first whose detect() accepts a file wins. */
export const LINE_FORMATS: readonly LineFormat[] = [
  claudeCodeFormat,
  codexFormat,
  geminiJsonlFormat,
  aepJsonlFormat,
  gptmeRecordsFormat,
  gptmeConversationFormat,
  piFormat,
  openhandsEventsFormat,
  aiderFormat,
  gptmeMessageFormat,
];

export const DOCUMENT_FORMATS: readonly DocumentFormat[] = [
  claudeCodeMetaFormat,
  geminiJsonFormat,
  aepJsonFormat,
  opencodeFormat,
  clineFormat,
  openhandsFormat,
];

export const FORMATS: readonly Format[] = [...LINE_FORMATS, ...DOCUMENT_FORMATS];

export function detectLineFormat(head: FileHead, fileName: string): LineFormat | undefined {
  return LINE_FORMATS.find((f) => safeDetect(() => f.detect(head, fileName)));
}

export function detectDocumentFormat(doc: unknown, fileName: string): DocumentFormat | undefined {
  return DOCUMENT_FORMATS.find((f) => safeDetect(() => f.detect(doc, fileName)));
}

/** A detector that throws on odd input simply does not claim the file. */
function safeDetect(fn: () => boolean): boolean {
  try {
    return fn();
  } catch {
    return false;
  }
}
