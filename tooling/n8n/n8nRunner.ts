// Runs a real n8n (the cached host from n8nHost, line 1 or 2: N8N_LINE or the `line` option) with this
// package loaded, in a throw-away user folder: import credentials and workflows, execute a workflow from
// the CLI, read its run data. Used by the end-to-end tests, the demo and the dev editor. What differs
// between n8n 1.x and 2.x is handled here and in n8nRest.ts (docs/n8n-hosts.md).
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
	closeSync,
	mkdirSync,
	mkdtempSync,
	openSync,
	readdirSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { track } from './children';
import { freePort, waitForHttp, watchPeakRss, type PeakRss } from './processes';

// Re-exported: the tests and scripts have always taken them from here.
export { freePort, stopProcess } from './processes';

// The installer is plain CommonJS so that it runs before anything is built.
interface N8nHost {
	line: N8nLine;
	n8nVersion: string;
	nodeVersion: string;
	hostDir: string;
	command: string;
	args(args?: string[]): string[];
	env(base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
	ensure(): N8nHost;
}
const hosts = createRequire(__filename)('./n8nHost.cjs') as {
	ROOT: string;
	resolveLine(value?: unknown, fallback?: number): N8nLine;
	n8nHost(line: N8nLine): N8nHost;
};

/** 1: n8n 1.123 on the Node running this; 2: n8n 2.40 on its own Node 24 (docs/n8n-hosts.md). */
export type N8nLine = 1 | 2;
/** The line asked for by N8N_LINE, else `fallback`. */
export const lineFromEnv = (fallback: N8nLine = 1): N8nLine =>
	hosts.resolveLine(process.env.N8N_LINE, fallback);

export const ROOT = hosts.ROOT;
export const PACKAGE_NAME = 'n8n-nodes-kling-video';
/** The node's type when dist/ is loaded as a custom extension. */
export const EXTENSION_NODE_TYPE = 'CUSTOM.klingVideo';

export type LoadMode = 'extension' | 'package';
export type BinaryMode = 'default' | 'filesystem' | 'database';

export interface N8nOptions {
	/** extension: dist/ as a custom extension (type CUSTOM.klingVideo); package: the npm pack tarball. */
	load: LoadMode;
	/** Which n8n: by default N8N_LINE's, else 1. */
	line?: N8nLine;
	/**
	 * default: binary data in memory (n8n 2.x defaults to filesystem, so it is set explicitly);
	 * filesystem: in files under the user folder; database: in n8n's database (queue mode, see n8nQueue).
	 */
	binaryMode?: BinaryMode;
	/** Keep the user folder (for the dev editor); by default it is a fresh temp folder. */
	userFolder?: string;
	extraEnv?: Record<string, string>;
}

export interface RunResult {
	status: string;
	/** The n8n process's peak resident memory (Linux: VmHWM from /proc), when it could be read. */
	peakRssBytes?: number;
	runData: Record<
		string,
		Array<{
			data?: {
				main: Array<
					Array<{
						json: Record<string, unknown>;
						binary?: Record<string, Record<string, unknown>>;
						pairedItem?: unknown;
					}>
				>;
			};
			error?: { message: string; description?: string };
		}>
	>;
	error?: { message: string };
}

export class N8n {
	/** The n8n line (1 or 2) and its versions. */
	readonly line: N8nLine;
	readonly n8nVersion: string;
	readonly nodeVersion: string;
	/** What runs n8n: its npm shim (line 1) or the pinned Node (line 2, with n8n's script as first argument). */
	readonly bin: string;
	readonly userFolder: string;
	readonly nodeType: string;
	private readonly host: N8nHost;

	/** The folder n8n is installed in (its node_modules hold the n8n-workflow this n8n runs). */
	get hostDir(): string {
		return this.host.hostDir;
	}
	private readonly env: NodeJS.ProcessEnv;

