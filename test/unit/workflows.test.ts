// The GitHub Actions workflows pass actionlint (scripts/checkWorkflows.ts), and the check is not vacuous.
import { describe, expect, it } from 'vitest';

import { checkWorkflow, checkWorkflowFiles, formatProblem } from '../../tooling/checkWorkflows';

describe('GitHub Actions workflows', () => {
	it('.github/workflows/*.yml pass actionlint', async () => {
		const { files, problems } = await checkWorkflowFiles();
		expect(files).toEqual(
			expect.arrayContaining(['.github/workflows/ci.yml', '.github/workflows/release.yml']),
		);
		expect(problems.map(formatProblem)).toEqual([]);
	});

	it('reports a job without runs-on, an unknown key, a misspelt action input and an unknown context property', async () => {
		const broken = [
			'name: Broken',
			'on:',
			'  push:',
			'    branches: [main]',
			'jobs:',
			'  build:',
			'    steps:',
			'      - uses: actions/checkout@v4',
			'        with:',
			'          fetch-dept: 1',
			'      - run: echo "${{ github.reff_name }}"',
			'    timeout: 5',
			'',
		].join('\n');
		const problems = await checkWorkflow(broken, '.github/workflows/broken.yml');
		const found = problems.map((p) => `${p.line}:${p.kind}:${p.message}`);
		expect(found).toEqual([
			expect.stringMatching(/^6:syntax-check:"runs-on" section is missing in job "build"/),
			expect.stringMatching(
				/^10:action:input "fetch-dept" is not defined in action "actions\/checkout@v4"/,
			),
			expect.stringMatching(/^11:expression:property "reff_name" is not defined/),
			expect.stringMatching(/^12:syntax-check:unexpected key "timeout" for "job" section/),
		]);
		expect(problems.every((p) => p.file === '.github/workflows/broken.yml')).toBe(true);
	});

	it('reports a call of a reusable workflow that does not exist or is not callable', async () => {
		const caller = (called: string) =>
			['name: Caller', 'on: push', 'jobs:', '  checks:', `    uses: ${called}`, ''].join('\n');
		expect(
			(
				await checkWorkflow(caller('./.github/workflows/ci.yml'), '.github/workflows/caller.yml')
			).map(formatProblem),
		).toEqual([]);
		expect(
			(
				await checkWorkflow(
					caller('./.github/workflows/missing.yml'),
					'.github/workflows/caller.yml',
				)
			).map(formatProblem),
		).toEqual([
			'.github/workflows/caller.yml:5:11: reusable workflow "./.github/workflows/missing.yml" does not exist [local-workflow]',
		]);
		expect(
			(
				await checkWorkflow(
					caller('./.github/workflows/release.yml'),
					'.github/workflows/caller.yml',
				)
			).map(formatProblem),
		).toEqual([
			'.github/workflows/caller.yml:5:11: reusable workflow "./.github/workflows/release.yml" has no "workflow_call" trigger [local-workflow]',
		]);
	});
});
