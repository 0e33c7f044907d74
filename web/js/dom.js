// A tiny DOM helper: builds elements and only ever sets text, never HTML.
// Attributes named on* and style are refused: the page runs under a strict CSP.

const PROPS = new Set(['value', 'checked', 'disabled', 'selected', 'hidden', 'open', 'multiple', 'required']);

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') el.className = Array.isArray(v) ? v.filter(Boolean).join(' ') : v;
    else if (k === 'on') for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    else if (k === 'text') el.textContent = String(v);
    else if (k === 'style' || k === 'innerHTML' || k === 'outerHTML' || /^on/i.test(k)) throw new Error(`h: ${k} not allowed`);
    else if (PROPS.has(k)) el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c == null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

/** Replaces all children of `el` with `children`. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export const $ = (sel, root = document) => root.querySelector(sel);

let uid = 0;
/** A page-unique id for label/for pairs. */
export const fid = (p = 'f') => `${p}-${++uid}`;

/** A labelled form field: returns [wrapper, control]. */
export function field(label, control, hint) {
  if (!control.id) control.id = fid();
  const parts = [h('label', { for: control.id }, label)];
  if (hint) {
    const hid = fid('hint');
    control.setAttribute('aria-describedby', hid);
    parts.push(h('span', { class: 'hint', id: hid }, hint));
  }
  parts.push(control);
  return [h('div', { class: 'field' }, parts), control];
}

/**
 * Marks `control` as the field an error is about: invalid, described by `status` (which says
 * why) as well as by its hint, and focused. Typing in it again clears the mark. A fieldset of
 * choices is marked as a whole, its first choice focused, and any choice clears the mark.
 */
export function flagField(control, status) {
  if (!status.id) status.id = fid('status');
  const ids = new Set((control.getAttribute('aria-describedby') || '').split(' ').filter(Boolean));
  ids.add(status.id);
  control.setAttribute('aria-describedby', [...ids].join(' '));
  control.setAttribute('aria-invalid', 'true');
  const group = control.tagName === 'FIELDSET';
  control.addEventListener(group ? 'change' : 'input', () => control.removeAttribute('aria-invalid'), { once: true });
  (group ? control.querySelector('input') : control)?.focus();
}

/** A select with [value, label] options. */
export function select(options, attrs = {}) {
  return h('select', attrs, options.map(([v, l]) => h('option', { value: v }, l)));
}

/** A fieldset of radio buttons; returns [fieldset, getValue]. */
export function radios(legend, name, options, checked) {
  const fs = h('fieldset', { class: 'radios' }, h('legend', {}, legend),
    options.map(([v, l, desc]) => {
      const id = fid(name);
      return h('div', { class: 'radio' },
        h('input', { type: 'radio', name, id, value: v, checked: v === checked }),
        h('label', { for: id }, h('span', { class: 'radio-label' }, l), desc ? h('span', { class: 'hint' }, desc) : null));
    }));
  return [fs, () => fs.querySelector('input:checked')?.value ?? null];
}
