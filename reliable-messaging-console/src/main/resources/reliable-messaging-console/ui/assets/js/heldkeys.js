// Keys held back by listeners retrying a failing message, per consumer group, across every instance.
import { get, post } from './api.js';
import { clip, fill, h, time } from './dom.js';
import { act, failed, filterForm, navigate, notice, Pager } from './ui.js';

const FILTER = [{ name: 'group', label: 'Consumer group' }, { name: 'topic', label: 'Topic' }];
const pager = new Pager();
let lastFilter = '';

export function heldKeys(main, params, me) {
  const filter = Object.fromEntries(FILTER.map((f) => [f.name, params.get(f.name)]).filter(([, v]) => v));
  if (JSON.stringify(filter) !== lastFilter) pager.reset();
  lastFilter = JSON.stringify(filter);
  const list = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  fill(main, h('h1', { tabindex: -1 }, 'Held keys'),
    h('p', { class: 'hint' }, 'While a listener retries a failing message, the rest of that key waits (other keys go on). Dead-letter the message now to let the key move on.'),
    filterForm(FILTER, filter, (values) => navigate('held-keys', values), 'hk'), list);
  load(list, filter, me);
}

async function load(el, filter, me) {
  let page;
  try {
    page = await get('listeners/held-keys', { ...filter, limit: pager.limit, cursor: pager.cursor });
  } catch (error) {
    fill(el, failed(error));
    return;
  }
  const reload = () => load(el, filter, me);
  const columns = ['Topic', 'Key', 'Instance', 'Attempts', 'Held since', 'Next attempt', 'Last error', me.canOperate ? 'Action' : null].filter(Boolean);
  // One table body per consumer group, so a group's keys read together.
  const groups = Map.groupBy(page.items, (k) => k.group);
  const bodies = [...groups].map(([group, keys]) => h('tbody', {},
    h('tr', { class: 'group-row' }, h('th', { scope: 'colgroup', colspan: columns.length }, `Group ${group}: ${keys.length} key${keys.length === 1 ? '' : 's'} on this page`)),
    keys.map((k) => h('tr', {},
      h('td', {}, k.topic), h('td', {}, h('code', {}, k.key ?? '(no key)')), h('td', {}, h('code', {}, k.instance)),
      h('td', { class: 'num' }, k.attempts), h('td', { class: 'nowrap' }, time(k.since)),
      h('td', { class: 'nowrap' }, k.deadLetterRequestedAt ? h('span', { class: 'warn' }, 'dead-letter requested ', time(k.deadLetterRequestedAt)) : time(k.nextAttemptAt)),
      h('td', {}, clip(k.lastError)),
      me.canOperate ? h('td', {}, h('button', { type: 'button', class: 'danger', disabled: !!k.deadLetterRequestedAt, onclick: () => deadLetterNow(k, reload) }, 'Dead-letter now')) : null))));
  fill(el, h('div', { class: 'table-wrap' }, h('table', {},
    h('caption', { class: 'visually-hidden' }, 'Held keys'),
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)))),
    bodies.length ? bodies : h('tbody', {}, h('tr', {}, h('td', { colspan: columns.length, class: 'empty' }, 'No key is held back.'))))),
  pager.controls(page, reload, 'Held keys'));
}

async function deadLetterNow(k, refresh) {
  const result = await act({
    title: 'Dead-letter now',
    body: [h('p', {}, `The failing message of key ${k.key ?? '(no key)'} (group ${k.group}, topic ${k.topic}), on ${k.instance}.`),
      h('p', { class: 'hint' }, 'The instance holding the key picks the request up within a few seconds, stores the message as a dead letter, and the key moves on.')],
    label: 'Dead-letter it', danger: true,
    run: (reason) => post('listeners/held-keys/dead-letter', { group: k.group, topic: k.topic, key: k.key, reason }),
  });
  if (!result) return;
  notice('ok', result.changed ? 'Requested: the message will be dead-lettered during its retry wait. ' : 'Nothing changed: the key is no longer held. ',
    h('a', { href: `#/audit?highlight=${result.auditId}` }, `Audit entry #${result.auditId}`), '.');
  refresh();
}
