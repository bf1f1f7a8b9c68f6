// Completion detection, modelled: the real waiter and schedule on a fake clock (sleeping advances time at
// once, answers are instant) over seeded random renders. The provider estimates E (log-uniform over
// 60-600 s, so short and long renders weigh the same), the render really takes E x U(0.8, 1.5), and the
// scenarios differ in what the provider tells: an estimate, a progress percentage, both or neither.
import { DEFAULT_SCHEDULE, type PollSchedule } from '../../nodes/KlingVideo/run/wait/schedule';
import type { NormalizedTask } from '../../nodes/KlingVideo/providers/types';
import { waitForTask } from '../../nodes/KlingVideo/run/wait/wait';
import { seededRandom } from '../../tooling/simulator/random';

export interface ModelOptions {
	/** Tasks per scenario (the same seeded renders in every scenario). */
	tasks?: number;
	seed?: number;
	/** Shortest and longest estimate, in seconds. */
	minSeconds?: number;
	maxSeconds?: number;
	/** For tuning; the node uses DEFAULT_SCHEDULE with the user's Min Poll Interval. */
	schedule?: PollSchedule;
}

interface Render {
	estimateMs: number;
	actualMs: number;
	/** Share of the render spent queued at 0 % (scenarios e, f). */
	queued: number;
	/** Seed of the progress noise (scenario g). */
	noiseSeed: number;
}

type Progress = (now: number, render: Render) => number | undefined;

const linear: Progress = (now, render) => Math.min(99, Math.floor((100 * now) / render.actualMs));
const afterQueue: Progress = (now, render) => {
	const start = render.queued * render.actualMs;
	return Math.min(99, Math.floor((100 * Math.max(0, now - start)) / (render.actualMs - start)));
};
/** Linear, each answer off by up to +-8 points (not monotonic). */
const noisy: Progress = (now, render) => {
	const jitter = seededRandom(render.noiseSeed + Math.floor(now))() * 16 - 8;
	return Math.max(0, Math.min(99, Math.floor((100 * now) / render.actualMs + jitter)));
};
const none: Progress = () => undefined;

// (a)-(e) are the issue's; (f) and (g) check that the rule stays sane when progress misleads.
const SCENARIOS: Record<string, { estimate: boolean; progress: Progress }> = {
	a_estimate_linearProgress: { estimate: true, progress: linear }, // FoxAPI
	b_estimate_noProgress: { estimate: true, progress: none },
	c_noEstimate_linearProgress: { estimate: false, progress: linear }, // ToAPIs, UniAll
	d_noEstimate_noProgress: { estimate: false, progress: none }, // Kling AI
	e_noEstimate_queueThenLinearProgress: { estimate: false, progress: afterQueue },
	f_estimate_queueThenLinearProgress: { estimate: true, progress: afterQueue },
	g_estimate_noisyProgress: { estimate: true, progress: noisy },
};

export const GOAL =
	'renders of 60-600 s, real time = estimate x U(0.8, 1.5): detection delay p95 <= 10% and median <= 5% of the render, ' +
	'at least 10 s of render per status check on average; required for (a), wanted for (b) and (c)';

const quantile = (values: number[], q: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const round = (value: number, digits = 3) => Number(value.toFixed(digits));

function renders(options: Required<Omit<ModelOptions, 'schedule'>>): Render[] {
	const random = seededRandom(options.seed);
	const span = Math.log(options.maxSeconds / options.minSeconds);
	return Array.from({ length: options.tasks }, () => {
		const estimateMs = options.minSeconds * Math.exp(span * random()) * 1000;
		return {
			estimateMs,
			actualMs: estimateMs * (0.8 + 0.7 * random()),
			queued: 0.15 + 0.1 * random(),
			noiseSeed: Math.floor(random() * 2 ** 31),
		};
	});
}

async function detect(
	render: Render,
	estimate: boolean,
	progress: Progress,
	schedule: PollSchedule,
) {
	let now = 0;
	const answer = (): NormalizedTask => {
		const done = now >= render.actualMs;
		const percent = progress(done ? 0 : now, render);
		return {
			id: 't',
			status: done ? 'completed' : 'processing',
			progress: done && percent !== undefined ? 100 : percent,
			videos: [],
			raw: {},
		};
	};
	let polls = 0;
	const outcome = await waitForTask({
		clock: { now: () => now, sleep: async (ms: number) => void (now += ms) },
		schedule,
		startedAt: 0,
		maxWaitMs: 30 * 60_000,
		estimatedMs: estimate ? render.estimateMs : undefined,
		initial: answer(),
		poll: async () => {
			polls++;
			return answer();
		},
	});
	if (outcome.outcome !== 'finished')
		throw new Error(`modelled task did not finish: ${outcome.outcome}`);
	return {
		polls,
		delayOverRender: (now - render.actualMs) / render.actualMs,
		secondsPerPoll: render.actualMs / 1000 / polls,
	};
}

export async function modelledDetection(options: ModelOptions = {}) {
	const settings = {
		tasks: options.tasks ?? 1000,
		seed: options.seed ?? 20261122,
		minSeconds: options.minSeconds ?? 60,
		maxSeconds: options.maxSeconds ?? 600,
	};
	const schedule = options.schedule ?? DEFAULT_SCHEDULE;
	const tasks = renders(settings);
	const scenarios: Record<string, unknown> = {};
	for (const [name, scenario] of Object.entries(SCENARIOS)) {
		const runs = [];
		for (const render of tasks)
			runs.push(await detect(render, scenario.estimate, scenario.progress, schedule));
		const polls = runs.map((run) => run.polls);
		const delays = runs.map((run) => run.delayOverRender);
		const delay = { median: round(quantile(delays, 0.5)), p95: round(quantile(delays, 0.95)) };
		const secondsPerStatusCheck = round(
			runs.reduce((sum, run) => sum + run.secondsPerPoll, 0) / runs.length,
			1,
		);
		scenarios[name] = {
			tasks: runs.length,
			pollsPerTask: { median: quantile(polls, 0.5), p95: quantile(polls, 0.95) },
			detectionDelayOverRender: delay,
			secondsPerStatusCheck,
			meetsGoal: delay.p95 <= 0.1 && delay.median <= 0.05 && secondsPerStatusCheck >= 10,
		};
	}
	return {
		goal: GOAL,
		estimateSeconds: `${settings.minSeconds} to ${settings.maxSeconds} (log-uniform)`,
		actualOverEstimate: '0.8 to 1.5 (uniform)',
		queuePhase: 'scenarios e, f: 0 % for the first 15-25% of the render, then linear',
		noise: 'scenario g: each progress answer off by up to +-8 points',
		minIntervalMs: schedule.minIntervalMs,
		scenarios,
	};
}
