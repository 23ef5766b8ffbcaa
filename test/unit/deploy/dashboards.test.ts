// The Grafana dashboard and the Prometheus alert rules in deploy/ parse, and every metric they name
// is one the app exposes (read from a running app's /metrics: its `# TYPE` lines, histogram series
// included), so a renamed metric cannot leave a dashboard or an alert silently empty.
import { parse } from 'yaml';
import { startHarness, type Harness } from '../../support/harness';
import { declaredMetrics } from '../../component/observability/support';
import { readText } from './deploy-files';

interface Rule { alert: string; expr: string }
const alerts = parse(readText('deploy/prometheus/alerts.yml')) as { groups: Array<{ name: string; rules: Rule[] }> };
const dashboard = JSON.parse(readText('deploy/grafana/bbps-adapter-dashboard.json')) as { panels: Array<{ title: string; targets: Array<{ expr: string }> }> };

// PromQL words that are not metric names
const PROMQL = new Set(['sum', 'max', 'min', 'avg', 'by', 'without', 'rate', 'increase', 'histogram_quantile', 'time', 'le', 'and', 'or', 'unless', 'on', 'ignoring']);
function metricsIn(expr: string): string[] {
  const noStrings = expr.replace(/"[^"]*"/g, '""').replace(/\{[^}]*\}/g, '').replace(/\[[^\]]*\]/g, '').replace(/by \([^)]*\)/g, '');
  return [...noStrings.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)].map((m) => m[0]).filter((w) => !PROMQL.has(w));
}

let h: Harness;
let exposed: Set<string>;
beforeAll(async () => {
  h = await startHarness();
  const types = declaredMetrics(await (await fetch(`${h.svc.url}/metrics`)).text());
  exposed = new Set();
  for (const [name, kind] of types) {
    exposed.add(name);
    if (kind === 'histogram') for (const s of ['_bucket', '_sum', '_count']) exposed.add(name + s);
  }
});
afterAll(() => h.stop());

test('the alert rules cover what operators must hear about, each on an exposed metric', () => {
  const rules = alerts.groups.flatMap((g) => g.rules);
  const byName = new Map(rules.map((r) => [r.alert, r.expr]));
  expect(byName.get('BbpsPaymentsUnresolvedOver15m')).toMatch(/ledger_payments_unresolved_over_15m/);
  expect(byName.get('BbpsCallbacksParked')).toMatch(/outbox_parked/);
  expect(byName.get('DigitCircuitOpen')).toMatch(/digit_circuit_state/);
  expect(byName.get('BbpsReconNeedsAction')).toMatch(/bbps_recon_items_needing_action/);
  for (const r of rules) {
    const names = metricsIn(r.expr);
    expect([r.alert, names.length > 0]).toEqual([r.alert, true]);
    for (const n of names) expect([r.alert, n, exposed.has(n)]).toEqual([r.alert, n, true]);
  }
});

test('every dashboard query names only exposed metrics', () => {
  expect(dashboard.panels.length).toBeGreaterThan(5);
  for (const p of dashboard.panels) {
    for (const t of p.targets) {
      const names = metricsIn(t.expr);
      expect([p.title, names.length > 0]).toEqual([p.title, true]);
      for (const n of names) expect([p.title, n, exposed.has(n)]).toEqual([p.title, n, true]);
    }
  }
});

test('the check refuses a metric the app does not expose (so the tests above can fail)', () => {
  expect(metricsIn('max(bbps_no_such_metric{a="b"}) > 0')).toEqual(['bbps_no_such_metric']);
  expect(exposed.has('bbps_no_such_metric')).toBe(false);
});
