// The minimal RequestInfo DIGIT's UI sends (reference §2.1). The token travels here, never in an
// Authorization header: both DIGIT gateways read it from the body and strip it before forwarding.
import type { RequestInfo } from './types';

export function requestInfo(authToken: string, nowMs: number): RequestInfo {
  return { apiId: 'Rainmaker', ver: '1.0', ts: nowMs, msgId: `${nowMs}|en_IN`, authToken };
}
