// `npm run lint` (with scripts/check-modules.mjs): the habits the code keeps, as errors.
// TypeScript is linted with type information (the projectService reads tsconfig.json);
// the Node scripts (*.mjs) and the browser pages' assets get the rules that need no types.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const unusedVars = [
  'error',
  { args: 'after-used', argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
];

export default defineConfig(
  { ignores: ['**/node_modules/**', '**/dist/**', 'test-output/**', 'examples/**', '**/*.d.mts'] },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: globals.node,
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // node:test's test()/describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: false, requireDefaultForNonUnion: false },
      ],
      '@typescript-eslint/no-unused-vars': unusedVars,
      // `typeof import('x')` stays allowed: it types a lazily imported module without loading it.
      '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false }],
      // The control characters in our regular expressions are the point (byte-level CSV decoding,
      // file-name cleaning, terminal escapes in CLI tests).
      'no-control-regex': 'off',
    },
  },
  {
    // The tests' HTTP, event-stream and callback clients hand back parsed JSON that each test probes
    // field by field: `any` stays at that one boundary (tests type what they read with
    // tests/support/api-types.ts, inferred from the response schemas). Everywhere else it is an error.
    files: ['tests/support/test-stack.ts', 'tests/support/sse-client.ts', 'tests/support/callback-receiver.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: { 'no-unused-vars': unusedVars },
  },
  {
    files: ['services/upload-api/web/**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: { sourceType: 'module', globals: globals.browser },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: { 'no-unused-vars': unusedVars },
  },
);
