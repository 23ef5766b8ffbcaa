// The README and docs/ stand on their own and agree with the code: every link inside the repository
// resolves (file and heading), nothing cites a document a reader of the repository cannot open, and
// every environment variable the app or the sandbox reads is documented in docs/configuration.md.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { appEnvNames, sandboxEnvNames } from '../deploy/deploy-files';

const root = resolve(__dirname, '..', '..', '..');
const docsDir = join(root, 'docs');
const pages = [join(root, 'README.md'), ...readdirSync(docsDir).filter((f) => f.endsWith('.md')).map((f) => join(docsDir, f))];
const text = (file: string) => readFileSync(file, 'utf8');
const name = (file: string) => relative(root, file);

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) =>
  heading.trim().toLowerCase().replace(/[`*]/g, '').replace(/[^\p{L}\p{N}_ -]/gu, '').replace(/ /g, '-');
const anchorsOf = (file: string) =>
  new Set(
    text(file)
      .replace(/^```[\s\S]*?^```/gm, '')
      .split('\n')
      .filter((l) => /^#{1,6} /.test(l))
      .map((l) => slug(l.replace(/^#+ /, ''))),
  );

/** Markdown links outside code blocks: [text](target). */
const linksOf = (file: string) =>
  [...text(file).replace(/^```[\s\S]*?^```/gm, '').matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);

test('the README is a front door, under about 200 lines', () => {
  expect(text(join(root, 'README.md')).split('\n').length).toBeLessThanOrEqual(200);
});

test.each(pages.map((p) => [name(p), p]))('%s: every link inside the repository resolves', (_n, file) => {
  const broken: string[] = [];
  for (const link of linksOf(file)) {
    if (/^[a-z]+:/i.test(link)) continue; // another site: not ours to check offline
    const [path, anchor] = link.split('#');
    const target = path === '' ? file : resolve(dirname(file), path);
    if (!existsSync(target)) broken.push(`${link} (no file ${relative(root, target)})`);
    else if (anchor && target.endsWith('.md') && !anchorsOf(target).has(anchor)) broken.push(`${link} (no heading #${anchor})`);
  }
  expect(broken).toEqual([]);
});

test.each(pages.map((p) => [name(p), p]))('%s: cites no document outside the repository', (_n, file) => {
  const outside = text(file).match(/\b(design|digit-api|protocol|anchors)(\.md)? ?§ ?\d+(\.\d+)*|design\.md|reference\/[a-z-]+\.md/gi);
  expect(outside).toBeNull();
});

test('every environment variable the app or the sandbox reads is documented in docs/configuration.md', () => {
  const documented = text(join(docsDir, 'configuration.md')) + text(join(docsDir, 'network-mode.md'));
  const missing = [...appEnvNames(), ...sandboxEnvNames()].filter((key) => !documented.includes(`\`${key}\``));
  expect(missing).toEqual([]);
});
