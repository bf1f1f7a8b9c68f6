// Runs one provider simulator as its own process (for the benchmark's memory figures, and by hand):
//   tsx tooling/simulator/cli.ts '{"provider":"foxApi","apiKey":"k","renderMs":2000,"resultBytes":300000000}'
// Prints one JSON line {"baseUrl": ...} and serves until its standard input closes. A line "uploads" on
// its standard input prints one JSON line with what each upload request carried (framing, file size, SHA-256).
import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';

import { multipartParts } from './http';
import { SIMULATED, type SimulatedProvider } from './index';

async function main() {
	const options = JSON.parse(process.argv[2] ?? '{}') as {
		provider?: SimulatedProvider;
		apiKey?: string;
		renderMs?: number;
		resultBytes?: number;
	};
	const provider = options.provider ?? 'foxApi';
	const sim = await SIMULATED[provider].start({
		apiKey: options.apiKey,
		renderMs: options.renderMs,
	});
	sim.resultBytes = options.resultBytes;
	process.stdout.write(
		`${JSON.stringify({ provider, baseUrl: sim.baseUrl, credential: SIMULATED[provider].credential })}\n`,
	);
	createInterface({ input: process.stdin }).on('line', (line) => {
		if (line.trim() !== 'uploads') return;
		const uploads = sim.api.requests
			.filter((request) => request.method === 'POST' && request.path.includes('upload'))
			.map((request) => {
				const file = multipartParts(request).find((part) => part.fileName !== undefined);
				return {
					path: request.path,
					contentLength: request.headers['content-length'],
					transferEncoding: request.headers['transfer-encoding'],
					bodyBytes: request.rawBytes.length,
					fileBytes: file?.data.length,
					sha256: file && createHash('sha256').update(file.data).digest('hex'),
				};
			});
		process.stdout.write(`${JSON.stringify({ uploads })}\n`);
	});
	process.stdin.on('end', () => void sim.close().then(() => process.exit(0)));
}

void main();
