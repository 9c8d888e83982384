import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The built page forbids every origin but its own. Styles allow 'unsafe-inline' because Svelte and
// ECharts set style attributes; scripts never get 'unsafe-inline' or 'unsafe-eval'.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'loyalty-lens-csp',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`),
  };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/**
 * Writes the list of built files, and a version made from their contents, into dist/sw.js. Our own small
 * service worker (src/sw/service-worker.ts) instead of vite-plugin-pwa: that needs workbox-build (Babel,
 * Rollup, Terser: well over a hundred packages) to do a cache-first of our own files.
 */
function precacheManifest(): Plugin {
  let outDir = 'dist';
  return {
    name: 'precache-manifest',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    writeBundle() {
      const sw = join(outDir, 'sw.js');
      const files = filesUnder(outDir).filter((f) => f !== sw && !f.endsWith('.map')).map((f) => relative(outDir, f).split('\\').join('/')).sort();
      const hash = createHash('sha256');
      for (const f of files) hash.update(f).update(readFileSync(join(outDir, f)));
      const manifest = JSON.stringify({ version: hash.digest('hex').slice(0, 12), files: files.map((f) => (f === 'index.html' ? './' : `./${f}`)) });
      const code = readFileSync(sw, 'utf8');
      const placeholder = /[`"']__PRECACHE_MANIFEST__[`"']/;
      if (!placeholder.test(code)) throw new Error('sw.js lacks the precache placeholder');
      writeFileSync(sw, code.replace(placeholder, manifest));
    },
  };
}

export default defineConfig({
  // Relative asset paths and hash routes: dist/ works from any static host and any sub-path.
  base: './',
  plugins: [svelte(), contentSecurityPolicy(), precacheManifest()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: { index: 'index.html', sw: 'src/sw/service-worker.ts' },
      output: { entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js') },
    },
  },
  preview: { host: '127.0.0.1' },
  server: { host: '127.0.0.1' },
});
