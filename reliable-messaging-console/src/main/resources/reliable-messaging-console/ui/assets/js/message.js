// Showing a stored message: its headers and its payload as the API returns it (pretty JSON, hex, masked or hidden).
import { h } from './dom.js';
import { table } from './ui.js';

export function headersTable(headers) {
  const rows = Object.entries(headers ?? {}).map(([name, value]) => ({ name, value }));
  return table([
    { label: 'Header', cell: (r) => h('code', {}, r.name), cls: 'nowrap fit' },
    { label: 'Value', cell: (r) => h('code', { class: 'wrap' }, r.value) },
  ], rows, { empty: 'No headers.', caption: 'Headers' }).el;
}

/** The payload block: a note on masking, then the content or why there is none. */
export function payloadView(payload) {
  const size = `${Number(payload.size).toLocaleString()} bytes`;
  if (payload.format === 'none' || payload.content === null) {
    return h('p', { class: 'muted' }, `Hidden for this topic (${size}). The payload display is set per topic by reliable-messaging.console.payload.<topic>.`);
  }
  const notes = [`${payload.format === 'json' ? 'JSON' : 'Binary, shown as hex'}, ${size}`];
  if (payload.mode === 'masked') notes.push('values masked for this topic, keys kept');
  if (payload.truncated) notes.push('only the first 64 KiB shown');
  return h('div', {},
    h('p', { class: 'muted' }, notes.join(' · ')),
    h('pre', { class: 'payload', tabindex: 0, 'aria-label': 'Payload' },
      payload.format === 'hex' ? hexDump(payload.content) : payload.content));
}

/** Lower-case hex as lines of 16 bytes: offset, bytes, printable ASCII. */
function hexDump(hex) {
  const lines = [];
  for (let offset = 0; offset * 2 < hex.length; offset += 16) {
    const bytes = hex.slice(offset * 2, offset * 2 + 32).match(/../g) ?? [];
    const ascii = bytes.map((b) => {
      const code = parseInt(b, 16);
      return code >= 0x20 && code < 0x7f ? String.fromCharCode(code) : '.';
    }).join('');
    const cells = bytes.join(' ').padEnd(47, ' ');
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${cells.slice(0, 23)}  ${cells.slice(24)}  ${ascii}`);
  }
  return lines.join('\n');
}
