/**
 * scripts/changeset-reminder.sh (a step of .ci/run): a reminder when src/ changed without a changeset, and never a
 * failed run because of git (no repository, a shallow clone, no default branch). Real git, in temporary folders.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

const SCRIPT = new URL('../../../scripts/changeset-reminder.sh', import.meta.url);
const ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't' };
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, env: { ...ENV, GIT_COMMITTER_EMAIL: 't@t' } });

/** A folder holding the script; `files` written there; a git repository on `main` with one commit unless `bare`. */
function checkout(files: Record<string, string>, asRepo = true) {
  const dir = mkdtempSync(join(tmpdir(), 'changeset-reminder-'));
  mkdirSync(join(dir, 'scripts'));
  copyFileSync(SCRIPT, join(dir, 'scripts/changeset-reminder.sh'));
  const write = (all: Record<string, string>) => {
    for (const [path, text] of Object.entries(all)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
  };
  write({ 'src/a.ts': 'a', ...files });
  if (asRepo) {
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'first');
    git(dir, 'checkout', '-qb', 'work');
  }
  return { dir, write, commit: () => (git(dir, 'add', '.'), git(dir, 'commit', '-qm', 'change')) };
}

function remind(dir: string) {
  const run = spawnSync('bash', [join(dir, 'scripts/changeset-reminder.sh')], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

test('src/ changed on the branch and no changeset: a reminder that names the command, status 0', () => {
  const repo = checkout({});
  repo.write({ 'src/a.ts': 'b' });
  repo.commit();
  expect(remind(repo.dir)).toMatch(/REMINDER: 1 file\(s\) under src\/ changed since main.*\n.*npx changeset/);
});

const quiet: Array<[string, Record<string, string>, RegExp]> = [
  ['src/ changed with a changeset', { 'src/a.ts': 'b', '.changeset/x.md': '---\n---\nx' }, /changeset added/],
  ['only tests changed', { 'test/a.spec.ts': 'x' }, /src\/ unchanged/],
  [
    'a new file under src/, not committed yet, with an uncommitted changeset',
    { 'src/b.ts': 'b', '.changeset/y.md': 'y' },
    /changeset added/,
  ],
];
for (const [name, files, line] of quiet) {
  test(`no reminder: ${name}`, () => {
    const repo = checkout({});
    repo.write(files);
    if (!name.includes('not committed')) repo.commit();
    const out = remind(repo.dir);
    expect(out).toMatch(line);
    expect(out).not.toContain('REMINDER');
  });
}

test('what git cannot tell is one line and status 0: no repository, a shallow clone of a branch', () => {
  expect(remind(checkout({}, false).dir)).toMatch(/not a git repository, skipped/);
  const origin = checkout({});
  origin.write({ 'src/a.ts': 'b' });
  origin.commit();
  git(origin.dir, 'checkout', '-q', 'main'); // the default branch, as on a forge
  const clone = mkdtempSync(join(tmpdir(), 'changeset-reminder-clone-'));
  git(clone, 'clone', '-q', '--depth', '1', '--branch', 'work', `file://${origin.dir}`, 'c');
  expect(remind(join(clone, 'c'))).toMatch(/^changeset check: .*skipped\n$/);
});
