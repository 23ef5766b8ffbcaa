// The contract between the codec and the core, checked with joi as the last step of decoding: the
// field readers have already named any malformed field; this bounds what they let through (how many
// parameters, how long a text) so that no request of absurd shape reaches the use cases or the ledger.
// Parameter VALUES are only bounded, never judged here: their content is the core's (BFR/BPR codes).
import Joi from 'joi';
import { AppError } from '../core/errors';

const id = Joi.string().min(1).max(64);
const text = (max: number) => Joi.string().allow('').max(max);
// an 18-digit amount beyond 2^53 arrives as NaN: well-formed, refused later by the amount rules
const paise = Joi.alternatives(Joi.number().integer().min(0).unsafe(), Joi.number().valid(Number.NaN));

const context = {
  refId: id.required(),
  msgId: id.required(),
  origInst: text(64).required(),
  agentId: id,
  channel: text(200),
  customerMobile: text(200),
  billerId: id.required(),
  params: Joi.array().items(Joi.object({ name: Joi.string().min(1).max(100).required(), value: text(1000).required() })).max(50).required(),
};

const fetchShape = Joi.object(context);

const paymentShape = Joi.object({
  ...context,
  txnReferenceId: id.required(),
  paymentRefId: id,
  amountPaise: paise.required(),
  custConvFeePaise: paise.required(),
  paymentMode: text(100).required(),
  quickPay: Joi.boolean().required(),
  billsNamed: Joi.array().items(Joi.object({ billNumber: text(100), amountPaise: paise })).max(50).required(),
  customerName: text(200),
  reversal: Joi.boolean().required(),
});

const validationShape = Joi.object({
  refId: id.required(),
  origInst: text(64).required(),
  agentId: id,
  channel: text(200),
  billerId: id.required(),
  params: context.params,
  amountPaise: paise,
});

function check<T>(schema: Joi.ObjectSchema, value: T, what: string): T {
  const { error } = schema.validate(value, { convert: false, abortEarly: true });
  if (error) throw new AppError('REQUEST_INVALID', `${what}: ${error.details[0]?.message ?? error.message}`);
  return value;
}

export const checkFetchShape = <T>(r: T): T => check(fetchShape, r, 'BillFetchRequest');
export const checkPaymentShape = <T>(r: T): T => check(paymentShape, r, 'BillPaymentRequest');
export const checkValidationShape = <T>(r: T): T => check(validationShape, r, 'BillValidationRequest');
