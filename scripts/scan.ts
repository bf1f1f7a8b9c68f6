// npm run scan: n8n's verification scan (@n8n/scan-community-package), run here on this checkout, offline.
//
// The scanner's CLI (`npx @n8n/scan-community-package NAME`, i.e. its export analyzePackageByName) works on a
// published package only: it reads the registry's metadata, requires npm provenance from a public GitHub
// repository, downloads the attested source from GitHub and the tarball from the registry. Its checks
// themselves are its exported analyzePackage(dir, patterns): ESLint with n8n's community-node rules
// (buildScanConfig), inline disables ignored, failing on errors. This script calls analyzePackage on the
// same two legs the CLI scans, built from local files instead:
//   source   this checkout, with the scanner's SOURCE_FILE_PATTERNS (package.json, nodes/**, credentials/**)
//   tarball  `npm pack` of this checkout (so dist/ must be built: `npm run scan` builds first), extracted,
//            with the CLI's tarball patterns (**/*.js and package.json)
// Each leg is linted a second time with the same exported config to list every problem by file and rule,
// warnings included (the scanner passes on warnings; this script fails on them too).
// Not covered offline: the CLI's provenance check (the release workflow publishes with --provenance).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

type AnalysisResult = { passed: boolean; message?: string; details?: string };
type LintMessage = {
	ruleId: string | null;
	severity: number;
	message: string;
	line?: number;
	column?: number;
};
type LintResult = {
	filePath: string;
	messages: LintMessage[];
	errorCount: number;
	warningCount: number;
};
type ESLintClass = new (options: Record<string, unknown>) => {
	lintFiles(files: string[]): Promise<LintResult[]>;
};
type Scanner = {
	SOURCE_FILE_PATTERNS: string[];
	analyzePackage(dir: string, patterns: string[]): Promise<AnalysisResult>;
	buildScanConfig(): Promise<unknown>;
};

const ROOT = path.resolve(__dirname, '..');
/** The patterns analyzePackageByName passes for the extracted tarball (scanner.mjs, "distResult"). */
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];
/** analyzePackage's own file selection (scanner.mjs), repeated to count and list the files it lints. */
const IGNORE = ['node_modules/**', '**/package-lock.json'];

const scannerRequire = createRequire(
	createRequire(__filename).resolve('@n8n/scan-community-package/package.json'),
);
const scannerVersion = (scannerRequire('./package.json') as { version: string }).version;

function checkBuilt() {
	const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
		n8n?: { nodes?: string[]; credentials?: string[] };
	};
	const entries = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	const missing = entries.filter((entry) => !existsSync(path.join(ROOT, entry)));
	if (entries.length === 0 || missing.length > 0) {
		throw new Error(
			`dist/ is not built (missing: ${missing.join(', ') || 'n8n.nodes in package.json'}): run npm run build, or npm run scan`,
		);
	}
	return entries;
}

function packAndExtract(work: string) {
	const packDir = path.join(work, 'pack');
	const packageDir = path.join(work, 'package');
	mkdirSync(packDir);
	mkdirSync(packageDir);
	// A local pack: no registry access. --ignore-scripts although .npmrc says so too.
	const out = execFileSync(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', packDir],
		{ cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const [info] = JSON.parse(out) as Array<{ filename: string; entryCount: number }>;
	const tarball = path.join(packDir, path.basename(info.filename));
	// As the scanner unpacks a downloaded tarball.
	execFileSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
	return { tarball, packageDir, entryCount: info.entryCount };
}

type Leg = { name: string; dir: string; patterns: string[] };
type LegReport = {
	files: string[];
	verdict: AnalysisResult;
	errors: number;
	warnings: number;
	lines: string[];
};

async function runLeg(scanner: Scanner, leg: Leg): Promise<LegReport> {
	const glob = scannerRequire('fast-glob') as {
		sync(patterns: string[], options: Record<string, unknown>): string[];
	};
	const files = glob.sync(leg.patterns, { cwd: leg.dir, absolute: true, ignore: IGNORE }).sort();
	// The scanner's own verdict.
	const verdict = await scanner.analyzePackage(leg.dir, leg.patterns);
	// The listing: the same ESLint options and config as analyzePackage, every message kept.
	const { ESLint } = scannerRequire('eslint') as { ESLint: ESLintClass };
	const eslint = new ESLint({
		cwd: leg.dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await scanner.buildScanConfig(),
	});
	const results = files.length > 0 ? await eslint.lintFiles(files) : [];
	const lines: string[] = [];
	let errors = 0;
	let warnings = 0;
	for (const result of results) {
		errors += result.errorCount;
		warnings += result.warningCount;
		for (const m of result.messages) {
			const where = `${path.relative(leg.dir, result.filePath)}:${m.line ?? 0}:${m.column ?? 0}`;
			lines.push(
				`  ${m.severity === 2 ? 'error  ' : 'warning'} ${where} ${m.ruleId ?? '(no rule)'}: ${m.message}`,
			);
		}
	}
	return {
		files: files.map((file) => path.relative(leg.dir, file)),
		verdict,
		errors,
		warnings,
		lines,
	};
}

async function main() {
	const entries = checkBuilt();
	const work = mkdtempSync(path.join(tmpdir(), 'kling-scan-'));
	const savedTmp = process.env.TMPDIR;
	try {
		const { tarball, packageDir, entryCount } = packAndExtract(work);
		console.log(`packed ${path.basename(tarball)} (${entryCount} files)`);

		// The scanner makes a temporary folder when it loads (for downloads that are not made here): keep it
		// inside this run's folder, which is removed at the end.
		process.env.TMPDIR = work;
		const scannerEntry = scannerRequire.resolve('./scanner/scanner.mjs');
		const scanner = (await import(pathToFileURL(scannerEntry).href)) as Scanner;
		if (savedTmp === undefined) delete process.env.TMPDIR;
		else process.env.TMPDIR = savedTmp;

		const legs: Leg[] = [
			{ name: 'source', dir: ROOT, patterns: scanner.SOURCE_FILE_PATTERNS },
			{ name: 'tarball', dir: packageDir, patterns: TARBALL_FILE_PATTERNS },
		];
		let failed = false;
		for (const leg of legs) {
			const report = await runLeg(scanner, leg);
			const problems = report.errors + report.warnings;
			console.log(
				`${leg.name}: ${report.files.length} files checked (${leg.patterns.join(', ')}), ${problems} problems (${report.errors} errors, ${report.warnings} warnings); scanner verdict: ${report.verdict.passed ? 'passed' : `FAILED (${report.verdict.message ?? 'no reason given'})`}`,
			);
			for (const line of report.lines) console.log(line);
			if (!report.verdict.passed && report.lines.length === 0 && report.verdict.details)
				console.log(report.verdict.details);
			// A scan that saw nothing proves nothing: each leg must have linted the package's entry points.
			const wanted = [
				'package.json',
				...(leg.name === 'source'
					? entries.map((entry) => entry.replace(/^dist\//, '').replace(/\.js$/, '.ts'))
					: entries),
			];
			const unseen = wanted.filter((file) => !report.files.includes(file));
			if (unseen.length > 0) console.log(`  not checked, but must be: ${unseen.join(', ')}`);
			if (!report.verdict.passed || problems > 0 || unseen.length > 0) failed = true;
		}
		console.log(
			`@n8n/scan-community-package ${scannerVersion}: ${failed ? 'FAILED' : 'passed'} (provenance is checked by n8n on the published package only)`,
		);
		return failed ? 1 : 0;
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(error instanceof Error ? error.message : error);
		process.exit(1);
	},
);
