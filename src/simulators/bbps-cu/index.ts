// The BBPS CU simulator (design §5): `new CuSimulator({ adapterUrl, privateKeyPem, adapterKeyPem })`,
// `await cu.listen()` → the adapter's BBPS_CALLBACK_URL; `cu.fetch(…)`, `cu.pay(…)`, `cu.status(…)`,
// `cu.validate(…)`; `await cu.waitFor('BillFetchResponse', refId)`; `cu.misbehave({ mode: 'error', times: 2 })`.
export { CuSimulator } from './cu-simulator';
export type { CuSimulatorOptions, Sent } from './cu-simulator';
export type { Misbehaviour, MisbehaviourMode } from './misbehaviour';
export type { Received } from './received';
export { cuSign, cuVerify } from './signing';
export * as cuRequests from './requests';
