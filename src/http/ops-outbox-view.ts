// What GET /ops/outbox shows of an outbox item: enough to find and judge it, without the body (the
// signed XML, possibly large) unless asked for.
import type { OutboxItem } from '../core/ports';

export interface OutboxItemView {
  id: string;
  refId: string;
  api: string;
  url: string;
  state: OutboxItem['state'];
  attempts: number;
  createdAt: number;
  updatedAt: number;
  /** null when the last attempt did not fail (or none was made) */
  lastError: string | null;
  body?: string;
}

export function outboxItemView(i: OutboxItem, withBody: boolean): OutboxItemView {
  const view: OutboxItemView = {
    id: i.id, refId: i.refId, api: i.api, url: i.url, state: i.state, attempts: i.attempts,
    createdAt: i.createdAt, updatedAt: i.updatedAt, lastError: i.lastError ?? null,
  };
  if (withBody) view.body = i.body;
  return view;
}
