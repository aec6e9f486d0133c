// Heap strings and workload output are untrusted: class names, edge names, string contents
// and what the child printed come from the measured program. Every renderer passes them
// through one of these: one escaper per medium (terminal, HTML, Markdown).

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** For HTML text and attribute values (always quoted). */
export function escapeHtml(text: string): string {
  return String(text).replace(/[&<>"'`]/g, (c) => HTML[c]);
}

/** A zero-width space: breaks what a code host would turn into a link or a ping. */
const BREAK = '\u200b';

/**
 * For Markdown text and table cells: HTML is neutralised (renderers allow inline HTML), the
 * characters Markdown gives meaning to are escaped, and line breaks cannot end a table row.
 * Code hosts also link bare URLs and ping @mentions found in the rendered text, however it was
 * escaped: those are broken with a zero-width space (`@​everyone`, `http:​//`, `www​.`).
 */
export function escapeMarkdown(text: string): string {
  return escapeHtml(String(text))
    .replace(/[\\|*_[\]()#!~]/g, (c) => `\\${c}`)
    .replace(/\r?\n/g, ' ')
    .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/@(?=[\w-])/g, `@${BREAK}`)
    .replace(/:\/\//g, `:${BREAK}//`)
    .replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}${BREAK}.`);
}

/**
 * Makes an untrusted heap string safe to print on a terminal: control characters (which could
 * move the cursor or recolour the screen) and bidirectional overrides are shown as escapes,
 * and long strings are cut.
 */
export function escapeTerminal(text: string, max = 120): string {
  const cut = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return cut.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    if (c === '\n') return '\\n';
    if (c === '\t') return '\\t';
    return `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
