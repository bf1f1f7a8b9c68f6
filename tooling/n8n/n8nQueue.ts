// n8n in queue mode, as teams run it to scale out: PostgreSQL shared by all, Redis as the queue (Bull), a
// main (`n8n start`: editor, REST, webhooks, enqueues executions) and workers (`n8n worker`: run them),
// this package loaded as a custom extension on every process, all on 127.0.0.1. Each worker has an n8n
// folder of its own, as on its own machine; filesystem binary data is in one folder for all, as a shared
// volume would give it; every process writes its output to a log file of its own.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { killChildrenAtExit } from './children';
import { N8nRest } from './n8nRest';
import { lineFromEnv, N8n, type N8nLine } from './n8nRunner';
import { startPostgres, type PostgresServer } from './postgresServer';
import { freePort, stopProcess } from './processes';
import { startRedis, type RedisServer } from './redisServer';

/** Where workers put binary data: n8n 2.x's queue-mode default (database) or files in the shared folder. */
export type QueueBinaryMode = 'database' | 'filesystem';

export interface QueueOptions {
	line?: N8nLine;
	/** Binary data mode of every process; by default n8n's own in queue mode on 2.x (database), filesystem on 1.x. */
	binaryMode?: QueueBinaryMode;
	workers?: number;
	/** Jobs one worker runs at once (`n8n worker --concurrency`). */
	workerConcurrency?: number;
	credentials?: Array<{ id: string; name: string; type: string; data: Record<string, unknown> }>;
	/** Imported by n8n's CLI (they come in inactive on a fresh database) ... */
	workflows?: Array<Record<string, unknown>>;
	/** ... and these are then activated through the main's REST API. */
	activate?: string[];
	/** For every n8n process (e.g. Bull's stalled-job settings). */
	extraEnv?: Record<string, string>;
}

export interface QueueWorker {
	child: ChildProcess;
	logFile: string;
	/** Its health server: GET /healthz/readiness answers 200 while it takes jobs. */
	healthPort: number;
}

export class N8nQueue {
	/** Milliseconds per start-up phase, and in all. */
	readonly timings: Record<string, number> = {};
	readonly workers: QueueWorker[] = [];
	readonly rest: N8nRest;
	private main?: ChildProcess;

	private constructor(
		readonly n8n: N8n,
		readonly postgres: PostgresServer,
		readonly redis: RedisServer,
		readonly baseUrl: string,
		readonly options: Required<Pick<QueueOptions, 'workers' | 'workerConcurrency'>>,
		/** The binary data mode the workers run with now (see restartWorkers). */
		public binaryMode: QueueBinaryMode,
	) {
		this.rest = new N8nRest(baseUrl);
	}

