/**
 * `pnpm start`: the partner story in one command. Brings up the ChatBotKit emulator (or the real
 * ChatBotKit with CHATBOTKIT_TOKEN), the token service, three customer sites on their own origins
 * and the partner's pages (the theme playground opens a customer's widget settings in the portal);
 * prints where everything is; Ctrl-C stops it all.
 */
import { DEMO_OPERATOR, demoOwner } from './servers.js';
import { startDemo } from './stack.js';

const env = process.env;
const port = (name: string, fallback: number) => Number(env[name] ?? fallback);

const demo = await startDemo({
  dataDir: env.TESSERA_DATA_DIR ?? './data',
  ports: {
    service: port('PORT', 8787),
    partner: port('DEMO_PARTNER_PORT', 5180),
    velo: port('DEMO_VELO_PORT', 5173),
    dental: port('DEMO_DENTAL_PORT', 5174),
    docs: port('DEMO_DOCS_PORT', 5175),
  },
  chatbotkitToken: env.CHATBOTKIT_TOKEN,
  chatbotkitApiUrl: env.CHATBOTKIT_API_URL,
  adminToken: env.TESSERA_ADMIN_TOKEN,
  logLevel: env.LOG_LEVEL,
}).catch((err: unknown) => {
  console.error(`demo: failed to start: ${(err as Error).message}`);
  process.exit(1);
});

const pad = (s: string) => s.padEnd(22);
console.log(
  [
    '',
    `Tessera demo${demo.emulator ? ' (answers come from the local ChatBotKit emulator; set CHATBOTKIT_TOKEN for the real one)' : ' (real ChatBotKit)'}`,
    '',
    `  ${pad('partner landing page')}${demo.partnerUrl}/`,
    `  ${pad('theme playground')}${demo.partnerUrl}/playground.html   (a customer's widget settings, in the portal)`,
    ...demo.sites.map((s) => `  ${pad(s.customer.tenant)}${s.origin}/   site key ${s.site.siteKey}`),
    ...demo.sites
      .filter((s) => s.customer.signedInUsers)
      .map(
        (s) => `  ${pad('signed-in visitors')}${s.origin}/account.html   (${s.customer.tenant}'s product, signing its users in)`,
      ),
    `  ${pad('token service')}${demo.serviceUrl}   (widget: ${demo.serviceUrl}/widget.js)`,
    `  ${pad('admin token')}${demo.adminToken}`,
    '',
    `  ${pad('partner console')}${demo.partnerUrl}/portal/operator   (signs in ${DEMO_OPERATOR}, the demo operator)`,
    `  ${pad("a customer's portal")}${demo.partnerUrl}/portal/customer/velo   (signs in ${demoOwner('velo')}, owner of Velo Bikes)`,
    '',
    `  CLI: TESSERA_URL=${demo.serviceUrl} TESSERA_ADMIN_TOKEN=${demo.adminToken} pnpm tessera tenants list`,
    '',
    'Press Ctrl-C to stop.',
    '',
  ].join('\n'),
);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping…');
  await demo.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
