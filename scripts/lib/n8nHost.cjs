// A pinned n8n, installed once into .cache/ (git ignores it) and reused: the host that the end-to-end
// tests, the demo and the dev editor run the package in. Kept apart from the package's own
// dependencies on purpose: n8n is what users have, not something the package depends on.
// Plain CommonJS so that `node scripts/lib/n8nHost.cjs` works before anything is built.
const { execFileSync } = require('node:child_process');
const { existsSync, mkdirSync, rmSync, statSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const N8N_VERSION = '1.123.81';
const ROOT = path.resolve(__dirname, '..', '..');
const HOST_DIR = path.join(ROOT, '.cache', `n8n-host-${N8N_VERSION}`);
const N8N_BIN = path.join(HOST_DIR, 'node_modules', '.bin', 'n8n');
const READY = path.join(HOST_DIR, '.ready');
// Two processes installing into one folder corrupt it: the install holds a lock directory.
const LOCK = `${HOST_DIR}.lock`;
const STALE_LOCK_MS = 30 * 60_000;

const sleepSync = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function withLock(work) {
	mkdirSync(path.dirname(LOCK), { recursive: true });
	for (let waited = 0; ; waited += 5000) {
		try {
			mkdirSync(LOCK);
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			if (Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
			else {
				if (waited % 60000 === 0) log('another process is installing n8n; waiting for it');
				sleepSync(5000);
			}
		}
	}
	try {
		return work();
	} finally {
		rmSync(LOCK, { recursive: true, force: true });
	}
}

const log = (message) => process.stderr.write(`[n8n-host] ${message}\n`);

function run(command, args) {
	// Started from an npm script, the environment carries this package's npm settings (such as
	// npm_config_ignore_scripts=true), which must not leak into the host's install.
	const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_/i.test(key)));
	execFileSync(command, args, { cwd: HOST_DIR, env, stdio: ['ignore', 'inherit', 'inherit'] });
}

const SQLITE_BINDING = path.join(HOST_DIR, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node');

/** Installs n8n into the cache unless a complete install is already there; returns the n8n binary. */
function ensureN8nHost() {
	if (existsSync(READY) && existsSync(N8N_BIN) && existsSync(SQLITE_BINDING)) return N8N_BIN;
	return withLock(install);
}

function install() {
	if (existsSync(READY) && existsSync(N8N_BIN) && existsSync(SQLITE_BINDING)) return N8N_BIN;
	log(`installing n8n ${N8N_VERSION} into ${path.relative(ROOT, HOST_DIR)} (first run only, about 7 minutes)`);
	mkdirSync(HOST_DIR, { recursive: true });
	writeFileSync(
		path.join(HOST_DIR, 'package.json'),
		JSON.stringify(
			{
				name: 'n8n-host',
				private: true,
				dependencies: { n8n: N8N_VERSION },
				// n8n-nodes-base 1.x pins xlsx to a CDN tarball that npm mirrors do not carry.
				overrides: { xlsx: '0.18.5' },
			},
			null,
			2,
		),
	);
	// isolated-vm (pulled in by n8n) does not compile below Node 22: skip install scripts, then build
	// the one native module n8n needs for its default SQLite database.
	log('npm install (install scripts skipped)');
	run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error']);
	log('building sqlite3 from source (about 2-3 minutes)');
	run('npm', ['rebuild', 'sqlite3', '--ignore-scripts=false', '--loglevel=error']);
	if (!existsSync(SQLITE_BINDING)) throw new Error(`sqlite3 was not built (${SQLITE_BINDING} is missing)`);
	writeFileSync(READY, `${new Date().toISOString()}\n`);
	log('n8n is ready');
	return N8N_BIN;
}

module.exports = { N8N_VERSION, ROOT, HOST_DIR, N8N_BIN, ensureN8nHost };

if (require.main === module) {
	ensureN8nHost();
	console.log(N8N_BIN);
}
