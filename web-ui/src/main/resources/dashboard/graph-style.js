// How the topology looks: VTEPs are boxes holding their endpoints (hypervisors blue-grey, ToRs lilac), the border
// tells the OVSDB session state, endpoints take their network's colour, tunnels are solid when both ends are up.
export const GRAPH_STYLE = [
  { selector: 'node', style: { 'font-family': 'system-ui, sans-serif', 'font-size': 10, color: '#1f2933' } },
  { selector: 'node.vtep', style: {
    shape: 'round-rectangle', 'background-color': '#e7eef7', 'border-width': 3, 'border-color': '#2f9e44',
    label: 'data(label)', 'text-wrap': 'wrap', 'text-valign': 'top', 'text-halign': 'center', 'text-margin-y': -4,
    'font-size': 12, 'font-weight': 600, padding: 14 } },
  { selector: 'node.vtep:childless', style: { width: 170, height: 48, 'text-valign': 'center', 'text-margin-y': 0 } },
  { selector: 'node.hardware-vtep', style: { shape: 'rectangle', 'background-color': '#efe7f8' } },
  { selector: 'node.disconnected', style: { 'border-color': '#c92a2a', 'border-style': 'dashed' } },
  { selector: 'node.problem', style: { 'border-color': '#e8590c' } },
  { selector: 'node.endpoint', style: {
    width: 20, height: 20, 'background-color': 'data(color)', 'border-width': 1, 'border-color': '#ffffff',
    label: 'data(label)', 'text-wrap': 'wrap', 'text-valign': 'bottom', 'text-margin-y': 3 } },
  { selector: 'node.endpoint.mac', style: { shape: 'diamond' } },
  { selector: 'node.summary', style: {
    shape: 'round-rectangle', width: 110, height: 24, 'background-color': '#ffffff', 'border-width': 1,
    'border-color': '#9aa5b1', label: 'data(label)', 'text-valign': 'center', 'text-halign': 'center' } },
  { selector: 'edge.tunnel', style: {
    width: 3, 'line-color': '#4263eb', 'curve-style': 'bezier', label: 'data(label)', 'font-size': 10,
    color: '#364fc7', 'text-background-color': '#ffffff', 'text-background-opacity': 0.9,
    'text-background-padding': 2, 'text-rotation': 'autorotate' } },
  { selector: 'edge.down', style: { 'line-style': 'dashed', 'line-color': '#adb5bd', color: '#868e96' } },
  { selector: 'node.match', style: { 'border-width': 4, 'border-color': '#f59f00', 'z-index': 10 } },
  { selector: '.faded', style: { opacity: 0.2 } },
  { selector: 'node:selected', style: { 'overlay-color': '#f59f00', 'overlay-opacity': 0.25 } },
];
