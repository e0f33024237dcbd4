/**
 * The typed translation table: every UI string the widget shows, in English plus de, fr, es and ar.
 * One row per string with its five translations side by side (in LANGUAGES' order, which the row
 * type names), so a string is never missing in one language and its key is written once: the
 * per-language objects the widget reads are built from the rows when the script loads (the keys
 * repeated for every language cost ~50 B of the size budget).
 */

import { CLOSE, LANGUAGES, type Locale, OPEN, type Row } from './locale.js';

export type { Locale };

const ROWS = {
  open: OPEN,
  close: CLOSE,
  newConversation: ['New conversation', 'Neue Unterhaltung', 'Nouvelle conversation', 'Nueva conversación', 'محادثة جديدة'],
  /** The bar after "new conversation", with its undo button. */
  startedNew: [
    'Started a new conversation.',
    'Neue Unterhaltung begonnen.',
    'Nouvelle conversation commencée.',
    'Nueva conversación iniciada.',
    'بدأت محادثة جديدة.',
  ],
  undo: ['Undo', 'Rückgängig', 'Annuler', 'Deshacer', 'تراجع'],
  /** Accessible name of the transcript. */
  conversation: ['Conversation', 'Unterhaltung', 'Conversation', 'Conversación', 'المحادثة'],
  /** Accessible name of the composer. */
  message: ['Message', 'Nachricht', 'Message', 'Mensaje', 'رسالة'],
  placeholder: ['Type a message…', 'Nachricht eingeben…', 'Écrivez un message…', 'Escribe un mensaje…', 'اكتب رسالة…'],
  send: ['Send', 'Senden', 'Envoyer', 'Enviar', 'إرسال'],
  stop: ['Stop', 'Anhalten', 'Arrêter', 'Detener', 'إيقاف'],
  retry: ['Retry', 'Erneut versuchen', 'Réessayer', 'Reintentar', 'إعادة المحاولة'],
  jump: ['Jump to latest', 'Zur neuesten Nachricht', 'Aller au dernier message', 'Ir al último mensaje', 'الانتقال إلى الأحدث'],
  typing: [
    'The assistant is typing…',
    'Der Assistent schreibt…',
    'L’assistant écrit…',
    'El asistente está escribiendo…',
    'المساعد يكتب…',
  ],
  /** Screen-reader prefix of visitor messages. */
  you: ['You:', 'Sie:', 'Vous :', 'Tú:', 'أنت:'],
  /** Screen-reader prefix of bot messages. */
  bot: ['Assistant:', 'Assistent:', 'Assistant :', 'Asistente:', 'المساعد:'],
  copy: ['Copy code', 'Code kopieren', 'Copier le code', 'Copiar código', 'نسخ الشيفرة'],
  copied: ['Copied', 'Kopiert', 'Copié', 'Copiado', 'تم النسخ'],
  /** Accessible name of the box a table scrolls sideways in. */
  table: ['Scrollable table', 'Scrollbare Tabelle', 'Tableau défilant', 'Tabla desplazable', 'جدول قابل للتمرير'],
  greeting: [
    'Hi! How can we help?',
    'Hallo! Wie können wir helfen?',
    'Bonjour ! Comment pouvons-nous vous aider ?',
    '¡Hola! ¿En qué podemos ayudarte?',
    'مرحبًا! كيف يمكننا مساعدتك؟',
  ],
  stopped: ['Stopped.', 'Angehalten.', 'Arrêté.', 'Detenido.', 'تم الإيقاف.'],
  notEnabled: [
    'Chat is not enabled on this site.',
    'Der Chat ist auf dieser Website nicht aktiviert.',
    'Le chat n’est pas activé sur ce site.',
    'El chat no está activado en este sitio.',
    'المحادثة غير مفعّلة على هذا الموقع.',
  ],
  unavailable: [
    'Chat is not available right now.',
    'Der Chat ist gerade nicht verfügbar.',
    'Le chat n’est pas disponible pour le moment.',
    'El chat no está disponible en este momento.',
    'المحادثة غير متاحة حاليًا.',
  ],
  offline: [
    'You are offline. Check your connection, then try again.',
    'Sie sind offline. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
    'Vous êtes hors ligne. Vérifiez votre connexion, puis réessayez.',
    'Estás sin conexión. Revisa tu conexión y vuelve a intentarlo.',
    'أنت غير متصل بالإنترنت. تحقق من الاتصال ثم أعد المحاولة.',
  ],
  /** `{n}`: seconds (a no-break space keeps the number with its unit as it counts down). */
  waitSeconds: [
    'Too many messages right now. Try again in {n}\u00a0s.',
    'Gerade zu viele Nachrichten. Versuchen Sie es in {n}\u00a0s erneut.',
    'Trop de messages pour le moment. Réessayez dans {n}\u00a0s.',
    'Demasiados mensajes ahora mismo. Inténtalo de nuevo en {n}\u00a0s.',
    'رسائل كثيرة جدًا الآن. أعد المحاولة بعد {n}\u00a0ثانية.',
  ],
  /** `{time}`: a clock time. */
  waitUntil: [
    'Too many messages right now. Try again after {time}.',
    'Gerade zu viele Nachrichten. Versuchen Sie es nach {time} erneut.',
    'Trop de messages pour le moment. Réessayez après {time}.',
    'Demasiados mensajes ahora mismo. Inténtalo de nuevo después de las {time}.',
    'رسائل كثيرة جدًا الآن. أعد المحاولة بعد {time}.',
  ],
  /** A rate limit's wait is over (the countdown's last word). */
  retryNow: [
    'You can try again now.',
    'Sie können es jetzt erneut versuchen.',
    'Vous pouvez réessayer maintenant.',
    'Ya puedes volver a intentarlo.',
    'يمكنك إعادة المحاولة الآن.',
  ],
  failed: [
    'Something went wrong. Please try again.',
    'Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.',
    'Une erreur s’est produite. Veuillez réessayer.',
    'Algo salió mal. Inténtalo de nuevo.',
    'حدث خطأ ما. يرجى إعادة المحاولة.',
  ],
  interrupted: [
    'The answer was interrupted.',
    'Die Antwort wurde unterbrochen.',
    'La réponse a été interrompue.',
    'La respuesta se interrumpió.',
    'انقطعت الإجابة.',
  ],
  /** `{n}`: the length limit. */
  tooLong: [
    'Your message is too long (at most {n} characters).',
    'Ihre Nachricht ist zu lang (höchstens {n} Zeichen).',
    'Votre message est trop long ({n} caractères au maximum).',
    'Tu mensaje es demasiado largo (máximo {n} caracteres).',
    'رسالتك طويلة جدًا (الحد الأقصى {n} حرف).',
  ],
  /** Thumbs up, thumbs down on an answer; the optional comment after a thumbs down. */
  helpful: ['Helpful', 'Hilfreich', 'Utile', 'Útil', 'مفيد'],
  notHelpful: ['Not helpful', 'Nicht hilfreich', 'Pas utile', 'No útil', 'غير مفيد'],
  whatWrong: ['What was wrong?', 'Was war falsch?', 'Quel était le problème ?', '¿Qué falló?', 'ما الخطأ؟'],
} satisfies Record<string, Row>;

export type Strings = Record<keyof typeof ROWS, string>;

export const LOCALES = Object.fromEntries(
  LANGUAGES.map((lang, i) => [lang, Object.fromEntries(Object.entries(ROWS).map(([key, row]) => [key, row[i]]))]),
) as Record<Locale, Strings>;
