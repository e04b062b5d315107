import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const screenshotDir = 'e2e/screenshots';

/** Debian's Chromium, headless, with nothing phoning home. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--enable-unsafe-webgpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface Session {
  page: Page;
  /** Console errors and uncaught exceptions: any is a failure. */
  errors: string[];
  /** Requests to anything but the served app: the app must work offline. */
  offsite: string[];
}

export async function openEditor(browser: Browser, baseUrl: string): Promise<Session> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  const offsite: string[] = [];
  const origin = new URL(baseUrl).origin;
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) {
      offsite.push(url);
    }
  });
  // Dropping unsaved work asks first; the tests say yes.
  page.on('dialog', (d) => void d.accept());
  await page.goto(baseUrl);
  await page.getByTestId('canvas').waitFor();
  return { page, errors, offsite };
}

export const node = (page: Page, id: string) => page.getByTestId(`node-${id}`);

export const count = (page: Page, selector: string) => page.locator(selector).count();

export const shapeOf = (page: Page, id: string) =>
  node(page, id).getByTestId('shape').textContent();

/** Drags a palette entry onto the canvas, `at` in pixels from the canvas's top-left corner. */
export async function dropLayer(page: Page, kind: string, at: { x: number; y: number }) {
  await page
    .getByTestId(`palette-${kind}`)
    .dragTo(page.locator('.react-flow__pane'), { targetPosition: at });
}

/** Draws a connection from one node's output handle to another's input handle. */
export async function connect(page: Page, source: string, target: string) {
  const from = await node(page, source).locator('.react-flow__handle.source').boundingBox();
  const to = await node(page, target).locator('.react-flow__handle.target').boundingBox();
  if (!from || !to) throw new Error(`handles of ${source} or ${target} are not on screen`);
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
  await page.mouse.up();
}

export async function menu(page: Page, menuName: string, item: string) {
  await page.getByRole('button', { name: menuName, exact: true }).click();
  await page.getByRole('menuitem', { name: item, exact: true }).click();
}

export async function loadTemplate(page: Page, title: string, firstNode: string) {
  await menu(page, 'Templates', title);
  await node(page, firstNode).waitFor();
  await viewportSettled(page);
}

/**
 * Waits until the canvas has stopped moving: a template opens with a short zoom-to-fit animation,
 * and on a loaded machine a test that reads positions during it reads the wrong ones.
 */
export async function viewportSettled(page: Page) {
  await page.waitForFunction(
    () =>
      new Promise<boolean>((done) => {
        const viewport = document.querySelector<HTMLElement>('.react-flow__viewport');
        const before = viewport?.style.transform;
        setTimeout(() => done(viewport?.style.transform === before), 250);
      }),
  );
}

/** Runs `action` and returns the name and bytes of the file the page downloads. */
export async function downloaded(page: Page, action: () => Promise<void>) {
  const started = page.waitForEvent('download');
  await action();
  const file = await started;
  const chunks: Buffer[] = [];
  for await (const chunk of await file.createReadStream()) chunks.push(chunk as Buffer);
  return { name: file.suggestedFilename(), bytes: Buffer.concat(chunks) };
}

/** Runs a File menu item and returns the downloaded file. */
export const downloadFromMenu = (page: Page, item: string) =>
  downloaded(page, () => menu(page, 'File', item));

/** Export JSON and return the downloaded file's text. */
export async function exportJson(page: Page): Promise<string> {
  return (await downloadFromMenu(page, 'Export JSON')).bytes.toString('utf8');
}

/** File ▸ Import JSON with the given file contents. */
export async function importJson(page: Page, name: string, text: string) {
  const chooser = page.waitForEvent('filechooser');
  await menu(page, 'File', 'Import JSON…');
  await (await chooser).setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: `${screenshotDir}/${name}.png` });
}
