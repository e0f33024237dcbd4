/**
 * A site's title, greeting and starter prompts per language, from the real service's config: the
 * visitor's language picks them (exact tag, else its language, else the site's own texts), beside
 * the widget's own words in the same language; the page's attributes and properties still win.
 */
import { expect } from '@esm-bundle/chai';
import { admin, cleanup, createSite, input, mountReady, q, qa, type TestSite } from './support/helpers.js';

const BASE = { title: 'Bike help', greeting: 'Hello! Ask us anything.', starterPrompts: ['Opening hours?', 'Returns?'] };
const FR = { title: 'Aide vélo', greeting: 'Bonjour ! Posez-nous vos questions.', starterPrompts: ['Vos horaires ?'] };
/** Finnish: a language the widget has no words of its own for. */
const FI = { greeting: 'Hei! Kysy meiltä mitä vain.' };

/** What the visitor reads: the title, the greeting (without its screen-reader prefix), the prompts. */
function texts(el: Element) {
  const greeting = q(el, '[part~="greeting"]')!;
  return {
    title: q(el, '[part~="title"]')!.textContent,
    greeting: greeting.textContent!.replace(greeting.querySelector('.sr')!.textContent!, ''),
    starterPrompts: qa(el, '[part~="starter-prompt"]').map((b) => b.textContent),
  };
}

describe('tessera-chat: the site’s texts per language', () => {
  let site: TestSite;

  before(async () => {
    site = await createSite({ site: { ...BASE, translations: { fr: FR, fi: FI } } });
  });
  afterEach(() => {
    cleanup();
    document.documentElement.removeAttribute('lang');
  });

  it('a French page shows the French title, greeting and prompts, with the widget’s own words in French', async () => {
    document.documentElement.lang = 'fr';
    const el = await mountReady(site, { mode: 'inline' });
    expect(texts(el)).to.deep.equal(FR);
    expect(input(el).placeholder).to.equal('Écrivez un message…');
  });

  it('a Canadian French page falls back to the French texts', async () => {
    document.documentElement.lang = 'fr-CA';
    const el = await mountReady(site, { mode: 'inline' });
    expect(texts(el)).to.deep.equal(FR);
  });

  it('a language the site has no texts for shows the site’s own texts, in that language’s interface', async () => {
    document.documentElement.lang = 'de';
    const el = await mountReady(site, { mode: 'inline' });
    expect(texts(el)).to.deep.equal(BASE);
    expect(input(el).placeholder).to.equal('Nachricht eingeben…');
  });

  it('a text a language leaves out is the site’s own; a language the widget has no words for still gets its texts', async () => {
    document.documentElement.lang = 'fi-FI';
    const el = await mountReady(site, { mode: 'inline' });
    expect(texts(el)).to.deep.equal({ ...BASE, ...FI });
    expect(input(el).placeholder).to.equal('Type a message…');
  });

  it('passes over a language with neither texts nor words (the element’s `locale`) to the page’s', async () => {
    document.documentElement.lang = 'fr';
    const el = await mountReady(site, { mode: 'inline', locale: 'cs-CZ' });
    expect(texts(el)).to.deep.equal(FR);
  });

  it('follows the element’s locale over the page’s, and the element’s own texts win over the config', async () => {
    document.documentElement.lang = 'de';
    const el = await mountReady(site, { mode: 'inline', locale: 'fr', 'chat-title': 'Vélos du coin' });
    el.greeting = 'Salut !';
    await el.updateComplete;
    expect(texts(el)).to.deep.equal({ ...FR, title: 'Vélos du coin', greeting: 'Salut !' });
    el.starterPrompts = ['Livraison ?'];
    await el.updateComplete;
    expect(texts(el).starterPrompts).to.deep.equal(['Livraison ?']);
  });

  it('shows a change of the texts on the next load', async () => {
    const changing = await createSite({ site: { ...BASE, translations: { fr: FR } } });
    const res = await admin('PATCH', `/sites/${changing.siteId}`, { translations: { fr: { greeting: 'Coucou !' } } });
    expect(res.status).to.equal(200);
    document.documentElement.lang = 'fr';
    const el = await mountReady(changing, { mode: 'inline' });
    expect(texts(el)).to.deep.equal({ ...FR, greeting: 'Coucou !' });
  });
});
