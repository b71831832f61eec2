#!/usr/bin/env node
// Makes sure the e2e tests have a Chromium: Debian's /usr/bin/chromium (installed with apt when
// we are root and it is missing), else Playwright's own browser (downloaded on machines that can).
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const debian = '/usr/bin/chromium';
function playwrightBrowser() {
  try {
    return existsSync(execSync('node -e "console.log(require(\'playwright-core\').chromium.executablePath())"', { encoding: 'utf8' }).trim());
  } catch {
    return false;
  }
}

if (existsSync(debian) || playwrightBrowser()) process.exit(0);
const root = typeof process.getuid === 'function' && process.getuid() === 0;
try {
  if (root && existsSync('/usr/bin/apt-get')) {
    console.log('e2e: installing Debian chromium');
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
  } else {
    console.log("e2e: installing Playwright's chromium");
    execSync('npx playwright install chromium', { stdio: 'inherit' });
  }
} catch {
  console.error('e2e: no Chromium found and none could be installed: install Debian `chromium` or run `npx playwright install chromium`');
  process.exit(1);
}
