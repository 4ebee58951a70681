// Writes a .br and a .gz twin beside every compressible file of the built bundle, which the
// server sends instead of the file when the browser accepts it (server/src/http/static_files.cc).
// Compressing once at build time lets both use their slowest, smallest settings.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** The files worth compressing: text. (Images and fonts are compressed already.) */
export const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|xml|map)$/;

export async function compressFile(file: string): Promise<void> {
  const data = await readFile(file);
  const [br, gz] = await Promise.all([
    brotli(data, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    }),
    gzipAsync(data, { level: constants.Z_BEST_COMPRESSION }),
  ]);
  // A twin that saves nothing (a tiny file) is left out: the server then sends the file as is.
  if (br.length < data.length) await writeFile(`${file}.br`, br);
  if (gz.length < data.length) await writeFile(`${file}.gz`, gz);
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    // Hidden entries (Vite's .vite/manifest.json) are never served.
    entries.filter((e) => !e.name.startsWith('.')).map((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? filesUnder(p) : Promise.resolve(e.isFile() ? [p] : []);
    }),
  );
  return nested.flat();
}

/** Vite plugin: after the bundle (and the public folder) is written, compress what compresses. */
export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'clientele-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      if (!(await stat(outDir).catch(() => null))) return;
      const files = (await filesUnder(outDir)).filter((f) => COMPRESSIBLE.test(f));
      await Promise.all(files.map(compressFile));
    },
  };
}
