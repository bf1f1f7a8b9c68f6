// A large video stored in n8n's `database` binary data mode (n8n 2.x's default in queue mode) is read
// back whole into memory by every process that opens it: measured on n8n 2.40.7, a 200 MB video grew the
// main by about 1 GB to show it, and one over about 256 MB could not be read back at all (the database
// driver's string limit). The node cannot choose the mode, so it says so on the item and in the log.

import type { IBinaryData } from 'n8n-workflow';

import { MEGABYTE, megabytes } from '../../lib/units';

/** Above this, a video in the database mode gets a warning on its item. */
export const LARGE_IN_DATABASE_BYTES = 100 * MEGABYTE;

export function storageWarning(binary: IBinaryData): string | undefined {
	const mode = typeof binary.id === 'string' ? binary.id.split(':')[0] : undefined;
	const bytes = typeof binary.bytes === 'number' ? binary.bytes : bytesOf(binary.fileSize);
	if (mode !== 'database' || bytes === undefined || bytes <= LARGE_IN_DATABASE_BYTES)
		return undefined;
	return (
		`The ${megabytes(bytes, 'whole')} video is stored in n8n's database (binary data mode "database"), which reads it back whole into memory, ` +
		'and cannot read back files over about 256 MB: set N8N_DEFAULT_BINARY_DATA_MODE=filesystem (one host or a shared volume) or s3, ' +
		'or turn Options > Download Video off and pass videoUrl on.'
	);
}

const UNITS: Record<string, number> = { B: 1, kB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12 };

/** n8n 1.x gives only the size as text ("314 MB", decimal units: pretty-bytes). */
function bytesOf(fileSize: unknown): number | undefined {
	const match =
		typeof fileSize === 'string' ? /^([\d.]+)\s*(B|kB|MB|GB|TB)$/.exec(fileSize.trim()) : null;
	return match ? Number(match[1]) * UNITS[match[2]] : undefined;
}
