/** French: a narrow no-break space (U+202F) before « : ! ? », so they never wrap onto a line of their own. */
import type { Strings } from '../strings.js';

const fr: Strings = {
  open: 'Ouvrir le chat',
  close: 'Fermer le chat',
  newConversation: 'Nouvelle conversation',
  startedNew: 'Nouvelle conversation commencée.',
  undo: 'Annuler',
  conversation: 'Conversation',
  message: 'Message',
  placeholder: 'Écrivez un message…',
  send: 'Envoyer',
  stop: 'Arrêter',
  retry: 'Réessayer',
  jump: 'Aller au dernier message',
  typing: 'L’assistant écrit…',
  you: 'Vous\u202f:',
  bot: 'Assistant\u202f:',
  copy: 'Copier le code',
  copied: 'Copié',
  copyMessage: 'Copier le message',
  table: 'Tableau défilant',
  greeting: 'Bonjour\u202f! Comment pouvons-nous vous aider\u202f?',
  recent: 'Conversations récentes',
  earlier: 'Plus tôt',
  // many: a million and up ("1 000 000 de nouveaux messages").
  unread: { one: '{n} nouveau message', many: '{n} de nouveaux messages', other: '{n} nouveaux messages' },
  stopped: 'Arrêté.',
  notEnabled: 'Le chat n’est pas activé sur ce site.',
  unavailable: 'Le chat n’est pas disponible pour le moment.',
  offline: 'Vous êtes hors ligne. Vérifiez votre connexion, puis réessayez.',
  waitSeconds: {
    one: 'Trop de messages pour le moment. Réessayez dans {n}\u00a0seconde.',
    other: 'Trop de messages pour le moment. Réessayez dans {n}\u00a0secondes.',
  },
  waitUntil: 'Trop de messages pour le moment. Réessayez après {time}.',
  retryNow: 'Vous pouvez réessayer maintenant.',
  failed: 'Une erreur s’est produite. Veuillez réessayer.',
  interrupted: 'La réponse a été interrompue.',
  tooLong: {
    one: 'Votre message est trop long ({n}\u00a0caractère au maximum).',
    other: 'Votre message est trop long ({n}\u00a0caractères au maximum).',
  },
  helpful: 'Utile',
  notHelpful: 'Pas utile',
  whatWrong: 'Quel était le problème\u202f?',
};
export default fr;
