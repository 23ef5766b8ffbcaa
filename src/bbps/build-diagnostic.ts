// ReqDiagnostic, our heartbeat to the CU (protocol §2.6, §10.10), and ResDiagnostic, the CU's answer
// (written by the CU simulator).
import { headElement, type BuildOptions } from './build-parts';
import { bbpsDocument, element, textElement } from './xml-writer';

export const buildReqDiagnostic = (refId: string, o: BuildOptions): string =>
  bbpsDocument('ReqDiagnostic', [], [headElement(refId, o)]);

export function buildResDiagnostic(
  refId: string,
  o: BuildOptions & { responseReason?: string; errors?: ReadonlyArray<{ code: string; detail: string }> },
): string {
  const errors = (o.errors ?? []).map((e) =>
    element('errorMessages', [], [textElement('errorCd', e.code), textElement('errorDtl', e.detail)]),
  );
  return bbpsDocument('ResDiagnostic', [['responseReason', o.responseReason]], [headElement(refId, o), ...errors]);
}
