// Loads and checks OPERATORS_FILE. Any problem stops the boot with a message naming the operator and field.
import Joi from 'joi';
import { checkKeyedEntries, describeProblems, readJsonFile } from '../config/json-file';
import { AppError } from '../core/errors';
import type { Operator } from './types';

export const OPERATOR_ID = /^[a-z0-9][a-z0-9_-]{0,31}$/;

const operatorSchema = Joi.object({
  id: Joi.string().pattern(OPERATOR_ID).required().messages({ 'string.pattern.base': 'must be 1-32 of a-z, 0-9, - and _, starting with a letter or digit' }),
  name: Joi.string().min(1).max(200).required(),
  keySha256: Joi.string().pattern(/^[0-9a-f]{64}$/).required().messages({ 'string.pattern.base': 'must be 64 lower-case hex digits (the SHA-256 of the key)' }),
  role: Joi.string().valid('viewer', 'operator').required(),
});

const operatorsFileSchema = Joi.object({ operators: Joi.array().items(operatorSchema).required() });

const fail = (file: string, msg: string): never => {
  throw new AppError('CONFIG_INVALID', `OPERATORS_FILE (${file}): ${msg}`);
};

/** The file's operators; undefined when the file does not exist (no operator configured). */
export function loadOperatorsFile(file: string): Operator[] | undefined {
  const json = readJsonFile(file, (msg) => fail(file, msg), true);
  return json === undefined ? undefined : parseOperators(json, file);
}

export function parseOperators(json: unknown, file = '<inline>'): Operator[] {
  const { value, error } = operatorsFileSchema.validate(json, { abortEarly: false, convert: false });
  if (error) fail(file, describeProblems(error, json, 'operators', 'id', 'operator'));
  const operators = value.operators as Operator[];
  checkKeyedEntries(operators, 'operator', (msg) => fail(file, msg));
  return operators.map((o) => ({ id: o.id, name: o.name, keySha256: o.keySha256, role: o.role }));
}
