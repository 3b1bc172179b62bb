// Browser test of Herald's /ui pages (run by tests/ui/run_ui_test.py, which starts Herald with
// data). Drives Debian's chromium with playwright-core; every check failing exits non-zero.
import http from 'node:http';
import path from 'node:path';
import { chromium } from 'playwright-core';

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`missing environment variable ${name}`);
  return v;
};
const BASE = env('HERALD_URL');
const USER = env('HERALD_USER');
const PASSWORD = env('HERALD_PASSWORD');
const API_KEY = env('HERALD_API_KEY');
const SPY_PORT = Number(env('SPY_PORT'));
const XSS_ID = env('XSS_ID');
const XSS_HTML = env('XSS_HTML');
const BOUNCED_ID = env('BOUNCED_ID');
const SMS_IDS = JSON.parse(env('SMS_IDS'));
const SHOTS = env('SCREENSHOTS');

let failures = 0;
async function check(name, fn) {
  try {
    await fn();
    console.log(`PASS ${name}`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}: ${e.stack || e}`);
  }
}
function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}
async function api(pathname) {
  const r = await fetch(BASE + pathname, { headers: { Authorization: `Bearer ${API_KEY}` } });
  return { status: r.status, body: await r.json() };
}

// Anything the mail tries to load from outside lands here: there must be nothing.
const spyHits = [];
const spy = http.createServer((req, res) => {
  spyHits.push(req.url);
  res.writeHead(200, { 'Content-Type': 'image/png' });
  res.end();
});
await new Promise((resolve, reject) => {
  spy.once('error', reject);
  spy.listen(SPY_PORT, '127.0.0.1', resolve);
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push(String(e)));
const shot = async (name, p = page) =>
  p.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
const today = new Date().toISOString().slice(0, 10);
const tomorrow = new Date(Date.now() + 86400000).toISOString().slice(0, 10);

try {
  await check('unauthenticated /ui redirects to the login', async () => {
    const r = await page.goto(`${BASE}/ui/sms`);
    assert(new URL(page.url()).pathname === '/ui/login', `landed on ${page.url()}`);
    assert(r.status() === 200, `login page status ${r.status()}`);
    await shot('login');
  });

  await check('a wrong password is refused with a clear message', async () => {
    await page.fill('input[name=email]', USER);
    await page.fill('input[name=password]', 'wrong password');
    const [r] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    assert(r.status() === 401, `status ${r.status()}`);
    const text = await page.textContent('.error');
    assert(/wrong email or password/i.test(text), `message: ${text}`);
    assert(new URL(page.url()).pathname === '/ui/login', `url ${page.url()}`);
    const cookies = await context.cookies();
    assert(!cookies.some((c) => c.name === 'herald_session'), 'a session cookie was set');
    // An unknown user gets the very same answer (no user enumeration).
    await page.fill('input[name=email]', 'nobody@example.com');
    await page.fill('input[name=password]', 'wrong password');
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    assert((await page.textContent('.error')) === text, 'unknown user answered differently');
    await shot('login-refused');
  });

  await check('login with the right password', async () => {
    await page.fill('input[name=email]', USER);
    await page.fill('input[name=password]', PASSWORD);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    assert(new URL(page.url()).pathname === '/ui/sms', `landed on ${page.url()}`);
    const cookie = (await context.cookies()).find((c) => c.name === 'herald_session');
    assert(cookie && cookie.httpOnly && cookie.sameSite === 'Strict', `cookie ${JSON.stringify(cookie)}`);
  });

  await check('dashboard shows the SVG charts', async () => {
    await page.goto(`${BASE}/ui`);
    assert((await page.locator('#chart-daily svg rect.bar').count()) > 0, 'no bars in daily chart');
    assert((await page.locator('#chart-funnel svg').count()) === 1, 'no funnel');
    await shot('dashboard');
  });

  await check('SMS log: a number written differently finds the stored SMS', async () => {
    await page.goto(`${BASE}/ui/sms`);
    await page.fill('input[name=number]', '0047 900 00 000');
    await Promise.all([page.waitForNavigation(), page.click('form.filters button[type=submit]')]);
    const url = new URL(page.url());
    assert(url.searchParams.get('number') === '0047 900 00 000', `filter not in URL: ${page.url()}`);
    const ids = await page.locator('#log tbody tr[data-id]').evaluateAll((rows) => rows.map((r) => r.dataset.id));
    assert(ids.length === SMS_IDS.length, `want ${SMS_IDS.length} rows, got ${ids.length}`);
    assert(SMS_IDS.every((id) => ids.includes(id)), `rows ${ids} vs ${SMS_IDS}`);
    const numbers = await page.locator('#log tbody td.nowrap').allTextContents();
    assert(numbers.every((n) => n.trim() === '+4790000000'), `numbers ${numbers}`);
    await page.goto(`${BASE}/ui/sms?number=90000000`);
    assert((await page.locator('#log tbody tr[data-id]').count()) === SMS_IDS.length, '90000000 did not match');
    await shot('sms-log');
  });

  await check('SMS log pages through results (keyset Next / Newer)', async () => {
    await page.goto(`${BASE}/ui/sms?number=%2B47+900+00+000&limit=3`);
    const rows = () => page.locator('#log tbody tr[data-id]').evaluateAll((r) => r.map((x) => x.dataset.id));
    const first = await rows();
    assert(first.length === 3, `first page ${first.length} rows`);
    await Promise.all([page.waitForNavigation(), page.click('a[rel=next]')]);
    const second = await rows();
    assert(second.length === 3 && second.every((id) => !first.includes(id)), `second ${second}`);
    await Promise.all([page.waitForNavigation(), page.click('a[rel=next]')]);
    const third = await rows();
    assert(third.length === 1, `third page ${third.length} rows`);
    assert(new Set([...first, ...second, ...third]).size === 7, 'pages overlap or miss rows');
    await Promise.all([page.waitForNavigation(), page.click('a[rel=prev]')]);
    assert(JSON.stringify(await rows()) === JSON.stringify(second), 'Newer did not go back');
  });

  await check('email log: filter by subject words and date; <script> subject is escaped', async () => {
    await page.goto(`${BASE}/ui/email`);
    await page.fill('input[name=subject]', 'på vei');
    await page.fill('input[name=since]', today);
    await page.fill('input[name=until]', today);
    await Promise.all([page.waitForNavigation(), page.click('form.filters button[type=submit]')]);
    const subjects = await page.locator('#log tbody td.subject').allTextContents();
    assert(subjects.length === 10, `want 10 rows, got ${subjects.length}: ${subjects}`);
    assert(subjects.every((s) => /på vei/.test(s)), `subjects ${subjects}`);
    await page.goto(`${BASE}/ui/email?subject=p%C3%A5+vei&since=${tomorrow}`);
    assert((await page.locator('#log tbody tr[data-id]').count()) === 0, 'since tomorrow still finds rows');
    await page.goto(`${BASE}/ui/email?subject=Vinterkampanje`);
    const cell = page.locator(`#log tr[data-id="${XSS_ID}"] td.subject`);
    assert((await cell.textContent()).includes('<script>alert(1)</script>'), 'subject not shown literally');
    assert((await page.locator('#log script').count()) === 0, 'a <script> element made it into the page');
    await shot('email-log');
  });

  await check('message view: script in the mail does not run, remote image not loaded', async () => {
    const bodyResponse = page.waitForResponse((r) => r.url().endsWith(`/ui/messages/${XSS_ID}/body`));
    await page.goto(`${BASE}/ui/messages/${XSS_ID}`);
    const resp = await bodyResponse;
    const csp = resp.headers()['content-security-policy'] || '';
    assert(csp.includes("default-src 'none'") && csp.includes('sandbox'), `CSP ${csp}`);
    const sandbox = await page.getAttribute('iframe.mail', 'sandbox');
    assert(sandbox === '', `iframe sandbox="${sandbox}"`);
    await page.waitForTimeout(1500);
    const frame = page.frames().find((f) => f.url().endsWith(`/ui/messages/${XSS_ID}/body`));
    assert(frame, 'the mail frame is missing');
    // The frame's DOM, read from outside through the DevTools protocol: unchanged by the script.
    const greeting = await frame.locator('#greeting').textContent({ timeout: 3000 });
    assert(greeting === 'Hello', `greeting became ${greeting}`);
    assert((await page.title()) !== 'PWNED', 'page title changed');
    assert(spyHits.length === 0, `remote requests reached the spy: ${spyHits}`);
    const { body } = await api(`/v1/messages/${XSS_ID}`);
    assert(body.status !== 'opened' && !body.events.some((e) => e.type === 'opened'),
      `viewing counted as an open: ${body.status}`);
    await shot('message-html');
    await page.goto(`${BASE}/ui/messages/${XSS_ID}?tab=headers`);
    assert((await page.textContent('#tab-headers pre')).includes('Subject:'), 'no headers');
    await page.goto(`${BASE}/ui/messages/${XSS_ID}?tab=timeline`);
    assert((await page.textContent('#tab-timeline')).includes('sent'), 'no sent step');
    await shot('message-timeline');
  });

  await check('control: the same mail outside the sandbox does run its script', async () => {
    const bare = await context.newPage();
    await bare.route('http://127.0.0.1:*/**', (route) => route.abort());  // keep the spy clean
    await bare.setContent(XSS_HTML);
    await bare.waitForTimeout(300);
    assert((await bare.textContent('#greeting')) === 'PWNED', 'the test script is not effective');
    await bare.close();
  });

  await check('API view is sandboxed too', async () => {
    const r = await fetch(`${BASE}/v1/messages/${XSS_ID}/view`, { headers: { Authorization: `Bearer ${API_KEY}` } });
    assert(r.status === 200, `status ${r.status}`);
    const csp = r.headers.get('content-security-policy') || '';
    assert(csp.includes('sandbox') && csp.includes("default-src 'none'"), `CSP ${csp}`);
  });

  await check('resend from the message view', async () => {
    await page.goto(`${BASE}/ui/messages/${XSS_ID}`);
    await Promise.all([page.waitForNavigation(), page.click('#resend')]);
    const newId = new URL(page.url()).pathname.split('/').pop();
    assert(newId !== XSS_ID, 'still on the first message');
    assert((await page.textContent('.notice')).includes('Sent again'), 'no notice');
    const { body } = await api(`/v1/messages/${newId}`);
    assert(body.resent_from === XSS_ID, `resent_from ${body.resent_from}`);
  });

  await check('order page lists messages with status and an (i) timeline', async () => {
    await page.goto(`${BASE}/ui/orders/ORD-1`);
    const rows = page.locator('#messages tbody tr[data-id]');
    assert((await rows.count()) === 2, `want 2 messages, got ${await rows.count()}`);
    assert((await page.locator('#status-history').count()) === 1, 'no status history section');
    const details = page.locator('#messages details.timeline').first();
    assert(!(await details.locator('ol').isVisible()), 'timeline open before the click');
    await details.locator('summary').click();
    const text = await details.locator('ol').textContent();
    assert(await details.locator('ol').isVisible(), 'timeline did not open');
    assert(/queued/.test(text) && /sent/.test(text), `timeline: ${text}`);
    await shot('order');
  });

  await check('orders list pages through orders and finds one by id or number', async () => {
    await page.goto(`${BASE}/ui/orders?limit=4`);
    const ids = async () =>
      page.locator('#orders tbody tr[data-id]').evaluateAll((rows) => rows.map((r) => r.dataset.id));
    const first = await ids();
    assert(first.length === 4, `first page: ${first}`);
    assert(first[0] === 'ORD-9', `newest first: ${first}`);
    await Promise.all([page.waitForNavigation(), page.click('a[rel=next]')]);
    const second = await ids();
    assert(second.length === 4 && !second.some((id) => first.includes(id)), `second: ${second}`);
    await Promise.all([page.waitForNavigation(), page.click('a[rel=prev]')]);
    assert(JSON.stringify(await ids()) === JSON.stringify(first), `back to newer: ${await ids()}`);
    await page.fill('input[name=q]', 'KRT-1004');
    await Promise.all([page.waitForNavigation(), page.click('form[role=search] button')]);
    assert(JSON.stringify(await ids()) === '["ORD-4"]', `by number: ${await ids()}`);
    await shot('orders');
    await page.fill('input[name=q]', ' ORD-7 ');
    await Promise.all([page.waitForNavigation(), page.click('form[role=search] button')]);
    assert(JSON.stringify(await ids()) === '["ORD-7"]', `by id: ${await ids()}`);
    await page.fill('input[name=q]', 'KRT-99999');
    await Promise.all([page.waitForNavigation(), page.click('form[role=search] button')]);
    assert((await ids()).length === 0, 'an unknown number found something');
    assert((await page.textContent('#orders .empty')).includes('KRT-99999'), 'no empty note');
    await page.goto(`${BASE}/ui/orders?q=KRT-1007`);
    await Promise.all([page.waitForNavigation(), page.click('#orders a[href="/ui/orders/ORD-7"]')]);
    assert(new URL(page.url()).pathname === '/ui/orders/ORD-7', `landed on ${page.url()}`);
    const active = await page.textContent('nav a.active');
    assert(active === 'Orders', `active navigation: ${active}`);
  });

  await check('failure log shows the reason in plain words and filters', async () => {
    await page.goto(`${BASE}/ui/failures`);
    const row = page.locator(`#failures tr[data-id="${BOUNCED_ID}"]`);
    assert((await row.count()) === 1, 'bounced message not listed');
    const text = await row.textContent();
    assert(text.includes('unknown-anna@test.no') && text.includes('userunknown'), `row: ${text}`);
    await page.goto(`${BASE}/ui/failures?domain=example.org`);
    assert((await page.locator('#failures tr[data-id]').count()) === 0, 'domain filter ignored');
    await page.goto(`${BASE}/ui/failures?domain=test.no&reason=userunknown`);
    assert((await page.locator('#failures tr[data-id]').count()) === 1, 'filters lost the row');
    await shot('failures');
  });

  await check('a POST without the CSRF token is refused', async () => {
    const r = await page.request.post(`${BASE}/ui/suppressions`, {
      form: { address: 'csrf-victim@test.no' }, maxRedirects: 0,
    });
    assert(r.status() === 401, `status ${r.status()}`);
    const { body } = await api('/v1/suppressions?address=csrf-victim@test.no');
    const items = body.items || body.suppressions || [];
    assert(items.length === 0, `suppression was added: ${JSON.stringify(body)}`);
  });

  await check('suppression list: add and remove with the form', async () => {
    await page.goto(`${BASE}/ui/suppressions`);
    await page.fill('form.filters input[name=address]', 'Blocked.Person@Test.no');
    await Promise.all([page.waitForNavigation(), page.click('text=Add to the list')]);
    assert((await page.textContent('#suppressions')).includes('blocked.person@test.no'), 'not added');
    await shot('suppressions');
    await Promise.all([page.waitForNavigation(),
      page.locator('#suppressions tr', { hasText: 'blocked.person@test.no' }).locator('button').click()]);
    assert(!(await page.textContent('#suppressions')).includes('blocked.person@test.no'), 'not removed');
  });

  await check('templates list, edit and preview', async () => {
    await page.goto(`${BASE}/ui/templates`);
    assert((await page.locator('#templates tbody tr').count()) >= 2, 'templates missing');
    await shot('templates');
    await page.locator('#templates a', { hasText: 'Edit' }).first().click();
    await Promise.all([page.waitForNavigation(), page.click('button[value=preview]')]);
    assert((await page.textContent('#preview')).includes('KRT-1001'), 'preview not rendered');
    await page.locator('iframe.mail').scrollIntoViewIfNeeded();
    const html = await page.frameLocator('iframe.mail').locator('p').textContent({ timeout: 3000 });
    assert(html.includes('KRT-1001'), `HTML preview: ${html}`);
    await shot('template-edit');
  });

  await check('store settings and the store selector', async () => {
    await page.goto(`${BASE}/ui/settings`);
    await page.fill('input[name=content_days]', '90');
    await Promise.all([page.waitForNavigation(), page.click('text=Save settings')]);
    assert((await page.textContent('.notice')).includes('saved'), 'not saved');
    assert((await page.inputValue('input[name=content_days]')) === '90', 'value not kept');
    await shot('settings');
    await page.goto(`${BASE}/ui/sms`);
    await Promise.all([page.waitForNavigation(), page.selectOption('select[name=store]', { label: 'Syd Shop' })]);
    assert((await page.locator('#log tbody tr[data-id]').count()) === 0, 'other store shows nordshop SMS');
    await page.goto(`${BASE}/ui/email`);
    assert((await page.locator('select[name=store] option[selected]').textContent()) === 'Syd Shop', 'choice not kept');
    await Promise.all([page.waitForNavigation(), page.selectOption('select[name=store]', { label: 'Nord Shop' })]);
  });

  await check('the OMS connector in the settings: a bad value is named, the token masked', async () => {
    await page.goto(`${BASE}/ui/settings`);
    await Promise.all([page.waitForNavigation(), page.click('text=OMS connector settings')]);
    assert(new URL(page.url()).pathname === '/ui/settings/oms', `went to ${page.url()}`);
    const fill = async (minutes) => {
      await page.fill('input[name=api_url]', 'http://127.0.0.1:9/oms');
      await page.fill('input[name=affiliate_id]', 'AFF-1');
      await page.fill('input[name=affiliate_token]', 'tok-browser-abcd1234');
      await page.fill('input[name=secret]', 'sec-browser-wxyz5678');
      await page.fill('input[name=inventory_sync_minutes]', minutes);
      return Promise.all([page.waitForNavigation(), page.click('text=Save connector')]);
    };
    const [bad] = await fill('90');
    assert(bad.status() === 400, `a bad value answered ${bad.status()}`);
    assert(/inventory_sync_minutes/.test(await page.textContent('.error')), 'the error does not name the field');
    assert((await page.getAttribute('input[name=inventory_sync_minutes]', 'aria-invalid')) === 'true', 'field not marked');
    assert((await page.inputValue('input[name=api_url]')) === 'http://127.0.0.1:9/oms', 'the URL was not kept');
    await fill('30');
    assert((await page.textContent('.notice')).includes('saved'), 'not saved');
    assert((await page.getAttribute('input[name=affiliate_token]', 'placeholder')) === '\u2022\u2022\u2022\u20221234', 'token not masked');
    assert(!(await page.content()).includes('tok-browser-abcd1234'), 'the token is on the page');
    const r = await api('/v1/oms');
    assert(r.status === 200 && r.body.inventory_sync_minutes === 30 && r.body.secret === '\u2022\u2022\u2022\u20225678', `API: ${JSON.stringify(r.body)}`);
    await shot('oms-settings');
    const [down] = await Promise.all([page.waitForNavigation(), page.click('#check')]);
    assert(down.status() === 503, `a check against nothing answered ${down.status()}`);
    assert((await page.textContent('.error')).includes('the OMS did not answer'), 'the check does not say why');
  });

  await check('order statuses: create, a bad code is named, edit, delete', async () => {
    await page.goto(`${BASE}/ui`);
    await Promise.all([page.waitForNavigation(), page.click('header.top nav a:has-text("Order statuses")')]);
    assert(new URL(page.url()).pathname === '/ui/order-statuses', `nav went to ${page.url()}`);
    await Promise.all([page.waitForNavigation(), page.click('text=+ New order status')]);
    await page.fill('input[name=name]', 'Parcel lost');
    await page.selectOption('select[name=type]', 'delivery');
    await page.fill('input[name=code]', 'NOT A CODE');
    const [bad] = await Promise.all([page.waitForNavigation(), page.click('text=Save order status')]);
    assert(bad.status() === 400, `bad code answered ${bad.status()}`);
    assert(/code must be/.test(await page.textContent('.error')), 'the error does not name the code');
    assert((await page.getAttribute('input[name=code]', 'aria-invalid')) === 'true', 'code not marked');
    assert((await page.inputValue('input[name=name]')) === 'Parcel lost', 'the name was not kept');
    await page.fill('input[name=code]', 'LOST');
    await Promise.all([page.waitForNavigation(), page.click('text=Save order status')]);
    assert((await page.textContent('.notice')).includes('created'), 'no created notice');
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    await page.fill('input[name=name]', 'Lost in transit');
    await Promise.all([page.waitForNavigation(), page.click('text=Save order status')]);
    assert((await page.textContent('.notice')).includes('saved'), 'no saved notice');
    const { body } = await api(`/v1/order-statuses/${id}`);
    assert(body.name === 'Lost in transit' && body.code === 'LOST', `stored: ${JSON.stringify(body)}`);
    await page.goto(`${BASE}/ui/order-statuses?type=delivery`);
    const row = await page.locator(`#order-statuses tr[data-id="${id}"]`).textContent();
    assert(row.includes('Lost in transit') && row.includes('LOST'), `row: ${row}`);
    await shot('order-statuses');
    await page.goto(`${BASE}/ui/order-statuses/${id}`);
    await Promise.all([page.waitForNavigation(), page.click('#delete')]);
    assert((await page.textContent('.notice')).includes('deleted'), 'no deleted notice');
    assert((await api(`/v1/order-statuses/${id}`)).status === 404, 'still stored after Delete');
  });

  await check('campaigns: create (a bad delay is named), dry run, activate', async () => {
    const before = (await api('/v1/messages?channel=sms&limit=500')).body.items.length;
    await page.goto(`${BASE}/ui`);
    await Promise.all([page.waitForNavigation(), page.click('header.top nav a:has-text("Campaigns")')]);
    await Promise.all([page.waitForNavigation(), page.click('text=+ New campaign')]);
    await page.fill('input[name=name]', 'Delivered: thank you');
    await page.selectOption('select[name=status_type]', 'delivery');
    await page.fill('input[name=to]', 'DELIVERY_DONE');
    await page.fill('textarea[name=filter]', '{"field":"customer.phone","op":"exists"}');
    await page.selectOption('select[name=action_type_0]', 'send_sms');
    await page.fill('input[name=action_template_0]', 'OUT_FOR_DELIVERY');
    await page.fill('input[name=action_delay_0]', 'soon');
    await page.uncheck('input[name=active]');
    const [bad] = await Promise.all([page.waitForNavigation(), page.click('text=Save campaign')]);
    assert(bad.status() === 400, `bad delay answered ${bad.status()}`);
    assert((await page.textContent('.error')).includes('actions[0].delay_seconds'), 'error does not name the delay');
    assert((await page.getAttribute('input[name=action_delay_0]', 'aria-invalid')) === 'true', 'delay not marked');
    assert((await page.inputValue('input[name=to]')) === 'DELIVERY_DONE', 'the trigger was not kept');
    assert((await page.inputValue('textarea[name=filter]')).includes('customer.phone'), 'the filter was not kept');
    await shot('campaign-error');
    await page.fill('input[name=action_delay_0]', '0');
    await Promise.all([page.waitForNavigation(), page.click('text=Save campaign')]);
    assert((await page.textContent('.notice')).includes('created'), 'no created notice');
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    let stored = (await api(`/v1/campaigns/${id}`)).body;
    assert(stored.active === false && stored.trigger.to === 'DELIVERY_DONE' &&
      stored.filter.op === 'exists' && stored.actions.length === 1, `stored: ${JSON.stringify(stored)}`);
    await Promise.all([page.waitForNavigation(), page.click('#campaign-form a:has-text("Dry run")')]);
    const summary = await page.textContent('#dry-run-summary');
    assert(/10 order\(s\) evaluated: 10 message\(s\) would be sent, 0 skipped/.test(summary), `summary: ${summary}`);
    const to = await page.locator('#dry-run-recipients tbody td:nth-child(4)').allTextContents();
    assert(to.filter((t) => t === '+4790000000').length === 7, `recipients: ${to}`);
    await shot('campaign-dry-run');
    await page.goto(`${BASE}/ui/campaigns/${id}/dry-run?order=ORD-8`);
    assert((await page.textContent('#dry-run-summary')).startsWith('1 order(s) evaluated: 1 message'), 'one order');
    await page.goto(`${BASE}/ui/campaigns`);
    await Promise.all([page.waitForNavigation(),
      page.locator(`#campaigns tr[data-id="${id}"] button`, { hasText: 'Activate' }).click()]);
    assert((await page.textContent('.notice')).includes('activated'), 'no activated notice');
    stored = (await api(`/v1/campaigns/${id}`)).body;
    assert(stored.active === true, 'not active after Activate');
    await shot('campaigns');
    const after = (await api('/v1/messages?channel=sms&limit=500')).body.items.length;
    assert(after === before, `the dry run or the form sent SMS: ${before} -> ${after}`);
  });

  await check('phone width (390px) screenshots', async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    for (const [name, url] of [['sms-log-phone', '/ui/sms'], ['email-log-phone', '/ui/email'],
      ['failures-phone', '/ui/failures'], ['message-phone', `/ui/messages/${XSS_ID}`],
      ['dashboard-phone', '/ui'], ['order-phone', '/ui/orders/ORD-1'], ['orders-phone', '/ui/orders'],
      ['order-statuses-phone', '/ui/order-statuses'], ['campaigns-phone', '/ui/campaigns'],
      ['campaign-new-phone', '/ui/campaigns/new']]) {
      await phone.goto(BASE + url, { waitUntil: 'networkidle' });
      // Chromium does not paint an off-screen sandboxed frame until it is scrolled to.
      if (await phone.locator('iframe.mail').count()) {
        await phone.locator('iframe.mail').scrollIntoViewIfNeeded();
        await phone.waitForTimeout(300);
      }
      await shot(name, phone);
      const width = await phone.evaluate(() => document.documentElement.scrollWidth);
      assert(width <= 390, `${url} is ${width}px wide at phone width`);
    }
  });

  await check('logout ends the session', async () => {
    await Promise.all([page.waitForNavigation(), page.click('text=Log out')]);
    await page.goto(`${BASE}/ui/email`);
    assert(new URL(page.url()).pathname === '/ui/login', `after logout: ${page.url()}`);
  });

  await check('no script errors on the pages', async () => {
    assert(pageErrors.length === 0, pageErrors.join('\n'));
  });
  await check('nothing reached the spy server', async () => {
    assert(spyHits.length === 0, `requests: ${spyHits}`);
  });
} finally {
  await browser.close();
  spy.close();
}
console.log(failures ? `${failures} check(s) failed` : 'all checks passed');
process.exit(failures ? 1 : 0);
