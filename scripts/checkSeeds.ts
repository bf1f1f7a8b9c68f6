// npm run check:seeds: the vendored seed documents (test/fixtures/seeds) against the project's shared
// copy beside the repository (../shared/seeds), where a checkout has one. The tests themselves read only
// the vendored copies and their SHA256SUMS.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const vendored = path.join(root, 'test', 'fixtures', 'seeds');
const shared = path.join(root, '..', 'shared', 'seeds');

if (!existsSync(shared)) {
	console.log(`check:seeds: no ${shared} beside this checkout; nothing to compare`);
	process.exit(0);
}
const differing = readdirSync(shared).filter((file) => {
	const copy = path.join(vendored, file);
	return !existsSync(copy) || !readFileSync(copy).equals(readFileSync(path.join(shared, file)));
});
if (differing.length > 0) {
	console.error(
		`check:seeds: test/fixtures/seeds differs from ../shared/seeds in ${differing.join(', ')}`,
	);
	process.exit(1);
}
console.log(`check:seeds: ${readdirSync(shared).length} seed documents equal ../shared/seeds`);
