// Keeps credential values out of everything the node writes: messages, descriptions and output JSON.
// A provider (or something in front of it) may echo a request header back, so every answer is treated
// as possibly holding the API key, or the Kling JWT signed from the access and secret keys.

export const REDACTED = '***';

export interface Redactor {
	text(value: string): string;
	/** A copy of a JSON value with every string redacted (object keys included). */
	json<T>(value: T): T;
}

/** Values shorter than this are redacted only where they stand alone, so that "ab" does not maul a URL. */
const SHORT_SECRET = 6;
// No word boundary before it: an echo may glue the token to a word ("Bearer%20eyJ...", "token_eyJ...").
const JWT = /eyJ[\w-]*\.(eyJ[\w-]*)\.[\w-]*/g;
const MAX_DEPTH = 64;
/** What stands in for a value nested deeper than MAX_DEPTH (it is neither searched nor kept). */
export const TOO_DEEP = '[cut: nested deeper than 64 levels]';
/** Shortest run of base64 characters taken as an encoded secret. */
const MIN_ENCODED = 8;
/**
 * Any run of this many characters of a longer secret (or of one of its encoded forms) is redacted too:
 * an echo cut short, or split across two fields, must not carry most of a key.
 */
export const PARTIAL_RUN = 8;

/**
 * The forms an echo may give a secret: as it is, trimmed, percent-encoded (either case, spaces as "+"),
 * and base64 or base64url wherever it sits in the encoded text (the characters its bytes alone decide,
 * for each of the three alignments).
 */
function variantsOf(value: string): string[] {
	const trimmed = value.trim();
	const encoded = encodeURIComponent(trimmed);
	const variants = [
		value,
		trimmed,
		encoded,
		encoded.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
	];
	variants.push(encoded.replace(/%20/g, '+'));
	const bytes = Buffer.byteLength(trimmed);
	for (let offset = 0; offset < 3; offset++) {
		const base64 = Buffer.concat([Buffer.alloc(offset), Buffer.from(trimmed)]).toString('base64');
		const part = base64.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + bytes) * 8) / 6));
		if (part.length >= MIN_ENCODED)
			variants.push(part, part.replace(/\+/g, '-').replace(/\//g, '_'));
	}
	return variants;
}

export function createRedactor(credentialValues: string[]): Redactor {
	const secrets = new Set<string>();
	for (const value of credentialValues) {
		for (const variant of variantsOf(value)) if (variant !== '') secrets.add(variant);
	}
	// Longest first: a secret that contains another is replaced whole.
	const ordered = [...secrets].sort((a, b) => b.length - a.length);
	const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const shortPatterns = ordered
		.filter((secret) => secret.length < SHORT_SECRET)
		.map((secret) => new RegExp(`(?<![A-Za-z0-9_-])${escape(secret)}(?![A-Za-z0-9_-])`, 'g'));

	// A JWT whose issuer is one of the credential's values was signed from it (Kling AI's token).
	const signedFromCredential = (payload: string) => {
		try {
			const issuer = (
				JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: unknown }
			).iss;
			return typeof issuer === 'string' && secrets.has(issuer);
		} catch {
			return false;
		}
	};

	const partial = partialRuns(ordered.filter((secret) => secret.length > PARTIAL_RUN));

	const text = (value: string): string => {
		if (secrets.size === 0) return value;
		let result = value.includes('eyJ')
			? value.replace(JWT, (token, payload: string) =>
					signedFromCredential(payload) ? REDACTED : token,
				)
			: value;
		for (const secret of ordered)
			if (secret.length >= SHORT_SECRET) result = result.split(secret).join(REDACTED);
		for (const pattern of shortPatterns) result = result.replace(pattern, REDACTED);
		return partial(result);
	};

	const json = <T>(value: T, depth = 0): T => {
		if (typeof value === 'string') return text(value) as T;
		if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return value;
		if (depth > MAX_DEPTH) return TOO_DEEP as T;
		if (Array.isArray(value)) return value.map((entry) => json(entry, depth + 1)) as T;
		const copy: Record<string, unknown> = {};
		for (const [key, entry] of Object.entries(value)) copy[text(key)] = json(entry, depth + 1);
		return copy as T;
	};

	return { text, json: (value) => json(value) };
}

/**
 * Redacts every stretch of text made of overlapping PARTIAL_RUN-character pieces of the secrets. One
 * pass over the text with a set lookup per position (no regular expression of hundreds of branches).
 */
function partialRuns(secrets: string[]): (text: string) => string {
	const pieces = new Set<string>();
	const starts = new Set<number>();
	for (const secret of secrets)
		for (let start = 0; start + PARTIAL_RUN <= secret.length; start++) {
			pieces.add(secret.slice(start, start + PARTIAL_RUN));
			starts.add(secret.charCodeAt(start));
		}
	return (text) => {
		if (pieces.size === 0) return text;
		// [start, end) of each stretch; pieces that overlap or touch make one stretch.
		const stretches: Array<[number, number]> = [];
		for (let index = 0; index + PARTIAL_RUN <= text.length; index++) {
			if (!starts.has(text.charCodeAt(index))) continue;
			if (!pieces.has(text.slice(index, index + PARTIAL_RUN))) continue;
			const last = stretches[stretches.length - 1];
			if (last && index <= last[1]) last[1] = index + PARTIAL_RUN;
			else stretches.push([index, index + PARTIAL_RUN]);
		}
		if (stretches.length === 0) return text;
		let result = '';
		let kept = 0;
		for (const [start, end] of stretches) {
			result += text.slice(kept, start) + REDACTED;
			kept = end;
		}
		return result + text.slice(kept);
	};
}
