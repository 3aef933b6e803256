import { GRAPH_STYLE } from './graph-style.js';
import { endpointMatches, vniColor, vtepMatches } from './model.js';

/* global cytoscape, cytoscapeFcose */
cytoscape.use(cytoscapeFcose);

// A VTEP with more endpoints than this starts collapsed to one "N endpoints" box, so 50 VTEPs with 2,000
// endpoints draw as ~100 nodes until the operator opens a group (click it) or searches into it.
const AUTO_COLLAPSE = 12;
// Beyond this many tunnels (a full mesh of 12 VTEPs has 66) lines hide the boxes: only the tunnels of the VTEP
// clicked last and of VTEPs the search found are drawn, and the layout packs the boxes without them.
const MESH_LIMIT = 60;
// fcose lays out compound graphs: VTEPs are boxes, their endpoints (which have no edges) are tiled inside them.
const LAYOUT = {
  name: 'fcose', animate: false, nodeDimensionsIncludeLabels: true, packComponents: true, padding: 30,
  idealEdgeLength: () => 220, nodeRepulsion: () => 90000, nestingFactor: 0.1, gravity: 0.25, numIter: 2500,
  tile: true, tilingPaddingVertical: 14, tilingPaddingHorizontal: 14,
};

export function createGraph(container, hint, onSelect) {
  const cy = cytoscape({ container, style: GRAPH_STYLE, minZoom: 0.05, maxZoom: 3 });
  const toggled = new Map();
  let model = null;
  let view = { vni: null, query: '' };
  let structure = '';
  let focused = null;

  cy.on('tap', 'node.vtep, node.summary', (event) => {
    const id = event.target.data('vtep');
    toggled.set(id, !isCollapsed(model.vteps.find((v) => v.id === id)));
    focused = id;
    draw();
  });
  cy.on('tap', 'node.endpoint', (event) => onSelect(event.target.data('detail')));
  cy.on('tap', (event) => {
    if (event.target !== cy) return;
    onSelect(null);
    focused = null;
    draw();
  });

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

  // The tunnels to draw, and whether the layout may use them (only while the whole mesh is drawn).
  function tunnels() {
    const links = model.links.filter((link) => !view.vni || link.vnis.includes(view.vni));
    if (links.length <= MESH_LIMIT) {
      hint.textContent = '';
      return { links, inLayout: true };
    }
    const shown = new Set(model.vteps.filter((v) => v.id === focused || (view.query && (vtepMatches(v, view.query)
      || v.endpoints.some((e) => endpointMatches(e, view.query))))).map((v) => v.id));
    hint.textContent = `${links.length} tunnels: click a VTEP to draw its own`;
    return { links: links.filter((link) => shown.has(link.a) || shown.has(link.b)), inLayout: false };
  }

  function elements() {
    const nodes = model.vteps.flatMap((vtep) => [vtepNode(vtep), ...members(vtep)]);
    const { links, inLayout } = tunnels();
    const edges = links.map((link) => ({ group: 'edges', classes: `tunnel ${link.up ? 'up' : 'down'}`,
      data: { id: `t:${link.id}`, source: `v:${link.a}`, target: `v:${link.b}`, label: linkLabel(link) } }));
    return { elements: nodes.concat(edges), inLayout };
  }

  // Updates elements in place and lays out again only when the set of elements changed, so a live refresh
  // (a state change, a new MAC age) does not move anything the operator is looking at.
  function draw() {
    const { elements: wanted, inLayout } = elements();
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
    const laidOut = inLayout ? [...ids] : [...ids].filter((id) => !id.startsWith('t:'));
    const shape = laidOut.sort().join(' ');
    if (shape !== structure) {
      const first = structure === ''; // later layouts start from where things are, which fcose does only at 'proof'
      (inLayout ? cy.elements() : cy.nodes()).layout({ ...LAYOUT, randomize: first, quality: first ? 'default' : 'proof' }).run();
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
    // Shows the matches with their VTEP boxes, never closer than a readable zoom.
    focus(hits) {
      if (!hits || hits.empty()) return;
      const target = hits.union(hits.parents());
      cy.fit(target, 60);
      if (cy.zoom() > 1.2) {
        cy.zoom(1.2);
        cy.center(target);
      }
    },
    drawn: () => cy.elements().map((el) => ({ id: el.id(), label: el.data('label'), classes: el.classes() })),
    expandAll: () => setCollapsedAll(false),
    collapseAll: () => setCollapsedAll(true),
    fit: () => cy.fit(undefined, 30),
  };
}

// A tunnel to a ToR can carry thousands of networks: its label names the first few and counts the rest (the VNI
// filter shows which tunnels carry one), or the graph would be fitted around one endless label.
const LINK_VNIS_NAMED = 3;

function linkLabel(link) {
  const more = link.vnis.length - LINK_VNIS_NAMED;
  const named = `VNI ${link.vnis.slice(0, LINK_VNIS_NAMED).join(', ')}${more > 0 ? ` +${more} more` : ''}`;
  const vnis = link.vnis.length ? named : 'no shared VNI';
  const bfd = link.bfd.length ? ` · BFD ${link.bfd.map((b) => b.state ?? b).join('/')}` : '';
  return vnis + bfd;
}
