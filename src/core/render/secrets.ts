/** The secret-exposure findings of a report, flattened for the renderers' "Secrets exposed" tables. */
import type { Report, ReportSecretFinding, ReportSession, ReportToolCall } from '../report';
import { shortRuleId } from '../secrets/mask';

export interface SecretRow {
  /** 1-based position of the session in the report. */
  sessionNumber: number;
  session: ReportSession;
  finding: ReportSecretFinding;
  /** The call that surfaced it and its 1-based position in the session. */
  call?: ReportToolCall;
  callNumber?: number;
  /** `github`, `aws`, ... */
  rule: string;
  /** `file:line`, when known. */
  where: string;
}

export function secretRows(report: Report): SecretRow[] {
  return report.sessions.flatMap((session, i) =>
    (session.secretFindings ?? []).map((finding) => {
      const at = finding.callId !== undefined ? session.toolCalls.findIndex((c) => c.id === finding.callId) : -1;
      return {
        sessionNumber: i + 1,
        session,
        finding,
        ...(at >= 0 ? { call: session.toolCalls[at], callNumber: at + 1 } : {}),
        rule: shortRuleId(finding.ruleId),
        where: finding.source ? `${finding.source.file}:${finding.source.line}` : '',
      };
    }),
  );
}

/** The rules that found secrets in one call, for the tool-call tables: `github (output); aws (command)`. */
export function callSecrets(session: ReportSession, callId: string): string {
  return (session.secretFindings ?? [])
    .filter((f) => f.callId === callId)
    .map((f) => `${shortRuleId(f.ruleId)} (${f.field})`)
    .join('; ');
}
