// Replay by time range: publish retained messages again, after a dry run that shows the count and the coverage.
import { post } from './api.js';
import { count, fill, h, time, toInstant } from './dom.js';
import { outboxNav } from './outbox.js';
import { act, facts, notice } from './ui.js';

export function replay(main, params, me) {
  if (!me.canOperate) {
    // Even a dry run is a request to act, so it needs the operate role.
    fill(main, h('h1', { tabindex: -1 }, 'Outbox'), outboxNav('outbox/replay'),
      h('p', {}, 'Replaying a time range, and its dry run, need the operate role.'));
    return;
  }
  const field = (id, label, input) => h('div', { class: 'field' }, h('label', { for: id }, label), input);
  const topic = h('input', { id: 'rp-topic', type: 'text', required: true, autocomplete: 'off', value: params.get('topic') ?? '' });
  const from = h('input', { id: 'rp-from', type: 'datetime-local', step: 1, required: true });
  const to = h('input', { id: 'rp-to', type: 'datetime-local', step: 1, required: true });
  const group = h('input', { id: 'rp-group', type: 'text', autocomplete: 'off', placeholder: 'every group' });
  const result = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'filters' },
    field('rp-topic', 'Topic', topic), field('rp-from', 'Published from', from), field('rp-to', 'Published before', to),
    field('rp-group', 'Consumer group (empty: all)', group),
    h('div', { class: 'field buttons' }, h('button', { type: 'submit', class: 'primary' }, 'Dry run: count')));
  fill(main, h('h1', { tabindex: -1 }, 'Outbox'), outboxNav('outbox/replay'),
    h('p', { class: 'hint' }, 'Publishes again the retained (SENT) messages of a topic published in [from, before). The copies keep the original message id, so an idempotency guard skips what its group already processed and a consumer restored from a backup redoes exactly what it lost. Times are in your browser\'s zone.'),
    form, result);
  // A dry run answers for the range it was asked; a changed form needs a new one before sending.
  form.addEventListener('input', () => fill(result));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const request = { topic: topic.value.trim(), from: toInstant(from.value), to: toInstant(to.value), group: group.value.trim() || null };
    fill(result, h('p', { class: 'muted' }, 'Counting…'));
    // A refused dry run (say, a range the wrong way round) shows in the notice area.
    const answer = await post('outbox/replay', { ...request, dryRun: true }).catch((error) => { fill(result); throw error; });
    showDryRun(result, request, answer);
  });
}

function showDryRun(el, request, answer) {
  const send = h('button', { type: 'button', class: 'primary', disabled: answer.matching === 0 }, `Send ${count(answer.matching)} copies…`);
  const accept = h('input', { id: 'rp-accept', type: 'checkbox' });
  if (!answer.covered) send.disabled = true;
  accept.addEventListener('change', () => { send.disabled = !accept.checked || answer.matching === 0; });
  fill(el, h('section', { class: 'card', 'aria-labelledby': 'dry-title' }, h('h2', { id: 'dry-title' }, 'Dry run'),
    !answer.covered ? h('p', { class: 'notice error', role: 'alert' }, 'Retention does not cover this range: ', answer.coverageProblem) : null,
    facts([['Matching messages', h('strong', {}, count(answer.matching))], ['Sent to', h('code', {}, answer.targetTopic)],
      ['Range', [time(answer.from), ' to ', time(answer.to)]], ['Retention', answer.retention],
      ['Oldest retained', time(answer.oldestRetained)]]),
    h('div', { class: 'toolbar' },
      !answer.covered ? h('span', {}, accept, h('label', { for: 'rp-accept' }, ' Send anyway, knowing the messages retention no longer holds are not sent')) : null,
      send)));
  send.addEventListener('click', async () => {
    const sent = await act({
      title: 'Replay a time range',
      body: h('p', {}, `Publish ${count(answer.matching)} copies of ${request.topic} to ${answer.targetTopic}? Sending the same range twice sends twice.`),
      label: `Send ${count(answer.matching)}`,
      run: (reason) => post('outbox/replay', { ...request, dryRun: false, acceptIncomplete: !answer.covered, reason }),
    });
    if (!sent) return;
    notice('ok', `Sent ${count(sent.sent)} copies to ${sent.targetTopic}. `,
      h('a', { href: `#/audit?highlight=${sent.auditId}` }, `Audit entry #${sent.auditId}`), '.');
    fill(el);
  });
}
