// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import prettier from 'eslint-config-prettier'

export default tseslint.config(
  {
    ignores: ['**/fixtures/**', '**/dist/**', '**/node_modules/**', '**/coverage/**', '**/.turbo/**', '**/*.config.*', '**/*.js', '**/*.cjs', '**/*.mjs'],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-ignore': true, 'ts-expect-error': 'allow-with-description' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true, allowNullish: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-unnecessary-condition': ['error', { allowConstantLoopConditions: true }],
      '@typescript-eslint/no-invalid-void-type': 'off',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      // fp-ts 2 has no exports map: Node's ESM loader cannot resolve `fp-ts/Either` (a
      // directory). `fp-ts/lib/Either.js` works from ESM and CJS alike.
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^fp-ts/(?!lib/)', message: "Import fp-ts modules as 'fp-ts/lib/<Module>.js' (Node ESM cannot resolve 'fp-ts/<Module>')." }] },
      ],
      // Port implementations are async by contract even when an adapter answers synchronously.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/test/**/*.ts', '**/*.test.ts', '**/*.bench.ts', 'packages/testing/src/contract/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Deciders and rules are pure: time comes in as `occurredAt` or an explicit `now`.
    files: ['packages/core/src/deciders/**/*.ts', 'packages/core/src/rules/**/*.ts', 'packages/core/src/jurisdiction/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Deciders and rules take time as input, never from the system clock.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Deciders and rules take time as input, never from the system clock.' },
      ],
    },
  },
  {
    // Benchmarks and examples are programs whose output is the point.
    files: ['test/bench/**/*.ts', 'examples/**/*.ts', 'docs/examples/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  prettier,
)
