// The lint gate (`npm run lint`): type-checked TypeScript rules, Lit and web-component rules, template
// accessibility; Prettier owns formatting (eslint-config-prettier turns off the rules it would fight).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import litA11y from 'eslint-plugin-lit-a11y';
import wc from 'eslint-plugin-wc';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'test-results/',
      'playwright-report/',
      'custom-elements.json',
      'src/protocol/phone-metadata.ts',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
    },
  },
  {
    // tests and demo pages: non-null assertions on elements they just rendered are the clearest way to say "this must exist"
    files: ['test/**/*.ts', 'bench/**/*.ts', 'demo/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // browser tests: chai's Assertion type is thenable once @open-wc's plugins augment it, so every
    // `expect(…).to.equal(…)` would read as a floating promise; the a11y checks
    // (`await expect(el).to.be.accessible()`) are awaited by convention and by review
    files: ['test/protocol/**/*.ts', 'test/widget/**/*.ts', 'test/scripts/**/*.ts', 'test/setup/**/*.ts'],
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
  {
    files: ['src/widget/**/*.ts', 'test/widget/**/*.ts', 'demo/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['src/widget/**/*.ts', 'test/widget/**/*.ts', 'demo/**/*.ts'],
    ...wc.configs['flat/recommended'],
  },
  {
    files: ['src/widget/**/*.ts', 'demo/**/*.ts'],
    plugins: { 'lit-a11y': litA11y },
    rules: { ...litA11y.configs.recommended.rules },
  },
  {
    // plain JavaScript (configs, bench, fixtures): no type information required
    files: ['**/*.{js,mjs,cjs}'],
    ignores: ['scripts/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // scripts/ is type-checked JavaScript (JSDoc, checkJs: scripts/tsconfig.json) and gets the type-checked rules,
    // except the no-unsafe-* family: the scripts read JSON and ASTs, whose `any` JSDoc cannot narrow without a
    // cast on every line
    files: ['scripts/*.mjs'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  prettier,
);
