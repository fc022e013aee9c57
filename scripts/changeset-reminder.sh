#!/usr/bin/env bash
# Reminds (never fails) when src/ changed since the merge base with the default branch and no changeset
# (.changeset/*.md) was added: CONTRIBUTING.md asks for one with every user-visible change. Whatever git cannot
# tell (no repository, a shallow clone without the merge base, no default branch) ends with one line and status 0.
cd "$(dirname "$0")/.." || exit 0
say() { echo "changeset check: $*"; exit 0; }
git rev-parse --git-dir >/dev/null 2>&1 || say "not a git repository, skipped"
default=$(git symbolic-ref --quiet --short refs/remotes/origin/HEAD 2>/dev/null)
branch=$(git symbolic-ref --quiet --short HEAD 2>/dev/null)
base_ref=
for ref in "$default" origin/main origin/master main master; do
  # not this branch's own remote ref: a single-branch clone's origin/HEAD is the branch it cloned
  [ -n "$ref" ] && [ "$ref" != "origin/$branch" ] || continue
  if git rev-parse --verify --quiet "$ref^{commit}" >/dev/null; then base_ref=$ref; break; fi
done
[ -n "$base_ref" ] || say "no default branch to compare with (a single-branch or shallow clone?), skipped"
base=$(git merge-base HEAD "$base_ref" 2>/dev/null) || say "no merge base with $base_ref (shallow clone?), skipped"
src=$(git diff --name-only "$base" -- src/ 2>/dev/null; git ls-files --others --exclude-standard -- src/ 2>/dev/null)
[ -n "$src" ] || say "src/ unchanged since $base_ref"
added=$(git diff --name-only --diff-filter=A "$base" -- '.changeset/*.md' 2>/dev/null
  git ls-files --others --exclude-standard -- '.changeset/*.md' 2>/dev/null)
[ -z "$added" ] || say "src/ changed, changeset added"
n=$(printf '%s\n' "$src" | sort -u | grep -c .)
echo "changeset check: REMINDER: $n file(s) under src/ changed since $base_ref and no .changeset/*.md was added."
echo "  If a user of the package would notice the change, run \`npx changeset\` and commit the file it writes"
echo "  (CONTRIBUTING.md, \"Changes and releases\"). Internal changes need none. This is a reminder, not a failure."
exit 0
