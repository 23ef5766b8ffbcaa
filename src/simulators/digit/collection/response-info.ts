// collection-services ResponseInfoFactory: request fields echoed, resMsgId hard-coded.
export const collectionResponseInfo = (requestInfo: Record<string, unknown>) => ({
  apiId: requestInfo.apiId ?? null,
  ver: requestInfo.ver ?? null,
  ts: requestInfo.ts ?? null,
  resMsgId: 'uief87324',
  msgId: requestInfo.msgId ?? null,
  status: '200 OK',
});
