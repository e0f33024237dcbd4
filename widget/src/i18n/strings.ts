/** The typed translation table: every UI string the widget shows, in English plus de, fr, es and ar. */

export interface Strings {
  /** Launcher label while the panel is closed. */
  open: string;
  /** Launcher label while open; the close buttons. */
  close: string;
  newConversation: string;
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
  greeting: string;
  stopped: string;
  notEnabled: string;
  unavailable: string;
  offline: string;
  /** `{n}`: seconds. */
  waitSeconds: string;
  /** `{time}`: a clock time. */
  waitUntil: string;
  failed: string;
  interrupted: string;
  /** `{n}`: the length limit. */
  tooLong: string;
  /** Thumbs up, thumbs down on an answer; the optional comment after a thumbs down. */
  helpful: string;
  notHelpful: string;
  whatWrong: string;
}

const en: Strings = {
  open: 'Open chat',
  close: 'Close chat',
  newConversation: 'New conversation',
  conversation: 'Conversation',
  message: 'Message',
  placeholder: 'Type a message…',
  send: 'Send',
  stop: 'Stop',
  retry: 'Retry',
  jump: 'Jump to latest',
  typing: 'The assistant is typing…',
  you: 'You:',
  bot: 'Assistant:',
  copy: 'Copy code',
  copied: 'Copied',
  greeting: 'Hi! How can we help?',
  stopped: 'Stopped.',
  notEnabled: 'Chat is not enabled on this site.',
  unavailable: 'Chat is not available right now.',
  offline: 'You are offline. Check your connection, then try again.',
  waitSeconds: 'Too many messages right now. Try again in {n} s.',
  waitUntil: 'Too many messages right now. Try again after {time}.',
  failed: 'Something went wrong. Please try again.',
  interrupted: 'The answer was interrupted.',
  tooLong: 'Your message is too long (at most {n} characters).',
  helpful: 'Helpful',
  notHelpful: 'Not helpful',
  whatWrong: 'What was wrong?',
};

const de: Strings = {
  open: 'Chat öffnen',
  close: 'Chat schließen',
  newConversation: 'Neue Unterhaltung',
  conversation: 'Unterhaltung',
  message: 'Nachricht',
  placeholder: 'Nachricht eingeben…',
  send: 'Senden',
  stop: 'Anhalten',
  retry: 'Erneut versuchen',
  jump: 'Zur neuesten Nachricht',
  typing: 'Der Assistent schreibt…',
  you: 'Sie:',
  bot: 'Assistent:',
  copy: 'Code kopieren',
  copied: 'Kopiert',
  greeting: 'Hallo! Wie können wir helfen?',
  stopped: 'Angehalten.',
  notEnabled: 'Der Chat ist auf dieser Website nicht aktiviert.',
  unavailable: 'Der Chat ist gerade nicht verfügbar.',
  offline: 'Sie sind offline. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
  waitSeconds: 'Gerade zu viele Nachrichten. Versuchen Sie es in {n} s erneut.',
  waitUntil: 'Gerade zu viele Nachrichten. Versuchen Sie es nach {time} erneut.',
  failed: 'Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.',
  interrupted: 'Die Antwort wurde unterbrochen.',
  tooLong: 'Ihre Nachricht ist zu lang (höchstens {n} Zeichen).',
  helpful: 'Hilfreich',
  notHelpful: 'Nicht hilfreich',
  whatWrong: 'Was war falsch?',
};

