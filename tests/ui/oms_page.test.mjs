// Browser test of the OMS page (run by tests/ui/run_oms_page_test.py, which starts Herald, the
// test OMS and pushes orders). Drives Debian's chromium with playwright-core; every check
// failing exits non-zero.
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
const OMS_CONTROL = env('OMS_CONTROL');
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
async function omsControl(pathname, body) {
  const r = await fetch(OMS_CONTROL + pathname, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  assert(r.ok, `test OMS control ${pathname}: ${r.status}`);
}

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
const submit = async (form) =>
  Promise.all([page.waitForNavigation(), page.click(`${form} button[type=submit]`)]);
const answer = async () => page.textContent('#oms-answer pre');

try {
  await check('login, then the OMS page from the navigation', async () => {
    await page.goto(`${BASE}/ui/login`);
    await page.fill('input[name=email]', USER);
    await page.fill('input[name=password]', PASSWORD);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    await Promise.all([page.waitForNavigation(), page.click('header.top nav a:has-text("OMS")')]);
    assert(new URL(page.url()).pathname === '/ui/oms', `went to ${page.url()}`);
    const active = await page.getAttribute('header.top nav a.active', 'href');
    assert(active === '/ui/oms', `active navigation entry: ${active}`);
  });

  await check('the connector, last sync, unmapped SKUs, missing and not-taken orders, recent calls', async () => {
    assert((await page.textContent('#oms-state')).trim() === 'on', 'connector not shown on');
    assert((await page.textContent('#oms-connector')).includes('Last OMS call'), 'no last call');
    assert((await page.textContent('#orders-missing')).includes('KRT-MISSING'), 'missing order not listed');
    assert(!(await page.textContent('#orders-missing')).includes('KRT-COD'), 'a placed order is listed as missing');
    const failed = await page.textContent('#orders-push-failed');
    assert(failed.includes('KRT-NOT-TAKEN') && failed.includes('did not answer'), `push failed: ${failed}`);
    const calls = await page.textContent('#oms-calls');
    assert(calls.includes('POST /orders') && calls.includes('503'), `calls: ${calls}`);
    assert(!(await page.content()).includes('tok-test-abcd1234'), 'the token is on the page');
    const sync = await page.textContent('#oms-sync');
    assert(sync.includes('Last stock sync') && sync.includes('1 unmapped'), `sync: ${sync}`);
    const unmapped = await page.textContent('#oms-unmapped');
    assert(unmapped.includes('TS-XL') && !unmapped.includes('TS-M'), `unmapped: ${unmapped}`);
    await shot('oms');
  });

  await check('stock status by hand shows the OMS answer', async () => {
    await page.fill('#call-stock input[name=skus]', 'TS-M, TS-NONE');
    await submit('#call-stock');
    const a = JSON.parse(await answer());
    assert(a.items.length === 1 && a.items[0].sku === 'TS-M' && a.items[0].quantity === 7, JSON.stringify(a));
  });

  await check('serviceability by hand shows why a pincode is not served', async () => {
    await page.fill('#call-serviceability input[name=pincode]', '99999');
    await page.fill('#call-serviceability input[name=items]', 'TS-M:1');
    await submit('#call-serviceability');
    const a = JSON.parse(await answer());
    assert(a.serviceable === false && a.message === 'We are not delivering to 99999', JSON.stringify(a));
  });

  await check('track order by hand shows returnable and cancellable per bag', async () => {
    await page.fill('#call-track input[name=order_id]', 'KRT-COD');
    await submit('#call-track');
    const a = JSON.parse(await answer());
    const bag = a.shipments[0].bags[0];
    assert('returnable' in bag && 'cancellable' in bag, JSON.stringify(a));
    await shot('oms-track');
  });

  await check('payment confirmation by hand places the missing order', async () => {
    await page.fill('#call-payment input[name=order_id]', 'KRT-MISSING');
    await page.fill('#call-payment input[name=gateway]', 'razorpay');
    await page.fill('#call-payment input[name=reference]', 'pay_ui_1');
    await submit('#call-payment');
    const a = JSON.parse(await answer());
    assert(a.state === 'placed', JSON.stringify(a));
    assert(!(await page.textContent('#orders-missing')).includes('KRT-MISSING'), 'still listed as missing');
    const r = await api('/v1/oms/orders/KRT-MISSING');
    assert(r.body.state === 'placed', `API: ${JSON.stringify(r.body)}`);
  });

  await check('an OMS fault answers 503, a refusal 400, an unknown order 404, each with the page', async () => {
    const calls = [
      ['#call-stock', async () => page.fill('#call-stock input[name=skus]', 'TS-M')],
      ['#call-serviceability', async () => {
        await page.fill('#call-serviceability input[name=pincode]', '560001');
        await page.fill('#call-serviceability input[name=items]', 'TS-M:1');
      }],
      ['#call-payment', async () => {
        await page.fill('#call-payment input[name=order_id]', 'KRT-PAY-FAULT');
        await page.fill('#call-payment input[name=gateway]', 'razorpay');
        await page.fill('#call-payment input[name=reference]', 'pay_ui_2');
      }],
      ['#call-track', async () => page.fill('#call-track input[name=order_id]', 'KRT-COD')],
    ];
    for (const [mode, status, want, said] of [
      ['status', 502, 503, 'the OMS did not answer'],
      ['status', 422, 400, 'the OMS refused the request (422)'],
    ]) {
      await omsControl('/fault', { mode, status });
      try {
        for (const [form, fill] of calls) {
          await fill();
          const [r] = await submit(form);
          const error = await page.textContent('#oms-error');
          assert(r.status() === want && error.includes(said), `${form} with the OMS answering ${status}: HTTP ${r.status()}, ${error}`);
          assert(await page.isVisible('#call-track'), `${form}: the page is not shown with the error`);
        }
      } finally {
        await omsControl('/fault', { mode: 'none' });
      }
    }
    await page.fill('#call-track input[name=order_id]', 'KRT-NOPE');
    const [nope] = await submit('#call-track');
    assert(nope.status() === 404, `unknown order: HTTP ${nope.status()}`);
    assert((await page.textContent('#oms-error')).includes('not found'), 'unknown order not said');
    await page.fill('#call-serviceability input[name=pincode]', '560001');
    await page.fill('#call-serviceability input[name=items]', 'TS-M:x');
    const [r] = await submit('#call-serviceability');
    assert(r.status() === 400 && (await page.textContent('#oms-error')).includes('items'), 'bad items not named');
  });

  await check('phone width (390px)', async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${BASE}/ui/oms`, { waitUntil: 'networkidle' });
    await shot('oms-phone', phone);
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert(width <= 390, `/ui/oms is ${width}px wide at phone width`);
  });

  await check('no script errors on the page', async () => {
    assert(pageErrors.length === 0, pageErrors.join('\n'));
  });
} finally {
  await browser.close();
}
console.log(failures ? `${failures} check(s) failed` : 'all checks passed');
process.exit(failures ? 1 : 0);
