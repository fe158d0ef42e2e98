// Shared pieces of the screens: notices, the action dialog, filter forms, tables and the pager.
import { ApiError } from './api.js';
import { fill, h, toInstant, toLocalInput } from './dom.js';

/** Shows a message in the page's notice area: kind is 'ok' or 'error'. */
export function notice(kind, ...content) {
  const region = document.getElementById('notice');
  const close = h('button', { type: 'button', class: 'link', 'aria-label': 'Dismiss' }, '×');
  const box = h('div', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    h('div', {}, ...content), close);
  close.addEventListener('click', () => box.remove());
  fill(region, box);
}

export function clearNotice() {
  document.getElementById('notice').replaceChildren();
}

/** Shows a failed request: the problem's detail, its status and code. */
export function showProblem(error) {
  notice('error', problemText(error));
}

function problemText(error) {
  if (!(error instanceof ApiError)) return error?.message ?? String(error);
  const code = error.code ? ` ${error.code}` : '';
  const signIn = error.status === 401 ? ' Reload the page to sign in again.' : '';
  return `Refused (${error.status}${code}): ${error.message}${signIn}`;
}

/** The text of a failure shown in place of what could not be loaded. */
export function failed(error) {
  return h('p', { class: 'error-text', role: 'alert' }, problemText(error));
}

/**
 * Asks for confirmation and a reason, then runs the action; resolves with its result, or null
 * when cancelled. A refused action stays in the dialog with the problem shown.
 */
export function act({ title, body = [], label, danger = false, reasonRequired = true, reasonLabel = 'Reason', run }) {
  const reason = h('textarea', { id: 'act-reason', rows: 3, maxlength: 1000, required: reasonRequired });
  const error = h('div', { class: 'dialog-error', role: 'alert' });
  const confirm = h('button', { type: 'submit', class: danger ? 'danger' : 'primary' }, label);
  const cancel = h('button', { type: 'button' }, 'Cancel');
  const form = h('form', { method: 'dialog' },
    h('h2', {}, title), ...[body].flat(),
    h('label', { for: 'act-reason' }, reasonRequired ? `${reasonLabel} (required, kept in the audit)` : `${reasonLabel} (optional)`),
    reason, error, h('div', { class: 'buttons' }, cancel, confirm));
  const dialog = h('dialog', { 'aria-labelledby': 'act-title' }, form);
  form.querySelector('h2').id = 'act-title';
  document.body.append(dialog);
  return new Promise((resolve) => {
    const leave = () => done(null);
    const done = (result) => {
      window.removeEventListener('hashchange', leave);
      dialog.close();
      dialog.remove();
      resolve(result);
    };
    // Going to another screen (the Back key, a link) abandons the action.
    window.addEventListener('hashchange', leave);
    cancel.addEventListener('click', () => done(null));
    dialog.addEventListener('cancel', (event) => { event.preventDefault(); done(null); });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (reasonRequired && !reason.value.trim()) {
        error.textContent = 'Give a reason: it is kept in the audit with your name.';
        reason.focus();
        return;
      }
      confirm.disabled = true;
      try {
        done(await run(reason.value.trim() || null));
      } catch (failure) {
        error.textContent = problemText(failure);
        confirm.disabled = false;
      }
    });
    dialog.showModal();
    reason.focus();
  });
}

/**
 * A filter form. fields: {name, label, type: 'text'|'datetime'|'select', options}; values are
 * the current ones (ISO instants for datetimes). onApply gets the new values, empty ones left out.
 */
