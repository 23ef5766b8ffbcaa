// The console's stylesheet, served at /console/assets/console.css (the CSP allows styles from this
// origin only, and no inline style). Kept in the build as a string so that it ships with dist/.
export const CONSOLE_CSS = `
:root { --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg: #ffffff; --accent: #0b5cad; --warn: #9a3412; --ok: #166534; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; z-index: 10; }
header { display: flex; flex-wrap: wrap; align-items: center; gap: 12px 24px; padding: 8px 24px; border-bottom: 1px solid var(--line); background: #f6f8fa; }
.brand { margin: 0; font-weight: 600; }
nav ul { display: flex; flex-wrap: wrap; gap: 4px 16px; list-style: none; margin: 0; padding: 0; }
nav a { color: var(--accent); text-decoration: none; padding: 4px 2px; }
nav a[aria-current="page"] { font-weight: 600; border-bottom: 2px solid var(--accent); }
.who { margin-left: auto; display: flex; align-items: center; gap: 8px; color: var(--muted); }
main { padding: 16px 24px 48px; max-width: 1200px; }
main.bare { max-width: 480px; margin: 10vh auto; }
h1 { font-size: 1.5rem; margin: 8px 0 16px; }
h2 { font-size: 1.15rem; margin: 28px 0 8px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
pre { background: #f6f8fa; border: 1px solid var(--line); padding: 8px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; }
dt { color: var(--muted); }
dd { margin: 0; }
form.filters { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-end; }
form.filters label, form.stack label { display: flex; flex-direction: column; font-size: 13px; color: var(--muted); gap: 2px; }
form.stack { display: flex; flex-direction: column; gap: 12px; }
input, select, button { font: inherit; padding: 6px 8px; border: 1px solid var(--line); border-radius: 4px; background: #fff; color: var(--fg); }
button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; }
button[disabled] { background: #e5e7eb; color: #6b7280; border-color: #d1d5db; cursor: not-allowed; }
.who button { background: #fff; color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, summary:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
.notice { padding: 8px 12px; border-left: 4px solid var(--ok); background: #f0fdf4; }
.error { padding: 8px 12px; border-left: 4px solid var(--warn); background: #fff7ed; }
.hint { color: var(--muted); font-size: 13px; }
.state-SUCCESS { color: var(--ok); }
.state-FAILED, .state-UNKNOWN, .state-PARKED { color: var(--warn); }
.pager { display: flex; gap: 16px; }
details { margin: 6px 0; }
summary { cursor: pointer; }
`;
