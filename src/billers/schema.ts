// joi schema of BILLERS_FILE (design §3.5). Coherence rules joi cannot say are in load.ts.
import Joi from 'joi';
import { BUSINESS_SERVICE } from '../core/business-service';

// every mode DIGIT knows (reference §4.1); load.ts refuses the ones the adapter cannot use safely
const DIGIT_MODES = ['ONLINE', 'CARD', 'ONLINE_NEFT', 'ONLINE_RTGS', 'CASH', 'OFFLINE_NEFT', 'OFFLINE_RTGS', 'POSTAL_ORDER', 'CHEQUE', 'DD'];

const param = Joi.object({
  name: Joi.string().min(1).max(100).required(),
  role: Joi.string().valid('consumerCode', 'mobileNumber', 'tenant', 'info').required(),
  regex: Joi.string().min(1).max(500),
  optional: Joi.boolean().default(false),
});

const tenant = Joi.alternatives().try(
  Joi.object({ fixed: Joi.string().pattern(/^[a-z]+\.[a-z0-9_]+$/).required() }),
  Joi.object({
    fromParam: Joi.string().min(1).required(),
    values: Joi.object().pattern(Joi.string().min(1), Joi.string().pattern(/^[a-z]+\.[a-z0-9_]+$/)).min(1).required(),
  }),
);

const biller = Joi.object({
  billerId: Joi.string().pattern(/^[A-Za-z0-9]{1,20}$/).required(),
  name: Joi.string().min(1).max(200).required(),
  tenant: tenant.required(),
  services: Joi.array().items(Joi.object({ businessService: Joi.string().pattern(BUSINESS_SERVICE, 'business-service code (dot-separated letters, digits, _; no empty or dot-only parts)').required() })).min(1).required(),
  customerParams: Joi.array().items(param).min(1).required(),
  paymentAmountExactness: Joi.string().valid('EXACT', 'EXACT_AND_ABOVE', 'EXACT_AND_BELOW', 'ADHOC').required(),
  partPaymentAllowed: Joi.boolean().required(),
  advanceAllowed: Joi.boolean().required(),
  minimumAmountPaise: Joi.number().integer().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  digitPaymentMode: Joi.string().valid(...DIGIT_MODES).default('ONLINE'),
});

export const billersFileSchema = Joi.object({
  billers: Joi.array().items(biller).min(1).required(),
});
