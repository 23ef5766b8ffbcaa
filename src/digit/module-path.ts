// The `{module}` segment of collection-services' module paths (reference §4.6): the business service,
// which may come from DIGIT itself (a bill's or payment's businessService). Only a well-formed code is
// ever put in a path: `..` would make `/collection-services/payments/../_search` resolve elsewhere.
import { isBusinessService } from '../core/business-service';
import { DigitCallError } from '../core/ports';

/** `/collection-services/payments/{module}/{action}`; throws REJECTED (nothing sent) for a bad code. */
export function modulePath(businessService: string, action: '_search' | '_workflow'): string {
  if (!isBusinessService(businessService)) {
    const shown = JSON.stringify(businessService.slice(0, 40));
    throw new DigitCallError('REJECTED', `payment ${action}: business service ${shown} cannot name a DIGIT module path (nothing sent)`, ['INVALID_BUSINESS_SERVICE']);
  }
  return `/collection-services/payments/${encodeURIComponent(businessService)}/${action}`;
}
