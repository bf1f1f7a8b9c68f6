// Sizes as messages show them: the byte count n8n and the providers use, in binary megabytes.

export const MEGABYTE = 1_048_576;

/**
 * `exact`: one decimal, for a file held against a limit ("11.0 MB; up to 10.0 MB"); `whole`: rounded,
 * for a warning; `short`: whole from 10 MB up, one decimal below.
 */
export function megabytes(bytes: number, style: 'exact' | 'whole' | 'short'): string {
	const mb = bytes / MEGABYTE;
	if (style === 'exact') return `${mb.toFixed(1)} MB`;
	if (style === 'whole') return `${Math.round(mb)} MB`;
	return `${mb >= 10 ? Math.round(mb) : Number(mb.toFixed(1))} MB`;
}
