import { h } from './dom.js';

// The endpoint a click picked, with every field the topology knows about it.
export function showDetails(endpoint) {
  const box = document.getElementById('details');
  if (!endpoint) {
    box.hidden = true;
    return;
  }
  const fields = ['vtep', 'port', 'iface', 'mac', 'ip', 'vni', 'vlan', 'source', 'moves']
    .filter((name) => endpoint[name] !== undefined && endpoint[name] !== null);
  box.replaceChildren(h('dl', {}, fields.map((name) => [h('dt', {}, name), h('dd', {}, endpoint[name])])));
  box.hidden = false;
}
