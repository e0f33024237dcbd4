/**
 * The page of test/support/tab.html: another tab of the visitor's, in a same-origin iframe of a
 * browser test. It runs its own copy of the widget (its own window, modules, BroadcastChannel and
 * storage events) and shares the test page's localStorage, as a second tab of the site does.
 *   /test/support/tab.html?siteKey=pk_…&serviceUrl=http://…[&channel=0]
 * channel=0: a browser without BroadcastChannel (the tabs then talk through storage events).
 */
const params = new URLSearchParams(location.search);
if (params.get('channel') === '0') (window as { BroadcastChannel?: unknown }).BroadcastChannel = undefined;
await import('../../src/tessera-chat/tessera-chat.js');

export {};

const el = document.createElement('tessera-chat');
el.setAttribute('mode', 'inline');
el.setAttribute('site-key', params.get('siteKey') ?? '');
el.setAttribute('service-url', params.get('serviceUrl') ?? '');
document.querySelector('div')!.append(el);
