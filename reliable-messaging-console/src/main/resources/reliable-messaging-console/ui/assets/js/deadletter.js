// One dead letter: everything stored about it, its history, and the actions on it.
import { get, post } from './api.js';
import { fill, h, time } from './dom.js';
import { bulk, listHash } from './deadletters.js';
import { headersTable, payloadView } from './message.js';
import { act, facts, failed, notice, table } from './ui.js';

export async function deadLetter(main, id, me) {
  fill(main, h('h1', { tabindex: -1 }, `Dead letter ${id}`), h('p', { class: 'muted' }, 'Loading…'));
  let letter;
  try {
    letter = await get(`dead-letters/${encodeURIComponent(id)}`);
  } catch (error) {
    fill(main, h('h1', { tabindex: -1 }, `Dead letter ${id}`), failed(error), back());
    return;
  }
  const refresh = () => deadLetter(main, id, me);
  const dead = letter.status === 'DEAD';
  const one = h('p', {}, `Dead letter ${letter.id} (group ${letter.group}, topic ${letter.topic}, key ${letter.key ?? 'none'}).`);
  const canEdit = me.editEnabled && letter.payload.mode === 'full' && letter.payload.format === 'json';
  fill(main,
    back(),
    h('h1', { tabindex: -1 }, `Dead letter ${letter.id} `, h('span', { class: `badge ${letter.status.toLowerCase()}` }, letter.status),
      letter.edited ? h('span', { class: 'badge' }, 'edited and replayed') : null),
    me.canOperate && dead ? h('div', { class: 'toolbar' },
      h('button', { type: 'button', class: 'primary', onclick: () => bulk('replay', { ids: [letter.id] }, one, 1, refresh) }, 'Replay'),
      canEdit ? h('button', { type: 'button', onclick: () => edit(letter, refresh) }, 'Edit and replay…') : null,
      h('button', { type: 'button', class: 'danger', onclick: () => bulk('skip', { ids: [letter.id] }, one, 1, refresh) }, 'Skip')) : null,
    h('div', { class: 'columns' },
      facts([
        ['Consumer group', letter.group], ['Topic', letter.topic], ['Key', letter.key ?? '—'],
        ['Message id', h('code', {}, letter.messageId)], ['Type', letter.type ?? '—'],
        ['Attempts', letter.attempts], ['First failed', time(letter.firstFailedAt)],
        ['Last failed', time(letter.lastFailedAt)], letter.resolvedAt ? ['Resolved', time(letter.resolvedAt)] : null,
        ['Failure group', h('a', { href: `#/dead-letters?failureGroup=${letter.failureGroup}&status=ANY` }, h('code', {}, letter.failureGroup))],
      ]),
      h('div', {}, h('h2', {}, 'Error'), h('p', {}, h('code', {}, letter.errorClass)),
        h('pre', { class: 'message', tabindex: 0, 'aria-label': 'Error message' }, letter.errorMessage ?? ''),
        letter.causes?.length ? [h('h3', {}, 'Causes, outermost first'),
          h('ol', { class: 'causes' }, letter.causes.map((c) => h('li', {}, h('code', {}, c.errorClass), ': ', c.message ?? '')))] : null)),
    h('h2', {}, 'Payload'), payloadView(letter.payload),
    h('h2', {}, 'Headers'), headersTable(letter.headers),
    h('h2', {}, 'Stack'), h('pre', { class: 'stack', tabindex: 0, 'aria-label': 'Stack' }, letter.stack ?? 'No stack recorded.'),
    h('h2', {}, 'History'), table([
      { label: 'When', cell: (e) => time(e.at), cls: 'nowrap' },
      { label: 'Who', cell: (e) => e.actor },
      { label: 'Action', cell: (e) => h('code', {}, e.action) },
      { label: 'Reason', cell: (e) => e.reason ?? '—' },
      { label: 'Audit', cell: (e) => h('a', { href: `#/audit?highlight=${e.auditId}` }, `#${e.auditId}`), cls: 'num' },
    ], letter.history ?? [], { empty: 'No action taken on this letter yet.', caption: 'History' }).el);
}

function back() {
  return h('p', {}, h('a', { href: listHash }, '‹ Dead letters'));
}

/** Edit and replay: the edited payload must be JSON; the letter keeps the payload it failed with. */
async function edit(letter, refresh) {
  const text = h('textarea', { id: 'edit-payload', rows: 14, class: 'code', spellcheck: 'false', value: letter.payload.content });
  const result = await act({
    title: `Edit and replay dead letter ${letter.id}`,
    body: [h('p', { class: 'hint' }, 'The edited copy goes to the group that failed it, with a new id; the letter keeps the payload it failed with and is marked edited.'),
      h('label', { for: 'edit-payload' }, 'Payload (JSON)'), text],
    label: 'Replay edited copy',
    run: (reason) => {
      try {
        JSON.parse(text.value);
      } catch (error) {
        throw new Error(`The payload is not valid JSON: ${error.message}`);
      }
      // Sent as typed: the API takes the JSON text and sends it byte for byte.
      return post(`dead-letters/${letter.id}/edit-replay`, { payload: text.value, reason });
    },
  });
  if (!result) return;
  notice('ok', result.changed ? 'Replayed an edited copy. ' : 'Nothing changed: the letter is no longer dead. ',
    h('a', { href: `#/audit?highlight=${result.auditId}` }, `Audit entry #${result.auditId}`), '.');
  refresh();
}
