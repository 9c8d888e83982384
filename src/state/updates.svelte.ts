// The service worker: registered in the built app only. A new version waits (no skipWaiting) and the page
// says it will be used on the next visit, so an update never lands in the middle of an import.
export class UpdateState {
  newVersionWaiting = $state(false);
  offlineReady = $state(false);
  error = $state<string | null>(null);

  async register(): Promise<void> {
    if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
    try {
      const registration = await navigator.serviceWorker.register('./sw.js', { scope: './' });
      const hadController = navigator.serviceWorker.controller !== null;
      if (registration.waiting && hadController) this.newVersionWaiting = true;
      registration.addEventListener('updatefound', () => {
        const installing = registration.installing;
        installing?.addEventListener('statechange', () => {
          if (installing.state === 'installed') {
            if (hadController) this.newVersionWaiting = true;
            else this.offlineReady = true;
          }
        });
      });
      await navigator.serviceWorker.ready;
      this.offlineReady = true;
    } catch (error) {
      this.error = `Offline use is not available: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
}
