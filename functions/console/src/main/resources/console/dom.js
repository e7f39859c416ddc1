// DOM helpers. Every piece of data reaches the page as a text node (textContent), never as markup:
// the API's answers are redacted, but a command or a comment is still text typed by someone else.

/** el('div', {class: 'x', onclick: f, 'data-testid': 'y'}, 'text', child, [more]) */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = String(value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

/** Replaces node's children (skipping null/false, flattening arrays, strings as text). */
export function fill(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

export function badge(text, kind) {
  return el('span', { class: 'badge ' + (kind || String(text).replace(/[^a-z_]/gi, '')) }, text);
}

const units = [['d', 86400], ['h', 3600], ['min', 60], ['s', 1]];

/** "4 min" for a duration in seconds (the largest unit, rounded down). */
export function duration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  for (const [unit, size] of units) {
    if (s >= size) return Math.floor(s / size) + ' ' + unit;
  }
  return '0 s';
}

export function ago(iso) {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? '' : duration((Date.now() - t) / 1000) + ' ago';
}

export function until(iso) {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  return t <= Date.now() ? 'expired' : 'in ' + duration((t - Date.now()) / 1000);
}

export function time(iso) {
  const t = new Date(iso);
  return Number.isNaN(t.getTime()) ? String(iso ?? '') : t.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** A problem+json answer (or a network failure) shown as it came: status, title, detail and each named field. */
export function problem(err) {
  const p = err && err.problem ? err.problem : { title: 'Error', detail: String(err && err.message || err) };
  const status = err && err.status ? err.status + ' ' : '';
  return el('div', { class: 'problem', role: 'alert', 'data-testid': 'problem' },
    el('strong', {}, status + (p.title || 'Error')),
    p.detail ? el('span', {}, ' — ' + p.detail) : null,
    // every named field, unless the detail already is the only one ("limit: must be…")
    Array.isArray(p.errors) && p.errors.length && !(p.errors.length === 1 && p.detail === p.errors[0].field + ': ' + p.errors[0].message)
      ? el('ul', {}, p.errors.map(e => el('li', {}, el('code', {}, e.field || ''), ': ' + (e.message || ''))))
      : null);
}

/** A modal confirmation (the page's <dialog id="confirm">); resolves true only on the confirm button. */
export function confirmDialog(title, message, confirmLabel) {
  const dialog = document.getElementById('confirm');
  dialog.querySelector('[data-role=title]').textContent = title;
  dialog.querySelector('[data-role=message]').textContent = message;
  dialog.querySelector('[data-role=ok]').textContent = confirmLabel || 'Confirm';
  return new Promise(resolve => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.returnValue = '';
    dialog.showModal();
  });
}

let toastTimer;
export function toast(message, kind) {
  const node = document.getElementById('toast');
  node.textContent = message;
  node.className = 'show ' + (kind || '');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { node.className = ''; }, 4000);
}

/** Pretty JSON as text. */
export function json(value) {
  return JSON.stringify(value, null, 2);
}
