// Heap strings are untrusted: class names, edge names and string contents come from the
// measured program. Every renderer passes them through one of these.

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
