/** The widget's files on disk: only hashed names beside the script are served, nothing else of the disk. */
// Check: widget-asset-name (platform/widget-file.ts widgetAssets).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { widgetAssets } from './widget-file.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tessera-widget-'));
  await mkdir(join(dir, 'dist'));
  await writeFile(join(dir, 'dist', 'widget.js'), 'the script');
  await writeFile(join(dir, 'dist', 'widget-panel.0123abcd.js'), 'the panel');
  await writeFile(join(dir, 'dist', 'widget-locale-de.4567cdef.js'), 'die Wörter');
  await writeFile(join(dir, 'secret.0123abcd.js'), 'not the widget');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('widgetAssets', () => {
  it('reads a hashed file beside the script', async () => {
    const assets = widgetAssets(join(dir, 'dist', 'widget.js'));
    expect(new TextDecoder().decode((await assets('widget-panel.0123abcd.js'))!)).toBe('the panel');
    expect(await assets('widget-panel.ffffffff.js')).toBeNull();
  });

  it('reads a language’s words, the files the panel loads beside it', async () => {
    const assets = widgetAssets(join(dir, 'dist', 'widget.js'));
    expect(new TextDecoder().decode((await assets('widget-locale-de.4567cdef.js'))!)).toBe('die Wörter');
    expect(await assets('widget-locale-fr.4567cdef.js')).toBeNull();
    expect(await assets('widget-locale-DE.4567cdef.js')).toBeNull();
  });

  it('reads nothing else: not the script, not a path out of the folder, not without a hash', async () => {
    const assets = widgetAssets(join(dir, 'dist', 'widget.js'));
    for (const name of ['widget.js', '../secret.0123abcd.js', '..', 'dist/widget-panel.0123abcd.js', '']) {
      expect(await assets(name), name).toBeNull();
    }
  });

  it('serves nothing when the widget has no build', async () => {
    expect(await widgetAssets(null)('widget-panel.0123abcd.js')).toBeNull();
  });
});
