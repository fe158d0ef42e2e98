// DEAD outbox rows: the messages the relay gave up on, requeued or skipped one, by selection or by filter.
import { get, post } from './api.js';
import { count, fill, h, time, clip } from './dom.js';
import { headersTable, payloadView } from './message.js';
import { outboxNav } from './outbox.js';
import { act, facts, failed, filterForm, navigate, notice, Pager, table } from './ui.js';

const FILTER = [
  { name: 'topic', label: 'Topic' },
  { name: 'key', label: 'Key' },
  { name: 'text', label: 'Error contains', maxlength: 200 },
  { name: 'deadFrom', label: 'Died from', type: 'datetime' },
  { name: 'deadTo', label: 'Died before', type: 'datetime' },
];
const pager = new Pager();
let lastFilter = '';

export function outboxDead(main, params, me) {
  const filter = Object.fromEntries(FILTER.map((f) => [f.name, params.get(f.name)]).filter(([, v]) => v));
  if (JSON.stringify(filter) !== lastFilter) pager.reset();
  lastFilter = JSON.stringify(filter);
  const rows = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  fill(main, h('h1', { tabindex: -1 }, 'Outbox'), outboxNav('outbox/dead'),
    h('details', { class: 'filter-box', open: Object.keys(filter).length > 0 },
      h('summary', {}, 'Filter', Object.keys(filter).length ? ` (${Object.keys(filter).length} set)` : ''),
      filterForm(FILTER, filter, (values) => navigate('outbox/dead', values), 'od')),
    h('p', { class: 'hint' }, 'Messages the relay gave up on. Requeue sends one again (attempts reset, in its key\'s order); skip gives up on it for good and lets its key\'s later messages go.'),
    rows);
  load(rows, filter, me);
}

async function load(el, filter, me) {
  let page;
  try {
    page = await get('outbox/dead', { ...filter, limit: pager.limit, cursor: pager.cursor });
  } catch (error) {
    fill(el, failed(error));
    return;
  }
  const reload = () => load(el, filter, me);
  const list = table([
    { label: 'Id', cell: (r) => h('a', { href: `#/outbox/dead/${r.id}` }, r.id), cls: 'num' },
    { label: 'Died', cell: (r) => time(r.deadAt), cls: 'nowrap' },
    { label: 'Topic', cell: (r) => r.topic },
    { label: 'Key', cell: (r) => clip(r.key, 'clip narrow') },
    { label: 'Seq', cell: (r) => r.seq ?? '—', cls: 'num' },
    { label: 'Type', cell: (r) => clip(r.type, 'clip narrow') },
    { label: 'Attempts', cell: (r) => r.attempts, cls: 'num' },
    { label: 'Last error', cell: (r) => clip(r.lastError) },
    { label: 'Holds key', cell: (r) => r.holdsKey ? h('span', { class: 'badge dead', title: 'Later messages of this key wait for it' }, 'holds') : 'no' },
  ], page.items, { select: me.canOperate ? (r) => `Select outbox row ${r.id}` : null, empty: 'No DEAD outbox rows match.', caption: 'DEAD outbox rows' });
  const requeue = h('button', { type: 'button', class: 'primary', disabled: true }, 'Requeue selected');
  const skip = h('button', { type: 'button', class: 'danger', disabled: true }, 'Skip selected');
  list.onSelect((ids) => { requeue.disabled = skip.disabled = ids.length === 0; });
  const selected = () => ({ selection: { ids: list.selected() }, expected: list.selected().length, what: `The ${list.selected().length} selected rows.` });
  const matching = async () => {
    const total = (await get('outbox/dead', { ...filter, limit: 1, count: true })).total;
    return { selection: { filter }, expected: total, what: `Every DEAD row the filter matches: ${count(total)} now.` };
  };
  fill(el,
    me.canOperate ? h('div', { class: 'toolbar' }, requeue, skip, h('span', { class: 'spacer' }),
      h('button', { type: 'button', onclick: async () => rowAction('requeue', await matching(), reload) }, 'Requeue all matching…'),
      h('button', { type: 'button', onclick: async () => rowAction('skip', await matching(), reload) }, 'Skip all matching…')) : null,
    list.el, pager.controls(page, reload, 'DEAD rows'));
  requeue.addEventListener('click', () => rowAction('requeue', selected(), reload));
  skip.addEventListener('click', () => rowAction('skip', selected(), reload));
}

async function rowAction(kind, { selection, expected, what }, refresh) {
  const requeue = kind === 'requeue';
  const result = await act({
    title: requeue ? 'Requeue DEAD outbox rows' : 'Skip DEAD outbox rows',
    body: [h('p', {}, what), h('p', { class: 'hint' }, requeue
      ? 'Each goes back to PENDING with its attempts reset and is sent first among its key\'s messages.'
      : 'Skipped rows stay in the table and are never sent; their keys\' later messages go on.')],
    label: `${requeue ? 'Requeue' : 'Skip'} ${count(expected)}`,
    danger: !requeue,
    run: (reason) => post(`outbox/dead/${kind}`, { ...selection, reason }),
  });
  if (!result) return;
  notice('ok', `${requeue ? 'Requeued' : 'Skipped'} ${count(result.changed)} row${result.changed === 1 ? '' : 's'}`,
    result.changed < expected ? ` (${count(expected - result.changed)} were no longer DEAD)` : '', '. ',
    h('a', { href: `#/audit?highlight=${result.auditId}` }, `Audit entry #${result.auditId}`), '.');
  refresh();
}

export async function outboxDeadRow(main, id, me) {
  const back = h('p', {}, h('a', { href: '#/outbox/dead' }, '‹ DEAD rows'));
  let row;
  try {
    row = await get(`outbox/dead/${encodeURIComponent(id)}`);
  } catch (error) {
    fill(main, back, h('h1', { tabindex: -1 }, `Outbox row ${id}`), failed(error));
    return;
  }
  // Once requeued or skipped the row is no longer DEAD, so the list is where to go on.
  const refresh = () => navigate('outbox/dead');
  const one = { selection: { ids: [row.id] }, expected: 1, what: `Row ${row.id} of topic ${row.topic}, key ${row.key ?? 'none'}.` };
  fill(main, back, h('h1', { tabindex: -1 }, `Outbox row ${row.id} `, h('span', { class: 'badge dead' }, 'DEAD')),
    me.canOperate ? h('div', { class: 'toolbar' },
      h('button', { type: 'button', class: 'primary', onclick: () => rowAction('requeue', one, refresh) }, 'Requeue'),
      h('button', { type: 'button', class: 'danger', onclick: () => rowAction('skip', one, refresh) }, 'Skip')) : null,
    facts([['Topic', row.topic], ['Key', row.key ?? '—'], ['Sequence', row.seq ?? '—'], ['Message id', h('code', {}, row.messageId)],
      ['Type', row.type ?? '—'], ['Attempts', row.attempts], ['Created', time(row.createdAt)], ['Died', time(row.deadAt)],
      ['Holds its key', row.holdsKey ? 'yes: later messages of the key wait for it' : 'no']]),
    h('h2', {}, 'Last error'), h('pre', { class: 'message', tabindex: 0, 'aria-label': 'Last error' }, row.lastError ?? ''),
    h('h2', {}, 'Payload'), payloadView(row.payload),
    h('h2', {}, 'Headers'), headersTable(row.headers));
}
