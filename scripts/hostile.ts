// npm run bench:hostile: what a hostile provider costs a real n8n, printed as one JSON summary per n8n
// line (N8N_LINE=1 or 2 for one of them; both by default). Counts and ratios, not a test.
//   bomb        peak RSS of `n8n execute` for 3 items whose first status answers inflate to 768 MB
//               (about 0.7 MB each on the wire), against the same workflow without them
//   retryAfter0 submits per minute for one item that the provider keeps refusing with Retry-After: 0
import { stopChildrenOnExit } from '../tooling/n8n/children';
import { N8n, type N8nLine, type RunResult } from '../tooling/n8n/n8nRunner';
import { FoxApiSimulator } from '../tooling/simulator/foxApi';
import { itemsWorkflow } from '../tooling/workflows';

const KEY = 'hostile-key-0123456789';
const BOMB_BYTES = 768 * 1_048_576;
const ITEMS = 3;
const REFUSAL_SECONDS = 30;
const log = (message: string) => process.stderr.write(`[hostile] ${message}\n`);
const megabytes = (bytes?: number) => (bytes === undefined ? null : Math.round(bytes / 1_048_576));

function klingItems(run: RunResult) {
	return run.runData['Kling Video']?.[0]?.data?.main[0] ?? [];
}

async function measureLine(line: N8nLine, sim: FoxApiSimulator) {
	const n8n = new N8n({ load: 'extension', line });
	try {
		log(`n8n ${n8n.n8nVersion}: importing`);
		await n8n.importCredentials([
			{
				id: 'hostilecred',
				name: 'FoxAPI (hostile simulator)',
				type: 'foxApiApi',
				data: { apiKey: KEY, baseUrl: sim.baseUrl },
			},
		]);
		const parameters = {
			provider: 'foxApi',
			operation: 'textToVideo',
			prompt: '={{ $json.prompt }}',
			options: {
				pollIntervalSeconds: 1,
				download: false,
				maxQueueMinutes: REFUSAL_SECONDS / 60,
			},
		};
		const rows = Array.from({ length: ITEMS }, (_, index) => ({ prompt: `clip ${index}` }));
		await n8n.importWorkflows([
			itemsWorkflow('hostileplain0001', n8n.nodeType, 'hostilecred', rows, parameters, true),
			itemsWorkflow('hostileone000001', n8n.nodeType, 'hostilecred', [rows[0]], parameters, true),
		]);

		sim.faults = {};
		log('baseline: 3 items, ordinary answers');
		const plain = await n8n.execute('hostileplain0001');
		sim.faults = { hugeAnswer: { to: 'status', bytes: BOMB_BYTES, count: ITEMS } };
		log('bomb: 3 items, the first 3 status answers inflate to 768 MB each');
		const bombed = await n8n.execute('hostileplain0001');
		const bombsSent = ITEMS - (sim.faults.hugeAnswer?.count ?? 0);

		sim.faults = { submit429Rate: 1, retryAfterSeconds: 0 };
		const before = sim.api.requests.length;
		log(`retryAfter0: one item refused with Retry-After: 0 for ${REFUSAL_SECONDS} s`);
		const started = Date.now();
		const refused = await n8n.execute('hostileone000001');
		const seconds = (Date.now() - started) / 1000;
		const submits = sim.api.requests
			.slice(before)
			.filter((request) => request.method === 'POST').length;
		sim.faults = {};

		return {
			n8n: n8n.n8nVersion,
			bomb: {
				items: ITEMS,
				bombAnswersSent: bombsSent,
				inflatedMegabytesEach: BOMB_BYTES / 1_048_576,
				peakRssMegabytes: megabytes(bombed.peakRssBytes),
				baselinePeakRssMegabytes: megabytes(plain.peakRssBytes),
				completed: klingItems(bombed).filter((item) => item.json.status === 'completed').length,
			},
			retryAfter0: {
				submits,
				executionSeconds: Math.round(seconds),
				submitsPerMinute: Math.round((submits / REFUSAL_SECONDS) * 60),
				itemError: String(klingItems(refused)[0]?.json.error ?? '').slice(0, 160),
			},
		};
	} finally {
		n8n.dispose();
	}
}

async function main() {
	stopChildrenOnExit(log);
	const sim = await FoxApiSimulator.start({ apiKey: KEY, renderMs: 3000 });
	try {
		const lines: N8nLine[] = process.env.N8N_LINE
			? [Number(process.env.N8N_LINE) as N8nLine]
			: [1, 2];
		const results = [];
		for (const line of lines) results.push(await measureLine(line, sim));
		console.log(JSON.stringify(results, null, 2));
	} finally {
		await sim.close();
	}
}

main().catch((error: unknown) => {
	console.error(`[hostile] ${error instanceof Error ? error.stack : String(error)}`);
	process.exit(1);
});
