import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Each layer may import only from the layers beneath it (DESIGN.md, "The flow of data"). */
const forbid = (...folders) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: folders.map((f) => ({
        group: [`**/${f}`, `**/${f}/**`],
        message: `this layer may not import from src/${f}`,
      })),
    },
  ],
});

export default tseslint.config(
  { ignores: ['node_modules/', 'build/', 'dist/', 'test-results/', 'e2e/screenshots/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  { files: ['src/graph/**'], rules: forbid('runtime-gpu', 'renderer', 'main', 'cli') },
  { files: ['src/runtime-gpu/**'], rules: forbid('renderer', 'main', 'cli') },
  { files: ['src/main/**'], rules: forbid('renderer', 'runtime-gpu', 'cli') },
  { files: ['src/renderer/**'], rules: forbid('main', 'cli') },
  {
    // Types shared by the renderer, the preload and main: they depend on nothing.
    files: ['src/bridge/**'],
    rules: forbid('graph', 'runtime-gpu', 'renderer', 'main', 'cli', 'preload'),
  },
  // The sandboxed preload can load no other file: it sees only the bridge types.
  { files: ['src/preload/**'], rules: forbid('graph', 'runtime-gpu', 'renderer', 'main', 'cli') },
  {
    // The exporters stand on src/graph; of the runtime they may use only the safetensors codec.
    files: ['src/export/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...forbid('renderer', 'main', 'cli', 'bridge', 'preload')['no-restricted-imports'][1]
              .patterns,
            {
              group: ['**/runtime-gpu/**', '!**/runtime-gpu/safetensors.js'],
              message: 'src/export may import only safetensors.js from src/runtime-gpu',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.tsx', 'src/renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: reactHooks.configs.recommended.rules,
  },
);
