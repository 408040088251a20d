// Builds the sample image (edgeplane.local/busybox:latest, from Debian's
// busybox-static, no registry needed) and imports it into containerd's
// `edgeplane` namespace, where the agent runs pods. Used by scripts/run.sh.
import { importTestImage } from '../dist/test/helpers/image.js';

const ns = process.argv[2] ?? 'edgeplane';
console.log(`sample image: ${await importTestImage(ns)} (containerd namespace ${ns})`);
