/** How the inbox and a transcript name a signed-in visitor. */
import type * as Wire from '@tessera/protocol/types';

/** Their name, else their user id (the subject of the site's identity token). */
export const userLabel = (user: NonNullable<Wire.InboxItem['user']>): string => user.name ?? user.subject;
