// Build and unit-test configuration. The build goes to web/dist, which `tether serve`
// serves at `/`; assets are emitted as files (no inline scripts: the server's CSP forbids them).
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

export default defineConfig({
  plugins: [react(), tailwindcss()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Never inline the module preload polyfill as an inline script.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  server: {
    proxy: { '/api': { target: 'http://127.0.0.1:3000', ws: true } },
  },
  test: {
    // Pure modules run in node; a test file that needs a DOM says so in its first line
    // (`// @vitest-environment jsdom`): setting jsdom up is most of a file's cost.
    environment: 'node',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
    restoreMocks: true,
  },
});
