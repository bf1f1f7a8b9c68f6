import { describe, expect, it } from 'vitest';

import {
	LARGE_IN_DATABASE_BYTES,
	storageWarning,
} from '../../nodes/KlingVideo/run/output/storageWarning';

const video = (id: string | undefined, bytes: number | undefined) => ({
	id,
	bytes,
	data: '',
	mimeType: 'video/mp4',
});

describe('the warning for a large video in the database binary data mode', () => {
	it('names the mode, the size and the way out, above the limit only', () => {
		const warning = storageWarning(video('database:3f1c2a9e', 300 * 1_048_576));
		expect(warning).toContain('300 MB');
		expect(warning).toContain('binary data mode "database"');
		expect(warning).toContain('N8N_DEFAULT_BINARY_DATA_MODE=filesystem');
		expect(warning).toContain('Download Video off');
		expect(storageWarning(video('database:3f1c2a9e', LARGE_IN_DATABASE_BYTES))).toBeUndefined();
		expect(storageWarning(video('database:3f1c2a9e', LARGE_IN_DATABASE_BYTES + 1))).toBeDefined();
	});

	it("reads the size from n8n 1.x's text when there is no byte count", () => {
		const fromText = (fileSize: string) =>
			storageWarning({ id: 'database:x', fileSize, data: '', mimeType: 'video/mp4' });
		expect(fromText('315 MB')).toContain('300 MB');
		expect(fromText('1.2 GB')).toContain('1144 MB');
		expect(fromText('99 MB')).toBeUndefined();
		expect(fromText('a lot')).toBeUndefined();
	});

	it('stays quiet in the other modes and when n8n gives no size', () => {
		expect(storageWarning(video('filesystem-v2:workflows/1/x', 300 * 1_048_576))).toBeUndefined();
		expect(storageWarning(video('s3:x', 300 * 1_048_576))).toBeUndefined();
		expect(storageWarning(video(undefined, 300 * 1_048_576))).toBeUndefined();
		expect(storageWarning(video('database:x', undefined))).toBeUndefined();
	});
});
