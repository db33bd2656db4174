import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The dashboard is a static build (`dist/`) that the coordinator serves at `/`. The
 * workspace libraries (protocol, graph, node definitions) are TypeScript sources that Vite
 * bundles like the dashboard's own; none of them imports a Node module.
 */

/** Where `vite dev` forwards API and Socket.IO calls: a coordinator started with `runtime-hub up`. */
const DEV_COORDINATOR_URL = 'http://127.0.0.1:4000';

/** The editor (React Flow, zod, jsonata) is one chunk of about this size; larger means a regression. */
const CHUNK_SIZE_WARNING_KB = 1_500;

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The coordinator's CSP allows scripts from 'self' only; the preload polyfill is not needed
    // by the browsers the dashboard supports.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: CHUNK_SIZE_WARNING_KB,
  },
  server: {
    proxy: {
      '/api': DEV_COORDINATOR_URL,
      '/socket.io': { target: DEV_COORDINATOR_URL, ws: true },
    },
  },
});
