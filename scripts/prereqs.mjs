// Runs before `npm test`: says plainly what the machine lacks instead of failing deep inside a test.
import { existsSync } from 'node:fs';

const problems = [];
const [major] = process.versions.node.split('.').map(Number);
if (major < 20) problems.push(`Node ${process.versions.node} is too old: install Node 20 or newer.`);
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  problems.push(`Chromium is missing (${chromium}): install it with "sudo apt-get install -y chromium", or set CHROMIUM_PATH.`);
}
if (!existsSync('../shared/datasets/cdnow/CDNOW_master.txt')) {
  problems.push('The reference data is missing: tests read ../shared/datasets/ beside this checkout.');
}
if (problems.length > 0) {
  for (const p of problems) console.error(p);
  process.exit(1);
}
