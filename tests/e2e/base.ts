import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';

/**
 * The e2e tests' `test`: any uncaught error in a page of the test (its own context's, or of a
 * context it opens with `browser.newContext`) fails it. The production build is what runs here,
 * and a page that throws can still work well enough for every assertion to pass.
 * E2E_LATENCY=ms adds that latency to every request and socket frame of every page (Chromium's
 * network emulation): the suite as a reader on a slow connection meets it.
 */
export const test = base.extend<{ failOnPageErrors: void }>({
  failOnPageErrors: [
    async ({ context, browser }, run) => {
      const errors: string[] = [];
      const latency = Number(process.env['E2E_LATENCY'] ?? 0);
      const watchPage = (page: Page) => {
        page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.stack ?? e.message}`));
        if (latency > 0)
          void page
            .context()
            .newCDPSession(page)
            .then((cdp) =>
              cdp.send('Network.emulateNetworkConditions', {
                offline: false,
                latency,
                downloadThroughput: -1,
                uploadThroughput: -1,
              }),
            );
      };
      const watch = (c: BrowserContext) => {
        c.pages().forEach(watchPage);
        c.on('page', watchPage);
      };
      watch(context);
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args) => {
        const c = await newContext(...args);
        watch(c);
        return c;
      };
      try {
        await run();
      } finally {
        browser.newContext = newContext;
      }
      expect(errors, 'uncaught errors in the pages').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
