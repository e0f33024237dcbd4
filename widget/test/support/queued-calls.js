// Calls a customer page makes through the stub before the widget has loaded.
window.__events = [];
Tessera.on('open', function () { window.__events.push('open'); });
Tessera.on('message-received', function (detail) { window.__events.push('received:' + detail.text); });
Tessera.send('echo: queued before load');
