// Stage 3 of an item: the finished video into binary data, under the download cap, within Max Wait and
// the download's own time limit.

import { attempt } from '../../lib/attempt';
import { CancelHub } from '../../lib/cancel';
import { MEGABYTE } from '../../lib/units';
import { deadlineOf, type ItemRun, type ResultContext } from '../context';
import { downloadFailure } from '../errors';
import { downloadVideo, videoFileName } from './download';

/** Downloads the video when the item asks for it and the task has one. */
export async function downloadResult(run: ResultContext, item: ItemRun): Promise<void> {
	const { settings } = item.job;
	const task = item.task;
	const url = task?.videos[0]?.url;
	if (!settings.download || task?.status !== 'completed' || !url) return;
	item.phase = 'download';
	const downloaded = await run.limiters.downloads(async () => {
		const startedAt = run.clock.now();
		const timeoutMs = Math.min(
			settings.downloadTimeoutMinutes * 60_000,
			deadlineOf(item) - startedAt,
		);
		const signal = new CancelHub(item.cancel);
		const result = await attempt(async () => {
			if (timeoutMs <= 0)
				throw new Error(
					`Max Wait (${settings.maxWaitMinutes} min) was used up before the download could start`,
				);
			return await downloadVideo(run.ctx, url, {
				fileName: videoFileName(task.id),
				signal: signal.toSignal(),
				timeoutMs,
				maxBytes: settings.maxVideoMegabytes * MEGABYTE,
				clock: run.clock,
				egress: run.client.egress,
			});
		});
		signal.release();
		item.timing.downloadMs = run.clock.now() - startedAt;
		return result;
	});
	if (!downloaded.ok) throw downloadFailure(url, downloaded.error);
	item.video = downloaded.value;
}
