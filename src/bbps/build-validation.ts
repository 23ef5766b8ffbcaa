// BillValidationResponse (protocol §10.8): Head, Reason, optional AdditionalInfo.
import type { CustomerParam } from '../core/types';
import { type BuildOptions, failureReason, headElement, successReason } from './build-parts';
import type { ValidationEcho } from './messages';
import { bbpsDocument, element } from './xml-writer';

export type ValidationOutcome =
  | { ok: true; approvalRefNum?: string; additionalInfo?: CustomerParam[] }
  | { ok: false; code: string; reason?: string };

export function buildValidationResponse(echo: ValidationEcho, outcome: ValidationOutcome, o: BuildOptions): string {
  const children = [headElement(echo.head.refId, o)];
  if (outcome.ok) {
    children.push(successReason(outcome.approvalRefNum ?? ''));
    const info = outcome.additionalInfo ?? [];
    if (info.length > 0) {
      children.push(element('AdditionalInfo', [], info.map((t) => element('Tag', [['name', t.name], ['value', t.value]]))));
    }
  } else {
    children.push(failureReason(outcome.code, outcome.reason));
  }
  return bbpsDocument('BillValidationResponse', [], children);
}
