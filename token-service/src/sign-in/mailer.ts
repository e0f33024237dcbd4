/**
 * The portal's emails (sign-in links), through the partner's SMTP server (SMTP_URL) with
 * nodemailer, in the partner's brand: its product name as the sender's name and in the text, its
 * accent color on the button. Plain text and HTML; the link is the only thing to click.
 */
import nodemailer from 'nodemailer';

export interface Mailer {
  sendSignInLink(
    to: string,
    link: { url: string; expiresAt: number },
    brand: { productName: string; accentColor: string },
  ): Promise<void>;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function createMailer(smtp: { url: string; from: string }): Mailer {
  const transport = nodemailer.createTransport(smtp.url);
  return {
    async sendSignInLink(to, link, brand) {
      const minutes = Math.round((link.expiresAt - Date.now()) / 60_000);
      const name = brand.productName;
      await transport.sendMail({
        from: { name, address: smtp.from },
        to,
        subject: `Sign in to ${name}`,
        text: `Open this link to sign in to ${name}:\n\n${link.url}\n\nIt works once, for ${minutes} minutes. If you did not ask for it, ignore this email.\n`,
        html: `<p>Open this link to sign in to ${escapeHtml(name)}:</p>
<p><a href="${escapeHtml(link.url)}" style="display:inline-block;padding:12px 20px;border-radius:8px;background:${escapeHtml(brand.accentColor)};color:#fff;text-decoration:none;font-weight:600">Sign in to ${escapeHtml(name)}</a></p>
<p>It works once, for ${minutes} minutes. If you did not ask for it, ignore this email.</p>`,
      });
    },
  };
}
