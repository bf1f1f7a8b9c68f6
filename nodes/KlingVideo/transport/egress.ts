// Whether the node may fetch (or pass on) a URL that a provider's answer named. Two layers:
// - the literal rule (publicHost.ts), on every n8n line: addresses by range, internal names;
// - on n8n 2.x, the addresses the name resolves to, through n8n's own egress filter, asked for with the
//   'enforced' policy: n8n's blocked ranges (and the admin's N8N_SSRF_* allow and block lists) apply
//   even where N8N_SSRF_PROTECTION_ENABLED is off, its default. n8n 1.x has no such filter.
// The Base URL's own host is the user's choice (the credential goes there): a non-public one (a local
// proxy, the simulator) passes the literal rule, and no Base URL host is held to the resolving check.

import type { NodeHost } from './host';

import { fetchRefusal, hostOf, internalHostOf, isMetadataHost } from './publicHost';

type Verdict = { ok: true } | { ok: false; error: Error & { ip?: string; hostname?: string } };
interface ResolvingFilter {
	validateUrl(url: string): Promise<Verdict>;
}
type WithEgressFilter = { getSecureEgressFilter?: (policy?: string) => ResolvingFilter };

/** Why a URL may not be fetched, or undefined when it may. */
export type EgressCheck = (url: string) => Promise<string | undefined>;

/** What n8n's filter says when a name resolves to a blocked address (its other errors are DNS ones). */
const BLOCKED = new Set(['SsrfBlockedIpError', 'SsrfBlockedHostnameError']);

export function createEgressCheck(ctx: NodeHost, baseUrl: string): EgressCheck {
	const baseHost = hostOf(baseUrl);
	const internalBaseHost = internalHostOf(baseUrl);
	let filter: ResolvingFilter | undefined;
	try {
		filter = (ctx.helpers as WithEgressFilter).getSecureEgressFilter?.('enforced');
	} catch {
		// An n8n whose filter cannot be built: the literal rule still holds, as on n8n 1.x.
		filter = undefined;
	}
	return async (url) => {
		const literal = fetchRefusal(url, internalBaseHost);
		if (literal || !filter) return literal;
		const host = hostOf(url);
		if (host === baseHost && !isMetadataHost(url)) return undefined;
		let verdict: Verdict;
		try {
			verdict = await filter.validateUrl(url);
		} catch (error) {
			verdict = { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
		}
		if (verdict.ok) return undefined;
		if (BLOCKED.has(verdict.error.name)) {
			const address = verdict.error.ip ? ` (${verdict.error.ip})` : '';
			return `"${host}" resolves to an address${address} that n8n's egress rules block (an n8n administrator can allow the name with N8N_SSRF_ALLOWED_HOSTNAMES)`;
		}
		// A name that cannot be checked is not fetched: its next lookup could answer differently. (The
		// lookup's own words stay out: n8n rewrites any message naming ENOTFOUND into a generic one.)
		return `"${host}" could not be resolved to check its address, so it is not fetched`;
	};
}
