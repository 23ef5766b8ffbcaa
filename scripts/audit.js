#!/usr/bin/env node
// CI's dependency audit: `npm audit --omit=dev --audit-level=high` must find nothing. The one failure
// tolerated is an audit service that cannot be reached (the report then says so): a finding, or an
// answer that is neither a report nor a transport error, fails the run.
'use strict';
const { spawnSync } = require('node:child_process');

const run = spawnSync('npm', ['audit', '--omit=dev', '--audit-level=high', '--json'], { encoding: 'utf8', timeout: 120_000 });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  report = undefined;
}
const counts = report && report.metadata && report.metadata.vulnerabilities;
if (counts) {
  const high = (counts.high || 0) + (counts.critical || 0);
  console.log(`npm audit (production dependencies): ${counts.total || 0} known vulnerabilities, ${high} high or critical`);
  if (high > 0 || run.status !== 0) {
    console.log(spawnSync('npm', ['audit', '--omit=dev', '--audit-level=high'], { encoding: 'utf8' }).stdout);
    process.exit(1);
  }
  process.exit(0);
}
// npm prints the failed request itself (statusCode, uri) or an error object when the service fails
const unreachable = report && (report.statusCode || report.code || (report.error && report.error.code));
if (run.error || unreachable) {
  const why = run.error ? run.error.message : report.message || (report.error && report.error.summary) || JSON.stringify(report).slice(0, 200);
  console.log(`npm audit: SKIPPED, the audit service could not be reached (${why}); no vulnerability report was made`);
  process.exit(0);
}
console.error(`npm audit: unexpected answer (exit ${run.status}): ${(run.stdout || run.stderr || '').slice(0, 500)}`);
process.exit(1);
