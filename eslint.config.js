import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ZOD_PATHS = ['zod', 'zod/mini', 'zod/v4', 'zod/v4/mini'].map((name) => ({ name, message: "Import { z } from src/common/zod.ts (zod/mini with zod's English messages)." }));

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
    // src/common/zod.ts loads zod/mini's English messages before any schema is built; classic zod would bring its
    // unused weight back into background.js. Tests may build their own schemas with either.
    files: ['src/**'],
    ignores: ['src/common/zod.ts', '**/*.test.ts', '**/*.test.tsx'],
    rules: { 'no-restricted-imports': ['error', { paths: ZOD_PATHS }] },
  },
  {
    // Pages reach the background only through the RPC table (src/rpc/protocol.ts); shared constants live in src/common.
    files: ['src/popup/**', 'src/options/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: ZOD_PATHS, patterns: [{ group: ['**/background', '**/background/**'], message: 'Pages talk to the background through the RPC table; put shared constants in src/common.' }] }],
    },
  },
  {
    files: ['test/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
);
