// Builds elements from data without innerHTML, so names and descriptions from the API can never become markup.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'style') Object.assign(el.style, value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null) el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

export function table(el, headings, rows, emptyText) {
  const head = h('thead', {}, h('tr', {}, headings.map((text) => h('th', {}, text))));
  const body = rows.length
    ? rows
    : [h('tr', { class: 'empty' }, h('td', { colspan: headings.length }, emptyText))];
  el.replaceChildren(head, h('tbody', {}, body));
}
