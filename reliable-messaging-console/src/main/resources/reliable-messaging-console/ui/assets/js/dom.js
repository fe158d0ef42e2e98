// Building DOM nodes without innerHTML, so data from the API is always text, never markup.

/** Creates an element: attrs may hold on* listeners, booleans, class and dataset-free attributes. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'value') el.value = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces the children of an element. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

const clock = { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' };
const thisYear = new Intl.DateTimeFormat(undefined, clock);
const otherYear = new Intl.DateTimeFormat(undefined, { ...clock, year: 'numeric' });

/** An instant in the browser's zone (the year only when not this one), with the UTC instant on hover. */
export function time(iso) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  const date = new Date(iso);
  const format = date.getFullYear() === new Date().getFullYear() ? thisYear : otherYear;
  return h('time', { datetime: iso, title: utc(iso, date) }, format.format(date));
}

/** The API's own UTC text (it may carry microseconds), readable: 2026-03-01 10:15:30.123456 UTC. */
function utc(iso, date) {
  const text = iso.endsWith('Z') ? iso : date.toISOString();
  return `${text.slice(0, -1).replace('T', ' ')} UTC`;
}

/** Seconds as a short human duration: 4.2 s, 3 min 5 s, 2 h 10 min, 3 d 4 h. */
export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 60) return `${Number(seconds.toFixed(seconds < 10 ? 1 : 0))} s`;
  const units = [['d', 86400], ['h', 3600], ['min', 60], ['s', 1]];
  const parts = [];
  let rest = Math.floor(seconds);
  for (const [name, size] of units) {
    if (rest >= size && parts.length < 2) {
      parts.push(`${Math.floor(rest / size)} ${name}`);
      rest %= size;
    } else if (parts.length) break;
  }
  return parts.join(' ');
}

export function count(n) {
  return n === null || n === undefined ? '—' : Number(n).toLocaleString();
}

/** The simple name of a fully qualified class, the full name on hover. */
export function className(fqcn) {
  if (!fqcn) return h('span', { class: 'muted' }, '—');
  return h('code', { title: fqcn }, fqcn.slice(fqcn.lastIndexOf('.') + 1));
}

/** A long text cut to one line by CSS, whole on hover. */
export function clip(text, cls = 'clip') {
  if (!text) return h('span', { class: 'muted' }, '—');
  return h('span', { class: cls, title: text }, text);
}

/** A datetime-local input value (the browser's zone) to an ISO instant, or null. */
export function toInstant(local) {
  return local ? new Date(local).toISOString() : null;
}

/** An ISO instant to a datetime-local input value in the browser's zone. */
export function toLocalInput(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
    + `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** The range list of shard numbers: [0,1,2,3,7] is "0–3, 7". */
export function ranges(numbers) {
  const sorted = [...numbers].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    out.push(j > i ? `${sorted[i]}–${sorted[j]}` : `${sorted[i]}`);
    i = j;
  }
  return out.join(', ') || '—';
}
