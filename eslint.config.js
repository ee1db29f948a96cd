// The lint rules that carry architecture: only src/aws and families/*/live.ts may touch the AWS SDK,
// and the planning core and renderers stay free of I/O.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const sdk = { group: ['@aws-sdk/*'], message: 'Only src/aws and src/families/*/live.ts talk to the AWS SDK; use the AuthorizerPort.' };
const io = {
  group: ['node:fs', 'node:fs/*', 'node:child_process', 'node:http', 'node:net', 'node:process', 'fs', 'http'],
  message: 'The planning core and renderers are pure: no I/O.',
};

export default tseslint.config(
  { ignores: ['dist/', 'dist-action/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [sdk] }],
    },
  },
  {
    files: ['src/aws/**/*.ts', 'src/families/*/live.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/core/**/*.ts', 'src/render/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [sdk, io] }],
      'no-restricted-globals': ['error', { name: 'process', message: 'The planning core and renderers are pure.' }],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
