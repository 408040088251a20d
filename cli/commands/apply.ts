// `edgectl apply -f`: create what does not exist, patch what does with kubectl's
// three-way merge (cli/merge-patch.ts), report created/configured/unchanged.

import { Command } from 'commander';
import { AlreadyReported, CliError, errorLine } from '../errors.js';
import { namespaceFor, objectFailure, readManifests, type ManifestObject } from '../manifests.js';
import { LAST_APPLIED_ANNOTATION, lastApplied, threeWayMergePatch, withLastApplied } from '../merge-patch.js';
import { kindRef, resourcePath, resourceRef } from '../paths.js';
import { openSession, type GlobalOptions, type Session } from '../session.js';
import { ApiStatusError } from '../status.js';
import { collect } from './flags.js';

interface ApplyOptions {
  filename: string[];
  recursive?: boolean;
}

type Outcome = 'created' | 'configured' | 'unchanged';

/** Planned before any request, so a namespace mismatch stops the whole apply. */
interface Planned {
  m: ManifestObject;
  namespace: string | undefined;
}

export function applyCommand(): Command {
  return new Command('apply')
    .description('Apply a configuration to resources from files, directories or stdin')
    .option('-f, --filename <path>', 'file, directory (*.yaml, *.yml, *.json) or - for stdin; repeatable', collect, [])
    .option('-R, --recursive', 'process directories recursively')
    .action(async (opts: ApplyOptions, cmd: Command) => {
      if (opts.filename.length === 0) throw new CliError('must specify -f <file|directory|->');
      const session = openSession(cmd.optsWithGlobals<GlobalOptions>());
      const manifests = await readManifests(opts.filename, !!opts.recursive);
      if (manifests.length === 0) throw new CliError('no objects passed to apply');
      const planned = manifests.map((m) => ({ m, namespace: namespaceFor(m, session.namespace, session.namespaceFromFlag) }));
      let failures = 0;
      for (const p of planned) {
        try {
          const outcome = await applyOne(session, p);
          process.stdout.write(`${kindRef(p.m.kind)}/${p.m.object.metadata.name} ${outcome}\n`);
        } catch (err) {
          // one object's rejection does not stop the others, as in kubectl
          if (!(err instanceof ApiStatusError)) throw err;
          process.stderr.write(errorLine(objectFailure(p.m, err)) + '\n');
          failures++;
        }
      }
      if (failures > 0) throw new AlreadyReported(failures);
    });
}

async function applyOne(session: Session, { m, namespace }: Planned): Promise<Outcome> {
  const { client } = session;
  const name = m.object.metadata.name!;
  const config = structuredClone(m.object);
  if (namespace) config.metadata.namespace = namespace;
  else delete config.metadata.namespace;
  const modified = withLastApplied(config);
  const strict = { fieldValidation: 'Strict' };

  let live: object | undefined;
  try {
    live = await client.get(resourcePath(m.kind, namespace, name));
  } catch (err) {
    if (!(err instanceof ApiStatusError && err.code === 404)) throw err;
  }
  if (!live) {
    await client.call('POST', resourcePath(m.kind, namespace), { body: modified, query: strict });
    return 'created';
  }
  const original = lastApplied(live);
  if (!original) {
    process.stderr.write(
      `Warning: ${resourceRef(m.kind)}/${name} has no ${LAST_APPLIED_ANNOTATION} annotation (it was not created by apply); it is added now, and fields removed from the config will be deleted from the next apply on\n`,
    );
  }
  const patch = threeWayMergePatch(original, modified, live);
  if (Object.keys(patch).length === 0) return 'unchanged';
  await client.call('PATCH', resourcePath(m.kind, namespace, name), {
    body: patch,
    contentType: 'application/merge-patch+json',
    query: strict,
  });
  return 'configured';
}
