import { h, table } from './dom.js';
import { vniColor } from './model.js';

// The MAC table can hold thousands of rows; the page shows the first ones and says how to narrow the rest.
const MAX_MAC_ROWS = 300;
const MAX_EVENTS = 200;

export function renderTables(model, view) {
  networks(model.networks);
  bindings(model.bindings.filter((b) => !view.vni || b.vni === view.vni));
  vteps(model.vteps);
  macs(model.macs.filter((m) => (!view.vni || m.vni === view.vni) && macMatches(m, view.query)));
  flows(model.vteps);
}

function swatch(vni) {
  return h('span', { class: 'swatch', style: { background: vniColor(vni) } });
}

function networks(list) {
  table(document.getElementById('networks'), ['VNI', 'name', 'MTU', 'replication', 'description', ''], list.map((n) =>
    h('tr', { 'data-vni': n.vni }, h('td', {}, swatch(n.vni), n.vni), h('td', {}, n.name),
      h('td', {}, n.mtu, n.mtuSource === 'derived' ? ' (auto)' : ''), h('td', {}, replication(n.replication)),
      h('td', {}, n.description ?? ''),
      h('td', {}, h('button', { type: 'button', class: 'edit-network', 'data-vni': n.vni }, 'edit'),
        remove(`/api/v1/networks/${n.vni}`, `network ${n.vni}`)))),
  'no networks yet: create one below');
}

// A network as the network form's fields: an MTU the manager derived is left empty so that it stays derived.
export function networkFields(n) {
  return {
    vni: n.vni,
    name: n.name,
    mtu: n.mtuSource === 'derived' ? '' : n.mtu,
    description: n.description ?? '',
    'replication.mode': n.replication?.mode ?? '',
    'replication.serviceNodes': (n.replication?.serviceNodes ?? []).join(', '),
  };
}

// A VTEP as the VTEP form's fields: only the tunnel IP registered for it, not one its switch reports.
export function vtepFields(v) {
  return { id: v.id, kind: v.kind, ovsdbTarget: v.ovsdbTarget ?? '', tunnelIp: v.configuredTunnelIp ?? '' };
}

// Networks without their own replication follow the manager's --service-node setting.
function replication(r) {
  if (!r) return 'default';
  return r.serviceNodes?.length ? `${r.mode} via ${r.serviceNodes.join(', ')}` : r.mode;
}

function bindings(list) {
  table(document.getElementById('bindings'), ['VTEP', 'port', 'VLAN', 'VNI', ''], list.map((b) =>
    h('tr', {}, h('td', {}, b.vtep), h('td', {}, b.port), h('td', {}, b.vlan || 'untagged'),
      h('td', {}, swatch(b.vni), b.vni),
      h('td', {}, h('button', { type: 'button', class: 'edit-binding', 'data-key': bindingKey(b) }, 'edit'),
        remove(`/api/v1/bindings/${bindingKey(b)}`,
          `the binding of ${b.vtep}/${b.port} ${b.vlan ? `vlan ${b.vlan}` : 'untagged'} to VNI ${b.vni}`)))),
  'no bindings');
}

// A delete button: main.js asks before it sends DELETE to data-path, and shows a refusal under the table.
function remove(target, what) {
  return h('button', { type: 'button', class: 'delete', 'data-path': target, 'data-what': what }, 'delete');
}

function path(segment) {
  return encodeURIComponent(segment);
}

// A binding's port VLAN as its path under /api/v1/bindings.
export function bindingKey(b) {
  return `${path(b.vtep)}/${path(b.port)}/${b.vlan}`;
}

