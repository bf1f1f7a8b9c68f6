// A throw-away Redis for the queue-mode tests (n8n's Bull queue): Debian's `redis-server` on 127.0.0.1
// on a free port, nothing persisted, its working folder temporary. The server is a tracked child
// (children.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { track } from './children';
import { freePort, stopProcess } from './processes';

export interface RedisServer {
	host: '127.0.0.1';
	port: number;
	pid: number;
	logFile: string;
	stop(): Promise<void>;
}

/** redis-server from PATH or /usr/bin (REDIS_SERVER wins), or undefined. */
export function redisServerBin(): string | undefined {
	if (process.env.REDIS_SERVER) return process.env.REDIS_SERVER;
	const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/bin', '/usr/sbin'];
	return dirs.map((dir) => path.join(dir, 'redis-server')).find((file) => existsSync(file));
}

export async function startRedis(): Promise<RedisServer> {
	const bin = redisServerBin();
	if (!bin)
		throw new Error(
			'redis-server is not installed (apt-get install redis-server, or set REDIS_SERVER)',
		);
	const dir = mkdtempSync(path.join(tmpdir(), 'kling-redis-'));
	const port = await freePort();
	const logFile = path.join(dir, 'redis.log');
	const log = openSync(logFile, 'a');
	const args = [
		'--port',
		String(port),
		'--bind',
		'127.0.0.1',
		'--save',
		'',
		'--appendonly',
		'no',
		'--dir',
		dir,
	];
	const child = track(spawn(bin, args, { cwd: dir, stdio: ['ignore', log, log] }));
	closeSync(log);
	const stop = async () => {
		await stopProcess(child);
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		await waitForPong(port, child, logFile);
	} catch (error) {
		await stop();
		throw error;
	}
	return { host: '127.0.0.1', port, pid: child.pid!, logFile, stop };
}

/** PING until the server answers +PONG. */
async function waitForPong(port: number, child: ChildProcess, logFile: string) {
	const deadline = Date.now() + 30_000;
	for (;;) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(
				`redis-server exited (${child.exitCode ?? child.signalCode}):\n${readFileSync(logFile, 'utf8').slice(-2000)}`,
			);
		}
		if (await ping(port)) return;
		if (Date.now() > deadline)
			throw new Error(
				`redis-server did not answer PING within 30 s:\n${readFileSync(logFile, 'utf8').slice(-2000)}`,
			);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

function ping(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect(port, '127.0.0.1');
		let answer = '';
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1000, () => done(false));
		socket.on('error', () => done(false));
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			answer += chunk.toString();
			if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
		});
	});
}
