// How the portals' bundle is cut into chunks (see docs/performance.md, "Portal weight").
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin, Rollup } from 'vite';

/** Rewrites `import { Button } from 'antd'` (and the icons') in our sources to the component's own
 *  module, `import Button from 'antd/es/button'`. Rollup tree-shakes the barrels either way; this
 *  makes the module graph say which components a file really uses, which `manualChunks` needs:
 *  through a barrel every file would seem to use all of Ant Design. */
export function directAntdImports(webDir: string): Plugin {
  const src = path.join(webDir, 'src') + path.sep;
  const antdDir = path.join(webDir, 'node_modules/antd/es');
  const iconsDir = path.join(webDir, 'node_modules/@ant-design/icons/es/icons');
  const antd = new Map<string, string>();
  const barrel = readFileSync(path.join(antdDir, 'index.js'), 'utf8');
  for (const m of barrel.matchAll(/export \{ default as (\w+) \} from '\.\/([\w-]+)'/g)) {
    antd.set(m[1]!, `antd/es/${m[2]}`);
  }
  if (!antd.has('Button')) throw new Error(`${antdDir}/index.js no longer reads as expected: update build/chunking.ts`);
  const moduleOf = (pkg: string, name: string) => {
    if (pkg === 'antd') return antd.get(name);
    return existsSync(path.join(iconsDir, `${name}.js`)) ? `@ant-design/icons/es/icons/${name}` : undefined;
  };
  const namedImport = /import\s*\{([^}]*)\}\s*from\s*["'](antd|@ant-design\/icons)["'];?/g;
  return {
    name: 'clientele-direct-antd-imports',
    apply: 'build',
    enforce: 'post',
    transform(code, id) {
      if (!id.startsWith(src)) return null;
      let changed = false;
      const out = code.replace(namedImport, (_all, names: string, pkg: string) => {
        changed = true;
        const direct: string[] = [];
        const rest: string[] = [];
        for (const spec of names.split(',').map((s) => s.trim()).filter(Boolean)) {
          const [name = spec, local = name] = spec.split(/\s+as\s+/);
          const to = moduleOf(pkg, name);
          if (to) direct.push(`import ${local} from "${to}";`);
          else rest.push(spec);
        }
        if (rest.length) direct.push(`import { ${rest.join(', ')} } from "${pkg}";`);
        return direct.join(' ');
      });
      return changed ? { code: out, map: null } : null;
    },
  };
}

/** Every module `roots` import statically, themselves included. */
function closure(roots: string[], info: Rollup.GetModuleInfo): Set<string> {
  const seen = new Set<string>();
  const todo = [...roots];
  for (let id = todo.pop(); id !== undefined; id = todo.pop()) {
    if (seen.has(id)) continue;
    seen.add(id);
    todo.push(...(info(id)?.importedIds ?? []));
  }
  return seen;
}

export interface ChunkPlan {
  /** Libraries every page needs, in one long-lived chunk. */
  vendor: RegExp;
  /** The modules the sign-in page starts from (the entry and its route). What they reach forms
   *  the chunk 'base'; the sign-in page loads no other shared chunk. (It must be a manual chunk
   *  too: Rollup moves whatever a manual chunk imports into it unless another one has it.) */
  signIn: string[];
  /** Chunk name → the modules a page starts from. What such a page needs beyond the sign-in
   *  page goes into one chunk by that name instead of dozens of shared fragments: fewer
   *  requests, and compressed together they are a tenth smaller. */
  pages: Record<string, string[]>;
}

export function manualChunks(plan: ChunkPlan): Rollup.GetManualChunk {
  let groups: Map<string, string> | undefined;
  return (id, { getModuleInfo }) => {
    // Rollup's CommonJS helpers go with the CommonJS libraries (React) that use them.
    if (plan.vendor.test(id) || id.startsWith('\0commonjs')) return 'vendor';
    if (!groups) {
      groups = new Map();
      // A page's own module (what a route loads lazily) keeps a chunk of its own, so the
      // manifest names it and other pages do not load it.
      const route = (m: string) => (getModuleInfo(m)?.dynamicImporters.length ?? 0) > 0;
      for (const m of closure(plan.signIn, getModuleInfo)) if (!route(m)) groups.set(m, 'base');
      for (const [name, roots] of Object.entries(plan.pages))
        for (const m of closure(roots, getModuleInfo)) if (!route(m) && !groups.has(m)) groups.set(m, name);
    }
    return groups.get(id);
  };
}