	constructor(readonly options: N8nOptions) {
		this.line = options.line ?? lineFromEnv();
		this.host = hosts.n8nHost(this.line).ensure();
		this.n8nVersion = this.host.n8nVersion;
		this.nodeVersion = this.host.nodeVersion;
		this.bin = this.host.command;
		this.userFolder = options.userFolder ?? mkdtempSync(path.join(tmpdir(), 'kling-n8n-e2e-'));
		mkdirSync(this.userFolder, { recursive: true });
		this.nodeType =
			options.load === 'extension' ? EXTENSION_NODE_TYPE : `${PACKAGE_NAME}.klingVideo`;
		this.env = this.host.env({
			...process.env,
			// Under a test runner NODE_ENV is "test", which silences n8n's logger (and with it --rawOutput).
			NODE_ENV: 'production',
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: 'kling-video-e2e-encryption-key',
			...(this.line === 1
				? {
						// The 'vm' expression engine needs isolated-vm, which is not built on Node 20.
						N8N_EXPRESSION_ENGINE: 'legacy',
						N8N_RUNNERS_ENABLED: 'false',
					}
				: {
						// 2.x: task runners are always on (N8N_RUNNERS_ENABLED is gone); the Code node runs in a JS
						// runner that n8n starts as `node` from PATH (the pinned Node, see n8nHost). Each n8n
						// process gets its own broker port (see processEnv). No Python runner is installed (n8n
						// warns and carries on). The expression engine stays 2.x's default, 'vm' (isolated-vm's
						// prebuilt binary loads on Node 24).
						// The MCP server registry module fetches api.n8n.io on start: nothing leaves 127.0.0.1.
						N8N_DISABLED_MODULES: 'mcp-registry',
					}),
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_LOG_LEVEL: 'warn',
			N8N_DEFAULT_BINARY_DATA_MODE: options.binaryMode ?? 'default',
			...(options.load === 'extension' ? { N8N_CUSTOM_EXTENSIONS: path.join(ROOT, 'dist') } : {}),
			...options.extraEnv,
		});
		if (options.load === 'package') this.installPackedPackage();
	}

	/**
	 * The environment of one n8n process. 2.x: every process that runs workflows starts a task broker
	 * (default port 5679), so processes running at the same time (the tests' CLI runs, a started n8n,
	 * other checkouts on this machine) each need a port of their own.
	 */
	private async processEnv(extraEnv: Record<string, string> = {}): Promise<NodeJS.ProcessEnv> {
		const env: NodeJS.ProcessEnv = { ...this.env, ...extraEnv };
		const chosen =
			extraEnv.N8N_RUNNERS_BROKER_PORT ?? this.options.extraEnv?.N8N_RUNNERS_BROKER_PORT;
		if (this.line !== 1 && !chosen) env.N8N_RUNNERS_BROKER_PORT = String(await freePort());
		return env;
	}

