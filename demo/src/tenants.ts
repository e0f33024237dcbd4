/**
 * The demo's fictional customers: each a tenant with its own bot (its backstory drives the
 * emulator's answers), its own site on its own origin, and its own look.
 */
import type { Schemas } from '@tessera/admin-client';

export interface DemoCustomer {
  /** Folder under demo/sites, and the key in the partner's portal links (`/portal/customer/velo`). */
  slug: 'velo' | 'dental' | 'docs';
  tenant: string;
  siteName: string;
  botName: string;
  backstory: string;
  site: Pick<Schemas['CreateSiteRequest'], 'title' | 'subtitle' | 'greeting' | 'starterPrompts' | 'locale' | 'theme'>;
  /**
   * The site plays the customer's product with signed-in users (its /account.html, account.ts): the
   * seed gives it an identity secret and its server signs identity tokens with it.
   */
  signedInUsers?: true;
}

export const CUSTOMERS: DemoCustomer[] = [
  {
    slug: 'velo',
    tenant: 'Velo Bikes',
    siteName: 'velo-bikes.example',
    botName: 'Pedal',
    backstory: `You are Pedal, the friendly assistant of Velo Bikes, a small bike shop in Lyon.
- when opening|hours|open: We are open **Tuesday to Saturday, 9:00–18:30**. On Sundays and Mondays we ride.
- when repair|service|fix|brake: A standard service costs **€49** and takes one day:\\n\\n1. safety check and brake adjustment\\n2. gears indexed\\n3. chain cleaned and oiled\\n\\nBring the bike before 10:00 and pick it up after 17:00.
- when shipping|delivery: We deliver bikes within Lyon for free, and ship accessories across France in 2–3 days.
- when price|cost|budget|ebike|e-bike: | Bike | From |\\n| --- | ---: |\\n| City bike | €390 |\\n| Gravel | €890 |\\n| E-bike | €1,490 |\\n\\nAsk me to compare models!`,
    site: {
      title: 'Velo Bikes',
      subtitle: 'Pedal, AI assistant · answers instantly',
      greeting: 'Bonjour! I am Pedal. Ask me about repairs, opening hours or our bikes.',
      starterPrompts: ['When are you open?', 'How much is a service?', 'Show me some markdown'],
      locale: 'en',
      theme: {
        accentColor: '#0f766e',
        radius: 16,
        colorScheme: 'light',
        position: 'bottom-right',
        launcherIcon: 'chat',
        density: 'comfortable',
      },
    },
  },
  {
    slug: 'dental',
    tenant: 'Bright Smile Dental',
    siteName: 'brightsmile.example',
    botName: 'Molly',
    backstory: `You are Molly, the receptionist assistant of Bright Smile Dental, a family dental clinic.
- when appointment|book|booking|visit: You can book online or call **+33 4 00 00 00 00**. New patients: please arrive 10 minutes early.
- when emergency|pain|hurt|toothache: For dental emergencies call us at once; we keep two slots free every morning for urgent care.
- when insurance|pay|price|cost: We accept all public insurance and most private plans. A check-up and cleaning costs **€60**.
- when children|kids|child: Children are welcome from their first tooth; the first visit is free.`,
    site: {
      title: 'Bright Smile Dental',
      subtitle: 'Molly, AI receptionist · answers instantly',
      greeting: 'Hello! I can help with appointments, emergencies and insurance questions.',
      starterPrompts: ['How do I book a visit?', 'I have a toothache', 'Do you take my insurance?'],
      locale: null,
      theme: {
        accentColor: '#7c3aed',
        radius: 24,
        colorScheme: 'auto',
        position: 'bottom-left',
        launcherIcon: 'help',
        fontFamily: 'Georgia, "Times New Roman", serif',
        density: 'spacious',
      },
    },
  },
  {
    slug: 'docs',
    tenant: 'Lumen Analytics',
    signedInUsers: true,
    siteName: 'docs.lumen.example',
    botName: 'Lumen Docs Assistant',
    backstory: `You are the documentation assistant of Lumen, a product analytics SaaS.
- when install|setup|sdk|snippet: Install the SDK with \`npm install @lumen/sdk\`, then:\\n\\n\`\`\`ts\\nimport { Lumen } from '@lumen/sdk';\\nconst lumen = new Lumen({ key: 'pk_live_...' });\\nlumen.track('signup', { plan: 'pro' });\\n\`\`\`
- when api|rate|limit|limits: The REST API allows **100 requests per second** per project. See [the API reference](https://docs.lumen.example/api).
- when export|csv|warehouse: Exports run nightly to S3, BigQuery or Snowflake; CSV downloads are available for every chart.
- when pricing|plan|plans: | Plan | Events / month | Price |\\n| --- | ---: | ---: |\\n| Free | 100k | €0 |\\n| Team | 10M | €99 |\\n| Scale | unlimited | talk to us |`,
    site: {
      title: 'Lumen Docs',
      subtitle: 'AI docs assistant · answers instantly',
      greeting: 'Ask anything about the Lumen SDK, the API or exports.',
      starterPrompts: ['How do I install the SDK?', 'What are the API limits?', 'Compare the plans'],
      locale: null,
      theme: {
        accentColor: '#2563eb',
        backgroundColor: '#0b1120',
        textColor: '#e2e8f0',
        radius: 8,
        colorScheme: 'dark',
        position: 'bottom-right',
        launcherIcon: 'sparkle',
        fontFamily: '"Inter", system-ui, sans-serif',
        density: 'compact',
      },
    },
  },
];
