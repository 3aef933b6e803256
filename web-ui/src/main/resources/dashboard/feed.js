// The server's push channel (Server-Sent Events). The browser's EventSource reconnects by itself and sends the
// last event id it saw, so after a drop the events resume where they stopped and the topology is fetched afresh.
export function connectFeed({ onTopologyChanged, onEvent, onStatus }) {
  const source = new EventSource('/api/v1/events');
  source.addEventListener('hello', () => {
    onStatus('live');
    onTopologyChanged();
  });
  source.addEventListener('topology', () => onTopologyChanged());
  source.addEventListener('log', (message) => onEvent(JSON.parse(message.data)));
  source.addEventListener('gap', () => onEvent({ level: 'warning', kind: 'gap', at: new Date().toISOString(),
    text: 'this page fell behind: some older events were skipped' }));
  source.addEventListener('error', () => onStatus(source.readyState === EventSource.CLOSED ? 'offline' : 'reconnecting'));
  return source;
}

// Runs fetches one at a time: changes arriving during a fetch cost exactly one more fetch, not one each.
export function coalesced(task) {
  let running = false;
  let again = false;
  return async function run() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await task();
      } while (again);
    } finally {
      running = false;
    }
  };
}
