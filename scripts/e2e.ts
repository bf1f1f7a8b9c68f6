// npm run test:e2e: the end-to-end suite (vitest.e2e.config.mts) once per n8n line, 1.x then 2.x, each
// with N8N_LINE set (see docs/n8n-hosts.md). N8N_LINE=1|2 in the environment runs that line only.
// Extra arguments go to vitest; a JSON report's file gets the line in its name (e2e.json ->
// e2e.n8n1.json, e2e.n8n2.json) and, with more than one line, the file asked for holds both lines' counts
// and results together. Prints one summary line per line and exits non-zero if any line failed.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

interface HostModule {
	LINES: Record<number, { n8n: string; node: string | null }>;
	resolveLine(value?: unknown, fallback?: number): number;
	n8nHost(line: number): {
		n8nVersion: string;
		nodeVersion: string;
		isReady(): boolean;
		ensure(): unknown;
	};
}
const host = createRequire(__filename)('../tooling/n8n/n8nHost.cjs') as HostModule;
const counts = createRequire(__filename)('./testCounts.cjs') as {
	countReport(report: JsonReport): object;
	countsLine(counts: object): string;
};

const ROOT = path.resolve(__dirname, '..');
const VITEST = path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');

interface JsonReport {
	numTotalTestSuites: number;
	numPassedTestSuites: number;
	numFailedTestSuites: number;
	numPendingTestSuites: number;
	numTotalTests: number;
	numPassedTests: number;
	numFailedTests: number;
	numPendingTests: number;
	numTodoTests: number;
	startTime: number;
	success: boolean;
	testResults: Array<Record<string, unknown>>;
	[key: string]: unknown;
}

/** `file.json` -> `file.n8n<line>.json`. */
export function perLine(file: string, line: number): string {
	const ext = path.extname(file);
	return `${file.slice(0, file.length - ext.length)}.n8n${line}${ext}`;
}

/**
 * The vitest arguments for one line: every --outputFile (`--outputFile=x`, `--outputFile x`,
 * `--outputFile.<reporter>=x`) renamed per line, and the JSON report's file for the summary (a temporary
 * one, with a json reporter added, when none was asked for).
 */
export function argsForLine(
	args: string[],
	line: number,
	scratch: string,
): { args: string[]; json?: string; asked?: string } {
	const out: string[] = [];
	const reporters: string[] = [];
	const outputs: Record<string, string> = {}; // reporter ('' = any) -> file asked for
	for (let i = 0; i < args.length; i++) {
		const arg = args[i];
		const reporter = /^--reporter(?:=(.*))?$/.exec(arg);
		if (reporter) {
			const value = reporter[1] ?? args[i + 1];
			reporters.push(value);
			out.push(arg);
			if (reporter[1] === undefined) out.push(args[++i]);
			continue;
		}
		const output = /^--outputFile(?:\.(\w+))?(?:=(.*))?$/.exec(arg);
		if (output) {
			// Absolute, so that vitest (run in the package folder) and this script read the same file.
			const file = path.resolve(output[2] ?? args[++i]);
			outputs[output[1] ?? ''] = file;
			out.push(`--outputFile${output[1] ? `.${output[1]}` : ''}=${perLine(file, line)}`);
			continue;
		}
		out.push(arg);
	}
	const asked = outputs.json ?? (reporters.includes('json') ? outputs[''] : undefined);
	if (asked) return { args: out, json: perLine(asked, line), asked };
	if (Object.keys(outputs).length > 0) return { args: out }; // another reporter's file: no summary counts
	const json = path.join(scratch, `e2e.n8n${line}.json`);
	return {
		args: [
			...out,
			...(reporters.length ? [] : ['--reporter=default']),
			'--reporter=json',
			`--outputFile.json=${json}`,
		],
		json,
	};
}

function readReport(file: string | undefined): JsonReport | undefined {
	if (!file || !existsSync(file)) return undefined;
	try {
		return JSON.parse(readFileSync(file, 'utf8')) as JsonReport;
	} catch {
		return undefined;
	}
}

