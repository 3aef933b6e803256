import { deleteResource, getJson } from './api.js';
import { coalesced, connectFeed } from './feed.js';
import { editInForm, wireForm } from './forms.js';
import { createGraph } from './graph.js';
import { buildModel } from './model.js';
import { addEvent, bindingKey, networkFields, renderTables, vtepFields } from './tables.js';
import { showDetails } from './details.js';

const view = { vni: null, query: '' };
let model = null;
const graph = createGraph(document.getElementById('graph'), document.getElementById('graph-hint'), showDetails);

function render() {
  if (!model) return null;
  renderTables(model, view);
  return graph.render(model, view);
}

const refresh = coalesced(async () => {
  model = buildModel(await getJson('/api/v1/topology'));
  vniChoices(model.networks);
  summary(model);
  render();
});

function vniChoices(networks) {
  const select = document.getElementById('vni-filter');
  const options = networks.map((n) => new Option(`${n.vni} ${n.name}`, String(n.vni)));
  select.replaceChildren(new Option('all networks', ''), ...options);
  select.value = view.vni ? String(view.vni) : '';
}

function summary(m) {
  const endpoints = m.vteps.reduce((sum, v) => sum + v.endpoints.length, 0);
  document.getElementById('summary').textContent = `${m.vteps.length} VTEPs · ${m.links.length} tunnels · `
    + `${m.networks.length} networks · ${endpoints} endpoints · revision ${m.revision}`;
}

function setStatus(state) {
  const el = document.getElementById('status');
  el.dataset.state = state;
  el.textContent = { live: 'live', reconnecting: 'reconnecting…', offline: 'offline' }[state] ?? state;
}

document.getElementById('vni-filter').addEventListener('change', (event) => {
  view.vni = event.target.value ? Number(event.target.value) : null;
  render();
});
document.getElementById('search').addEventListener('input', (event) => {
  view.query = event.target.value.trim().toLowerCase();
  const hits = render();
  graph.focus(hits);
  document.getElementById('search-result').textContent = hits ? `${hits.length} match${hits.length === 1 ? '' : 'es'}` : '';
});
document.getElementById('expand-all').addEventListener('click', () => graph.expandAll());
document.getElementById('collapse-all').addEventListener('click', () => graph.collapseAll());
document.getElementById('fit').addEventListener('click', () => graph.fit());
document.querySelectorAll('form[data-path]').forEach((form) => wireForm(form, refresh));
document.getElementById('networks').addEventListener('click', (event) => {
  const button = event.target.closest('button.edit-network');
  const network = button && model?.networks.find((n) => n.vni === Number(button.dataset.vni));
  if (network) editInForm(document.getElementById('network-form'), network.vni, networkFields(network));
});
document.getElementById('vteps').addEventListener('click', (event) => {
  const button = event.target.closest('button.edit-vtep');
  const vtep = button && model?.vteps.find((v) => v.id === button.dataset.vtep);
  if (vtep) editInForm(document.getElementById('vtep-form'), encodeURIComponent(vtep.id), vtepFields(vtep));
});
document.getElementById('bindings').addEventListener('click', (event) => {
  const button = event.target.closest('button.edit-binding');
  const binding = button && model?.bindings.find((b) => bindingKey(b) === button.dataset.key);
  if (binding) editInForm(document.getElementById('binding-form'), bindingKey(binding), binding);
});
// Every table's delete button, after the operator says yes; a refusal (a network still bound, say) is shown under
// its table until the next action there.
document.querySelector('aside').addEventListener('click', async (event) => {
  const button = event.target.closest('button.delete');
  if (!button || !window.confirm(`Delete ${button.dataset.what}?`)) return;
  const error = button.closest('section').querySelector('.action-error');
  error.textContent = '';
  try {
    await deleteResource(button.dataset.path);
    refresh();
  } catch (refusal) {
    error.textContent = refusal.message;
  }
});

connectFeed({ onTopologyChanged: refresh, onEvent: addEvent, onStatus: setStatus });

// A store that cannot write (a full disk) refuses every change until it can again; only /health says so, and the
// feed pushes nothing for it, so it is asked every few seconds.
async function checkStore() {
  const warning = document.getElementById('store-warning');
  try {
    const health = await getJson('/health');
    warning.hidden = health.status !== 'DEGRADED';
    warning.textContent = health.store ? `changes refused: intent store ${health.store}` : '';
  } catch {
    // Unreachable: the feed's status says so.
  }
}
checkStore();
setInterval(checkStore, 5000);

// What the graph shows, for browser tests and for a look from the developer console.
window.vtepDashboard = { drawn: graph.drawn };
