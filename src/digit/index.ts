// The DIGIT client's public surface: the composition root needs only createDigitGateway.
export { createDigitGateway, type DigitClient } from './gateway';
export type { DigitClientConfig, DigitLogger, CircuitSettings } from './config';
export { paymentLeaseMs } from './config';
export type { LoginStatus } from './token-manager';
