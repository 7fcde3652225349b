import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// The operator console: built to console/dist, which the API serves at /console/ (src/console/plugin.ts).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  plugins: [preact()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The API's Content-Security-Policy allows scripts from its own origin only: no inline polyfill.
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
  },
  server: { proxy: { '^/(orders|inventory|webhooks|healthz)': 'http://127.0.0.1:8080', '/console/config.json': 'http://127.0.0.1:8080' } },
});