const fr: Strings = {
  open: 'Ouvrir le chat',
  close: 'Fermer le chat',
  newConversation: 'Nouvelle conversation',
  conversation: 'Conversation',
  message: 'Message',
  placeholder: 'Écrivez un message…',
  send: 'Envoyer',
  stop: 'Arrêter',
  retry: 'Réessayer',
  jump: 'Aller au dernier message',
  typing: 'L’assistant écrit…',
  you: 'Vous :',
  bot: 'Assistant :',
  copy: 'Copier le code',
  copied: 'Copié',
  greeting: 'Bonjour ! Comment pouvons-nous vous aider ?',
  stopped: 'Arrêté.',
  notEnabled: 'Le chat n’est pas activé sur ce site.',
  unavailable: 'Le chat n’est pas disponible pour le moment.',
  offline: 'Vous êtes hors ligne. Vérifiez votre connexion, puis réessayez.',
  waitSeconds: 'Trop de messages pour le moment. Réessayez dans {n} s.',
  waitUntil: 'Trop de messages pour le moment. Réessayez après {time}.',
  failed: 'Une erreur s’est produite. Veuillez réessayer.',
  interrupted: 'La réponse a été interrompue.',
  tooLong: 'Votre message est trop long ({n} caractères au maximum).',
  helpful: 'Utile',
  notHelpful: 'Pas utile',
  whatWrong: 'Quel était le problème ?',
};

const es: Strings = {
  open: 'Abrir el chat',
  close: 'Cerrar el chat',
  newConversation: 'Nueva conversación',
  conversation: 'Conversación',
  message: 'Mensaje',
  placeholder: 'Escribe un mensaje…',
  send: 'Enviar',
  stop: 'Detener',
  retry: 'Reintentar',
  jump: 'Ir al último mensaje',
  typing: 'El asistente está escribiendo…',
  you: 'Tú:',
  bot: 'Asistente:',
  copy: 'Copiar código',
  copied: 'Copiado',
  greeting: '¡Hola! ¿En qué podemos ayudarte?',
  stopped: 'Detenido.',
  notEnabled: 'El chat no está activado en este sitio.',
  unavailable: 'El chat no está disponible en este momento.',
  offline: 'Estás sin conexión. Revisa tu conexión y vuelve a intentarlo.',
  waitSeconds: 'Demasiados mensajes ahora mismo. Inténtalo de nuevo en {n} s.',
  waitUntil: 'Demasiados mensajes ahora mismo. Inténtalo de nuevo después de las {time}.',
  failed: 'Algo salió mal. Inténtalo de nuevo.',
  interrupted: 'La respuesta se interrumpió.',
  tooLong: 'Tu mensaje es demasiado largo (máximo {n} caracteres).',
  helpful: 'Útil',
  notHelpful: 'No útil',
  whatWrong: '¿Qué falló?',
};

const ar: Strings = {
  open: 'فتح المحادثة',
  close: 'إغلاق المحادثة',
  newConversation: 'محادثة جديدة',
  conversation: 'المحادثة',
  message: 'رسالة',
  placeholder: 'اكتب رسالة…',
  send: 'إرسال',
  stop: 'إيقاف',
  retry: 'إعادة المحاولة',
  jump: 'الانتقال إلى الأحدث',
  typing: 'المساعد يكتب…',
  you: 'أنت:',
  bot: 'المساعد:',
  copy: 'نسخ الشيفرة',
  copied: 'تم النسخ',
  greeting: 'مرحبًا! كيف يمكننا مساعدتك؟',
  stopped: 'تم الإيقاف.',
  notEnabled: 'المحادثة غير مفعّلة على هذا الموقع.',
  unavailable: 'المحادثة غير متاحة حاليًا.',
  offline: 'أنت غير متصل بالإنترنت. تحقق من الاتصال ثم أعد المحاولة.',
  waitSeconds: 'رسائل كثيرة جدًا الآن. أعد المحاولة بعد {n} ثانية.',
  waitUntil: 'رسائل كثيرة جدًا الآن. أعد المحاولة بعد {time}.',
  failed: 'حدث خطأ ما. يرجى إعادة المحاولة.',
  interrupted: 'انقطعت الإجابة.',
  tooLong: 'رسالتك طويلة جدًا (الحد الأقصى {n} حرف).',
  helpful: 'مفيد',
  notHelpful: 'غير مفيد',
  whatWrong: 'ما الخطأ؟',
};

export const LOCALES = { en, de, fr, es, ar } as const;
export type Locale = keyof typeof LOCALES;
