// CI's count line (scripts/testCounts.cjs): a failed test counts once, not again for its file and its
// describe block; a file that failed outside any test (a hook) counts once, and says so.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const { countReport, countsLine } = createRequire(__filename)('../../scripts/testCounts.cjs') as {
	countReport(report: object): { passed: number; failed: number; outside: number; skipped: number };
	countsLine(counts: object): string;
};

const report = (
	testResults: Array<{ status: string; assertionResults: Array<{ status: string }> }>,
) => ({
	numPassedTests: testResults
		.flatMap((file) => file.assertionResults)
		.filter((test) => test.status === 'passed').length,
	numFailedTests: testResults
		.flatMap((file) => file.assertionResults)
		.filter((test) => test.status === 'failed').length,
	numPendingTests: testResults
		.flatMap((file) => file.assertionResults)
		.filter((test) => test.status === 'skipped').length,
	numTodoTests: 0,
	// What vitest reports: the file and its describe block fail around a failed test, and a hook's file.
	numFailedTestSuites: 2 * testResults.filter((file) => file.status === 'failed').length,
	testResults,
});

const file = (status: string, tests: string[]) => ({
	status,
	assertionResults: tests.map((test) => ({ status: test })),
});

describe('CI test counts', () => {
	it.each([
		[
			'a failed test in a describe block is one failure',
			[file('failed', ['passed', 'failed']), file('passed', ['passed'])],
			{ passed: 2, failed: 1, outside: 0, skipped: 0 },
			'2 passed, 1 failed, 0 skipped',
		],
		[
			'a file whose setup hook failed is one failure, its tests skipped',
			[file('failed', ['skipped', 'skipped']), file('passed', ['passed'])],
			{ passed: 1, failed: 1, outside: 1, skipped: 2 },
			'1 passed, 1 failed (1 test file failed outside a test), 2 skipped',
		],
	])('%s', (_, files, counts, line) => {
		expect(countReport(report(files))).toEqual(counts);
		expect(countsLine(countReport(report(files)))).toBe(line);
	});
});
