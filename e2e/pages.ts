import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';
import { launchBrowser, openEditor, type Session } from './app.js';

/**
 * One Chromium per test file. The returned `open` loads the editor in a fresh browser context;
 * after each test that page must have logged no errors and made no request off localhost.
 */
export function editorPages(): () => Promise<Session> {
  let browser: Browser;
  let current: Session | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
  });
  afterEach(async () => {
    const session = current;
    current = undefined;
    if (!session) return;
    expect(session.errors).toEqual([]);
    expect(session.offsite).toEqual([]);
    await session.page.context().close();
  });
  return async () => (current = await openEditor(browser, inject('baseUrl')));
}
