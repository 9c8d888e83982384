// The app's own service worker: it precaches the built app (the list is written into this file at build
// time by the `precache-manifest` plugin of vite.config.ts) and serves it cache-first, so the app opens
// without a network. It never calls skipWaiting(): a new version waits until every tab of the old one is
// closed, so an update takes effect on the next visit and never in the middle of an import.
// No imports: this file is emitted as a standalone `sw.js`.
/// <reference lib="webworker" />
export {};

declare const self: ServiceWorkerGlobalScope;

// Replaced at build time by { version, files }.
const MANIFEST = '__PRECACHE_MANIFEST__' as unknown as { version: string; files: string[] };
const CACHE = `loyalty-lens-${MANIFEST.version}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(MANIFEST.files.map((f) => new URL(f, self.registration.scope).href))),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key.startsWith('loyalty-lens-') && key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      // Navigations (any hash route) get the app's page.
      const key = request.mode === 'navigate' ? new URL('./', self.registration.scope).href : request;
      // ignoreVary: servers answer with `Vary: Origin`, and module scripts are requested with an Origin header.
      const hit = await cache.match(key, { ignoreSearch: request.mode === 'navigate', ignoreVary: true });
      return hit ?? fetch(request);
    })(),
  );
});
