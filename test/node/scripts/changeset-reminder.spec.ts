/**
 * scripts/changeset-reminder.sh (a step of .ci/run): a reminder when src/ changed without a changeset, and never a
 * failed run because of git (no repository, a shallow clone). Real git, in temporary folders.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' }; // prettier-ignore
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env });

/** A folder with the script and src/a.ts (a repository on `main`, then on branch `work`), then `files` written. */
function checkout(files: Record<string, string>, { repo = true, commit = true } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'changeset-reminder-'));
  const write = (all: Record<string, string>) => {
    for (const [path, text] of Object.entries(all)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
  };
  write({ 'src/a.ts': 'a', 'scripts/.keep': '' });
  copyFileSync(
    new URL('../../../scripts/changeset-reminder.sh', import.meta.url),
    join(dir, 'scripts/changeset-reminder.sh'),
  );
  if (!repo) return dir;
  for (const args of [['init', '-q', '-b', 'main'], ['add', '.'], ['commit', '-qm', '1'], ['checkout', '-qb', 'work']]) git(dir, ...args); // prettier-ignore
  write(files);
  if (commit)
    for (const args of [
      ['add', '.'],
      ['commit', '-qm', '2'],
    ])
      git(dir, ...args);
  return dir;
}

function remind(dir: string) {
  const run = spawnSync('bash', [join(dir, 'scripts/changeset-reminder.sh')], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

const cases: Array<[string, () => string, RegExp]> = [
  ['src/ changed, no changeset: the reminder names the command', () => checkout({ 'src/a.ts': 'b' }), /REMINDER: 1 file\(s\) under src\/ changed since main.*\n.*npx changeset/], // prettier-ignore
  ['src/ changed with a changeset', () => checkout({ 'src/a.ts': 'b', '.changeset/x.md': 'x' }), /changeset added\n$/],
  ['uncommitted: a new file under src/ and a changeset', () => checkout({ 'src/b.ts': 'b', '.changeset/y.md': 'y' }, { commit: false }), /changeset added\n$/], // prettier-ignore
  ['only tests changed', () => checkout({ 'test/a.spec.ts': 'x' }), /src\/ unchanged since main\n$/],
  ['not a git repository', () => checkout({}, { repo: false }), /not a git repository, skipped\n$/],
];
for (const [name, dir, line] of cases) {
  test(`${name}: status 0`, () => {
    expect(remind(dir())).toMatch(line);
  });
}

for (const originHead of ['main', 'work']) {
  test(`a shallow clone of a branch, the origin on ${originHead}: no merge base or no default branch, one line, status 0`, () => {
    const origin = checkout({ 'src/a.ts': 'b' });
    git(origin, 'checkout', '-q', originHead); // on work, the clone's origin/HEAD is the branch it cloned
    const clone = join(mkdtempSync(join(tmpdir(), 'changeset-reminder-clone-')), 'c');
    git(tmpdir(), 'clone', '-q', '--depth', '1', '--branch', 'work', `file://${origin}`, clone);
    expect(remind(clone)).toMatch(/^changeset check: .*skipped\n$/);
  });
}
