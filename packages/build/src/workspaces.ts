import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface Workspace {
  name: string;
  /** absolute */
  dir: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

interface Manifest {
  name?: string;
  workspaces?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const readManifest = (dir: string): Manifest =>
  JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;

/** The repository's workspaces by name, from the root manifest's `workspaces` (`apps/*`, `packages/*`). */
export function readWorkspaces(root: string): Map<string, Workspace> {
  const workspaces = new Map<string, Workspace>();
  for (const pattern of readManifest(root).workspaces ?? []) {
    if (!pattern.endsWith('/*'))
      throw new Error(`workspace pattern ${pattern}: only "<folder>/*" is supported`);
    const parent = path.join(root, pattern.slice(0, -2));
    for (const entry of readdirSync(parent, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const dir = path.join(parent, entry.name);
      let manifest: Manifest;
      try {
        manifest = readManifest(dir);
      } catch {
        continue;
      }
      if (!manifest.name) continue;
      workspaces.set(manifest.name, {
        name: manifest.name,
        dir,
        dependencies: manifest.dependencies ?? {},
        devDependencies: manifest.devDependencies ?? {},
      });
    }
  }
  return workspaces;
}

/** The workspace a file belongs to (the deepest folder that holds it), if any. */
export function workspaceOf(file: string, workspaces: Map<string, Workspace>): Workspace | undefined {
  let found: Workspace | undefined;
  for (const ws of workspaces.values())
    if (file.startsWith(ws.dir + path.sep) && (!found || ws.dir.length > found.dir.length)) found = ws;
  return found;
}

/** An app and every workspace it reaches through `dependencies` (never devDependencies): what runs in production. */
export function runtimeClosure(app: Workspace, workspaces: Map<string, Workspace>): Set<string> {
  const seen = new Set<string>([app.name]);
  const queue = [app];
  for (let ws = queue.shift(); ws; ws = queue.shift())
    for (const dep of Object.keys(ws.dependencies)) {
      const next = workspaces.get(dep);
      if (next && !seen.has(dep)) {
        seen.add(dep);
        queue.push(next);
      }
    }
  return seen;
}
