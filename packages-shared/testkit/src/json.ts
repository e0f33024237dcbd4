/**
 * A JSON body as tests read it: whatever the service answered, navigated without ceremony
 * (`res.json.token`, `event.data.text`); the tests' assertions are its type check.
 */
// biome-ignore lint/suspicious/noExplicitAny: deliberately loose, for test code only (see above)
export type TestJson = any;
