// Wiring of the scheduler into the server process.

import type { Registry } from '../registry/registry.js';
import { ImagePlatformResolver } from './image-platforms.js';
import { Scheduler, type SchedulerOptions } from './scheduler.js';

export async function startScheduler(registry: Registry, opts: SchedulerOptions & { imagePlatformLookup?: boolean } = {}): Promise<Scheduler> {
  const { imagePlatformLookup, ...rest } = opts;
  // Registries are only asked when the operator enabled it (`edgeplane server`
  // does by default): in-process test servers must not reach out to the internet.
  const resolver = rest.resolver ?? (imagePlatformLookup ? new ImagePlatformResolver({ log: rest.log }) : undefined);
  const scheduler = new Scheduler(registry, { ...rest, resolver });
  await scheduler.start();
  return scheduler;
}
