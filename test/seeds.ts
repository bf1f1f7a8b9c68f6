// Reads the request examples out of the vendor documents (copied into test/fixtures/seeds so that a
// clone runs alone; golden.test.ts checks them against their SHA256SUMS). An example is a JSON
// object with a "model"; the curl command that repeats the same body is the same example, and the
// placeholder template ("<string>" values) is none (docs/architecture.md, the public contract).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const SEEDS_DIR = path.join(__dirname, 'fixtures', 'seeds');

export interface SeedExample {
	seed: string;
	/** 1-based position in the seed, as in examples/<seed>-<n>.json. */
	number: number;
	body: Record<string, unknown>;
	/** The body serialized the way it goes over the wire (key order as in the seed). */
	wire: string;
}

/** Every balanced {...} block of the text that parses as JSON. */
function jsonObjects(text: string): unknown[] {
	const found: unknown[] = [];
	for (let start = text.indexOf('{'); start !== -1; ) {
		let depth = 0;
		let inString = false;
		let end = -1;
		for (let i = start; i < text.length; i++) {
			const char = text[i];
			if (inString) {
				if (char === '\\') i++;
				else if (char === '"') inString = false;
			} else if (char === '"') inString = true;
			else if (char === '{') depth++;
			else if (char === '}' && --depth === 0) {
				end = i;
				break;
			}
		}
		if (end === -1) break;
		try {
			found.push(JSON.parse(text.slice(start, end + 1)));
			start = text.indexOf('{', end + 1);
		} catch {
			start = text.indexOf('{', start + 1);
		}
	}
	return found;
}

export function seedExamples(seedPrefix: string): SeedExample[] {
	const file = readdirSync(SEEDS_DIR).find((name) => name.startsWith(seedPrefix));
	if (!file) throw new Error(`no seed ${seedPrefix}`);
	const seed = file.replace(/\.txt$/, '');
	const examples: SeedExample[] = [];
	for (const value of jsonObjects(readFileSync(path.join(SEEDS_DIR, file), 'utf8'))) {
		const body = value as Record<string, unknown>;
		const wire = JSON.stringify(body);
		if (typeof body.model !== 'string' || wire.includes('<string>')) continue;
		if (examples.length > 0 && examples[examples.length - 1].wire === wire) continue;
		examples.push({ seed, number: examples.length + 1, body, wire });
	}
	return examples;
}
