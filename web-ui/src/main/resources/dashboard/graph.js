import { GRAPH_STYLE } from './graph-style.js';
import { endpointMatches, vniColor, vtepMatches } from './model.js';

/* global cytoscape, cytoscapeFcose */
cytoscape.use(cytoscapeFcose);

// A VTEP with more endpoints than this starts collapsed to one "N endpoints" box, so 50 VTEPs with 2,000
// endpoints draw as ~100 nodes until the operator opens a group (click it) or searches into it.
const AUTO_COLLAPSE = 12;
// fcose lays out compound graphs: VTEPs are boxes, their endpoints (which have no edges) are tiled inside them.
const LAYOUT = {
  name: 'fcose', animate: false, nodeDimensionsIncludeLabels: true, packComponents: true, padding: 30,
  idealEdgeLength: () => 220, nodeRepulsion: () => 90000, nestingFactor: 0.1, gravity: 0.25, numIter: 2500,
  tile: true, tilingPaddingVertical: 14, tilingPaddingHorizontal: 14,
};

export function createGraph(container, onSelect) {
  const cy = cytoscape({ container, style: GRAPH_STYLE, minZoom: 0.05, maxZoom: 3 });
  const toggled = new Map();
  let model = null;
  let view = { vni: null, query: '' };
  let structure = '';

  cy.on('tap', 'node.vtep, node.summary', (event) => {
    const id = event.target.data('vtep');
    toggled.set(id, !isCollapsed(model.vteps.find((v) => v.id === id)));
    draw();
  });
  cy.on('tap', 'node.endpoint', (event) => onSelect(event.target.data('detail')));
  cy.on('tap', (event) => { if (event.target === cy) onSelect(null); });

  function isCollapsed(vtep) {
    return toggled.get(vtep.id) ?? vtep.endpoints.length > AUTO_COLLAPSE;
  }

  function vtepNode(vtep) {
    const kind = vtep.kind === 'hardware-vtep' ? 'ToR' : 'hypervisor';
    const label = `${vtep.id} · ${kind}\n${vtep.tunnelIp ?? 'no tunnel IP'} · ${vtep.state}`;
    const classes = ['vtep', vtep.kind, vtep.state, vtep.problems.length ? 'problem' : ''].join(' ');
    return { group: 'nodes', data: { id: `v:${vtep.id}`, vtep: vtep.id, label }, classes };
  }

  function endpointNode(vtep, endpoint) {
    const vlan = endpoint.vlan ? ` vlan ${endpoint.vlan}` : '';
    const label = [`${endpoint.port ?? endpoint.iface ?? ''}${vlan}`, endpoint.mac, endpoint.ip].filter(Boolean).join('\n');
    return { group: 'nodes', classes: `endpoint ${endpoint.kind}`, data: { id: `e:${vtep.id}:${endpoint.key}`,
      parent: `v:${vtep.id}`, label, color: vniColor(endpoint.vni), detail: { vtep: vtep.id, ...endpoint } } };
  }

  function members(vtep) {
    const visible = vtep.endpoints.filter((e) => !view.vni || e.vni === view.vni);
    const searchedInto = view.query && visible.some((e) => endpointMatches(e, view.query));
    if (isCollapsed(vtep) && !searchedInto && visible.length) {
      return [{ group: 'nodes', classes: 'summary', data: { id: `s:${vtep.id}`, parent: `v:${vtep.id}`,
        vtep: vtep.id, label: `${visible.length} endpoints ▸` } }];
    }
    return visible.map((endpoint) => endpointNode(vtep, endpoint));
  }

  function elements() {
    const nodes = model.vteps.flatMap((vtep) => [vtepNode(vtep), ...members(vtep)]);
    const tunnels = model.links.filter((link) => !view.vni || link.vnis.includes(view.vni)).map((link) => ({
      group: 'edges', classes: `tunnel ${link.up ? 'up' : 'down'}`,
      data: { id: `t:${link.id}`, source: `v:${link.a}`, target: `v:${link.b}`, label: linkLabel(link) } }));
    return nodes.concat(tunnels);
  }

  // Updates elements in place and lays out again only when the set of elements changed, so a live refresh
  // (a state change, a new MAC age) does not move anything the operator is looking at.
  function draw() {
    const wanted = elements();
    const ids = new Set(wanted.map((el) => el.data.id));
    cy.batch(() => {
      cy.elements().filter((el) => !ids.has(el.id())).remove();
      for (const el of wanted) {
        const existing = cy.getElementById(el.data.id);
        if (existing.empty()) {
          cy.add(el);
        } else {
          const { id, parent, source, target, ...changing } = el.data; // identity and placement are fixed
          existing.data(changing);
          existing.classes(el.classes);
        }
      }
    });
    const shape = [...ids].sort().join(' ');
    if (shape !== structure) {
      cy.layout({ ...LAYOUT, randomize: structure === '' }).run();
      structure = shape;
    }
    return highlight();
  }

  function highlight() {
    cy.elements().removeClass('match faded');
    if (!view.query) return null;
    const hits = cy.nodes().filter((n) => (n.hasClass('endpoint') && endpointMatches(n.data('detail'), view.query))
      || (n.hasClass('vtep') && vtepMatches(model.vteps.find((v) => v.id === n.data('vtep')), view.query)));
    cy.elements().not(hits).not(hits.ancestors()).addClass('faded');
    hits.addClass('match');
    return hits;
  }

  function setCollapsedAll(collapsed) {
    if (!model) return;
    model.vteps.forEach((vtep) => toggled.set(vtep.id, collapsed));
    draw();
  }

  return {
    render(nextModel, nextView) {
      model = nextModel;
      view = nextView;
      return draw();
    },
    focus(hits) {
      if (hits && hits.nonempty()) cy.fit(hits, 80);
    },
    drawn: () => cy.elements().map((el) => ({ id: el.id(), label: el.data('label'), classes: el.classes() })),
    expandAll: () => setCollapsedAll(false),
    collapseAll: () => setCollapsedAll(true),
    fit: () => cy.fit(undefined, 30),
  };
}

function linkLabel(link) {
  const vnis = link.vnis.length ? `VNI ${link.vnis.join(', ')}` : 'no shared VNI';
  const bfd = link.bfd.length ? ` · BFD ${link.bfd.map((b) => b.state ?? b).join('/')}` : '';
  return vnis + bfd;
}
