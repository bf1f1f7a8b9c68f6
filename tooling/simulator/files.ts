// The file host: a separate server (another origin, like a provider's CDN) that serves the result
// videos. It records request headers so tests can prove no credential reaches it.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { listen, type RunningServer } from './http';

export const SAMPLE_MP4 = readFileSync(path.join(__dirname, '..', 'fixtures', 'sample.mp4'));

/** A valid MP4 of `size` bytes: the sample with its `free` padding box grown, streamed in chunks. */
export function paddedMp4Chunks(size: number): Generator<Buffer> {
	const padding = Math.max(0, size - SAMPLE_MP4.length);
	return (function* () {
		yield SAMPLE_MP4;
		if (padding < 8) return;
		const header = Buffer.alloc(8);
		header.writeUInt32BE(padding, 0);
		header.write('free', 4, 'ascii');
		yield header;
		const chunk = Buffer.alloc(1 << 20);
		for (let left = padding - 8; left > 0; left -= chunk.length)
			yield left >= chunk.length ? chunk : chunk.subarray(0, left);
	})();
}

/** Files the simulated providers received as uploads, served back under /uploads/<name>. */
export type UploadStore = Map<string, { data: Buffer; contentType: string }>;

/** Downloads of result videos under way at once, now and at the most (for the bench). */
export const downloadStats = { inFlight: 0, peak: 0 };

export async function startFileHost(uploads: UploadStore = new Map()): Promise<RunningServer> {
	return await listen((request, response) => {
		if (request.path.startsWith('/videos/')) {
			downloadStats.peak = Math.max(downloadStats.peak, ++downloadStats.inFlight);
			response.once('close', () => downloadStats.inFlight--);
		}
		// A CDN-style redirect to anywhere: /redirect?to=<url>.
		const redirect = /^\/redirect\?to=(.+)$/.exec(request.path);
		if (redirect) {
			response.writeHead(302, {
				location: decodeURIComponent(redirect[1]),
				'content-type': 'text/plain',
			});
			return void response.end('moved');
		}
		const uploaded = uploads.get(request.path.replace(/^\/uploads\//, ''));
		if (request.path.startsWith('/uploads/') && uploaded) {
			response.writeHead(200, {
				'content-type': uploaded.contentType,
				'content-length': uploaded.data.length,
			});
			return void response.end(uploaded.data);
		}
		const big = /^\/videos\/big-(\d+)\.mp4$/.exec(request.path);
		if (big) {
			const size = Number(big[1]);
			response.writeHead(200, {
				'content-type': 'video/mp4',
				'content-length': Math.max(size, SAMPLE_MP4.length),
			});
			const chunks = paddedMp4Chunks(size);
			const pump = () => {
				for (let next = chunks.next(); !next.done; next = chunks.next()) {
					if (!response.write(next.value)) return void response.once('drain', pump);
				}
				response.end();
			};
			return pump();
		}
		if (/^\/videos\/[\w.-]+\.mp4$/.test(request.path)) {
			response.writeHead(200, { 'content-type': 'video/mp4', 'content-length': SAMPLE_MP4.length });
			return void response.end(SAMPLE_MP4);
		}
		response.writeHead(404, { 'content-type': 'text/plain' });
		response.end('not found');
	});
}
