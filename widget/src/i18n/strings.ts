/**
 * The type of the widget's own words: every UI string, one object per language in locales/<tag>.ts
 * (typed as Strings there, so a key missing in any language fails to compile). English comes with
 * the panel; every other language is a file of its own, loaded for the visitors who speak it.
 */

/**
 * A text with a count `{n}`, in the plural forms its language has (Intl.PluralRules' categories);
 * a form the language has but the text leaves out is `other` (`plural()` in index.ts).
 */
export interface Plural {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}

export interface Strings {
  /** The launcher's label while the panel is closed (also in locale.ts, which the launcher reads). */
  open: string;
  /** The launcher's label while open; the close buttons. */
  close: string;
  newConversation: string;
  /** The bar after "new conversation", with its undo button. */
  startedNew: string;
  undo: string;
  /** Accessible name of the transcript. */
  conversation: string;
  /** Accessible name of the composer. */
  message: string;
  placeholder: string;
  send: string;
  stop: string;
  retry: string;
  jump: string;
  typing: string;
  /** Screen-reader prefix of visitor messages. */
  you: string;
  /** Screen-reader prefix of bot messages. */
  bot: string;
  copy: string;
  copied: string;
  /** The button on each bot message that copies it. */
  copyMessage: string;
  /** Accessible name of the box a table scrolls sideways in. */
  table: string;
  greeting: string;
  /** Heading of the visitor's other conversations on the welcome screen. */
  recent: string;
  /** Heading of older entries in a list (after the recent ones). */
  earlier: string;
  /** `{n}`: the launcher's unread badge, as its label. */
  unread: Plural;
  stopped: string;
  notEnabled: string;
  /** In place of the chat, where the site lets only its signed-in users chat and the page has not signed one in. */
  signIn: string;
  unavailable: string;
  offline: string;
  /** `{n}`: seconds (a no-break space keeps the number with its unit as it counts down). */
  waitSeconds: Plural;
  /** `{time}`: a clock time. */
  waitUntil: string;
  /** A rate limit's wait is over (the countdown's last word). */
  retryNow: string;
  failed: string;
  interrupted: string;
  /** `{n}`: the length limit. */
  tooLong: Plural;
  /** Thumbs up, thumbs down on an answer; the optional comment after a thumbs down. */
  helpful: string;
  notHelpful: string;
  whatWrong: string;
}