/** Both lines' reports as one (counts summed, results tagged with their line), for tools that read one file. */
function mergeReports(reports: Array<{ line: number; report: JsonReport }>): JsonReport {
	const sum = (key: keyof JsonReport) =>
		reports.reduce((total, { report }) => total + Number(report[key] ?? 0), 0);
	return {
		numTotalTestSuites: sum('numTotalTestSuites'),
		numPassedTestSuites: sum('numPassedTestSuites'),
		numFailedTestSuites: sum('numFailedTestSuites'),
		numPendingTestSuites: sum('numPendingTestSuites'),
		numTotalTests: sum('numTotalTests'),
		numPassedTests: sum('numPassedTests'),
		numFailedTests: sum('numFailedTests'),
		numPendingTests: sum('numPendingTests'),
		numTodoTests: sum('numTodoTests'),
		startTime: Math.min(...reports.map(({ report }) => report.startTime)),
		success: reports.every(({ report }) => report.success),
		testResults: reports.flatMap(({ line, report }) =>
			report.testResults.map((result) => ({ ...result, n8nLine: line })),
		),
	};
}

function runVitest(args: string[], line: number): Promise<number> {
	return new Promise((resolve) => {
		const child = spawn(
			process.execPath,
			[VITEST, 'run', '--config', 'vitest.e2e.config.mts', ...args],
			{
				cwd: ROOT,
				env: { ...process.env, N8N_LINE: String(line) },
				stdio: 'inherit',
			},
		);
		child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
	});
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(0)} s`;
/** A path relative to the working folder when it is inside it, else absolute. */
const shown = (file: string) => {
	const relative = path.relative(process.cwd(), path.resolve(file));
	return relative.startsWith('..') ? path.resolve(file) : relative;
};

async function main() {
	const lines = process.env.N8N_LINE
		? [host.resolveLine(process.env.N8N_LINE)]
		: Object.keys(host.LINES).map(Number);
	const extra = process.argv.slice(2);
	const scratch = mkdtempSync(path.join(tmpdir(), 'kling-e2e-'));
	const summaries: string[] = [];
	const reports: Array<{ line: number; report: JsonReport }> = [];
	let asked: string | undefined;
	let failed = false;
	for (const line of lines) {
		const hostOfLine = host.n8nHost(line);
		const label = `n8n ${hostOfLine.n8nVersion} (line ${line}, Node ${hostOfLine.nodeVersion})`;
		console.log(`\n[e2e] ===== ${label} =====`);
		const started = Date.now();
		try {
			// Installed here, not inside a test hook, so that a first install is neither timed as a test nor cut short.
			if (!hostOfLine.isReady()) {
				hostOfLine.ensure();
				console.log(`[e2e] installed ${label} in ${seconds(Date.now() - started)}`);
			}
		} catch (error) {
			failed = true;
			summaries.push(
				`[e2e] ${label}: install failed: ${error instanceof Error ? error.message : String(error)}`,
			);
			continue;
		}
		const forLine = argsForLine(extra, line, scratch);
		asked = forLine.asked ?? asked;
		const runStarted = Date.now();
		const code = await runVitest(forLine.args, line);
		const took = seconds(Date.now() - runStarted);
		const report = readReport(forLine.json);
		if (code !== 0 || !report) failed = true;
		if (report) {
			reports.push({ line, report });
			summaries.push(
				`[e2e] ${label}: ${counts.countsLine(counts.countReport(report))} in ${took}` +
					(forLine.asked ? ` (report: ${shown(forLine.json!)})` : ''),
			);
		} else summaries.push(`[e2e] ${label}: vitest exited with ${code} in ${took} (no JSON report)`);
	}
	if (asked && reports.length > 1) writeFileSync(asked, JSON.stringify(mergeReports(reports)));
	rmSync(scratch, { recursive: true, force: true });
	console.log('');
	for (const summary of summaries) console.log(summary);
	process.exitCode = failed ? 1 : 0;
}

if (require.main === module) {
	main().catch((error: unknown) => {
		console.error(
			`[e2e] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
		);
		process.exit(1);
	});
}