	/** Starts PostgreSQL and Redis, the main, the workers; imports and activates the workflows. */
	static async start(options: QueueOptions = {}): Promise<N8nQueue> {
		killChildrenAtExit();
		const began = Date.now();
		const timings: Record<string, number> = {};
		const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
			const started = Date.now();
			try {
				return await work();
			} finally {
				timings[name] = Date.now() - started;
			}
		};
		const servers = await timed('postgres+redis', () =>
			Promise.allSettled([startPostgres(), startRedis()]),
		);
		const [postgres, redis] = servers.map((server) =>
			server.status === 'fulfilled' ? server.value : undefined,
		) as [PostgresServer?, RedisServer?];
		if (!postgres || !redis) {
			await Promise.allSettled([postgres?.stop(), redis?.stop()]);
			throw servers
				.map((server) => (server.status === 'rejected' ? server.reason : undefined))
				.find(Boolean);
		}
		const line = options.line ?? lineFromEnv();
		const binaryMode = options.binaryMode ?? (line === 1 ? 'filesystem' : 'database');
		const port = await freePort();
		const baseUrl = `http://127.0.0.1:${port}`;
		const n8n = new N8n({
			load: 'extension',
			line,
			binaryMode,
			extraEnv: { ...queueEnv(postgres, redis, baseUrl), ...options.extraEnv },
		});
		const queue = new N8nQueue(
			n8n,
			postgres,
			redis,
			baseUrl,
			{ workers: options.workers ?? 2, workerConcurrency: options.workerConcurrency ?? 2 },
			binaryMode,
		);
		try {
			// The main first: it runs the migrations on the fresh database.
			queue.main = await timed('main', () =>
				n8n.start(port, {
					logFile: queue.logFile('main'),
					extraEnv: { N8N_LOG_LEVEL: 'info', ...queue.sharedFiles() },
				}),
			);
			// Settled, not raced: a failure is thrown only once nothing is left starting that stop() would miss.
			const started = await timed('workers+import', () =>
				Promise.allSettled([
					...Array.from({ length: queue.options.workers }, (_, index) => queue.startWorker(index)),
					(async () => {
						if (options.credentials?.length) await n8n.importCredentials(options.credentials);
						if (options.workflows?.length) await n8n.importWorkflows(options.workflows);
						await queue.rest.setupOwnerAndLogin();
					})(),
				]),
			);
			for (const result of started) if (result.status === 'rejected') throw result.reason;
			await timed('activate', async () => {
				for (const id of options.activate ?? []) await queue.rest.activateWorkflow(id);
			});
		} catch (error) {
			const logs = queue.logTails();
			await queue.stop();
			if (error instanceof Error) error.message += `\n${logs}`;
			throw error;
		}
		Object.assign(queue.timings, timings, { startup: Date.now() - began });
		return queue;
	}

	get mainPid(): number {
		return this.main!.pid!;
	}

	get workerPids(): number[] {
		return this.workers.map((worker) => worker.child.pid!);
	}

	/** Everything the process printed so far (n8n's logger: info level on the main and the workers). */
	mainLog(): string {
		return readFileSync(this.logFile('main'), 'utf8');
	}

	workerLog(index: number): string {
		return readFileSync(this.logFile(`worker-${index}`), 'utf8');
	}

	/** The last lines of every process's log, for a failure's report. */
	logTails(lines = 25): string {
		const names = [
			'main',
			...Array.from({ length: this.options.workers }, (_, index) => `worker-${index}`),
		];
		return names
			.map((name) => {
				let text = '';
				try {
					text = readFileSync(this.logFile(name), 'utf8');
				} catch {
					text = '(no log)';
				}
				return `--- ${name} (${this.logFile(name)}):\n${text.trimEnd().split('\n').slice(-lines).join('\n')}`;
			})
			.join('\n');
	}

	/**
	 * A worker's own n8n folder, as on a machine of its own. Not the main's: n8n's crash journal lives
	 * there, and a process starting beside a running one's journal takes it for a crashed session and
	 * marks the running executions as crashed.
	 */
	private workerFolder(index: number): string {
		const folder = path.join(this.n8n.userFolder, `worker-${index}-home`);
		mkdirSync(folder, { recursive: true });
		return folder;
	}

	/** Filesystem binary data in one folder for all, as a shared volume gives it to every process. */
	private sharedFiles(): Record<string, string> {
		return { N8N_BINARY_DATA_STORAGE_PATH: path.join(this.n8n.userFolder, 'shared-binary-data') };
	}

	/** Log files live in the user folder; a restarted worker appends to its slot's file. */
	logFile(name: string): string {
		return path.join(this.n8n.userFolder, `${name}.log`);
	}

	/** Starts (or restarts, in its slot) worker `index`; resolves once it takes jobs. */
	async startWorker(index: number): Promise<void> {
		const old = this.workers[index];
		if (old && old.child.exitCode === null && old.child.signalCode === null)
			throw new Error(`worker ${index} is still running`);
		const healthPort = await freePort();
		const child = await this.n8n.startWorker({
			healthPort,
			concurrency: this.options.workerConcurrency,
			logFile: this.logFile(`worker-${index}`),
			extraEnv: {
				N8N_LOG_LEVEL: 'info',
				N8N_DEFAULT_BINARY_DATA_MODE: this.binaryMode,
				N8N_USER_FOLDER: this.workerFolder(index),
				...this.sharedFiles(),
			},
		});
		this.workers[index] = { child, logFile: this.logFile(`worker-${index}`), healthPort };
	}

	/** Sends `signal` to worker `index` and waits until it has exited. */
	async killWorker(index: number, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
		const { child } = this.workers[index];
		if (child.exitCode !== null || child.signalCode !== null) return;
		await new Promise<void>((resolve) => {
			child.once('exit', () => resolve());
			if (!child.kill(signal)) resolve(); // already gone
		});
	}

	/** Stops every worker and starts them again with `binaryMode` (the main reads either mode). */
	async restartWorkers(binaryMode: QueueBinaryMode = this.binaryMode): Promise<number> {
		const started = Date.now();
		await Promise.all(this.workers.map((worker) => stopProcess(worker.child)));
		this.binaryMode = binaryMode;
		await Promise.all(this.workers.map((_, index) => this.startWorker(index)));
		return Date.now() - started;
	}

	/** Stops the workers and the main, then Redis and PostgreSQL, and removes their folders. */
	async stop(): Promise<void> {
		await Promise.all(this.workers.map((worker) => stopProcess(worker.child)));
		if (this.main) await stopProcess(this.main);
		await Promise.allSettled([this.redis.stop(), this.postgres.stop()]);
		this.n8n.dispose();
	}
}

/** What every process of the setup shares: queue mode, the database, Redis, and where the main is. */
function queueEnv(
	postgres: PostgresServer,
	redis: RedisServer,
	baseUrl: string,
): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
		// 1.x offers only filesystem unless told; 2.x offers database too. The main reads whichever a worker wrote.
		N8N_AVAILABLE_BINARY_DATA_MODES: 'filesystem,database',
		// Resume URLs ($execution.resumeUrl, made on a worker) and webhooks point at the main.
		WEBHOOK_URL: `${baseUrl}/`,
		// Running jobs get this long to finish on SIGTERM (default 30 s).
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
	};
}