export function filterForm(fields, values, onApply, idPrefix) {
  const inputs = fields.map((field) => {
    const id = `${idPrefix}-${field.name}`;
    const input = field.type === 'select'
      ? h('select', { id, name: field.name },
        field.options.map(([value, text]) => h('option', { value, selected: (values[field.name] ?? '') === value }, text)))
      : h('input', {
        id, name: field.name, type: field.type === 'datetime' ? 'datetime-local' : 'text',
        step: field.type === 'datetime' ? 1 : null, placeholder: field.placeholder ?? null,
        value: field.type === 'datetime' ? toLocalInput(values[field.name]) : values[field.name] ?? '',
        maxlength: field.maxlength ?? null, autocomplete: 'off', spellcheck: 'false',
      });
    return { field, input, wrap: h('div', { class: 'field' }, h('label', { for: id }, field.label), input) };
  });
  const read = () => Object.fromEntries(inputs
    .map(({ field, input }) => [field.name, field.type === 'datetime' ? toInstant(input.value) : input.value.trim()])
    .filter(([, value]) => value));
  const clear = h('button', { type: 'button' }, 'Clear');
  const form = h('form', { class: 'filters', role: 'search' }, inputs.map((i) => i.wrap),
    h('div', { class: 'field buttons' }, h('button', { type: 'submit', class: 'primary' }, 'Apply'), clear));
  form.addEventListener('submit', (event) => { event.preventDefault(); onApply(read()); });
  clear.addEventListener('click', () => onApply({}));
  return form;
}

/**
 * A table. columns: {label, cell(row), cls}. With select (a label for a row), each row gets a
 * checkbox and the result's selected() lists the chosen rows' ids.
 */
export function table(columns, rows, { select = null, empty = 'Nothing here.', caption = null } = {}) {
  const boxes = [];
  const all = select ? h('input', { type: 'checkbox', 'aria-label': 'Select every row on this page' }) : null;
  const head = h('tr', {}, select ? h('th', { class: 'check' }, all) : null,
    columns.map((c) => h('th', { scope: 'col', class: c.cls ?? null }, c.label)));
  const body = rows.map((row) => {
    const box = select ? h('input', { type: 'checkbox', value: row.id, 'aria-label': select(row) }) : null;
    if (box) boxes.push(box);
    return h('tr', {}, box ? h('td', { class: 'check' }, box) : null,
      columns.map((c) => h('td', { class: c.cls ?? null }, c.cell(row))));
  });
  const onChange = new Set();
  const changed = () => onChange.forEach((listener) => listener(selected()));
  const selected = () => boxes.filter((b) => b.checked).map((b) => Number(b.value));
  all?.addEventListener('change', () => { boxes.forEach((b) => { b.checked = all.checked; }); changed(); });
  boxes.forEach((b) => b.addEventListener('change', () => {
    all.checked = boxes.every((x) => x.checked);
    changed();
  }));
  const el = h('div', { class: 'table-wrap' }, h('table', {},
    caption ? h('caption', { class: 'visually-hidden' }, caption) : null,
    h('thead', {}, head),
    h('tbody', {}, body.length ? body : h('tr', {}, h('td', { colspan: columns.length + (select ? 1 : 0), class: 'empty' }, empty)))));
  return { el, selected, onSelect: (listener) => onChange.add(listener) };
}

/** Keyset paging: remembers the cursors of the pages seen so Previous can go back. */
export class Pager {
  constructor(limit = 50) {
    this.limit = limit;
    this.cursors = [null];
  }

  get cursor() { return this.cursors.at(-1); }

  reset() { this.cursors = [null]; }

  /** The pager's controls for a page answered with nextCursor; reload() shows the current page. */
  controls(page, reload, label) {
    const previous = h('button', { type: 'button', disabled: this.cursors.length === 1 }, '‹ Newer');
    const next = h('button', { type: 'button', disabled: !page.nextCursor }, 'Older ›');
    const size = h('select', { 'aria-label': `${label} per page` },
      [20, 50, 100, 200].map((n) => h('option', { value: n, selected: n === this.limit }, `${n} a page`)));
    previous.addEventListener('click', () => { this.cursors.pop(); reload(); });
    next.addEventListener('click', () => { this.cursors.push(page.nextCursor); reload(); });
    size.addEventListener('change', () => { this.limit = Number(size.value); this.reset(); reload(); });
    return h('nav', { class: 'pager', 'aria-label': `${label} pages` },
      previous, h('span', {}, `Page ${this.cursors.length}`), next, size);
  }
}

/** A labelled value list. */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(Boolean).map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

/** Changes the hash's query, which re-renders the screen. */
export function navigate(route, params = {}) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== null && v !== undefined && v !== ''));
  const text = query.toString();
  location.hash = `#/${route}${text ? `?${text}` : ''}`;
}
