// Calls a customer page makes through the stub before the widget has loaded.
window.__events = [];
Tessera.on('open', () => {
  window.__events.push('open');
});
Tessera.on('message-received', (detail) => {
  window.__events.push(`received:${detail.text}`);
});
Tessera.send('echo: queued before load');
