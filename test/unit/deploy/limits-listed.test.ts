// The deploy files list every hostile-input limit and HTTP timeout of src/config/env.ts, commented out
// with its default, so an operator sees what can be tuned without reading the source; the defaults
// there, in docs/configuration.md and in env.ts are one and the same.
import { appDefault, appEnvNames, readText } from './deploy-files';

const KEYS = [...appEnvNames()].filter((k) => k.startsWith('BBPS_MAX_') || /^HTTP_.*TIMEOUT_MS$/.test(k));
const FILES = ['deploy/k8s/configmap.yaml', 'docker-compose.yml'];
const commentedDefault = (text: string, key: string) => new RegExp(`^\\s*#\\s*${key}:\\s*"?(\\d+)"?\\s*$`, 'm').exec(text)?.[1];

test('the keys are the ones expected (a new limit is listed too)', () => {
  expect(KEYS.sort()).toEqual(['BBPS_MAX_ATTRIBUTES', 'BBPS_MAX_BODY_BYTES', 'BBPS_MAX_ELEMENTS', 'BBPS_MAX_REFERENCES', 'BBPS_MAX_VALUE_CHARS', 'BBPS_MAX_XML_DEPTH', 'HTTP_HEADERS_TIMEOUT_MS', 'HTTP_REQUEST_TIMEOUT_MS']);
});

test.each(FILES)('%s lists each limit and timeout, commented out, with the default of env.ts', (file) => {
  const text = readText(file);
  for (const key of KEYS) expect([key, commentedDefault(text, key)]).toEqual([key, String(appDefault(key))]);
});

test('docs/configuration.md gives each the same default', () => {
  const doc = readText('docs/configuration.md');
  for (const key of KEYS) {
    const row = new RegExp(`^\\|\\s*\`${key}\`\\s*\\|.*\\|\\s*(\\d+)\\s*\\|\\s*$`, 'm').exec(doc);
    expect([key, row?.[1]]).toEqual([key, String(appDefault(key))]);
  }
});
