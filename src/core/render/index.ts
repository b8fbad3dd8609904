/** The report renderers, by output format. */
import type { Report } from '../report';
import { renderCsv, renderSessionsCsv } from './csv';
import type { DescribeCapability } from './escape';
import { renderHtml } from './html';
import { renderJson, renderJsonChunks } from './json';
import { renderMarkdown } from './markdown';

export type ReportFormat = 'html' | 'md' | 'json' | 'csv';

export const REPORT_FORMATS: readonly ReportFormat[] = ['html', 'md', 'json', 'csv'];

/** File extension for each format. */
export const REPORT_EXTENSIONS: Record<ReportFormat, string> = { html: '.html', md: '.md', json: '.json', csv: '.csv' };

export interface RenderOptions {
  /** Labels and descriptions of capability ids; the built-in taxonomy by default. */
  describeCapability?: DescribeCapability;
}

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

/**
 * Renders a report. For `csv` this is the tool-call table; the per-session companion table is
 * `renderSessionsCsv` (writers that produce files may emit both, e.g. `x.csv` and `x.sessions.csv`).
 */
export function renderReport(report: Report, format: ReportFormat, options: RenderOptions = {}): string {
  switch (format) {
    case 'html':
      return renderHtml(report, options);
    case 'md':
      return renderMarkdown(report, options);
    case 'json':
      return renderJson(report);
    case 'csv':
      return renderCsv(report);
  }
}

export { renderCsv, renderHtml, renderJson, renderJsonChunks, renderMarkdown, renderSessionsCsv };
export type { DescribeCapability } from './escape';
