/** Placeholder until the widget issue lands: the token service serves whatever widget/ builds. */
export const TESSERA_WIDGET_VERSION = '0.1.0';
