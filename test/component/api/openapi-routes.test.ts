// schemas/openapi.json is the single source: every /api/v1 route of the app is in the document and
// every operation of the document is a route of the app; the document and its docs page are served.
import { OPENAPI } from '../../../src/http/api/openapi';
import { routesOf, type Layer } from '../../support/routes';
import { startApiHarness, type ApiHarness } from './api-harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.stop());

const toOpenApi = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');

test('the app\'s /api/v1 routes and the document\'s operations are the same set', () => {
  const app = h.svc.app as unknown as { router: { stack: Layer[] } };
  const inApp = routesOf(app.router.stack).filter((r) => r.split(' ')[1].startsWith('/api/v1/')).map((r) => {
    const [m, p] = r.split(' ');
    return `${m} ${toOpenApi(p)}`;
  });
  const inDoc = Object.entries(OPENAPI.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
  expect(inApp.length).toBeGreaterThanOrEqual(6);
  expect([...new Set(inApp)].sort()).toEqual([...inDoc].sort());
  expect(inApp).toHaveLength(new Set(inApp).size);
});

test('the document is OpenAPI 3.1, served as JSON', async () => {
  const res = await h.get(undefined, '/api/openapi.json');
  expect(res.status).toBe(200);
  expect(res.body.openapi).toBe('3.1.0');
  expect(res.body).toEqual(JSON.parse(JSON.stringify(OPENAPI)));
});

test('the docs page works offline: every operation drawn, nothing from another origin, a strict CSP', async () => {
  const res = await fetch(`${h.svc.url}/api/docs`);
  expect(res.status).toBe(200);
  const html = await res.text();
  for (const [path, methods] of Object.entries(OPENAPI.paths)) {
    for (const m of Object.keys(methods)) expect(html).toContain(`${m.toUpperCase()} ${path}`);
  }
  // every src/href is a path or fragment of this server
  const urls = [...html.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
  expect(urls.length).toBeGreaterThan(0);
  for (const u of urls) expect(u).toMatch(/^(\/|#)/);
  expect(html).not.toMatch(/<script/i);
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("style-src 'self'");
  const css = await fetch(`${h.svc.url}/api/docs/docs.css`);
  expect(css.status).toBe(200);
  expect(css.headers.get('content-type')).toMatch(/^text\/css/);
});
