// ESLint: typescript-eslint (type-aware, strict and stylistic), React hooks, jsx-a11y on the
// components, and import rules that keep the layers apart: lib/ is framework-free (no React,
// no components), types/ depends on nothing.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  { files: ['**/*.tsx'], ...jsxA11y.flatConfigs.recommended },
  {
    files: ['**/*.tsx'],
    rules: {
      // Off in jsx-a11y's recommended set: every button, link, select, dialog… has a name. Inputs
      // and textareas are left out: the rule cannot see a <label> around them (the e2e suite's
      // accessibility check covers them in the browser).
      'jsx-a11y/control-has-associated-label': [
        'error',
        { ignoreElements: ['audio', 'canvas', 'embed', 'input', 'textarea', 'tr', 'video'], includeRoles: ['alert', 'dialog'], depth: 5 },
      ],
    },
  },
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'react-hooks': reactHooks, 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js'] })] },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './src/lib', from: './src/components', message: 'lib/ must not depend on components' },
            { target: './src/types', from: ['./src/lib', './src/components'], message: 'types/ depends on nothing' },
          ],
        },
      ],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['react', 'react-dom', 'react/*'], message: 'lib/claude is framework-free' }] },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // strict's options, but a number may go in a template: `${n} lines` is how a count is put
      // in words. Everything else strict refuses (null, undefined, booleans, any, objects…)
      // stays refused; every option is spelled out, since the rule's own defaults allow all.
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowAny: false, allowBoolean: false, allowNever: false, allowNullish: false, allowNumber: true, allowRegExp: false },
      ],
    },
  },
  {
    // Only lib/claude and lib/api are held to "no React"; everything else may import it.
    files: ['src/components/**', 'src/main.tsx', 'src/test-setup.ts', 'src/lib/store/**', 'src/**/*.test.tsx'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The golden-envelope test sits beside the protocol names it guards and uses the codec.
    files: ['src/types/*.test.ts'],
    rules: { 'import-x/no-restricted-paths': 'off' },
  },
  {
    // Playwright fixtures take `{}` and call `use`, which is not React's.
    files: ['e2e/**'],
    rules: { 'no-empty-pattern': 'off', 'react-hooks/rules-of-hooks': 'off' },
  },
  {
    files: ['eslint.config.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Plain scripts copied as they are (public/theme-boot.js runs before the app, not as a module).
    files: ['public/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { sourceType: 'script', globals: globals.browser, parserOptions: { projectService: false, project: null } },
  },
);
