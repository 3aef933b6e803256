// Turns the API's topology document into what the dashboard draws: endpoints grouped under their VTEP (a VM port
// and the MAC entry that names the same MAC are one endpoint), and one link per pair of VTEPs with tunnels.

// A hash of the VNI picks the hue: each network keeps its colour on every page and every load, and VNIs that
// differ little (5000, 5001) or by round steps (5000, 6000) still land far apart on the colour wheel.
export function vniColor(vni) {
  if (vni === undefined || vni === null) return '#9aa5b1';
  let x = Math.imul(vni, 2654435761) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 2246822519) >>> 0;
  return `hsl(${((x ^ (x >>> 13)) >>> 0) % 360}, 65%, 45%)`;
}

export function buildModel(topology) {
  const bindingVni = new Map(topology.bindings.map((b) => [`${b.vtep}/${b.port}/${b.vlan}`, b.vni]));
  const anyVlanVni = new Map(topology.bindings.map((b) => [`${b.vtep}/${b.port}`, b.vni]));
  const vteps = topology.vteps.map((vtep) => ({ ...vtep, endpoints: portEndpoints(vtep, anyVlanVni) }));
  const byId = new Map(vteps.map((v) => [v.id, v]));
  for (const entry of topology.endpoints) {
    const vtep = byId.get(entry.vtep);
    if (vtep) mergeMac(vtep.endpoints, entry, bindingVni);
  }
  return { revision: topology.revision, vteps, links: links(topology.tunnels, byId), networks: topology.networks,
    bindings: topology.bindings, macs: topology.endpoints };
}

function portEndpoints(vtep, anyVlanVni) {
  return vtep.ports.filter((p) => p.mac || p.ifaceId).map((p) => ({
    key: p.mac || p.name, kind: 'vm', port: p.name, mac: p.mac, iface: p.ifaceId, ip: p.ip,
    vni: anyVlanVni.get(`${vtep.id}/${p.name}`),
  }));
}

function mergeMac(endpoints, entry, bindingVni) {
  const vni = entry.vni ?? bindingVni.get(`${entry.vtep}/${entry.port}/${entry.vlan}`);
  const found = endpoints.find((e) => e.mac === entry.mac);
  const fields = { vni, vlan: entry.vlan, source: entry.source, moves: entry.moves, ip: entry.ip };
  if (found) {
    Object.assign(found, Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)));
  } else {
    endpoints.push({ key: entry.mac, kind: 'mac', port: entry.port, mac: entry.mac, ...fields });
  }
}

function links(tunnels, byId) {
  const pairs = new Map();
  for (const t of tunnels) {
    const [a, b] = [t.from, t.to].sort();
    const link = pairs.get(`${a}|${b}`) ?? { id: `${a}|${b}`, a, b, vnis: new Set(), directions: 0, bfd: [] };
    t.vnis.forEach((vni) => link.vnis.add(vni));
    link.directions += 1;
    if (t.bfd) link.bfd.push(t.bfd);
    pairs.set(link.id, link);
  }
  return [...pairs.values()].map((link) => ({
    ...link, vnis: [...link.vnis].sort((x, y) => x - y),
    up: [link.a, link.b].every((id) => byId.get(id)?.state === 'connected'),
  }));
}

// What search looks at: MAC, IP, port, interface id for endpoints; id and tunnel IP for VTEPs.
export function endpointMatches(endpoint, query) {
  return [endpoint.mac, endpoint.ip, endpoint.port, endpoint.iface].some((v) => v && v.toLowerCase().includes(query));
}

export function vtepMatches(vtep, query) {
  return [vtep.id, vtep.tunnelIp].some((v) => v && v.toLowerCase().includes(query));
}
