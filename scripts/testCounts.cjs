// Counts from a vitest JSON report, and `node scripts/testCounts.cjs LABEL REPORT.json...`: one line of
// them for CI. Failed = failed tests + test files that failed outside any test (a hook, an import):
// vitest's own failed-suite count also counts the file and each describe block around a failed test.

/** { passed, failed, outside, skipped }: `outside` (files failed outside a test) is part of `failed`. */
function countReport(report) {
	const outside = (report.testResults ?? []).filter(
		(result) =>
			result.status === 'failed' &&
			!(result.assertionResults ?? []).some((test) => test.status === 'failed'),
	).length;
	return {
		passed: report.numPassedTests,
		failed: report.numFailedTests + outside,
		outside,
		skipped: report.numPendingTests + report.numTodoTests,
	};
}

/** "N passed, N failed (N test files failed outside a test), N skipped". */
function countsLine({ passed, failed, outside, skipped }) {
	const where = outside
		? ` (${outside} test file${outside > 1 ? 's' : ''} failed outside a test)`
		: '';
	return `${passed} passed, ${failed} failed${where}, ${skipped} skipped`;
}

module.exports = { countReport, countsLine };

if (require.main === module) {
	const { readFileSync } = require('node:fs');
	const [label, ...files] = process.argv.slice(2);
	const total = { passed: 0, failed: 0, outside: 0, skipped: 0 };
	for (const file of files) {
		let counts;
		try {
			counts = countReport(JSON.parse(readFileSync(file, 'utf8')));
		} catch {
			console.log(`${label}: no report at ${file}`);
			counts = { passed: 0, failed: 1, outside: 1, skipped: 0 };
		}
		for (const key of Object.keys(total)) total[key] += counts[key];
	}
	console.log(`${label}: ${countsLine(total)}`);
}
