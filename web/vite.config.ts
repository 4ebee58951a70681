import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// `npm run dev` serves the portals on :5173 and forwards the API to a running Clientele
// server (CLIENTELE_API, default http://127.0.0.1:8080). The Host header is kept, so the
// session cookies are those of plain localhost (not Secure) as in production on localhost.
const api = process.env.CLIENTELE_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/iam': { target: api },
      '/openapi.yaml': { target: api },
      '/healthz': { target: api },
    },
  },
  build: {
    // The server's CSP forbids inline scripts; Vite emits none, and this keeps it that way.
    assetsInlineLimit: 0,
    sourcemap: false,
    chunkSizeWarningLimit: 900,
    rollupOptions: {
      output: {
        // Long-lived vendor chunks: a change in our code does not re-download React. Ant Design
        // is left to Rollup, so each page loads only the components it uses.
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined;
          if (/node_modules\/(react|react-dom|scheduler|react-router)\//.test(id)) return 'react';
          if (id.includes('@tanstack')) return 'query';
          return undefined;
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    restoreMocks: true,
    // Ant Design renders slowly in jsdom on a busy machine.
    testTimeout: 20_000,
  },
});