// A problem names its row and the fix in a sentence or two: each gets the table's whole width, under its VTEP. The
// id shows the OVSDB target on hover, and a tunnel IP registered for the VTEP says so: both are what an edit changes.
// The state shows on hover when a TLS session's certificate expires.
function vteps(list) {
  const headings = ['VTEP', 'kind', 'state', 'tunnel IP', 'ports', ''];
  table(document.getElementById('vteps'), headings, list.flatMap((v) => [
    h('tr', { 'data-vtep': v.id, class: v.problems.length ? 'has-problems' : undefined },
      h('td', { title: `OVSDB: ${v.ovsdbTarget ?? 'it dials the manager'}` }, v.id),
      h('td', {}, v.kind),
      h('td', { title: v.certificateExpires ? `TLS; its certificate expires ${v.certificateExpires}` : undefined },
        h('span', { class: `state ${v.state}` }, v.state)),
      h('td', {}, v.tunnelIp ?? '—', v.configuredTunnelIp ? ' (configured)' : ''), h('td', {}, v.ports.length),
      h('td', {}, h('button', { type: 'button', class: 'edit-vtep', 'data-vtep': v.id }, 'edit'),
        remove(`/api/v1/vteps/${path(v.id)}`, `VTEP ${v.id}`))),
    ...(v.problems.length ? [h('tr', { class: 'problems', 'data-vtep': v.id },
      h('td', { colspan: headings.length }, h('ul', {}, v.problems.map((p) => h('li', {}, p)))))] : []),
  ]), 'no VTEPs registered');
  const choices = list.map((v) => v.id);
  document.querySelectorAll('select.vtep-choice').forEach((select) => {
    const chosen = select.value;
    select.replaceChildren(...choices.map((id) => h('option', { value: id, selected: id === chosen }, id)));
  });
  document.getElementById('port-names').replaceChildren(
    ...list.flatMap((v) => v.ports.map((p) => h('option', { value: p.name }))));
}

function macMatches(entry, query) {
  return !query || [entry.mac, entry.ip, entry.port, entry.vtep].some((v) => v && v.toLowerCase().includes(query));
}

function macs(list) {
  const now = Date.now();
  const rows = list.slice(0, MAX_MAC_ROWS).map((m) => h('tr', {}, h('td', {}, swatch(m.vni), m.vni),
    h('td', { class: 'mono' }, m.mac), h('td', {}, m.ip ?? ''), h('td', {}, m.source),
    h('td', {}, m.port ? `${m.vtep}/${m.port}${m.vlan ? ` vlan ${m.vlan}` : ''}` : `${m.vtep} (remote)`),
    h('td', {}, age(now - Date.parse(m.lastSeen))), h('td', {}, m.moves, m.damped ? ' (damped)' : ''),
    h('td', {}, m.source === 'static'
      ? remove(`/api/v1/macs/${m.vni}/${m.mac}`, `static MAC ${m.mac} in VNI ${m.vni}`) : '')));
  if (list.length > MAX_MAC_ROWS) {
    rows.push(h('tr', { class: 'empty' }, h('td', { colspan: 8 },
      `showing ${MAX_MAC_ROWS} of ${list.length}: filter by VNI or search to narrow`)));
  }
  table(document.getElementById('macs'), ['VNI', 'MAC', 'IP', 'source', 'location', 'age', 'moves', ''], rows,
    'no MAC entries');
}

function age(millis) {
  const seconds = Math.max(0, Math.round(millis / 1000));
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  return `${Math.round(seconds / 3600)}h`;
}

// Filled from each VTEP's flowTables ([{table, flows, packets}]) once the OpenFlow pipeline reports them.
function flows(list) {
  const reporting = list.filter((v) => Array.isArray(v.flowTables));
  const el = document.getElementById('flows');
  if (!reporting.length) {
    el.replaceChildren(h('p', { class: 'hint' }, 'No switch reports flow statistics yet.'));
    return;
  }
  el.replaceChildren(...reporting.map((v) => h('div', { class: 'flow-switch' }, h('h3', {}, v.id),
    h('table', {}, h('tbody', {}, v.flowTables.map((t) => h('tr', {}, h('td', {}, `table ${t.table}`),
      h('td', {}, `${t.flows} flows`), h('td', {}, t.packets === undefined ? '' : `${t.packets} packets`))))))));
}

export function addEvent(entry) {
  const list = document.getElementById('events');
  const time = entry.at ? new Date(entry.at).toLocaleTimeString() : '';
  list.prepend(h('li', { class: `event ${entry.level ?? 'info'}`, 'data-kind': entry.kind },
    h('time', {}, time), ' ', h('span', { class: 'kind' }, entry.kind ?? ''), ' ', entry.text ?? entry.subject));
  while (list.children.length > MAX_EVENTS) list.lastElementChild.remove();
}
