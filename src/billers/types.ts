// A biller as configured in BILLERS_FILE (design §3.5), after validation.

export type ParamRole = 'consumerCode' | 'mobileNumber' | 'tenant' | 'info';
export type Exactness = 'EXACT' | 'EXACT_AND_ABOVE' | 'EXACT_AND_BELOW' | 'ADHOC';

export interface ParamSpec {
  name: string;
  role: ParamRole;
  regex?: RegExp;
  optional: boolean;
}

export type TenantRule = { fixed: string } | { fromParam: string; values: Record<string, string> };

export interface BillerConfig {
  billerId: string;
  name: string;
  tenant: TenantRule;
  businessServices: string[];
  customerParams: ParamSpec[];
  exactness: Exactness;
  partPaymentAllowed: boolean;
  advanceAllowed: boolean;
  /** 0 = no minimum beyond "more than nothing" */
  minimumAmountPaise: number;
  /** DIGIT paymentMode used for every payment of this biller */
  digitPaymentMode: string;
}
