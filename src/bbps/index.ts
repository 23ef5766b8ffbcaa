// The BBPS wire codec: guard → parse → core types, and the response builders.
export * from './apis';
export * from './build-ack';
export * from './build-diagnostic';
export * from './build-fetch';
export * from './build-parts';
export * from './build-payment';
export * from './build-status';
export * from './build-validation';
export * from './codes';
export * from './guard';
export * from './limits';
export * from './messages';
export * from './parse';
export * from './parse-verified';
export * from './read-responses';
export * from './to-core';
export * from './to-other';
export type { XmlElement } from './xml-tree';
