// The dead letters screen: filters, failure groups with one-call actions, and the paged list with bulk actions.
import { get, post } from './api.js';
import { className, clip, count, fill, h, time } from './dom.js';
import { act, failed, filterForm, navigate, notice, Pager, table } from './ui.js';

export const FILTER = [
  { name: 'group', label: 'Consumer group' },
  { name: 'topic', label: 'Topic' },
  { name: 'type', label: 'Type' },
  { name: 'key', label: 'Key' },
  { name: 'errorClass', label: 'Error class', placeholder: 'fully qualified' },
  { name: 'failureGroup', label: 'Failure group', placeholder: '16 hex digits' },
  { name: 'text', label: 'Error message contains', maxlength: 200 },
  { name: 'status', label: 'Status', type: 'select',
    options: [['', 'Dead'], ['REPLAYED', 'Replayed'], ['SKIPPED', 'Skipped'], ['ANY', 'Any']] },
  { name: 'firstFailedFrom', label: 'First failed from', type: 'datetime' },
  { name: 'firstFailedTo', label: 'First failed before', type: 'datetime' },
  { name: 'lastFailedFrom', label: 'Last failed from', type: 'datetime' },
  { name: 'lastFailedTo', label: 'Last failed before', type: 'datetime' },
];

const pager = new Pager();
let lastFilter = '';

/** The list as last shown, with its filter, for the detail's way back. */
export let listHash = '#/dead-letters';

