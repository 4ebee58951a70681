import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { directAntdImports, manualChunks } from './build/chunking';
import { precompress } from './build/precompress';

const webDir = path.dirname(fileURLToPath(import.meta.url));
const src = (file: string) => path.join(webDir, 'src', file);

// `npm run dev` serves the portals on :5173 and forwards the API to a running Clientele
// server (CLIENTELE_API, default http://127.0.0.1:8080). The Host header is kept, so the
// session cookies are those of plain localhost (not Secure) as in production on localhost.
const api = process.env.CLIENTELE_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react(), directAntdImports(webDir), precompress()],
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
    // Which chunks each page loads, for e2e/weight.spec.ts.
    manifest: true,
    // Terser's output is about 5% smaller than esbuild's once compressed (docs/performance.md).
    minify: 'terser',
    terserOptions: { compress: { passes: 2 } },
    chunkSizeWarningLimit: 900,
    rollupOptions: {
      output: {
        // Chunks by page (build/chunking.ts): React, the router and TanStack Query in 'vendor';
        // what the entry and the sign-in page need in 'base'; what the Accounts page needs
        // beyond that in 'accounts'; the rest as Rollup splits it. Budgets: e2e/weight.spec.ts.
        manualChunks: manualChunks({
          vendor: /node_modules\/(react|react-dom|scheduler|react-router|@tanstack\/[\w-]+)\//,
          signIn: [src('main.tsx'), src('auth/SignInPage.tsx')],
          pages: {
            accounts: [src('components/AntApp.tsx'), src('admin/AdminLayout.tsx'), src('resources/clients/ClientList.tsx')],
          },
        }),
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
