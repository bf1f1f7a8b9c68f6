// The pinned n8n hosts, installed once into .cache/ (git ignores it) and reused: the n8n that the
// end-to-end tests, the demo and the dev editor run the package in. Kept apart from the package's own
// dependencies on purpose: n8n is what users have, not something the package depends on.
// Plain CommonJS so that `node tooling/n8n/n8nHost.cjs` works before anything is built.
//
// Two lines of n8n are kept, picked by number (the `line` argument, or N8N_LINE=1|2 in the environment):
//   1: n8n 1.123.x, run by the Node that runs the caller (20.19+);
//   2: n8n 2.40.x, which needs Node 24+: run by its own Node 24 from the npm registry (package
//      node-<platform>-<arch>), installed into .cache/node-<version>/.
// See docs/n8n-hosts.md.
const { execFileSync } = require('node:child_process');
const {
	existsSync,
	mkdirSync,
	readdirSync,
	renameSync,
	rmSync,
	statSync,
	writeFileSync,
} = require('node:fs');
const path = require('node:path');

/** The pinned versions, the one place to change them. `node: null`: the Node running the caller. */
const LINES = {
	1: {
		n8n: '1.123.81',
		node: null,
		// n8n-nodes-base 1.x pins xlsx to a CDN tarball that npm mirrors do not carry.
		overrides: { xlsx: '0.18.5' },
		minutes: 7,
	},
	2: {
		// 2.41.x needs @n8n/agents 0.26.2, which the registry does not carry: stay on 2.40.
		n8n: '2.40.7',
		node: '24.9.0',
		overrides: {},
		minutes: 5,
	},
};
const DEFAULT_LINE = 1;

const ROOT = path.resolve(__dirname, '..', '..');
const CACHE = path.join(ROOT, '.cache');
const STALE_LOCK_MS = 30 * 60_000;

const log = (message) => process.stderr.write(`[n8n-host] ${message}\n`);
const sleepSync = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** The line to use: `value` (a number or "1"/"2", e.g. process.env.N8N_LINE) or, when empty, `fallback`. */
function resolveLine(value = process.env.N8N_LINE, fallback = DEFAULT_LINE) {
	const text = value === undefined || value === null ? '' : String(value).trim();
	if (text === '') return fallback;
	const line = Number(text);
	if (!Object.hasOwn(LINES, line))
		throw new Error(`N8N_LINE must be one of ${Object.keys(LINES).join(', ')} (got "${text}")`);
	return line;
}

/** Two processes installing into one folder corrupt it: each install holds a lock directory. */
function withLock(lock, what, work) {
	mkdirSync(path.dirname(lock), { recursive: true });
	for (let waited = 0; ; waited += 5000) {
		try {
			mkdirSync(lock);
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS)
				rmSync(lock, { recursive: true, force: true });
			else {
				if (waited % 60000 === 0) log(`another process is installing ${what}; waiting for it`);
				sleepSync(5000);
			}
		}
	}
	try {
		return work();
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
}

/**
 * Started from an npm script, the environment carries this package's npm settings (such as
 * npm_config_ignore_scripts=true), which must not leak into the host's install. `pathPrefix`: a bin
 * folder put first on PATH, so that npm and what it starts run under that Node.
 */
function run(command, args, cwd, pathPrefix) {
	const env = Object.fromEntries(
		Object.entries(process.env).filter(([key]) => !/^npm_config_/i.test(key)),
	);
	if (pathPrefix) env.PATH = `${pathPrefix}${path.delimiter}${env.PATH ?? ''}`;
	// Their output goes to stderr: stdout is for the paths the CLI below prints.
	execFileSync(command, args, { cwd, env, stdio: ['ignore', 2, 'inherit'] });
}

/** A Node from the npm registry (node-<platform>-<arch>@version: bin/node and include/node), in .cache/node-<version>/. */
function nodeRuntime(version) {
	const dir = path.join(CACHE, `node-${version}`);
	const bin = path.join(dir, 'bin', 'node');
	const ready = path.join(dir, '.ready');
	const isReady = () => existsSync(ready) && existsSync(bin);
	const ensure = () => {
		if (isReady()) return;
		withLock(`${dir}.lock`, `Node ${version}`, () => {
			if (isReady()) return;
			const pkg = `node-${process.platform}-${process.arch}@${version}`;
			log(
				`installing Node ${version} (${pkg} from the npm registry) into ${path.relative(ROOT, dir)}`,
			);
			rmSync(dir, { recursive: true, force: true });
			const work = `${dir}.download`;
			rmSync(work, { recursive: true, force: true });
			mkdirSync(work, { recursive: true });
			run('npm', ['pack', pkg, '--pack-destination', work, '--loglevel=error'], work);
			const tarball = readdirSync(work).find((file) => file.endsWith('.tgz'));
			if (!tarball) throw new Error(`npm pack ${pkg} produced no tarball`);
			run('tar', ['-xzf', tarball], work);
			renameSync(path.join(work, 'package'), dir);
			rmSync(work, { recursive: true, force: true });
			if (!existsSync(bin)) throw new Error(`${pkg} holds no bin/node`);
			execFileSync(bin, ['--version'], { stdio: 'ignore' });
			writeFileSync(ready, `${new Date().toISOString()}\n`);
		});
	};
	return { version, dir, bin, binDir: path.dirname(bin), ensure };
}

