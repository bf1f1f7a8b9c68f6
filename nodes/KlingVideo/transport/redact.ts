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
const JWT = /\beyJ[\w-]*\.(eyJ[\w-]*)\.[\w-]*/g;
const MAX_DEPTH = 64;

export function createRedactor(credentialValues: string[]): Redactor {
	const secrets = new Set<string>();
	for (const value of credentialValues) {
		for (const variant of [value, value.trim(), encodeURIComponent(value.trim())])
			if (variant !== '') secrets.add(variant);
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
		return result;
	};

	const json = <T>(value: T, depth = 0): T => {
		if (typeof value === 'string') return text(value) as T;
		if (value === null || typeof value !== 'object' || depth > MAX_DEPTH || Buffer.isBuffer(value))
			return value;
		if (Array.isArray(value)) return value.map((entry) => json(entry, depth + 1)) as T;
		const copy: Record<string, unknown> = {};
		for (const [key, entry] of Object.entries(value)) copy[text(key)] = json(entry, depth + 1);
		return copy as T;
	};

	return { text, json: (value) => json(value) };
}
