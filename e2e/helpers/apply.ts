// Browser helpers for the application journeys: the link from the mail, and
// answering the question steps the way a person does (by the fields' labels' ids).

import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { TestApp } from '../../test/helpers/app.js';
import { completeSteps, mailsTo, openDraft, type StepAnswers, validAnswers } from '../../test/helpers/apply.js';
import { Browserless } from '../../test/helpers/browserless.js';

/** The path of the newest application link mailed to `address`. */
export async function lastLinkTo(app: TestApp, address: string, atLeast = 1): Promise<string> {
  const mails = await mailsTo(app, address, atLeast);
  for (const mail of mails.reverse()) {
    const link = mail.text?.match(/https?:\/\/\S+\/apply\/verify\?token=[\w-]+/)?.[0];
    if (link) return new URL(link).pathname + new URL(link).search;
  }
  throw new Error(`no link mailed to ${address}`);
}

/** Starts an application for `email` on `page` and opens it from the mailed link. */
export async function openApplication(page: Page, app: TestApp, email: string, mailsBefore = 0): Promise<void> {
  await page.goto('/apply/email');
  await page.fill('#email', email);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL('**/apply/email/sent');
  await page.goto(await lastLinkTo(app, email, mailsBefore + 1));
  await page.locator('form button[type=submit]').click();
  await page.waitForURL('**/apply/application');
}

/**
 * A draft for `email` opened from its mailed link and answered over HTTP (the journeys
 * above go through those pages in the browser), then handed to the page's browser by
 * its cookies; the page is left on the check page. For tests about what comes after.
 */
export async function answeredDraft(
  page: Page,
  app: TestApp,
  email: string,
  overrides: StepAnswers = {},
  lang: 'ja' | 'en' = 'en',
): Promise<void> {
  const person = new Browserless(app.url, lang);
  await openDraft(app, person, email);
  assert.equal(await completeSteps(person, overrides), '/apply/check');
  await page.context().addCookies(person.cookieList().map(([name, value]) => ({ name, value, url: app.url })));
  await page.goto('/apply/check');
}

/** Answers each question step on its page and presses Continue; returns the page it led to. */
export async function answerSteps(page: Page, overrides: StepAnswers = {}): Promise<string> {
  for (const step of Object.keys(validAnswers) as (keyof typeof validAnswers)[]) {
    await page.goto(`/apply/${step}`);
    const fields: Record<string, string> = { ...validAnswers[step], ...overrides[step] };
    for (const [name, value] of Object.entries(fields)) {
      const field = page.locator(`[name="${name}"]`).first();
      const kind = await field.evaluate((e) => {
        const el = e as unknown as { tagName: string; type?: string };
        return el.tagName === 'SELECT' ? 'select' : (el.type ?? 'text');
      });
      if (kind === 'select') await field.selectOption(value);
      else if (kind === 'radio') await page.locator(`[name="${name}"][value="${value}"]`).check();
      else if (kind === 'checkbox') await field.setChecked(value === 'yes');
      else await field.fill(value);
    }
    await page.locator('form button[type=submit]').click();
    await page.waitForLoadState();
    if (await page.locator('.error-summary').count()) {
      throw new Error(`step ${step}: ${await page.locator('.error-summary').textContent()}`);
    }
  }
  return new URL(page.url()).pathname;
}