/**
 * The host of one line: where it lives, how to start its n8n, and ensure() to install it (once; a
 * complete install has a .ready marker). Start n8n as `command` + `args(...)` with `env(...)`.
 */
function n8nHost(line = resolveLine()) {
	line = resolveLine(line);
	const pins = LINES[line];
	const hostDir = path.join(CACHE, `n8n-host-${pins.n8n}`);
	const node = pins.node ? nodeRuntime(pins.node) : undefined;
	// Line 1 keeps its npm shim (run by the `node` first on PATH, as always); line 2 runs n8n's own
	// script under its Node.
	const n8nBin = path.join(hostDir, 'node_modules', '.bin', 'n8n');
	const n8nScript = path.join(hostDir, 'node_modules', 'n8n', 'bin', 'n8n');
	const sqliteBinding = path.join(
		hostDir,
		'node_modules',
		'sqlite3',
		'build',
		'Release',
		'node_sqlite3.node',
	);
	const ready = path.join(hostDir, '.ready');
	const isReady = () =>
		existsSync(ready) &&
		existsSync(n8nBin) &&
		existsSync(sqliteBinding) &&
		(!node || (existsSync(node.bin) && existsSync(n8nScript)));

	const host = {
		line,
		n8nVersion: pins.n8n,
		/** The Node version that runs this n8n (for line 1: the caller's). */
		nodeVersion: pins.node ?? process.versions.node,
		hostDir,
		n8nBin,
		/** What to execute: the n8n shim (line 1) or the pinned Node (line 2). */
		command: node ? node.bin : n8nBin,
		/** The arguments for `command` to run `n8n <args>`. */
		args: (args = []) => (node ? [n8nScript, ...args] : [...args]),
		/** The environment for n8n: the pinned Node's bin folder first on PATH, for what n8n starts (task runners). */
		env: (base = process.env) =>
			node ? { ...base, PATH: `${node.binDir}${path.delimiter}${base.PATH ?? ''}` } : { ...base },
		isReady,
		ensure() {
			if (node) node.ensure();
			if (!isReady()) withLock(`${hostDir}.lock`, `n8n ${pins.n8n}`, install);
			return host;
		},
	};

	function install() {
		if (isReady()) return;
		log(
			`installing n8n ${pins.n8n} into ${path.relative(ROOT, hostDir)} (first run only, about ${pins.minutes} minutes)`,
		);
		mkdirSync(hostDir, { recursive: true });
		writeFileSync(
			path.join(hostDir, 'package.json'),
			JSON.stringify(
				{
					name: 'n8n-host',
					private: true,
					dependencies: { n8n: pins.n8n },
					overrides: pins.overrides,
				},
				null,
				2,
			),
		);
		// Install scripts are skipped: isolated-vm (pulled in by n8n) does not compile below Node 22 (line 2
		// loads the prebuilt binary it ships). Then the one native module n8n needs for its default SQLite
		// database is built, for line 2 against the pinned Node's headers.
		const pathPrefix = node?.binDir;
		log(`npm install (install scripts skipped${node ? `, under Node ${node.version}` : ''})`);
		run(
			'npm',
			['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'],
			hostDir,
			pathPrefix,
		);
		log('building sqlite3 from source (about 2-3 minutes)');
		run(
			'npm',
			[
				'rebuild',
				'sqlite3',
				'--ignore-scripts=false',
				'--loglevel=error',
				...(node ? [`--nodedir=${node.dir}`] : []),
			],
			hostDir,
			pathPrefix,
		);
		if (!existsSync(sqliteBinding))
			throw new Error(`sqlite3 was not built (${sqliteBinding} is missing)`);
		writeFileSync(ready, `${new Date().toISOString()}\n`);
		log(`n8n ${pins.n8n} is ready`);
	}

	return host;
}

/** Installs the host of `line` unless a complete install is there; returns the host. */
function ensureN8nHost(line = resolveLine()) {
	return n8nHost(line).ensure();
}

// Line 1's paths, as before there were two lines.
const N8N_VERSION = LINES[1].n8n;
const HOST_DIR = n8nHost(1).hostDir;
const N8N_BIN = n8nHost(1).n8nBin;

module.exports = {
	LINES,
	DEFAULT_LINE,
	ROOT,
	resolveLine,
	n8nHost,
	ensureN8nHost,
	N8N_VERSION,
	HOST_DIR,
	N8N_BIN,
};

// `node tooling/n8n/n8nHost.cjs [1|2|all]`: installs the given lines, else N8N_LINE's, else all of them
// (the end-to-end suite runs both), and prints each host's n8n command.
if (require.main === module) {
	const wanted = process.argv.slice(2);
	const lines =
		wanted.length > 0
			? wanted.flatMap((value) =>
					value === 'all' ? Object.keys(LINES).map(Number) : [resolveLine(value)],
				)
			: process.env.N8N_LINE
				? [resolveLine()]
				: Object.keys(LINES).map(Number);
	for (const line of lines) {
		const started = Date.now();
		const host = ensureN8nHost(line);
		log(
			`line ${line}: n8n ${host.n8nVersion} on Node ${host.nodeVersion} (${((Date.now() - started) / 1000).toFixed(0)} s)`,
		);
		console.log([host.command, ...host.args()].join(' '));
	}
}
