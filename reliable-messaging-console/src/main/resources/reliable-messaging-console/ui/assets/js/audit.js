// The audit: every action taken through the console or the API, newest first.
import { get } from './api.js';
import { count, fill, h, time } from './dom.js';
import { failed, filterForm, navigate, Pager, table } from './ui.js';

const ACTIONS = ['DEAD_LETTER_REPLAY', 'DEAD_LETTER_SKIP', 'DEAD_LETTER_EDIT_REPLAY', 'OUTBOX_REQUEUE',
  'OUTBOX_SKIP', 'OUTBOX_REPLAY_RANGE', 'HELD_KEY_DEAD_LETTER'];
const FILTER = [
  { name: 'actor', label: 'Who' },
  { name: 'action', label: 'Action', type: 'select', options: [['', 'Any'], ...ACTIONS.map((a) => [a, a])] },
  { name: 'from', label: 'From', type: 'datetime' },
  { name: 'to', label: 'Before', type: 'datetime' },
];
const pager = new Pager();
let lastFilter = '';

export function audit(main, params) {
  const filter = Object.fromEntries(FILTER.map((f) => [f.name, params.get(f.name)]).filter(([, v]) => v));
  if (JSON.stringify(filter) !== lastFilter) pager.reset();
  lastFilter = JSON.stringify(filter);
  const list = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  fill(main, h('h1', { tabindex: -1 }, 'Audit'),
    filterForm(FILTER, filter, (values) => navigate('audit', values), 'au'), list);
  load(list, filter, Number(params.get('highlight')));
}

async function load(el, filter, highlight) {
  let page;
  try {
    page = await get('audit', { ...filter, limit: pager.limit, cursor: pager.cursor });
  } catch (error) {
    fill(el, failed(error));
    return;
  }
  const json = (value) => value === null || value === undefined ? h('span', { class: 'muted' }, '—')
    : h('code', { class: 'wrap' }, describe(value));
  const list = table([
    { label: 'Id', cell: (e) => e.id, cls: 'num' },
    { label: 'When', cell: (e) => time(e.at), cls: 'nowrap' },
    { label: 'Who', cell: (e) => e.actor },
    { label: 'Action', cell: (e) => h('code', {}, e.action) },
    { label: 'Changed', cell: (e) => count(e.changed), cls: 'num' },
    { label: 'Reason', cell: (e) => e.reason ?? h('span', { class: 'muted' }, '—') },
    { label: 'Target', cell: (e) => json(e.target) },
    { label: 'Details', cell: (e) => e.details ? h('details', {}, h('summary', {}, 'Show'), json(e.details)) : json(null) },
  ], page.items, { empty: 'No action recorded.', caption: 'Audit entries' });
  list.el.querySelectorAll('tbody tr').forEach((row, i) => {
    if (page.items[i]?.id === highlight) row.classList.add('highlight');
  });
  fill(el, list.el, pager.controls(page, () => load(el, filter, highlight), 'Audit entries'));
}

/** A target or details object as readable pairs: {filter: {group: 'a'}} is "filter: group=a". */
function describe(value) {
  if (Array.isArray(value)) return value.map(describe).join(', ');
  if (value === null || typeof value !== 'object') return String(value);
  return Object.entries(value).map(([key, inner]) => (inner !== null && typeof inner === 'object' && !Array.isArray(inner)
    ? `${key}: ${Object.entries(inner).map(([k, v]) => `${k}=${typeof v === 'object' && v !== null ? JSON.stringify(v) : v}`).join(', ')}`
    : `${key}=${describe(inner)}`)).join('; ');
}