export function deadLetters(main, params, me) {
  listHash = location.hash;
  const filter = Object.fromEntries(FILTER.map((f) => [f.name, params.get(f.name)]).filter(([, v]) => v));
  if (JSON.stringify(filter) !== lastFilter) pager.reset();
  lastFilter = JSON.stringify(filter);
  // Only dead letters can be acted on; the actions' filter must not name another status.
  const writable = me.canOperate && (!filter.status || filter.status === 'DEAD');
  const { status, ...actionFilter } = filter;
  const groups = h('div', { 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading…'));
  const letters = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const refresh = () => { loadGroups(groups, filter, actionFilter, writable, refresh); loadLetters(letters, filter, actionFilter, writable, refresh); };
  fill(main,
    h('h1', { tabindex: -1 }, 'Dead letters'),
    h('details', { class: 'filter-box', open: Object.keys(filter).length > 0 },
      h('summary', {}, 'Filter', Object.keys(filter).length ? ` (${Object.keys(filter).length} set)` : ''),
      filterForm(FILTER, filter, (values) => navigate('dead-letters', values), 'dl')),
    h('section', { 'aria-labelledby': 'fg-title' }, h('h2', { id: 'fg-title' }, 'Failure groups'),
      h('p', { class: 'hint' }, 'Letters with the same cause: the error class and the first application frame of its stack, or its message with numbers and ids left out.'),
      groups),
    h('section', { 'aria-labelledby': 'dl-title' }, h('h2', { id: 'dl-title' }, 'Letters'), letters));
  refresh();
}

async function loadGroups(el, filter, actionFilter, writable, refresh) {
  const { failureGroup, ...groupFilter } = filter;
  let answer;
  try {
    answer = await get('dead-letters/failure-groups', groupFilter);
  } catch (error) {
    fill(el, failed(error));
    return;
  }
  const actions = (g) => {
    const scope = { ...actionFilter, failureGroup: g.failureGroup, group: g.group, topic: g.topic };
    const what = h('p', {}, `The ${count(g.count)} dead letter${g.count === 1 ? '' : 's'} of `,
      h('code', {}, g.errorClass), g.location ? ` at ${g.location}` : '', ` (group ${g.group}, topic ${g.topic}).`);
    const name = `failure group ${g.errorClass.slice(g.errorClass.lastIndexOf('.') + 1)} (${g.group}, ${g.topic})`;
    return [
      h('button', { type: 'button', 'aria-label': `Show the letters of ${name}`, onclick: () => navigate('dead-letters', { ...filter, ...scope }) }, 'Show'),
      writable ? h('button', { type: 'button', class: 'primary', 'aria-label': `Replay ${name}`, onclick: () => bulk('replay', { filter: scope }, what, g.count, refresh) }, 'Replay') : null,
      writable ? h('button', { type: 'button', class: 'danger', 'aria-label': `Skip ${name}`, onclick: () => bulk('skip', { filter: scope }, what, g.count, refresh) }, 'Skip') : null,
    ];
  };
  fill(el, table([
    { label: 'Cause', cell: (g) => h('div', { class: 'cause' }, className(g.errorClass),
      g.location ? h('code', { class: 'location', title: g.location }, ` at ${g.location}`) : null,
      h('div', {}, clip(g.message))) },
    { label: 'Group', cell: (g) => g.group },
    { label: 'Topic', cell: (g) => g.topic },
    { label: 'Letters', cell: (g) => count(g.count), cls: 'num' },
    { label: 'First seen', cell: (g) => time(g.firstSeen), cls: 'nowrap' },
    { label: 'Last seen', cell: (g) => time(g.lastSeen), cls: 'nowrap' },
    { label: writable ? 'Whole group' : '', cell: actions, cls: 'actions' },
  ], answer.items, { empty: 'No dead letters match.', caption: 'Failure groups' }).el,
  answer.truncated ? h('p', { class: 'hint' }, 'More failure groups than shown: narrow the filter to see the rest.') : null);
}

async function loadLetters(el, filter, actionFilter, writable, refresh) {
  let page;
  try {
    page = await get('dead-letters', { ...filter, limit: pager.limit, cursor: pager.cursor });
  } catch (error) {
    fill(el, failed(error));
    return;
  }
  const reload = () => loadLetters(el, filter, actionFilter, writable, refresh);
  const list = table([
    { label: 'Id', cell: (l) => h('a', { href: `#/dead-letters/${l.id}` }, l.id), cls: 'num' },
    { label: 'Last failed', cell: (l) => time(l.lastFailedAt), cls: 'nowrap' },
    { label: 'Group', cell: (l) => l.group },
    { label: 'Topic', cell: (l) => l.topic },
    { label: 'Key', cell: (l) => clip(l.key, 'clip narrow') },
    { label: 'Type', cell: (l) => clip(l.type, 'clip narrow') },
    { label: 'Error', cell: (l) => h('div', {}, className(l.errorClass), ' ', clip(l.errorMessage)) },
    { label: 'Attempts', cell: (l) => l.attempts, cls: 'num' },
    { label: 'Status', cell: (l) => [h('span', { class: `badge ${l.status.toLowerCase()}` }, l.status), l.edited ? h('span', { class: 'badge' }, 'edited') : null] },
  ], page.items, {
    select: writable ? (l) => `Select dead letter ${l.id}` : null,
    empty: 'No dead letters match.', caption: 'Dead letters',
  });
  const selectedText = h('span', { class: 'muted', 'aria-live': 'polite' }, '');
  const total = h('span', { class: 'muted' });
  const countButton = h('button', { type: 'button', class: 'link' }, 'Count all matching');
  countButton.addEventListener('click', async () => {
    fill(total, `${count((await get('dead-letters', { ...filter, limit: 1, count: true })).total)} matching`);
  });
  const replaySelected = h('button', { type: 'button', class: 'primary', disabled: true }, 'Replay selected');
  const skipSelected = h('button', { type: 'button', class: 'danger', disabled: true }, 'Skip selected');
  list.onSelect((ids) => {
    replaySelected.disabled = skipSelected.disabled = ids.length === 0;
    selectedText.textContent = ids.length ? `${ids.length} selected` : '';
  });
  const chosen = () => h('p', {}, `The ${list.selected().length} selected dead letters.`);
  replaySelected.addEventListener('click', () => bulk('replay', { ids: list.selected() }, chosen(), list.selected().length, refresh));
  skipSelected.addEventListener('click', () => bulk('skip', { ids: list.selected() }, chosen(), list.selected().length, refresh));
  const matching = async (kind) => {
    const total = (await get('dead-letters', { ...actionFilter, limit: 1, count: true })).total;
    bulk(kind, { filter: actionFilter }, h('p', {}, `Every dead letter the filter matches: ${count(total)} now.`), total, refresh);
  };
  fill(el,
    h('div', { class: 'toolbar' },
      writable ? [replaySelected, skipSelected, selectedText,
        h('span', { class: 'spacer' }),
        h('button', { type: 'button', onclick: () => matching('replay') }, 'Replay all matching…'),
        h('button', { type: 'button', onclick: () => matching('skip') }, 'Skip all matching…')] : h('span', { class: 'spacer' }),
      total, countButton),
    list.el, pager.controls(page, reload, 'Dead letters'));
}

/** Replays or skips a selection after asking for a reason; reports how many letters changed. */
export async function bulk(kind, selection, what, expected, refresh) {
  const replay = kind === 'replay';
  const result = await act({
    title: replay ? 'Replay dead letters' : 'Skip dead letters',
    body: [what, h('p', { class: 'hint' }, replay
      ? 'Each goes back to the consumer group that failed it, on <topic>.<group>.retry, through the outbox.'
      : 'Skipped letters are kept for the record and never delivered again.')],
    label: replay ? `Replay ${count(expected)}` : `Skip ${count(expected)}`,
    danger: !replay,
    run: (reason) => post(`dead-letters/${kind}`, { ...selection, reason }),
  });
  if (!result) return;
  notice('ok', `${replay ? 'Replayed' : 'Skipped'} ${count(result.changed)} dead letter${result.changed === 1 ? '' : 's'}`,
    result.changed < expected ? ` (${count(expected - result.changed)} were no longer dead)` : '',
    '. ', h('a', { href: `#/audit?highlight=${result.auditId}` }, `Audit entry #${result.auditId}`), '.');
  refresh();
}
