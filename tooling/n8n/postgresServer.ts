// A throw-away PostgreSQL server for the queue-mode tests: Debian's `postgresql` package (initdb and
// postgres from /usr/lib/postgresql/<version>/bin), its data and unix socket in a temporary folder,
// listening on 127.0.0.1 only, on a free port. PostgreSQL refuses to run as root, so under root it runs
// as the `postgres` OS user (the package creates it). The server is a tracked child (children.ts).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import {
	chownSync,
	closeSync,
	existsSync,
	mkdtempSync,
	openSync,
	readdirSync,
	readFileSync,
	rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { track } from './children';
import { freePort, stopProcess } from './processes';

const run = promisify(execFile);

export interface PostgresServer {
	host: '127.0.0.1';
	port: number;
	user: string;
	database: string;
	pid: number;
	/** The server's own log (start-up problems, errors). */
	logFile: string;
	stop(): Promise<void>;
}

/** The newest installed PostgreSQL's bin folder (POSTGRES_BIN_DIR wins), or undefined. */
export function postgresBinDir(): string | undefined {
	if (process.env.POSTGRES_BIN_DIR) return process.env.POSTGRES_BIN_DIR;
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const versions = readdirSync(root)
		.filter((version) => existsSync(path.join(root, version, 'bin', 'postgres')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(root, versions[0], 'bin') : undefined;
}

/** Who runs the server: the current user, or under root the `postgres` user. */
async function serverUser(): Promise<{ uid?: number; gid?: number }> {
	if (process.getuid?.() !== 0) return {};
	try {
		const [uid, gid] = await Promise.all([
			run('id', ['-u', 'postgres']),
			run('id', ['-g', 'postgres']),
		]);
		return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
	} catch {
		throw new Error(
			'running as root, and there is no `postgres` OS user to run PostgreSQL as (apt-get install postgresql creates it)',
		);
	}
}

/** initdb, start, wait until it accepts connections, create `database`. */
export async function startPostgres(database = 'n8n'): Promise<PostgresServer> {
	const bin = postgresBinDir();
	if (!bin)
		throw new Error(
			'PostgreSQL is not installed (apt-get install postgresql, or set POSTGRES_BIN_DIR)',
		);
	const owner = await serverUser();
	const dir = mkdtempSync(path.join(tmpdir(), 'kling-postgres-'));
	if (owner.uid !== undefined) chownSync(dir, owner.uid, owner.gid!);
	const dataDir = path.join(dir, 'data');
	const user = 'postgres';
	const asOwner = { ...owner, cwd: dir };
	// trust: only this machine's loopback can reach it, and only for the test's life. No fsync: a crash
	// loses nothing that matters, and n8n's migrations run several times faster.
	await run(
		path.join(bin, 'initdb'),
		['-D', dataDir, '-U', user, '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'],
		asOwner,
	);
	const port = await freePort();
	const logFile = path.join(dir, 'postgres.log');
	const log = openSync(logFile, 'a');
	if (owner.uid !== undefined) chownSync(logFile, owner.uid, owner.gid!);
	const settings = {
		listen_addresses: '127.0.0.1',
		port: String(port),
		unix_socket_directories: dir,
		fsync: 'off',
		synchronous_commit: 'off',
		full_page_writes: 'off',
		max_connections: '200',
	};
	const child = track(
		spawn(
			path.join(bin, 'postgres'),
			[
				'-D',
				dataDir,
				...Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`]),
			],
			{
				...asOwner,
				stdio: ['ignore', log, log],
			},
		),
	);
	closeSync(log); // the server holds its own copy
	const stop = async () => {
		await stopProcess(child, 'SIGINT'); // fast shutdown: rolls back open sessions instead of waiting for them
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		await waitUntilReady(path.join(bin, 'pg_isready'), port, child, logFile);
		await run(path.join(bin, 'createdb'), [
			'-h',
			'127.0.0.1',
			'-p',
			String(port),
			'-U',
			user,
			database,
		]);
	} catch (error) {
		await stop();
		throw error;
	}
	return { host: '127.0.0.1', port, user, database, pid: child.pid!, logFile, stop };
}

async function waitUntilReady(
	pgIsReady: string,
	port: number,
	child: ChildProcess,
	logFile: string,
) {
	const deadline = Date.now() + 60_000;
	for (;;) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(
				`postgres exited (${child.exitCode ?? child.signalCode}):\n${readFileSync(logFile, 'utf8').slice(-2000)}`,
			);
		}
		try {
			await run(pgIsReady, ['-h', '127.0.0.1', '-p', String(port), '-q']);
			return;
		} catch {
			// starting
		}
		if (Date.now() > deadline)
			throw new Error(
				`postgres did not accept connections within 60 s:\n${readFileSync(logFile, 'utf8').slice(-2000)}`,
			);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}
