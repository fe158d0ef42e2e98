// The outbox overview: per topic backlog and DEAD rows, and the relays with their shards and leases.
import { get } from './api.js';
import { count, duration, fill, h, ranges, time } from './dom.js';
import { failed, table } from './ui.js';

/** The outbox screens' own navigation. */
export function outboxNav(current) {
  const link = (route, text) => h('a', { href: `#/${route}`, 'aria-current': route === current ? 'page' : null }, text);
  return h('nav', { class: 'subnav', 'aria-label': 'Outbox' },
    link('outbox', 'Backlog and relays'), link('outbox/dead', 'DEAD rows'), link('outbox/replay', 'Replay a time range'));
}

export function outbox(main) {
  const topics = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const relays = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const reload = h('button', { type: 'button' }, 'Refresh');
  fill(main, h('h1', { tabindex: -1 }, 'Outbox'), outboxNav('outbox'),
    h('div', { class: 'toolbar' }, reload),
    h('section', { 'aria-labelledby': 'topics-title' }, h('h2', { id: 'topics-title' }, 'Topics'), topics),
    h('section', { 'aria-labelledby': 'relays-title' }, h('h2', { id: 'relays-title' }, 'Relays'), relays));
  const load = () => { loadTopics(topics); loadRelays(relays); };
  reload.addEventListener('click', load);
  load();
}

async function loadTopics(el) {
  let answer;
  try {
    answer = await get('outbox/topics');
  } catch (error) {
    fill(el, failed(error));
    return;
  }
  fill(el, table([
    { label: 'Topic', cell: (t) => h('code', {}, t.topic) },
    { label: 'Pending', cell: (t) => count(t.pending), cls: 'num' },
    { label: 'Overdue for', cell: (t) => t.oldestPendingAgeSeconds > 0
      ? h('span', { class: t.oldestPendingAgeSeconds > 60 ? 'warn' : null }, duration(t.oldestPendingAgeSeconds))
      : h('span', { class: 'muted' }, 'nothing'), cls: 'num' },
    { label: 'Earliest due', cell: (t) => time(t.oldestDueSince), cls: 'nowrap' },
    { label: 'Delayed', cell: (t) => count(t.delayed), cls: 'num' },
    { label: 'Retrying', cell: (t) => count(t.retrying), cls: 'num' },
    { label: 'DEAD', cell: (t) => t.dead ? h('a', { href: `#/outbox/dead?topic=${encodeURIComponent(t.topic)}`, class: 'warn' }, count(t.dead)) : '0', cls: 'num' },
  ], answer.items, { empty: 'Nothing pending or dead: every message was sent.', caption: 'Outbox topics' }).el,
  h('p', { class: 'hint' }, answer.at ? ['As of ', time(answer.at), '. '] : null,
    'Overdue: how long the most overdue pending message has been due. Delayed rows are not due yet; retrying rows failed an attempt and wait for the next.'));
}

async function loadRelays(el) {
  let answer;
  try {
    answer = await get('outbox/relays');
  } catch (error) {
    fill(el, failed(error));
    return;
  }
  const expired = answer.shards.filter((s) => s.expired || !s.owner);
  fill(el, table([
    { label: 'Instance', cell: (i) => h('code', {}, i.instanceId) },
    { label: 'State', cell: (i) => h('span', { class: `badge ${i.alive ? 'ok' : 'dead'}` }, i.alive ? 'alive' : 'expired') },
    { label: 'Shards', cell: (i) => `${ranges(i.shards)} (${i.shards.length})` },
    { label: 'Last renewal', cell: (i) => time(i.lastRenewalAt), cls: 'nowrap' },
    { label: 'Lease expires', cell: (i) => time(i.expiresAt), cls: 'nowrap' },
  ], answer.instances, { empty: 'No relay has registered: nothing is being sent.', caption: 'Relay instances' }).el,
  h('p', { class: expired.length ? 'warn' : 'hint' }, `${answer.shards.length} shards, `,
    expired.length ? `${expired.length} without a live lease (${ranges(expired.map((s) => s.shard))}): their messages wait until a relay takes them.` : 'each leased.',
    ` Lease time to live ${answer.leaseTtl}, as of `, time(answer.at), '.'),
  h('details', {}, h('summary', {}, 'Every shard'), table([
    { label: 'Shard', cell: (s) => s.shard, cls: 'num' },
    { label: 'Owner', cell: (s) => s.owner ? h('code', {}, s.owner) : h('span', { class: 'muted' }, 'none') },
    { label: 'Lease expires', cell: (s) => time(s.expiresAt), cls: 'nowrap' },
    { label: 'State', cell: (s) => h('span', { class: `badge ${s.expired ? 'dead' : 'ok'}` }, s.expired ? 'expired' : 'leased') },
  ], answer.shards, { empty: 'No shard leases yet.', caption: 'Shards' }).el));
}
