/** Portuguese, Brazilian usage (`pt` is Brazil's in CLDR, whose "one" is 0 and 1). */
import type { Strings } from '../strings.js';

const pt: Strings = {
  open: 'Abrir o chat',
  close: 'Fechar o chat',
  newConversation: 'Nova conversa',
  startedNew: 'Nova conversa iniciada.',
  undo: 'Desfazer',
  conversation: 'Conversa',
  message: 'Mensagem',
  placeholder: 'Digite uma mensagem…',
  send: 'Enviar',
  stop: 'Parar',
  retry: 'Tentar novamente',
  jump: 'Ir para a mais recente',
  typing: 'O assistente está digitando…',
  you: 'Você:',
  bot: 'Assistente:',
  copy: 'Copiar código',
  copied: 'Copiado',
  copyMessage: 'Copiar mensagem',
  table: 'Tabela rolável',
  greeting: 'Olá! Como podemos ajudar?',
  recent: 'Conversas recentes',
  earlier: 'Anteriores',
  // many: a million and up ("1 milhão de novas mensagens").
  unread: { one: '{n} nova mensagem', many: '{n} de novas mensagens', other: '{n} novas mensagens' },
  stopped: 'Interrompido.',
  notEnabled: 'O chat não está ativado neste site.',
  unavailable: 'O chat não está disponível no momento.',
  offline: 'Você está offline. Verifique sua conexão e tente novamente.',
  waitSeconds: {
    one: 'Muitas mensagens no momento. Tente novamente em {n}\u00a0segundo.',
    other: 'Muitas mensagens no momento. Tente novamente em {n}\u00a0segundos.',
  },
  waitUntil: 'Muitas mensagens no momento. Tente novamente depois das {time}.',
  retryNow: 'Você já pode tentar novamente.',
  failed: 'Algo deu errado. Tente novamente.',
  interrupted: 'A resposta foi interrompida.',
  tooLong: {
    one: 'Sua mensagem é longa demais (máximo de {n} caractere).',
    other: 'Sua mensagem é longa demais (máximo de {n} caracteres).',
  },
  helpful: 'Útil',
  notHelpful: 'Não foi útil',
  whatWrong: 'O que estava errado?',
};
export default pt;