	/** npm pack, then install the tarball into <user folder>/.n8n/nodes, as n8n's community-node installer does. */
	private installPackedPackage() {
		const packDir = mkdtempSync(path.join(tmpdir(), 'kling-pack-'));
		execFileSync('npm', ['pack', '--pack-destination', packDir, '--loglevel=error'], {
			cwd: ROOT,
			stdio: ['ignore', 'ignore', 'inherit'],
		});
		const tarball = path.join(packDir, readdirSync(packDir).find((file) => file.endsWith('.tgz'))!);
		const nodesDir = path.join(this.userFolder, '.n8n', 'nodes');
		mkdirSync(nodesDir, { recursive: true });
		writeFileSync(
			path.join(nodesDir, 'package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }),
		);
		// n8n provides n8n-workflow (the only peer dependency) itself.
		execFileSync(
			'npm',
			[
				'install',
				tarball,
				'--legacy-peer-deps',
				'--ignore-scripts',
				'--no-audit',
				'--no-fund',
				'--loglevel=error',
			],
			{
				cwd: nodesDir,
				stdio: ['ignore', 'ignore', 'inherit'],
			},
		);
		rmSync(packDir, { recursive: true, force: true });
	}

	async cli(
		args: string[],
		timeoutMs = 180_000,
		extraEnv: Record<string, string> = {},
		onChild?: (child: ChildProcess) => void,
	): Promise<{ stdout: string; stderr: string }> {
		const env = await this.processEnv(extraEnv);
		return await new Promise((resolve, reject) => {
			const child = execFile(
				this.bin,
				this.host.args(args),
				{ env, timeout: timeoutMs, maxBuffer: 512 * 1024 * 1024 },
				(error, stdout, stderr) => {
					if (error) {
						const detail = `${stderr}\n${stdout}`.trim().split('\n').slice(-15).join('\n');
						reject(
							Object.assign(new Error(`n8n ${args[0]} failed: ${detail || error.message}`), {
								stdout,
								stderr,
							}),
						);
					} else resolve({ stdout, stderr });
				},
			);
			track(child);
			onChild?.(child);
		});
	}

	async importCredentials(
		credentials: Array<{ id: string; name: string; type: string; data: Record<string, unknown> }>,
	) {
		const file = path.join(this.userFolder, `credentials-${Date.now()}.json`);
		writeFileSync(file, JSON.stringify(credentials));
		await this.cli(['import:credentials', `--input=${file}`]);
	}

	async importWorkflow(workflow: Record<string, unknown>) {
		await this.importWorkflows([workflow]);
	}

	/** Several workflows in one `n8n import:workflow` (one n8n start-up instead of one per workflow). */
	async importWorkflows(workflows: Array<Record<string, unknown>>) {
		const file = path.join(
			this.userFolder,
			`workflows-${workflows
				.map((workflow) => workflow.id)
				.join('-')
				.slice(0, 100)}.json`,
		);
		writeFileSync(file, JSON.stringify(workflows));
		await this.cli(['import:workflow', `--input=${file}`]);
	}

	/**
	 * `n8n execute --id --rawOutput`: the run's data (also when the workflow failed). n8n 1.x and 2.x both
	 * print it through their logger at info level, pretty-printed, among other log lines (2.x adds its
	 * task broker's and the missing Python runner's lines before it); a failed run's data follows
	 * "Execution was NOT successful", and the command exits non-zero.
	 */
	async execute(workflowId: string, timeoutMs = 600_000): Promise<RunResult> {
		let stdout: string;
		let stderr = '';
		let memory: PeakRss | undefined;
		try {
			({ stdout, stderr } = await this.cli(
				['execute', `--id=${workflowId}`, '--rawOutput'],
				timeoutMs,
				{ N8N_LOG_LEVEL: 'info' },
				(child) => (memory = watchPeakRss(child)),
			));
		} catch (error) {
			({ stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string });
		}
		const peakRssBytes = memory?.stop();
		const lines = stdout.split('\n');
		const start = lines.indexOf('{');
		const end = lines.indexOf('}', start);
		if (start === -1 || end === -1)
			throw new Error(
				`n8n execute printed no run data:\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`,
			);
		const parsed = JSON.parse(lines.slice(start, end + 1).join('\n'));
		const data = parsed.data ?? parsed;
		return {
			peakRssBytes,
			status: parsed.status ?? (data.resultData?.error ? 'error' : 'success'),
			runData: data.resultData?.runData ?? {},
			error: data.resultData?.error,
		};
	}

	/**
	 * A long-running n8n process (`start`, `worker`), tracked. What it prints goes to `logFile`, else it is
	 * read and dropped: a full pipe would block n8n, a closed one makes it spin on EPIPE.
	 */
	async spawn(
		args: string[],
		extraEnv: Record<string, string> = {},
		logFile?: string,
	): Promise<ChildProcess> {
		const env = await this.processEnv(extraEnv);
		if (!logFile) {
			const child = track(
				spawn(this.bin, this.host.args(args), { env, stdio: ['ignore', 'pipe', 'pipe'] }),
			);
			child.stdout?.resume();
			child.stderr?.resume();
			return child;
		}
		const log = openSync(logFile, 'a');
		const child = track(
			spawn(this.bin, this.host.args(args), { env, stdio: ['ignore', log, log] }),
		);
		closeSync(log); // the child holds its own copy
		return child;
	}

	/**
	 * `n8n start` on a port, for the editor and REST calls. Resolves once the REST API answers JSON:
	 * /healthz turns ready before the REST routes are mounted.
	 */
	async start(
		port: number,
		options: { logFile?: string; extraEnv?: Record<string, string> } = {},
	): Promise<ChildProcess> {
		const child = await this.spawn(
			['start'],
			{
				N8N_PORT: String(port),
				N8N_LISTEN_ADDRESS: '127.0.0.1',
				N8N_HOST: 'localhost',
				N8N_SECURE_COOKIE: 'false',
				N8N_TEMPLATES_ENABLED: 'false',
				N8N_HIRING_BANNER_ENABLED: 'false',
				...options.extraEnv,
			},
			options.logFile,
		);
		await waitForHttp(child, `http://127.0.0.1:${port}/rest/settings`, (response) =>
			(response.headers.get('content-type') ?? '').includes('json'),
		);
		return child;
	}

	/**
	 * `n8n worker` (queue mode: the environment must carry EXECUTIONS_MODE=queue and the shared database
	 * and Redis). Its health server on `healthPort` answers /healthz/readiness with 200 only once the
	 * worker takes jobs (database, Redis and the job processor set up), on 1.x and 2.x alike.
	 */
	async startWorker(options: {
		healthPort: number;
		concurrency: number;
		logFile?: string;
		extraEnv?: Record<string, string>;
	}): Promise<ChildProcess> {
		const child = await this.spawn(
			['worker', `--concurrency=${options.concurrency}`],
			{
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(options.healthPort),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				...options.extraEnv,
			},
			options.logFile,
		);
		await waitForHttp(child, `http://127.0.0.1:${options.healthPort}/healthz/readiness`);
		return child;
	}

	dispose() {
		if (!this.options.userFolder) rmSync(this.userFolder, { recursive: true, force: true });
	}
}

/** An example workflow prepared for this n8n: node type, credential id and fast polling set. */
export function prepareWorkflow(
	workflow: Record<string, any>,
	id: string,
	nodeType: string,
	credentialId: string,
	options: Record<string, unknown> = {},
) {
	const copy = JSON.parse(JSON.stringify(workflow));
	copy.id = id;
	for (const node of copy.nodes) {
		if (node.type !== `${PACKAGE_NAME}.klingVideo`) continue;
		node.type = nodeType;
		for (const key of Object.keys(node.credentials ?? {}))
			node.credentials[key] = { id: credentialId, name: node.credentials[key].name };
		node.parameters.options = { ...node.parameters.options, ...options };
	}
	return copy;
}
