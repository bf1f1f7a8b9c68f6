// Runs one provider simulator as its own process (for the benchmark's memory figure, and by hand):
//   tsx test/simulator/cli.ts '{"provider":"foxApi","apiKey":"k","renderMs":2000,"resultBytes":300000000}'
// Prints one JSON line {"baseUrl": ...} and serves until its standard input closes.
import { SIMULATED, type SimulatedProvider } from './index';

async function main() {
	const options = JSON.parse(process.argv[2] ?? '{}') as { provider?: SimulatedProvider; apiKey?: string; renderMs?: number; resultBytes?: number };
	const provider = options.provider ?? 'foxApi';
	const sim = await SIMULATED[provider].start({ apiKey: options.apiKey, renderMs: options.renderMs });
	sim.resultBytes = options.resultBytes;
	process.stdout.write(`${JSON.stringify({ provider, baseUrl: sim.baseUrl, credential: SIMULATED[provider].credential })}\n`);
	process.stdin.resume();
	process.stdin.on('end', () => void sim.close().then(() => process.exit(0)));
}

void main();
