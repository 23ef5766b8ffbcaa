// A DIGIT business-service code (MDMS BillingService.BusinessService): `PT`, `WS`, `OTHER.Misc_Challans`.
// It becomes a URL path segment (`/collection-services/payments/{module}/_search`), so dot segments
// (`.`, `..`, which resolve to another path even when percent-encoded) and empty parts are refused.

/** Dot-separated parts of letters, digits and `_`; at most 64 characters. */
export const BUSINESS_SERVICE = /^(?=.{1,64}$)[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*$/;

export const isBusinessService = (code: string): boolean => BUSINESS_SERVICE.test(code);
