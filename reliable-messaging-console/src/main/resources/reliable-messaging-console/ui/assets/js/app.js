// The console's entry: who the user is, the hash router, and the notice area for refused requests.
import { ApiError, whoami } from './api.js';
import { audit } from './audit.js';
import { deadLetter } from './deadletter.js';
import { deadLetters } from './deadletters.js';
import { fill, h } from './dom.js';
import { heldKeys } from './heldkeys.js';
import { outbox } from './outbox.js';
import { outboxDead, outboxDeadRow } from './outboxdead.js';
import { replay } from './replay.js';
import { clearNotice, failed, showProblem } from './ui.js';

const routes = [
  [/^dead-letters$/, (main, m, params, me) => deadLetters(main, params, me)],
  [/^dead-letters\/(\d+)$/, (main, m, params, me) => deadLetter(main, m[1], me)],
  [/^outbox$/, (main) => outbox(main)],
  [/^outbox\/dead$/, (main, m, params, me) => outboxDead(main, params, me)],
  [/^outbox\/dead\/(\d+)$/, (main, m, params, me) => outboxDeadRow(main, m[1], me)],
  [/^outbox\/replay$/, (main, m, params, me) => replay(main, params, me)],
  [/^held-keys$/, (main, m, params, me) => heldKeys(main, params, me)],
  [/^audit$/, (main, m, params) => audit(main, params)],
];

// Requests nobody handled (a refused write, a failed count) show their problem at the top.
window.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  showProblem(event.reason);
});

async function show(me) {
  const [path, query = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const main = document.getElementById('main');
  const route = routes.find(([pattern]) => pattern.test(path));
  if (!route) {
    location.replace('#/dead-letters');
    return;
  }
  for (const link of document.querySelectorAll('header nav a')) {
    const section = link.getAttribute('href').slice(2);
    if (path === section || path.startsWith(`${section}/`)) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  clearNotice();
  await route[1](main, path.match(route[0]), new URLSearchParams(query), me);
  document.title = `${main.querySelector('h1')?.textContent ?? 'Console'} · Reliable Messaging`;
}

async function start() {
  let me;
  try {
    me = await whoami();
  } catch (error) {
    fill(document.getElementById('main'), h('h1', {}, 'Reliable Messaging console'), failed(error),
      error instanceof ApiError && error.status === 401 ? h('p', {}, 'Sign in with a user that has the read or the operate role, then reload.') : null);
    return;
  }
  fill(document.getElementById('whoami'), h('span', { title: `security: ${me.security}` }, me.name),
    h('span', { class: `badge ${me.canOperate ? 'ok' : ''}` }, me.canOperate ? 'can operate' : 'read only'));
  document.body.classList.toggle('read-only', !me.canOperate);
  let first = true;
  const route = async () => {
    await show(me);
    // After the first screen, move focus to the new screen's heading so keyboard and screen-reader users land on it.
    if (!first) document.querySelector('#main h1')?.focus();
    first = false;
  };
  window.addEventListener('hashchange', route);
  route();
}

start();
