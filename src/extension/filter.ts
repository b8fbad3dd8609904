/** The Sessions tree's filter: facets combined with AND, values within a facet with OR. */
import type { Agent, Category, Outcome, Session } from '../core/model';
import { AGENT_LABELS, CATEGORY_LABELS, OUTCOME_LABELS } from '../protocol/labels';

export interface SessionFilter {
  agents?: Agent[];
  outcomes?: Outcome[];
  categories?: Category[];
  capabilities?: string[];
  models?: string[];
  /** Only sessions with at least one denied call. */
  deniedOnly?: boolean;
}

export function matchesFilter(s: Session, f: SessionFilter): boolean {
  if (f.agents?.length && !f.agents.includes(s.agent)) return false;
  if (f.outcomes?.length && !f.outcomes.includes(s.outcome)) return false;
  if (f.categories?.length && !f.categories.includes(s.category)) return false;
  if (f.capabilities?.length && !f.capabilities.some((c) => c in s.capabilities)) return false;
  if (f.models?.length && !f.models.some((m) => s.models.includes(m))) return false;
  if (f.deniedOnly && !s.toolCalls.some((c) => c.status === 'denied')) return false;
  return true;
}

/** Drops empty facets so `{}` means "no filter". */
export function normalizeFilter(f: SessionFilter): SessionFilter {
  const out: SessionFilter = {};
  if (f.agents?.length) out.agents = [...f.agents];
  if (f.outcomes?.length) out.outcomes = [...f.outcomes];
  if (f.categories?.length) out.categories = [...f.categories];
  if (f.capabilities?.length) out.capabilities = [...f.capabilities];
  if (f.models?.length) out.models = [...f.models];
  if (f.deniedOnly) out.deniedOnly = true;
  return out;
}

export function describeFilter(f: SessionFilter, capabilityLabel: (id: string) => string = (id) => id): string {
  const parts: string[] = [];
  if (f.agents?.length) parts.push(f.agents.map((a) => AGENT_LABELS[a]).join(' or '));
  if (f.categories?.length) parts.push(f.categories.map((c) => CATEGORY_LABELS[c]).join(' or '));
  if (f.outcomes?.length) parts.push(f.outcomes.map((o) => OUTCOME_LABELS[o]).join(' or '));
  if (f.capabilities?.length) parts.push(f.capabilities.map(capabilityLabel).join(' or '));
  if (f.models?.length) parts.push(f.models.join(' or '));
  if (f.deniedOnly) parts.push('with denied calls');
  return parts.join(' · ');
}
