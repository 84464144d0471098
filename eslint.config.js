import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', '.output/**', '.stryker-tmp/**', 'reports/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Secrets must never reach a console; the few diagnostic logs we keep use console.warn/error.
      'no-console': ['error', { allow: ['warn', 'error'] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Pages reach the background only through the RPC table (src/rpc/protocol.ts); shared constants live in src/common.
    files: ['src/popup/**', 'src/options/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/background', '**/background/**'], message: 'Pages talk to the background through the RPC table; put shared constants in src/common.' }] }],
    },
  },
  {
    files: ['test/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
);
